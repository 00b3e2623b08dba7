"""The deployments: `daily-ingest` on a cron schedule and `backfill` run on demand from the Prefect UI.

`ingest serve` calls serve_deployments(); a restart of the serving process leaves the schedule active
(pause_on_shutdown=False), and each deployment runs one flow run at a time (others queue).
"""

from __future__ import annotations

from prefect import serve
from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy
from prefect.schedules import Cron

from flows.backfill import backfill
from flows.daily import daily_ingest

DEFAULT_CRON = "0 6 * * *"
DEFAULT_TIMEZONE = "Europe/Kyiv"


def deployments(cron: str = DEFAULT_CRON, timezone: str = DEFAULT_TIMEZONE) -> list:  # type: ignore[type-arg]
    one_at_a_time = ConcurrencyLimitConfig(limit=1, collision_strategy=ConcurrencyLimitStrategy.ENQUEUE)
    return [
        daily_ingest.to_deployment(
            name="daily-ingest",
            schedules=[Cron(cron, timezone=timezone)],
            concurrency_limit=one_at_a_time,
            description="Daily ingestion of every configured source (default 06:00 Europe/Kyiv).",
            tags=["ingest", "daily"],
        ),
        backfill.to_deployment(
            name="backfill",
            concurrency_limit=one_at_a_time,
            description="Backfill a date range: Run > Custom run, set start_date and end_date (and optionally "
                        "sources), then Submit.",
            tags=["ingest", "backfill"],
        ),
    ]


def serve_deployments(cron: str = DEFAULT_CRON, timezone: str = DEFAULT_TIMEZONE, limit: int | None = None) -> None:
    serve(*deployments(cron, timezone), pause_on_shutdown=False, limit=limit)
