"""Offloading a stage to a worker process: same result, another process, and no work lost when a worker dies."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest

sys.path.insert(0, str(Path(__file__).parent))

from offload_helpers import die_unless_in, note_start, whose_pid  # noqa: E402

from ingest.config import settings_from_env  # noqa: E402
from ingest.pipeline.offload import run_offloaded, start_workers  # noqa: E402


def test_zero_processes_runs_in_this_process() -> None:
    assert run_offloaded("test", 0, whose_pid, 21) == (42, os.getpid())


def test_zero_processes_run_one_call_of_a_pool_at_a_time() -> None:
    """Like a pool of one process (the fetch pool relies on it: one fetcher talks to the sites); calls of
    different pools still run side by side."""
    running = {"serial": 0, "other": 0}
    most = {"serial": 0, "other": 0, "both": 0}
    guard = threading.Lock()

    def call(pool: str) -> None:
        with guard:
            running[pool] += 1
            most[pool] = max(most[pool], running[pool])
            most["both"] = max(most["both"], running["serial"] + running["other"])
        time.sleep(0.05)
        with guard:
            running[pool] -= 1

    threads = [threading.Thread(target=run_offloaded, args=(pool, 0, call, pool))
               for pool in ("serial", "other", "serial", "other", "serial")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most == {"serial": 1, "other": 1, "both": 2}


def test_a_worker_process_runs_the_function() -> None:
    value, pid = run_offloaded("test", 1, whose_pid, 21)
    assert value == 42 and pid != os.getpid()


def test_a_dead_worker_costs_no_work_and_the_pool_restarts() -> None:
    assert run_offloaded("test", 1, die_unless_in, os.getpid()) == os.getpid()  # worker died; rerun here
    value, pid = run_offloaded("test", 1, whose_pid, 5)
    assert value == 10 and pid != os.getpid()


def test_worker_processes_setting() -> None:
    assert settings_from_env({"INGEST_WORKER_PROCESSES": "0"}).resolved_worker_processes == 0
    assert settings_from_env({"INGEST_WORKER_PROCESSES": "2"}).resolved_worker_processes == 2
    with pytest.raises(ValueError, match="INGEST_WORKER_PROCESSES"):
        settings_from_env({"INGEST_WORKER_PROCESSES": "-1"})


def test_started_workers_run_the_later_calls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    started = tmp_path / "started"
    monkeypatch.setenv("OFFLOAD_TEST_STARTED", str(started))  # spawned workers inherit the environment
    start_workers("warm", 1, note_start)  # returns at once; the worker starts up meanwhile
    value, pid = run_offloaded("warm", 1, whose_pid, 4)
    assert value == 8
    assert started.read_text().split() == [str(pid)], "the started worker ran its warm-up, then the call"
    start_workers("warm", 0, note_start)  # no workers: nothing to start, nothing run here
    assert started.read_text().split() == [str(pid)]


def test_workers_exit_when_the_run_is_killed() -> None:
    """A run killed with SIGKILL (its process alone, not its process group) leaves no worker behind."""
    script = ("import sys; from ingest.pipeline.offload import run_offloaded; "
              f"sys.path.insert(0, {str(Path(__file__).parent)!r}); from offload_helpers import whose_pid; "
              "print(run_offloaded('orphans', 1, whose_pid, 1)[1], flush=True); "
              "import time; time.sleep(60)")
    run = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert run.stdout is not None
        worker = psutil.Process(int(run.stdout.readline()))
        assert worker.is_running() and worker.ppid() == run.pid
        os.kill(run.pid, signal.SIGKILL)
        run.wait()
        worker.wait(timeout=10)  # raises psutil.TimeoutExpired if the worker outlives its run
    finally:
        run.kill()
