"""Boilerplate removal on a parsed page: page chrome found by tag, ARIA role and class/id hints.

Selectors are matched by Lexbor (C); Python only decides, per matched node, whether it is safe to drop
(a node that holds most of the page's paragraph text is never dropped, whatever its class says).
"""

from __future__ import annotations

from collections.abc import Sequence

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ingest.extract.chrome_hints import LINKED, STRENGTH_CACHE, STRONG, WEAK, remember_strength
from ingest.extract.link_tally import tally_links

# Never content: removed everywhere before anything else.
NON_CONTENT_TAGS = [
    "script",
    "style",
    "template",
    "svg",
    "iframe",
    "object",
    "embed",
    "canvas",
    "button",
    "select",
    "textarea",
    "input",
    "link",
    "meta",
    "dialog",
    "map",
    "math",
]

# Structural chrome, removed unless it holds most of the paragraph text. This selector is the rule;
# remove_chrome applies it as is_structural_chrome (the same test in Python on the elements of one walk).
STRUCTURAL_SELECTOR = ", ".join(
    [
        "nav",
        "aside",
        "footer",
        "menu",
        "header",
        "[role=navigation]",
        "[role=complementary]",
        "[role=contentinfo]",
        "[role=banner]",
        "[role=search]",
        "[role=dialog]",
        "[role=alert]",
        "[aria-hidden=true]",
        "[hidden]",
        "[style*='display:none']",
        "[style*='display: none']",
        "[itemprop=comment]",
        "[itemtype*='Comment']",
    ]
)
_STRUCTURAL_TAGS = frozenset({"nav", "aside", "footer", "menu", "header"})
_STRUCTURAL_ATTRS = frozenset({"role", "aria-hidden", "hidden", "style", "itemprop", "itemtype"})
_CHROME_ROLES = frozenset(
    {"navigation", "complementary", "contentinfo", "banner", "search", "dialog", "alert"}
)
# every element STRUCTURAL_SELECTOR can match (attribute values are then checked in Python)
_STRUCTURAL_CANDIDATES = (
    f"{', '.join(sorted(_STRUCTURAL_TAGS))}, [role], [aria-hidden], [hidden], [style], [itemprop], [itemtype]"
)


def is_structural_chrome(tag: str, attrs: dict[str, str | None]) -> bool:
    """Whether an element with this tag and these attributes matches STRUCTURAL_SELECTOR (attribute values
    compared case-sensitively, as Lexbor does)."""
    if tag in _STRUCTURAL_TAGS or "hidden" in attrs:
        return True
    if attrs.get("role") in _CHROME_ROLES or attrs.get("aria-hidden") == "true":
        return True
    if attrs.get("itemprop") == "comment":
        return True
    style = attrs.get("style")
    if style and ("display:none" in style or "display: none" in style):
        return True
    itemtype = attrs.get("itemtype")
    return bool(itemtype and "Comment" in itemtype)


_PROTECTED_TAGS = frozenset({"html", "body", "main", "article", "head"})


def _mostly_links(node: LexborNode) -> bool:
    text_len = len(node.text())
    linked = sum(len(a.text()) for a in node.css("a"))
    return text_len > 0 and linked / text_len > 0.5


def _is_ancestor_removed(node: LexborNode, removed: set[int]) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.mem_id in removed:
            return True
        parent = parent.parent
    return False


def paragraph_chars_by_node(paragraphs: Sequence[LexborNode], root: LexborNode) -> dict[int, int]:
    """Chars of <p> text under `root` and every node below it that holds one of `paragraphs` (all under
    `root`), by mem_id: the per-ancestor sums of content.tally_links, each ancestor reached once."""
    return tally_links(paragraphs, [len(p.text()) for p in paragraphs], root).chars


# Elements whose class/id is checked for chrome hints (inline tags like <a>, <i>, <img> are skipped).
_HINTED_TAGS = frozenset(
    {"div", "section", "ul", "ol", "aside", "form", "table", "p", "span", "figure", "li", "dl"}
)
# One walk finds every <p> (for the paragraph-text measure), structural chrome and hinted elements.
_CHROME_WALK = f"p, {_STRUCTURAL_CANDIDATES}, :is({', '.join(sorted(_HINTED_TAGS))}):is([class], [id])"


def strip_non_content(tree: LexborHTMLParser) -> None:
    """Remove scripts, styles, forms controls, embeds and small <noscript> notices (idempotent).

    <noscript> usually holds a "please enable JavaScript" notice or a tracking pixel, but some pages
    (Blogger, broken markup) put the whole article in it: the big ones are kept.
    """
    # one selector pass (strip_tags walks the tree once per tag); innermost first, so a <noscript> is
    # measured after the scripts inside it are gone and no node is removed after its ancestor
    for node in reversed(tree.css(_NON_CONTENT_SELECTOR)):
        if node.tag != "noscript" or len(node.text(strip=True)) < 300:
            node.decompose()


