"""Main-content detection: score text blocks, pick the container that holds the article's paragraphs.

Readability-style: each paragraph-like block with enough text gives points to its parent and
grandparent; points shrink with link density and grow or shrink with class/id hints. The best container,
plus sibling blocks that look like article text, is the main content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from selectolax.lexbor import LexborNode

from ingest.extract.link_tally import LinkTally, tally_links
from ingest.extract.phrases import CaselessPattern
from ingest.extract.sections import holds_few_sections, whole_of_sections

_POSITIVE = CaselessPattern(
    r"article|body|content|entry|main|news|post|story|text|prose|blog|column|single|detail",
)
_NEGATIVE = CaselessPattern(
    r"comment|meta|footer|footnote|sidebar|widget|related|share|social|menu|nav|banner|combx|masthead|"
    r"promo|sponsor|shopping|tags|tool|popup|teaser|recommend|card|listing|archive|author-bio",
)
_OTHER_TEXT_WEIGHT = 1.0
_TOP_CANDIDATES = 12
_BLOCK_CHILDREN = frozenset("div p ul ol table section article h1 h2 h3 h4 h5 h6 blockquote pre".split())
# Paragraph-like blocks: real paragraphs, and divs/spans holding only inline content (editors that
# write <div><span>text</span></div> instead of <p>).
_LEAF_DIV = (
    "div:not(:has(div, p, ul, ol, table, section, article, h1, h2, h3, h4, h5, h6, blockquote, pre, li, dl, "
    "form))"
)
_TEXT_BLOCKS = f"p, pre, blockquote, td, dd, {_LEAF_DIV}"
_ITEM_TAGS = frozenset({"li", "h2", "h3", "h4"})  # list items and headings: good text, no score
_BLOCKS_AND_ITEMS = f"{_TEXT_BLOCKS}, {', '.join(sorted(_ITEM_TAGS))}"


@dataclass(frozen=True, slots=True)
class ContentChoice:
    """The chosen main-content nodes, in document order, and the score of the best one; also the text of
    every link under the root (read anyway for link density; page-type signals use it)."""

    nodes: tuple[LexborNode, ...]
    score: float
    link_texts: tuple[str, ...] = ()


_WEIGHT_CACHE: dict[str, float] = {}


def class_weight(node: LexborNode) -> float:
    attrs = node.attributes
    hint = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
    weight = _WEIGHT_CACHE.get(hint)
    if weight is None:
        weight = hint_weight(hint)
        if len(_WEIGHT_CACHE) > 1 << 16:
            _WEIGHT_CACHE.clear()
        _WEIGHT_CACHE[hint] = weight
    return weight


def hint_weight(hint: str) -> float:
    """+25 for a content-like class/id, -25 for a chrome-like one (both can apply)."""
    if len(hint) < 3:
        return 0.0
    weight = 0.0
    if _POSITIVE.search(hint):
        weight += 25.0
    if _NEGATIVE.search(hint):
        weight -= 25.0
    return weight


def _paragraph_score(text: str) -> float:
    length = len(text)
    return 1.0 + text.count(",") + text.count("،") + min(length / 100.0, 3.0)


def choose_content(root: LexborNode) -> ContentChoice | None:
    """Pick the main-content container under `root` (usually <body>); None when no text block exists."""
    scores: dict[int, float] = {}
    nodes: dict[int, LexborNode] = {}
    good: list[tuple[LexborNode | None, int]] = []  # low-link-density text: (where it counts from, chars)
    counted: set[int] = set()
    chains: dict[int, tuple[int, ...]] = {}
    blocks: list[LexborNode] = []
    items: list[LexborNode] = []
    for node in root.css(_BLOCKS_AND_ITEMS):  # one walk: the two tag sets do not overlap
        (items if node.tag in _ITEM_TAGS else blocks).append(node)
    containers: list[LexborNode] = []
    links: list[LexborNode] = []
    for node in root.css("div, section, article, a"):  # one walk: containers and links
        (links if node.tag == "a" else containers).append(node)
    link_texts = tuple(link.text() for link in links)
    tally = tally_links(links, [len(text) for text in link_texts], root)
    link_chars = tally.chars
    for block in blocks:
        mid = block.mem_id
        counted.add(mid)
        text = block.text().strip()
        length = len(text)
        if length < 25:
            # a short table cell is still article text (data tables), unless it is a link
            if text and block.tag == "td" and mid not in tally.counts:
                good.append((block.parent, length))
            continue
        parent = block.parent
        _credit(parent, _paragraph_score(text), scores, nodes, chains)
        if link_chars.get(mid, 0) / length < 0.5:  # link density (at most 1)
            good.append((parent, length))
    for div in containers:
        if div.mem_id in counted:
            continue  # a leaf div, already counted as a text block
        direct = div.text(deep=False).strip()
        if len(direct) < 60:
            continue
        # a div holding its own text (text separated by <br>) is a paragraph container itself
        points = _paragraph_score(direct)
        mid = div.mem_id
        if mid not in nodes:
            nodes[mid] = div
            scores[mid] = class_weight(div)
        scores[mid] += points
        _credit(div.parent, points / 2.0, scores, nodes, chains)
        good.append((div, len(direct)))
    for item in items:
        text = item.text().strip()
        if len(text) >= 10 and tally.density(item, len(text)) < 0.3 and item.css_first("p, div") is None:
            good.append((item.parent, len(text)))
    if not scores:
        return None
    best_id = None
    best_score = float("-inf")
    # link density is paid for only on the strongest candidates
    top = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)[:_TOP_CANDIDATES]
    text_lens: dict[int, int] = {}  # text length of each top candidate, reused when widening
    for mid, raw in top:
        node = nodes[mid]
        text_len = text_lens[mid] = len(node.text())
        final = raw * (1.0 - tally.density(node, text_len))
        scores[mid] = final
        if final > best_score:
            best_score = final
            best_id = mid
    assert best_id is not None
    best = _widen(nodes[best_id], good, text_lens)
    return ContentChoice(_with_siblings(best, best_score, scores, tally), best_score, link_texts)


def _widen(
    best: LexborNode, good: list[tuple[LexborNode | None, int]], text_lens: dict[int, int]
) -> LexborNode:
    """The ancestor of `best` (or itself) with the most article text net of other text.

    Articles split into sections give each section a modest score; their common ancestor holds much more
    paragraph text for little extra chrome, so it wins on good - other. `text_lens` holds the text
    lengths already measured (by mem_id; `best`'s among them). A choice still holding under a third of
    the page's good text is one section of several: sections.whole_of_sections looks again.
    """
    chain: list[LexborNode] = []
    node: LexborNode | None = best
    while node is not None and node.tag not in ("html", "#document"):
        chain.append(node)
        node = node.parent
    good_chars = _good_along(chain, good)
    choice = best
    choice_value = float("-inf")
    text_len = text_lens.get(best.mem_id)
    if text_len is None:
        text_len = len(best.text())
    choice_index = 0
    prev_id = -1
    for index, (node, g) in enumerate(zip(chain, good_chars, strict=True)):
        known = text_lens.get(node.mem_id)
        if known is not None:
            text_len = known
        elif prev_id != -1:
            # the text of a parent is that of the child already measured plus its other children's
            text_len += sum(len(ch.text()) for ch in node.iter(include_text=True) if ch.mem_id != prev_id)
        value = g - _OTHER_TEXT_WEIGHT * (text_len - g)
        if value >= choice_value:  # on a tie the wrapper wins: its siblings are the article's lead
            choice, choice_value, choice_index = node, value, index
        prev_id = node.mem_id
    if holds_few_sections(good_chars, choice_index):
        return whole_of_sections(chain, good_chars, choice_index) or choice
    return choice


def _good_along(chain: list[LexborNode], good: list[tuple[LexborNode | None, int]]) -> list[int]:
    """Chars of good text under each node of `chain` (a node and its ancestors, innermost first).

    Each credited node is walked up only until it meets the chain or a node already walked (whose
    answer is remembered), so the cost is about the number of distinct nodes, not blocks x depth.
    """
    pos = {node.mem_id: i for i, node in enumerate(chain)}
    reached: dict[int, int] = {}  # mem_id -> index of the first chain node above it (-1: none)
    first = [0] * len(chain)
    for start, length in good:
        path: list[int] = []
        cur = start
        index = -1
        while cur is not None:
            mid = cur.mem_id
            if mid in pos:
                index = pos[mid]
                break
            known = reached.get(mid)
            if known is not None:
                index = known
                break
            path.append(mid)
            cur = cur.parent
        for mid in path:
            reached[mid] = index
        if index >= 0:
            first[index] += length
    totals: list[int] = []
    running = 0
    for count in first:
        running += count
        totals.append(running)
    return totals


def _credit(
    parent: LexborNode | None,
    points: float,
    scores: dict[int, float],
    nodes: dict[int, LexborNode],
    chains: dict[int, tuple[int, ...]],
) -> None:
    """Give a block's `points` to its parent, half to its grandparent, a sixth to the next one up.

    `chains` remembers each parent's ancestors (paragraphs of one container share them)."""
    if parent is None:
        return
    chain = chains.get(parent.mem_id)
    if chain is None:
        chain = chains[parent.mem_id] = _ancestors(parent, scores, nodes)
    for level, mid in enumerate(chain):
        scores[mid] += points / _LEVEL_DIVISORS[level]


_LEVEL_DIVISORS = (1.0, 2.0, 6.0)


def _ancestors(parent: LexborNode, scores: dict[int, float], nodes: dict[int, LexborNode]) -> tuple[int, ...]:
    """`parent` and up to two of its ancestors below <html> (mem_ids), each registered as a candidate."""
    chain: list[int] = []
    node: LexborNode | None = parent
    while node is not None and len(chain) < len(_LEVEL_DIVISORS):
        if node.tag in ("html", "#document"):
            break
        mid = node.mem_id
        if mid not in nodes:
            nodes[mid] = node
            scores[mid] = class_weight(node)
        chain.append(mid)
        node = node.parent
    return tuple(chain)


def _has_block_child(node: LexborNode) -> bool:
    # (Lexbor's node.css() matches the node itself too, so look at the children directly.)
    return any(child.tag in _BLOCK_CHILDREN for child in node.iter(include_text=False))


def _with_siblings(
    best: LexborNode, best_score: float, scores: dict[int, float], tally: LinkTally
) -> tuple[LexborNode, ...]:
    parent = best.parent
    if parent is None or parent.tag in ("html", "#document"):
        return (best,)
    threshold = max(10.0, best_score * 0.2)
    best_weight = class_weight(best)
    chosen: list[LexborNode] = []
    for sib in parent.iter(include_text=False):
        if sib.mem_id == best.mem_id:
            chosen.append(sib)
            continue
        bonus = best_score * 0.2 if best_weight > 0 and class_weight(sib) == best_weight else 0.0
        if scores.get(sib.mem_id, float("-inf")) + bonus >= threshold:
            chosen.append(sib)
            continue
        if sib.tag == "p" or (sib.tag == "div" and not _has_block_child(sib)):
            text = sib.text().strip()
            ld = tally.density(sib, len(text))
            if (len(text) > 80 and ld < 0.25) or (
                0 < len(text) <= 80 and ld == 0 and re.search(r"\.( |$)", text)
            ):
                chosen.append(sib)
    return tuple(chosen)
