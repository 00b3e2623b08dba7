"""The stages of one run as plain functions over serialisable batches.

discover -> select -> fetch -> extract -> dedup -> events -> load. Each takes records and returns records
plus counts; only `plan`, `select`, `dedup` (history) and `load` read or write the warehouse, and they do it
through ingest.warehouse. Flows in flows/ call these functions as Prefect tasks; nothing here imports Prefect.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlsplit

from ingest.dedup import DedupDoc, DedupIndex, SignatureRow, assign_clusters, canonical_url
from ingest.discover import DateWindow, DiscoveryTask, ParsedDocuments, SourcePlan, discover
from ingest.events import ArticleMeta, aggregate_events
from ingest.fetch import (
    FetchBatch,
    FetchRequest,
    RobotsCache,
    blocked_advice,
    is_transient,
)
from ingest.pipeline import page_stages
from ingest.pipeline.context import RunContext
from ingest.pipeline.page_stages import DocumentFetcher, EventsOutput, fetch_config
from ingest.pipeline.run import RunOutcome, RunTotals, outcome_for
from ingest.records import (
    Article,
    ClusterAssignment,
    ClusterMerge,
    DiscoveredUrl,
    FetchAttempt,
    Page,
    TranslationLink,
    resolve_merges,
)
from ingest.warehouse import RunBatch, UrlState, Warehouse

log = logging.getLogger("ingest.pipeline")

INITIAL_SINCE = date(2023, 7, 1)  # the G7 Joint Declaration track starts on 2023-07-12



# ---- plan ---------------------------------------------------------------------------------------


def plan_sources(wh: Warehouse, ctx: RunContext, today: date | None = None) -> dict[str, SourcePlan]:
    """How deep each source's discovery goes. A backfill reads its window exhaustively; a daily run reads
    since the source's last run (minus the look-back), exhaustively only for a source with no history."""
    today = today or datetime.now(timezone.utc).date()
    plans: dict[str, SourcePlan] = {}
    for source in ctx.sources:
        if ctx.window is not None:
            plans[source.name] = SourcePlan(ctx.window, exhaustive=True)
            continue
        last = wh.last_completed_run(source.name)
        if last is None:
            plans[source.name] = SourcePlan(DateWindow(INITIAL_SINCE, today), exhaustive=True)
        else:
            since = min(last.date(), today) - timedelta(days=ctx.settings.lookback_days)
            plans[source.name] = SourcePlan(DateWindow(since, today), exhaustive=False)
    return plans


# ---- discover -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DiscoverOutput:
    urls: tuple[DiscoveredUrl, ...]
    attempts: tuple[FetchAttempt, ...]
    documents_read: Mapping[str, int]
    documents_failed: Mapping[str, int]
    advice: Mapping[str, str] = field(default_factory=dict)


class DocumentMemo(dict[str, str]):
    """Feeds and sitemaps already read by this backfill, by URL: the months of one backfill read each of them
    once (listing pages carry the month in their URL and are always fetched), and parse each once (`parsed`)."""

    def __init__(self) -> None:
        super().__init__()
        self.parsed: ParsedDocuments = {}


def discover_stage(ctx: RunContext, plans: Mapping[str, SourcePlan], memo: DocumentMemo | None = None,
                   fetch_documents: DocumentFetcher = page_stages.fetch_documents) -> DiscoverOutput:
    """Read feeds, sitemaps and listings of every source; every HTTP attempt is kept, every body archived.
    `fetch_documents` fetches each round of documents (the flow passes one that runs it in the fetch worker,
    in turn with the article pages)."""
    config = fetch_config(ctx.settings, ctx.fetch_overrides)
    attempts: list[FetchAttempt] = []
    advice: dict[str, str] = {}
    robots = RobotsCache(ttl_s=config.robots_ttl_s)

    def fetch_texts(tasks: Sequence[DiscoveryTask]) -> dict[str, str | None]:
        nonlocal robots
        texts: dict[str, str | None] = {t.url: None for t in tasks}
        if memo is not None:
            texts.update((t.url, memo[t.url]) for t in tasks if t.url in memo)
        todo = [t for t in tasks if texts[t.url] is None]
        requests = [
            FetchRequest(t.source, t.url, "discovery", ctx.source(t.source).allowed_hosts) for t in todo
        ]
        if not requests:
            return texts
        batch, robots = fetch_documents(ctx, requests, robots)
        attempts.extend(batch.attempts)
        advice.update(_advice(batch))
        for page in batch.pages:
            if page.status == 200:
                texts[page.url] = page.text
        for task, outcome in zip(todo, batch.outcomes):
            if task.kind == "listing" and task.page > 1 and outcome.error_kind == "not_found":
                texts[task.url] = ""  # past the last listing page: the end, not a failure
            text = texts[task.url]
            if memo is not None and task.kind != "listing" and text is not None:
                memo[task.url] = text
        return texts

    result = discover(ctx.sources, plans, fetch_texts, memo.parsed if memo is not None else None)
    unique: dict[str, DiscoveredUrl] = {}
    for found in result.urls:
        unique.setdefault(canonical_url(found.url), found)
    for name in ctx.source_names:
        log.info(
            "%s: %d documents read, %d failed, %d article URLs (%d outside the window)",
            name, result.documents_read.get(name, 0), result.documents_failed.get(name, 0),
            sum(1 for u in unique.values() if u.source == name), result.outside_window.get(name, 0),
        )
    return DiscoverOutput(tuple(unique.values()), tuple(attempts), dict(result.documents_read),
                          dict(result.documents_failed), advice)


