"""Fault endpoints served by the mirror on host "faults.test": each path reproduces one way real sites
misbehave, so the fetcher's handling of it can be tested over real sockets.

Endpoints that fail "then" recover count requests per path+query in the server's `state`; a query
parameter `fail=N` sets how many requests fail first (default 1). Paths (all GET):

/robots.txt                 disallows /private/ for every agent
/ok/<anything>              a small UTF-8 article page (ETag, Last-Modified; 304 on a matching If-None-Match)
/flaky-500                  500 `fail` times, then 200
/rate-limited               429 with Retry-After in seconds (`after`, default 1) `fail` times, then 200
/rate-limited-date          503 with Retry-After as an HTTP date (`after` s ahead) `fail` times, then 200
/hang                       never answers; /hang-once hangs `fail` times, then 200
/trickle                    200 whose body arrives one small chunk every `every` s (default 0.2) for `chunks`
/short-body                 Content-Length larger than the body, connection closed (`fail` times, then 200)
/gzipped, /brotli           a normal page sent with Content-Encoding gzip / br
/gzip-bomb, /brotli-bomb    a small compressed body that expands to 64 MiB of spaces
/huge                       a 20 MB HTML page with Content-Length; /huge-chunked the same without it
/redirect-loop              /redirect-loop -> /redirect-loop-b -> /redirect-loop
/redirect-chain?n=N         N redirects, then a page
/redirect-to?host=H         302 to http://H/ok/moved (another host, 127.0.0.2, 169.254.169.254, ...)
/redirect-to?url=U          302 to U (e.g. a mirrored article on another host)
/pdf                        application/pdf
/invalid-utf8               declared UTF-8, with invalid byte sequences
/cp1251, /koi8u             Ukrainian pages in windows-1251 / koi8-u with no declared charset
/empty                      200 with an empty body
/browser-only               403 unless the User-Agent looks like a browser ("Mozilla/")
/feed.rss, /sitemap.xml, /sitemap.xml.gz    discovery documents
"""

from __future__ import annotations

import asyncio
import gzip
from collections.abc import AsyncIterator
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from functools import lru_cache
from urllib.parse import parse_qs, urlsplit

import brotli  # type: ignore[import-untyped]

from ingest.mirror.protocol import MirrorRequest, MirrorResponse

HOST = "faults.test"
HTML = "text/html; charset=utf-8"
HUGE_BYTES = 20 * 1024 * 1024
BOMB_BYTES = 64 * 1024 * 1024
LAST_MODIFIED = "Tue, 28 May 2024 07:36:00 GMT"
UKRAINIAN_TEXT = (
    "Президент України Володимир Зеленський і прем'єр-міністр Італії Джорджа Мелоні підписали угоду про "
    "співробітництво у сфері безпеки між Україною та Італією. Угода укладена відповідно до Спільної декларації "
    "на підтримку України, яку країни Групи семи ухвалили у Вільнюсі. Документ передбачає підтримку "
    "оборонних спроможностей, відбудову, гуманітарне розмінування та кібербезпеку. Це вже "
    "одинадцята двостороння безпекова угода, яку підписала Україна."
)


def _html(title: str, body: str) -> str:
    return (f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title></head>"
            f"<body><article><h1>{title}</h1><p>{body}</p></article></body></html>")


def page(title: str, extra_headers: tuple[tuple[str, str], ...] = ()) -> MirrorResponse:
    body = _html(title, f"This is the page {title} on the faults test host.").encode("utf-8")
    return MirrorResponse(200, (("Content-Type", HTML),) + extra_headers, body)


def _count(state: dict[str, object], request: MirrorRequest) -> int:
    """How many times this path+query has been requested, including this request."""
    key = f"faults:{request.target}"
    seen = state.get(key, 0)
    number = (seen if isinstance(seen, int) else 0) + 1
    state[key] = number
    return number


def _param(query: dict[str, list[str]], name: str, default: float) -> float:
    values = query.get(name)
    try:
        return float(values[0]) if values else default
    except ValueError:
        return default


@lru_cache(maxsize=1)
def gzip_bomb() -> bytes:
    return gzip.compress(b" " * BOMB_BYTES, compresslevel=9)


@lru_cache(maxsize=1)
def brotli_bomb() -> bytes:
    return bytes(brotli.compress(b" " * BOMB_BYTES, quality=5))


async def _trickle(chunks: int, every: float) -> AsyncIterator[bytes]:
    yield b"<!DOCTYPE html><html><head><meta charset=utf-8><title>trickle</title></head><body>"
    for number in range(chunks):
        await asyncio.sleep(every)
        yield f"<p>{number}</p>".encode()
    yield b"</body></html>"


async def _huge(total: int) -> AsyncIterator[bytes]:
    head = b"<!DOCTYPE html><html><head><meta charset=utf-8><title>huge</title></head><body><p>"
    tail = b"</p></body></html>"
    yield head
    remaining = total - len(head) - len(tail)
    block = b"x" * 65536
    while remaining > 0:
        step = min(remaining, len(block))
        yield block[:step]
        remaining -= step
    yield tail


def _redirect(location: str, status: int = 302) -> MirrorResponse:
    return MirrorResponse(status, (("Location", location), ("Content-Type", HTML)), b"")


