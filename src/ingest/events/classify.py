"""Rules that read one sentence and say which events it states (pure; no dates, no offsets into bodies)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.events import cues
from ingest.events.gazetteer import PartnerHit
from ingest.events.numbers import parse_cardinal, parse_ordinal
from ingest.events.prefilter import literal_view, may_match
from ingest.records import EventType

_PLACE_BEFORE = re.compile(
    r"(?:\b(?i:in|at|near|outside|inside|to|from|via|across|visit(?:ing|ed)?|hosted\s+by|held\s+in)\s+(?:the\s+)?(?:city\s+of\s+)?"
    r"|\b(?:in|at|near)\s+[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3},\s*"
    r"|\bcapital,?\s+"
    r"|(?<!\w)(?:у|в|на|до|біля|поблизу)\s+)$",
)
_QUALIFIER_BEFORE = re.compile(r"\b(?:member\s+states?|members|membership|accession|integration)\s+(?:of|in|to|into)\s+(?:the\s+)?$", re.I)
_QUALIFIER_AFTER = re.compile(r"^\s*(?:member\s+states?|member\s+countries|countries|membership|accession|integration)\b", re.I)
_PLACE_AFTER = re.compile(r"^\s*(?:capital|city|town|port|soil|territory|presidency|summit|sidelines|coast)\b", re.I)
_BARE_SIGN_PLAN = re.compile(r"\b(?:to|will|would|could|can|may|might|shall|must|should)\s+(?:\w+\s+)?$", re.I)
_ORDINAL_TO = re.compile(
    r"\b(?:became|becomes|become|becoming|is|was|are|were|as)\s+(?:the\s+)?\S+\s+(?:[\w-]+\s+)?(?:countr(?:y|ies)|states?|nations?|partners?)\s+(?:[\w-]+\s+){0,4}?to\s+$",
    re.I,
)
_HYPOTHETICAL = re.compile(r"\b(?:if|unless|whether|should\s+\w+\s+and)\b[^,.;:]{0,60}$", re.I)
_PASSIVE_AUX = re.compile(r"\b(?:was|were|been|is|are|be|being|get|got)\s+(?:\w+ly\s+)?$", re.I)
_PASSIVE_PLAN = re.compile(r"\b(?:will|would|could|should|to|may|might)\s+(?:soon\s+)?be\s*$", re.I)


@dataclass(frozen=True, slots=True)
class Finding:
    """An event a sentence states, before dates and offsets are attached."""

    event_type: EventType
    partners: tuple[str, ...]  # empty for count claims, or when the sentence names no partner
    trigger: tuple[int, int]  # span of the cue inside the sentence
    confidence: float
    count: int | None = None
    ordinal: int | None = None
    count_scope: str | None = None


def is_place(text: str, hit: PartnerHit) -> bool:
    """True when a country word names where something happened ("summit in Italy") or qualifies another
    noun ("an EU member state", "member state of the European Union"), not a party."""
    if hit.kind == "person":
        return False
    before = text[max(0, hit.start - 40) : hit.start]
    if _PLACE_BEFORE.search(before) or _QUALIFIER_BEFORE.search(before) or _QUALIFIER_AFTER.match(text[hit.end :]):
        return True
    return hit.kind in ("demonym", "capital") and bool(_PLACE_AFTER.match(text[hit.end :]))


def sentence_partners(text: str, hits: list[PartnerHit]) -> tuple[str, ...]:
    """Distinct partner codes named as parties in the sentence, in order of appearance."""
    return tuple(dict.fromkeys(h.iso for h in hits if not is_place(text, h)))


_CLAUSE_BREAK = re.compile(r";|,?\s+(?:while|whereas|but|although|though)\s+|,\s+and\s+(?=(?:talks|negotiations|consultations)\b)", re.I)


def clause_partners(text: str, hits: list[PartnerHit], trigger: tuple[int, int]) -> tuple[str, ...]:
    """The partners of the clause that holds the cue ("signed with Lithuania, while talks with Latvia go on"
    gives Lithuania); all the sentence's partners when that clause names none."""
    start, end = 0, len(text)
    for m in _CLAUSE_BREAK.finditer(text):
        if m.end() <= trigger[0]:
            start = m.end()
        elif m.start() >= trigger[1]:
            end = m.start()
            break
    inside = [h for h in hits if start <= h.start and h.end <= end]
    return sentence_partners(text, inside) or sentence_partners(text, hits)


