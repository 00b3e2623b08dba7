"""Feeds, sitemaps and listings parse into absolute links with their dates."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from ingest.config import DiscoveryEntry
from ingest.discover import DateWindow, listing_url
from ingest.discover.parse import DiscoveryParseError, parse_feed, parse_listing, parse_sitemap

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>t</title>
<item><title>One</title><link>https://a.example/news/one-1</link><pubDate>Tue, 28 Nov 2023 17:26:00 +0200</pubDate></item>
<item><title>Two</title><guid>https://a.example/news/two-2</guid></item>
</channel></rss>"""

ATOM = """<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>A</title>
<link rel="alternate" href="/2024/01/14/a/"/><updated>2024-01-14T10:00:00Z</updated></entry></feed>"""

INDEX = """<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://a.example/post-sitemap1.xml</loc><lastmod>2024-02-01</lastmod></sitemap></sitemapindex>"""

URLSET = """<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
 xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://a.example/x</loc><lastmod>2024-02-01T08:00:00+00:00</lastmod></url>
<url><loc>https://a.example/y</loc><news:news><news:publication_date>2024-03-02</news:publication_date>
<news:title>Y</news:title></news:news></url></urlset>"""


def test_rss_items_with_dates_and_guid_fallback() -> None:
    links = parse_feed(RSS, "https://a.example/rss")
    assert [link.url for link in links] == ["https://a.example/news/one-1", "https://a.example/news/two-2"]
    assert links[0].published == datetime(2023, 11, 28, 15, 26, tzinfo=timezone.utc)
    assert links[1].published is None


def test_atom_relative_links_resolve() -> None:
    (link,) = parse_feed(ATOM, "https://a.example/feed/")
    assert link.url == "https://a.example/2024/01/14/a/"
    assert link.published is not None and link.published.date() == date(2024, 1, 14)


def test_sitemap_index_and_news_sitemap() -> None:
    index = parse_sitemap(INDEX, "https://a.example/sitemap_index.xml")
    assert [c.url for c in index.children] == ["https://a.example/post-sitemap1.xml"] and not index.links
    urls = parse_sitemap(URLSET, "https://a.example/post-sitemap1.xml")
    assert [(link.url, link.published.date() if link.published else None) for link in urls.links] == [
        ("https://a.example/x", date(2024, 2, 1)), ("https://a.example/y", date(2024, 3, 2))]


def test_broken_xml_is_a_parse_error() -> None:
    with pytest.raises(DiscoveryParseError, match="not well-formed"):
        parse_feed("<rss><channel><item>", "https://a.example/rss")
    with pytest.raises(DiscoveryParseError, match="root element"):
        parse_sitemap("<html/>", "https://a.example/sitemap.xml")


def test_listing_links_are_absolute_and_unique() -> None:
    html = """<div class="cat_list"><div class="item_stat_headline"><h3><a href="/en/news/a-1">A</a></h3></div>
    <div class="item_stat_headline"><h3><a href="/en/news/a-1">A again</a></h3></div>
    <div class="item_stat_headline"><h3><a href="javascript:void(0);">x</a></h3></div></div>"""
    links = parse_listing(html, "https://www.president.gov.ua/en/news/all", "div.item_stat_headline > h3 > a")
    assert [link.url for link in links] == ["https://www.president.gov.ua/en/news/a-1"]


def test_listing_url_fills_page_and_dates() -> None:
    entry = DiscoveryEntry("listing", "https://p.example/news/all",
                           "https://p.example/news/all?date-from={date_from}&date-to={date_to}&page={page}",
                           "%d-%m-%Y", "h3 > a", 3)
    window = DateWindow(date(2024, 5, 1), date(2024, 5, 31))
    assert listing_url(entry, 2, window) == "https://p.example/news/all?date-from=01-05-2024&date-to=31-05-2024&page=2"
    plain = DiscoveryEntry("listing", "https://r.example/en/news/", "https://r.example/en/news/page/{page}/",
                           link_selector="a")
    assert listing_url(plain, 1, None) == "https://r.example/en/news/"
    assert listing_url(plain, 3, None) == "https://r.example/en/news/page/3/"
