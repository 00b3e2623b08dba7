"""Chrome hints in class and id names: "share-bar", "related-posts", "cookie-banner" name chrome outright
(strong hints); layout words such as "sidebar" or "menu" do unless a content word sits beside them (weak).

A hint counts at a word start of a class/id token ('jp-relatedposts' starts at 'jp-relatedposts' and at
'relatedposts'; 'shadow' does not hold 'ad'), except after a negation ('no-sidebar', 'non-paywall'); a hint
written with a trailing '-' must also end a word ('tags-' holds 'post-tags', not CSS-in-JS 'tagStyle_x1').
Answers are cached per "class id" string and per token (pages repeat them).
"""

from __future__ import annotations

from selectolax.lexbor import LexborNode

from ingest.extract.phrases import CaselessPattern

# Class/id fragments that mark chrome, matched case-insensitively by regex on every element
# matched on word starts so that e.g. "shadow" does not count as "ad".
# Strong hints name chrome outright; weak hints (layout words) are vetoed by a content class on the
# same element ("entry-content widget" is content).
_STRONG_HINTS = [
    "share",
    "sharing",
    "social",
    "related",
    "recommend",
    "newsletter",
    "subscribe",
    "subscription",
    "cookie",
    "consent",
    "gdpr",
    "breadcrumb",
    "comment",
    "popup",
    "modal",
    "promo",
    "sponsor",
    "advert",
    "donat",
    "pagination",
    "pager",
    "navbar",
    "signup",
    "sign-up",
    "tagcloud",
    "tag-list",
    "post-tags",
    "author-box",
    "author-bio",
    "authorbox",
    "author-desc",
    "author-info",
    "post-author",
    "contributor-bio",
    "mini-bio",
    "more-stories",
    "read-also",
    "also-read",
    "top-article",
    "most-popular",
    "trending",
    "recent-posts",
    "recent_posts",
    "latest-news",
    "skip-link",
    "screen-reader",
    "visually-hidden",
    "sr-only",
    "disqus",
    "outbrain",
    "taboola",
    "ad-slot",
    "ad-container",
    "adsbygoogle",
    "advertisement",
    "jp-relatedposts",
    "yarpp",
    "wp-block-latest-posts",
    "post-navigation",
    "nav-links",
    "entry-utility",  # the "Posted in X. Bookmark the permalink." line under a post
    "entry-footer",
    "entryfooter",
    "post-footer",
    "postmeta",
    "next-post",
    "prev-post",
    "previous-post",
    "share-bar",
    "sharedaddy",
    "widget_recent",
    "recent-entries",
    "more-articles",
    "more-news",
    "other-news",
    "correction",
    "adblock",
    "disclaimer",
    "disclosure",
    "newsletter-signup",
    "donate",
]
# Chrome only when the element holds a link: a "teaser" card links to another page, while German CMSs
# also call an article's own lead paragraph its "Teaser" (no link there); a "read more" link leads to
# another page, while a "read more" block without one is this page's collapsed text.
_LINKED_HINTS = ["teaser", "read-more", "readmore"]
_WEAK_HINTS = [
    "sidebar",
    "menu",
    "footer",
    "masthead",
    "tags-",  # whole word: not "tagstyle"
    "popular",
    "banner",
    "toolbar",
    # the paywall notice is short; a "paywall container" wrapping the article behind it holds its text.
    "paywall",
    # (not "print": print buttons are <button>s or links, a "printable" block is a recipe's or tip's text)
    "rating",
    "entry-meta",
    "post-meta",
    "byline",
    "dateline",
]


def _prefixes(words: list[str]) -> tuple[str, ...]:
    return tuple(w.lower().replace("_", "-") for w in words)


# What attrs_hint_strength answers (remove_chrome decides with it).
NO_HINT = 0
WEAK = 1  # a layout word: chrome unless a content word sits beside it or the block holds much text
STRONG = 2  # chrome outright
LINKED = 3  # chrome when the element holds a link

_PREFIXES = (_prefixes(_STRONG_HINTS), _prefixes(_LINKED_HINTS), _prefixes(_WEAK_HINTS))
# Hints indexed by their first four characters (every hint has at least four): a word start is looked
# up by its own first four characters instead of being compared with every hint.
_KEY = 4
assert min(len(h) for hints in _PREFIXES for h in hints) >= _KEY
_Hints = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]


