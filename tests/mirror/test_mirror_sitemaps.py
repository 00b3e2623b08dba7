"""Monthly sitemaps of rubryka.com and www.ukrinform.net: found via robots.txt, one child per Kyiv-local month,
together exactly the source's articles (filler included), every <lastmod> the publication time with its offset."""

from __future__ import annotations

import re
import tomllib
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

import pytest
from mirror_client import MirrorClient
from selectolax.lexbor import LexborHTMLParser

from ingest.mirror import Manifest, MirrorServer, build_site, load_manifest

KYIV = ZoneInfo("Europe/Kyiv")
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
SOURCES_TOML = Path(__file__).resolve().parents[2] / "sources.toml"
OFFSET = re.compile(r"(Z|[+-]\d\d:\d\d)$")

# source -> (home, sitemap index URL the brief fixes, child URL pattern with the month as group 1)
SITEMAPS = {
    "rubryka-en": ("https://rubryka.com/", "https://rubryka.com/sitemap_index.xml",
                   re.compile(r"https://rubryka\.com/en/post-sitemap-(\d{4}-\d{2})\.xml")),
    "ukrinform-en": ("https://www.ukrinform.net/", "https://www.ukrinform.net/sitemap.xml",
                     re.compile(r"https://www\.ukrinform\.net/sitemap-(\d{4}-\d{2})\.xml")),
}


@dataclass(frozen=True)
class Child:
    url: str
    month: str
    lastmod: datetime
    entries: tuple[tuple[str, datetime], ...]  # (loc, lastmod) as listed


@pytest.fixture(scope="module")
def filled() -> Iterator[tuple[MirrorClient, Manifest]]:
    site = build_site(generated=300)
    with MirrorServer(site) as server:
        client = MirrorClient(server)
        yield client, load_manifest(site)
        client.close()


def lastmod_of(node: ET.Element, where: str) -> datetime:
    text = node.findtext("sm:lastmod", namespaces=NS)
    assert text and OFFSET.search(text), f"{where}: lastmod {text!r} is not ISO 8601 with an offset"
    when = datetime.fromisoformat(text)
    assert when.tzinfo is not None
    return when


def index_url_from_robots(client: MirrorClient, home: str) -> str:
    robots = client.get(urljoin(home, "/robots.txt"))
    assert robots.status_code == 200
    announced = [line.split(":", 1)[1].strip() for line in robots.text.splitlines()
                 if line.lower().startswith("sitemap:")]
    assert len(announced) == 1, robots.text
    return announced[0]


def read_children(client: MirrorClient, source: str) -> list[Child]:
    home, expected_index, pattern = SITEMAPS[source]
    index_url = index_url_from_robots(client, home)
    assert index_url == expected_index
    response = client.get(index_url)
    assert response.status_code == 200 and "xml" in response.headers["content-type"]
    root = ET.fromstring(response.content)
    assert root.tag == f"{{{NS['sm']}}}sitemapindex"
    children: list[Child] = []
    for node in root.findall("sm:sitemap", NS):
        url = node.findtext("sm:loc", namespaces=NS) or ""
        match = pattern.fullmatch(url)
        assert match, f"child sitemap {url!r} is not a monthly sitemap"
        child = client.get(url)
        assert child.status_code == 200 and "xml" in child.headers["content-type"], url
        urlset = ET.fromstring(child.content)
        assert urlset.tag == f"{{{NS['sm']}}}urlset", url
        entries = tuple((u.findtext("sm:loc", namespaces=NS) or "", lastmod_of(u, url))
                        for u in urlset.findall("sm:url", NS))
        children.append(Child(url, match.group(1), lastmod_of(node, index_url), entries))
    assert children, f"{index_url} lists no child sitemaps"
    return children


def published(manifest: Manifest) -> dict[str, datetime]:
    return {p.url: datetime.fromisoformat(p.published) for p in manifest.pages}


def month_of(when: datetime) -> str:
    return f"{when.astimezone(KYIV):%Y-%m}"