def _advice(batch: FetchBatch) -> dict[str, str]:
    """Operator advice per source whose host refused the fetcher (403)."""
    return {a.source: blocked_advice(urlsplit(a.url).hostname or "") for a in batch.attempts
            if a.error_kind == "blocked"}


# ---- select -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Selection:
    requests: tuple[FetchRequest, ...]
    already_loaded: Mapping[str, int]  # per source: discovered URLs skipped because they are loaded
    retried: Mapping[str, int]  # per source: pending URLs from earlier runs tried again


def select_stage(wh: Warehouse, ctx: RunContext, discovered: Sequence[DiscoveredUrl]) -> Selection:
    """Which article URLs to fetch: new ones, pending ones from earlier runs, and (with a refresh window)
    loaded ones old enough to look at again, with their validators for a conditional GET."""
    by_url: dict[str, DiscoveredUrl] = {}
    for item in discovered:
        by_url.setdefault(canonical_url(item.url), item)
    pending = wh.pending_urls(ctx.source_names, ctx.settings.max_runs_pending)
    retried: Counter[str] = Counter()
    for source, url in pending:
        key = canonical_url(url)
        if key not in by_url:
            retried[source] += 1
            by_url[key] = DiscoveredUrl(source, url, "pending")
    loaded = wh.article_urls(by_url)
    states = wh.url_states(item.url for item in by_url.values())
    refresh_before = (
        datetime.now(timezone.utc) - timedelta(days=ctx.settings.refresh_days)
        if ctx.settings.refresh_days is not None else None
    )
    requests: list[FetchRequest] = []
    skipped: Counter[str] = Counter()
    for key, item in sorted(by_url.items()):
        state = states.get(item.url)
        if state is not None and state.state == "dead":
            skipped[item.source] += 1
            continue
        if key in loaded or (state is not None and state.state == "skipped"):
            # loaded, or fetched before and found not to be an article (or not worth another try)
            last = state.last_attempt_at if state else None
            if refresh_before is None or (last is not None and last > refresh_before):
                skipped[item.source] += 1
                continue
        etag = state.etag if state and key in loaded else None
        modified = state.last_modified if state and key in loaded else None
        requests.append(FetchRequest(item.source, item.url, "article", ctx.source(item.source).allowed_hosts,
                                     etag, modified))
    return Selection(tuple(requests), dict(skipped), dict(retried))


# ---- fetch --------------------------------------------------------------------------------------


def url_updates(ctx: RunContext, requests: Sequence[FetchRequest], attempts: Sequence[FetchAttempt],
                fetched: Sequence[Page], previous: Mapping[str, UrlState],
                not_articles: Collection[str] = ()) -> list[UrlState]:
    """The new state of every requested article URL after this run's attempts."""
    final: dict[str, FetchAttempt] = {}
    for attempt in attempts:
        if attempt.purpose == "article":
            final[attempt.url] = attempt
    pages = {p.url: p for p in fetched}
    updates: list[UrlState] = []
    for request in requests:
        last = final.get(request.url)
        page = pages.get(request.url)
        before = previous.get(request.url)
        runs = (before.runs_attempted if before else 0) + 1
        if page is not None:
            state = "skipped" if request.url in not_articles else "done"
        elif last is not None and last.error_kind and not _retry_later(last.error_kind):
            state = "skipped"
        else:
            state = "dead" if runs >= ctx.settings.max_runs_pending else "pending"
        updates.append(UrlState(
            url=request.url, source=request.source, state=state, runs_attempted=runs,
            etag=(page.etag if page else None) or (before.etag if before else None),
            last_modified=(page.last_modified if page else None) or (before.last_modified if before else None),
            last_attempt_at=last.fetched_at if last else datetime.now(timezone.utc),
            last_error_kind=last.error_kind if last else None,
            last_status=last.status if last else None,
        ))
    return updates


def _retry_later(error_kind: str) -> bool:
    """Whether a later run should try the URL again: transient failures, and 403s (an operator may change
    the user agent or the network)."""
    return is_transient(error_kind) or error_kind == "blocked"


