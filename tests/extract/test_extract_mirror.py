"""Extraction on the offline mirror's article pages, fetched over loopback HTTP from a MirrorServer.

The truth is the mirror's manifest (body as written, published, language); the list of chrome phrases
comes from the real scraped seed texts in /work/shared/seeds (recent-posts widget, "Read more" lists,
donation appeal, "Top article" teasers, cookie notice, share bars), not from the extractor.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from urllib.parse import urlsplit

import httpx
import pytest

from ingest.extract import extract_page
from ingest.mirror import MirrorServer, build_site, load_manifest

# Chrome as it appears in the scraped seed texts of these sites.
SEED_CHROME = (
    "Свіжі дописи",
    "Read more",
    "You could close this page",
    "Become a Patron",
    "help us produce more materials",
    "Top article",
    "more articles",
    "Share this article",
    "About past, present and future of Ukraine",
    "Related Posts",
    "Цей сайт використовує Cookies",
    "To suggest a correction",
    "disabling your ad blocker",
    "Читати більше",
)
_SENTENCE = re.compile(r"(?<=[.!?…»”\"])\s+(?=[A-ZА-ЯІЇЄҐ“\"«])")


def sentences(body: str) -> list[str]:
    out: list[str] = []
    for paragraph in body.split("\n\n"):
        out.extend(s.strip() for s in _SENTENCE.split(paragraph) if s.strip())
    return out


@pytest.fixture(scope="module")
def mirror() -> Iterator[tuple[MirrorServer, object]]:
    site = build_site()
    with MirrorServer(site) as server:
        yield server, load_manifest(site)


def fetch(server: MirrorServer, url: str) -> str:
    parts = urlsplit(url)
    host, port = server.address
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    response = httpx.get(f"http://{host}:{port}{target}", headers={"Host": parts.hostname or ""}, timeout=10)
    assert response.status_code == 200, (url, response.status_code)
    return response.text


def article_pages(manifest: object) -> list[object]:
    return list(manifest.pages)  # type: ignore[attr-defined]


def test_seed_pages_hold_every_sentence_and_no_chrome(mirror: tuple[MirrorServer, object]) -> None:
    server, manifest = mirror
    seeds = [p for p in article_pages(manifest) if p.seed]
    assert len({p.seed for p in seeds}) == 5, "the mirror embeds the five seed articles"
    for page in seeds:
        extracted = extract_page(fetch(server, page.url), page.url)
        assert extracted.page_type == "article", page.url
        for sentence in sentences(page.body):
            assert sentence in extracted.body, f"{page.url}: missing sentence {sentence!r}"
        for chrome in SEED_CHROME:
            assert chrome.lower() not in extracted.body.lower(), f"{page.url}: chrome {chrome!r} kept"
        for paragraph in extracted.body.split("\n\n"):
            assert paragraph in page.body, f"{page.url}: paragraph not in the article: {paragraph[:80]!r}"


def test_every_mirror_article_body_is_exact(mirror: tuple[MirrorServer, object]) -> None:
    server, manifest = mirror
    for page in article_pages(manifest):
        extracted = extract_page(fetch(server, page.url), page.url)
        assert extracted.body == page.body, page.url
        assert extracted.title == page.title, page.url


def test_dates_and_language_on_every_mirror_article(mirror: tuple[MirrorServer, object]) -> None:
    server, manifest = mirror
    for page in article_pages(manifest):
        html = fetch(server, page.url)
        truth = datetime.fromisoformat(page.published)
        # As the pipeline calls it: the sources' local zone configured (they all publish Kyiv time).
        configured = extract_page(html, page.url, {"timezone": "Europe/Kyiv"})
        assert configured.published == truth, (page.url, configured.published, truth)
        assert configured.published is not None and configured.published.utcoffset() is not None
        assert configured.language == page.language, page.url
        # Without configuration the day and wall-clock time are still right.
        generic = extract_page(html, page.url)
        assert generic.published is not None, page.url
        assert generic.published.replace(tzinfo=None) == truth.replace(tzinfo=None), page.url
        assert generic.language == page.language, page.url


def test_url_variants_give_the_same_extraction(mirror: tuple[MirrorServer, object]) -> None:
    server, manifest = mirror
    checked = 0
    for page in article_pages(manifest):
        for variant in page.url_variants:
            extracted = extract_page(fetch(server, variant), variant)
            assert extracted.body == page.body, variant
            assert extracted.canonical_url == page.url, variant
            checked += 1
    assert checked > 0
