"""Functions for test_pipeline_offload: importable by spawned worker processes."""

from __future__ import annotations

import os


def whose_pid(value: int) -> tuple[int, int]:
    return value * 2, os.getpid()


def die_unless_in(pid: int) -> int:
    """Kills the worker process it runs in; returns normally only in the process `pid`."""
    if os.getpid() != pid:
        os._exit(9)
    return os.getpid()


def note_start() -> None:
    """Warm-up: leaves this worker's pid in the file named by $OFFLOAD_TEST_STARTED."""
    with open(os.environ["OFFLOAD_TEST_STARTED"], "a") as f:
        f.write(f"{os.getpid()}\n")
