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


def edge_batches(items: Sequence[T], max_size: int, first: int = 0, last: int = 0) -> list[Sequence[T]]:
    """`items` in order as even_batches of at most `max_size`, except a first batch of at most `first` items and
    a last batch of at most `last` items, when given (0: none). In a pipeline of two stages (fetch, then
    extract) the second stage waits for the first batch and the first stage is idle during the second stage's
    last batch: small batches at both ends shorten both waits. 1,200 items, max 750, first and last 100: 100,
    500, 500, 100."""
    if first < 0 or last < 0:
        raise ValueError(f"first and last must be at least 0, not {first} and {last}")
    head = items[:first]
    rest = items[len(head):]
    tail = rest[len(rest) - min(last, len(rest)):]
    middle = rest[:len(rest) - len(tail)]
    return [batch for batch in (head, *even_batches(middle, max_size), tail) if len(batch)]
