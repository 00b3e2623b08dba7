"""Which date a page is dated by when its metadata, URL and byline disagree."""

from __future__ import annotations

from datetime import date

import pytest

from ingest.extract import extract_page
from ingest.extract.dates import UTC, parse_date_text, parse_url_date
from ingest.extract.labelled_dates import credited_date

BODY = "".join(
    f"<p>Paragraph {i} of the story, long enough to count as article text, with a comma, and more words.</p>"
    for i in range(6)
)


def _page(head: str = "", byline: str = "") -> str:
    return (
        f"<html lang='en'><head><title>A headline for the test page</title>{head}</head><body>"
        f"<article><h1>A headline for the test page</h1><div class='byline'>{byline}</div>{BODY}</article>"
        "</body></html>"
    )


def _ld(published: str, modified: str | None = None) -> str:
    mod = f', "dateModified": "{modified}"' if modified else ""
    return (
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        f'"headline": "A headline for the test page", "datePublished": "{published}"{mod}}}</script>'
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Updated: 10/31/2024", date(2024, 10, 31)),  # month first: 31 cannot be a month
        ("2/24/2026", date(2026, 2, 24)),
        ("14/01/2024", date(2024, 1, 14)),  # day first stays day first
    ],
)
def test_numeric_dates_in_either_order(text: str, expected: date) -> None:
    got = parse_date_text(text)
    assert got is not None and got.date() == expected


def test_url_date_followed_by_other_characters() -> None:
    got = parse_url_date("https://blog.example/articles/2025-12-15+Why+and+how")
    assert got is not None and got.date() == date(2025, 12, 15)
    assert parse_url_date("https://example.org/2024/01/145") is None


def test_byline_date_wins_over_stale_declared_date() -> None:
    page = extract_page(_page(_ld("2025-11-05T10:00:00Z"), "By A. Writer, January 31, 2024"))
    assert page.published is not None and page.published.date() == date(2024, 1, 31)


def test_unlabelled_byline_date_wins_even_when_it_is_the_modification_date() -> None:
    # the byline shows one date and does not call it an update: the page presents it as its date
    html = _page(_ld("2024-02-21T10:00:00Z", "2025-10-26T10:00:00Z"), "By A. Writer, October 26, 2025")
    page = extract_page(html)
    assert page.published is not None and page.published.date() == date(2025, 10, 26)
    assert page.modified is not None and page.modified.date() == date(2025, 10, 26)


def test_declared_date_kept_when_byline_also_shows_it() -> None:
    html = _page(
        _ld("2025-04-24T10:00:00Z", "2025-05-21T10:00:00Z"), "May 21, 2025 April 24, 2025 by A. Writer"
    )
    page = extract_page(html)
    assert page.published is not None and page.published.date() == date(2025, 4, 24)


def test_declared_date_shown_only_as_the_update_does_not_count_as_shown() -> None:
    html = _page(_ld("2025-08-21"), "By A. Writer, Published Apr 26, 2023 Updated Aug 21, 2025")
    page = extract_page(html)
    assert page.published is not None and page.published.date() == date(2023, 4, 26)


def test_byline_day_that_is_the_declared_instants_day_nowhere_wins() -> None:
    # 22:02 UTC on the 19th is the 19th or the 20th in every zone: the 18th is another date
    page = extract_page(_page(_ld("2025-12-19T22:02:58Z"), "By A. Writer, Dec 18, 2025"))
    assert page.published is not None and page.published.date() == date(2025, 12, 18)


def test_byline_with_time_of_day_a_day_off_wins() -> None:
    # the same instant written in the page's own zone: 22:41 on 3 May at UTC-4 is 02:41 UTC on 4 May
    page = extract_page(_page(_ld("2022-05-04T02:41:00Z"), "By A. Writer 3/5/2022 22:41"))
    assert page.published is not None and page.published.date() == date(2022, 5, 3)


