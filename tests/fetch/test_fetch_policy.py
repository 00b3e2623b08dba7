"""Unit tests of the pure policies: retry decision, backoff, Retry-After, robots, addresses, content kind,
charset, capped decompression, politeness arithmetic and input validation."""

from __future__ import annotations

import gzip
import random
import zlib
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import brotli
import pytest

from ingest.fetch import FetchConfig, FetchInputError, FetchRequest, classify, decode_body
from ingest.fetch.address import classify_address
from ingest.fetch.decompress import CappedDecoder, DecompressedTooLarge, UnsupportedEncoding
from ingest.fetch.errors import TerminalFetchError
from ingest.fetch.policy import (
    TERMINAL_ERROR_KINDS,
    TRANSIENT_ERROR_KINDS,
    backoff_delay,
    error_kind_for_status,
    parse_retry_after,
    should_retry,
)
from ingest.fetch.politeness import host_delay, next_slowdown
from ingest.fetch.robots import RobotsCache, RobotsRules, origin_of, rules_from_response
from ingest.fetch.target import check_url, mapped_address

UA = "ingest/0.1 (+https://example.org/contact)"


@pytest.mark.parametrize(("status", "kind"), [
    (200, None), (304, None), (403, "blocked"), (404, "not_found"), (410, "not_found"), (408, "http_408"),
    (429, "rate_limited"), (500, "http_5xx"), (503, "http_5xx"), (599, "http_5xx"), (400, "http_4xx"),
    (451, "http_4xx")])
def test_error_kind_for_status(status: int, kind: str | None) -> None:
    assert error_kind_for_status(status) == kind


def test_retry_only_transient_http_and_network_errors_while_attempts_remain() -> None:
    for kind in ("timeout", "connect", "truncated", "http_408", "rate_limited", "http_5xx"):
        assert should_retry(kind, 1, 3) and should_retry(kind, 2, 3) and not should_retry(kind, 3, 3)
    for kind in ("http_4xx", "not_found", "blocked", "too_large", "address_blocked", "robots_disallowed", None):
        assert not should_retry(kind, 1, 3)
    assert not TRANSIENT_ERROR_KINDS & TERMINAL_ERROR_KINDS


def test_backoff_grows_exponentially_with_jitter_and_cap() -> None:
    rng = random.Random(1)
    for attempt in range(1, 8):
        ceiling = min(10.0, 0.5 * 2 ** (attempt - 1))
        delays = [backoff_delay(attempt, 0.5, 10.0, rng) for _ in range(200)]
        assert all(ceiling / 2 <= d <= ceiling for d in delays)
        assert max(delays) - min(delays) > ceiling / 10  # jittered, not constant
    with pytest.raises(ValueError):
        backoff_delay(0, 1.0, 10.0, rng)


def test_retry_after_seconds_and_http_date() -> None:
    now = datetime(2024, 5, 28, 10, 0, 0, tzinfo=timezone.utc)
    assert parse_retry_after("120", now) == 120.0
    assert parse_retry_after(" 0 ", now) == 0.0
    assert parse_retry_after(format_datetime(now + timedelta(seconds=90), usegmt=True), now) == 90.0
    assert parse_retry_after("Tue, 28 May 2024 09:00:00 GMT", now) == 0.0  # past date
    for bad in (None, "", "soon", "-5", "1.5e3"):
        assert parse_retry_after(bad, now) is None


def test_robots_rules_disallow_allow_and_crawl_delay() -> None:
    rules = rules_from_response(200, "User-agent: ingest\nDisallow: /private/\nCrawl-delay: 3\n\n"
                                     "User-agent: *\nDisallow: /\n")
    assert rules.allows(UA, "https://x.test/news/1") and not rules.allows(UA, "https://x.test/private/a")
    assert rules.crawl_delay(UA) == 3.0
    assert not rules.allows("OtherBot/1.0", "https://x.test/news/1")
    assert rules_from_response(200, "User-agent: *\nCrawl-delay: 0.5\n").crawl_delay(UA) == 0.5
    assert rules_from_response(200, "User-agent: other\nCrawl-delay: 9\n").crawl_delay(UA) is None
    assert rules_from_response(200, "User-agent: *\nCrawl-delay: 7\nUser-agent: ingest\nCrawl-delay: 2\n"
                               ).crawl_delay(UA) == 2.0
    assert rules_from_response(404, "").allows(UA, "https://x.test/a")
    assert rules_from_response(403, "").allows(UA, "https://x.test/a")
    assert not rules_from_response(503, "").allows(UA, "https://x.test/a")
    assert not rules_from_response(None, "").allows(UA, "https://x.test/a")


