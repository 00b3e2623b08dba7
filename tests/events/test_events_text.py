"""Sentence splitting, date resolution and numbers, checked on phrasings from the sources."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from ingest.events.dates import find_dates, kyiv_date
from ingest.events.numbers import parse_cardinal, parse_ordinal
from ingest.events.sentences import split_sentences


def texts(body: str) -> list[str]:
    return [s.text for s in split_sentences(body)]


def test_abbreviations_and_initials_do_not_end_sentences() -> None:
    body = "Mr. Zelensky met Gen. Syrskyi and J. Biden in Washington, D.C. on Jan. 5. The talks went well."
    assert texts(body) == ["Mr. Zelensky met Gen. Syrskyi and J. Biden in Washington, D.C. on Jan. 5.", "The talks went well."]


def test_us_at_the_end_of_a_sentence_still_splits() -> None:
    assert texts("Ukraine signed the deal with the U.S. The agreement runs ten years.") == [
        "Ukraine signed the deal with the U.S.", "The agreement runs ten years."
    ]


def test_ukrainian_initials_and_quotes() -> None:
    body = "В. Зеленський і А. Єрмак провели зустріч. «Угоду підписано», – сказав він. Далі буде."
    assert texts(body) == ["В. Зеленський і А. Єрмак провели зустріч.", "«Угоду підписано», – сказав він.", "Далі буде."]


def test_lines_and_paragraphs_are_boundaries_with_offsets() -> None:
    body = "Headline without a period\n\nFirst para. Second sentence!\nA list item,\n\nLast one?"
    sents = split_sentences(body)
    assert [s.text for s in sents] == ["Headline without a period", "First para.", "Second sentence!", "A list item,", "Last one?"]
    assert [s.paragraph for s in sents] == [0, 1, 1, 1, 2]
    assert all(body[s.start : s.end] == s.text for s in sents)


def test_background_markers_and_chrome() -> None:
    body = "News today.\n\nBackground:\n\nOld news.\n\nRead more:\n\nTeaser headline"
    sents = split_sentences(body)
    assert [(s.text, s.background) for s in sents] == [("News today.", False), ("Old news.", True)]
    body = "News.\n\nНагадаємо, 12 січня Україна та Британія підписали угоду."
    assert [s.background for s in split_sentences(body)] == [False, True]


@pytest.mark.parametrize(
    ("text", "anchor", "direction", "expected", "precision"),
    [
        ("On 13 June, Ukraine", date(2024, 6, 14), "past", date(2024, 6, 13), "day"),
        ("signed on 28 December", date(2024, 1, 3), "past", date(2023, 12, 28), "day"),  # across the new year
        ("will sign on 18 July", date(2024, 6, 28), "future", date(2024, 7, 18), "day"),
        ("will sign on 10 January", date(2023, 12, 20), "future", date(2024, 1, 10), "day"),
        ("On July 12, 2023, in Vilnius", date(2024, 4, 29), "past", date(2023, 7, 12), "day"),
        ("signed on Friday", date(2024, 2, 17), "past", date(2024, 2, 16), "day"),
        ("last Friday", date(2024, 2, 16), "past", date(2024, 2, 9), "day"),
        ("signed yesterday", date(2024, 6, 28), "past", date(2024, 6, 27), "day"),
        ("in October", date(2023, 11, 17), "past", date(2023, 10, 1), "month"),
        ("in May 2024", date(2024, 1, 1), "past", date(2024, 5, 1), "month"),
        ("in 2023", date(2024, 1, 1), "past", date(2023, 1, 1), "year"),
        ("12.01.2024", date(2024, 1, 14), "past", date(2024, 1, 12), "day"),
        ("16 лютого 2024 року", date(2024, 2, 17), "past", date(2024, 2, 16), "day"),
        ("у четвер", date(2024, 6, 14), "past", date(2024, 6, 13), "day"),
        ("у жовтні", date(2023, 11, 17), "past", date(2023, 10, 1), "month"),
        ("вчора", date(2024, 3, 1), "past", date(2024, 2, 29), "day"),
    ],
)
def test_dates(text: str, anchor: date, direction: str, expected: date, precision: str) -> None:
    hits = find_dates(text, anchor, direction)  # type: ignore[arg-type]
    assert [(h.value, h.precision) for h in hits] == [(expected, precision)]


def test_may_the_verb_is_not_a_date() -> None:
    assert find_dates("Ukraine may sign the agreement soon", date(2024, 5, 1)) == []


def test_as_of_dates_are_flagged() -> None:
    (hit,) = find_dates("As of August 2, 12 countries have joined", date(2023, 11, 28))
    assert hit.as_of and hit.value == date(2023, 8, 2)


def test_publication_day_in_kyiv() -> None:
    assert kyiv_date(datetime(2024, 6, 27, 22, 30, tzinfo=timezone.utc)) == date(2024, 6, 28)
    assert kyiv_date(datetime(2024, 6, 27, 20, 30, tzinfo=timezone.utc)) == date(2024, 6, 27)
    assert kyiv_date(datetime(2024, 6, 27, 23, 30)) == date(2024, 6, 27)  # naive = Kyiv local
    assert kyiv_date(None) is None


def test_numbers() -> None:
    assert [parse_cardinal(w) for w in ("17", "seven", "twenty-six", "twenty six", "сім")] == [17, 7, 26, 26, 7]
    assert [parse_ordinal(w) for w in ("11th", "third", "twenty-first", "третій", "23-й")] == [11, 3, 21, 3, 23]
    with pytest.raises(ValueError, match="not a cardinal"):
        parse_cardinal("several")


def test_overlong_lines_are_cut_at_spaces() -> None:
    body = " ".join(["word"] * 2000)
    sents = split_sentences(body)
    assert len(sents) >= 6 and all(len(s.text) <= 1500 for s in sents)
    assert all(body[s.start : s.end] == s.text for s in sents)
    assert sum(len(s.text.split()) for s in sents) == 2000