def test_declared_date_kept_when_byline_is_a_day_off_or_swapped() -> None:
    a_day_off = extract_page(_page(_ld("2025-07-05T01:30:00Z"), "By A. Writer, July 4, 2025"))
    assert a_day_off.published is not None and a_day_off.published.date() == date(2025, 7, 5)
    swapped = extract_page(_page(_ld("2024-09-10T12:00:00Z"), "By A. Writer 09.10.2024"))
    assert swapped.published is not None and swapped.published.date() == date(2024, 9, 10)


def test_labelled_update_in_byline_does_not_replace_declared_date() -> None:
    page = extract_page(_page(_ld("2020-03-10T08:00:00Z"), "Last updated: February 12, 2025"))
    assert page.published is not None and page.published.date() == date(2020, 3, 10)


def test_update_shown_before_the_declared_publication_dates_the_page() -> None:
    # published before updated: a declared publication after the shown update is a save stamp
    html = _page(
        _ld("2025-11-15T09:21:40", "2025-11-15T09:21:40"), "By A. Writer Page updated: 12 November 2025"
    )
    page = extract_page(html)
    assert page.published is not None and page.published.date() == date(2025, 11, 12)


def test_url_date_wins_over_a_different_declared_day() -> None:
    html = _page('<meta property="article:published_time" content="2025-12-19T09:00:00Z">')
    page = extract_page(html, "https://blog.example/2025/12/18/a-headline")
    assert page.published is not None and page.published.date() == date(2025, 12, 18)


def test_declared_day_shown_by_the_headline_wins_over_the_url_date() -> None:
    html = _page(_ld("2020-02-19T18:37:32+01:00"), "By A. Writer 19 FEB 2020 - 18:37 CET")
    page = extract_page(html, "https://news.example/2020/02/18/science/1582045946.html")
    assert page.published is not None and page.published.date() == date(2020, 2, 19)


def test_meta_published_in_words_and_earliest_of_several() -> None:
    html = _page(
        '<meta name="published-time" content="2026-01-09T08:45:32Z">'
        '<meta name="published-date" content="2021-02-16">'
    )
    page = extract_page(html)
    assert page.published is not None and page.published.date() == date(2021, 2, 16)
    worded = extract_page(_page('<meta name="published" content="July 17, 2025">'))
    assert worded.published is not None and worded.published.date() == date(2025, 7, 17)


def test_iso_datetime_written_in_page_text() -> None:
    html = _page(byline="<span class='publication-time'>2022-11-23T08:10+02:00</span>")
    page = extract_page(html)
    assert page.published is not None and page.published.date() == date(2022, 11, 23)


def test_labelled_date_far_from_the_headline_as_last_resort() -> None:
    html = (
        "<html><body><article><h1>A headline for the test page</h1>"
        f"{BODY * 3}<p style='text-align:right'>Last updated: November 13, 2025</p></article></body></html>"
    )
    page = extract_page(html)
    assert page.published is not None and page.published.date() == date(2025, 11, 13)


def test_author_credit_with_date_at_the_article_end_as_last_resort() -> None:
    html = (
        "<html><body><article><h1>A headline for the test page</h1>"
        f"{BODY * 3}<div><p>Written by Moses Kim and Kate Shokurova</p><p>April 8, 2024</p></div>"
        "</article></body></html>"
    )
    page = extract_page(html)
    assert page.published is not None and page.published.date() == date(2024, 4, 8)


def test_author_credit_followed_by_prose_and_a_date_is_not_a_dated_credit() -> None:
    assert credited_date("written by the team in 3 weeks. on may 5, 2024 we launched", UTC) is None
    assert credited_date("posted by a. writer, may 5, 2024", UTC) is not None


def test_statement_of_first_publication_wins_over_the_shown_revision_date() -> None:
    html = _page(byline="By A. Writer 30 Sep 2022, 11:07am").replace(
        "</article>",
        "<p>This article was originally published on 26 Sep 2019 at 4:12pm but has been regularly "
        "updated.</p></article>",
    )
    page = extract_page(html)
    assert page.published is not None and page.published.date() == date(2019, 9, 26)
    plain = extract_page(_page(byline="By A. Writer 30 Sep 2022, 11:07am"))
    assert plain.published is not None and plain.published.date() == date(2022, 9, 30)
