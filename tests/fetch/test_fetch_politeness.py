"""Politeness over real sockets: per-host spacing, robots Crawl-delay, per-host and global concurrency caps,
Retry-After pausing the whole host, slowing down after 429/503."""

from __future__ import annotations

import asyncio
from dataclasses import replace

from fetch_testserver import LoopbackServer

from ingest.fetch import FetchConfig, FetchRequest, RobotsCache, fetch_batch
from ingest.mirror.protocol import MirrorRequest, MirrorResponse


def req(host: str, path: str) -> FetchRequest:
    return FetchRequest("polite", f"http://{host}{path}", "article", (host,))


def gaps(server: LoopbackServer, host: str) -> list[float]:
    times = [t for t, r in zip(server.times, server.requests) if r.host == host]
    return [b - a for a, b in zip(times, times[1:])]


async def slow_site(request: MirrorRequest, state: dict[str, object]) -> MirrorResponse:
    """robots.txt with a Crawl-delay on crawl.test; /slow pages take 0.3 s; /limit answers 429 once."""
    if request.target == "/robots.txt":
        rules = "User-agent: *\nCrawl-delay: 0.4\n" if request.host == "crawl.test" else "User-agent: *\n"
        return MirrorResponse(200, (("Content-Type", "text/plain"),), rules.encode())
    if request.target.startswith("/slow"):
        await asyncio.sleep(0.3)
    if request.target == "/limit" and not state.get(request.host + "limited"):
        state[request.host + "limited"] = True
        return MirrorResponse(429, (), b"")
    body = f"<html><head><title>{request.target}</title></head><body>page</body></html>".encode()
    return MirrorResponse(200, (("Content-Type", "text/html; charset=utf-8"),), body)


def site() -> LoopbackServer:
    return LoopbackServer({h: slow_site for h in ("a.test", "b.test", "c.test", "crawl.test")})


def base(server: LoopbackServer) -> FetchConfig:
    return FetchConfig(host_map={"*": server.address}, min_delay_s=0.0, backoff_base_s=0.05, max_backoff_s=0.1,
                       jitter_seed=3)


def test_min_delay_spaces_requests_to_one_host() -> None:
    with site() as server:
        batch = fetch_batch([req("a.test", f"/p{n}") for n in range(4)], replace(base(server), min_delay_s=0.25))
        assert batch.counts.ok == 4
        assert len(gaps(server, "a.test")) == 4  # robots.txt + 4 pages
        assert min(gaps(server, "a.test")) >= 0.2  # arrival jitter on a busy machine


def test_robots_crawl_delay_is_honoured_and_robots_fetched_once_per_cache() -> None:
    with site() as server:
        cache = RobotsCache()
        fetch_batch([req("crawl.test", f"/p{n}") for n in range(3)], base(server), robots_cache=cache)
        assert min(gaps(server, "crawl.test")) >= 0.33
        fetch_batch([req("crawl.test", "/again")], base(server), robots_cache=cache)
        assert [r.target for r in server.requests].count("/robots.txt") == 1


def test_per_host_and_global_concurrency_caps() -> None:
    with site() as server:
        cfg = replace(base(server), per_host_concurrency=2, global_concurrency=8)
        batch = fetch_batch([req("a.test", f"/slow{n}") for n in range(6)], cfg)
        assert batch.counts.ok == 6 and server.max_in_flight == 2
    with site() as server:
        cfg = replace(base(server), per_host_concurrency=4, global_concurrency=3)
        requests = [req(h, f"/slow{n}") for n in range(4) for h in ("a.test", "b.test", "c.test")]
        batch = fetch_batch(requests, cfg)
        assert batch.counts.ok == 12 and server.max_in_flight == 3


def test_retry_after_pauses_the_whole_host(server: LoopbackServer, config: FetchConfig) -> None:
    cfg = replace(config, per_host_concurrency=1)
    requests = [FetchRequest("f", "http://faults.test/rate-limited?after=1", "article")]
    requests += [FetchRequest("f", f"http://faults.test/ok/{n}", "article") for n in range(3)]
    batch = fetch_batch(requests, cfg)
    assert batch.counts.ok == 4
    limited_at = next(t for t, r in zip(server.times, server.requests) if r.target.startswith("/rate-limited"))
    later = [t for t, r in zip(server.times, server.requests) if t > limited_at]
    assert later and min(later) - limited_at >= 0.9


def test_host_slows_down_after_429_and_others_do_not() -> None:
    with site() as server:
        cfg = replace(base(server), per_host_concurrency=1, slowdown_floor_s=0.3)
        requests = [req("a.test", "/limit")] + [req("a.test", f"/p{n}") for n in range(2)]
        requests += [req("b.test", f"/p{n}") for n in range(3)]
        batch = fetch_batch(requests, cfg)
        assert batch.counts.ok == 6
        assert [a.error_kind for a in batch.attempts if a.url.endswith("/limit")] == ["rate_limited", None]
        slowed = gaps(server, "a.test")[1:]  # after robots.txt: every gap follows the 429
        assert min(slowed) >= 0.25
        assert max(gaps(server, "b.test")) < 0.2
