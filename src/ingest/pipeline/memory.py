"""Keep the C heap of a long run small.

CPython returns large blocks to the C allocator, but glibc keeps freed memory inside its heaps until asked,
and by default gives each thread that allocates a heap of its own (up to eight per core): the flow's tasks
run on several threads, so a backfill's resident memory grew with every month. Two measures:
`limit_malloc_arenas` (at start-up: all threads share two heaps, in this process and in the processes it
starts) and `release_free_memory` (after each window: free pages go back to the system). And one for the
time the garbage collector takes: `collect_garbage_less_often`.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import os
import sys
from functools import lru_cache
from typing import Any

MALLOC_ARENAS = 2
YOUNG_COLLECTION_EVERY = 20_000  # allocations between collections of the youngest generation (default 700)
_M_ARENA_MAX = -8  # mallopt parameter number (glibc malloc.h)


@lru_cache(maxsize=4)
def _glibc(function: str) -> Any:
    """A glibc function by name, or None (another C library, another system)."""
    if not sys.platform.startswith("linux"):
        return None
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    return getattr(ctypes.CDLL(name), function, None)


def limit_malloc_arenas(arenas: int = MALLOC_ARENAS) -> None:
    """At most `arenas` C heaps for this process's threads, and (through MALLOC_ARENA_MAX, which glibc reads
    at start-up) for the worker processes and served flow runs it starts. Call before threads start. An
    operator's own MALLOC_ARENA_MAX is left as it is."""
    if "MALLOC_ARENA_MAX" in os.environ:
        return
    os.environ["MALLOC_ARENA_MAX"] = str(arenas)
    mallopt = _glibc("mallopt")
    if mallopt is not None:
        mallopt(_M_ARENA_MAX, arenas)


def release_free_memory() -> bool:
    """Return the C heaps' free pages to the system; False where that is not available."""
    trim = _glibc("malloc_trim")
    if trim is None:
        return False
    trim(0)
    return True


def collect_garbage_less_often() -> None:
    """Collect the youngest generation every YOUNG_COLLECTION_EVERY allocations, not every 700: a run
    allocates records by the hundred thousand, nearly none of them in reference cycles, and each collection
    walks the young ones again (a 20k-article backfill's run process spent about 1.1 CPU-s in the collector,
    0.1 s after). A threshold someone already changed is left as it is."""
    young, middle, old = gc.get_threshold()
    if young == 700:
        gc.set_threshold(YOUNG_COLLECTION_EVERY, middle, old)