def _index(strong: tuple[str, ...], linked: tuple[str, ...], weak: tuple[str, ...]) -> dict[str, _Hints]:
    """First four characters -> (strong, linked, weak hints) starting with them."""
    out: dict[str, _Hints] = {}
    for level, hints in enumerate((strong, linked, weak)):
        for h in hints:
            found = list(out.get(h[:_KEY], ((), (), ())))
            found[level] = (*found[level], h)
            out[h[:_KEY]] = (found[0], found[1], found[2])
    return out


_HINTS_BY_KEY = _index(*_PREFIXES)

# "non-paywall", "no-sidebar": the word after a negation is not what the element is.
_NEGATIONS = frozenset({"non", "no", "not"})
# Words that begin with a hint but name a kind of article: a "commentary" is an opinion piece, not the
# readers' comments under it.
_ARTICLE_WORDS = ("commentary",)


_CONTENT_RE = CaselessPattern(
    r"(?:^|[\s_\-])(?:article|content|entry|post-body|story|main|text|prose)(?:$|[\s_\-])",
)

STRENGTH_CACHE: dict[str, int] = {}
_CACHE_LIMIT = 1 << 16


def hint_strength(node: LexborNode) -> int:
    """STRONG for a strong chrome hint, LINKED for a hint that needs a link, WEAK for a layout hint
    without a content class, else NO_HINT (strong wins over linked, linked over weak)."""
    attrs = node.attributes
    key = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
    strength = STRENGTH_CACHE.get(key)
    if strength is None:
        strength = remember_strength(key)
    return strength


def remember_strength(key: str) -> int:
    strength = attrs_hint_strength(key)
    if len(STRENGTH_CACHE) >= _CACHE_LIMIT:
        STRENGTH_CACHE.clear()
    STRENGTH_CACHE[key] = strength
    return strength


def attrs_hint_strength(attrs: str) -> int:
    """hint_strength of a "class id" string."""
    if len(attrs) < 3:
        return NO_HINT
    weak = linked = False
    for token in attrs.lower().replace("_", "-").split():
        flags = _TOKEN_FLAGS.get(token)
        if flags is None:
            flags = _token_flags(token)
            if len(_TOKEN_FLAGS) >= _CACHE_LIMIT:
                _TOKEN_FLAGS.clear()
            _TOKEN_FLAGS[token] = flags
        if flags == STRONG:
            return STRONG
        linked = linked or flags == LINKED
        weak = weak or flags == WEAK
    if linked:
        return LINKED
    if not weak:
        return NO_HINT
    return NO_HINT if _CONTENT_RE.search(attrs) else WEAK


# Class/id tokens repeat across pages far more than whole class strings do: cache per token.
_TOKEN_FLAGS: dict[str, int] = {}


def _token_flags(token: str) -> int:
    """STRONG when a word start of the (lower-cased, '-' separated) token begins with a strong hint, else
    LINKED or WEAK likewise, else NO_HINT. Word starts: the token's start and every point after a '-'
    unless the word before that '-' is a negation ('jp-relatedposts' starts at 'jp-relatedposts' and
    'relatedposts')."""
    weak = linked = False
    bounded = token + "-"  # (a hint written with a trailing '-', "tags-", must end a word)
    starts = [0]
    if "-" in token:
        pos = 0
        for word in token.split("-")[:-1]:
            pos += len(word) + 1
            if word not in _NEGATIONS:
                starts.append(pos)
    if token.startswith("live-"):  # a live ticker's "live-match-comments" are its text, not readers'
        starts = [pos for pos in starts if not token.startswith("comment", pos)]
    for pos in starts:
        hints = _HINTS_BY_KEY.get(token[pos : pos + _KEY])
        if hints is not None and not token.startswith(_ARTICLE_WORDS, pos):
            if bounded.startswith(hints[0], pos):
                return STRONG
            linked = linked or bounded.startswith(hints[1], pos)
            weak = weak or bounded.startswith(hints[2], pos)
    return LINKED if linked else WEAK if weak else NO_HINT
