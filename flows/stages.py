"""Prefect tasks over the library's stages, and the chain that runs them for one date window.

Each task is one stage over one batch (never one task per page). Tasks open the warehouse by path, so the
heavy stateless stages (fetch, extract, events) can run on any worker that can import `ingest`.

A window is gathered (discover, select, then per chunk fetch, extract and find events: nothing here needs
the earlier windows) and then settled (dedup, load: in window order). Fetching runs one chunk ahead of
extraction, and a window's last chunk is still being extracted while the next window is discovered and its
first chunk fetched. A backfill gathers the next month while an earlier one settles; fetching, and
extraction with event finding, run in worker processes when they are set.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar, cast

from prefect import get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture
from prefect.utilities.annotations import opaque, quote

from ingest.fetch import FetchBatch, FetchRequest, RobotsCache
from ingest.pipeline import page_stages, stages
from ingest.pipeline.chunks import even_batches
from ingest.pipeline.context import RunContext
from ingest.pipeline.memory import release_free_memory
from ingest.pipeline.offload import run_offloaded, start_workers
from ingest.pipeline.report import markdown_summary, table_rows
from ingest.pipeline.run import RunOutcome, RunTotals, begin_run, end_run, publish_analyst_copy
from ingest.records import Article, EventMention, Page
from ingest.warehouse import Warehouse

T = TypeVar("T")
FETCH_CHUNK = 500  # at most this many article pages per fetch/extract task


def as_is(value: T) -> T:
    """`value`, handed to a task without Prefect walking through it in search of futures: our batches hold
    thousands of records, and that walk cost about an eighth of a backfill's CPU."""
    return cast(T, quote(value))


@task(name="discover", cache_policy=NO_CACHE)
def discover_task(ctx: RunContext, memo: stages.DocumentMemo | None = None) -> RunTotals:
    """Open the run, read the sources' feeds, sitemaps and listings, and select the article pages to fetch
    (one task: each is short, and every task run costs the Prefect server and this process alike). The
    documents are fetched by the fetch worker, in turn with article pages: one fetcher talks to the sites."""
    with Warehouse.open(ctx.settings.db_path) as wh:
        plans = begin_run(wh, ctx)
    discovered = stages.discover_stage(ctx, plans, memo, _fetch_documents)
    with Warehouse.open(ctx.settings.db_path) as wh:
        selection = stages.select_stage(wh, ctx, discovered.urls)
    return RunTotals.start(ctx, discovered, selection)


@task(name="fetch", cache_policy=NO_CACHE)
def fetch_task(ctx: RunContext, requests: Sequence[FetchRequest]) -> FetchBatch:
    """The pages of one chunk (in a worker process of their own when extraction has workers: the HTTP
    client's CPU work then runs beside deduplication and extraction)."""
    return run_offloaded("fetch", _fetch_processes(ctx), page_stages.fetch_stage, ctx, requests)


def _fetch_documents(ctx: RunContext, requests: Sequence[FetchRequest],
                     robots: RobotsCache) -> tuple[FetchBatch, RobotsCache]:
    """A round of discovery documents, fetched by the fetch worker process (in turn with the page chunks)."""
    return run_offloaded("fetch", _fetch_processes(ctx), page_stages.fetch_documents, ctx, requests, robots)


def _fetch_processes(ctx: RunContext) -> int:
    """One fetch worker process when extraction has workers, none otherwise."""
    return min(1, ctx.settings.resolved_worker_processes)


@task(name="extract-and-find-events", cache_policy=NO_CACHE)
def extract_task(ctx: RunContext, pages: Sequence[Page]) -> page_stages.ParsedPages:
    """Articles from the fetched pages, and the event mentions in them (in a worker process when set)."""
    return run_offloaded("extract", ctx.settings.resolved_worker_processes, page_stages.parse_stage, ctx, pages)


@task(name="dedup", cache_policy=NO_CACHE)
def dedup_task(ctx: RunContext, articles: Sequence[Article],
               history: stages.DedupHistory | None = None) -> stages.DedupOutput:
    with Warehouse.open(ctx.settings.db_path) as wh:
        return stages.dedup_stage(wh, ctx, articles, history)


@task(name="load", cache_policy=NO_CACHE)
def load_task(ctx: RunContext, totals: RunTotals, dedup: stages.DedupOutput) -> RunOutcome:
    totals.dedup = dedup  # the event mentions came with the gathered window
    with Warehouse.open(ctx.settings.db_path) as wh:
        outcome = stages.load_stage(wh, ctx, totals)
        end_run(wh, ctx, outcome)
    return outcome


@task(name="publish-analyst-copy", cache_policy=NO_CACHE)
def publish_task(ctx: RunContext) -> str:
    """Publish the warehouse to the analysts' read-only copy (atomic rename), once per flow run."""
    return str(publish_analyst_copy(ctx.settings))


