"""Shared fixtures: an isolated Prefect home, the offline mirror on a loopback port, warehouse paths."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Prefect reads its settings at import: give the test session its own home (and ephemeral server database)
# before anything imports it.
os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="ingest-prefect-"))
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
os.environ.setdefault("PREFECT_LOGGING_TO_API_BATCH_INTERVAL", "0.3")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

import pytest  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def mirror_host_map() -> Iterator[str]:
    """The offline mirror, started once per session; yields its INGEST_HOST_MAP value."""
    from ingest.pipeline.network import offline_mirror

    with offline_mirror() as host_map:
        yield host_map


@pytest.fixture(scope="session")
def manifest():  # type: ignore[no-untyped-def]
    from ingest.mirror import build_site, load_manifest

    return load_manifest(build_site())


TABLES = ("articles", "clusters", "event_mentions", "events", "translations", "runs", "fetches", "dedup_signatures")


@dataclass
class DailyRuns:
    """The daily flow run twice on one warehouse against the mirror, with table counts after each run."""

    db: Path
    first: dict[str, int]
    second: dict[str, int]
    first_state: Any
    second_state: Any


def table_counts(db: Path) -> dict[str, int]:
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        found = {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in TABLES}  # type: ignore[index]
        found["stories"] = con.execute("select count(*) from articles_canonical").fetchone()[0]  # type: ignore[index]
        found["duplicate_urls"] = con.execute(
            "select count(*) - count(distinct url) from articles").fetchone()[0]  # type: ignore[index]
    return found


@pytest.fixture(scope="session")
def daily_runs(tmp_path_factory: pytest.TempPathFactory, mirror_host_map: str) -> Iterator[DailyRuns]:
    from flows.daily import daily_ingest

    db = tmp_path_factory.mktemp("daily") / "ingest.duckdb"
    saved = dict(os.environ)
    os.environ.update({"INGEST_DB": str(db), "INGEST_HOST_MAP": mirror_host_map, "INGEST_MIN_DELAY": "0"})
    try:
        first_state = daily_ingest(return_state=True)
        first = table_counts(db)
        second_state = daily_ingest(return_state=True)
        second = table_counts(db)
    finally:
        os.environ.clear()
        os.environ.update(saved)
    yield DailyRuns(db, first, second, first_state, second_state)


@pytest.fixture(scope="session")
def daily_warehouse(daily_runs: DailyRuns) -> Path:
    return daily_runs.db


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Stop Prefect's temporary server, if a test started one, while the output streams are still open: at
    interpreter exit its 'Stopping temporary server' log line met a closed stream ('Logging error')."""
    import sys

    if "prefect.server.api.server" in sys.modules:
        from prefect.server.api.server import SubprocessASGIServer

        for server in list(SubprocessASGIServer._instances.values()):
            server.stop()