def check_sitemaps(client: MirrorClient, manifest: Manifest, source: str) -> list[Child]:
    children = read_children(client, source)
    pages = {p.url: p for p in manifest.pages if p.source == source}
    times = published(manifest)
    months = [c.month for c in children]
    assert len(months) == len(set(months)), "two child sitemaps for one month"
    listed = [loc for c in children for loc, _ in c.entries]
    assert len(listed) == len(set(listed)), "an article is listed twice"
    assert set(listed) == set(pages)  # canonical URLs, exactly the source's pages
    for child in children:
        assert child.entries, f"{child.url} is empty"
        for loc, when in child.entries:
            assert when == times[loc], (loc, when, times[loc])  # the publication instant
            assert child.lastmod >= when, (child.url, loc)
            assert month_of(when) == child.month, (child.url, loc)
        assert child.lastmod == max(when for _, when in child.entries)  # the month's newest article
    # a backfill of month M reads exactly one child and gets every article published in M
    expected: dict[str, set[str]] = {}
    for url in pages:
        expected.setdefault(month_of(times[url]), set()).add(url)
    assert {c.month: {loc for loc, _ in c.entries} for c in children} == expected
    return children


@pytest.mark.parametrize("source", sorted(SITEMAPS))
def test_monthly_sitemaps_cover_the_source_exactly(client: MirrorClient, manifest: Manifest, source: str) -> None:
    children = check_sitemaps(client, manifest, source)
    assert len(children) >= 3  # the hand-written content alone spans several months
    for child in children:
        for loc, _ in child.entries:
            assert client.get(loc).status_code == 200, loc


def listing_urls(client: MirrorClient, manifest: Manifest, source: str) -> set[str]:
    """Every article a walk of the source's configured listing reaches (canonical URLs)."""
    data = tomllib.loads(SOURCES_TOML.read_text(encoding="utf-8"))
    entry = next(d for s in data["source"] if s["name"] == source for d in s["discovery"] if d["kind"] == "listing")
    by_url = manifest.by_url()
    found: set[str] = set()
    for page in range(1, 500):
        url = entry["url"] if page == 1 else entry["page_url"].format(page=page)
        response = client.get(url)
        if response.status_code == 404:
            break
        assert response.status_code == 200, url
        links = [urljoin(url, n.attributes["href"] or "")
                 for n in LexborHTMLParser(response.text).css(entry["link_selector"])]
        if not links:
            break
        found.update(by_url[link].url for link in links)
    return found


@pytest.mark.parametrize("source", sorted(SITEMAPS))
def test_monthly_sitemaps_include_generated_filler_like_the_listing(filled: tuple[MirrorClient, Manifest],
                                                                   source: str) -> None:
    client, manifest = filled
    children = check_sitemaps(client, manifest, source)
    in_sitemaps = {loc for c in children for loc, _ in c.entries}
    generated = {p.url for p in manifest.pages if p.source == source and p.generated}
    assert len(generated) >= 20 and generated <= in_sitemaps
    assert in_sitemaps == listing_urls(client, manifest, source)


@pytest.mark.parametrize("source", sorted(SITEMAPS))
def test_unknown_months_are_404_and_children_revalidate(client: MirrorClient, manifest: Manifest,
                                                        source: str) -> None:
    children = read_children(client, source)
    known = {c.month for c in children}
    sample = children[0].url
    for month in ("1999-01", "2024-13", "2024-2", "latest"):
        assert month not in known
        missing = sample.replace(f"-{children[0].month}.xml", f"-{month}.xml")
        assert client.get(missing).status_code == 404, missing
    first = client.get(sample)
    assert parsedate_to_datetime(first.headers["last-modified"]) == children[0].lastmod.replace(microsecond=0)
    again = client.get(sample, headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304


def test_by_month_groups_by_local_month_oldest_first() -> None:
    """Just after midnight on the 1st in Kyiv is still the previous month in UTC: the Kyiv month wins."""
    from datetime import timezone

    from ingest.mirror.html_parts import by_month

    late = datetime(2024, 2, 29, 23, 30, tzinfo=timezone.utc)  # 2024-03-01 01:30 in Kyiv
    early = datetime(2024, 2, 3, 9, 0, tzinfo=KYIV)
    middle = datetime(2024, 2, 17, 12, 0, tzinfo=timezone.utc)
    groups = by_month([("c", late), ("b", middle), ("a", early)], KYIV)
    assert groups == {"2024-02": (("a", early), ("b", middle)), "2024-03": (("c", late),)}
    assert list(by_month([("c", late)], timezone.utc)) == ["2024-02"]
    with pytest.raises(ValueError, match="'x'.*no UTC offset"):
        by_month([("x", datetime(2024, 2, 3, 9, 0))], KYIV)
