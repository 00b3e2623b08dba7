"""The backfill flow: a date range, read month by month with the same stages as the daily run."""

from __future__ import annotations

from datetime import date
from typing import Any

from prefect import flow, get_run_logger
from prefect.artifacts import create_progress_artifact, update_progress_artifact
from prefect.client.schemas.objects import State
from prefect.futures import PrefectFuture

from flows.stages import GatheredWindow, finish_window, gather_window, publish_task, settle_window
from flows.states import final_state
from ingest.discover import DateWindow
from ingest.pipeline.chunks import monthly_windows
from ingest.pipeline.context import RunContext, build_context
from ingest.pipeline.run import RunOutcome, RunTotals, writer_lock
from ingest.pipeline.stages import DedupHistory, DocumentMemo
from ingest.warehouse import Warehouse


@flow(name="backfill", description="Ingest the articles published in a date range, one month at a time. "
      "Rerunning an overlapping range adds nothing twice.")
def backfill(start_date: date, end_date: date, sources: list[str] | None = None,
             wait_for_lock: bool = True) -> State[Any]:
    """Backfill a date range.

    Args:
        start_date: first publication day to ingest (inclusive).
        end_date: last publication day to ingest (inclusive).
        sources: names of the sources to backfill (from sources.toml); empty means all of them.
        wait_for_lock: queue behind a run that is already writing (default) instead of stopping at once.
    """
    logger = get_run_logger()
    windows = monthly_windows(DateWindow(start_date, end_date))
    progress_id = create_progress_artifact(progress=0.0, key="backfill-progress",
                                           description=f"Backfill {start_date} to {end_date}")
    outcomes: list[RunOutcome] = []
    # months overlap: month k is gathered while month k-1 finishes extraction and month k-2 settles
    gathered: tuple[RunContext, GatheredWindow] | None = None
    settling: tuple[RunContext, PrefectFuture[RunOutcome]] | None = None
    memo = DocumentMemo()  # each feed and sitemap is read once per backfill, not once per month
    history = DedupHistory()  # the dedup index is built once per backfill and grows month by month

    def settle_next(next_gathered: tuple[RunContext, GatheredWindow] | None) -> None:
        nonlocal gathered, settling
        if settling is not None:
            outcomes.append(finish_window(*settling))
            update_progress_artifact(artifact_id=progress_id,  # type: ignore[arg-type]
                                     progress=100.0 * len(outcomes) / len(windows))
            settling = None
        if gathered is not None:
            settling = (gathered[0], settle_window(*gathered, history))
        gathered = next_gathered

    ctx = build_context("backfill", sources or None, windows[0])
    discovery: PrefectFuture[RunTotals] | None = None  # this month's, started while the last one was fetched
    with writer_lock(ctx.settings.db_path, wait=wait_for_lock), Warehouse.held_open(ctx.settings.db_path):
        try:
            for number, window in enumerate(windows, start=1):
                following = (build_context("backfill", sources or None, windows[number]) if number < len(windows)
                             else None)
                logger.info("chunk %d/%d: %s to %s", number, len(windows), window.start, window.end)
                try:
                    window_gathered = gather_window(ctx, memo=memo, discovered=discovery, then_discover=following)
                except Exception:
                    settle_next(None)  # the month gathered before this one is still loaded, then the error
                    raise
                settle_next((ctx, window_gathered))
                discovery = window_gathered.following
                if following is not None:
                    ctx = following
            settle_next(None)
            settle_next(None)
        finally:
            if settling is not None:  # a gather failed: let the month being loaded finish under the lock
                settling[1].wait()
        publish_task(ctx)
    return final_state(outcomes, {
        "run_ids": [o.run_id for o in outcomes], "chunks": len(windows),
        "new_articles": sum(o.new_articles for o in outcomes), "duplicates": sum(o.duplicates for o in outcomes),
        "new_events": sum(o.new_events for o in outcomes),
    })
