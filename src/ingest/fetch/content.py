"""Content kind of a response: html goes to extraction, feed and sitemap to discovery, other is skipped."""

from __future__ import annotations

import re
import zlib
from typing import Literal

ContentKind = Literal["html", "feed", "sitemap", "other"]

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json"})
_XML_TYPES = frozenset({"application/xml", "text/xml"})
_GZIP_TYPES = frozenset({"application/gzip", "application/x-gzip", "application/octet-stream"})
_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(rss|feed|RDF|urlset|sitemapindex|html)\b")
GZIP_MAGIC = b"\x1f\x8b"


def media_type(content_type_header: str | None) -> str:
    """'Text/HTML; charset=UTF-8' -> 'text/html'; '' when absent."""
    if not content_type_header:
        return ""
    return content_type_header.split(";", 1)[0].strip().lower()


def _root_kind(head: bytes) -> ContentKind | None:
    match = _ROOT.search(head[:4096])
    if not match:
        return None
    root = match.group(1)
    if root in (b"rss", b"feed", b"RDF"):
        return "feed"
    if root in (b"urlset", b"sitemapindex"):
        return "sitemap"
    return "html"


def _gunzip_head(head: bytes) -> bytes:
    """The first decompressed bytes of a (possibly truncated) gzip stream; b'' if it is not gzip."""
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 8192)
    except zlib.error:
        return b""


def classify(content_type: str, url: str, head_bytes: bytes) -> ContentKind:
    """Classify by media type, then by the document root element; `head_bytes` is the start of the body
    (gzip-compressed sitemaps are looked into). Pure; `content_type` may carry parameters."""
    media = media_type(content_type)
    head = head_bytes[:8192]
    if head.startswith(GZIP_MAGIC):
        head = _gunzip_head(head)
    if media in _HTML_TYPES:
        return "html"
    root = _root_kind(head) if head else None
    if media in _FEED_TYPES:
        return "sitemap" if root == "sitemap" else "feed"
    if media in _XML_TYPES or media in _GZIP_TYPES or media.endswith("+xml") or media in ("", "text/plain"):
        if root is not None:
            return root
        path = url.split("?", 1)[0].lower()
        if media in _XML_TYPES and "sitemap" in path:
            return "sitemap"
        return "other"
    return "other"
