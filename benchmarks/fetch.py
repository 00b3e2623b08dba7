"""Fetch throughput on the mirror: ingest.fetch (robots, politeness bookkeeping with zero delays, guard,
caps, charset decoding, one FetchAttempt per attempt, WARC archive) against a plain httpx.AsyncClient loop
over the same URLs with the same concurrency, in the same run.

    .venv/bin/python benchmarks/fetch.py [--pages 4000] [--concurrency 16] [--rounds 2]
    .venv/bin/python benchmarks/fetch.py --pages 20000 --rounds 1   # the full size (~5 minutes here: the
                                                                    # mirror renders ~200-400 pages/s)

The machine is shared: background load moves wall-clock figures a lot, so the table also shows client CPU
per page, and rounds rotate which client goes first. Before the rounds, a warm-up touches every host's
robots.txt and the first articles, so no client pays the mirror's first-request costs alone.

A third row, for information, runs the same plain loop with one single-connection httpx client per
connection (how ingest.fetch's ClientPool lends connections, though as bare httpx transports: httpcore's
shared pool re-examines every connection twice per request). The target ratio is against the plain single-client loop, as the issue
states; the ratio against the per-connection loop shows how much of the lead that design alone explains.

The mirror (build_site(generated=N)) serves from its own process; each client runs in a fresh child process
so its peak RSS (ru_maxrss) is the fetch part alone. Targets: ratio >= 0.8, peak RSS < 500 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing as mp
import resource
import sys
import tempfile
import time
from multiprocessing.connection import Connection
from pathlib import Path
from urllib.parse import urlsplit

import httpx


def serve(generated: int, conn: Connection) -> None:
    from ingest.mirror import MirrorServer, build_site

    site = build_site(generated=generated)
    urls = [site.url_of(key) for key in site.catalog.by_key]
    with MirrorServer(site) as server:
        conn.send((server.address, urls))
        conn.recv()  # stop when the parent says so


def _cpu_ms(started_cpu: float, pages: int) -> float:
    return (time.process_time() - started_cpu) / max(1, pages) * 1000


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


async def _got(client: httpx.AsyncClient, url: str, address: str) -> int:
    """1 if a plain GET of `url` (sent to the mirror at `address` with its real Host) got a 200 with a body."""
    parts = urlsplit(url)
    wire = f"http://{address}{parts.path or '/'}" + (f"?{parts.query}" if parts.query else "")
    try:
        response = await client.get(wire, headers={"Host": parts.hostname or ""})
    except httpx.TransportError:
        return 0
    return 1 if response.status_code == 200 and response.content else 0


async def _plain(urls: list[str], address: str, concurrency: int) -> int:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    semaphore = asyncio.Semaphore(concurrency)
    ok = 0
    async with httpx.AsyncClient(limits=limits, trust_env=False) as client:
        async def one(url: str) -> None:
            nonlocal ok
            async with semaphore:
                got = await _got(client, url, address)  # not `ok += await ...`: that reads ok before awaiting
            ok += got

        await asyncio.gather(*(one(u) for u in urls))
    return ok


async def _plain_per_connection(urls: list[str], address: str, concurrency: int) -> int:
    ok = 0
    pending = iter(urls)

    async def worker() -> None:
        nonlocal ok
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        async with httpx.AsyncClient(limits=limits, trust_env=False) as client:
            for url in pending:
                got = await _got(client, url, address)
                ok += got

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return ok


def run_plain_per_connection(urls: list[str], address: str, concurrency: int, conn: Connection) -> None:
    started, cpu = time.perf_counter(), time.process_time()
    ok = asyncio.run(_plain_per_connection(urls, address, concurrency))
    conn.send((time.perf_counter() - started, ok, len(urls), _peak_rss_mb(), _cpu_ms(cpu, len(urls)), ""))


def warm_up(urls: list[str], address: str) -> None:
    """Touch each host's robots.txt and the first articles (the mirror's lazy setup), untimed."""
    hosts = sorted({urlsplit(u).hostname or "" for u in urls})
    with httpx.Client(trust_env=False, timeout=30.0) as client:
        for host in hosts:
            client.get(f"http://{address}/robots.txt", headers={"Host": host})
        for url in urls[:50]:
            parts = urlsplit(url)
            client.get(f"http://{address}{parts.path or '/'}" + (f"?{parts.query}" if parts.query else ""),
                       headers={"Host": parts.hostname or ""})


def run_plain(urls: list[str], address: str, concurrency: int, conn: Connection) -> None:
    started, cpu = time.perf_counter(), time.process_time()
    ok = asyncio.run(_plain(urls, address, concurrency))
    conn.send((time.perf_counter() - started, ok, len(urls), _peak_rss_mb(), _cpu_ms(cpu, len(urls)), ""))


def run_ours(urls: list[str], address: str, concurrency: int, conn: Connection) -> None:
    from ingest.fetch import FetchConfig, FetchRequest, WarcArchive, fetch_batch

    hosts = sorted({urlsplit(u).hostname or "" for u in urls})
    config = FetchConfig(host_map={"*": address}, min_delay_s=0.0, global_concurrency=concurrency,
                         per_host_concurrency=concurrency)
    requests = [FetchRequest("bench", u, "article", tuple(hosts)) for u in urls]
    with tempfile.TemporaryDirectory() as folder:
        started, cpu = time.perf_counter(), time.process_time()
        with WarcArchive(folder) as archive:
            batch = fetch_batch(requests, config, archive, keep_text=False)
        elapsed, cpu_ms = time.perf_counter() - started, _cpu_ms(cpu, len(urls))
        warc_mb = sum(p.stat().st_size for p in Path(folder).glob("*.warc.gz")) / 1e6
    note = f"{len(batch.attempts)} attempts, WARC {warc_mb:.0f} MB, failed {batch.counts.failed or 'none'}"
    conn.send((elapsed, batch.counts.ok, len(urls), _peak_rss_mb(), cpu_ms, note))


Result = tuple[float, int, int, float, float, str]  # seconds, ok, pages, peak RSS MB, CPU ms/page, note


def in_child(target: object, *args: object) -> Result:
    ctx = mp.get_context("spawn")
    parent, child = ctx.Pipe()
    process = ctx.Process(target=target, args=(*args, child))  # type: ignore[arg-type]
    process.start()
    child.close()
    try:
        result = parent.recv()  # EOFError if the child died without an answer
    finally:
        process.join()
    return result  # type: ignore[no-any-return]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--pages", type=int, default=4000,
                        help="generated mirror articles (default 4000 x 2 rounds keeps the run near 2 minutes)")
    parser.add_argument("--concurrency", type=int, default=16, help="requests in flight (default 16)")
    parser.add_argument("--rounds", type=int, default=2,
                        help="rounds of all clients, rotating who goes first; the best of each is shown")
    args = parser.parse_args(argv)

    ctx = mp.get_context("spawn")
    parent, child = ctx.Pipe()
    server = ctx.Process(target=serve, args=(args.pages, child), daemon=True)
    server.start()
    child.close()
    (host, port), urls = parent.recv()
    address = f"{host}:{port}"
    print(f"mirror: {len(urls)} article URLs on {address}; concurrency {args.concurrency}")
    warm_up(urls, address)
    best: dict[str, Result] = {}
    clients = [("plain httpx loop", run_plain), ("ingest.fetch", run_ours),
               ("httpx 1 conn/client", run_plain_per_connection)]
    try:
        for round_number in range(args.rounds):
            shift = round_number % len(clients)
            for name, target in clients[shift:] + clients[:shift]:  # rotate who goes first
                result = in_child(target, urls, address, args.concurrency)
                if name not in best or result[0] < best[name][0]:
                    best[name] = result
    finally:
        parent.send("stop")
        server.join(10)
    print(f"{'client':<20} {'pages':>7} {'ok':>7} {'seconds':>8} {'pages/s':>8} {'CPU ms/page':>12} "
          f"{'peak RSS MB':>12}")
    for name, (elapsed, ok, total, rss, cpu_ms, _) in best.items():
        print(f"{name:<20} {total:>7} {ok:>7} {elapsed:>8.2f} {total / elapsed:>8.0f} {cpu_ms:>12.2f} {rss:>12.0f}")
    plain, ours, per_conn = best["plain httpx loop"], best["ingest.fetch"], best["httpx 1 conn/client"]
    ratio = (ours[2] / ours[0]) / (plain[2] / plain[0])
    print(f"ratio ingest.fetch / plain = {ratio:.2f} pages/s (target >= 0.80), {plain[4] / ours[4]:.2f} by client "
          f"CPU; peak RSS {ours[3]:.0f} MB (target < 500 MB); {ours[5]}")
    print(f"for information: ingest.fetch / httpx 1 conn/client = {(ours[2] / ours[0]) / (per_conn[2] / per_conn[0]):.2f}"
          f" pages/s, {per_conn[4] / ours[4]:.2f} by client CPU")
    return 0 if ratio >= 0.8 and ours[3] < 500 and ours[1] == ours[2] else 1


if __name__ == "__main__":
    sys.exit(main())
