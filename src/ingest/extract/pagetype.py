"""Page type: tell article pages from home pages, tag pages and listings.

Signals: the URL's shape (root or language root = home; /tag/... = tag; /page/N, /category/ = listing),
declared types (JSON-LD, og:type), and the page's structure (one long body of paragraphs vs many
headline links with little running text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from ingest.records import PageType

_HOME_PATH = re.compile(r"^/?(?:[a-z]{2}(?:[-_][a-z]{2})?/?)?(?:index\.(?:html?|php))?$", re.IGNORECASE)
_TAG_PATH = re.compile(r"/(?:tags?|topics?|theme|tema|temy|teg|teh|keywords?|hashtag|label)/", re.IGNORECASE)
_LISTING_PATH = re.compile(
    r"/(?:category|categories|section|rubric|rubrics|rubryka|archive|archives|author|news/all|news/last|"
    r"search|page/\d+|latest|all-news)(?:/|$)|[?&](?:page|paged|p)=\d+",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class PageSignals:
    """What the classifier looks at, gathered by the extractor."""

    url: str | None
    declared_article: bool  # JSON-LD article type or og:type=article
    declared_listing: bool  # JSON-LD CollectionPage/ItemList/SearchResultsPage
    body_chars: int
    body_paragraphs: int
    headline_links: int  # links inside h2/h3/h4 across the page
    teaser_items: int  # <article> elements on the page
    headline_like_links: int = 0  # links whose text reads like a headline (>= 6 words)


def classify_page(s: PageSignals) -> PageType:
    path = ""
    query = ""
    if s.url:
        parts = urlsplit(s.url)
        path, query = parts.path or "/", parts.query
    if s.url and _HOME_PATH.match(path) and not query:
        return "home"
    if s.url and _TAG_PATH.search(path):
        return "tag"
    url_listing = bool(s.url and _LISTING_PATH.search(path + ("?" + query if query else "")))
    many_teasers = s.headline_links >= 8 or s.teaser_items >= 5 or s.headline_like_links >= 8
    long_body = s.body_chars >= 600 and s.body_paragraphs >= 2
    if s.declared_article and long_body and not url_listing:
        return "article"
    if url_listing or s.declared_listing:
        return "listing"
    if long_body and (not many_teasers or s.body_chars >= 1500):
        return "article"
    if many_teasers:
        return "listing"
    if s.declared_article and s.body_chars >= 200:
        return "article"
    return "other"
