"""The C-heap settings of long runs: the arena limit reaches the processes a run starts, an operator's own
setting wins, and free memory can be handed back on Linux."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from ingest.pipeline.memory import MALLOC_ARENAS, YOUNG_COLLECTION_EVERY, release_free_memory

CHILD = """
import os, subprocess, sys
from ingest.pipeline.memory import limit_malloc_arenas
limit_malloc_arenas()
print(subprocess.run([sys.executable, "-c", "import os; print(os.environ['MALLOC_ARENA_MAX'])"],
                     capture_output=True, text=True, check=True).stdout.strip())
"""


def arena_limit_seen_by_grandchild(env: dict[str, str]) -> str:
    done = subprocess.run([sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_the_arena_limit_reaches_started_processes() -> None:
    env = {k: v for k, v in os.environ.items() if k != "MALLOC_ARENA_MAX"}
    assert arena_limit_seen_by_grandchild(env) == str(MALLOC_ARENAS)


def test_an_operators_arena_setting_is_kept() -> None:
    assert arena_limit_seen_by_grandchild({**os.environ, "MALLOC_ARENA_MAX": "7"}) == "7"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_free_memory_is_released_on_linux() -> None:
    assert release_free_memory() is True


def test_young_garbage_is_collected_less_often_unless_someone_chose_a_threshold() -> None:
    probe = ("import gc; from ingest.pipeline.memory import collect_garbage_less_often as c; "
             "gc.set_threshold({first}, 10, 10); c(); print(gc.get_threshold()[0])")

    def threshold_after(first: int) -> int:
        done = subprocess.run([sys.executable, "-c", probe.format(first=first)], capture_output=True, text=True,
                              check=True)
        return int(done.stdout)

    assert threshold_after(700) == YOUNG_COLLECTION_EVERY
    assert threshold_after(5000) == 5000
