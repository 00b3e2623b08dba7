"""Listings (pagination, date filters), feeds and sitemaps list the manifest's articles as sources.toml expects."""

from __future__ import annotations

import tomllib
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

import pytest
from mirror_client import MirrorClient
from selectolax.lexbor import LexborHTMLParser

from ingest.mirror import Manifest, MirrorServer, build_site, load_manifest

KYIV = ZoneInfo("Europe/Kyiv")
SOURCES_TOML = Path(__file__).resolve().parents[2] / "sources.toml"
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sources() -> dict[str, dict]:
    data = tomllib.loads(SOURCES_TOML.read_text(encoding="utf-8"))
    return {s["name"]: s for s in data["source"]}


def discovery(source: str, kind: str) -> dict:
    return next(d for d in sources()[source]["discovery"] if d["kind"] == kind)


@pytest.fixture(scope="module")
def big() -> Iterator[tuple[MirrorClient, Manifest]]:
    """A mirror with generated filler so that listings really paginate."""
    site = build_site(generated=400, seed=7)
    with MirrorServer(site) as server:
        client = MirrorClient(server)
        yield client, load_manifest(site)
        client.close()


def canonical_of(manifest: Manifest, url: str) -> str:
    return manifest.by_url()[url].url


def links(html: str, selector: str, base: str) -> list[str]:
    tree = LexborHTMLParser(html)
    return [urljoin(base, node.attributes["href"] or "") for node in tree.css(selector)]


def test_president_listing_date_filter_and_pagination(big) -> None:
    client, manifest = big
    entry = discovery("president-en", "listing")
    start, end = date(2024, 2, 1), date(2024, 6, 30)
    expected = sorted(
        (p for p in manifest.pages if p.source == "president-en"
         and start <= datetime.fromisoformat(p.published).astimezone(KYIV).date() <= end),
        key=lambda p: p.published, reverse=True,
    )
    assert len(expected) > 10  # more than one page
    seen: list[str] = []
    page = 1
    while True:
        url = entry["page_url"].format(date_from=start.strftime(entry["date_format"]),
                                       date_to=end.strftime(entry["date_format"]), page=page)
        response = client.get(url)
        assert response.status_code == 200
        found = links(response.text, entry["link_selector"], url)
        if not found:
            break
        assert len(found) <= 10
        tree = LexborHTMLParser(response.text)
        current = tree.css_first("div.pagination a.pag.act")
        assert current is not None and current.text() == str(page)
        assert all(n.attributes["href"] for n in tree.css("div.pagination a.pag"))
        seen.extend(found)
        page += 1
    assert seen == [p.url for p in expected]  # exactly the range, newest first, no repeats
    last = client.get(entry["page_url"].format(date_from="01-02-2024", date_to="30-06-2024", page=page - 1))
    assert 'href="javascript:void(0);"' in last.text


def test_president_listing_dates_shown_match_manifest(big) -> None:
    client, manifest = big
    response = client.get(discovery("president-uk", "listing")["url"])
    tree = LexborHTMLParser(response.text)
    by_url = manifest.by_url()
    items = tree.css("div.cat_list div.item_stat.cat_stat")
    assert len(items) == 10
    for item in items:
        link = item.css_first("div.item_stat_headline > h3 > a")
        shown = item.css_first("div.item_stat_headline p.date")
        assert link is not None and shown is not None
        published = datetime.fromisoformat(by_url[link.attributes["href"]].published).astimezone(KYIV)
        assert shown.text().startswith(f"{published.day} ")
        assert shown.text().endswith(f"{published.year} року - {published:%H:%M}")


