"""Score extracted mentions against annotated truth: precision and recall per event type, date accuracy.

Per page, an event is identified by its type and partner (count claims: by scope and number). A truth
event counts as found when a mention with the same identity exists; its date is right when the best
mention of that identity (a stated date first, then the most confident) has the annotated date at the
annotated precision (undated truth events want an undated mention).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from ingest.records import EventMention

EVENT_TYPES = ("negotiations_started", "negotiation_round", "agreement_signed", "agreement_planned", "count_claim")


@dataclass(frozen=True, slots=True)
class TruthEvent:
    type: str
    partner: str | None
    date: str | None  # YYYY-MM-DD, YYYY-MM or YYYY as the precision says
    ordinal: int | None = None
    count: int | None = None
    count_scope: str | None = None


@dataclass(slots=True)
class TypeScore:
    truth: int = 0
    predicted: int = 0
    found: int = 0
    date_right: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)
    wrong_dates: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.found / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.truth if self.truth else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def date_accuracy(self) -> float:
        return self.date_right / self.found if self.found else 1.0


def identity(event_type: str, partner: str | None, count: int | None, scope: str | None) -> tuple[str, str]:
    if event_type == "count_claim":
        return event_type, f"{scope or 'signed'}:{count}"
    return event_type, partner or "-"


def mention_date(m: EventMention) -> str | None:
    """The mention's date as the truth writes it. A count claim dated only "as of" the article is undated."""
    if m.event_date is None or m.date_precision == "unknown":
        return None
    if m.event_type == "count_claim" and not m.date_is_event:
        return None
    iso = m.event_date.isoformat()
    return {"day": iso, "month": iso[:7], "year": iso[:4]}.get(m.date_precision)


def _best(mentions: Sequence[EventMention]) -> EventMention:
    finer = {"day": 3, "month": 2, "year": 1, "unknown": 0}
    return max(
        mentions,
        key=lambda m: (m.date_is_event, m.event_date is not None, finer[m.date_precision], m.confidence, -m.evidence_start),
    )


def score(pages: Iterable[tuple[str, Sequence[TruthEvent], Sequence[EventMention]]]) -> dict[str, TypeScore]:
    """pages: (page url, truth events, extracted mentions). Returns a TypeScore per event type."""
    scores = {t: TypeScore() for t in EVENT_TYPES}
    for url, truth, mentions in pages:
        want: dict[tuple[str, str], set[str | None]] = defaultdict(set)
        for t in truth:
            want[identity(t.type, t.partner, t.count, t.count_scope)].add(t.date)
        got: dict[tuple[str, str], list[EventMention]] = defaultdict(list)
        for m in mentions:
            got[identity(m.event_type, m.partner, m.count, m.count_scope)].append(m)
        for key, dates in want.items():
            s = scores.setdefault(key[0], TypeScore())
            s.truth += 1
            if key in got:
                s.found += 1
                best = mention_date(_best(got[key]))
                if best in dates:
                    s.date_right += 1
                else:
                    s.wrong_dates.append(f"{url} {key[1]}: got {best}, want {sorted(map(str, dates))}")
            else:
                s.misses.append(f"{url} {key[1]}")
        for key, ms in got.items():
            s = scores.setdefault(key[0], TypeScore())
            s.predicted += 1
            if key not in want:
                s.extras.append(f"{url} {key[1]}: {_best(ms).evidence[:140]}")
    return scores


@dataclass(frozen=True, slots=True)
class AnnotatedPage:
    """What status_truth needs of an annotated page (the mirror's ManifestPage has these fields)."""

    story_id: str
    events: Sequence[TruthEvent]


def _as_day(text: str) -> date:
    return date.fromisoformat((text + "-01-01")[:10])  # "2023-10" (month precision) -> 2023-10-01


def status_truth(pages: Iterable[AnnotatedPage]) -> dict[str, dict[str, object]]:
    """The agreement_status columns that annotations determine, per partner: current_status, signed_date
    (the most annotated date), negotiations_started_on (the earliest), highest_round, independent_sources
    (distinct stories)."""
    events: dict[str, dict[str, list[TruthEvent]]] = defaultdict(lambda: defaultdict(list))
    stories: dict[str, set[str]] = defaultdict(set)
    for page in pages:
        for e in page.events:
            if e.partner is not None:
                events[e.partner][e.type].append(e)
                stories[e.partner].add(page.story_id)
    truth: dict[str, dict[str, object]] = {}
    for partner, by_type in events.items():
        signed = sorted(_as_day(e.date) for e in by_type["agreement_signed"] if e.date)
        started = sorted(_as_day(e.date) for e in by_type["negotiations_started"] if e.date)
        ordinals = [e.ordinal for k in ("negotiation_round", "negotiations_started") for e in by_type[k] if e.ordinal]
        if by_type["agreement_signed"]:
            status = "signed"
        elif by_type["agreement_planned"]:
            status = "planned"
        elif by_type["negotiations_started"] or by_type["negotiation_round"]:
            status = "negotiating"
        else:
            status = "mentioned"
        truth[partner] = {
            "current_status": status,
            "signed_date": max(sorted(set(signed)), key=signed.count) if signed else None,
            "negotiations_started_on": started[0] if started else None,
            "highest_round": max(ordinals) if ordinals else None,
            "independent_sources": len(stories[partner]),
        }
    return truth
