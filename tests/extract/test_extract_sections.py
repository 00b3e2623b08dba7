"""Pages split into sections: the chooser keeps all of them (sections.whole_of_sections), not one box,
and never climbs to a wrapper that is mostly links."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from selectolax.lexbor import LexborHTMLParser, LexborNode

from ingest.extract import extract_page
from ingest.extract.sections import MAX_LINK_SHARE, holds_few_sections, visible_len, whole_of_sections

STEPS = [
    "Heat the oven to 180 degrees, grease a round tin and dust it lightly with flour, then set it aside.",
    "Beat the butter with the sugar until pale, add the eggs one by one, then fold in flour and milk.",
    "Pour the batter into the tin, smooth the top and bake for forty minutes, until a skewer comes out dry.",
    "Leave the cake to cool in the tin for ten minutes, then turn it out onto a rack and dust with sugar.",
]


def _step_box(number: int, text: str) -> str:
    # pretty-printed, deeply indented template markup, as page builders write it
    pad = " " * 40
    return (
        f'\n{pad}<div class="module" id="module-{number}">\n{pad}<h3>Step {number}</h3>'
        f'\n{pad}<div class="row">\n{pad}  <div class="col">\n{pad}    <div class="step-text">'
        f"\n{pad}      <p>{text}</p>\n{pad}    </div>\n{pad}  </div>\n{pad}</div>\n{pad}</div>"
    )


def test_every_step_of_a_page_in_indented_boxes_is_kept() -> None:
    html = (
        '<html><head><title>Sponge cake</title></head><body><div class="page">'
        + "".join(_step_box(i + 1, step) for i, step in enumerate(STEPS))
        + "</div></body></html>"
    )
    body = extract_page(html, "https://example.org/recipes/sponge-cake").body
    assert all(step in body for step in STEPS), body


def _chain(node: LexborNode) -> list[LexborNode]:
    chain: list[LexborNode] = []
    cur: LexborNode | None = node
    while cur is not None and cur.tag not in ("html", "#document"):
        chain.append(cur)
        cur = cur.parent
    return chain


def _good_chars(chain: Sequence[LexborNode]) -> list[int]:
    """Good text under each chain node, here: the visible text of its paragraphs (links included, as the
    chooser counts a paragraph under half links)."""
    return [sum(visible_len(p.text()) for p in node.css("p")) for node in chain]


ARTICLE = "<p>The council approved the new bridge on Tuesday, after two years of debate.</p>"


def _page(rest: str) -> LexborHTMLParser:
    return LexborHTMLParser(
        f"<html><body><div id=wrap><div id=article>{ARTICLE}</div>{rest}</div></body></html>"
    )


def test_a_wrapper_of_plain_sections_is_taken() -> None:
    tree = _page(
        "".join(
            f"<div><p>Section {i} of the same guide, with more of its own advice.</p></div>" for i in range(6)
        )
    )
    start = tree.css_first("#article")
    assert start is not None
    chain = _chain(start)
    good = _good_chars(chain)
    assert holds_few_sections(good, 0)
    chosen = whole_of_sections(chain, good, 0)
    assert chosen is not None and chosen.css_first("#wrap") is not None  # the wrapper (or <body>, a tie)


def test_a_wrapper_that_is_mostly_links_is_not_taken() -> None:
    teaser = (
        '<p>Summary of another story. <a href="/n">Read the whole story about it on its own page</a></p>'
        '<h3><a href="/n">Another story about something else happening in town today</a></h3>'
    )
    tree = _page(teaser * 6)
    start = tree.css_first("#article")
    assert start is not None
    chain = _chain(start)
    good = _good_chars(chain)
    assert holds_few_sections(good, 0)
    assert whole_of_sections(chain, good, 0) is None


def _slow_whole_of_sections(
    chain: Sequence[LexborNode], good: Sequence[int], start: int
) -> LexborNode | None:
    """The rule measured directly on every ancestor (the module sums lengths up the chain instead)."""
    best, best_value = None, float("-inf")
    for node, g in zip(chain[start:], good[start:], strict=True):
        visible = visible_len(node.text())
        linked = sum(visible_len(a.text()) for a in node.css("a"))
        if linked >= MAX_LINK_SHARE * visible:
            continue
        if g - (visible - g) >= best_value:
            best, best_value = node, g - (visible - g)
    return None if best is None or best.mem_id == chain[start].mem_id else best


_NESTED = """<html><body><div id=root>
  <div class=a><p>Plain paragraph with <a href=/1>one link</a> and more words.</p><!-- note -->
    <ul><li><a href=/2>first item</a></li><li><a href=/3> second   item </a> tail</li></ul>
    <div><p>deep <b>bold</b> text <a href=/5>nested link</a></p></div>
  </div>
  <section><table><tr><td><a href=/6>cell</a></td><td>no link at all in this cell</td></tr></table></section>
  <p>No links here at all, only words and more words for the count.</p>
</div></body></html>"""


@pytest.mark.parametrize("selector", ["b", "li a", "td", "div.a > div", "section", "ul"])
def test_sums_up_the_chain_equal_measuring_each_ancestor(selector: str) -> None:
    tree = LexborHTMLParser(_NESTED)
    start_node = tree.css_first(selector)
    assert start_node is not None
    chain = _chain(start_node)
    # any good counts will do: the two must agree whatever they are
    for good in (_good_chars(chain), [len(chain) * 40 - 40 * i for i in range(len(chain))], [0] * len(chain)):
        fast = whole_of_sections(chain, good, 0)
        slow = _slow_whole_of_sections(chain, good, 0)
        assert (fast.mem_id if fast else None) == (slow.mem_id if slow else None)
