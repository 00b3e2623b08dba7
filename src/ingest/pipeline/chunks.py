"""Split work into chunks: a backfill's date range into calendar months, a list into even batches."""

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
