"""The backfill flow: a date range, read month by month with the same stages as the daily run."""

from __future__ import annotations

from datetime import date
from typing import Any

from prefect import flow, get_run_logger
from prefect.artifacts import create_progress_artifact, update_progress_artifact
from prefect.client.schemas.objects import State

from flows.stages import publish_task, run_windows
from flows.states import final_state
from ingest.discover import DateWindow
from ingest.pipeline.chunks import monthly_windows
from ingest.pipeline.context import build_context
from ingest.pipeline.run import RunOutcome, writer_lock
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
    contexts = [build_context("backfill", sources or None, window) for window in windows]
    loaded: list[RunOutcome] = []

    def month_loaded(outcome: RunOutcome) -> None:
        loaded.append(outcome)
        window = windows[len(loaded) - 1]
        logger.info("chunk %d/%d loaded: %s to %s", len(loaded), len(windows), window.start, window.end)
        update_progress_artifact(artifact_id=progress_id,  # type: ignore[arg-type]
                                 progress=100.0 * len(loaded) / len(windows))

    with writer_lock(contexts[0].settings.db_path, wait=wait_for_lock), \
            Warehouse.held_open(contexts[0].settings.db_path):
        # each feed and sitemap is read once per backfill, not once per month; the dedup index is built once
        # per backfill and grows month by month
        outcomes = run_windows(contexts, DocumentMemo(), DedupHistory(), month_loaded)
        publish_task(contexts[-1])
    return final_state(outcomes, {
        "run_ids": [o.run_id for o in outcomes], "chunks": len(windows),
        "new_articles": sum(o.new_articles for o in outcomes), "duplicates": sum(o.duplicates for o in outcomes),
        "new_events": sum(o.new_events for o in outcomes),
    })
