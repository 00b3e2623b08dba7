"""Class hints that also name the article's own text, and an article header's lead: kept, not chrome."""

from __future__ import annotations

from ingest.extract import extract_page
from ingest.extract.chrome_hints import LINKED, NO_HINT, STRONG, attrs_hint_strength


def test_hints_that_also_name_article_text() -> None:
    # a paywall container wraps the article behind it: a layout word, kept when it holds the text
    assert attrs_hint_strength("entry-content steady-paywall-container") == NO_HINT
    # a "read more" block without a link is collapsed text of this page, not a link to another one
    assert attrs_hint_strength("presentation-box-txt js-readmore") == LINKED
    # a commentary is an opinion piece, not the readers' comments
    assert attrs_hint_strength("full news commentary article") == NO_HINT
    assert attrs_hint_strength("comments-area") == STRONG
    # a live ticker's comments are the reporter's running text
    assert attrs_hint_strength("live-match-comments clearfix") == NO_HINT
    assert attrs_hint_strength("live-blog share-comments") == STRONG
    # a printable section of a recipe or tip is its content
    assert attrs_hint_strength("recipe-steps printable-124300") == NO_HINT


def test_paywalled_printable_and_collapsed_text_is_kept() -> None:
    sentences = [
        f"Sentence number {i} of the story explains the matter at hand, in some detail." for i in range(8)
    ]
    collapsed = "The rest of the description opens when the reader asks for it, still on this page."
    html = (
        "<html><body><article><h1>Headline of the piece</h1>"
        "<div class='tip-print-step'>" + "".join(f"<p>{s}</p>" for s in sentences[:4]) + "</div>"
        "<div class='paywall-container'>" + "".join(f"<p>{s}</p>" for s in sentences[4:]) + "</div>"
        f"<p class='js-readmore'>{collapsed}</p>"
        "<div class='read-more'><a href='/other'>Read more: another story from elsewhere</a></div>"
        "<div class='comments'><p>Great piece, thanks for writing it up so clearly!</p></div>"
        "</article></body></html>"
    )
    body = extract_page(html).body
    for s in sentences:
        assert s in body
    assert collapsed in body
    assert "another story" not in body
    assert "Great piece" not in body


def _article_with_header(header: str, wrapper: str = "article") -> str:
    sentences = [
        f"Sentence number {i} of the story explains the matter at hand, in some detail." for i in range(8)
    ]
    return (
        "<html><body><header class='site-header'><p>The magazine for readers who want the whole story "
        "of the week, every week, in one place.</p><a href='/'>Home</a></header>"
        f"<{wrapper}>{header}" + "".join(f"<p>{s}</p>" for s in sentences) + f"</{wrapper}></body></html>"
    )


LEAD = "The council kept the library open on Sundays after a long and heated debate on Monday."


def test_an_article_headers_lead_is_kept_without_its_byline() -> None:
    header = (
        "<header class='entry-header'><a class='kicker' href='/topics/city'>City</a>"
        "<h1>Headline of the piece</h1>"
        f"<p class='lead'>{LEAD}</p>"
        "<div class='meta'>By <a href='/authors/jane'>Jane Roe</a>, <time>12.03.2023</time></div></header>"
    )
    body = extract_page(_article_with_header(header)).body
    assert body.startswith(LEAD)
    assert "Sentence number 7" in body
    assert "Jane Roe" not in body
    assert "12.03.2023" not in body
    assert "magazine for readers" not in body  # the page's header is still chrome


def test_a_header_outside_the_article_keeps_nothing() -> None:
    header = f"<header><h1>Headline of the piece</h1><p>{LEAD}</p></header>"
    body = extract_page(_article_with_header(header, wrapper="div")).body
    assert "Sentence number 7" in body
    assert LEAD not in body


def test_a_hidden_box_named_chrome_is_dropped_however_long() -> None:
    # a hidden cookie-consent box holds a long privacy notice, more paragraph text than the article
    notice = "".join(
        f"<p>Privacy clause {i}: this site stores cookies on your device to measure its use.</p>"
        for i in range(12)
    )
    sentences = [
        f"Sentence number {i} of the story explains the matter at hand, in some detail." for i in range(6)
    ]
    html = (
        f"<html><body><div class='cookie-consent-wrap' aria-hidden='true'>{notice}</div>"
        "<div class='entry'><h1>Headline of the piece</h1>"
        + "".join(f"<div class='text-block'>{s}</div>" for s in sentences)
        + "</div></body></html>"
    )
    body = extract_page(html).body
    for s in sentences:
        assert s in body
    assert "Privacy clause" not in body