def _discovery(path: str) -> MirrorResponse | None:
    if path == "/feed.rss":
        items = "".join(f"<item><title>Item {n}</title><link>http://{HOST}/ok/item-{n}</link></item>"
                        for n in range(3))
        body = (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>faults</title>'
                f"{items}</channel></rss>").encode()
        return MirrorResponse(200, (("Content-Type", "application/rss+xml; charset=utf-8"),), body)
    if path in ("/sitemap.xml", "/sitemap.xml.gz"):
        urls = "".join(f"<url><loc>http://{HOST}/ok/s-{n}</loc></url>" for n in range(3))
        xml = (f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
               f"{urls}</urlset>").encode()
        if path.endswith(".gz"):
            return MirrorResponse(200, (("Content-Type", "application/x-gzip"),), gzip.compress(xml, mtime=0))
        return MirrorResponse(200, (("Content-Type", "application/xml"),), xml)
    return None


async def handle(request: MirrorRequest, state: dict[str, object]) -> MirrorResponse:
    parts = urlsplit(request.target)
    path, query = parts.path, parse_qs(parts.query)
    fail = int(_param(query, "fail", 1))

    if path == "/robots.txt":
        return MirrorResponse(200, (("Content-Type", "text/plain"),), b"User-agent: *\nDisallow: /private/\n")
    if path.startswith("/ok/") or path.startswith("/private/"):
        etag = f'"{abs(hash(path)) % 10**8:x}-v1"'
        if request.header("if-none-match") == etag:
            return MirrorResponse(304, (("ETag", etag),), b"")
        return page(path, (("ETag", etag), ("Last-Modified", LAST_MODIFIED)))
    discovery = _discovery(path)
    if discovery is not None:
        return discovery
    if path == "/flaky-500":
        if _count(state, request) <= fail:
            return MirrorResponse(500, (("Content-Type", HTML),), b"<html><body>Internal error</body></html>")
        return page("recovered after 500")
    if path in ("/rate-limited", "/rate-limited-date"):
        after = _param(query, "after", 1)
        if _count(state, request) <= fail:
            if path == "/rate-limited":
                return MirrorResponse(429, (("Retry-After", str(int(after))),), b"slow down")
            when = datetime.now(timezone.utc) + timedelta(seconds=after)
            return MirrorResponse(503, (("Retry-After", format_datetime(when, usegmt=True)),), b"busy")
        return page("served after Retry-After")
    if path == "/hang" or (path == "/hang-once" and _count(state, request) <= fail):
        await asyncio.sleep(3600)
    if path == "/hang-once":
        return page("answered after a hang")
    if path == "/trickle":
        chunks, every = int(_param(query, "chunks", 100)), _param(query, "every", 0.2)
        return MirrorResponse(200, (("Content-Type", HTML),), _trickle(chunks, every))
    if path == "/short-body":
        if _count(state, request) <= fail:
            return MirrorResponse(200, (("Content-Type", HTML), ("Content-Length", "5000")),
                                  b"<html><body><p>cut", close_after=True)
        return page("complete body")
    if path in ("/gzipped", "/brotli"):
        plain = _html(f"compressed page {path}", "This page travels compressed. " * 50).encode("utf-8")
        if path == "/gzipped":
            return MirrorResponse(200, (("Content-Type", HTML), ("Content-Encoding", "gzip")),
                                  gzip.compress(plain, mtime=0))
        return MirrorResponse(200, (("Content-Type", HTML), ("Content-Encoding", "br")), brotli.compress(plain))
    if path == "/gzip-bomb":
        return MirrorResponse(200, (("Content-Type", HTML), ("Content-Encoding", "gzip")), gzip_bomb())
    if path == "/brotli-bomb":
        return MirrorResponse(200, (("Content-Type", HTML), ("Content-Encoding", "br")), brotli_bomb())
    if path == "/huge":
        return MirrorResponse(200, (("Content-Type", HTML), ("Content-Length", str(HUGE_BYTES))), _huge(HUGE_BYTES))
    if path == "/huge-chunked":
        return MirrorResponse(200, (("Content-Type", HTML),), _huge(HUGE_BYTES))
    if path == "/redirect-loop":
        return _redirect("/redirect-loop-b")
    if path == "/redirect-loop-b":
        return _redirect(f"http://{HOST}/redirect-loop", 301)
    if path == "/redirect-chain":
        left = int(_param(query, "n", 3))
        return _redirect(f"/redirect-chain?n={left - 1}") if left > 0 else page("end of chain")
    if path == "/redirect-to":
        if "url" in query:
            return _redirect(query["url"][0])
        host = query.get("host", ["other.test"])[0]
        return _redirect(f"http://{host}/ok/moved")
    if path == "/pdf":
        return MirrorResponse(200, (("Content-Type", "application/pdf"),), b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    if path == "/invalid-utf8":
        body = _html("invalid utf-8", "valid start \xff\xfe broken").encode("utf-8").replace(
            "\xff\xfe".encode("utf-8"), b"\xff\xfe\xc3\x28")
        return MirrorResponse(200, (("Content-Type", HTML),), body)
    if path in ("/cp1251", "/koi8u"):
        codec = "windows-1251" if path == "/cp1251" else "koi8-u"
        text = ("<!DOCTYPE html><html lang=\"uk\"><head><title>Безпекова угода з Італією</title></head><body>"
                f"<article><h1>Безпекова угода з Італією</h1><p>{UKRAINIAN_TEXT}</p></article></body></html>")
        return MirrorResponse(200, (("Content-Type", "text/html"),), text.encode(codec))
    if path == "/empty":
        return MirrorResponse(200, (("Content-Type", HTML),), b"")
    if path == "/browser-only":
        if "mozilla/" not in (request.header("user-agent") or "").lower():
            return MirrorResponse(403, (("Content-Type", HTML),), b"<html><body>Access denied</body></html>")
        return page("served to a browser")
    return MirrorResponse(404, (("Content-Type", HTML),), b"<html><body>Not found</body></html>")
