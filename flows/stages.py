"""Prefect tasks over the library's stages, and the chain that runs them for a run's date windows.

Each task is one stage over one batch (never one task per page): per window, `discover` (feeds, sitemaps,
listings; selection of the pages to fetch), per chunk of pages `fetch-and-extract` (with the event
mentions), then `dedup-and-load`. Tasks open the warehouse by path, so the heavy stateless stages (fetch,
extract, events) can run on any worker that can import `ingest`.

The windows overlap: a few chunks are in flight at once (one fetched while the one before is extracted,
across window boundaries), the next window is discovered while this one's pages are fetched, and a window
is deduplicated and loaded while the next is gathered. Fetching, and extraction with event finding, run in
worker processes when they are set.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from contextlib import suppress
from typing import TypeVar, cast

from prefect import get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture
from prefect.utilities.annotations import quote

from ingest.fetch import FetchBatch, FetchRequest, RobotsCache
from ingest.pipeline import page_stages, stages
from ingest.pipeline.chunks import edge_batches
from ingest.pipeline.context import RunContext
from ingest.pipeline.memory import collect_garbage_less_often, release_free_memory
from ingest.pipeline.offload import run_offloaded
from ingest.pipeline.report import markdown_summary, table_rows
from ingest.pipeline.run import RunOutcome, RunTotals, begin_run, end_run, publish_analyst_copy
from ingest.records import EventMention
from ingest.warehouse import Warehouse

T = TypeVar("T")
FETCH_CHUNK = 1200  # at most this many pages per fetch-and-extract task (a task run costs ~30 ms CPU, most in the server)
EDGE_CHUNKS = (100, 200, 400)  # the first chunks of a flow run and, reversed, its last ones: extraction starts
# sooner, and at the end the fetcher idles only while the last small chunks are extracted
IN_FLIGHT = 3  # chunks at once: one being extracted, one fetched and waiting for it, one being fetched


def as_is(value: T) -> T:
    """`value`, handed to a task without Prefect walking through it in search of futures: our batches hold
    thousands of records, and that walk cost about an eighth of a backfill's CPU."""
    return cast(T, quote(value))


@task(name="discover", cache_policy=NO_CACHE)
def discover_task(ctx: RunContext, memo: stages.DocumentMemo | None = None, setup: bool = True) -> RunTotals:
    """Open the run, read the sources' feeds, sitemaps and listings, and select the article pages to fetch
    (one task: each is short, and every task run costs the Prefect server and this process alike). The
    documents are fetched by the fetch worker, in turn with article pages: one fetcher talks to the sites.
    `setup`: write the sources and the reference list into the warehouse first (the flow run's first window)."""
    with Warehouse.open(ctx.settings.db_path) as wh:
        plans = begin_run(wh, ctx, setup)
    discovered = stages.discover_stage(ctx, plans, memo, _fetch_documents)
    with Warehouse.open(ctx.settings.db_path) as wh:
        selection = stages.select_stage(wh, ctx, discovered.urls)
    return RunTotals.start(ctx, discovered, selection)


@task(name="fetch-and-extract", cache_policy=NO_CACHE)
def pages_task(ctx: RunContext, requests: Sequence[FetchRequest]) -> page_stages.GatheredPages:
    """One chunk of article pages: fetched by the fetch worker process, then extracted with their event
    mentions by an extraction worker process (when extraction has workers; else here)."""
    return page_stages.gather_pages(ctx, requests, page_stages.fetch_processes(ctx.settings),
                                    ctx.settings.resolved_worker_processes)


def _fetch_documents(ctx: RunContext, requests: Sequence[FetchRequest],
                     robots: RobotsCache) -> tuple[FetchBatch, RobotsCache]:
    """A round of discovery documents, fetched by the fetch worker process (in turn with the page chunks)."""
    return run_offloaded("fetch", page_stages.fetch_processes(ctx.settings), page_stages.fetch_documents, ctx,
                         requests, robots)


@task(name="dedup-and-load", cache_policy=NO_CACHE)
def settle_task(ctx: RunContext, totals: RunTotals, history: stages.DedupHistory | None = None) -> RunOutcome:
    """Deduplicate a gathered window's articles against the warehouse (and `history`, the dedup index kept
    from the flow run's previous window), then load everything in one transaction and close the run."""
    with Warehouse.open(ctx.settings.db_path) as wh:
        totals.dedup = stages.dedup_stage(wh, ctx, totals.articles, history)
        outcome = stages.load_stage(wh, ctx, totals)
        end_run(wh, ctx, outcome)
    return outcome


@task(name="publish-analyst-copy", cache_policy=NO_CACHE)
def publish_task(ctx: RunContext) -> str:
    """Publish the warehouse to the analysts' read-only copy (atomic rename), once per flow run."""
    return str(publish_analyst_copy(ctx.settings))


class _Window:
    """A discovered window whose chunks are being fetched and parsed."""

    def __init__(self, ctx: RunContext, totals: RunTotals, first: bool, last: bool) -> None:
        self.ctx = ctx
        self.totals = totals
        self.chunks = edge_batches(totals.selection.requests, FETCH_CHUNK, EDGE_CHUNKS if first else (),
                                   EDGE_CHUNKS[::-1] if last else ())
        self.mentions: list[EventMention] = []

    def add(self, chunk: Sequence[FetchRequest], gathered: page_stages.GatheredPages) -> None:
        self.totals.add(chunk, gathered.batch, gathered.parsed.extracted)
        self.mentions.extend(gathered.parsed.events.mentions)

    @property
    def pages(self) -> int:
        """Pages folded in so far (the totals keep each chunk's requests)."""
        return len(self.totals.requests)

    @property
    def complete(self) -> bool:
        return self.pages == len(self.totals.selection.requests)

    def settled_totals(self) -> RunTotals:
        self.totals.events = page_stages.EventsOutput(tuple(self.mentions))
        return self.totals