_NON_CONTENT_SELECTOR = ", ".join([*NON_CONTENT_TAGS, "noscript"])


# A block named after the layout ("sidebar", "menu", "footer": a weak hint) is dropped unless it holds at
# least this share of the page's paragraph text: then it is a wrapper named after the layout around the
# article ("lay-sidebar", "content-with-sidebar"). A sidebar text widget or an "about us" footer column
# holds a few percent to a tenth of a page's text, an article well above a fifth.
_LAYOUT_SHARE = 0.2


def remove_chrome(tree: LexborHTMLParser, protect: LexborNode | None = None) -> None:
    """Drop structural and hinted chrome that does not hold the main text (call strip_non_content first).

    `protect` (e.g. an override body node) and its ancestors are never removed.
    """
    body = tree.body
    if body is None:
        return
    paragraphs: list[LexborNode] = []
    structural: list[tuple[LexborNode, int]] = []
    hinted: list[tuple[LexborNode, int]] = []
    prev_id = -1
    for node in body.css(_CHROME_WALK):
        mid = node.mem_id
        if mid == prev_id:
            continue  # Lexbor lists a node once per selector it matches, one right after the other
        prev_id = mid
        tag = node.tag or ""
        attrs = node.attributes
        if tag == "p":
            paragraphs.append(node)
        if (tag in _STRUCTURAL_TAGS or not _STRUCTURAL_ATTRS.isdisjoint(attrs)) and is_structural_chrome(
            tag, attrs
        ):
            structural.append((node, STRONG))
        if tag not in _HINTED_TAGS or ("class" not in attrs and "id" not in attrs):
            continue
        key = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
        strength = STRENGTH_CACHE.get(key)
        if strength is None:
            strength = remember_strength(key)
        if strength:  # most hinted elements have no hint
            hinted.append((node, strength))
    p_chars = paragraph_chars_by_node(paragraphs, body)
    total_p = p_chars.get(body.mem_id, 0)
    limit = 0.4 * total_p
    protected: set[int] = set()
    if protect is not None:
        up: LexborNode | None = protect
        while up is not None:
            protected.add(up.mem_id)
            up = up.parent
    # Structural chrome that is also named chrome outright (a hidden "cookie-consent" box) is two signals
    # that agree: dropped whatever its share of the page's paragraph text (a long privacy notice).
    strong_ids = {node.mem_id for node, strength in hinted if strength == STRONG}
    certain = {node.mem_id for node, _ in structural} & strong_ids
    doomed: list[LexborNode] = []
    doomed_ids: set[int] = set()
    for node, strength in structural + hinted:
        mid = node.mem_id
        if mid in doomed_ids or mid in protected or node.tag in _PROTECTED_TAGS:
            continue
        chars = p_chars.get(mid, 0)
        if total_p and chars > limit and mid not in certain:
            continue
        if strength == WEAK and chars > _LAYOUT_SHARE * total_p and not _mostly_links(node):
            continue
        if strength == LINKED and node.css_first("a") is None:
            continue
        doomed.append(node)
        doomed_ids.add(mid)
    outermost = [node for node in doomed if not _is_ancestor_removed(node, doomed_ids)]
    for node in outermost:
        leads = _header_leads(node) if node.tag == "header" else []
        if leads:
            _keep_only(node, {lead.mem_id for lead in leads})
        else:
            node.decompose()


# An article's own <header> (inside its <article> or <main>) holds its headline, kicker, byline and date,
# and often its lead: a paragraph of sentences (a standfirst) that is the article's first paragraph. A
# paragraph this long is not a kicker, a byline or a date line.
_LEAD_CHARS = 80
_ARTICLE_TAGS = frozenset({"article", "main"})


def _header_leads(header: LexborNode) -> list[LexborNode]:
    """The lead paragraphs of an article's own header (none for the page's header)."""
    up = header.parent
    while up is not None and up.tag not in _ARTICLE_TAGS:
        up = up.parent
    if up is None:
        return []
    return [
        block
        for block in header.css("p, h2, div")
        if (block.tag != "div" or block.css_first("*") is None) and len(block.text(strip=True)) >= _LEAD_CHARS
    ]


def _keep_only(node: LexborNode, keep: set[int]) -> None:
    """Remove everything under `node` but the `keep` nodes (and the elements around them)."""
    for child in list(node.iter()):
        if child.mem_id in keep:
            continue
        if any(d.mem_id in keep for d in child.css("p, h2, div")):
            _keep_only(child, keep)
        else:
            child.decompose()
