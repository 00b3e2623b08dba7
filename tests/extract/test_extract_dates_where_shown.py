"""Where a page shows its date: labelled dates far from the headline, the byline window after the
headline, <time> and date-classed elements, head links and metadata read in one pass."""

from __future__ import annotations

from datetime import date

import pytest

from ingest.extract import extract_page

PARAGRAPH = (
    "<p>The delegation met the ministers for a long working session, and the talks went on late, with "
    "several further rounds planned for the coming weeks by both sides.</p>"
)
BODY = PARAGRAPH * 6


def _page(head: str = "", header: str = "", after_body: str = "") -> str:
    return (
        f"<html lang='en'><head><title>Talks on the new framework continue</title>{head}</head><body>"
        f"<article><header><h1>Talks on the new framework continue</h1>{header}</header>{BODY}"
        f"{after_body}</article></body></html>"
    )


def _ld(published: str, modified: str | None = None) -> str:
    mod = f', "dateModified": "{modified}"' if modified else ""
    return (
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        f'"headline": "Talks on the new framework continue", "datePublished": "{published}"{mod}}}</script>'
    )


def test_labelled_date_far_down_any_case_after_text_that_lower_cases_longer() -> None:
    # far from the headline (past the text read near it); 'İ' lower-cases to two characters: offsets into the lower-cased text must not be used on the original
    html = _page(
        after_body=PARAGRAPH * 8
        + (
            "<p>İstanbul İzmir İnegöl: offices were visited on 2 March 2021 by the same team.</p>"
            "<p class='footer-note'>LAST UPDATED: 13 November 2025</p>"
        )
    )
    page = extract_page(html)
    assert page.published is not None and page.published.date() == date(2025, 11, 13)


def test_label_not_followed_by_its_date_dates_nothing() -> None:
    html = _page(
        after_body=PARAGRAPH * 8
        + "<p>Date of the next round to be announced; the last one ended 5 May 2025.</p>"
    )
    assert extract_page(html).published is None


def test_byline_window_reads_past_a_whitespace_heavy_sibling() -> None:
    spacer = "<div class='share'>" + "\n" * 200 + "Share" + " " * 200 + "</div>"
    html = _page(
        _ld("2025-11-05T10:00:00Z"),
        header=f"{spacer}<div class='byline'>By A. Writer, January 31, 2024</div>",
    )
    page = extract_page(html)
    assert page.published is not None and page.published.date() == date(2024, 1, 31)


def test_byline_window_ends_after_300_visible_characters() -> None:
    words = "<p>" + "word " * 70 + "</p>"  # 350 visible characters before the date
    html = _page(_ld("2025-11-05T10:00:00Z"), header=f"{words}<p>By A. Writer, March 3, 2020</p>")
    page = extract_page(html)
    assert page.published is not None and page.published.date() == date(2025, 11, 5)


def test_byline_window_counts_a_dek_given_twice_once() -> None:
    dek = (
        "<p class='summary'>"
        + "A guide to what to charge for a class and what affects the price. " * 3
        + "</p>"
    )
    html = _page(_ld("2025-06-24"), header=f"{dek}{dek}<p>Ann Writer</p><p>August 25, 2024</p>")
    page = extract_page(html)
    assert page.published is not None and page.published.date() == date(2024, 8, 25)
    different = dek.replace("A guide", "The guide")
    html = _page(_ld("2025-06-24"), header=f"{dek}{different}<p>Ann Writer</p><p>August 25, 2024</p>")
    page = extract_page(html)
    assert page.published is not None and page.published.date() == date(2025, 6, 24)


def test_time_element_comes_before_an_earlier_date_classed_element() -> None:
    header = (
        "<span class='date-label'>Filed 3 March 2021</span>"
        "<span class='byline'>By A. Writer <time datetime='2022-04-05T09:00:00Z'>5 April</time></span>"
    )
    page = extract_page(_page(header=header))
    assert page.published is not None and page.published.date() == date(2022, 4, 5)


def test_date_classed_element_without_time_element() -> None:
    page = extract_page(_page(header="<div class='post-meta'>Posted on 7 June 2023 in News</div>"))
    assert page.published is not None and page.published.date() == date(2023, 6, 7)


