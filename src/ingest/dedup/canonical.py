"""Which member of a cluster is the canonical one (the others are copies of it)."""

from __future__ import annotations

from collections import Counter
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
    first = min((m.published, not m.official) for m in members)
    tied = [i for i, m in enumerate(members) if (m.published, not m.official) == first]
    if len(tied) == 1:
        return tied[0]
    # credits are counted only on a tie, once per crediting member: linear in the cluster's size
    credited = Counter(family for m in members for family in set(m.credits))

    def rank(i: int) -> tuple[int, str]:
        member = members[i]
        by_others = credited[member.family] - (member.family in member.credits)
        return (-by_others, member.url)

    return min(tied, key=rank)