# ---- dedup --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DedupOutput:
    assignments: tuple[ClusterAssignment, ...]
    merges: tuple[ClusterMerge, ...]
    translations: tuple[TranslationLink, ...]
    signatures: tuple[SignatureRow, ...]
    exact_url_duplicates: int = 0


def dedup_documents(articles: Sequence[Article], ctx: RunContext) -> list[DedupDoc]:
    return [
        DedupDoc(url=a.url, text=a.body, published_at=a.published_at, source=a.source,
                 source_kind=ctx.source(a.source).kind, language=a.language, title=a.title,
                 alternates=a.alternates)
        for a in articles
    ]


DEDUP_BATCH = 1000  # new articles clustered per assign_clusters call (bounds memory on large backfills)


class DedupHistory:
    """The dedup index of every article loaded so far, kept from one window of a flow run to the next (a
    backfill's months) so that each window does not rebuild it from the warehouse. Use one per flow run and
    settle windows one after another: the index then always equals what the warehouse holds."""

    def __init__(self) -> None:
        self.index: DedupIndex | None = None


def dedup_stage(wh: Warehouse, ctx: RunContext, articles: Sequence[Article],
                history: DedupHistory | None = None) -> DedupOutput:
    """Cluster this run's new articles against every article loaded before, in publication order, a bounded
    batch at a time (each batch joins the index before the next is compared with it)."""
    loaded = wh.article_urls(a.url for a in articles)
    fresh = sorted((a for a in articles if a.url not in loaded),
                   key=lambda a: (a.published_at is None, a.published_at or datetime.min.replace(tzinfo=timezone.utc), a.url))
    if not fresh:
        return DedupOutput((), (), (), ())
    index = history.index if history is not None else None
    if index is None:
        index = DedupIndex.from_rows(wh.dedup_signatures(), ctx.dedup, wh.cluster_merges())
        if history is not None:
            history.index = index
    assignments: dict[str, ClusterAssignment] = {}
    merges: list[ClusterMerge] = []
    translations: list[TranslationLink] = []
    rows: list[SignatureRow] = []
    for first in range(0, len(fresh), DEDUP_BATCH):
        result = assign_clusters(dedup_documents(fresh[first:first + DEDUP_BATCH], ctx), index, ctx.dedup)
        index.apply(result)
        for assignment in (*result.assignments, *result.updated):
            assignments[assignment.article_url] = assignment  # a later batch may move the canonical flag
        merges.extend(result.merges)
        translations.extend(result.translations)
        rows.extend(result.rows)
    return DedupOutput(tuple(assignments.values()), tuple(merges), tuple(translations), tuple(rows))


# ---- load ---------------------------------------------------------------------------------------


def load_stage(wh: Warehouse, ctx: RunContext, totals: RunTotals) -> RunOutcome:
    """Write the run in one transaction and rebuild the event facts; returns the run report."""
    loaded_before = wh.article_urls(a.url for a in totals.articles)
    new_articles = [a for a in totals.articles if a.url not in loaded_before]
    dedup = totals.dedup or DedupOutput((), (), (), ())
    events = totals.events or EventsOutput(())
    updates = url_updates(ctx, totals.requests, totals.attempts, totals.pages, totals.previous_states,
                          set(totals.not_articles))
    wh.load_batch(RunBatch(
        run_id=ctx.run_id, attempts=totals.attempts, url_updates=updates,
        captures=[p for p in totals.pages if p.warc_file], articles=totals.articles,
        clusters=dedup.assignments, merges=dedup.merges, translations=dedup.translations,
        mentions=events.mentions, signatures=dedup.signatures,
        facts=event_facts(wh, totals.articles, dedup, events), clear_mentions_of=[a.url for a in totals.articles],
    ))
    return outcome_for(ctx, totals, new_articles)


def event_facts(wh: Warehouse, articles: Sequence[Article], dedup: DedupOutput, events: EventsOutput) -> list[Any]:
    """The whole `events` table as it must stand after this load: every stored mention (but those this run
    replaces) and this run's mentions, grouped by fact, copies of one story counted once."""
    replaced = {a.url for a in articles}
    mentions = wh.mentions_except(replaced) + list(events.mentions)
    mentioned = {m.article_url for m in mentions}  # the facts read only the articles with mentions
    clusters = wh.cluster_map(mentioned)
    clusters.update({c.article_url: c.cluster_id for c in dedup.assignments if c.article_url in mentioned})
    merged = resolve_merges(dedup.merges)
    if merged:
        clusters = {url: merged.get(cid, cid) for url, cid in clusters.items()}
    times = wh.article_times(mentioned)
    times.update({a.url: (a.published_at, a.fetched_at) for a in articles if a.url in mentioned})
    meta = {url: ArticleMeta(published, seen) for url, (published, seen) in times.items()}
    return aggregate_events(mentions, clusters, meta)
