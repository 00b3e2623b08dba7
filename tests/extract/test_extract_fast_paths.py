"""The extractor's fast paths give the same answers as the slow, obvious computations they replace."""

from __future__ import annotations

import re

import pytest
from selectolax.lexbor import LexborHTMLParser

from ingest.extract.boilerplate import STRUCTURAL_SELECTOR, is_structural_chrome
from ingest.extract.chrome_hints import attrs_hint_strength
from ingest.extract.link_tally import tally_links
from ingest.extract.phrases import (
    CHROME_LINE,
    CREDIT_LINE,
    END_MARKER,
    META_LINE,
    TEASER_MARKER,
    CaselessPattern,
)

_NESTED_LINKS = """<html><body><div id=root>
  <div class=a><p>Plain paragraph with <a href=/1>one link</a> and more words.</p>
    <ul><li><a href=/2>first item</a></li><li><a href=/3> second   item </a> tail</li></ul>
    <a href=/4><div><p>block inside a link <a href=/5>nested link</a></p></div></a>
  </div>
  <section><table><tr><td><a href=/6>cell</a></td><td>no link</td></tr></table></section>
  <p>No links here at all.</p>
</div></body></html>"""


@pytest.mark.parametrize("strip", [False, True])
def test_link_tally_equals_a_subtree_search_per_node(strip: bool) -> None:
    root = LexborHTMLParser(_NESTED_LINKS).css_first("#root")
    assert root is not None
    links = root.css("a")
    tally = tally_links(links, [len(a.text(strip=strip)) for a in links], root)
    for node in root.css("*"):
        inner = node.css("a")  # (matches the node itself too, like the tally)
        assert tally.counts.get(node.mem_id, 0) == len(inner), node.html
        assert tally.chars.get(node.mem_id, 0) == sum(len(a.text(strip=strip)) for a in inner), node.html


_STRUCTURAL_PAGE = """<html><body>
<nav>n</nav><aside class=x>a</aside><footer>f</footer><menu>m</menu><header>h</header>
<div role=navigation>1</div><div role=NAVIGATION>2</div><span role=search>3</span><p role=main>4</p>
<div role>5</div><div aria-hidden=true>6</div><div aria-hidden=TRUE>7</div><div aria-hidden=false>8</div>
<div hidden>9</div><p hidden=hidden>10</p><div style="color:red; display:none">11</div>
<div style="display: none">12</div><div style="DISPLAY:NONE">13</div><div style>14</div>
<div itemprop=comment>15</div><div itemprop="comment text">16</div>
<div itemscope itemtype="https://schema.org/Comment">17</div><div itemtype="https://schema.org/comment">18</div>
<a role=dialog href=/x>19</a><section role=alert>20</section><div>21</div><p class=lead>22</p>
</body></html>"""


def test_structural_test_in_python_equals_the_selector() -> None:
    body = LexborHTMLParser(_STRUCTURAL_PAGE).body
    assert body is not None
    by_selector = {node.mem_id for node in body.css(STRUCTURAL_SELECTOR)}
    elements = body.css("*")[1:]  # (the body itself first)
    assert len(elements) > 20
    for node in elements:
        assert is_structural_chrome(node.tag or "", node.attributes) == (node.mem_id in by_selector), (
            node.html
        )


def test_caseless_pattern_answers_like_the_case_insensitive_regex() -> None:
    texts = [
        "Read more",
        "READ ALSO:",
        "read   more",
        "Related Posts",
        "Photo: Reuters",
        "FOTO: dpa",
        "Image via Shutterstock.com",
        "Kommentare (3)",
        "KOMMENTARE",
        "Свіжі дописи",
        "СВІЖІ ДОПИСИ",
        "Читайте також",
        "12 March 2024, 10:15",
        "Updated: Mon, 3 Jun 2024 10:15",
        "Share on Facebook",
        "ſhare",  # long s: the case-insensitive regex reads it as "s"
        "\u212aommentare",  # Kelvin sign: read as "K"
        "\u0130stock photo",  # dotted capital I
        "The minister said the talks would continue next week.",
        "",
    ]
    for pattern in (END_MARKER, TEASER_MARKER, CHROME_LINE, CREDIT_LINE, META_LINE):
        reference = re.compile(pattern.pattern, re.IGNORECASE)
        for text in texts:
            assert pattern.match(text) == (reference.match(text) is not None), (pattern.pattern[:40], text)
            assert pattern.search(text) == (reference.search(text) is not None), (pattern.pattern[:40], text)


def test_caseless_pattern_refuses_upper_case_letters() -> None:
    with pytest.raises(ValueError, match="lower-case"):
        CaselessPattern(r"\bRead more\b")
    assert CaselessPattern(r"\W*read\s+more\W*").match("  READ  MORE!")


def _reference_strength(attrs: str) -> int:
    """The hint rule spelled out the slow way: every word start of every token against every hint."""
    from ingest.extract import chrome_hints

    strong = tuple(h.lower().replace("_", "-") for h in chrome_hints._STRONG_HINTS)
    linked = tuple(h.lower().replace("_", "-") for h in chrome_hints._LINKED_HINTS)
    weak = tuple(h.lower().replace("_", "-") for h in chrome_hints._WEAK_HINTS)
    if len(attrs) < 3:
        return 0
    starts: list[str] = []
    for token in attrs.lower().replace("_", "-").split():
        words = token.split("-")
        for i in range(len(words)):
            live_comment = words[0] == "live" and words[i].startswith("comment")
            if (i == 0 or words[i - 1] not in {"no", "non", "not"}) and not live_comment:
                starts.append("-".join(words[i:]))
    starts = [s for s in starts if not s.startswith(chrome_hints._ARTICLE_WORDS)]
    if any(s.startswith(strong) for s in starts):
        return 2
    if any(s.startswith(linked) for s in starts):
        return 3
    if not any(s.startswith(weak) for s in starts):
        return 0
    content = re.search(
        r"(?:^|[\s_\-])(?:article|content|entry|post-body|story|main|text|prose)(?:$|[\s_\-])", attrs, re.I
    )
    return 0 if content else 1


@pytest.mark.parametrize(
    "attrs",
    [
        "jp-relatedposts",
        "no-sidebar page",
        "row non-paywall",
        "x-no-share",
        "xno-share",
        "a--share",
        "share-",
        "Recent_Posts widget",
        "sidebar-content",
        "sidebar main",
        "entry-content widget",
        "menu-item menu-item-type-post_type menu-item-8271",
        "post-navigation nav-links",
        "ad-slot",
        "shadow",
        "readmore",
        "js-readmore share",
        "news commentary",
        "comments",
        "live-match-comments clearfix",
        "live-comments",
        "alive-comments",
        "not-sidebar",
        "nota-sidebar",
        "footer__flap-title footer__flap-title--rotate",
        "elementor-element elementor-widget-image",
        "ab",
        "  ",
    ],
)
def test_hint_strength_equals_the_word_start_rule(attrs: str) -> None:
    assert attrs_hint_strength(attrs) == _reference_strength(attrs)


def test_lexbor_lists_a_node_once_per_matching_selector_consecutively() -> None:
    # boilerplate.remove_chrome skips repeats by comparing each node with the one before it
    html = (
        "<body><p id=a class=x hidden>1</p><div id=b style='display:none'>2</div><nav class=c>3</nav></body>"
    )
    body = LexborHTMLParser(html).body
    assert body is not None
    ids = [
        node.attributes.get("id") or node.tag for node in body.css("p, [hidden], [style], [id], [class], nav")
    ]
    assert ids == ["a", "a", "a", "a", "b", "b", "nav", "nav"]
