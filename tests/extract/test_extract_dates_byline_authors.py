"""The byline under the headline names the author when neither JSON-LD, <meta> nor an author-classed
element does: "By ...", "Written by: ...", "Von ...", and what is not a byline."""

from __future__ import annotations

import pytest

from ingest.extract import extract_page
from ingest.extract.authors import byline_name

BODY = "".join(
    f"<p>Paragraph {i} of the story, long enough to count as article text, with a comma, and more words.</p>"
    for i in range(6)
)


def _page(byline: str) -> str:
    return (
        "<html lang='en'><head><title>A headline for the test page</title></head><body><article>"
        f"<h1>A headline for the test page</h1><p class='standfirst'>{byline}</p>{BODY}</article></body></html>"
    )


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("By Jayesh Shinde | Updated on 19 December 2025", "Jayesh Shinde"),
        ("by: Ziyi Xu , Dec 17, 2025", "Ziyi Xu"),
        ("Written by: Elise Nass 5 min read", "Elise Nass"),
        ("By A. J. Neal View In Digital Edition", "A. J. Neal"),
        ("Von Katharina Schmidt | Kategorien: Mode", "Katharina Schmidt"),
        ("Автор: Іван Петренко 12 травня 2024", "Іван Петренко"),
        ("By Ludwig van Beethoven and friends", "Ludwig van Beethoven"),
        ("By Preetam Jinka Co-founder", "Preetam Jinka"),
        ("by Sofia Gonzalez December 3, 2025", "Sofia Gonzalez"),
        ("By J.R. Stone Thursday, 4 June", "J.R. Stone"),
    ],
)
def test_byline_names(line: str, name: str) -> None:
    assert byline_name(line) == name


@pytest.mark.parametrize(
    "line",
    [
        "Photo by Getty Images",
        "Guidance by Sector Health Sector Manufacturing",
        "Schutz von Pseudonymen im Netz",
        "explains why by the way",
        "By Madonna",  # one word: too often a noun or a brand
        "Saving Costs by Bringing More Legal Work In-House",
    ],
)
def test_not_bylines(line: str) -> None:
    assert byline_name(line) is None


def test_byline_under_the_headline_names_the_author() -> None:
    page = extract_page(_page("By Maria Kovalenko | 12 May 2024"))
    assert page.authors == ("Maria Kovalenko",)


def test_declared_author_wins_over_the_byline_line() -> None:
    html = _page("By Maria Kovalenko | 12 May 2024").replace(
        "</title>", "</title><meta name='author' content='Olena Shevchenko'>"
    )
    assert extract_page(html).authors == ("Olena Shevchenko",)
