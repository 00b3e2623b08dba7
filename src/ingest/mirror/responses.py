"""Build MirrorResponses for site pages: validators (ETag, Last-Modified), 304s, redirects, 404s."""

from __future__ import annotations

from datetime import datetime, timezone
from email.utils import format_datetime, parsedate_to_datetime

import xxhash

from ingest.mirror.protocol import MirrorRequest, MirrorResponse

HTML = "text/html; charset=UTF-8"
RSS = "application/rss+xml; charset=UTF-8"
XML = "application/xml; charset=UTF-8"
TEXT = "text/plain; charset=UTF-8"
SERVER = ("server", "nginx")


def http_date(when: datetime) -> str:
    """RFC 7231 IMF-fixdate in GMT."""
    return format_datetime(when.astimezone(timezone.utc).replace(microsecond=0), usegmt=True)


def etag_of(body: bytes) -> str:
    return f'"{xxhash.xxh64_hexdigest(body)}"'


def _not_modified(request: MirrorRequest, etag: str, last_modified: datetime | None) -> bool:
    if_none_match = request.header("if-none-match")
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in tags or etag in tags
    since = request.header("if-modified-since")
    if since is not None and last_modified is not None:
        try:
            parsed = parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=timezone.utc)
        return last_modified.replace(microsecond=0) <= parsed
    return False


def document(
    request: MirrorRequest,
    body: bytes,
    content_type: str = HTML,
    last_modified: datetime | None = None,
    extra: tuple[tuple[str, str], ...] = (),
) -> MirrorResponse:
    """A 200 with ETag and Last-Modified, or a 304 when the request's validators still match."""
    etag = etag_of(body)
    headers: list[tuple[str, str]] = [SERVER, ("etag", etag)]
    if last_modified is not None:
        headers.append(("last-modified", http_date(last_modified)))
    if _not_modified(request, etag, last_modified):
        return MirrorResponse(304, tuple(headers))
    headers.append(("content-type", content_type))
    headers.extend(extra)
    return MirrorResponse(200, tuple(headers), body)


def redirect(location: str, status: int = 301) -> MirrorResponse:
    return MirrorResponse(
        status, (SERVER, ("location", location), ("content-type", HTML)),
        f'<html><body>Moved to <a href="{location}">{location}</a></body></html>'.encode(),
    )


def not_found(what: str = "") -> MirrorResponse:
    body = (
        "<!DOCTYPE html><html><head><title>404 Not Found</title></head><body><h1>Page not found</h1>"
        f"<p>{what}</p></body></html>"
    ).encode()
    return MirrorResponse(404, (SERVER, ("content-type", HTML)), body)


def method_not_allowed() -> MirrorResponse:
    return MirrorResponse(405, (SERVER, ("allow", "GET, HEAD"), ("content-type", TEXT)), b"method not allowed\n")
