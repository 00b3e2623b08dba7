"""Split a backfill's date range into calendar-month chunks."""

from __future__ import annotations

from datetime import date, timedelta

from ingest.discover import DateWindow


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
