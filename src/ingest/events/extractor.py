"""extract_mentions: the events an article body states, one EventMention per event and partner."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from ingest.events import cues
from ingest.events.classify import (
    Finding,
    classify_sentence,
    clause_partners,
    earlier_partners,
    mentions_topic,
    names_distractor,
    sentence_partners,
)
from ingest.events.dates import KYIV, DateHit, find_dates, kyiv_date
from ingest.events.gazetteer import Gazetteer, PartnerHit, load_gazetteer
from ingest.events.prefilter import literal_view, may_match
from ingest.events.sentences import Sentence, split_sentences
from ingest.events.version import EXTRACTOR_VERSION
from ingest.records import DatePrecision, EventMention

MORNING_REPORT_HOUR = 10

_LANGUAGES = frozenset({"en", "uk", "ru"})


class EventInputError(ValueError):
    """The article handed to the event extractor is not usable (wrong type, empty URL, ...)."""


def _nearest(hits: list[DateHit], span: tuple[int, int]) -> DateHit | None:
    def distance(h: DateHit) -> int:
        if h.end <= span[0]:
            return span[0] - h.end
        if h.start >= span[1]:
            return h.start - span[1]
        return 0

    return min(hits, key=distance) if hits else None


def reported_day(published: datetime | None) -> date | None:
    """The day an undated past event is taken to have happened: the publication day in Kyiv, or the day
    before for articles published before 10:00 Kyiv time (morning reports cover the previous day)."""
    day = kyiv_date(published)
    if day is None or published is None:
        return day
    local = published.astimezone(KYIV) if published.tzinfo else published
    return day - timedelta(days=1) if local.hour < MORNING_REPORT_HOUR else day


def _date_for(
    finding: Finding, sentence: Sentence, anchor: date | None, recap: bool, report_day: date | None = None
) -> tuple[date | None, DatePrecision, bool]:
    """(event_date, precision, date_is_event) for a finding in a sentence.

    A date the sentence states wins (the one nearest the cue). Otherwise a count claim is dated "as of" the
    article; a plan, a recap of earlier events or a background statement stays undated; anything else
    happened as of the article (`report_day`, see reported_day).
    """
    direction = "future" if finding.event_type == "agreement_planned" else "past"
    hits = _dates_cached(sentence.text, anchor, direction)
    if finding.event_type == "count_claim":
        chosen = next((h for h in hits if h.as_of), None) or _nearest(hits, finding.trigger)
        if chosen is not None and chosen.precision == "day":
            # "as of 2 August" dates the claim; "as of today" is just the article's date
            return chosen.value, chosen.precision, not (chosen.relative and chosen.value == anchor)
        if sentence.background:
            return (chosen.value, chosen.precision, False) if chosen else (None, "unknown", False)
        return anchor, ("day" if anchor else "unknown"), False
    chosen = _nearest([h for h in hits if not h.as_of], finding.trigger)
    if chosen is not None:
        return chosen.value, chosen.precision, True
    if sentence.background or anchor is None or recap or finding.event_type == "agreement_planned":
        return None, "unknown", False
    return (report_day or anchor), "day", False


@lru_cache(maxsize=256)
def _dates_cached(text: str, anchor: date | None, direction: str) -> list[DateHit]:
    return find_dates(text, anchor, "future" if direction == "future" else "past")


def _on_topic(sentences: list[Sentence]) -> bool:
    """The article is about security agreements: it says so at least once, and its opening is not about a
    look-alike document (a friendship treaty, the 100-year partnership), where "the agreement" means that."""
    if any(names_distractor(s.text, literal_view(s.text)) for s in sentences[:2]):
        return False
    return any(mentions_topic(s.text, literal_view(s.text)) for s in sentences[:60])


def _check_input(article_url: object, body: object, published: object, language: object) -> None:
    if not isinstance(article_url, str) or not article_url.strip():
        raise EventInputError(f"article_url must be a non-empty string, got {article_url!r}")
    if not isinstance(body, str):
        raise EventInputError(f"body of {article_url} must be a string, got {type(body).__name__}")
    if published is not None and not isinstance(published, datetime):
        raise EventInputError(f"published of {article_url} must be a datetime or None, got {published!r}")
    if language is not None and not isinstance(language, str):
        raise EventInputError(f"language of {article_url} must be a string or None, got {language!r}")


def _is_headline(index: int, sentence: Sentence) -> bool:
    """A title line near the top: no closing punctuation (page chrome may come before it)."""
    return index < 6 and not sentence.text.rstrip().endswith((".", "!", "?", ":", '"', "”", "»", ","))


def _topic_partner(sentences: list[Sentence], partner_sets: list[tuple[str, ...]]) -> str | None:
    """The one partner the opening of the article is about (most sentences among the first three)."""
    votes: dict[str, int] = {}
    for partners in partner_sets[:3]:
        for iso in partners:
            votes[iso] = votes.get(iso, 0) + 1
    if not votes:
        return None
    ranked = sorted(votes.items(), key=lambda kv: -kv[1])
    if len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
        return None
    return ranked[0][0]


_PLURAL_OBJECT = ("agreements", "deals", "accords", "pacts", "documents", "угоди", "угод")


def _can_refer_back(finding: Finding, sentence: Sentence, findings: list[Finding]) -> bool:
    """A partner-less statement may refer to the article's partner ("the agreement will be signed soon")."""
    if sentence.background or any(f.event_type == "count_claim" for f in findings):
        return False
    if finding.event_type == "agreement_signed":
        cue = sentence.text[finding.trigger[0] : finding.trigger[1]].lower()
        return not any(word in cue for word in _PLURAL_OBJECT)
    return True


