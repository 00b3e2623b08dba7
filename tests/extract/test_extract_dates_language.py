"""Date parsing and language detection on the forms the sources really use."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from ingest.extract.dates import parse_date_text, parse_iso, parse_url_date
from ingest.extract.language import detect_language, normalise_declared
from ingest.mirror import load_manifest

KYIV = ZoneInfo("Europe/Kyiv")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("28 May 2024 - 10:36", datetime(2024, 5, 28, 10, 36, tzinfo=KYIV)),
        ("13 листопада 2023 року - 20:34", datetime(2023, 11, 13, 20, 34, tzinfo=KYIV)),
        ("26 вересня 2022 року - 22:16", datetime(2022, 9, 26, 22, 16, tzinfo=KYIV)),
        ("17:26 19 Mar 2024", datetime(2024, 3, 19, 17, 26, tzinfo=KYIV)),
        ("14/01/2024", datetime(2024, 1, 14, tzinfo=KYIV)),
        ("09.10.2024 16:15", datetime(2024, 10, 9, 16, 15, tzinfo=KYIV)),
        ("Posted on April 13, 2023", datetime(2023, 4, 13, tzinfo=KYIV)),
        ("Sep 4, 2025 at 3:45 pm", datetime(2025, 9, 4, 15, 45, tzinfo=KYIV)),
        ("Dienstag, 4. Juni 2019", datetime(2019, 6, 4, tzinfo=KYIV)),
        ("07.03.2024 um 10:15 Uhr", datetime(2024, 3, 7, 10, 15, tzinfo=KYIV)),
        ("Von Deutscher Tennis Bund 4. 2. 2022.", datetime(2022, 2, 4, tzinfo=KYIV)),
        ("12. Okt. 2021 um 08:05", datetime(2021, 10, 12, 8, 5, tzinfo=KYIV)),
        ("3 de mayo de 2022 21:25", datetime(2022, 5, 3, 21, 25, tzinfo=KYIV)),
        ("19 de fevereiro de 2020", datetime(2020, 2, 19, tzinfo=KYIV)),
        ("14 févr. 2021", datetime(2021, 2, 14, tzinfo=KYIV)),
        ("3 mei 2020", datetime(2020, 5, 3, tzinfo=KYIV)),
        ("1 dicembre del 2019", datetime(2019, 12, 1, tzinfo=KYIV)),
    ],
)
def test_visible_dates_in_local_time(text: str, expected: datetime) -> None:
    got = parse_date_text(text, KYIV)
    assert got == expected
    assert got is not None and got.utcoffset() == expected.utcoffset()


def test_kyiv_offsets_follow_daylight_saving() -> None:
    summer = parse_date_text("28 May 2024 - 10:36", KYIV)
    winter = parse_date_text("13 листопада 2023 року - 20:34", KYIV)
    assert (
        summer is not None
        and summer.utcoffset() is not None
        and summer.utcoffset().total_seconds() == 3 * 3600
    )
    assert (
        winter is not None
        and winter.utcoffset() is not None
        and winter.utcoffset().total_seconds() == 2 * 3600
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-01-14T10:00:00+02:00", datetime(2024, 1, 14, 8, 0, tzinfo=timezone.utc)),
        ("2024-01-14T10:00:00+0200", datetime(2024, 1, 14, 8, 0, tzinfo=timezone.utc)),
        ("2024-01-14T10:00:00Z", datetime(2024, 1, 14, 10, 0, tzinfo=timezone.utc)),
        ("Sun, 14 Jan 2024 10:00:00 GMT", datetime(2024, 1, 14, 10, 0, tzinfo=timezone.utc)),
    ],
)
def test_iso_and_rfc822_keep_their_offset(value: str, expected: datetime) -> None:
    assert parse_iso(value, KYIV) == expected


def test_naive_iso_takes_the_local_zone() -> None:
    assert parse_iso("2024-01-14 10:00", KYIV) == datetime(2024, 1, 14, 10, 0, tzinfo=KYIV)


@pytest.mark.parametrize(
    ("url", "day"),
    [
        ("https://euromaidanpress.com/2024/01/14/a-security-agreement/", (2024, 1, 14)),
        ("https://www.pravda.com.ua/eng/news/2024/03/1/7444556/", (2024, 3, 1)),
        ("https://rubryka.com/en/2024/03/19/slug/amp", (2024, 3, 19)),
    ],
)
def test_dates_in_urls(url: str, day: tuple[int, int, int]) -> None:
    got = parse_url_date(url, KYIV)
    assert got is not None and (got.year, got.month, got.day) == day


def test_no_date_in_plain_text() -> None:
    assert parse_date_text("The negotiators agreed on a schedule.", KYIV) is None
    assert parse_date_text("31 February 2024", KYIV) is None  # impossible day


def test_language_of_every_mirror_article() -> None:
    pages = load_manifest().pages
    languages = {p.language for p in pages}
    assert {"en", "uk"} <= languages
    for page in pages:
        assert detect_language(page.body) == page.language, page.url


def test_russian_and_ukrainian_told_apart() -> None:
    ru = "Президент Украины подписал соглашение о безопасности, которое было подготовлено за несколько месяцев."
    uk = "Президент України підписав угоду про безпеку, яку готували протягом кількох місяців, і це важливо."
    assert detect_language(ru) == "ru"
    assert detect_language(uk) == "uk"
    assert detect_language("too short") is None


def test_declared_language_tags() -> None:
    assert normalise_declared("en-US") == "en"
    assert normalise_declared("uk_UA") == "uk"
    assert normalise_declared("ua") == "uk"
    assert normalise_declared("x-default") is None
    assert normalise_declared(None) is None
