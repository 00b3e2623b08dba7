"""The HTTP layer over real loopback sockets: validators and 304, HEAD, keep-alive, redirects, handlers."""

from __future__ import annotations

import asyncio
import importlib.util
import socket
import threading
import time
from collections.abc import AsyncIterator

import httpx
import pytest

from ingest.mirror import Manifest, MirrorRequest, MirrorResponse, MirrorServer, MirrorSite


def raw_exchange(address: tuple[str, int], payload: bytes, timeout: float = 5.0) -> bytes:
    """Send raw bytes, read until the server closes the connection."""
    with socket.create_connection(address, timeout=timeout) as sock:
        sock.sendall(payload)
        chunks = []
        while True:
            data = sock.recv(65536)
            if not data:
                break
            chunks.append(data)
    return b"".join(chunks)


def test_etag_and_last_modified_give_304(client, manifest: Manifest) -> None:
    page = manifest.pages[0]
    first = client.get(page.url)
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    again = client.get(page.url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    assert client.get(page.url, headers={"If-None-Match": '"other"'}).status_code == 200
    assert client.get(page.url, headers={"If-Modified-Since": modified}).status_code == 304
    assert client.get(page.url, headers={"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"}).status_code == 200


def test_head_sends_length_without_body(client, manifest: Manifest) -> None:
    page = manifest.pages[-1]
    full = client.get(page.url)
    head = client.get(page.url, method="HEAD")
    assert head.status_code == 200 and head.content == b""
    assert int(head.headers["content-length"]) == len(full.content)


def test_keep_alive_serves_several_requests_on_one_connection(server: MirrorServer) -> None:
    request = b"GET /robots.txt HTTP/1.1\r\nHost: rubryka.com\r\n\r\n"
    last = b"GET /en/feed/ HTTP/1.1\r\nHost: rubryka.com\r\nConnection: close\r\n\r\n"
    reply = raw_exchange(server.address, request * 3 + last)
    assert reply.count(b"HTTP/1.1 200 OK") == 4
    assert reply.rstrip().endswith(b"</rss>")


def test_alias_host_redirects_and_unknown_host_is_404(client, server: MirrorServer) -> None:
    moved = client.get("https://president.gov.ua/en/news/all?page=2")
    assert moved.status_code == 301
    assert moved.headers["location"] == "https://www.president.gov.ua/en/news/all?page=2"
    assert client.get("https://example.org/").status_code == 404
    assert client.get("https://www.president.gov.ua/en/news/no-such-article-1").status_code == 404


def test_bad_requests(server: MirrorServer, client) -> None:
    assert raw_exchange(server.address, b"NONSENSE\r\n\r\n").startswith(b"HTTP/1.1 400")
    posted = httpx.post(server.base_url() + "/en/feed/", headers={"Host": "rubryka.com"}, content=b"x=1")
    assert posted.status_code == 405


def test_faults_host_is_dispatched_to_the_faults_module(client) -> None:
    response = client.get("https://faults.test/robots.txt")
    if importlib.util.find_spec("ingest.mirror.faults") is None:
        assert response.status_code == 404 and response.text == "faults handler not installed\n"
    else:  # the module answers (its own tests cover what it serves)
        assert response.text != "faults handler not installed\n"


def test_handler_contract_streaming_state_and_hangs(site: MirrorSite) -> None:
    async def streaming(request: MirrorRequest, state: dict[str, object]) -> MirrorResponse:
        if request.target == "/":
            state["hits"] = int(state.get("hits", 0)) + 1  # type: ignore[call-overload]
        if request.target == "/hang":
            await asyncio.sleep(3600)
        if request.target == "/short":  # promises 100 bytes, sends 5, closes
            return MirrorResponse(200, (("content-length", "100"),), b"hello", close_after=True)

        async def chunks() -> AsyncIterator[bytes]:
            for n in range(3):
                await asyncio.sleep(0.01)
                yield f"part{n};".encode()

        status = 500 if state["hits"] == 1 else 200
        return MirrorResponse(status, (("content-type", "text/plain"),), chunks())

    with MirrorServer(site, handlers={"stream.test": streaming}) as server:
        assert "stream.test" in server.host_map()
        base = server.base_url()
        hung = threading.Thread(
            target=lambda: pytest.raises(httpx.ReadTimeout, httpx.get, base + "/hang",
                                         headers={"Host": "stream.test"}, timeout=2.0),
            daemon=True)
        hung.start()
        time.sleep(0.1)
        started = time.monotonic()
        first = httpx.get(base + "/", headers={"Host": "stream.test"})
        second = httpx.get(base + "/", headers={"Host": "stream.test"})
        assert time.monotonic() - started < 1.5  # the hanging request did not block these
        assert first.status_code == 500 and second.status_code == 200
        assert second.text == "part0;part1;part2;"
        assert second.headers["transfer-encoding"] == "chunked"
        with pytest.raises(httpx.RemoteProtocolError):
            httpx.get(base + "/short", headers={"Host": "stream.test"})
        page = httpx.get(base + "/en/feed/", headers={"Host": "rubryka.com"})
        assert page.status_code == 200
        hung.join(timeout=5)
    assert server.state["hits"] == 2


def test_server_restarts_on_a_fresh_port_and_stops_cleanly(site: MirrorSite) -> None:
    server = MirrorServer(site).start()
    address = server.address
    assert httpx.get(server.base_url() + "/robots.txt", headers={"Host": "rubryka.com"}).status_code == 200
    server.stop()
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://{address[0]}:{address[1]}/robots.txt", headers={"Host": "rubryka.com"}, timeout=1)