@pytest.mark.parametrize("source", ["odessa-journal", "rubryka-en", "ukrinform-en"])
def test_paged_listings_reach_every_article(big, source: str) -> None:
    client, manifest = big
    entry = discovery(source, "listing")
    found: list[str] = []
    page = 1
    while page < 500:
        url = entry["url"] if page == 1 else entry["page_url"].format(page=page)
        response = client.get(url)
        if response.status_code == 404:
            break
        assert response.status_code == 200
        batch = links(response.text, entry["link_selector"], url)
        if not batch:
            break
        found.extend(batch)
        page += 1
    assert page > 2
    canonical = [canonical_of(manifest, u) for u in found]
    assert len(canonical) == len(set(canonical))
    expected = {p.url for p in manifest.pages if p.source == source}
    if source == "odessa-journal":  # /diplomacy lists the diplomacy section only
        expected = {p.url for p in manifest.pages if p.source == source and p.category == "Diplomacy"}
    assert set(canonical) == expected


@pytest.mark.parametrize("source", ["president-en", "president-uk", "rubryka-en", "euromaidanpress",
                                    "ukrinform-en"])
def test_feeds_list_the_newest_articles(big, source: str) -> None:
    client, manifest = big
    response = client.get(discovery(source, "feed")["url"])
    assert response.status_code == 200
    assert "xml" in response.headers["content-type"]
    channel = ET.fromstring(response.content).find("channel")
    assert channel is not None
    items = channel.findall("item")
    newest = sorted((p for p in manifest.pages if p.source == source), key=lambda p: p.published, reverse=True)
    assert 10 <= len(items) <= 20
    listed = [canonical_of(manifest, i.findtext("link") or "") for i in items]
    assert listed == [p.url for p in newest[: len(items)]]
    for item, page in zip(items, newest):
        assert item.findtext("title") == page.title
        assert item.findtext("pubDate")


def test_euromaidanpress_sitemap_index_covers_every_post(big) -> None:
    client, manifest = big
    index = client.get(discovery("euromaidanpress", "sitemap")["url"])
    assert index.status_code == 200
    children = [e.text or "" for e in ET.fromstring(index.content).findall("sm:sitemap/sm:loc", NS)]
    assert any("post-sitemap" in c for c in children)
    locs: list[str] = []
    for child in children:
        urlset = ET.fromstring(client.get(child).content)
        for url in urlset.findall("sm:url", NS):
            assert url.findtext("sm:lastmod", namespaces=NS)
            locs.append(url.findtext("sm:loc", namespaces=NS) or "")
    posts = {p.url for p in manifest.pages if p.source == "euromaidanpress"}
    assert posts <= set(locs)


def test_odessa_sitemap_lists_every_article_some_under_public_paths(big) -> None:
    client, manifest = big
    response = client.get(discovery("odessa-journal", "sitemap")["url"])
    locs = [e.text or "" for e in ET.fromstring(response.content).findall("sm:url/sm:loc", NS)]
    assert {canonical_of(manifest, u) for u in locs} == {p.url for p in manifest.pages
                                                           if p.source == "odessa-journal"}
    assert any("/public/" in u for u in locs) and any("/public/" not in u for u in locs)


def test_robots_txt_on_every_host(client, server) -> None:
    for host in server.host_map():
        if host == "faults.test":
            continue
        response = client.get(f"https://{host}/robots.txt")
        if response.status_code == 301:  # alias hosts redirect to the canonical host
            target = urlsplit(response.headers["location"])
            assert target.path == "/robots.txt" and target.hostname != host
            assert target.hostname in server.host_map()
            response = client.get(response.headers["location"])
        assert response.status_code == 200, host
        assert response.headers["content-type"].startswith("text/plain")
        assert response.text.startswith("User-agent: *")


def test_listing_links_are_served(client, manifest: Manifest) -> None:
    """Every link a configured discovery entry yields resolves to a manifest page on the small mirror."""
    known = manifest.by_url()
    for name, source in sources().items():
        for entry in source["discovery"]:
            if entry["kind"] != "listing":
                continue
            response = client.get(entry["url"])
            assert response.status_code == 200, entry["url"]
            found = links(response.text, entry["link_selector"], entry["url"])
            assert found, name
            assert all(u in known for u in found), name
