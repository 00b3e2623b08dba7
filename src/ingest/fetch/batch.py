"""Public entry points: fetch a batch of requests concurrently (async or sync) and get pages, attempts,
per-URL outcomes and counts back."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Coroutine, Iterable
from contextlib import AsyncExitStack
from dataclasses import dataclass, replace
from typing import Any

from ingest.fetch.archive import WarcArchive
from ingest.fetch.clients import ClientPool
from ingest.fetch.config import FetchConfig, FetchRequest
from ingest.fetch.outcome import FetchOutcome
from ingest.fetch.robots import RobotsCache
from ingest.fetch.run import FetchRun, ProgressCallback
from ingest.records import FetchAttempt, Page, StageCounts

log = logging.getLogger("ingest.fetch")

SKIP_KINDS = frozenset({"unsupported_type", "robots_disallowed"})


@dataclass(frozen=True, slots=True)
class FetchBatch:
    """Everything one batch produced.

    pages: usable responses (2xx with a body of kind html/feed/sitemap, and 304s), in request order.
    attempts: every HTTP attempt (one `fetches` row each), including robots.txt fetches.
    outcomes: one per request, in request order: the page or the final error kind and whether it is transient.
    counts: seen = requests, ok = pages, skipped = robots-disallowed or unsupported content, failed = by kind.
    advice: one line per host that answered 403 (blocked), for the run summary.
    """

    pages: tuple[Page, ...]
    attempts: tuple[FetchAttempt, ...]
    outcomes: tuple[FetchOutcome, ...]
    counts: StageCounts
    advice: tuple[str, ...] = ()


def count_outcomes(outcomes: Iterable[FetchOutcome]) -> StageCounts:
    seen = ok = skipped = 0
    failed: Counter[str] = Counter()
    for outcome in outcomes:
        seen += 1
        if outcome.page is not None:
            ok += 1
        elif outcome.error_kind in SKIP_KINDS:
            skipped += 1
        else:
            failed[outcome.error_kind or "unknown"] += 1
    return StageCounts(seen=seen, ok=ok, skipped=skipped, failed=dict(sorted(failed.items())))


OutcomeCallback = Callable[[FetchOutcome], None]


async def fetch_all(requests: Iterable[FetchRequest], config: FetchConfig | None = None,
                    archive: WarcArchive | None = None, on_progress: ProgressCallback | None = None,
                    robots_cache: RobotsCache | None = None, on_outcome: OutcomeCallback | None = None,
                    keep_text: bool = True, clients: ClientPool | None = None) -> FetchBatch:
    """Fetch every request politely; never raises for a failed URL (its outcome says why).

    archive: where response bodies are written (None: not archived). robots_cache: pass the same cache to
    later batches of this process to fetch each robots.txt once per TTL. on_outcome: called with each
    finished URL's outcome (with its page text) as soon as it is done. keep_text=False: the returned pages
    and outcomes carry text '' (every other field kept), so a large batch does not hold all bodies in
    memory; read them in on_outcome or back from the archive. clients: HTTP clients (open connections) kept
    from batch to batch by a FetchSession; by default the batch opens its own and closes them at the end."""
    config = config or FetchConfig()
    todo = list(requests)
    for index, request in enumerate(todo):
        if not isinstance(request, FetchRequest):
            raise TypeError(f"requests[{index}] is a {type(request).__name__}, not a FetchRequest")
    cache = robots_cache if robots_cache is not None else RobotsCache(ttl_s=config.robots_ttl_s)
    queues: dict[str, deque[int]] = defaultdict(deque)
    for index, request in enumerate(todo):
        queues[request.host].append(index)
    results: list[FetchOutcome | None] = [None] * len(todo)
    done = 0

    async with AsyncExitStack() as stack:
        if clients is None:
            clients = await stack.enter_async_context(ClientPool(config))
        run = FetchRun(config, clients, archive, cache)

        async def worker(queue: deque[int]) -> None:
            # per-host workers: a host's URLs never wait behind another host's delays
            nonlocal done
            while queue:
                index = queue.popleft()
                outcome = await run.fetch(todo[index])
                if on_outcome is not None:
                    on_outcome(outcome)
                if not keep_text and outcome.page is not None:
                    outcome = replace(outcome, page=replace(outcome.page, text=""))
                results[index] = outcome
                done += 1
                if on_progress is not None:
                    on_progress(done, len(todo))

        await asyncio.gather(*(worker(queue) for queue in queues.values()
                               for _ in range(min(config.per_host_concurrency, len(queue)))))
    outcomes = tuple(o for o in results if o is not None)
    counts = count_outcomes(outcomes)
    log.info("fetched %d URLs: %d ok, %d skipped, failed %s (%d attempts)", counts.seen, counts.ok,
             counts.skipped, counts.failed or "none", len(run.attempts))
    return FetchBatch(
        pages=tuple(o.page for o in outcomes if o.page is not None),
        attempts=tuple(run.attempts),
        outcomes=outcomes,
        counts=counts,
        advice=tuple(run.blocked_hosts.values()),
    )


def fetch_batch(requests: Iterable[FetchRequest], config: FetchConfig | None = None,
                archive: WarcArchive | None = None, on_progress: ProgressCallback | None = None,
                robots_cache: RobotsCache | None = None, on_outcome: OutcomeCallback | None = None,
                keep_text: bool = True) -> FetchBatch:
    """Synchronous wrapper of fetch_all (runs its own event loop; do not call from inside one)."""
    return asyncio.run(_boxed(fetch_all(requests, config, archive, on_progress, robots_cache, on_outcome,
                                        keep_text))).value


class FetchSession:
    """Batches fetched one after another on one event loop, with the HTTP clients (their kept-alive
    connections) and the robots.txt rules kept from batch to batch: a worker process that fetches chunk after
    chunk then neither reconnects to every host nor rereads its robots.txt per chunk. Calls from several
    threads run one at a time. Close it when done (the connections stay open until then)."""

    def __init__(self, config: FetchConfig) -> None:
        self.config = config
        self.robots = RobotsCache(ttl_s=config.robots_ttl_s)
        self._runner = asyncio.Runner()
        self._clients = ClientPool(config)
        self._lock = threading.Lock()

    def fetch(self, requests: Iterable[FetchRequest], archive: WarcArchive | None = None,
              robots_cache: RobotsCache | None = None) -> FetchBatch:
        """fetch_batch over the session's clients; `robots_cache` replaces the session's own."""
        with self._lock:
            batch = fetch_all(requests, self.config, archive, robots_cache=robots_cache or self.robots,
                              clients=self._clients)
            return self._runner.run(_boxed(batch)).value

    def close(self) -> None:
        with self._lock:
            try:
                self._runner.run(self._clients.aclose())
            finally:
                self._runner.close()


@dataclass(frozen=True, slots=True, repr=False)
class _Box:
    """A finished batch behind a constant repr. On the main thread, CPython 3.11's asyncio.run formats the
    repr of its finished main task, result included, twice while restoring the SIGINT handler: for a batch
    holding every page's text that cost a fifth of a fetch worker's CPU."""

    value: FetchBatch


async def _boxed(batch: Coroutine[Any, Any, FetchBatch]) -> _Box:
    return _Box(await batch)
