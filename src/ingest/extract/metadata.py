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

from ingest.extract.dates import find_dates, parse_date_text, parse_iso, parse_url_date, plausible
from ingest.extract.jsonld import JsonLdFacts
from ingest.extract.render import clean_inline

_TITLE_SEPARATORS = re.compile(r"\s+[|–—·•:»/-]\s+|\s+::\s+|\s+\|\|\s+")
_DATE_HINT_SELECTOR = (
    "[itemprop=datePublished], [class*=date i], [class*=time i], [class*=publish i], [class*=posted i], "
    "[class*=meta i], [id*=date i], [class*=byline i], [class*=dateline i]"
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
    for link in tree.css("link[rel=canonical i], link[rel~=alternate i][hreflang]"):
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


_TYPOGRAPHIC = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"'})


def normalise_title(title: str) -> str:
    """Collapse whitespace and turn typographic quotes into ASCII ones (titles are compared and
    deduplicated downstream; the curly/straight choice is the CMS's, not the author's)."""
    return clean_inline(title).translate(_TYPOGRAPHIC)


def pick_title(tree: LexborHTMLParser, head: HeadMeta, ld: JsonLdFacts) -> str | None:
    """The page's own headline (<h1>) unless it is the site name or implausible; else og:title,
    JSON-LD headline, or <title>, without the site name."""
    declared = [
        t for t in (head.values.get("og:title"), ld.headline, head.values.get("twitter:title"), head.title) if t
    ]
    site = head.values.get("og:site_name") or head.values.get("application-name")
    h1_node = first_heading(tree)
    h1 = clean_inline(h1_node.text()) if h1_node is not None else None
    if h1 and 6 <= len(h1) <= 250:
        nh1 = _norm(h1)
        is_site = bool(site) and nh1 == _norm(site or "")
        agrees = any(nh1 in _norm(d) or _norm(d) in nh1 for d in declared if _norm(d))
        if agrees or (not is_site and len(h1.split()) >= 2):
            return normalise_title(h1)
    for cand in declared:
        cleaned = _strip_site_name(clean_inline(cand), site)
        if cleaned:
            return normalise_title(cleaned)
    return normalise_title(h1) if h1 else None


def _meta_date(head: HeadMeta, keys: tuple[str, ...], tz: tzinfo) -> datetime | None:
    for key in keys:
        value = head.values.get(key)
        if value:
            dt = parse_iso(value, tz) or parse_date_text(value, tz)
            if plausible(dt):
                return dt
    return None


_UPDATED_BEFORE = re.compile(
    r"(?:updated|modified|last reviewed|reviewed|edited|aktualisiert|geändert|оновлено|обновлено)\W{0,3}"
    r"(?:on|at|am)?\W{0,3}$",
    re.IGNORECASE,
)


def _element_date(scope: LexborNode, tz: tzinfo) -> datetime | None:
    for time_node in scope.css("time"):
        attr = time_node.attributes.get("datetime")
        dt = parse_iso(attr, tz) if attr else None
        if dt is None:
            dt = parse_date_text(clean_inline(time_node.text())[:80], tz)
        if plausible(dt):
            return dt
    for hint in scope.css(_DATE_HINT_SELECTOR):
        content = hint.attributes.get("content") or hint.attributes.get("datetime")
        if content:
            dt = parse_iso(content, tz)
            if plausible(dt):
                return dt
        text = clean_inline(hint.text(separator=" "))
        if 6 <= len(text) <= 300:
            dt = _published_in(text, tz)
            if dt is not None:
                return dt
    return None


def _published_in(text: str, tz: tzinfo, last: bool = False) -> datetime | None:
    """The first (or last) plausible date in `text` not labelled as an update; failing that, the
    first labelled one (a page that shows only "Last updated: ..." dates itself by it)."""
    found = find_dates(text, tz)
    if last:
        found.reverse()
    updated: datetime | None = None
    for start, _end, dt in found:
        if not plausible(dt):
            continue
        if _UPDATED_BEFORE.search(text[max(0, start - 30) : start]):
            updated = updated or dt
            continue
        return dt
    return updated


def _text_near_heading(tree: LexborHTMLParser, titles: list[str], tz: tzinfo) -> datetime | None:
    """A date written just after the headline (bylines), or just before it (kickers)."""
    body = tree.body
    if body is None:
        return None
    text = " ".join(body.text(separator=" ").split())
    pos = -1
    for title in titles:
        title = " ".join(title.split())
        title = title[:60]
        if len(title) >= 8:
            pos = text.find(title)
            if pos >= 0:
                break
    if pos < 0:
        return None
    after = _published_in(text[pos : pos + 1200], tz)
    if after is not None:
        return after
    return _published_in(text[max(0, pos - 400) : pos], tz, last=True)


def date_before_text(full_text: str, anchor: str, tz: tzinfo) -> datetime | None:
    """The date written closest before `anchor` (the article's first words) in the page text: the
    byline line that sits between the headline and the body."""
    anchor = anchor[:50]
    if len(anchor) < 15:
        return None
    pos = full_text.find(anchor)
    if pos < 0:
        return None
    before = _published_in(full_text[max(0, pos - 600) : pos], tz, last=True)
    if before is not None:
        return before
    return _published_in(full_text[pos : pos + 250], tz)


def _visible_date(tree: LexborHTMLParser, tz: tzinfo, title: str | None) -> datetime | None:
    heading = first_heading(tree)
    titles: list[str] = []
    if heading is not None:
        node: LexborNode | None = heading.parent
        for _ in range(3):
            if node is None or node.tag in ("body", "html"):
                break
            dt = _element_date(node, tz)
            if dt is not None:
                return dt
            node = node.parent
        titles += [clean_inline(heading.text()), heading.text(separator=" ").strip()]
    if title:
        titles.append(title)
    dt = _text_near_heading(tree, titles, tz)
    if dt is not None:
        return dt
    for selector in ("article", "main", "body"):
        found = tree.css_first(selector)
        if found is not None:
            dt = _element_date(found, tz)
            if dt is not None:
                return dt
    return None


def _any_meta_date(head: HeadMeta, tz: tzinfo) -> datetime | None:
    """Last resort among <meta>: any key that names a publication date (e.g. 'w-published-date')."""
    for key, value in head.values.items():
        if ("publish" in key or "pubdate" in key or "created" in key) and "modif" not in key:
            dt = parse_iso(value, tz)
            if plausible(dt):
                return dt
    return None


def pick_dates(
    tree: LexborHTMLParser,
    head: HeadMeta,
    ld: JsonLdFacts,
    url: str | None,
    tz: tzinfo,
    title: str | None = None,
) -> tuple[datetime | None, datetime | None]:
    """(published, modified), each aware; naive values take the page's local zone `tz`.

    `published` is the declared publication date (JSON-LD, meta); failing that, the date shown by the
    headline (an "updated" date only when no other is shown), the date in the URL, or the modification
    date.
    """
    published: datetime | None = None
    if ld.published:
        dt = parse_iso(ld.published, tz) or parse_date_text(ld.published, tz)
        published = dt if plausible(dt) else None
    if published is None:
        published = _meta_date(head, _PUBLISHED_META, tz)
    if published is None:
        published = _any_meta_date(head, tz)
    modified: datetime | None = None
    if ld.modified:
        dt = parse_iso(ld.modified, tz)
        modified = dt if plausible(dt) else None
    if modified is None:
        modified = _meta_date(head, _MODIFIED_META, tz)
    if published is None:
        published = _visible_date(tree, tz, title)
    if published is None and url:
        dt = parse_url_date(url, tz)
        published = dt if plausible(dt) else None
    if published is None:
        published = modified
    return published, modified
