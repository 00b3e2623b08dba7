"""Mirror speed: build time for 20,000 generated articles, manifest time, and HTTP throughput.

Baseline (measured in the same run): the stdlib ThreadingHTTPServer (HTTP/1.1, keep-alive) serving the same
article bytes from a pre-rendered dict. The load generator is a raw asyncio HTTP/1.1 keep-alive client with
C concurrent connections, run in a separate process, so client overhead is the same for both servers.

    .venv/bin/python benchmarks/mirror.py [--generated 20000] [--requests 6000] [--connections 8]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import resource
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from ingest.mirror import MirrorRequest, MirrorServer, MirrorSite, build_site, load_manifest


async def _load(address: tuple[str, int], requests: list[tuple[str, str]], connections: int) -> tuple[float, int]:
    """Fetch every (host, target) over `connections` keep-alive connections; returns (seconds, bytes)."""
    queue: asyncio.Queue[tuple[str, str]] = asyncio.Queue()
    for item in requests:
        queue.put_nowait(item)
    total = 0

    async def worker() -> None:
        nonlocal total
        reader, writer = await asyncio.open_connection(*address)
        while not queue.empty():
            host, target = queue.get_nowait()
            writer.write(f"GET {target} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: bench\r\n\r\n".encode())
            head = await reader.readuntil(b"\r\n\r\n")
            if not head.startswith(b"HTTP/1.1 200") and not head.startswith(b"HTTP/1.0 200"):
                raise RuntimeError(f"{host}{target}: {head[:40]!r}")
            length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n")
                          if line.lower().startswith(b"content-length:"))
            body = await reader.readexactly(length)
            total += len(body)
        writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(connections)))
    return time.perf_counter() - started, total


def _load_in_process(address: tuple[str, int], requests: list[tuple[str, str]], connections: int) -> tuple[float, int]:
    """Run the load generator in a separate process so it does not share the server's GIL."""
    with multiprocessing.get_context("fork").Pool(1) as pool:
        return pool.apply(_run_load, (address, requests, connections))


def _run_load(address: tuple[str, int], requests: list[tuple[str, str]], connections: int) -> tuple[float, int]:
    return asyncio.run(_load(address, requests, connections))


def _baseline_server(pages: dict[tuple[str, str], bytes] | None, site: MirrorSite) -> ThreadingHTTPServer:
    """pages=None: render through site.respond per request (same work as the mirror); else serve the bytes."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body are two writes; avoid the delayed-ACK stall

        def do_GET(self) -> None:  # noqa: N802
            if pages is None:
                answer = site.respond(MirrorRequest("GET", self.headers["Host"], self.path, ()))
                assert isinstance(answer.body, bytes)
                body = answer.body
            else:
                body = pages[(self.headers["Host"], self.path)]
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=UTF-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--generated", type=int, default=20000)
    parser.add_argument("--requests", type=int, default=6000)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    site = build_site(generated=args.generated)
    build_s = time.perf_counter() - started
    rss_build = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    manifest = load_manifest(site)
    manifest_s = time.perf_counter() - started

    pages = manifest.pages
    step = max(1, len(pages) // args.requests)
    wanted = [(urlsplit(p.url).netloc, urlsplit(p.url).path) for p in pages[::step]][: args.requests]
    rendered = {}
    for host, target in wanted:
        body = site.respond(MirrorRequest("GET", host, target, ())).body
        assert isinstance(body, bytes)
        rendered[(host, target)] = body

    with MirrorServer(site) as mirror:
        mirror_s, mirror_bytes = _load_in_process(mirror.address, wanted, args.connections)
    results = {}
    for name, pages_or_none in (("rendering", None), ("static", rendered)):
        baseline = _baseline_server(pages_or_none, build_site(generated=args.generated))
        try:
            results[name] = _load_in_process(baseline.server_address[:2], wanted, args.connections)  # type: ignore[arg-type]
        finally:
            baseline.shutdown()
        assert results[name][1] == mirror_bytes
    n = len(wanted)
    print(f"mirror benchmark: {len(pages)} article pages ({args.generated} generated), {n} GETs, "
          f"{args.connections} keep-alive connections")
    print(f"{'measure':62} {'value':>12} {'baseline':>12} {'ratio':>7}")
    print(f"{'build_site(generated) seconds':62} {build_s:12.2f} {'-':>12} {'-':>7}")
    print(f"{'build_site peak RSS growth MiB':62} {(rss_build - rss_before) / 1024:12.1f} {'-':>12} {'-':>7}")
    print(f"{'load_manifest seconds':62} {manifest_s:12.2f} {'-':>12} {'-':>7}")
    for name, label in (("rendering", "renders per request"), ("static", "pre-rendered bytes")):
        base_s = results[name][0]
        print(f"{'article GETs/s vs ThreadingHTTPServer, ' + label:62} {n / mirror_s:12.0f} {n / base_s:12.0f} "
              f"{base_s / mirror_s:7.2f}")
    print(f"{'MiB/s served by the mirror':62} {mirror_bytes / mirror_s / 2**20:12.1f} {'-':>12} {'-':>7}")


if __name__ == "__main__":
    main()