def test_robots_cache_expires() -> None:
    cache = RobotsCache(ttl_s=10, retry_unavailable_s=2)
    cache.put("https://a.test", RobotsRules("allow_all"), now=100.0)
    cache.put("https://b.test", RobotsRules("disallow_all"), now=100.0)
    assert cache.get("https://a.test", now=109.0) is not None and cache.get("https://a.test", now=110.0) is None
    assert cache.get("https://b.test", now=101.0) is not None and cache.get("https://b.test", now=102.5) is None
    assert origin_of("HTTPS://WWW.X.Test:443/a?b") == "https://www.x.test"
    assert origin_of("http://x.test:8080/") == "http://x.test:8080"


@pytest.mark.parametrize(("address", "kind"), [
    ("127.0.0.2", "loopback"), ("::1", "loopback"), ("10.1.2.3", "private"), ("192.168.1.1", "private"),
    ("172.16.0.1", "private"), ("169.254.169.254", "metadata"), ("169.254.1.1", "link_local"),
    ("fe80::1", "link_local"), ("::ffff:127.0.0.1", "loopback"), ("0.0.0.0", "unspecified"),
    ("100.64.0.1", "shared"), ("224.0.0.1", "multicast"), ("fd00:ec2::254", "metadata"),
    ("8.8.8.8", "public"), ("2a00:1450:4001::1", "public")])
def test_address_classification(address: str, kind: str) -> None:
    assert classify_address(address) == kind


def test_url_guard_without_dns() -> None:
    allowed = {"a.test": True}
    assert check_url("https://a.test/x", allowed) == ("https", "a.test", 443)
    for url, kind in (("ftp://a.test/x", "scheme_not_allowed"), ("file:///etc/passwd", "scheme_not_allowed"),
                      ("http://b.test/x", "host_not_allowed"), ("http://127.0.0.2/", "address_blocked"),
                      ("http://169.254.169.254/latest", "address_blocked"), ("http://[::1]:80/", "address_blocked")):
        with pytest.raises(TerminalFetchError) as caught:
            check_url(url, allowed)
        assert caught.value.kind == kind
    assert mapped_address("a.test", {"*": "127.0.0.1:1"}) == "127.0.0.1:1"
    assert mapped_address("127.0.0.2", {"*": "127.0.0.1:1"}) is None  # IP literals are never mapped


@pytest.mark.parametrize(("content_type", "url", "head", "kind"), [
    ("text/html; charset=utf-8", "https://a/x", b"<html>", "html"),
    ("application/xhtml+xml", "https://a/x", b"<html>", "html"),
    ("application/rss+xml", "https://a/feed", b"<rss>", "feed"),
    ("application/atom+xml", "https://a/feed", b"<feed>", "feed"),
    ("text/xml", "https://a/feed/", b'<?xml version="1.0"?><rss version="2.0">', "feed"),
    ("application/xml", "https://a/sitemap.xml", b'<?xml version="1.0"?><urlset>', "sitemap"),
    ("application/xml", "https://a/sitemap_index.xml", b"<sitemapindex xmlns='x'>", "sitemap"),
    ("application/x-gzip", "https://a/sitemap.xml.gz", gzip.compress(b"<?xml version='1.0'?><urlset>"), "sitemap"),
    ("", "https://a/x", b"<!DOCTYPE html><html>", "html"),
    ("application/pdf", "https://a/x.pdf", b"%PDF-1.4", "other"),
    ("image/jpeg", "https://a/x.jpg", b"\xff\xd8", "other"),
    ("application/json", "https://a/x", b"{}", "other")])
def test_classify(content_type: str, url: str, head: bytes, kind: str) -> None:
    assert classify(content_type, url, head) == kind


