"""Chrome vocabulary and class hints: what is dropped, and what must not be."""

from __future__ import annotations

import pytest

from ingest.extract import extract_page
from ingest.extract.chrome_hints import LINKED, STRONG, attrs_hint_strength
from ingest.extract.phrases import is_chrome_paragraph


@pytest.mark.parametrize(
    "line",
    [
        "Jetzt teilen!",
        "Rezept drucken",
        "zurück zur Listenansicht",
        "Wie bewerten Sie diesen Artikel?",
        "Plant Care Newsletter",
        "Temas Relacionados",
        "Watch video 02:17",
        "Mehr Themen:",
    ],
)
def test_chrome_lines(line: str) -> None:
    assert is_chrome_paragraph(line)


@pytest.mark.parametrize(
    "line",
    [
        "Der Newsletter erscheint jeden Montag und fasst die Woche zusammen.",
        "Teilen ist für viele Familien selbstverständlich geworden.",
    ],
)
def test_sentences_with_chrome_words_are_text(line: str) -> None:
    assert not is_chrome_paragraph(line)


def test_negated_class_hint_is_not_chrome() -> None:
    assert attrs_hint_strength("row non-paywall") == 0
    assert attrs_hint_strength("page no-sidebar") == 0
    assert attrs_hint_strength("paywall-notice") == 1  # a layout word: see test_extract_chrome_kept


def test_article_in_a_non_paywall_section_is_kept() -> None:
    sentences = [
        f"Sentence number {i} of the article tells the reader something new, and more." for i in range(8)
    ]
    html = (
        "<html><body><nav><a href='/'>Home</a> <a href='/a'>A</a></nav>"
        "<section class='row non-paywall'><article><h1>Headline of the piece</h1>"
        + "".join(f"<p>{s}</p>" for s in sentences)
        + "</article></section><div class='paywall'><p>Subscribe to read every story we publish.</p></div>"
        "</body></html>"
    )
    body = extract_page(html).body
    for s in sentences:
        assert s in body
    assert "Subscribe to read" not in body


@pytest.mark.parametrize(
    "attrs",
    [
        "author-description",  # a bio box under the article
        "entry-author-info",
        "post-author__bio",
        "contributor-bio contributor-bio--align-left",
        "mini-bio",
        "tdb-next-post tdb-post-next",  # the neighbouring article's teaser
        "entry-utility",  # "This entry was posted in News. Bookmark the permalink."
        "entry-footer",
        "postmetadata alt",
        "editorial-disclaimer",
        "ad-disclosure",
    ],
)
def test_bio_neighbour_and_disclaimer_boxes_are_chrome(attrs: str) -> None:
    assert attrs_hint_strength(attrs) == 2


def test_author_bio_and_disclosure_are_dropped_from_the_body() -> None:
    sentences = [
        f"Sentence number {i} of the story explains the matter at hand, in some detail." for i in range(8)
    ]
    html = (
        "<html><body><article><h1>Headline of the piece</h1>"
        + "".join(f"<p>{s}</p>" for s in sentences)
        + "<div class='author-description'><p>Jane Roe is a senior writer covering science.</p></div>"
        "<p class='ad-disclosure'>We may receive compensation for some of the links in our stories.</p>"
        "</article></body></html>"
    )
    body = extract_page(html).body
    for s in sentences:
        assert s in body
    assert "senior writer" not in body
    assert "compensation" not in body


def test_a_trailing_dash_hint_must_end_a_word() -> None:
    assert attrs_hint_strength("post-tags") == 2
    assert attrs_hint_strength("meta-tags-list") == 1
    # CSS-in-JS class names that merely begin with the letters of a hint
    assert attrs_hint_strength("tagStyle_z4kqwb-o_O-style_1tcxgp3") == 0


def _page(sidebar_words: int) -> str:
    sentences = [
        f"Sentence number {i} of the story explains the matter at hand, in some detail." for i in range(8)
    ]
    widget = " ".join(["Disclaimer text of the site about external links."] * sidebar_words)
    return (
        "<html><body><div id='wrapper'><div class='post'><h1>Headline of the piece</h1>"
        + "".join(f"<p>{s}</p>" for s in sentences)
        + f"</div><div id='sidebar'><div class='textwidget'><p>{widget}</p></div></div></div></body></html>"
    )


def test_sidebar_text_widget_is_dropped_even_when_it_is_long() -> None:
    # about 15% of the page's paragraph text: a layout block that is not the article
    body = extract_page(_page(2)).body
    assert "Sentence number 7" in body
    assert "Disclaimer text" not in body


def test_block_named_after_the_layout_is_kept_when_it_holds_the_article() -> None:
    sentences = [
        f"Sentence number {i} of the story explains the matter at hand, in some detail." for i in range(8)
    ]
    html = (
        "<html><body><nav><a href='/'>Home</a></nav><div class='lay-sidebar'><h1>Headline of the piece</h1>"
        + "".join(f"<p>{s}</p>" for s in sentences)
        + "</div></body></html>"
    )
    body = extract_page(html).body
    for s in sentences:
        assert s in body


def test_teaser_is_chrome_only_with_a_link() -> None:
    assert attrs_hint_strength("teaser teaser--linkbox") == LINKED
    assert attrs_hint_strength("teaser share") == STRONG  # a strong hint wins
    sentences = [
        f"Sentence number {i} of the story explains the matter at hand, in some detail." for i in range(8)
    ]
    lead = "The council kept the library open on Sundays after a long and heated debate."
    html = (
        "<html><body><article><h1>Headline of the piece</h1>"
        f"<p class='article-teaser'>{lead}</p>"
        + "".join(f"<p>{s}</p>" for s in sentences)
        + "<div class='teaser'><h3><a href='/other'>Another story from elsewhere</a></h3>"
        "<p>What the other story is about, in a sentence or two for the reader.</p></div>"
        "</article></body></html>"
    )
    body = extract_page(html).body
    assert lead in body  # the article's own lead ("Teaser" in German CMSs) has no link
    for s in sentences:
        assert s in body
    assert "Another story" not in body
    assert "other story is about" not in body
