"""From mentions to facts: one EventFact per real-world event, copies of one story counted once.

Fact keys (deterministic, readable):
  agreement_signed|GB                 one signing per partner under the G7 track
  negotiations_started|IT             one start of talks per partner
  negotiation_round|US|3              numbered round; unnumbered rounds key on their date
  negotiation_round|EU|2024-06-09
  agreement_planned|CZ|2024-07-18     a plan with a stated date; undated plans: agreement_planned|PL
  count_claim|signed|17|2024-06-13    a printed count (scope, number, as-of date)

A mention whose date is only the article's "as of" date takes its syndication cluster's earliest date
(publication day for count claims, report day for events), so a copy published a day later still lands on
the same fact.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from ingest.events.dates import kyiv_date
from ingest.events.extractor import reported_day
from ingest.records import DatePrecision, EventMention, EventType

_PRECISION_RANK = {"day": 0, "month": 1, "year": 2, "unknown": 3}


@dataclass(frozen=True, slots=True)
class ArticleMeta:
    """What aggregation needs to know about an article."""

    published_at: datetime | None
    first_seen_at: datetime | None = None

    @property
    def seen_at(self) -> datetime | None:
        return self.published_at or self.first_seen_at


@dataclass(frozen=True, slots=True)
class EventFact:
    """One row of `events`."""

    fact_key: str
    event_type: EventType
    partner: str | None
    event_date: date | None
    date_precision: DatePrecision
    count: int | None
    ordinal: int | None
    count_scope: str | None
    mention_count: int
    source_count: int  # distinct syndication clusters
    first_seen_at: datetime | None
    last_seen_at: datetime | None
    latest_evidence: str
    latest_evidence_url: str


def _effective_date(
    m: EventMention, cluster_days: Mapping[str, tuple[date, date]], cluster_of: Mapping[str, str]
) -> tuple[date | None, DatePrecision]:
    """A stated date stays; an "as of the article" date becomes its story's: the first publication day for
    count claims, the first report's event day (see extractor.reported_day) for events."""
    if m.date_is_event or m.event_date is None:
        return m.event_date, m.date_precision
    days = cluster_days.get(cluster_of[m.article_url])
    if days is None:
        return m.event_date, m.date_precision
    return (days[0] if m.event_type == "count_claim" else days[1]), "day"


def fact_key(m: EventMention, effective: date | None) -> str:
    """The key of the fact a mention states (see the module docstring)."""
    day = effective.isoformat() if effective else "undated"
    if m.event_type in ("agreement_signed", "negotiations_started"):
        return f"{m.event_type}|{m.partner}"
    if m.event_type == "negotiation_round":
        return f"{m.event_type}|{m.partner}|{m.ordinal if m.ordinal is not None else day}"
    if m.event_type == "agreement_planned":
        return f"{m.event_type}|{m.partner}|{day}" if m.date_is_event else f"{m.event_type}|{m.partner}"
    return f"count_claim|{m.count_scope or 'signed'}|{m.count}|{day}"


def _best_date(dated: list[tuple[date | None, DatePrecision, bool]]) -> tuple[date | None, DatePrecision]:
    """The most-stated event date (stated dates beat "as of" ones; finer precision, then earlier, wins ties)."""
    for pool in ([d for d in dated if d[0] and d[2]], [d for d in dated if d[0]]):
        if pool:
            votes = Counter((d, p) for d, p, _ in pool)
            (best, precision), _ = min(
                votes.items(), key=lambda kv: (-kv[1], _PRECISION_RANK[kv[0][1]], kv[0][0])
            )
            return best, precision
    return None, "unknown"


def aggregate_events(
    mentions: Iterable[EventMention],
    article_clusters: Mapping[str, str],
    article_meta: Mapping[str, ArticleMeta],
    min_confidence: float = 0.0,
) -> list[EventFact]:
    """Group mentions into facts, sorted by fact key. Pure.

    `article_clusters` maps article URL -> syndication cluster id (an article missing from it is its own
    cluster); `article_meta` maps article URL -> ArticleMeta (missing: unknown dates).
    """
    kept = [m for m in mentions if m.confidence >= min_confidence]
    cluster_of = {m.article_url: article_clusters.get(m.article_url, m.article_url) for m in kept}
    cluster_days: dict[str, tuple[date, date]] = {}  # cluster -> (first publication day, first report day)
    for url, cluster in cluster_of.items():
        meta = article_meta.get(url)
        published, reported = (kyiv_date(meta.seen_at), reported_day(meta.seen_at)) if meta else (None, None)
        if published is None or reported is None:
            continue
        known = cluster_days.get(cluster)
        cluster_days[cluster] = (min(known[0], published), min(known[1], reported)) if known else (published, reported)
    groups: dict[str, list[tuple[EventMention, date | None, DatePrecision]]] = defaultdict(list)
    for m in kept:
        eff, precision = _effective_date(m, cluster_days, cluster_of)
        groups[fact_key(m, eff)].append((m, eff, precision))
    facts: list[EventFact] = []
    for key in sorted(groups):
        items = groups[key]
        first = items[0][0]
        event_date, precision = _best_date([(eff, p, m.date_is_event) for m, eff, p in items])
        seen = [s for m, _, _ in items if (meta := article_meta.get(m.article_url)) and (s := meta.seen_at)]
        latest = max(
            items,
            key=lambda it: (
                (meta.seen_at.timestamp() if (meta := article_meta.get(it[0].article_url)) and meta.seen_at else 0.0),
                it[0].confidence,
                it[0].article_url,
            ),
        )[0]
        ordinals = Counter(m.ordinal for m, _, _ in items if m.ordinal is not None)
        facts.append(
            EventFact(
                fact_key=key,
                event_type=first.event_type,
                partner=first.partner,
                event_date=event_date,
                date_precision=precision,
                count=first.count,
                ordinal=min(ordinals, key=lambda o: (-ordinals[o], o)) if ordinals else None,
                count_scope=first.count_scope,
                mention_count=len(items),
                source_count=len({cluster_of[m.article_url] for m, _, _ in items}),
                first_seen_at=min(seen) if seen else None,
                last_seen_at=max(seen) if seen else None,
                latest_evidence=latest.evidence,
                latest_evidence_url=latest.article_url,
            )
        )
    return facts
