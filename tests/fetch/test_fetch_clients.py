"""The batch's clients: one connection per client, at most global_concurrency connections, connections
kept alive and reused, clients lent to the origin their connection already serves."""

from __future__ import annotations

import asyncio
import time
from dataclasses import replace

import pytest
from fetch_testserver import LoopbackServer

from ingest.fetch import FetchConfig, FetchRequest, FetchSession, fetch_batch
from ingest.fetch.clients import ClientPool
from ingest.mirror.protocol import MirrorRequest, MirrorResponse


async def page(request: MirrorRequest, state: dict[str, object]) -> MirrorResponse:
    if request.target == "/robots.txt":
        return MirrorResponse(404, (), b"")
    await asyncio.sleep(0.01)
    body = f"<html><body>{request.host}{request.target}</body></html>".encode()
    return MirrorResponse(200, (("Content-Type", "text/html; charset=utf-8"),), body)


def config_for(*servers_and_hosts: tuple[LoopbackServer, str]) -> FetchConfig:
    return FetchConfig(host_map={host: server.address for server, host in servers_and_hosts}, min_delay_s=0.0,
                       per_host_concurrency=4, global_concurrency=3, connect_timeout_s=2.0, read_timeout_s=2.0,
                       total_timeout_s=5.0)


def test_connections_are_capped_and_kept_alive() -> None:
    hosts = ("a.test", "b.test", "c.test")
    with LoopbackServer({h: page for h in hosts}) as server:
        config = config_for(*((server, h) for h in hosts))
        requests = [FetchRequest("s", f"http://{h}/p{n}", "article", (h,)) for n in range(20) for h in hosts]
        batch = fetch_batch(requests, config)
        assert batch.counts.ok == 60
        assert server.max_open_connections <= config.global_concurrency
        assert server.connections <= config.global_concurrency  # every later request reused a connection
        assert len(server.requests) == 63  # 60 pages and 3 robots.txt


def test_two_wire_origins_share_the_cap() -> None:
    with LoopbackServer({"a.test": page}) as first, LoopbackServer({"b.test": page}) as second:
        config = replace(config_for((first, "a.test"), (second, "b.test")), global_concurrency=2)
        requests = [FetchRequest("s", f"http://{h}/p{n}", "article", (h,)) for n in range(15)
                    for h in ("a.test", "b.test")]
        batch = fetch_batch(requests, config)
        assert batch.counts.ok == 30
        assert [p.url for p in batch.pages] == [r.url for r in requests]
        assert first.max_open_connections <= 2 and second.max_open_connections <= 2
        assert {p.text.split("<body>")[1].split("/")[0] for p in batch.pages} == {"a.test", "b.test"}


def test_pool_prefers_the_same_origin_then_the_least_recently_used() -> None:
    async def scenario() -> None:
        async with ClientPool(FetchConfig(global_concurrency=2)) as pool:
            a = pool.lend("http://10.0.0.1:80")
            b = pool.lend("http://10.0.0.2:80")
            assert a is not b and pool.lent == 2
            with pytest.raises(RuntimeError, match="more than 2 exchanges"):
                pool.lend("http://10.0.0.3:80")
            pool.give_back("http://10.0.0.1:80", a)
            pool.give_back("http://10.0.0.2:80", b)
            assert pool.lend("http://10.0.0.2:80") is b  # its own origin, though not the oldest idle
            assert pool.lend("http://10.0.0.3:80") is a  # no match: the least recently used idle client
            assert pool.lent == 2

    asyncio.run(scenario())


def test_a_session_keeps_connections_and_robots_rules_from_batch_to_batch() -> None:
    hosts = ("a.test", "b.test")
    with LoopbackServer({h: page for h in hosts}) as server:
        config = config_for(*((server, h) for h in hosts))
        session = FetchSession(config)
        try:
            for chunk in range(3):
                requests = [FetchRequest("s", f"http://{h}/c{chunk}p{n}", "article", (h,)) for n in range(10)
                            for h in hosts]
                assert session.fetch(requests).counts.ok == 20
        finally:
            session.close()
        assert server.connections <= config.global_concurrency  # later batches reused the first's connections
        assert len(server.requests) == 62  # 60 pages; each robots.txt once
        deadline = time.monotonic() + 5
        while server.open_connections and time.monotonic() < deadline:  # the server notices the close
            time.sleep(0.01)
        assert server.open_connections == 0  # closing the session closed them


def test_batches_without_a_session_reconnect_and_reread_robots() -> None:
    """What a session saves: the same three batches, each on its own clients."""
    with LoopbackServer({h: page for h in ("a.test", "b.test")}) as server:
        config = config_for((server, "a.test"), (server, "b.test"))
        for chunk in range(3):
            fetch_batch([FetchRequest("s", f"http://{h}/c{chunk}p{n}", "article", (h,)) for n in range(10)
                         for h in ("a.test", "b.test")], config)
        assert server.connections > config.global_concurrency
        assert len(server.requests) == 66
