"""The stages a worker process runs on one batch of pages: fetch, extract, find events.

They need neither the warehouse nor the dedup history, so this module imports only the fetcher, the
extractor and the event rules: a worker process that runs them starts small. ingest.pipeline.stages
re-exports them beside the stages that need the warehouse.
"""

from __future__ import annotations

import atexit
import logging
import os
import pickle
import tempfile
import threading
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date, datetime
from typing import Any

from ingest.config import ConfigError, Settings
from ingest.events import extract_mentions
from ingest.extract import ExtractionError, extract_page
from ingest.fetch import (
    FetchBatch,
    FetchConfig,
    FetchInputError,
    FetchRequest,
    FetchSession,
    RobotsCache,
    WarcArchive,
)
from ingest.pipeline.articles import article_from_page
from ingest.pipeline.context import RunContext
from ingest.pipeline.offload import run_offloaded, start_workers
from ingest.records import Article, EventMention, Page

log = logging.getLogger("ingest.pipeline")


def fetch_config(settings: Settings, overrides: Sequence[tuple[str, Any]] = ()) -> FetchConfig:
    """FetchConfig from the run's settings, then the [fetch] table of sources.toml (any field by name)."""
    config = FetchConfig(
        user_agent=settings.user_agent,
        global_concurrency=settings.global_concurrency,
        per_host_concurrency=settings.per_host_concurrency,
        min_delay_s=settings.min_delay_s,
        max_attempts=settings.max_attempts,
        host_map=dict(settings.host_map),
    )
    known = {f.name for f in fields(FetchConfig)}
    unknown = sorted(name for name, _ in overrides if name not in known)
    if unknown:
        raise ConfigError(f"[fetch]: unknown setting {unknown[0]!r} (known: {sorted(known)})")
    try:
        return replace(config, **dict(overrides))
    except FetchInputError as exc:
        raise ConfigError(f"[fetch]: {exc}") from None


# ---- worker processes ---------------------------------------------------------------------------


def warm_up() -> None:
    """Nothing: a worker process that runs it has imported this module, which the stages need."""


def fetch_processes(settings: Settings) -> int:
    """One fetch worker process when extraction has workers, none otherwise."""
    return min(1, settings.resolved_worker_processes)


def start_page_workers(settings: Settings, fetch: bool = True, extract: bool = True) -> None:
    """Start the fetch and (or) the extraction worker processes now, without waiting for them: their
    start-up (mostly imports) runs beside the caller's own (the run's process importing Prefect, reading
    sources). Pools already started are left as they are."""
    if fetch:
        start_workers("fetch", fetch_processes(settings), warm_up)
    if extract:
        start_workers("extract", settings.resolved_worker_processes, warm_up)


# ---- fetch --------------------------------------------------------------------------------------


def fetch_stage(ctx: RunContext, requests: Sequence[FetchRequest]) -> FetchBatch:
    """The article pages of one chunk, archived (on the process's fetch session: its connections and
    robots.txt rules carry over to the next chunk)."""
    with WarcArchive(ctx.settings.resolved_raw_dir) as archive:
        return _session(ctx).fetch(list(requests), archive)


DocumentFetcher = Callable[[RunContext, Sequence[FetchRequest], RobotsCache], tuple[FetchBatch, RobotsCache]]


def fetch_documents(ctx: RunContext, requests: Sequence[FetchRequest],
                    robots: RobotsCache) -> tuple[FetchBatch, RobotsCache]:
    """One round of discovery documents (feeds, sitemaps, listing pages), archived like the pages; `robots`
    goes there and back, so that a discovery reads each robots.txt once however many rounds it takes."""
    with WarcArchive(ctx.settings.resolved_raw_dir) as archive:
        batch = _session(ctx).fetch(list(requests), archive, robots_cache=robots)
    return batch, robots


_sessions: list[FetchSession] = []  # this process's session (the fetch worker's lives as long as it does)
_sessions_lock = threading.Lock()


def _session(ctx: RunContext) -> FetchSession:
    """The process's fetch session for the run's fetch settings (a new one when they change)."""
    config = fetch_config(ctx.settings, ctx.fetch_overrides)
    with _sessions_lock:
        if _sessions and _sessions[0].config == config:
            return _sessions[0]
        if _sessions:
            _sessions.pop().close()
        _sessions.append(FetchSession(config))
        return _sessions[0]


@atexit.register
def _close_sessions() -> None:
    with _sessions_lock:
        while _sessions:
            _sessions.pop().close()


# ---- extract ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ExtractOutput:
    articles: tuple[Article, ...]
    skipped: Mapping[str, Mapping[str, int]]  # per source: reason -> count
    not_articles: tuple[str, ...] = ()  # fetched URLs that are listings, home or other pages: not refetched


