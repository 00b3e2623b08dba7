"""The traps real articles set for event extraction, one test each, on sentences modelled on the sources."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from ingest.events import EventInputError, extract_mentions
from ingest.records import EventMention

KYIV = ZoneInfo("Europe/Kyiv")


def run(body: str, published: str = "2024-06-14T10:00", language: str = "en") -> list[EventMention]:
    return extract_mentions("https://example.test/a", body, datetime.fromisoformat(published).replace(tzinfo=KYIV), language)


def kinds(body: str, published: str = "2024-06-14T10:00", language: str = "en") -> set[tuple[str, str | None]]:
    return {(m.event_type, m.partner) for m in run(body, published, language)}


def test_plain_signing_gets_partner_and_publication_date() -> None:
    ms = run("Ukraine and Belgium signed a bilateral security agreement in Brussels.", "2024-05-28T15:00")
    assert [(m.event_type, m.partner) for m in ms] == [("agreement_signed", "BE")]
    assert ms[0].event_date == date(2024, 5, 28) and ms[0].date_precision == "day"
    assert ms[0].date_is_event is False  # only the article's date, the sentence gives none


def test_future_signing_is_planned_not_signed() -> None:
    assert kinds("Biden will sign a new security agreement with Ukraine at the G7 summit.") == {
        ("agreement_planned", "US")
    }
    assert kinds("Poland and Ukraine are expected to sign a security agreement before the NATO summit.") == {
        ("agreement_planned", "PL")
    }
    assert kinds("Tusk said there was a 99% chance that Poland would sign the security deal.") == {
        ("agreement_planned", "PL")
    }


def test_headline_infinitive_is_a_plan() -> None:
    assert kinds("Ukraine and Czechia to sign security agreement in London\n\nText follows.") == {
        ("agreement_planned", "CZ")
    }


def test_negated_signing_yields_nothing() -> None:
    assert kinds("Government sources: No agreement was signed between Greece and Ukraine during the visit of Mitsotakis to Odesa.") == set()
    assert kinds("Slovenia and Ukraine were not able to sign it at the NATO summit.") == set()
    assert kinds("Bulgaria has not yet signed a security agreement with Ukraine.") == set()


@pytest.mark.parametrize(
    "sentence",
    [
        "G7 leaders signed the Joint Declaration of Support for Ukraine in Vilnius on July 12, 2023.",
        "Zelensky and Rama signed the Treaty on Friendship and Cooperation between Ukraine and Albania in Tirana.",
        "Kishida and Zelensky signed a Joint Statement on Special Global Partnership between Japan and Ukraine.",
        "Starmer and Zelensky signed the 100-Year Partnership agreement between the UK and Ukraine, covering defence and security.",
        "At the NATO summit, 21 countries and the EU signed the Ukraine Compact.",
        "Ukraine and Croatia signed a memorandum on grain exports through Croatian ports.",
    ],
)
def test_look_alike_documents_are_not_signings(sentence: str) -> None:
    assert not any(m.event_type == "agreement_signed" for m in run(sentence, "2025-01-16T12:00"))


def test_several_partners_in_one_sentence_give_one_row_each() -> None:
    ms = run("Ukraine signed security agreements with Sweden, Iceland and Norway at the Nordic-Ukrainian summit in Stockholm.", "2024-05-31T18:00")
    assert sorted(m.partner for m in ms if m.event_type == "agreement_signed") == ["IS", "NO", "SE"]
    assert {m.evidence_start for m in ms} == {0}


def test_relative_day_month_resolves_against_publication_date() -> None:
    ms = run("On 13 June, on the sidelines of the Group of Seven summit in Italy, Ukraine signed security agreements with two countries – Japan and the United States.", "2024-06-15T09:00")
    signed = {m.partner: m for m in ms if m.event_type == "agreement_signed"}
    assert set(signed) == {"JP", "US"}  # Italy is where, not with whom
    assert signed["JP"].event_date == date(2024, 6, 13) and signed["JP"].date_is_event


def test_weekday_resolves_to_the_previous_such_day_for_past_events() -> None:
    # 2024-02-17 was a Saturday; "on Friday" is 16 February.
    ms = run("Germany and Ukraine signed a security cooperation agreement on Friday in Berlin.", "2024-02-17T11:00")
    assert [(m.partner, m.event_date) for m in ms] == [("DE", date(2024, 2, 16))]


def test_weekday_resolves_forward_for_plans() -> None:
    # 2024-07-16 was a Tuesday; the summit on Thursday is 18 July.
    ms = run("Czechia and Ukraine will sign the security agreement on Thursday at the EPC summit.", "2024-07-16T11:00")
    assert [(m.event_type, m.partner, m.event_date) for m in ms] == [("agreement_planned", "CZ", date(2024, 7, 18))]


def test_yesterday_and_kyiv_time() -> None:
    # 22:30 UTC on 27 June is already 28 June in Kyiv; "yesterday" is then 27 June.
    published = datetime(2024, 6, 27, 22, 30, tzinfo=ZoneInfo("UTC"))
    ms = extract_mentions("u", "Yesterday Ukraine and Lithuania signed a security agreement.", published, "en")
    assert [(m.partner, m.event_date) for m in ms] == [("LT", date(2024, 6, 27))]


def test_ordinal_country_gives_the_signing_its_ordinal() -> None:
    ms = run("Belgium became the 11th country to sign a bilateral security agreement with Ukraine.", "2024-05-28T20:00")
    assert [(m.event_type, m.partner, m.ordinal) for m in ms] == [("agreement_signed", "BE", 11)]
    ms = run("Ukraine has signed its ninth bilateral security agreement, this time with Latvia.", "2024-04-11T20:00")
    assert {(m.event_type, m.partner, m.count) for m in ms} == {("agreement_signed", "LV", None), ("count_claim", None, 9)}


def test_wrong_printed_counts_are_kept_as_printed() -> None:
    # dailywrap printed "17 countries" on the day the real count reached 20.
    ms = run("To date, 17 countries have signed security agreements with Ukraine.", "2024-06-27T20:00")
    assert [(m.event_type, m.count, m.partner) for m in ms] == [("count_claim", 17, None)]


def test_count_as_of_a_stated_date() -> None:
    ms = run("As of 2 August, Ukraine has already signed 3 bilateral security agreements.", "2023-11-28T12:00")
    assert [(m.count, m.event_date, m.date_is_event) for m in ms if m.event_type == "count_claim"] == [
        (3, date(2023, 8, 2), True)
    ]


def test_count_and_preparation_in_one_sentence() -> None:
    ms = run("In total, 17 agreements have already been signed, and we are preparing to sign another 10,” Zelenskyy said.")
    assert sorted((m.count_scope or "", m.count or 0) for m in ms) == [("planned", 10), ("signed", 17)]
    assert all(m.people == ("Volodymyr Zelenskyy",) for m in ms)


def test_count_with_a_list_of_partners_keeps_the_count_and_undated_signings() -> None:
    body = "As of today, Ukraine has already signed bilateral security agreements with nine states, namely: Great Britain, Germany, France."
    ms = run(body, "2024-04-29T12:00")
    assert {(m.event_type, m.partner) for m in ms} == {
        ("count_claim", None), ("agreement_signed", "GB"), ("agreement_signed", "DE"), ("agreement_signed", "FR")
    }
    count = next(m for m in ms if m.event_type == "count_claim")
    assert (count.count, count.event_date, count.date_is_event) == (9, date(2024, 4, 29), False)  # "today"
    assert all(m.event_date is None for m in ms if m.event_type == "agreement_signed")  # recap, not news


def test_list_items_after_a_colon_are_partners() -> None:
    body = "Ukraine has already signed bilateral security agreements with three states, namely:\n\nGreat Britain,\n\nGermany,\n\nFrance.\n\nOther news follows."
    ms = run(body, "2024-04-29T12:00")
    assert sorted(m.partner or "" for m in ms if m.event_type == "agreement_signed") == ["DE", "FR", "GB"]
    for m in ms:
        assert body[m.evidence_start : m.evidence_end] == m.evidence


def test_partners_named_as_earlier_steps_are_undated() -> None:
    ms = run("Canada became the third country, after the United States and the United Kingdom, with which Kyiv has launched such talks on security guarantees.", "2023-08-26T12:00")
    dated = {m.partner: m.event_date for m in ms if m.event_type == "negotiations_started"}
    assert dated == {"CA": date(2023, 8, 26), "US": None, "GB": None}


def test_reports_later_denied_and_cancelled_signings() -> None:
    assert kinds("Several media outlets had reported on Wednesday that Greece and Ukraine signed a security agreement.") == set()
    assert kinds("A signing ceremony with Slovenia in Kyiv, planned for 28 June, fell through.") == set()


def test_plan_with_its_date_and_undated_plan() -> None:
    ms = run("The text of the security agreement between Ukraine and the Czech Republic will be finalized before the NATO summit, and the signing is set for 18 July.", "2024-06-28T12:00")
    assert [(m.event_type, m.partner, m.event_date) for m in ms] == [("agreement_planned", "CZ", date(2024, 7, 18))]
    ms = run("Denmark and Ukraine will sign the security agreement soon.", "2024-02-08T12:00")
    assert [(m.event_type, m.partner, m.event_date, m.date_precision) for m in ms] == [("agreement_planned", "DK", None, "unknown")]


def test_partnerless_sentence_refers_to_the_article_partner() -> None:
    body = (
        "Andriy Yermak held the fourth round of negotiations with the United States on a bilateral security agreement.\n\n"
        "\"Our goal is to finalize the agreement in May,\" Yermak said."
    )
    ms = run(body, "2024-05-06T20:00")
    plans = [m for m in ms if m.event_type == "agreement_planned"]
    assert [(m.partner, m.event_date, m.date_precision) for m in plans] == [("US", date(2024, 5, 1), "month")]
    assert plans[0].confidence < 0.75  # inferred partner


def test_signatory_surname_that_is_a_country_name() -> None:
    ms = run("Zelenskyy and Portuguese Prime Minister Luís Montenegro signed a bilateral security agreement in Lisbon.", "2024-05-28T12:00")
    assert {m.partner for m in ms} == {"PT"}
    assert set(ms[0].people) == {"Volodymyr Zelenskyy", "Luís Montenegro"}


def test_signing_place_is_not_a_partner() -> None:
    ms = run("Zelenskyy and Rinkēvičs signed the agreement on long-term support and security commitments in the Lithuanian capital, Vilnius.", "2024-04-11T12:00")
    assert {(m.event_type, m.partner) for m in ms} == {("agreement_signed", "LV")}


def test_background_section_keeps_old_events_undated() -> None:
    body = (
        "Ukraine and Spain started negotiations on a bilateral security agreement.\n\n"
        "Background:\n\n"
        "Ukraine has already signed security agreements with the United Kingdom and Germany."
    )
    ms = run(body, "2024-03-04T12:00")
    start = [m for m in ms if m.event_type == "negotiations_started"]
    old = [m for m in ms if m.event_type == "agreement_signed"]
    assert [(m.partner, m.event_date) for m in start] == [("ES", date(2024, 3, 4))]
    assert sorted(m.partner or "" for m in old) == ["DE", "GB"]
    assert all(m.event_date is None and m.date_precision == "unknown" for m in old)


def test_background_with_its_own_date() -> None:
    body = "Talks continue.\n\nRecall that on 12 January 2024 Ukraine and the United Kingdom signed an Agreement on Security Cooperation."
    ms = [m for m in run(body, "2024-03-04T12:00") if m.event_type == "agreement_signed"]
    assert [(m.partner, m.event_date, m.date_is_event) for m in ms] == [("GB", date(2024, 1, 12), True)]


def test_rounds_and_their_ordinals() -> None:
    ms = run("Andrii Yermak held the third round of negotiations with the United States on a bilateral security agreement.", "2024-04-29T12:00")
    assert [(m.event_type, m.partner, m.ordinal) for m in ms] == [("negotiation_round", "US", 3)]
    assert ms[0].people == ("Andriy Yermak",)
    ms = run("The first round of consultations with the Italian Republic on a bilateral agreement on security guarantees has begun.", "2023-11-28T12:00")
    assert [(m.event_type, m.partner, m.ordinal) for m in ms] == [("negotiations_started", "IT", 1)]


def test_ukrainian_signing_and_count() -> None:
    body = (
        "Україна та Бельгія уклали угоду про співробітництво у сфері безпеки та довгострокову підтримку.\n\n"
        "Загалом Україна вже уклала 11 безпекових угод."
    )
    ms = run(body, "2024-05-28T12:00", "uk")
    assert {(m.event_type, m.partner, m.count) for m in ms} == {("agreement_signed", "BE", None), ("count_claim", None, 11)}


def test_ukrainian_round_and_date() -> None:
    ms = run("13 червня 2024 року Україна та Японія підписали угоду про підтримку та співробітництво у сфері безпеки.", "2024-06-14T12:00", "uk")
    assert [(m.event_type, m.partner, m.event_date) for m in ms] == [("agreement_signed", "JP", date(2024, 6, 13))]
    ms = run("Заступник керівника ОП Ігор Жовква провів третій раунд переговорів зі США щодо безпекової угоди.", "2024-04-29T12:00", "uk")
    assert [(m.event_type, m.partner, m.ordinal) for m in ms] == [("negotiation_round", "US", 3)]


def test_ukrainian_future_and_negation() -> None:
    assert kinds("Україна та Польща підпишуть безпекову угоду найближчим часом.", language="uk") == {("agreement_planned", "PL")}
    assert kinds("Під час візиту жодної угоди з Грецією не було підписано.", language="uk") == set()


def test_evidence_offsets_point_into_the_body() -> None:
    body = "Kyiv, 16 Feb.\n\nUkraine and France signed a security agreement in Paris. Macron called it historic."
    for m in run(body, "2024-02-16T20:00"):
        assert body[m.evidence_start : m.evidence_end] == m.evidence


def test_bad_input_is_named() -> None:
    with pytest.raises(EventInputError, match="body"):
        extract_mentions("https://x.test/a", None, None, "en")  # type: ignore[arg-type]
    with pytest.raises(EventInputError, match="published"):
        extract_mentions("https://x.test/a", "text", "2024-01-01", "en")  # type: ignore[arg-type]
    with pytest.raises(EventInputError, match="article_url"):
        extract_mentions("", "text", None, "en")


@pytest.mark.parametrize(
    ("headline", "published", "partners"),
    [
        ("Ukraine, Latvia sign bilateral security agreement", "2024-04-11T12:00", {"LV"}),
        ("Zelenskyy inks French, German defense pacts", "2024-02-16T22:00", {"FR", "DE"}),
        ("Rutte signs Dutch-Ukrainian long-term security pact in Kharkiv", "2024-03-01T12:00", {"NL"}),
        ("Biden and Zelenskyy sign security deal as Ukraine's leader questions how long the unity will last", "2024-06-13T20:00", {"US"}),
    ],
)
def test_present_tense_headlines_report_signings(headline: str, published: str, partners: set[str]) -> None:
    ms = run(headline, published)
    assert {m.partner for m in ms if m.event_type == "agreement_signed"} == partners
    assert {m.event_date for m in ms} == {date.fromisoformat(published[:10])}


def test_joining_earlier_signatories() -> None:
    ms = run("Italy joins Britain, Germany, France, Denmark and Canada in concluding 10-year security deals with Ukraine.", "2024-02-24T18:00")
    dated = {m.partner: m.event_date for m in ms if m.event_type == "agreement_signed"}
    assert dated == {"IT": date(2024, 2, 24), "GB": None, "DE": None, "FR": None, "DK": None, "CA": None}


def test_count_of_states_plus_the_eu() -> None:
    ms = run("Ukraine has security agreements with the EU and 27 individual states.", "2025-11-10T12:00")
    assert [m.count for m in ms if m.event_type == "count_claim"] == [28]


def test_look_alike_article_does_not_lend_its_agreement_to_the_security_track() -> None:
    body = (
        "Ukraine and the UK sign a 100-year partnership agreement\n\n"
        "Prime Minister Keir Starmer arrived in Kyiv on his first visit.\n\n"
        "The document was signed at the Mariinskyi Palace, and it builds on the security agreement of January 2024."
    )
    assert not any(m.event_type == "agreement_signed" for m in run(body, "2025-01-16T15:00"))


def test_questions_and_conditions_are_not_signings() -> None:
    assert kinds("Will Poland and Ukraine sign the security agreement before the NATO summit?") == set()
    assert kinds("If Hungary signs a security agreement with Ukraine, Orban would lose face.") == set()


def test_undated_morning_report_covers_the_previous_day() -> None:
    body = "Zelensky and Biden signed the bilateral security agreement between Ukraine and the United States."
    (evening,) = run(body, "2024-06-13T23:55")
    (morning,) = run(body, "2024-06-14T08:45")
    assert evening.event_date == morning.event_date == date(2024, 6, 13)
    assert not morning.date_is_event  # inferred, not stated
    (today,) = run("Today Zelensky and Biden signed the bilateral security agreement.", "2024-06-14T08:45")
    assert today.event_date == date(2024, 6, 14) and today.date_is_event


def test_talks_in_progress() -> None:
    ms = run("Ukraine is in talks with ten countries to sign security agreements, Zhovkva said.", "2024-01-08T12:00")
    assert [(m.event_type, m.count, m.count_scope) for m in ms] == [("count_claim", 10, "planned")]
    ms = run("Online negotiations with Italy on the security agreement continued on Tuesday.", "2024-02-21T12:00")
    assert [(m.event_type, m.partner, m.event_date) for m in ms] == [("negotiation_round", "IT", date(2024, 2, 20))]


def test_partners_of_another_clause_are_left_out() -> None:
    ms = run("Ukraine signed security agreements with Lithuania and Estonia, while talks with Latvia continue.", "2024-06-27T18:00")
    assert {(m.event_type, m.partner) for m in ms} == {("agreement_signed", "LT"), ("agreement_signed", "EE")}


def test_headline_after_page_chrome() -> None:
    body = "About past, present and future of Ukraine\n\nDiplomacy\n\nUkraine and Poland to sign security agreement\n\nText."
    assert kinds(body, "2024-07-01T12:00") == {("agreement_planned", "PL")}
    ms = run("Portugal becomes 12th country to sign security agreement with Ukraine", "2024-05-28T20:00")
    assert [(m.event_type, m.partner, m.ordinal) for m in ms] == [("agreement_signed", "PT", 12)]


def test_more_ordinal_and_future_phrasings() -> None:
    ms = run("Denmark became the first country outside the G7 to sign a security agreement with Ukraine.", "2024-02-23T18:00")
    assert [(m.event_type, m.partner, m.ordinal) for m in ms] == [("agreement_signed", "DK", 1)]
    ms = run("Greece will become the 21st EU member state to sign a security agreement with Ukraine.", "2024-10-16T12:00")
    assert [(m.event_type, m.partner) for m in ms] == [("agreement_planned", "GR")]
    assert kinds("Президент Польщі не підписав безпекову угоду.", language="uk") == set()
