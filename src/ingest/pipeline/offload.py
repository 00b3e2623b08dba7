"""Run a CPU-bound stage function in a worker process, so that it uses another core while this process
fetches and deduplicates (one Python process runs Python code on one core at a time).

The stage functions take and return plain records, so they cross the process boundary as they are. A pool is
started on first use and kept for the life of the process (a served deployment reuses it run after run).
"""

from __future__ import annotations

import atexit
import gc
import logging
import multiprocessing
import multiprocessing.connection
import os
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import ParamSpec, TypeVar

log = logging.getLogger("ingest.pipeline")

P = ParamSpec("P")
T = TypeVar("T")

_pools: dict[tuple[str, int], ProcessPoolExecutor] = {}
_lock = threading.Lock()
_in_process_locks: dict[str, threading.Lock] = {}  # pools of 0 processes: their calls run here, one at a time


def _pool(name: str, processes: int) -> ProcessPoolExecutor:
    with _lock:
        pool = _pools.get((name, processes))
        if pool is None:
            # spawn, not fork: this process has threads (Prefect, the fetcher), which fork does not copy safely
            pool = ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("spawn"),
                                       initializer=prepare_worker)
            _pools[name, processes] = pool
        return pool


def prepare_worker() -> None:
    """Initializer of every worker process: it exits with its parent (exit_with_parent), and when it is shut
    down what is still alive in it is frozen first (its last full garbage collection would only delay the
    run's exit, which waits for its workers)."""
    exit_with_parent()
    atexit.register(gc.freeze)


def exit_with_parent() -> None:
    """In a worker process: exit as soon as the process that started it is gone. A pool's workers wait for
    calls on a queue whose other end they hold themselves, so a run killed with SIGKILL would otherwise
    leave them behind, idle, for good."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _in_process_lock(name: str) -> threading.Lock:
    with _lock:
        return _in_process_locks.setdefault(name, threading.Lock())


def _discard(name: str, processes: int, pool: ProcessPoolExecutor) -> None:
    with _lock:
        if _pools.get((name, processes)) is pool:
            del _pools[name, processes]
    pool.shutdown(wait=False, cancel_futures=True)


@atexit.register
def shutdown_pools() -> None:
    with _lock:
        pools = list(_pools.values())
        _pools.clear()
    for pool in pools:
        pool.shutdown(wait=True, cancel_futures=True)


def start_workers(pool_name: str, processes: int, warm_up: Callable[[], object]) -> None:
    """Start the worker processes of the pool `pool_name` now, without waiting for them: their start-up
    (mostly imports) then runs beside other work instead of delaying the first call. `warm_up` is a
    module-level function of the module the calls will need. A pool already started is left as it is (the
    CLI starts the workers early, and the flow asks again for runs that did not come through the CLI)."""
    if processes <= 0:
        return
    with _lock:
        if (pool_name, processes) in _pools:
            return
    pool = _pool(pool_name, processes)
    for _ in range(processes):
        pool.submit(warm_up)


def run_offloaded(pool_name: str, processes: int, function: Callable[P, T], *args: P.args,
                  **kwargs: P.kwargs) -> T:
    """`function(*args, **kwargs)` in one of `processes` worker processes of the pool `pool_name` (0: here, in
    this thread, one call of the pool at a time, as in a pool of one process: the fetch pool's calls rely on
    it to keep a single fetcher talking to the sites). A worker that dies (killed, out of memory) costs no
    work: the call is run again here and the pool restarted."""
    if processes <= 0:
        with _in_process_lock(pool_name):
            return function(*args, **kwargs)
    pool = _pool(pool_name, processes)
    try:
        return pool.submit(function, *args, **kwargs).result()
    except BrokenProcessPool:
        log.warning("a worker process of the %s pool died; running this batch in the run's own process", pool_name)
        _discard(pool_name, processes, pool)
        return function(*args, **kwargs)
