"""Discovery: from the configured feeds, sitemaps and listing pages to article URLs.

The stage is a loop over *discovery tasks* (one document to read each): the caller supplies a function that
fetches a batch of task URLs and returns their decoded text, so this module stays free of HTTP and of the
warehouse. Sitemap indexes and listing pagination add further tasks until nothing new turns up.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit

from ingest.config import DiscoveryEntry, SourceConfig
from ingest.discover.parse import (
    DiscoveryParseError,
    Link,
    parse_feed,
    parse_listing,
    parse_sitemap,
)
from ingest.records import DiscoveredUrl, DiscoveryKind

log = logging.getLogger("ingest.discover")

HARD_PAGE_CAP = 500  # listing pages one entry may read in an exhaustive walk
HARD_SITEMAP_CAP = 200  # child sitemaps one index may open
# An exhaustive walk (backfill, first run) asks for this many listing pages per round instead of one: a
# month of a date-filtered listing takes 5 rounds instead of 20, at the cost of at most 3 pages read past
# its end. Daily runs, which read a few pages, keep to one page per round.
LISTING_LOOKAHEAD = 4


@dataclass(frozen=True, slots=True)
class DateWindow:
    """Inclusive range of publication dates of interest."""

    start: date
    end: date

    def contains(self, moment: datetime | None) -> bool:
        return moment is None or self.start <= moment.date() <= self.end + timedelta(days=1)

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"date window ends ({self.end}) before it starts ({self.start})")


@dataclass(frozen=True, slots=True)
class DiscoveryTask:
    """One feed, sitemap or listing page to read."""

    source: str
    kind: DiscoveryKind
    url: str
    entry_index: int
    page: int = 1


@dataclass(frozen=True, slots=True)
class SourcePlan:
    """How deep discovery goes for one source in this run."""

    window: DateWindow | None  # None: no date filter
    exhaustive: bool  # read listings until a page brings nothing new (first run, backfill)


@dataclass(slots=True)
class DiscoveryResult:
    urls: list[DiscoveredUrl] = field(default_factory=list)
    documents_read: dict[str, int] = field(default_factory=dict)  # per source
    documents_failed: dict[str, int] = field(default_factory=dict)  # per source
    outside_window: dict[str, int] = field(default_factory=dict)  # per source


# fetch_texts(tasks) -> {task.url: decoded text, or None when it could not be fetched}
TextFetcher = Callable[[Sequence[DiscoveryTask]], Mapping[str, str | None]]


def listing_url(entry: DiscoveryEntry, page: int, window: DateWindow | None) -> str:
    """The URL of listing page `page` (1-based), with the date window filled in where the site filters."""
    if entry.page_url is None or (page == 1 and "{date_from}" not in entry.page_url):
        return entry.url
    start = window.start if window else date(2000, 1, 1)
    end = window.end if window else date.today()
    return entry.page_url.format(
        page=page, date_from=start.strftime(entry.date_format), date_to=end.strftime(entry.date_format)
    )


def entries_for(source: SourceConfig, plan: SourcePlan) -> list[int]:
    """Indexes of the discovery entries this plan reads. A backfill (a window read exhaustively) skips the
    listings that cannot filter by date when the source has a sitemap, whose lastmod dates do."""
    has_sitemap = any(e.kind == "sitemap" for e in source.discovery)
    chosen: list[int] = []
    for i, entry in enumerate(source.discovery):
        undated_listing = entry.kind == "listing" and "{date_from}" not in (entry.page_url or "")
        if plan.exhaustive and plan.window is not None and has_sitemap and undated_listing:
            continue
        chosen.append(i)
    return chosen


def initial_tasks(source: SourceConfig, plan: SourcePlan) -> list[DiscoveryTask]:
    tasks = []
    for i in entries_for(source, plan):
        entry = source.discovery[i]
        url = listing_url(entry, 1, plan.window) if entry.kind == "listing" else entry.url
        tasks.append(DiscoveryTask(source.name, entry.kind, url, i))
    return tasks


ParsedDocuments = dict[tuple[str, str], tuple[str, tuple[Link, ...], tuple[Link, ...]]]
"""Feeds and sitemaps already read, by (source, URL): (text, on-site article links, child sitemaps). A backfill reads
the same documents every month; kept with its memo of their texts, each is parsed and filtered once."""


def _links_of(task: DiscoveryTask, text: str, source: SourceConfig,
              parsed: ParsedDocuments | None) -> tuple[tuple[Link, ...], tuple[Link, ...]]:
    """(the article links on the source's own hosts, the child sitemaps) of the feed or sitemap `text` of
    `task`: parsed, or taken from `parsed` when it holds the same text."""
    if parsed is not None:
        known = parsed.get((task.source, task.url))
        if known is not None and known[0] == text:
            return known[1], known[2]
    links: tuple[Link, ...]
    children: tuple[Link, ...] = ()
    if task.kind == "feed":
        links = parse_feed(text, task.url)
    else:
        doc = parse_sitemap(text, task.url)
        links, children = doc.links, doc.children
    on_site = tuple(link for link in links if _same_site(link.url, source))
    if parsed is not None:
        parsed[task.source, task.url] = (text, on_site, children)
    return on_site, children


def _same_site(url: str, source: SourceConfig) -> bool:
    return (urlsplit(url).hostname or "").lower() in source.allowed_hosts


def process_document(
    task: DiscoveryTask, text: str, source: SourceConfig, plan: SourcePlan, seen: set[str],
    entry_seen: set[str] | None = None, parsed: ParsedDocuments | None = None,
) -> tuple[list[Link], list[DiscoveryTask]]:
    """Links found in one document, and the further documents it leads to. `seen` holds the article URLs
    already found for this source in this run, `entry_seen` those found through this discovery entry (both
    updated in place): a listing goes on to its next page while a page brings links new to the entry, even
    when a feed already gave them. `parsed`: feeds and sitemaps parsed before, reused when their text is
    the same."""
    entry = source.discovery[task.entry_index]
    entry_seen = set() if entry_seen is None else entry_seen
    follow: list[DiscoveryTask] = []
    if task.kind in ("feed", "sitemap"):
        links, children = _links_of(task, text, source, parsed)
        on_site = list(links)
        for child in children[:HARD_SITEMAP_CAP]:
            if plan.window is None or child.published is None or child.published.date() >= plan.window.start:
                follow.append(DiscoveryTask(source.name, "sitemap", child.url, task.entry_index))
    else:
        assert entry.link_selector is not None  # validated in config
        found = parse_listing(text, task.url, entry.link_selector)
        on_site = [link for link in found if _same_site(link.url, source)]
    new_to_entry = [link for link in on_site if link.url not in entry_seen]
    entry_seen.update(link.url for link in on_site)
    new = [link for link in on_site if link.url not in seen]
    seen.update(link.url for link in new)
    if task.kind == "listing" and new_to_entry and entry.page_url is not None:
        follow.extend(_next_listing_pages(task, entry, source, plan))
    return new, follow


def _next_listing_pages(task: DiscoveryTask, entry: DiscoveryEntry, source: SourceConfig,
                        plan: SourcePlan) -> list[DiscoveryTask]:
    """The listing pages to read after `task.page`, which brought new links. Pages are asked for in groups
    (pages 2..1+k, then 2+k..1+2k, ...); the last page of a group decides whether the walk goes on."""
    step = LISTING_LOOKAHEAD if plan.exhaustive else 1
    limit = HARD_PAGE_CAP if plan.exhaustive else entry.max_pages
    if (task.page - 1) % step:
        return []  # not the last page of its group
    last = min(task.page + step, limit)
    return [DiscoveryTask(source.name, "listing", listing_url(entry, page, plan.window), task.entry_index, page)
            for page in range(task.page + 1, last + 1)]


def discover(
    sources: Iterable[SourceConfig], plans: Mapping[str, SourcePlan], fetch_texts: TextFetcher,
    parsed: ParsedDocuments | None = None,
) -> DiscoveryResult:
    """Read every source's discovery documents breadth-first, one fetch batch per round. `parsed`: feeds and
    sitemaps parsed by an earlier call (a backfill's previous month), filled in by this one."""
    by_name = {s.name: s for s in sources}
    result = DiscoveryResult()
    seen: dict[str, set[str]] = {name: set() for name in by_name}
    entry_seen: dict[tuple[str, int], set[str]] = {}
    pending = [task for name, s in by_name.items() for task in initial_tasks(s, plans[name])]
    visited: set[str] = set()
    while pending:
        batch = [t for t in pending if t.url not in visited]
        visited.update(t.url for t in batch)
        texts = fetch_texts(batch) if batch else {}
        pending = []
        for task in batch:
            source = by_name[task.source]
            plan = plans[task.source]
            text = texts.get(task.url)
            if text is None:
                result.documents_failed[task.source] = result.documents_failed.get(task.source, 0) + 1
                continue
            try:
                links, follow = process_document(task, text, source, plan, seen[task.source],
                                                 entry_seen.setdefault((task.source, task.entry_index), set()),
                                                 parsed)
            except DiscoveryParseError as exc:
                log.warning("%s: %s", task.source, exc)
                result.documents_failed[task.source] = result.documents_failed.get(task.source, 0) + 1
                continue
            result.documents_read[task.source] = result.documents_read.get(task.source, 0) + 1
            pending.extend(follow)
            for link in links:
                if plan.window is not None and not plan.window.contains(link.published):
                    result.outside_window[task.source] = result.outside_window.get(task.source, 0) + 1
                    continue
                result.urls.append(DiscoveredUrl(task.source, link.url, task.url, link.published, link.title))
    return result


__all__ = [
    "DateWindow",
    "DiscoveryResult",
    "DiscoveryTask",
    "SourcePlan",
    "TextFetcher",
    "discover",
    "initial_tasks",
    "listing_url",
    "ParsedDocuments",
    "process_document",
]
