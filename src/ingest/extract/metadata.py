"""Page metadata: title, dates, authors, declared language, canonical URL, hreflang alternates.

Read from the full page (before chrome removal): <head> meta tags, JSON-LD, <time>, bylines and
visible dates near the headline, and the URL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ingest.extract.dates import UTC, parse_date_text, parse_iso, parse_url_date, plausible
from ingest.extract.jsonld import JsonLdFacts
from ingest.extract.labelled_dates import stated_original_date
from ingest.extract.render import clean_inline
from ingest.extract.visible_dates import (
    byline_date,
    byline_update_date,
    days_by_heading,
    kicker_date,
    visible_date,
)

_TITLE_SEPARATORS = re.compile(r"\s+[|–—·•:»/-]\s+|\s+::\s+|\s+\|\|\s+")
_PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "datepublished",
    "publishdate",
    "publish-date",
    "publish_date",
    "pubdate",
    "date",
    "dc.date.issued",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
    "cxenseparse:recs:publishtime",
    "datecreated",
    "created",
    "release_date",
    "citation_publication_date",
)
_MODIFIED_META = (
    "article:modified_time",
    "og:updated_time",
    "og:article:modified_time",
    "datemodified",
    "dcterms.modified",
    "last-modified",
    "lastmod",
    "article.updated",
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
    """<meta> values, <title>, <html lang>, the canonical link (else og:url) and hreflang alternates;
    one selector query finds the <meta> and <link> elements (each query walks the whole page)."""
    values: dict[str, str] = {}
    links: list[LexborNode] = []
    for node in tree.css("meta, link"):
        if node.tag == "link":
            links.append(node)
            continue
        attrs = node.attributes
        key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or attrs.get("http-equiv")
        content = attrs.get("content")
        if key and content and content.strip():
            values.setdefault(key.strip().lower(), content.strip())
    title_node = tree.css_first("title")
    title = clean_inline(title_node.text()) if title_node is not None else None
    html_node = tree.css_first("html")
    lang = html_node.attributes.get("lang") if html_node is not None else None
    canonical, alternates = _links(links, url)
    if canonical is None and values.get("og:url"):
        canonical = urljoin(url, values["og:url"]) if url else values["og:url"]
    return HeadMeta(values, title or None, lang, canonical, alternates)


def _links(links: list[LexborNode], url: str | None) -> tuple[str | None, tuple[tuple[str, str], ...]]:
    """The first <link rel=canonical> and every <link rel=alternate hreflang=...>, resolved against `url`."""
    canonical: str | None = None
    alternates: list[tuple[str, str]] = []
    for link in links:
        attrs = link.attributes
        raw_rel = (attrs.get("rel") or "").lower()
        rel = raw_rel.split()
        if raw_rel != "canonical" and ("alternate" not in rel or "hreflang" not in attrs):
            continue
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
    return canonical, tuple(alternates)


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


_TYPOGRAPHIC = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"'}
)


def normalise_title(title: str) -> str:
    """Collapse whitespace and turn typographic quotes into ASCII ones (titles are compared and
    deduplicated downstream; the curly/straight choice is the CMS's, not the author's)."""
    return clean_inline(title).translate(_TYPOGRAPHIC)


def pick_title(head: HeadMeta, ld: JsonLdFacts, h1_node: LexborNode | None) -> str | None:
    """The page's own headline `h1_node` (see first_heading) unless it is the site name or
    implausible; else og:title, JSON-LD headline, or <title>, without the site name."""
    declared = [
        t
        for t in (head.values.get("og:title"), ld.headline, head.values.get("twitter:title"), head.title)
        if t
    ]
    site = head.values.get("og:site_name") or head.values.get("application-name")
    h1 = clean_inline(h1_node.text()) if h1_node is not None else None
    if h1_node is not None and _links_home(h1_node, head.canonical):
        h1 = None  # a site or blog name in a headline tag, linking to the home page
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


def _links_home(heading: LexborNode, page_url: str | None) -> bool:
    """The heading's text is all in one link to the site's home or a section above the page ("/",
    "../", "https://host/", "/blog/" on /blog/post)."""
    links = heading.css("a[href]")
    if len(links) != 1 or _norm(links[0].text()) != _norm(heading.text()):
        return False
    href = (links[0].attributes.get("href") or "").strip()
    if href in ("/", "../"):
        return True
    if not href or href.startswith("#"):
        return False  # the page itself
    target = urlsplit(urljoin(page_url, href) if page_url else href)
    path = target.path or "/"
    if path == "/":
        return True
    own = urlsplit(page_url).path if page_url else ""
    return bool(own) and path.endswith("/") and own.startswith(path) and own != path


def _meta_date(head: HeadMeta, keys: tuple[str, ...], tz: tzinfo) -> datetime | None:
    for key in keys:
        value = head.values.get(key)
        if value:
            dt = parse_iso(value, tz) or parse_date_text(value, tz)
            if plausible(dt):
                return dt
    return None


def _any_meta_date(head: HeadMeta, tz: tzinfo) -> datetime | None:
    """Last resort among <meta>: any key that names a publication date (e.g. 'w-published-date',
    'published' written as "July 17, 2025"); the earliest when several disagree (a render or crawl
    time stamped "published-time" is later than the real date)."""
    best: datetime | None = None
    for key, value in head.values.items():
        if ("publish" in key or "pubdate" in key or "created" in key) and "modif" not in key:
            dt = parse_iso(value, tz) or (parse_date_text(value, tz) if len(value) <= 40 else None)
            if dt is not None and plausible(dt) and (best is None or dt < best):
                best = dt
    return best


def pick_dates(
    tree: LexborHTMLParser,
    head: HeadMeta,
    ld: JsonLdFacts,
    url: str | None,
    tz: tzinfo,
    title: str | None = None,
    heading: LexborNode | None = None,
    page_text: str | None = None,
) -> tuple[datetime | None, datetime | None]:
    """(published, modified), each aware; naive values take the page's local zone `tz`.

    `published` is the declared publication date (JSON-LD, meta), unless the page shows another one:
    the date in the URL, or the byline's date by the headline when it contradicts the declared one
    (see _contradicts: stale or machine-written metadata); neither wins when the page shows the
    declared day by the headline as well (a byline that shows a later date beside the original one;
    a URL holding the day the story's slug was made). A byline that shows only an update date earlier
    than the declared publication date dates the page by it (publication comes before any update).
    Without a declared date: the date of a statement that the page was "originally published on"
    it (the page shows a later revision's date by the headline), the date shown by the headline (an
    "updated" date only when no other is shown), the date in the URL, or the modification date.
    `page_text` is the page's visible text with whitespace collapsed, if the caller has it (the
    statement is looked for only there); `heading` the headline element.
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
        dt = parse_iso(ld.modified, tz) or parse_date_text(ld.modified, tz)
        modified = dt if plausible(dt) else None
    if modified is None:
        modified = _meta_date(head, _MODIFIED_META, tz)
    url_date = parse_url_date(url, tz) if url else None
    if not plausible(url_date):
        url_date = None
    if published is not None:
        if (
            url_date is not None
            and url_date.date() != published.date()
            and published.date() not in days_by_heading(heading, tz)
        ):
            return url_date, modified
        shown = byline_date(heading, tz) or kicker_date(heading, tz)
        if (
            shown is not None
            and _contradicts(shown, published)
            and published.date() not in days_by_heading(heading, tz)
        ):
            return shown, modified
        if shown is None:
            # a page is published before it is updated: a shown update date earlier than the declared
            # publication date proves the latter wrong (a save stamp), and bounds the real one
            updated = byline_update_date(heading, tz)
            if updated is not None and updated.date() < published.date():
                return updated, modified
        return published, modified
    stated = stated_original_date(page_text, tz) if page_text else None
    published = stated or visible_date(tree, tz, title, heading, page_text) or url_date or modified
    return published, modified


