"""Records of the dedup stage: what goes in (DedupDoc), what the warehouse persists (SignatureRow), what comes
out (DedupResult). The shared ClusterAssignment / ClusterMerge / TranslationLink live in ingest.records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from ingest.records import ClusterAssignment, ClusterMerge, StageCounts, TranslationLink


class InvalidDedupInput(ValueError):
    """A document or stored row handed to dedup is malformed (the message names the field)."""


@dataclass(frozen=True, slots=True)
class DedupDoc:
    """One article to deduplicate. `url` is its key (already in canonical_url form, as Article.url)."""

    url: str
    text: str
    published_at: datetime | None = None
    source: str = ""
    source_kind: str = "news"  # official | news
    language: str | None = None
    title: str | None = None
    alternates: tuple[tuple[str, str], ...] = ()  # (hreflang, url) as the page declares them

    def __post_init__(self) -> None:
        if not isinstance(self.url, str) or not self.url:
            raise InvalidDedupInput(f"DedupDoc.url must be a non-empty string, got {self.url!r}")
        if not isinstance(self.text, str):
            raise InvalidDedupInput(f"DedupDoc.text of {self.url} must be str, got {type(self.text).__name__}")
        if self.published_at is not None and not isinstance(self.published_at, datetime):
            raise InvalidDedupInput(f"DedupDoc.published_at of {self.url} must be a datetime or None")


@dataclass(frozen=True, slots=True)
class SignatureRow:
    """What must be persisted per article so later runs can compare new articles with it.

    Suggested table `article_signatures` (one row per article URL, never updated except by the merge
    bookkeeping in `cluster_merges`): url VARCHAR PRIMARY KEY, cluster_id VARCHAR, method VARCHAR,
    signature BLOB (num_perm little-endian uint32), shingle_count INTEGER, exact_key VARCHAR,
    published_at TIMESTAMPTZ, source VARCHAR, source_kind VARCHAR, language VARCHAR, credits VARCHAR[],
    facts VARCHAR[], alternates VARCHAR[], sample BLOB, sample_full BOOLEAN.
    """

    url: str
    cluster_id: str  # the id given when the article was loaded; merges are resolved through ClusterMerge rows
    method: str  # new | exact | near (how it joined its cluster)
    signature: bytes
    shingle_count: int
    exact_key: str  # blake2b-128 hex of the normalised token sequence (equal bodies <=> equal keys)
    published_at: datetime | None
    source: str
    source_kind: str
    language: str | None
    credits: tuple[str, ...] = ()  # source families the text credits ("according to Ukrinform")
    facts: tuple[str, ...] = ()  # names and numbers, for matching translations
    alternates: tuple[str, ...] = ()  # canonical URLs of its hreflang alternates
    sample: bytes = b""  # sorted distinct shingle hashes (little-endian uint32): all of them, or 1 in 8
    sample_full: bool = False  # True when `sample` holds every shingle of the text


@dataclass(frozen=True, slots=True)
class DedupResult:
    """Outcome of one assign_clusters call."""

    assignments: tuple[ClusterAssignment, ...]  # one per new document, in input order
    updated: tuple[ClusterAssignment, ...]  # earlier articles whose is_canonical / copy_of changed
    merges: tuple[ClusterMerge, ...]
    translations: tuple[TranslationLink, ...]
    rows: tuple[SignatureRow, ...]  # signature rows of the new articles (URL duplicates add none)
    counts: StageCounts


def timestamp(value: datetime | None) -> float:
    """Seconds since the epoch (naive datetimes are taken as UTC); +inf when unknown (sorts last)."""
    if value is None:
        return float("inf")
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.timestamp()
