"""Crash safety and one writer at a time: a run killed with SIGKILL inside its load transaction leaves the
warehouse as it was, a second concurrent run is refused with a clear message, and the next run completes
with the same rows as a clean run."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from tests.operations.helpers import run_ingest, start_ingest, table_counts


def wait_for_line(log: Path, text: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if log.exists() and text in log.read_text(errors="replace"):
            return
        time.sleep(0.2)
    raise AssertionError(f"{text!r} not seen in {log} within {timeout} s:\n{log.read_text(errors='replace')[-3000:]}")


@pytest.mark.timeout(600)
def test_sigkill_during_load_then_rerun_matches_a_clean_run(tmp_path: Path, mirror_host_map: str) -> None:
    clean_db = tmp_path / "clean" / "ingest.duckdb"
    clean = run_ingest(clean_db, mirror_host_map, "run", "--live")
    assert clean.returncode == 0, clean.stderr[-3000:]
    expected = table_counts(clean_db)
    assert expected["articles"] > 0

    db = tmp_path / "crash" / "ingest.duckdb"
    log = tmp_path / "killed.log"
    victim = start_ingest(db, mirror_host_map, "run", "--live", log=log, INGEST_TEST_PAUSE_IN_LOAD="60")
    try:
        wait_for_line(log, "pausing 60 s inside the load transaction", timeout=240)

        # a second run while the first holds the warehouse: refused at once, with a clear message
        second = run_ingest(db, mirror_host_map, "run", "--live", timeout=60)
        assert second.returncode == 3
        assert "another ingest run is writing to" in second.stderr

        os.killpg(victim.pid, signal.SIGKILL)  # the run and every process it started, at once
        victim.wait(timeout=30)
    finally:
        if victim.poll() is None:
            os.killpg(victim.pid, signal.SIGKILL)
    killed = table_counts(db)
    assert killed["articles"] == 0 and killed["clusters"] == 0 and killed["event_mentions"] == 0

    rerun = run_ingest(db, mirror_host_map, "run", "--live")
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    assert table_counts(db) == expected