def test_charset_order_and_detection() -> None:
    text = "Україна підписала угоду про безпеку з Італією. " * 8
    assert decode_body(b"\xef\xbb\xbf" + text.encode("utf-8"), "text/html; charset=windows-1251").text == text
    assert decode_body(text.encode("cp1251"), "text/html; charset=windows-1251").source == "header"
    meta = f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=koi8-u"></head>{text}'
    decoded = decode_body(meta.encode("koi8-u"), "text/html")
    assert (decoded.source, decoded.text) == ("meta", meta)
    xml = f'<?xml version="1.0" encoding="windows-1251"?><rss>{text}</rss>'
    assert decode_body(xml.encode("cp1251"), "application/rss+xml").text == xml
    assert decode_body(text.encode("cp1251"), None).text == text
    assert decode_body(text.encode("koi8-u"), "text/html").text == text
    misdeclared = decode_body(text.encode("cp1251"), "text/html; charset=utf-8")
    assert misdeclared.text == text and misdeclared.source == "detected"
    assert decode_body(b"ok \xff\xfe", "text/html; charset=utf-8").had_errors
    assert decode_body(b"plain", "text/html; charset=no-such-charset").text == "plain"


def test_capped_decoder_stops_bombs_and_decodes_normal_bodies() -> None:
    payload = b"<p>hello</p>" * 1000
    for coding, data in (("gzip", gzip.compress(payload)), ("br", brotli.compress(payload)),
                         ("deflate", zlib.compress(payload)), ("deflate", zlib.compress(payload)[2:-4]),
                         ("", payload)):
        decoder = CappedDecoder(coding, len(payload))
        chunks = [decoder.feed(data[i:i + 1000]) for i in range(0, len(data), 1000)]
        assert b"".join(chunks) + decoder.finish() == payload
    bomb = gzip.compress(b"\0" * (50 * 1024 * 1024))
    decoder = CappedDecoder("gzip", 1024 * 1024)
    with pytest.raises(DecompressedTooLarge):
        decoder.feed(bomb)
    with pytest.raises(DecompressedTooLarge):
        CappedDecoder("br", 1024 * 1024).feed(brotli.compress(b"\0" * (50 * 1024 * 1024)))
    with pytest.raises(UnsupportedEncoding):
        CappedDecoder("zstd", 10)


def test_politeness_arithmetic() -> None:
    assert next_slowdown(1.0, 429, 16) == 2.0 and next_slowdown(8.0, 503, 16) == 16.0
    assert next_slowdown(16.0, 429, 16) == 16.0
    assert next_slowdown(4.0, 200, 16) == 3.0 and next_slowdown(1.0, 200, 16) == 1.0
    assert next_slowdown(4.0, None, 16) == 4.0
    assert host_delay(0.5, None, 1.0, 1.0) == 0.5
    assert host_delay(0.5, 3.0, 1.0, 1.0) == 3.0
    assert host_delay(0.0, None, 2.0, 1.0) == 2.0  # a host slowed down gets at least the floor
    assert host_delay(0.0, None, 1.0, 1.0) == 0.0


def test_bad_input_is_named() -> None:
    with pytest.raises(FetchInputError, match="url"):
        FetchRequest("s", "ftp://a.test/x")
    with pytest.raises(FetchInputError, match="url"):
        FetchRequest("s", "/relative")
    with pytest.raises(FetchInputError, match="purpose"):
        FetchRequest("s", "https://a.test/", "robots")  # type: ignore[arg-type]
    with pytest.raises(FetchInputError, match="allowed_hosts"):
        FetchRequest("s", "https://a.test/", "article", "a.test")  # type: ignore[arg-type]
    with pytest.raises(FetchInputError, match="global_concurrency"):
        FetchConfig(global_concurrency=0)
    with pytest.raises(FetchInputError, match="host_map"):
        FetchConfig(host_map={"a.test": "127.0.0.1"})
    with pytest.raises(FetchInputError, match="total_timeout_s"):
        FetchConfig(total_timeout_s=0)
    assert FetchConfig(host_map={"A.Test": "[::1]:80"}).host_map == {"a.test": "[::1]:80"}
