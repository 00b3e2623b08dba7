"""aggregate_events: one fact per real event; syndicated copies count once, all mentions kept."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from ingest.events import ArticleMeta, aggregate_events, extract_mentions

KYIV = ZoneInfo("Europe/Kyiv")
RELEASE = (
    "Ukraine and Latvia signed a bilateral security agreement in Vilnius on Thursday.\n\n"
    "\"Today there are already nine such agreements,\" Zelensky said."
)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=KYIV)


def test_copies_of_one_release_are_one_source() -> None:
    # the release (Thursday 11 April 2024) and a copy published the next morning
    articles = {
        "https://op.test/lv": (RELEASE, at("2024-04-11T17:00")),
        "https://copy.test/lv": (RELEASE, at("2024-04-12T08:00")),
        "https://other.test/lv": ("Latvia and Ukraine signed a security agreement on 11 April.", at("2024-04-12T10:00")),
    }
    mentions = [m for url, (body, pub) in articles.items() for m in extract_mentions(url, body, pub, "en")]
    clusters = {"https://op.test/lv": "c1", "https://copy.test/lv": "c1", "https://other.test/lv": "c2"}
    facts = {f.fact_key: f for f in aggregate_events(mentions, clusters, {u: ArticleMeta(p) for u, (_, p) in articles.items()})}

    signed = facts["agreement_signed|LV"]
    assert signed.event_date == date(2024, 4, 11)  # "on Thursday" in the copy is still 11 April
    assert signed.mention_count == 3 and signed.source_count == 2
    assert signed.first_seen_at == at("2024-04-11T17:00") and signed.last_seen_at == at("2024-04-12T10:00")
    assert signed.latest_evidence_url == "https://other.test/lv"

    # the copy's "as of" date is moved to its cluster's first publication: one claim, not two
    claims = [f for f in facts.values() if f.event_type == "count_claim"]
    assert [(f.count, f.event_date, f.mention_count, f.source_count) for f in claims] == [(9, date(2024, 4, 11), 2, 1)]


def test_without_clusters_every_article_is_its_own_source() -> None:
    mentions = extract_mentions("a", RELEASE, at("2024-04-11T17:00"), "en") + extract_mentions(
        "b", RELEASE, at("2024-04-11T18:00"), "en"
    )
    facts = {f.fact_key: f for f in aggregate_events(mentions, {}, {})}
    assert facts["agreement_signed|LV"].source_count == 2
    assert facts["agreement_signed|LV"].first_seen_at is None  # no metadata given


def test_the_most_stated_date_wins_over_a_misprint() -> None:
    pub = at("2024-02-17T10:00")
    bodies = {
        "a": "On 16 February, Ukraine and France signed a security agreement in Paris.",
        "b": "Ukraine and France signed a security agreement on 16 February.",
        "c": "On 16 January, Ukraine and France signed a security agreement in Paris.",  # pravda's misprint
    }
    mentions = [m for u, b in bodies.items() for m in extract_mentions(u, b, pub, "en")]
    (fact,) = aggregate_events(mentions, {}, {u: ArticleMeta(pub) for u in bodies})
    assert (fact.fact_key, fact.event_date, fact.mention_count) == ("agreement_signed|FR", date(2024, 2, 16), 3)


def test_rounds_are_separate_facts_by_ordinal() -> None:
    pub = at("2024-05-06T20:00")
    mentions = extract_mentions("a", "Yermak held the third round of negotiations with the United States on the security agreement.", pub, "en")
    mentions += extract_mentions("b", "Yermak held the fourth round of negotiations with the United States on the security agreement.", pub, "en")
    keys = sorted(f.fact_key for f in aggregate_events(mentions, {}, {}))
    assert keys == ["negotiation_round|US|3", "negotiation_round|US|4"]


def test_min_confidence_drops_weak_mentions() -> None:
    body = "Yermak held the fourth round of negotiations with the United States on a security agreement.\n\n\"The agreement will be signed soon,\" he said."
    mentions = extract_mentions("a", body, at("2024-05-06T20:00"), "en")
    inferred = [m for m in mentions if m.event_type == "agreement_planned"]
    assert inferred and all(m.confidence < 0.6 for m in inferred)
    kept = aggregate_events(mentions, {}, {}, min_confidence=0.6)
    assert [f.event_type for f in kept] == ["negotiation_round"]


def test_extraction_is_deterministic_and_versioned() -> None:
    from ingest.events import EXTRACTOR_VERSION

    first = extract_mentions("https://op.test/lv", RELEASE, at("2024-04-11T17:00"), "en")
    second = extract_mentions("https://op.test/lv", RELEASE, at("2024-04-11T17:00"), "en")
    assert first == second and first
    assert {m.extractor_version for m in first} == {EXTRACTOR_VERSION}
    assert EXTRACTOR_VERSION.startswith("events-rules-") and "+" in EXTRACTOR_VERSION


def test_story_dates_for_undated_statements() -> None:
    body = "Zelensky and Biden signed the bilateral security agreement between Ukraine and the United States. Ukraine has now signed 17 security agreements."
    evening, morning = at("2024-06-13T23:55"), at("2024-06-14T08:45")
    mentions = extract_mentions("https://op.test/us", body, evening, "en") + extract_mentions(
        "https://copy.test/us", body, morning, "en"
    )
    only_copy = [m for m in mentions if m.article_url == "https://copy.test/us"]
    facts = {f.event_type: f for f in aggregate_events(only_copy, {}, {"https://copy.test/us": ArticleMeta(morning)})}
    assert facts["agreement_signed"].event_date == date(2024, 6, 13)  # the morning report's event day
    assert facts["count_claim"].event_date == date(2024, 6, 14)  # the claim is as of its publication
    clusters = {"https://op.test/us": "c", "https://copy.test/us": "c"}
    meta = {"https://op.test/us": ArticleMeta(evening), "https://copy.test/us": ArticleMeta(morning)}
    facts_both = aggregate_events(mentions, clusters, meta)
    claims = [f for f in facts_both if f.event_type == "count_claim"]
    assert [(f.event_date, f.mention_count, f.source_count) for f in claims] == [(date(2024, 6, 13), 2, 1)]