def run_windows(contexts: Sequence[RunContext], memo: stages.DocumentMemo | None = None,
                history: stages.DedupHistory | None = None,
                on_outcome: Callable[[RunOutcome], None] | None = None) -> list[RunOutcome]:
    """discover -> select -> (fetch -> extract, events) per chunk -> dedup -> load, for each window in turn,
    overlapped: IN_FLIGHT chunks at a time go through the fetch and the extraction workers (one is fetched
    while the one before is extracted, across window boundaries), the next window is discovered while this
    one's pages are fetched, and a window is deduplicated and loaded (in window order: dedup compares with
    the windows loaded before) while the next is gathered. `memo`: feeds and sitemaps already read by this
    flow run; `history`: the dedup index kept from window to window; `on_outcome`: called with each window's
    outcome, in order, once it is loaded and reported."""
    logger = get_run_logger()
    collect_garbage_less_often()
    if page_stages.clear_spool(contexts[0].settings):
        logger.info("removed the spool files of an earlier run that was killed")
    page_stages.start_page_workers(contexts[0].settings)  # unless started already: they start up meanwhile
    outcomes: list[RunOutcome] = []
    in_flight: deque[tuple[_Window, Sequence[FetchRequest], PrefectFuture[page_stages.GatheredPages]]] = deque()
    settling: tuple[RunContext, PrefectFuture[RunOutcome]] | None = None
    discovery: PrefectFuture[RunTotals] | None = discover_task.submit(as_is(contexts[0]), as_is(memo))

    def finish_settling() -> None:
        nonlocal settling
        if settling is not None:
            outcome = finish_window(*settling)
            settling = None
            outcomes.append(outcome)
            if on_outcome is not None:
                on_outcome(outcome)

    def settle(window: _Window) -> None:
        """Load `window` once the window before it is loaded."""
        nonlocal settling
        finish_settling()
        settling = (window.ctx, settle_task.submit(as_is(window.ctx), as_is(window.settled_totals()),
                                                   as_is(history)))

    def fold_oldest() -> None:
        window, chunk, future = in_flight.popleft()
        window.add(chunk, future.result())
        logger.info("%s: fetched and extracted %d/%d pages", window.ctx.run_id, window.pages,
                    len(window.totals.selection.requests))
        if window.complete:
            settle(window)

    try:
        for number, ctx in enumerate(contexts):
            assert discovery is not None
            following = contexts[number + 1] if number + 1 < len(contexts) else None
            window = _Window(ctx, discovery.result(), first=number == 0, last=following is None)
            discovery = None
            logger.info("%s: %d article pages to fetch", ctx.run_id, len(window.totals.selection.requests))
            if not window.chunks:
                while in_flight:
                    fold_oldest()
                settle(window)
            for chunk in window.chunks:
                while len(in_flight) >= IN_FLIGHT:
                    fold_oldest()
                in_flight.append((window, chunk, pages_task.submit(as_is(ctx), as_is(chunk))))
                if discovery is None and following is not None:  # queued for the fetcher behind the first chunk
                    discovery = discover_task.submit(as_is(following), as_is(memo), setup=False)
            if discovery is None and following is not None:
                discovery = discover_task.submit(as_is(following), as_is(memo), setup=False)
        while in_flight:
            fold_oldest()
        finish_settling()
    except BaseException as failure:
        if isinstance(failure, Exception):  # a window whose chunks all arrive is still loaded, then the error
            with suppress(Exception):
                while in_flight:
                    fold_oldest()
        # nothing of this flow run keeps running after it fails; a window already being loaded is loaded
        for _, _, future in in_flight:
            future.wait()
        if discovery is not None:
            discovery.wait()
        if settling is not None:
            settling[1].wait()
        raise
    return outcomes


def finish_window(ctx: RunContext, loading: PrefectFuture[RunOutcome]) -> RunOutcome:
    """Wait for a window's load, then report it (artifacts and a log line)."""
    outcome = loading.result()
    release_free_memory()  # what the window's pages and articles used, before the next one grows the heap
    report_artifacts(ctx, outcome)
    get_run_logger().info("run %s %s: %d new articles, %d duplicates, %d event mentions", ctx.run_id,
                          outcome.status, outcome.new_articles, outcome.duplicates, outcome.new_events)
    return outcome


def report_artifacts(ctx: RunContext, outcome: RunOutcome) -> None:
    key = ctx.kind.replace("_", "-")
    create_table_artifact(key=f"{key}-sources", table=table_rows(outcome.per_source),
                          description=f"Run {ctx.run_id}: per-source counts")
    create_markdown_artifact(
        key=f"{key}-report",
        markdown=markdown_summary(ctx.run_id, outcome.status, outcome.per_source, ctx.settings.db_path,
                                  ctx.settings.resolved_analyst_db_path),
        description=f"Run {ctx.run_id} summary",
    )
