"""The daily ingestion flow: every configured source, since its last run."""

from __future__ import annotations

from typing import Any

from prefect import flow
from prefect.client.schemas.objects import State

from flows.stages import publish_task, run_windows
from flows.states import final_state
from ingest.pipeline.context import build_context
from ingest.pipeline.run import writer_lock
from ingest.warehouse import Warehouse


@flow(name="daily-ingest", description="Discover, fetch, extract, deduplicate, extract events and load the "
      "news of every configured source since its last run.")
def daily_ingest(sources: list[str] | None = None, wait_for_lock: bool = False) -> State[Any]:
    """Daily ingestion.

    Args:
        sources: names of the sources to ingest (from sources.toml); empty means all of them.
        wait_for_lock: queue behind a run that is already writing instead of stopping at once.
    """
    ctx = build_context("daily", sources or None)
    with writer_lock(ctx.settings.db_path, wait=wait_for_lock), Warehouse.held_open(ctx.settings.db_path):
        [outcome] = run_windows([ctx])
        publish_task(ctx)
    return final_state([outcome], {"run_ids": [outcome.run_id], "status": outcome.status,
                                   "new_articles": outcome.new_articles, "duplicates": outcome.duplicates,
                                   "new_events": outcome.new_events})
