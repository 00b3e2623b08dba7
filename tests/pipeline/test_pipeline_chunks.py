"""Chunking: calendar months of a backfill range, even batches of a list."""

from __future__ import annotations

from datetime import date

import pytest

from ingest.discover import DateWindow
from ingest.pipeline.chunks import edge_batches, even_batches, monthly_windows


def test_monthly_windows_cut_at_month_boundaries_and_cover_the_range() -> None:
    windows = monthly_windows(DateWindow(date(2023, 12, 20), date(2024, 3, 5)))
    assert [(w.start, w.end) for w in windows] == [
        (date(2023, 12, 20), date(2023, 12, 31)), (date(2024, 1, 1), date(2024, 1, 31)),
        (date(2024, 2, 1), date(2024, 2, 29)), (date(2024, 3, 1), date(2024, 3, 5))]


@pytest.mark.parametrize("size", [0, 1, 7, 499, 500, 501, 1014, 2000])
def test_even_batches_keep_order_and_differ_by_at_most_one(size: int) -> None:
    items = list(range(size))
    batches = even_batches(items, 500)
    assert [x for batch in batches for x in batch] == items
    assert len(batches) == -(-size // 500)
    lengths = {len(b) for b in batches}
    assert all(0 < n <= 500 for n in lengths) and (max(lengths, default=0) - min(lengths, default=0)) <= 1


def test_even_batches_refuse_a_size_below_one() -> None:
    with pytest.raises(ValueError, match="max_size"):
        even_batches([1, 2], 0)


RAMP = (100, 200, 400)


@pytest.mark.parametrize(("size", "head", "tail", "expected"), [
    (2000, RAMP, RAMP[::-1], [100, 200, 400, 600, 400, 200, 100]),
    (1200, (100,), (100,), [100, 500, 500, 100]),
    (1200, RAMP, (), [100, 200, 400, 500]),
    (1200, (), RAMP[::-1], [500, 400, 200, 100]),
    (1200, (), (), [600, 600]),
    (150, (100,), (100,), [50, 100]),
    (150, RAMP, RAMP[::-1], [50, 100]),
    (80, (100,), (100,), [80]),
    (0, RAMP, RAMP, []),
])
def test_edge_batches_are_small_at_the_ends_and_keep_order(size: int, head: tuple[int, ...], tail: tuple[int, ...],
                                                           expected: list[int]) -> None:
    items = list(range(size))
    batches = edge_batches(items, 750 if size != 2000 else 1200, head, tail)
    assert [len(b) for b in batches] == expected
    assert [x for batch in batches for x in batch] == items


def test_edge_batches_refuse_sizes_below_one() -> None:
    with pytest.raises(ValueError, match="head and tail"):
        edge_batches([1, 2], 500, head=(0,))