def test_head_links_and_meta_in_the_body() -> None:
    head = (
        "<link rel='stylesheet' href='/s.css'><link rel='Canonical' href='/news/talks'>"
        "<link rel='alternate' href='/feed.xml' type='application/rss+xml'>"
        "<link rel='alternate' hreflang='uk' href='/uk/news/talks'>"
        "<link rel='alternate' hreflang='uk' href='/uk/news/talks'>"
    )
    html = _page(head, header="<meta itemprop='datePublished' content='2024-02-03'>")
    page = extract_page(html, "https://news.example/news/talks?utm=x")
    assert page.canonical_url == "https://news.example/news/talks"
    assert page.alternates == (("uk", "https://news.example/uk/news/talks"),)
    assert page.published is not None and page.published.date() == date(2024, 2, 3)


def test_json_ld_modified_date_in_words() -> None:
    page = extract_page(_page(_ld("Jun 20, 2025", "Jun 24, 2025")))
    assert page.published is not None and page.published.date() == date(2025, 6, 20)
    assert page.modified is not None and page.modified.date() == date(2025, 6, 24)


def test_json_ld_written_in_a_meta_tag() -> None:
    ld = (
        "{&quot;@type&quot;:&quot;Article&quot;,&quot;datePublished&quot;:&quot;2025-11-17T09:00:00-05:00&quot;,"
        "&quot;author&quot;:{&quot;@type&quot;:&quot;Person&quot;,&quot;name&quot;:&quot;Ann Writer&quot;}}"
    )
    page = extract_page(_page(f'<meta name="script:ld+json" content="{ld}"/>'))
    assert page.published is not None and page.published.date() == date(2025, 11, 17)
    assert page.authors == ("Ann Writer",)


def test_date_in_prose_after_the_headline_is_not_a_byline() -> None:
    lead = (
        "<p>The next round of the show takes place on 21 and 22 May 2022 in Rostock, the organisers said "
        "on Tuesday, and tickets for both days go on sale soon.</p>"
    )
    page = extract_page(_page(_ld("2022-01-11T09:00:00Z"), header=lead))
    assert page.published is not None and page.published.date() == date(2022, 1, 11)


def test_dateline_just_above_the_headline_beats_a_date_deep_in_the_text() -> None:
    html = (
        "<html lang='en'><head><title>Why the framework matters</title></head><body>"
        "<div class='nav'><a href='/blog'>Back to blog</a></div><div><span>Dec 12, 2025</span></div>"
        "<article><h1>Why the framework matters</h1>"
        + PARAGRAPH * 2
        + "<p>The first version of the framework was released on 30 October 2025 after long talks.</p>"
        + BODY
        + "</article></body></html>"
    )
    page = extract_page(html)
    assert page.published is not None and page.published.date() == date(2025, 12, 12)


def test_dateline_above_the_headline_wins_over_a_stale_declared_date() -> None:
    html = (
        "<html lang='en'><head><title>Healthy eating tips</title>"
        "<meta name='dc.date' content='2024-07-05T14:20:08Z'></head><body><main>"
        "<section class='title-bar'><span>Nutrition</span> <span>March 1, 2024</span></section>"
        f"<h1>Healthy eating tips</h1>{BODY}</main></body></html>"
    )
    page = extract_page(html)
    assert page.published is not None and page.published.date() == date(2024, 3, 1)


def test_a_date_labelled_as_another_event_is_not_the_publication_date() -> None:
    header = "<p class='episode'>Recorded on August 19, 2025 | Duration 12:30</p>"
    page = extract_page(_page(_ld("2023-11-21T19:57:53Z"), header=header))
    assert page.published is not None and page.published.date() == date(2023, 11, 21)
    undated = extract_page(_page(header=header + "<p>Posted 4 May 2025</p>"))
    assert undated.published is not None and undated.published.date() == date(2025, 5, 4)


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Erschienen am: 01.11.2023", date(2023, 11, 1)),
        ("last edited 2019-11-10 13:28:18 by a reader", date(2019, 11, 10)),
        ("Pubblicato il 14/01/2020", date(2020, 1, 14)),
        ("Letzte Änderung: 14.01.2022 um 09:25", date(2022, 1, 14)),
        # a publication label wins over an update label read before it
        ("Letzte Änderung: 31.10.2023 - 14:49:39 Erschienen am: 01.11.2023", date(2023, 11, 1)),
    ],
)
def test_labelled_date_in_other_words_and_languages(label: str, expected: date) -> None:
    page = extract_page(_page(after_body=PARAGRAPH * 8 + f"<p class='info'>{label}</p>"))
    assert page.published is not None and page.published.date() == expected
