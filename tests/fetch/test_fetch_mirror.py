"""ingest.fetch against the real mirror (ingest.mirror.MirrorServer): mirrored article pages of every source
through the operator host map, archived and read back, and the fault endpoints as the mirror serves them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from ingest.fetch import FetchConfig, FetchRequest, WarcArchive, fetch_batch, iter_archive
from ingest.mirror import MirrorServer, build_site, load_manifest


@pytest.fixture(scope="module")
def mirror() -> Iterator[MirrorServer]:
    with MirrorServer(build_site()) as server:
        yield server


def mirror_config(mirror: MirrorServer) -> FetchConfig:
    return FetchConfig(host_map=mirror.host_map(), min_delay_s=0.0, backoff_base_s=0.05, max_backoff_s=0.1,
                       read_timeout_s=2.0, total_timeout_s=5.0)


def test_mirrored_pages_of_every_source_fetched_archived_and_read_back(mirror: MirrorServer,
                                                                        tmp_path: Path) -> None:
    pages = load_manifest().pages
    per_source: dict[str, list[str]] = {}
    for page in pages:
        per_source.setdefault(page.source, []).append(page.url)
    urls = [u for group in per_source.values() for u in group[:3]]
    variants = [v for page in pages for v in page.url_variants][:5]
    requests = [FetchRequest("mirror", u, "article", (urlsplit(u).hostname or "",)) for u in urls + variants]
    with WarcArchive(tmp_path) as archive:
        batch = fetch_batch(requests, mirror_config(mirror), archive)
    assert batch.counts.ok == len(requests), batch.counts
    assert {o.kind for o in batch.outcomes} == {"html"}
    for page in batch.pages:
        assert page.status == 200 and page.content_type == "text/html" and "<html" in page.text.lower()
        assert mirror.address[0] not in page.final_url and page.final_url.startswith("https://")
    robots = [a for a in batch.attempts if a.purpose == "robots"]
    assert len(robots) == len({urlsplit(u).hostname for u in urls + variants})
    by_url = {p.url: p.text for p in batch.pages}
    read_back = {p.url: p.text for p in iter_archive(tmp_path)}
    assert read_back == by_url


def test_faults_served_by_the_mirror(mirror: MirrorServer) -> None:
    article = load_manifest().pages[0].url
    host = urlsplit(article).hostname or ""
    faults = "http://faults.test"
    requests = [
        FetchRequest("f", f"{faults}/flaky-500?fail=1&mirror=1", "article"),
        FetchRequest("f", f"{faults}/redirect-to?host=169.254.169.254", "article",
                     ("faults.test", "169.254.169.254")),
        FetchRequest("f", f"{faults}/redirect-to?url={quote(article, safe='')}", "article", ("faults.test", host)),
        FetchRequest("f", f"{faults}/redirect-to?url={quote(article, safe='')}&no=1", "article"),
        FetchRequest("f", f"{faults}/private/x", "article"),
        FetchRequest("f", f"{faults}/browser-only", "article"),
    ]
    batch = fetch_batch(requests, mirror_config(mirror))
    assert [o.error_kind for o in batch.outcomes] == [
        None, "address_blocked", None, "host_not_allowed", "robots_disallowed", "blocked"]
    assert batch.outcomes[2].page is not None and batch.outcomes[2].page.final_url == article
    assert [a.error_kind for a in batch.attempts if "flaky" in a.url] == ["http_5xx", None]
    assert batch.advice and "faults.test" in batch.advice[0]
