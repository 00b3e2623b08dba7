"""Links under every node of a subtree, tallied from one list of the subtree's links: how many and how
much link text each node holds, without a subtree search per node (link density of blocks and containers).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from selectolax.lexbor import LexborNode


@dataclass(frozen=True, slots=True)
class LinkTally:
    """Links under every node that holds one (the link itself included), by mem_id: how many, and the
    length of their text (nested links count at each level, as node.css("a") lists them)."""

    chars: dict[int, int]
    counts: dict[int, int]

    def density(self, node: LexborNode, text_len: int) -> float:
        """Share of the node's text (`text_len` chars) that is link text, at most 1."""
        if text_len <= 0:
            return 0.0
        return min(1.0, self.chars.get(node.mem_id, 0) / text_len)


def tally_links(links: Sequence[LexborNode], lengths: Sequence[int], root: LexborNode) -> LinkTally:
    """LinkTally of `links` (every <a> under `root`, e.g. root.css("a")) whose texts are `lengths` long.
    Each ancestor is reached once: parents are looked up only for nodes not yet seen, then totals flow
    from the deepest nodes up."""
    root_id = root.mem_id
    chars: dict[int, int] = {}
    counts: dict[int, int] = {}
    parent_of: dict[int, int] = {}
    depth: dict[int, int] = {root_id: 0}
    for link, length in zip(links, lengths, strict=True):
        mid = link.mem_id
        chars[mid] = chars.get(mid, 0) + length
        counts[mid] = counts.get(mid, 0) + 1
        path: list[int] = []  # nodes not seen before, from the link up
        node: LexborNode = link
        while mid not in depth:
            path.append(mid)
            parent = node.parent
            if parent is None:
                raise ValueError("tally_links: a link outside the root")
            node = parent
            parent_of[mid] = node.mem_id
            mid = node.mem_id
        level = depth[mid]
        for child in reversed(path):
            level += 1
            depth[child] = level
    for mid in sorted(depth, key=depth.__getitem__, reverse=True):
        if mid == root_id or mid not in chars:
            continue
        up = parent_of[mid]
        chars[up] = chars.get(up, 0) + chars[mid]
        counts[up] = counts.get(up, 0) + counts[mid]
    return LinkTally(chars, counts)
