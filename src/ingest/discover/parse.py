"""Parse feeds (RSS 2.0, Atom), sitemaps (urlset, sitemap index, news sitemaps) and listing pages into
links. Pure functions over decoded text; nothing here touches the network."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser


class DiscoveryParseError(ValueError):
    """A feed or sitemap could not be read at all (terminal for that document)."""


@dataclass(frozen=True, slots=True)
class Link:
    url: str
    published: datetime | None = None
    title: str | None = None


@dataclass(frozen=True, slots=True)
class SitemapDoc:
    """A sitemap: article links (urlset) and/or child sitemaps (sitemap index)."""

    links: tuple[Link, ...]
    children: tuple[Link, ...]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def _parse_xml(text: str, what: str) -> ET.Element:
    text = text.lstrip("\ufeff").strip()
    try:
        return ET.fromstring(text.encode("utf-8"))
    except ET.ParseError as exc:
        raise DiscoveryParseError(f"{what}: not well-formed XML ({exc})") from None


def parse_datetime(value: str | None) -> datetime | None:
    """RFC 822 (RSS), ISO 8601 / W3C (Atom, sitemaps); naive values are taken as UTC."""
    if not value:
        return None
    value = value.strip()
    parsed: datetime | None = None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        iso = value.replace("Z", "+00:00")
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", iso):
            iso += "T00:00:00"
        try:
            parsed = datetime.fromisoformat(iso)
        except ValueError:
            return None
    if parsed is not None and parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed


def parse_feed(text: str, base_url: str) -> tuple[Link, ...]:
    """Items of an RSS 2.0 or Atom feed, in document order."""
    root = _parse_xml(text, f"feed {base_url}")
    links: list[Link] = []
    for element in root.iter():
        name = _local(element.tag)
        if name not in ("item", "entry"):
            continue
        url: str | None = None
        published: str | None = None
        title: str | None = None
        guid: str | None = None
        for child in element:
            child_name = _local(child.tag)
            if child_name == "link":
                href = child.get("href")
                rel = child.get("rel", "alternate")
                if href and rel == "alternate":
                    url = href.strip()
                elif child.text and child.text.strip():
                    url = child.text.strip()
            elif child_name == "guid" and child.text:
                guid = child.text.strip()
            elif child_name in ("pubdate", "published", "updated", "date") and child.text:
                published = published or child.text
            elif child_name == "title" and child.text:
                title = child.text.strip()
        url = url or (guid if guid and guid.startswith("http") else None)
        if url:
            links.append(Link(urljoin(base_url, url), parse_datetime(published), title))
    return tuple(links)


def parse_sitemap(text: str, base_url: str) -> SitemapDoc:
    """A urlset (with lastmod or news:publication_date) or a sitemap index."""
    root = _parse_xml(text, f"sitemap {base_url}")
    kind = _local(root.tag)
    if kind not in ("urlset", "sitemapindex"):
        raise DiscoveryParseError(f"sitemap {base_url}: root element is <{kind}>, not urlset or sitemapindex")
    links: list[Link] = []
    children: list[Link] = []
    for element in root:
        loc: str | None = None
        when: str | None = None
        title: str | None = None
        for child in element.iter():
            name = _local(child.tag)
            if name == "loc" and child.text:
                loc = child.text.strip()
            elif name in ("lastmod", "publication_date") and child.text:
                when = child.text if name == "publication_date" or when is None else when
            elif name == "title" and child.text:
                title = child.text.strip()
        if not loc:
            continue
        link = Link(urljoin(base_url, loc), parse_datetime(when), title)
        (children if _local(element.tag) == "sitemap" else links).append(link)
    return SitemapDoc(tuple(links), tuple(children))


def parse_listing(html: str, base_url: str, link_selector: str) -> tuple[Link, ...]:
    """Article links of a listing page, absolute, in page order, without repeats."""
    tree = LexborHTMLParser(html)
    seen: set[str] = set()
    links: list[Link] = []
    for node in tree.css(link_selector):
        href = node.attributes.get("href")
        if not href or href.startswith(("javascript:", "#", "mailto:")):
            continue
        url = urljoin(base_url, href.strip())
        if url in seen or urlsplit(url).scheme not in ("http", "https"):
            continue
        seen.add(url)
        title = node.text(strip=True) or None
        links.append(Link(url, None, title))
    return tuple(links)
