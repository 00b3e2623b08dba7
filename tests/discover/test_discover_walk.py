"""The discovery walk over a paginated listing: every article found, rounds grouped in exhaustive walks,
daily runs limited to their pages. The site is a dict of pages served through the fetch callback the
stage takes (the HTTP side is tested in tests/fetch and tests/pipeline)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from ingest.config import DiscoveryEntry, SourceConfig
from ingest.discover import (
    LISTING_LOOKAHEAD,
    DateWindow,
    DiscoveryTask,
    ParsedDocuments,
    SourcePlan,
    discover,
)

HOST = "news.example.org"
PAGE = "https://news.example.org/all?from={date_from}&to={date_to}&page={page}"


def listing_site(pages: int, per_page: int = 10) -> dict[int, str]:
    site = {}
    for page in range(1, pages + 1):
        links = "".join(f'<li><a class="t" href="/a/{page}-{n}">story {page}-{n}</a></li>'
                        for n in range(per_page))
        site[page] = f"<html><body><ul>{links}</ul></body></html>"
    return site


def source() -> SourceConfig:
    entry = DiscoveryEntry("listing", PAGE.format(date_from="01-03-2024", date_to="31-03-2024", page=1),
                           page_url=PAGE, link_selector="a.t", max_pages=3)
    return SourceConfig("example", f"https://{HOST}/", "en", "news", (HOST,), (entry,))


class Site:
    """Answers listing pages by number; past the last page, what the pipeline passes for a 404: ''."""

    def __init__(self, pages: dict[int, str]) -> None:
        self.pages = pages
        self.rounds: list[list[int]] = []

    def __call__(self, tasks: Sequence[DiscoveryTask]) -> Mapping[str, str | None]:
        self.rounds.append([t.page for t in tasks])
        return {t.url: self.pages.get(t.page, "") for t in tasks}


def walk(pages: int, exhaustive: bool) -> tuple[Site, set[str]]:
    site = Site(listing_site(pages))
    plan = SourcePlan(DateWindow(date(2024, 3, 1), date(2024, 3, 31)), exhaustive=exhaustive)
    result = discover([source()], {"example": plan}, site)
    return site, {u.url for u in result.urls}


def test_exhaustive_walk_finds_every_page_in_grouped_rounds() -> None:
    for pages in (1, 2, 5, 6, 9, 13):
        site, urls = walk(pages, exhaustive=True)
        assert urls == {f"https://{HOST}/a/{p}-{n}" for p in range(1, pages + 1) for n in range(10)}, pages
        read = [p for r in site.rounds for p in r]
        assert len(read) == len(set(read)), "no page is read twice"
        assert pages < len(read) <= pages + LISTING_LOOKAHEAD, (pages, site.rounds)
        assert len(site.rounds) <= 2 + (pages - 1) // LISTING_LOOKAHEAD, site.rounds


def test_daily_walk_reads_one_page_per_round_up_to_max_pages() -> None:
    site, urls = walk(20, exhaustive=False)
    assert site.rounds == [[1], [2], [3]]
    assert len(urls) == 30


SITEMAP = "https://news.example.org/sitemap.xml"


def sitemap_source() -> SourceConfig:
    return SourceConfig("example", f"https://{HOST}/", "en", "news", (HOST,), (DiscoveryEntry("sitemap", SITEMAP),))


def sitemap(days: Sequence[int]) -> str:
    urls = "".join(f"<url><loc>https://{HOST}/a/{d}</loc><lastmod>2024-03-{d:02d}</lastmod></url>" for d in days)
    return f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'


def test_parsed_documents_are_reused_only_for_the_same_text() -> None:
    parsed: ParsedDocuments = {}
    texts = {SITEMAP: sitemap([1, 2, 20])}

    def site(tasks: Sequence[DiscoveryTask]) -> Mapping[str, str | None]:
        return {t.url: texts[t.url] for t in tasks}

    def month(start: int, end: int) -> set[str]:
        plan = SourcePlan(DateWindow(date(2024, 3, start), date(2024, 3, end)), exhaustive=True)
        with_memo = {u.url for u in discover([sitemap_source()], {"example": plan}, site, parsed).urls}
        without = {u.url for u in discover([sitemap_source()], {"example": plan}, site).urls}
        assert with_memo == without
        return with_memo

    assert month(1, 10) == {f"https://{HOST}/a/1", f"https://{HOST}/a/2"}
    assert ("example", SITEMAP) in parsed
    assert month(11, 31) == {f"https://{HOST}/a/20"}
    texts[SITEMAP] = sitemap([1, 2, 20, 25])  # the sitemap changed: parsed again, not the old result
    assert month(11, 31) == {f"https://{HOST}/a/20", f"https://{HOST}/a/25"}