def _mention(
    url: str, finding: Finding, partner: str | None, sentence: Sentence, span: tuple[int, int], evidence: str,
    days: tuple[date | None, date | None], recap: bool, confidence: float, people: tuple[str, ...],
) -> EventMention:
    event_date, precision, is_event = _date_for(finding, sentence, days[0], recap, days[1])
    return EventMention(
        article_url=url,
        event_type=finding.event_type,
        partner=partner,
        event_date=event_date,
        date_precision=precision,
        date_is_event=is_event,
        evidence=evidence,
        evidence_start=span[0],
        evidence_end=span[1],
        confidence=round(confidence, 3),
        extractor_version=EXTRACTOR_VERSION,
        count=finding.count,
        ordinal=finding.ordinal,
        people=people,
        count_scope=finding.count_scope,
    )


@dataclass(frozen=True, slots=True)
class _Parties:
    """Who a sentence names: people (canonical names), partner hits, partners as parties, earlier partners."""

    people: tuple[str, ...]
    hits: list[PartnerHit]
    partners: tuple[str, ...]
    earlier: frozenset[str]


def _parties_of(gazetteer: Gazetteer, text: str) -> _Parties:
    people, hits = gazetteer.find_all(text)
    return _Parties(
        tuple(dict.fromkeys(p.person.canonical for p in people)),
        hits,
        sentence_partners(text, hits),
        frozenset(earlier_partners(text, hits)),
    )


def extract_mentions(
    article_url: str, body: str, published: datetime | None, language: str | None
) -> list[EventMention]:
    """Every event mention in `body`, in text order; dates resolve against `published` in Europe/Kyiv.

    Pure and deterministic for a given EXTRACTOR_VERSION. `language` is a hint (en, uk, ru); the rules
    read English and Ukrainian whatever it says.
    """
    _check_input(article_url, body, published, language)
    if not may_match(cues.ARTICLE_GATE, literal_view(body)):
        return []  # no sentence can state an event (see cues.ARTICLE_GATE)
    gazetteer = load_gazetteer()
    anchor = kyiv_date(published)
    days = (anchor, reported_day(published))
    sentences = split_sentences(body)
    on_topic = _on_topic(sentences)
    cache: dict[int, _Parties] = {}

    def parties(i: int) -> _Parties:  # gazetteer lookups only for the sentences that need them
        if i not in cache:
            cache[i] = _parties_of(gazetteer, sentences[i].text)
        return cache[i]

    def previous_partners(i: int) -> tuple[str, ...]:
        """Partners of the nearest earlier sentence of the same paragraph that names any."""
        j = i - 1
        while j >= 0 and sentences[j].paragraph == sentences[i].paragraph:
            if parties(j).partners:
                return parties(j).partners
            j -= 1
        return ()

    @lru_cache(maxsize=None)
    def topic() -> str | None:  # the opening's partner, read only when a partner-less statement needs it
        openings = [parties(i) for i in range(min(3, len(sentences)))]
        return _topic_partner(sentences, [tuple(p for p in o.partners if p not in o.earlier) for o in openings])

    list_intro: tuple[Sentence, list[Finding], tuple[str, ...]] | None = None  # "... with nine states, namely:"
    mentions: list[EventMention] = []
    for index, sentence in enumerate(sentences):
        if list_intro is not None:
            intro, intro_findings, intro_names = list_intro
            items = parties(index).partners
            if items and len(sentence.text) <= 40:  # a list item: "Great Britain,"
                span = (intro.start, sentence.end)
                for finding in intro_findings:
                    for item in items:
                        mentions.append(_mention(article_url, finding, item, intro, span, body[span[0] : span[1]],
                                                 days, True, finding.confidence * 0.9, intro_names))
                continue
            list_intro = None
        findings = classify_sentence(sentence.text, on_topic, headline=_is_headline(index, sentence))
        if not findings:
            continue
        here = parties(index)
        partners, hits, earlier = here.partners, here.hits, here.earlier
        sentence_recap = bool(cues.RECAP.search(sentence.text)) or any(
            f.event_type == "count_claim" for f in findings
        )
        partner_findings = [f for f in findings if f.event_type != "count_claim"]
        if partner_findings and not partners and sentence.text.rstrip().endswith(":"):
            list_intro = (sentence, partner_findings, here.people)
        for finding in findings:
            confidence = finding.confidence * (0.9 if sentence.background else 1.0)
            if finding.event_type == "count_claim":
                targets: tuple[str | None, ...] = (None,)
            elif partners:
                targets = clause_partners(sentence.text, hits, finding.trigger)
                if all(h.kind == "person" for h in hits if h.iso in targets):
                    confidence *= 0.9
            elif list_intro is not None:
                continue
            elif _can_refer_back(finding, sentence, findings) and (
                len(previous := previous_partners(index)) == 1 or topic()
            ):
                targets = previous if len(previous) == 1 else (topic(),)
                confidence *= 0.6
            else:
                continue
            long_list = len(set(targets) - earlier) >= 4  # "with the UK, Germany, France, Denmark ...": a recap
            for partner in targets:
                recap = finding.event_type != "count_claim" and (sentence_recap or long_list or partner in earlier)
                mentions.append(_mention(article_url, finding, partner, sentence, (sentence.start, sentence.end),
                                         sentence.text, days, recap, confidence, here.people))
    return mentions