class GatheredWindow:
    """A window's gathered totals while its last chunk may still be in extraction: the next window's discovery
    and first fetch run meanwhile, so the extraction worker does not wait for them. `totals()` waits for the
    last chunk and gives the window's totals."""

    def __init__(self, totals: RunTotals) -> None:
        self._totals = totals
        self.following: PrefectFuture[RunTotals] | None = None  # the next window's discovery, when asked for
        self._mentions: list[EventMention] = []
        self._parsing: tuple[Sequence[FetchRequest], FetchBatch, PrefectFuture[page_stages.ParsedPages]] | None = None

    def add(self, chunk: Sequence[FetchRequest], batch: FetchBatch,
            parsing: PrefectFuture[page_stages.ParsedPages]) -> None:
        """Take a chunk whose extraction was submitted, after folding in the previous chunk (waits for it)."""
        self._settle_parsing()
        self._parsing = (chunk, batch, parsing)

    def totals(self) -> RunTotals:
        self._settle_parsing()
        self._totals.events = page_stages.EventsOutput(tuple(self._mentions))
        return self._totals

    def _settle_parsing(self) -> None:
        if self._parsing is not None:
            chunk, batch, parsing = self._parsing
            parsed = parsing.result()
            self._totals.add(chunk, batch, parsed.extracted)
            self._mentions.extend(parsed.events.mentions)
            self._parsing = None


def gather_window(ctx: RunContext, progress: Any = None, memo: stages.DocumentMemo | None = None,
                  discovered: PrefectFuture[RunTotals] | None = None,
                  then_discover: RunContext | None = None) -> GatheredWindow:
    """discover -> select -> (fetch -> extract, events) per chunk, for one window: everything that does not
    need the earlier windows to be loaded. Returns with the last chunk's extraction still running.
    `memo`: feeds and sitemaps already read by this flow run. `discovered`: this window's discovery, when it
    was started earlier. `then_discover`: the next window, whose discovery starts while this window's last
    pages are fetched (its documents are fetched in turn with them), so the fetcher does not wait for it;
    the returned window's `following` holds it."""
    logger = get_run_logger()
    start_workers("fetch", _fetch_processes(ctx), page_stages.warm_up)  # they start while the sources are read
    start_workers("extract", ctx.settings.resolved_worker_processes, page_stages.warm_up)
    totals = discovered.result() if discovered is not None else discover_task(as_is(ctx), as_is(memo))
    gathered = GatheredWindow(totals)
    requests = totals.selection.requests
    logger.info("%s: %d article pages to fetch", ctx.run_id, len(requests))
    chunks = even_batches(requests, FETCH_CHUNK)

    def fetch(number: int) -> PrefectFuture[FetchBatch] | None:
        """Submit chunk `number`'s fetch (None past the last); with the one before the last, the next
        window's discovery."""
        if then_discover is not None and gathered.following is None and number >= len(chunks) - 2:
            gathered.following = discover_task.submit(as_is(then_discover), as_is(memo))
        return fetch_task.submit(as_is(ctx), as_is(chunks[number])) if number < len(chunks) else None

    # one fetch in flight while the previous chunk is extracted: the network wait overlaps the CPU work,
    # and per-host politeness holds because fetches never run two at a time
    next_fetch = fetch(0)
    done = 0
    try:
        for number, chunk in enumerate(chunks):
            assert next_fetch is not None
            batch = next_fetch.result()
            next_fetch = fetch(number + 1)
            gathered.add(chunk, batch, extract_task.submit(as_is(ctx), as_is(batch.pages)))
            done += len(chunk)
            logger.info("%s: fetched %d/%d pages", ctx.run_id, done, len(requests))
            if progress is not None:
                progress(done, len(requests))
    except BaseException:
        if gathered.following is not None:
            gathered.following.wait()  # nothing of this flow run keeps running after it fails
        raise
    return gathered


def settle_window(ctx: RunContext, gathered: GatheredWindow,
                  history: stages.DedupHistory | None = None) -> PrefectFuture[RunOutcome]:
    """dedup -> load for one gathered window (once its last chunk is extracted), submitted: the caller may
    gather the next window meanwhile. Call only once the previous window's load has finished (dedup compares
    with it). `history`: the dedup index kept from the flow run's previous window."""
    totals = gathered.totals()
    dedup = dedup_task.submit(as_is(ctx), as_is(totals.articles), as_is(history))
    # Prefect resolves the future to its result before the load starts
    loading: PrefectFuture[RunOutcome] = load_task.submit(  # type: ignore[call-overload]
        as_is(ctx), as_is(totals), opaque(dedup))
    return loading


def finish_window(ctx: RunContext, loading: PrefectFuture[RunOutcome]) -> RunOutcome:
    """Wait for a window's load, then report it (artifacts and a log line)."""
    outcome = loading.result()
    release_free_memory()  # what the window's pages and articles used, before the next one grows the heap
    report_artifacts(ctx, outcome)
    get_run_logger().info("run %s %s: %d new articles, %d duplicates, %d event mentions", ctx.run_id,
                          outcome.status, outcome.new_articles, outcome.duplicates, outcome.new_events)
    return outcome


def run_window(ctx: RunContext, progress: Any = None) -> RunOutcome:
    """discover -> select -> (fetch -> extract, events) per chunk -> dedup -> load, for one window."""
    return finish_window(ctx, settle_window(ctx, gather_window(ctx, progress)))


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
