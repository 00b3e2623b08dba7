"""robots.txt over real sockets: missing, failing, redirected to the source's other host, and cached."""

from __future__ import annotations

from fetch_testserver import LoopbackServer

from ingest.fetch import FetchBatch, FetchConfig, FetchRequest, RobotsCache, fetch_batch
from ingest.mirror.protocol import MirrorRequest, MirrorResponse

HTML = (("Content-Type", "text/html; charset=utf-8"),)


async def robots_site(request: MirrorRequest, state: dict[str, object]) -> MirrorResponse:
    """missing.test: no robots.txt; broken.test: robots.txt answers 503; moved.test: robots.txt redirects to
    www.moved.test, whose rules disallow /closed/."""
    if request.target == "/robots.txt":
        if request.host == "missing.test":
            return MirrorResponse(404, HTML, b"<html>not found</html>")
        if request.host == "broken.test":
            return MirrorResponse(503, HTML, b"<html>down</html>")
        if request.host == "moved.test":
            return MirrorResponse(301, (("Location", "http://www.moved.test/robots.txt"),), b"")
        return MirrorResponse(200, (("Content-Type", "text/plain"),), b"User-agent: *\nDisallow: /closed/\n")
    return MirrorResponse(200, HTML, f"<html><body>{request.host}{request.target}</body></html>".encode())


def fetch(server: LoopbackServer, *urls: str, allowed: tuple[str, ...] = (),
          cache: RobotsCache | None = None) -> FetchBatch:
    config = FetchConfig(host_map={"*": server.address}, min_delay_s=0.0, backoff_base_s=0.05, max_backoff_s=0.1)
    requests = [FetchRequest("r", u, "article", allowed) for u in urls]
    return fetch_batch(requests, config, robots_cache=cache)


def test_missing_robots_allows_everything() -> None:
    with LoopbackServer({"*": robots_site}) as server:
        batch = fetch(server, "http://missing.test/closed/a", "http://missing.test/b")
        assert batch.counts.ok == 2


def test_failing_robots_keeps_the_host_pending_without_fetching_pages() -> None:
    with LoopbackServer({"*": robots_site}) as server:
        batch = fetch(server, "http://broken.test/a", "http://broken.test/b")
        assert [o.error_kind for o in batch.outcomes] == ["robots_unavailable", "robots_unavailable"]
        assert all(o.transient for o in batch.outcomes)
        assert server.paths() == ["/robots.txt", "/robots.txt"]  # two tries, no page requests
        assert [a.status for a in batch.attempts if a.purpose == "robots"] == [503, 503]


def test_robots_redirected_to_the_sources_other_host_is_followed() -> None:
    with LoopbackServer({"*": robots_site}) as server:
        allowed = ("moved.test", "www.moved.test")
        batch = fetch(server, "http://moved.test/closed/a", "http://moved.test/open/b", allowed=allowed)
        assert [o.error_kind for o in batch.outcomes] == ["robots_disallowed", None]
        assert "/closed/a" not in server.paths()


def test_robots_redirected_off_the_source_counts_as_absent() -> None:
    with LoopbackServer({"*": robots_site}) as server:
        batch = fetch(server, "http://moved.test/closed/a")
        assert batch.outcomes[0].page is not None
        assert [a.error_kind for a in batch.attempts if a.purpose == "robots"] == ["host_not_allowed"]


def test_robots_cache_shared_across_batches_fetches_once() -> None:
    with LoopbackServer({"*": robots_site}) as server:
        cache = RobotsCache(ttl_s=3600)
        fetch(server, "http://plain.test/a", cache=cache)
        fetch(server, "http://plain.test/b", "http://plain.test/closed/c", cache=cache)
        assert server.paths().count("/robots.txt") == 1
        fetch(server, "http://plain.test/d")  # a fresh cache fetches again
        assert server.paths().count("/robots.txt") == 2
