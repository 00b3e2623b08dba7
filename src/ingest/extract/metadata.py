"""Page metadata: title, dates, authors, declared language, canonical URL, hreflang alternates.

Read from the full page (before chrome removal): <head> meta tags, JSON-LD, <time>, bylines and
visible dates near the headline, and the URL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, tzinfo
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ingest.extract.dates import parse_date_text, parse_iso, parse_url_date, plausible
from ingest.extract.jsonld import JsonLdFacts
from ingest.extract.render import clean_inline

_TITLE_SEPARATORS = re.compile(r"\s+[|–—·•:»/-]\s+|\s+::\s+|\s+\|\|\s+")
_BY_PREFIX = re.compile(r"^\s*(?:by|von|par|por|автор(?:ка)?|авторы?|текст)\s*[:\-]?\s+", re.IGNORECASE)
_AUTHOR_JUNK = re.compile(
    r"\b(?:updated|published|posted|min read|minutes? read|follow|share|comments?|editor(?:ial)? team)\b",
    re.IGNORECASE,
)
_DATE_HINT_SELECTOR = (
    "[itemprop=datePublished], [class*=date i], [class*=time i], [class*=publish i], [class*=posted i], "
    "[class*=meta i], [id*=date i], [class*=byline i], [class*=dateline i]"
)
_AUTHOR_SELECTOR = (
    "[itemprop=author], [rel=author], [class*=author i], [class*=byline i], [class*=writer i], "
    "[id*=author i]"
)

_PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "og:published_time", "datepublished",
    "publishdate", "publish-date", "publish_date", "pubdate", "date", "dc.date.issued", "dc.date",
    "dcterms.date", "dcterms.created", "sailthru.date", "parsely-pub-date", "article.published",
    "cxenseparse:recs:publishtime", "datecreated", "created", "release_date", "citation_publication_date",
)
_MODIFIED_META = (
    "article:modified_time", "og:updated_time", "og:article:modified_time", "datemodified",
    "dcterms.modified", "last-modified", "lastmod", "article.updated",
)


@dataclass(frozen=True, slots=True)
class HeadMeta:
    """<meta> values by lower-cased name/property/itemprop, <title>, lang, canonical, hreflang."""

    values: dict[str, str]
    title: str | None
    lang: str | None
    canonical: str | None
    alternates: tuple[tuple[str, str], ...]


def read_head(tree: LexborHTMLParser, url: str | None) -> HeadMeta:
    values: dict[str, str] = {}
    for meta in tree.css("meta"):
        attrs = meta.attributes
        key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or attrs.get("http-equiv")
        content = attrs.get("content")
        if key and content and content.strip():
            values.setdefault(key.strip().lower(), content.strip())
    title_node = tree.css_first("title")
    title = clean_inline(title_node.text()) if title_node is not None else None
    html_node = tree.css_first("html")
    lang = html_node.attributes.get("lang") if html_node is not None else None
    canonical: str | None = None
    alternates: list[tuple[str, str]] = []
    for link in tree.css("link[rel]"):
        attrs = link.attributes
        rel = (attrs.get("rel") or "").lower().split()
        href = (attrs.get("href") or "").strip()
        if not href:
            continue
        full = urljoin(url, href) if url else href
        if "canonical" in rel and canonical is None:
            canonical = full
        elif "alternate" in rel and attrs.get("hreflang"):
            pair = ((attrs.get("hreflang") or "").strip(), full)
            if pair not in alternates:
                alternates.append(pair)
    if canonical is None and values.get("og:url"):
        canonical = urljoin(url, values["og:url"]) if url else values["og:url"]
    return HeadMeta(values, title or None, lang, canonical, tuple(alternates))


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()


def _strip_site_name(title: str, site: str | None) -> str:
    parts = [p.strip() for p in _TITLE_SEPARATORS.split(title) if p.strip()]
    if len(parts) <= 1:
        return title.strip()
    if site:
        kept = [p for p in parts if _norm(p) != _norm(site)]
        if kept and len(kept) < len(parts):
            return " - ".join(kept) if len(kept) > 1 else kept[0]
    # the site name is usually the shortest part at either end
    if len(parts[-1]) <= len(parts[0]):
        return title[: title.rfind(parts[-1])].rstrip(" |–—·•:»/-")
    return title[title.find(parts[1]) :].strip() if len(parts[0]) < 25 else title.strip()


def first_heading(tree: LexborHTMLParser) -> LexborNode | None:
    for selector in ("article h1", "main h1", "[itemprop=headline]", "h1"):
        node = tree.css_first(selector)
        if node is not None and clean_inline(node.text()):
            return node
    return None


def pick_title(tree: LexborHTMLParser, head: HeadMeta, ld: JsonLdFacts) -> str | None:
    """h1 when it agrees with the declared titles, else og:title/headline/<title> without the site name."""
    declared = [
        t for t in (head.values.get("og:title"), ld.headline, head.values.get("twitter:title"), head.title) if t
    ]
    h1_node = first_heading(tree)
    h1 = clean_inline(h1_node.text()) if h1_node is not None else None
    if h1 and len(h1) > 3:
        nh1 = _norm(h1)
        if not declared or any(nh1 in _norm(d) or _norm(d) in nh1 for d in declared if _norm(d)):
            return h1
    site = head.values.get("og:site_name") or head.values.get("application-name")
    for cand in declared:
        cleaned = _strip_site_name(clean_inline(cand), site)
        if cleaned:
            return cleaned
    return h1


def _meta_date(head: HeadMeta, keys: tuple[str, ...], tz: tzinfo) -> datetime | None:
    for key in keys:
        value = head.values.get(key)
        if value:
            dt = parse_iso(value, tz) or parse_date_text(value, tz)
            if plausible(dt):
                return dt
    return None


def _visible_date(tree: LexborHTMLParser, tz: tzinfo) -> datetime | None:
    scopes: list[LexborNode] = []
    heading = first_heading(tree)
    if heading is not None:
        node: LexborNode | None = heading.parent
        for _ in range(4):
            if node is None or node.tag in ("body", "html"):
                break
            scopes.append(node)
            node = node.parent
    for selector in ("article", "main"):
        found = tree.css_first(selector)
        if found is not None:
            scopes.append(found)
    if tree.body is not None:
        scopes.append(tree.body)
    for scope in scopes:
        for time_node in scope.css("time"):
            attr = time_node.attributes.get("datetime")
            dt = parse_iso(attr, tz) if attr else None
            if dt is None:
                dt = parse_date_text(clean_inline(time_node.text())[:80], tz)
            if plausible(dt):
                return dt
        for hint in scope.css(_DATE_HINT_SELECTOR):
            if hint.attributes.get("content"):
                dt = parse_iso(hint.attributes.get("content") or "", tz)
                if plausible(dt):
                    return dt
            text = clean_inline(hint.text())
            if 6 <= len(text) <= 120:
                dt = parse_date_text(text, tz)
                if plausible(dt):
                    return dt
    return None


def pick_dates(
    tree: LexborHTMLParser, head: HeadMeta, ld: JsonLdFacts, url: str | None, tz: tzinfo
) -> tuple[datetime | None, datetime | None]:
    """(published, modified), each aware; naive values take the page's local zone `tz`."""
    published: datetime | None = None
    if ld.published:
        dt = parse_iso(ld.published, tz) or parse_date_text(ld.published, tz)
        published = dt if plausible(dt) else None
    if published is None:
        published = _meta_date(head, _PUBLISHED_META, tz)
    if published is None:
        published = _visible_date(tree, tz)
    if published is None and url:
        dt = parse_url_date(url, tz)
        published = dt if plausible(dt) else None
    modified: datetime | None = None
    if ld.modified:
        dt = parse_iso(ld.modified, tz)
        modified = dt if plausible(dt) else None
    if modified is None:
        modified = _meta_date(head, _MODIFIED_META, tz)
    return published, modified


def _clean_author(raw: str) -> str | None:
    text = clean_inline(raw)
    text = _BY_PREFIX.sub("", text).strip(" ,;:|-–—")
    if not text or len(text) > 80 or text.startswith("http") or "@" in text:
        return None
    if _AUTHOR_JUNK.search(text) or any(ch.isdigit() for ch in text):
        return None
    if len(text.split()) > 8:
        return None
    return text


def pick_authors(tree: LexborHTMLParser, head: HeadMeta, ld: JsonLdFacts) -> tuple[str, ...]:
    if ld.authors:
        cleaned = [a for a in (_clean_author(x) for x in ld.authors) if a]
        if cleaned:
            return tuple(dict.fromkeys(cleaned))
    for key in ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator", "byl"):
        value = head.values.get(key)
        if value:
            cleaned_value = _clean_author(value)
            if cleaned_value:
                return (cleaned_value,)
    for node in tree.css(_AUTHOR_SELECTOR):
        name_node = node.css_first("[itemprop=name]")
        text = name_node.text() if name_node is not None else node.text()
        cleaned_text = _clean_author(text)
        if cleaned_text:
            return (cleaned_text,)
    return ()
