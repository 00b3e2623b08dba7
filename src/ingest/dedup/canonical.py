"""Which member of a cluster is the canonical one (the others are copies of it)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Member:
    url: str
    published: float  # epoch seconds, +inf when unknown
    official: bool
    family: str
    credits: tuple[str, ...]


def canonical_index(members: Sequence[Member]) -> int:
    """Index of the canonical member: the earliest published; on equal times the official source, then the
    outlet the other members credit most ("according to ...", "... reports"), then the smallest URL."""
    if not members:
        raise ValueError("a cluster has at least one member")

    def credited_by_others(member: Member) -> int:
        return sum(1 for other in members if other is not member and member.family in other.credits)

    def rank(i: int) -> tuple[float, int, int, str]:
        member = members[i]
        return (member.published, 0 if member.official else 1, -credited_by_others(member), member.url)

    return min(range(len(members)), key=rank)
