"""Run the `ingest` command as a separate process, as an operator or a scheduler would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb

REPO_ROOT = Path(__file__).resolve().parents[2]
TABLES = ("articles", "clusters", "event_mentions", "events", "translations", "dedup_signatures", "url_state")


def ingest_env(db: Path, host_map: str, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"INGEST_DB": str(db), "INGEST_HOST_MAP": host_map, "INGEST_MIN_DELAY": "0",
                "PYTHONUNBUFFERED": "1", **extra})
    return env


def ingest_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "ingest.cli", *args]


def start_ingest(db: Path, host_map: str, *args: str, log: Path, **extra: str) -> subprocess.Popen[bytes]:
    handle = open(log, "wb")
    # its own process group, so that a test can kill the whole run: the flow process, its extraction worker
    # and the temporary Prefect server it started
    return subprocess.Popen(ingest_command(*args), env=ingest_env(db, host_map, **extra), stdout=handle,
                            stderr=subprocess.STDOUT, cwd=REPO_ROOT, start_new_session=True)


def run_ingest(db: Path, host_map: str, *args: str, timeout: float = 300, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(ingest_command(*args), env=ingest_env(db, host_map, **extra), capture_output=True,
                          text=True, timeout=timeout, cwd=REPO_ROOT)


def table_counts(db: Path) -> dict[str, int]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {t: int(con.execute(f"select count(*) from {t}").fetchone()[0]) for t in TABLES}  # type: ignore[index]