def earlier_partners(text: str, hits: list[PartnerHit]) -> set[str]:
    """Partners named in an "after X and Y" clause or before "and now Z": their events came earlier."""
    spans = [m.span() for m in cues.AFTER_CLAUSE.finditer(text)]
    now = cues.AND_NOW.search(text)  # "the G7, the Netherlands and now Lithuania"
    if now is not None:
        spans.append((0, now.start()))
    return {h.iso for h in hits if any(s <= h.start and h.end <= e for s, e in spans)}


def mentions_topic(text: str, view: str | None) -> bool:
    """The sentence speaks of security agreements (cues.TOPIC); `view` is prefilter.literal_view(text)."""
    return may_match(cues.TOPIC_GATE, view) and cues.TOPIC.search(text) is not None


def names_distractor(text: str, view: str | None) -> bool:
    """The sentence names a look-alike document (cues.DISTRACTOR_WORDS)."""
    return may_match(cues.DISTRACTOR_GATE, view) and cues.DISTRACTOR_WORDS.search(text) is not None


def _negated(text: str, view: str | None) -> bool:
    return may_match(cues.NEGATED_GATE, view) and cues.NEGATED.search(text) is not None


def _may_count(view: str | None) -> bool:
    return may_match(cues.COUNT_NOUN_GATE, view) and may_match(cues.NUMBER_GATE, view)  # the rarer first


def _counts(text: str, view: str | None) -> list[Finding]:
    """Count claims: "has signed 17 agreements" (signed), "preparing 10 more" (planned)."""
    if not _may_count(view):
        return []
    found: dict[tuple[str, int], Finding] = {}
    for scope, patterns, gates in (
        ("planned", cues.COUNT_PLANNED, cues.COUNT_PLANNED_GATES),
        ("signed", cues.COUNT_SIGNED, cues.COUNT_SIGNED_GATES),
    ):
        for pattern, gate in zip(patterns, gates, strict=True):
            if not may_match(gate, view):
                continue
            for m in pattern.finditer(text):
                groups = m.groupdict()
                try:
                    n = parse_cardinal(groups["n"]) if groups.get("n") else parse_ordinal(groups["ord"])
                except ValueError:
                    continue
                if re.match(r"with\s+the\s+EU\s+and", m.group(0), re.I):
                    n += 1  # "with the EU and 27 individual states" claims 28 agreements
                if any(m.start() < f.trigger[1] and f.trigger[0] < m.end() for f in found.values()):
                    continue
                found.setdefault(
                    (scope, n), Finding("count_claim", (), (m.start(), m.end()), 0.85, count=n, count_scope=scope)
                )
    return sorted(found.values(), key=lambda f: f.trigger)


def _signed(text: str, on_topic: bool, view: str | None) -> tuple[tuple[int, int], float] | None:
    """Span and confidence of a completed signing of a security agreement, or None."""
    if not may_match(cues.SIGNED_GATE, view) or text.rstrip().endswith("?"):
        return None  # "Will Poland sign ...?"
    for verb in cues.SIGN_VERB.finditer(text):
        word = verb.group(0).lower()
        before = text[: verb.start()]
        if _HYPOTHETICAL.search(before) or _PASSIVE_AUX.search(before):
            continue  # hypothetical; or passive ("was signed"), whose object stands before it
        if word in ("sign", "signs", "conclude") and _BARE_SIGN_PLAN.search(before) and not _ORDINAL_TO.search(before):
            continue
        head = cues.HEAD_NOUN.search(text, verb.end(), min(len(text), verb.end() + 120))
        if head is None:
            continue
        if cues.DISTRACTOR_HEAD.match(head.group(0)) or cues.DISTRACTOR_WORDS.search(text, verb.start(), head.end() + 40):
            continue
        window = text[verb.start() : min(len(text), head.end() + 60)]
        if cues.SECURITY_WORDS.search(window):
            return (verb.start(), head.end()), 0.9
        if on_topic and re.match(r"(?:agreement|accord|document|угод|документ)", head.group(0), re.I):
            return (verb.start(), head.end()), 0.6
    for m in cues.SIGN_RELATIVE.finditer(text):
        region = text[max(0, m.start() - 60) : m.end()]
        if cues.DISTRACTOR_WORDS.search(region) or _PASSIVE_PLAN.search(text[: m.end()].rsplit(" ", 1)[0]):
            continue
        if cues.SECURITY_WORDS.search(region):
            return m.span(), 0.85
        if on_topic:
            return m.span(), 0.55
    have = cues.HAVE_AGREEMENTS.search(text)
    if have is not None and not cues.DISTRACTOR_WORDS.search(text):
        return have.span(), 0.7
    for m in cues.SIGN_PASSIVE.finditer(text):
        if _PASSIVE_PLAN.search(text[: m.end()].rsplit(" ", 1)[0]):
            continue
        region = text[max(0, m.start() - 80) : m.end()]
        if cues.DISTRACTOR_WORDS.search(region) or cues.DISTRACTOR_HEAD.match(m.group(0)):
            continue
        if cues.SECURITY_WORDS.search(region):
            return m.span(), 0.85
        if on_topic:
            return m.span(), 0.55
    return None