def _contradicts(shown: datetime, declared: datetime) -> bool:
    """The shown date is not the declared one: another day, and neither the declared instant's day in
    another zone (a shown day without a time of day that is the declared instant's local day in some
    zone: the declared value is the more precise one) nor the declared date with day and month read
    the other way round (08/01/2025).

    A shown date with a time of day is as precise as the declared value and is written in the page's
    own zone ("3/5/2022 22:41" for "2022-05-04T02:41Z"), so one day off is a real difference there.
    A shown date equal to the declared modification date counts too: a byline that shows one date
    and does not call it an update presents it as the page's date (a labelled update is not a
    byline date, see byline_date)."""
    day = shown.date()
    if day == declared.date():
        return False
    if not _has_time_of_day(shown) and _local_day_somewhere(declared, day):
        return False
    return not (day.year == declared.year and day.month == declared.day and day.day == declared.month)


# the zones in use run from UTC-12 to UTC+14: the local days an instant can fall on
_WESTMOST, _EASTMOST = timedelta(hours=-12), timedelta(hours=14)


def _local_day_somewhere(instant: datetime, day: date) -> bool:
    """`day` is the local day of `instant` in some zone in use (2025-12-09T02:17Z is still the 8th
    in New York; 2025-12-19T22:02Z is the 18th nowhere)."""
    utc = instant.astimezone(UTC)
    return (utc + _WESTMOST).date() <= day <= (utc + _EASTMOST).date()


def _has_time_of_day(dt: datetime) -> bool:
    """`dt` was written with a time: a date written without one is midnight (see dates.py)."""
    return bool(dt.hour or dt.minute or dt.second)