def extract_stage(ctx: RunContext, pages: Sequence[Page]) -> ExtractOutput:
    """HTML pages to articles; listings, non-HTML, 304s and (in a backfill) articles outside the window are
    counted and left out."""
    articles: dict[str, Article] = {}
    skipped: dict[str, Counter[str]] = {}
    not_articles: list[str] = []
    for page in pages:
        reason = _skip_reason(page)
        article: Article | None = None
        if reason is None:
            source = ctx.source(page.source)
            try:
                extracted = extract_page(page.text, page.final_url or page.url, source.extract_overrides or None)
            except ExtractionError as exc:
                log.warning("%s: cannot extract %s: %s", page.source, page.url, exc)
                extracted = None
                reason = f"extraction_error:{type(exc).__name__}"
            if extracted is not None:
                article, reason = article_from_page(page, extracted, source)
            if article is not None and ctx.window is not None and article.published_at is not None:
                if not ctx.window.start <= _kyiv_date(article.published_at) <= ctx.window.end:
                    article, reason = None, "outside_window"
        if article is None:
            skipped.setdefault(page.source, Counter())[reason or "unknown"] += 1
            if reason and reason.startswith("page_type_"):
                not_articles.append(page.url)
            continue
        articles[article.url] = article  # a later capture of the same article wins
    return ExtractOutput(tuple(articles.values()), {k: dict(v) for k, v in skipped.items()}, tuple(not_articles))


def _skip_reason(page: Page) -> str | None:
    if page.status == 304:
        return "not_modified"
    if page.status != 200:
        return f"http_{page.status}"
    if page.content_type not in ("text/html", "application/xhtml+xml"):
        return "not_html"
    if not page.text.strip():
        return "empty"
    return None


def _kyiv_date(moment: datetime) -> date:
    from zoneinfo import ZoneInfo

    return moment.astimezone(ZoneInfo("Europe/Kyiv")).date()


# ---- events -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EventsOutput:
    mentions: tuple[EventMention, ...]


def events_stage(ctx: RunContext, articles: Sequence[Article]) -> EventsOutput:
    mentions: list[EventMention] = []
    for article in articles:
        mentions.extend(extract_mentions(article.url, article.body, article.published_at, article.language))
    return EventsOutput(tuple(mentions))


@dataclass(frozen=True, slots=True)
class ParsedPages:
    extracted: ExtractOutput
    events: EventsOutput


def parse_stage(ctx: RunContext, pages: Sequence[Page]) -> ParsedPages:
    """extract, then events, for one batch of fetched pages: both read one article at a time and nothing
    else, so a worker process can run them together beside the fetching (dedup needs the whole history and
    stays in the run's process)."""
    extracted = extract_stage(ctx, pages)
    return ParsedPages(extracted, events_stage(ctx, extracted.articles))


# ---- one chunk of article pages, through the worker processes -----------------------------------


@dataclass(frozen=True, slots=True)
class GatheredPages:
    """One chunk of article pages fetched, extracted and searched for events."""

    batch: FetchBatch
    parsed: ParsedPages


SPOOL_PREFIX = "ingest-pages-"


def gather_pages(ctx: RunContext, requests: Sequence[FetchRequest], fetch_processes: int,
                 parse_processes: int) -> GatheredPages:
    """fetch -> (extract, events) for one chunk: the fetch in the fetch worker process (one fetcher talks to
    the sites, one call at a time), then the parsing in an extraction worker process (0 processes: here).
    Called for several chunks at once from different threads, the chunks overlap: one is fetched while
    the one before is parsed. Between two worker processes the pages go through a spool file, not through
    this process: it gets the fetch batch without the page texts."""
    if fetch_processes <= 0 or parse_processes <= 0:
        batch = run_offloaded("fetch", fetch_processes, fetch_stage, ctx, requests)
        return GatheredPages(batch, run_offloaded("extract", parse_processes, parse_stage, ctx, batch.pages))
    batch, spool = run_offloaded("fetch", fetch_processes, fetch_to_spool, ctx, requests)
    return GatheredPages(batch, run_offloaded("extract", parse_processes, parse_spool, ctx, spool))


def fetch_to_spool(ctx: RunContext, requests: Sequence[FetchRequest]) -> tuple[FetchBatch, str]:
    """fetch_stage, with the pages written to a spool file (for parse_spool) and left out of the batch
    returned (its pages and outcomes carry text '')."""
    batch = fetch_stage(ctx, requests)
    folder = ctx.settings.resolved_spool_dir
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(prefix=SPOOL_PREFIX, suffix=".pickle", dir=folder, delete=False) as spool:
        pickle.dump(batch.pages, spool, protocol=pickle.HIGHEST_PROTOCOL)
    return _without_texts(batch), spool.name


def parse_spool(ctx: RunContext, spool: str) -> ParsedPages:
    """parse_stage over the pages of a spool file written by fetch_to_spool; the file is removed once they
    are parsed (a worker that dies meanwhile leaves it for the rerun)."""
    with open(spool, "rb") as handle:
        pages: tuple[Page, ...] = pickle.load(handle)
    parsed = parse_stage(ctx, pages)
    os.unlink(spool)
    return parsed


def clear_spool(settings: Settings) -> int:
    """Remove the spool files a killed run left behind (call while holding the writer lock: no other run is
    writing them); returns how many. They are copies: the pages are in the WARC archive."""
    removed = 0
    for leftover in settings.resolved_spool_dir.glob(f"{SPOOL_PREFIX}*.pickle"):
        leftover.unlink(missing_ok=True)
        removed += 1
    return removed


def _without_texts(batch: FetchBatch) -> FetchBatch:
    blank = {id(page): replace(page, text="") for page in batch.pages}
    outcomes = tuple(replace(o, page=blank[id(o.page)]) if o.page is not None and id(o.page) in blank else o
                     for o in batch.outcomes)
    return replace(batch, pages=tuple(blank.values()), outcomes=outcomes)