def _negotiation(text: str, on_topic: bool, view: str | None) -> Finding | None:
    if not may_match(cues.NEGOTIATION_GATE, view) or not (on_topic or mentions_topic(text, view)):
        return None
    r = cues.ROUND.search(text)
    if r is not None:
        word = r.group("ord") or r.group("ord_uk") or r.group("num") or r.group("ord_past") or r.group("ord_past2")
        try:
            ordinal: int | None = parse_ordinal(word)
        except ValueError:
            ordinal = None
        if ordinal == 1:
            return Finding("negotiations_started", (), r.span(), 0.85, ordinal=1)
        return Finding("negotiation_round", (), r.span(), 0.85 if ordinal else 0.75, ordinal=ordinal)
    s = cues.NEGOTIATION_START.search(text)
    if s is not None:
        return Finding("negotiations_started", (), s.span(), 0.8)
    h = cues.HELD_TALKS.search(text)
    if h is not None:
        return Finding("negotiation_round", (), h.span(), 0.65)
    a = cues.AGREED_TO_START.search(text)
    if a is not None:
        return Finding("negotiations_started", (), a.span(), 0.55)
    return None


def _plan_cue(text: str, headline: bool, view: str | None) -> re.Match[str] | None:
    """The cue of a signing announced or prepared ("will sign", "is set to sign", headline "X to sign")."""
    if not may_match(cues.PLANNED_GATE, view):
        return None
    planned = cues.PLANNED.search(text)
    if planned is None and headline and not text.rstrip().endswith("."):
        planned = cues.PLANNED_HEADLINE.search(text)
        if planned is not None and (
            re.search(r"\bsigned\b", text, re.I) or _ORDINAL_TO.search(text[: planned.end() - 4])
        ):
            planned = None  # "Belgium becomes the 11th country to sign ..." reports a signing
    if planned is not None and cues.NO_PLAN.search(text):
        return None  # "no date for its signing has been set"
    return planned


def classify_sentence(text: str, on_topic: bool, headline: bool = False) -> list[Finding]:
    """Events stated by one sentence; partners are attached by the caller.

    `on_topic`: the article is about security agreements (lets "signed the agreement" count).
    `headline`: the sentence is the title, where "X and Y to sign ..." is a plan.
    Precedence: negated > planned > signed > negotiation; count claims and "began preparing" (talks
    started) are reported alongside.
    """
    view = literal_view(text)
    if not may_match(cues.ANY_CUE_GATE, view):
        return []
    about_agreements = on_topic or mentions_topic(text, view)
    if not about_agreements and not may_match(cues.TOPICLESS_SIGNED_GATE, view):
        # Neither the article nor the sentence is about security agreements, and the sentence has neither
        # security words nor "agreements/deals/accords": no signing, plan or talks can come out below, only
        # count claims, and those only when no denial precedes them.
        if not _may_count(view) or not cues.ANY_CUE.search(text) or _negated(text, view):
            return []
        return _counts(text, view)
    if not cues.ANY_CUE.search(text):
        return []
    if _negated(text, view):
        negotiation = _negotiation(text, on_topic, view)
        return [negotiation] if negotiation else []
    findings = _counts(text, view)
    planned = _plan_cue(text, headline, view)
    prep = cues.PREP_START.search(text) if may_match(cues.PREP_GATE, view) else None
    if prep is not None and about_agreements:
        findings.append(Finding("negotiations_started", (), prep.span(), 0.7))
        if planned is not None and planned.start() < prep.end() and prep.start() < planned.end():
            planned = None  # "have begun preparing an agreement": talks, not a signing plan
        if planned is None:
            return findings
    if planned is not None:
        if about_agreements:
            findings.append(Finding("agreement_planned", (), planned.span(), 0.75))
        return findings
    signed = _signed(text, on_topic, view)
    if signed is not None:
        oc = cues.ORDINAL_COUNTRY.search(text)
        ordinal = parse_ordinal(oc.group("ord")) if oc is not None else None
        findings.append(Finding("agreement_signed", (), signed[0], signed[1], ordinal=ordinal))
        return findings
    negotiation = _negotiation(text, on_topic, view)
    if negotiation is not None:
        findings.append(negotiation)
    return findings
