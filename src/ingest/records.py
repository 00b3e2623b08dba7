"""Typed records that flow between the stages.

discover -> DiscoveredUrl
fetch    -> FetchAttempt (every HTTP attempt) and Page (every usable response)
extract  -> ExtractedPage (what one HTML page says) -> Article (an extracted page bound to its source)
dedup    -> ClusterAssignment, TranslationLink
events   -> EventMention

Every record is a frozen, slotted dataclass of plain values (str, int, float, datetime, tuples), so a
batch of them pickles and can cross process or machine boundaries (Prefect task runners, Dask, Ray).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from ingest.pickling import fast_pickling

SourceKind = Literal["official", "news"]
DiscoveryKind = Literal["feed", "sitemap", "listing"]
PageType = Literal["article", "listing", "home", "tag", "other"]
DatePrecision = Literal["day", "month", "year", "unknown"]
EventType = Literal[
    "negotiations_started",
    "negotiation_round",
    "agreement_signed",
    "agreement_planned",
    "count_claim",
]


@fast_pickling
@dataclass(frozen=True, slots=True)
class DiscoveredUrl:
    """An article URL found on a feed, sitemap or listing page of a source."""

    source: str
    url: str
    via: str  # the feed, sitemap or listing URL it was found on
    published_hint: datetime | None = None  # date the feed/listing gives, if any
    title_hint: str | None = None


@fast_pickling
@dataclass(frozen=True, slots=True)
class FetchAttempt:
    """One HTTP attempt; one row of the `fetches` table."""

    source: str
    url: str
    attempt: int  # 1 for the first try of this URL in this run
    purpose: Literal["discovery", "article", "robots"]
    status: int | None  # None when no response arrived
    bytes: int
    elapsed_ms: float
    error_kind: str | None  # None on success; e.g. timeout, connect, http_5xx, blocked, too_large
    fetched_at: datetime
    final_url: str | None = None
    error_detail: str | None = None


@fast_pickling
@dataclass(frozen=True, slots=True)
class Page:
    """A response worth passing on: 2xx with a body (or 304 Not Modified, with no body)."""

    source: str
    url: str  # the URL as requested (the real one, never a mirror address)
    final_url: str  # after redirects
    status: int
    content_type: str  # media type without parameters, lower case
    text: str  # body decoded to str ('' for 304)
    fetched_at: datetime
    etag: str | None = None
    last_modified: str | None = None
    payload_digest: str | None = None  # sha1 of the raw body, as in WARC-Payload-Digest
    warc_file: str | None = None
    warc_offset: int | None = None


@fast_pickling
@dataclass(frozen=True, slots=True)
class ExtractedPage:
    """What the extractor reads from one HTML page, before it is bound to a source."""

    title: str | None
    body: str  # paragraphs separated by a blank line
    published: datetime | None
    modified: datetime | None
    authors: tuple[str, ...]
    language: str | None  # ISO 639-1
    canonical_url: str | None
    page_type: PageType
    alternates: tuple[tuple[str, str], ...] = ()  # (hreflang, url)


@fast_pickling
@dataclass(frozen=True, slots=True)
class Article:
    """An article page bound to its source; one row of `articles` per canonical URL."""

    url: str  # canonical form of the URL (see dedup.urls.canonical_url)
    source: str
    fetched_url: str
    title: str | None
    published_at: datetime | None
    modified_at: datetime | None
    authors: tuple[str, ...]
    language: str | None
    body: str
    body_hash: str  # sha256 hex of the normalised body
    canonical_link: str | None  # rel=canonical as the page declares it
    alternates: tuple[tuple[str, str], ...] = ()
    fetched_at: datetime | None = None
    payload_digest: str | None = None


@fast_pickling
@dataclass(frozen=True, slots=True)
class ClusterAssignment:
    """Which syndication cluster (story) an article belongs to."""

    article_url: str
    cluster_id: str
    is_canonical: bool
    copy_of: str | None  # the article URL this one copies (None for the canonical member)
    similarity: float | None = None  # containment with what it copies, when near-duplicate
    method: str = "new"  # new | url | exact | near


@dataclass(frozen=True, slots=True)
class ClusterMerge:
    """Two clusters found to be one story: `merged_id` now lives on as `kept_id`."""

    kept_id: str
    merged_id: str


def resolve_merges(merges: Iterable[ClusterMerge]) -> dict[str, str]:
    """merged cluster id -> the id it lives on as now, following chains (a merged into b, b into c: a -> c)."""
    parent = {m.merged_id: m.kept_id for m in merges if m.merged_id != m.kept_id}
    final: dict[str, str] = {}
    for merged in parent:
        seen = {merged}
        target = parent[merged]
        while target in parent and target not in seen:  # a cycle would be a bug upstream: stop, do not spin
            seen.add(target)
            target = parent[target]
        final[merged] = target
    return final


@dataclass(frozen=True, slots=True)
class TranslationLink:
    """Two editions of one release in different languages."""

    article_url: str
    translation_url: str
    method: str  # hreflang | heuristic


@fast_pickling
@dataclass(frozen=True, slots=True)
class EventMention:
    """One statement of an event in one article, with the sentence that states it."""

    article_url: str
    event_type: EventType
    partner: str | None  # ISO 3166-1 alpha-2 or "EU"; None for count claims
    event_date: date | None
    date_precision: DatePrecision
    date_is_event: bool  # False when the date is only the article's "as of" date
    evidence: str
    evidence_start: int  # character offsets into Article.body
    evidence_end: int
    confidence: float
    extractor_version: str
    count: int | None = None  # for count_claim
    ordinal: int | None = None  # round number or "the 11th country"
    people: tuple[str, ...] = ()  # negotiators or signatories, canonical names
    count_scope: str | None = None  # signed | planned (count_claim)


@fast_pickling
@dataclass(frozen=True, slots=True)
class StageCounts:
    """Counts a stage reports for the run summary: seen, ok, skipped, failed by reason."""

    seen: int = 0
    ok: int = 0
    skipped: int = 0
    failed: dict[str, int] = field(default_factory=dict)
