"""Split work into chunks: a backfill's date range into calendar months, a list into even batches (with small
batches at the ends of a pipeline, so that its stages start and finish together)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TypeVar

from ingest.discover import DateWindow

T = TypeVar("T")


def monthly_windows(window: DateWindow) -> list[DateWindow]:
    """[start, end] cut at month boundaries: 2024-01-20..2024-03-05 gives three windows."""
    chunks: list[DateWindow] = []
    start = window.start
    while start <= window.end:
        next_month = date(start.year + start.month // 12, start.month % 12 + 1, 1)
        end = min(window.end, next_month - timedelta(days=1))
        chunks.append(DateWindow(start, end))
        start = end + timedelta(days=1)
    return chunks


def even_batches(items: Sequence[T], max_size: int) -> list[Sequence[T]]:
    """`items` in order, cut into as few batches as `max_size` allows, of sizes differing by at most one
    (1,014 items at most 500 each: 338, 338, 338, not 500, 500, 14)."""
    if max_size < 1:
        raise ValueError(f"max_size must be at least 1, not {max_size}")
    count = -(-len(items) // max_size)
    bounds = [len(items) * number // count for number in range(count + 1)] if count else [0]
    return [items[bounds[n]:bounds[n + 1]] for n in range(count)]


def edge_batches(items: Sequence[T], max_size: int, head: Sequence[int] = (),
                 tail: Sequence[int] = ()) -> list[Sequence[T]]:
    """`items` in order: first batches of the sizes in `head`, last batches of the sizes in `tail`, and
    even_batches of at most `max_size` in between. With too few items the tail is served first, from its
    end (150 items, head and tail 100: 50, 100). In a pipeline of two stages (fetch, then extract) the
    second stage waits for the first batch, and the first stage idles while the second works off what it
    still holds at the end: small batches at both ends (growing, then shrinking) shorten both waits.
    2,000 items, max 1,200, head (100, 200, 400), tail (400, 200, 100): 100, 200, 400, 600, 400, 200, 100."""
    if any(size < 1 for size in (*head, *tail)):
        raise ValueError(f"head and tail sizes must be at least 1, not {tuple(head)} and {tuple(tail)}")
    end = len(items)
    last: list[Sequence[T]] = []
    for size in reversed(tail):
        if end == 0:
            break
        last.insert(0, items[max(0, end - size):end])
        end = max(0, end - size)
    start = 0
    first: list[Sequence[T]] = []
    for size in head:
        if start >= end:
            break
        first.append(items[start:min(end, start + size)])
        start = min(end, start + size)
    return [*first, *even_batches(items[start:end], max_size), *last]
