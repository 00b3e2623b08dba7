"""A blog's name set in the headline tag and linking home (or to a section above the page's canonical
URL) is not the post's title."""

from __future__ import annotations

import pytest

from ingest.extract import extract_page

BODY = "".join(
    f"<p>Paragraph {i} of the post, long enough to count as article text, with a comma, and more words.</p>"
    for i in range(6)
)


URL = "https://blog.example/blog/2025/small-models.html"


def _page(h1: str, og_title: str = "Small adventures with small models") -> str:
    return (
        f"<html lang='en'><head><title>Engora Data Blog: {og_title}</title><link rel='canonical' href='{URL}'>"
        f"<meta property='og:title' content='{og_title}'></head><body><header>{h1}</header>"
        f"<article><h2>{og_title}</h2>{BODY}</article></body></html>"
    )


@pytest.mark.parametrize(
    "href", ["/", "https://blog.example/", "../", "https://blog.example/blog/", "/blog/"]
)
def test_headline_tag_linking_home_or_above_is_the_site_name(href: str) -> None:
    page = extract_page(
        _page(f"<h1 class='title'><a href='{href}'>Engora Data Blog</a></h1>"),
        URL,
    )
    assert page.title == "Small adventures with small models"


def test_headline_linking_to_its_own_page_is_the_title() -> None:
    url = "https://blog.example/blog/2025/small-models.html"
    page = extract_page(
        _page(f"<h1><a href='{url}'>Small adventures with small models, part two</a></h1>"), url
    )
    assert page.title == "Small adventures with small models, part two"


def test_headline_with_a_link_inside_its_text_is_the_title() -> None:
    h1 = "<h1>Why the <a href='/'>framework</a> matters for small teams</h1>"
    page = extract_page(_page(h1, "Why the framework matters for small teams"), URL)
    assert page.title == "Why the framework matters for small teams"


@pytest.mark.parametrize("href", ["#", "", "#why-the-framework-matters"])
def test_headline_linking_to_an_anchor_on_the_page_is_the_title(href: str) -> None:
    h1 = f"<h1><a href='{href}'>Why the framework matters for small teams</a></h1>"
    page = extract_page(_page(h1, "Why the framework matters"), URL)
    assert page.title == "Why the framework matters for small teams"
