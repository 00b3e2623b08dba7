"""extract_mentions: the events an article body states, one EventMention per event and partner."""

from __future__ import annotations

from datetime import date, datetime

from ingest.events import cues
from ingest.events.classify import Finding, classify_sentence, sentence_partners
from ingest.events.dates import DateHit, find_dates, kyiv_date
from ingest.events.gazetteer import load_gazetteer
from ingest.events.sentences import Sentence, split_sentences
from ingest.records import DatePrecision, EventMention

EXTRACTOR_VERSION = "events-rules-1.0"

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


def _date_for(
    finding: Finding, sentence: Sentence, anchor: date | None
) -> tuple[date | None, DatePrecision, bool]:
    """(event_date, precision, date_is_event) for a finding in a sentence."""
    direction = "future" if finding.event_type == "agreement_planned" else "past"
    hits = find_dates(sentence.text, anchor, direction)
    if finding.event_type == "count_claim":
        chosen = next((h for h in hits if h.as_of), None) or _nearest(hits, finding.trigger)
        if chosen is not None and chosen.precision == "day":
            return chosen.value, chosen.precision, False
        if sentence.background:
            return (chosen.value, chosen.precision, False) if chosen else (None, "unknown", False)
        return anchor, ("day" if anchor else "unknown"), False
    chosen = _nearest([h for h in hits if not h.as_of], finding.trigger)
    if chosen is not None:
        return chosen.value, chosen.precision, True
    as_of = next((h for h in hits if h.as_of), None)
    if as_of is not None:
        return as_of.value, as_of.precision, False
    if sentence.background or anchor is None:
        return None, "unknown", False
    return anchor, "day", False


def _on_topic(sentences: list[Sentence]) -> bool:
    text = " ".join(s.text for s in sentences[:60])
    return len(cues.TOPIC.findall(text)) >= 2


def _check_input(article_url: object, body: object, published: object, language: object) -> None:
    if not isinstance(article_url, str) or not article_url.strip():
        raise EventInputError(f"article_url must be a non-empty string, got {article_url!r}")
    if not isinstance(body, str):
        raise EventInputError(f"body of {article_url} must be a string, got {type(body).__name__}")
    if published is not None and not isinstance(published, datetime):
        raise EventInputError(f"published of {article_url} must be a datetime or None, got {published!r}")
    if language is not None and not isinstance(language, str):
        raise EventInputError(f"language of {article_url} must be a string or None, got {language!r}")


def extract_mentions(
    article_url: str, body: str, published: datetime | None, language: str | None
) -> list[EventMention]:
    """Every event mention in `body`, in text order; dates resolve against `published` in Europe/Kyiv.

    Pure and deterministic for a given EXTRACTOR_VERSION. `language` is a hint (en, uk, ru); the rules
    read English and Ukrainian whatever it says.
    """
    _check_input(article_url, body, published, language)
    gazetteer = load_gazetteer()
    anchor = kyiv_date(published)
    sentences = split_sentences(body)
    on_topic = _on_topic(sentences)
    headline_partners: tuple[str, ...] = ()
    previous: tuple[str, ...] = ()
    paragraph = -1
    mentions: list[EventMention] = []
    for index, sentence in enumerate(sentences):
        if sentence.paragraph != paragraph:
            paragraph, previous = sentence.paragraph, ()
        people = gazetteer.find_people(sentence.text)
        hits = gazetteer.find_partners(sentence.text, people)
        partners = sentence_partners(sentence.text, hits)
        if index == 0:
            headline_partners = partners
        names = tuple(dict.fromkeys(p.person.canonical for p in people))
        for finding in classify_sentence(sentence.text, on_topic, headline=index == 0):
            event_date, precision, is_event = _date_for(finding, sentence, anchor)
            confidence = finding.confidence * (0.9 if sentence.background else 1.0)
            if finding.event_type == "count_claim":
                targets: tuple[str | None, ...] = (None,)
            elif partners:
                targets = partners
                if all(h.kind == "person" for h in hits if h.iso in partners):
                    confidence *= 0.9
            elif not sentence.background and len(previous or headline_partners) == 1:
                targets = previous or headline_partners  # "the agreement" refers back to one partner
                confidence *= 0.6
            else:
                continue
            for partner in targets:
                mentions.append(
                    EventMention(
                        article_url=article_url,
                        event_type=finding.event_type,
                        partner=partner,
                        event_date=event_date,
                        date_precision=precision,
                        date_is_event=is_event,
                        evidence=sentence.text,
                        evidence_start=sentence.start,
                        evidence_end=sentence.end,
                        confidence=round(confidence, 3),
                        extractor_version=EXTRACTOR_VERSION,
                        count=finding.count,
                        ordinal=finding.ordinal,
                        people=names,
                        count_scope=finding.count_scope,
                    )
                )
        if partners:
            previous = partners
    return mentions
