"""Boilerplate removal on a parsed page: page chrome found by tag, ARIA role and class/id hints.

Selectors are matched by Lexbor (C); Python only decides, per matched node, whether it is safe to drop
(a node that holds most of the page's paragraph text is never dropped, whatever its class says).
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

# Never content: removed everywhere before anything else.
NON_CONTENT_TAGS = [
    "script", "style", "noscript", "template", "svg", "iframe", "object", "embed", "canvas",
    "button", "select", "textarea", "input", "link", "meta", "dialog", "map", "math",
]

# Structural chrome, removed unless it holds most of the paragraph text.
STRUCTURAL_SELECTOR = ", ".join(
    [
        "nav", "aside", "footer", "menu",
        "[role=navigation]", "[role=complementary]", "[role=contentinfo]", "[role=banner]", "[role=search]",
        "[role=dialog]", "[role=alert]", "[aria-hidden=true]", "[hidden]",
        "[style*='display:none']", "[style*='display: none']",
        "[itemprop=comment]", "[itemtype*='Comment']",
    ]
)

# Class/id fragments that mark chrome. Matched case-insensitively as substrings by Lexbor, then
# confirmed on word boundaries by _HINT_RE so that e.g. "shadow" does not count as "ad".
# Strong hints name chrome outright; weak hints (layout words) are vetoed by a content class on the
# same element ("entry-content widget" is content).
_STRONG_HINTS = [
    "share", "sharing", "social", "related", "recommend", "newsletter", "subscribe", "subscription",
    "cookie", "consent", "gdpr", "breadcrumb", "comment", "popup", "modal", "promo", "sponsor",
    "advert", "donat", "paywall", "pagination", "pager", "navbar", "signup", "sign-up", "tagcloud",
    "tag-list", "post-tags", "author-box", "author-bio", "authorbox", "more-stories", "read-more",
    "readmore", "read-also", "also-read", "top-article", "most-popular", "trending", "recent-posts",
    "recent_posts", "latest-news", "skip-link", "screen-reader", "visually-hidden", "sr-only",
    "disqus", "outbrain", "taboola", "ad-slot", "ad-container", "adsbygoogle", "advertisement",
    "jp-relatedposts", "yarpp", "wp-block-latest-posts", "post-navigation", "nav-links", "share-bar",
    "sharedaddy", "widget_recent", "recent-entries",
]
_WEAK_HINTS = [
    "sidebar", "menu", "footer", "masthead", "tags", "popular", "banner",
    "toolbar", "print", "rating", "entry-meta", "post-meta", "byline", "dateline",
]
HINT_SELECTOR = ", ".join(f"[class*='{w}' i], [id*='{w}' i]" for w in _STRONG_HINTS + _WEAK_HINTS)


def _word_re(words: list[str]) -> re.Pattern[str]:
    return re.compile(r"(?:^|[\s_\-])(?:" + "|".join(re.escape(w) for w in words) + r")", re.IGNORECASE)


_STRONG_RE = _word_re(_STRONG_HINTS)
_WEAK_RE = _word_re(_WEAK_HINTS)
_CONTENT_RE = re.compile(
    r"(?:^|[\s_\-])(?:article|content|entry|post-body|story|main|text|prose)(?:$|[\s_\-])",
    re.IGNORECASE,
)

_PROTECTED_TAGS = frozenset({"html", "body", "main", "article", "head"})


def _attr_text(node: LexborNode) -> str:
    attrs = node.attributes
    return f"{attrs.get('class') or ''} {attrs.get('id') or ''}"


def is_hinted_chrome(node: LexborNode, strong_only: bool = False) -> bool:
    """True when the node's class or id names it as chrome (share bar, related list, cookie banner...).

    With `strong_only`, layout words (widget, sidebar, menu...) do not count.
    """
    attrs = _attr_text(node)
    if len(attrs) < 3:
        return False
    if _STRONG_RE.search(attrs):
        return True
    return not strong_only and bool(_WEAK_RE.search(attrs)) and not _CONTENT_RE.search(attrs)


def hint_strength(node: LexborNode) -> int:
    """2 for a strong chrome hint, 1 for a weak (layout) hint without a content class, else 0."""
    attrs = _attr_text(node)
    if len(attrs) < 3:
        return 0
    if _STRONG_RE.search(attrs):
        return 2
    return 1 if _WEAK_RE.search(attrs) and not _CONTENT_RE.search(attrs) else 0


def _looks_like_chrome(node: LexborNode, total_p: int) -> bool:
    """A weakly hinted node is dropped only when it holds little paragraph text or is mostly links."""
    p_chars = _paragraph_chars(node)
    if p_chars <= 0.05 * total_p:
        return True
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


def _paragraph_chars(node: LexborNode) -> int:
    return sum(len(p.text()) for p in node.css("p"))


def remove_chrome(tree: LexborHTMLParser, protect: LexborNode | None = None) -> None:
    """Drop non-content tags, then structural and hinted chrome that does not hold the main text.

    `protect` (e.g. an override body node) and its ancestors are never removed.
    """
    tree.strip_tags(NON_CONTENT_TAGS)
    body = tree.body
    if body is None:
        return
    total_p = _paragraph_chars(body)
    protected: set[int] = set()
    if protect is not None:
        node: LexborNode | None = protect
        while node is not None:
            protected.add(node.mem_id)
            node = node.parent
    doomed: list[LexborNode] = []
    doomed_ids: set[int] = set()
    for selector, needs_hint in ((STRUCTURAL_SELECTOR, False), (HINT_SELECTOR, True)):
        for node in body.css(selector):
            if node.mem_id in doomed_ids or node.mem_id in protected or node.tag in _PROTECTED_TAGS:
                continue
            if needs_hint:
                strength = hint_strength(node)
                if strength == 0:
                    continue
                if strength == 1 and not _looks_like_chrome(node, total_p):
                    continue
            if total_p and _paragraph_chars(node) > 0.4 * total_p:
                continue
            doomed.append(node)
            doomed_ids.add(node.mem_id)
    outermost = [node for node in doomed if not _is_ancestor_removed(node, doomed_ids)]
    for node in outermost:
        node.decompose()
