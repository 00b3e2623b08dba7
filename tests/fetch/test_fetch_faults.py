"""One test per fault endpoint, over real loopback sockets: the run completes, the fault is recorded with its
kind, nothing else in the batch is lost, and a transient fault is fetched by a later call once it clears."""

from __future__ import annotations

import time
from dataclasses import replace

from fetch_testserver import LoopbackServer

from ingest.fetch import FetchBatch, FetchConfig, FetchRequest, fetch_batch, is_transient
from ingest.mirror.faults import UKRAINIAN_TEXT

NEIGHBOUR = "http://faults.test/ok/neighbour"


def req(path: str, *allowed: str, **kwargs: str) -> FetchRequest:
    return FetchRequest("faults", f"http://faults.test{path}", "article", ("faults.test", *allowed), **kwargs)


def run(config: FetchConfig, *requests: FetchRequest) -> FetchBatch:
    """Fetch the requests plus a healthy neighbour page, and check the neighbour came through."""
    batch = fetch_batch([*requests, FetchRequest("faults", NEIGHBOUR, "article", ("faults.test",))], config)
    assert [p.url for p in batch.pages].count(NEIGHBOUR) == 1, "a healthy page in the same batch was lost"
    assert len(batch.outcomes) == len(requests) + 1
    return batch


def kinds(batch: FetchBatch, path: str) -> list[str | None]:
    """Error kinds of the attempts at http://faults.test<path>, in order."""
    return [a.error_kind for a in batch.attempts if a.url == f"http://faults.test{path}"]


def test_500_then_200_retried_within_the_run(server: LoopbackServer, config: FetchConfig) -> None:
    batch = run(config, req("/flaky-500?fail=2"))
    assert kinds(batch, "/flaky-500?fail=2") == ["http_5xx", "http_5xx", None]
    assert batch.outcomes[0].page is not None and "recovered" in batch.outcomes[0].page.text


def test_500_left_pending_then_fetched_by_a_later_call(server: LoopbackServer, config: FetchConfig) -> None:
    single = replace(config, max_attempts=1)
    first = run(single, req("/flaky-500?fail=1"))
    outcome = first.outcomes[0]
    assert outcome.page is None and outcome.error_kind == "http_5xx" and outcome.transient
    assert first.attempts[-2].status == 500 or any(a.status == 500 for a in first.attempts)
    assert first.counts.failed == {"http_5xx": 1}
    second = fetch_batch([req("/flaky-500?fail=1")], single)
    assert second.outcomes[0].page is not None and second.outcomes[0].page.status == 200


def test_429_retry_after_seconds_is_waited(server: LoopbackServer, config: FetchConfig) -> None:
    batch = run(config, req("/rate-limited?after=1"))
    assert kinds(batch, "/rate-limited?after=1") == ["rate_limited", None]
    times = [t for t, r in zip(server.times, server.requests) if r.target.startswith("/rate-limited")]
    assert times[1] - times[0] >= 0.95


def test_503_retry_after_http_date_is_waited(server: LoopbackServer, config: FetchConfig) -> None:
    batch = run(config, req("/rate-limited-date?after=2"))
    assert kinds(batch, "/rate-limited-date?after=2") == ["http_5xx", None]
    times = [t for t, r in zip(server.times, server.requests) if r.target.startswith("/rate-limited-date")]
    assert times[1] - times[0] >= 1.0  # an HTTP date has whole seconds: 2 s ahead is at least 1 s ahead


def test_retry_after_beyond_the_cap_is_left_for_a_later_run(server: LoopbackServer, config: FetchConfig) -> None:
    """The host asked for 10 minutes: neither the URL nor the host's other URLs are waited for or sent."""
    started = time.monotonic()
    cfg = replace(config, per_host_concurrency=1)
    others = [req("/ok/after-1"), req("/ok/after-2")]
    elsewhere = FetchRequest("faults", "http://alt.test/ok/elsewhere", "article")
    batch = fetch_batch([req("/rate-limited?after=600"), *others, elsewhere], cfg)
    assert time.monotonic() - started < 5
    limited, *rest = batch.outcomes
    assert kinds(batch, "/rate-limited?after=600") == ["rate_limited"]
    assert limited.transient and "later run" in (limited.error_detail or "")
    assert [o.error_kind for o in rest] == ["rate_limited", "rate_limited", None]
    assert all(o.transient and o.attempts == 1 for o in rest[:2])
    assert not {"/ok/after-1", "/ok/after-2"} & set(server.paths())


def test_hanging_response_times_out_and_later_call_gets_it(server: LoopbackServer, config: FetchConfig) -> None:
    cfg = replace(config, max_attempts=2)
    batch = run(cfg, req("/hang"), req("/hang-once?fail=1"))
    assert kinds(batch, "/hang") == ["timeout", "timeout"]
    assert kinds(batch, "/hang-once?fail=1") == ["timeout", None]  # the fault cleared: the retry got the page
    assert batch.outcomes[0].transient


def test_slow_trickle_hits_the_total_timeout(server: LoopbackServer, config: FetchConfig) -> None:
    started = time.monotonic()
    batch = run(replace(config, max_attempts=1), req("/trickle?chunks=100&every=0.2"))
    assert time.monotonic() - started < 6
    assert kinds(batch, "/trickle?chunks=100&every=0.2") == ["timeout"]
    assert "total" in (batch.outcomes[0].error_detail or "")


def test_body_shorter_than_content_length(server: LoopbackServer, config: FetchConfig) -> None:
    first = run(replace(config, max_attempts=1), req("/short-body?fail=1"))
    assert first.outcomes[0].error_kind == "truncated" and first.outcomes[0].transient
    second = fetch_batch([req("/short-body?fail=1")], config)
    assert second.outcomes[0].page is not None and "complete body" in second.outcomes[0].page.text


def test_gzip_and_brotli_bombs_stop_at_the_cap(server: LoopbackServer, config: FetchConfig) -> None:
    batch = run(config, req("/gzip-bomb"), req("/brotli-bomb"))
    for outcome in batch.outcomes[:2]:
        assert outcome.error_kind == "decompression_bomb" and not outcome.transient
        assert outcome.attempts == 1


def test_20mb_page_is_aborted_past_the_byte_cap(server: LoopbackServer, config: FetchConfig) -> None:
    batch = run(config, req("/huge"), req("/huge-chunked"))
    assert [o.error_kind for o in batch.outcomes[:2]] == ["too_large", "too_large"]
    assert all(o.attempts == 1 for o in batch.outcomes[:2])
    chunked = [a for a in batch.attempts if a.url.endswith("/huge-chunked")]
    assert chunked[0].status == 200


def test_redirect_loop_and_too_many_redirects(server: LoopbackServer, config: FetchConfig) -> None:
    batch = run(config, req("/redirect-loop"), req("/redirect-chain?n=9"), req("/redirect-chain?n=3"))
    assert [o.error_kind for o in batch.outcomes[:3]] == ["redirect_loop", "too_many_redirects", None]
    assert batch.outcomes[2].page is not None
    assert batch.outcomes[2].page.final_url == "http://faults.test/redirect-chain?n=0"


def test_redirect_to_another_host_only_when_allowed(server: LoopbackServer, config: FetchConfig) -> None:
    batch = run(config, req("/redirect-to?host=other.test"), req("/redirect-to?host=alt.test", "alt.test"))
    assert batch.outcomes[0].error_kind == "host_not_allowed"
    moved = batch.outcomes[1].page
    assert moved is not None and moved.url == "http://faults.test/redirect-to?host=alt.test"
    assert moved.final_url == "http://alt.test/ok/moved"
    assert "other.test" not in {r.host for r in server.requests}


def test_redirects_to_loopback_and_metadata_refused_even_with_catch_all_map(
        server: LoopbackServer, config: FetchConfig) -> None:
    catch_all = replace(config, host_map={"*": server.address})
    batch = run(catch_all, req("/redirect-to?host=127.0.0.2", "127.0.0.2"),
                req("/redirect-to?host=169.254.169.254", "169.254.169.254"),
                req("/redirect-to?host=[::1]:8080", "::1"))
    assert [o.error_kind for o in batch.outcomes[:3]] == ["address_blocked"] * 3
    assert "metadata" in (batch.outcomes[1].error_detail or "")


def test_request_off_the_allowed_hosts_is_refused(server: LoopbackServer, config: FetchConfig) -> None:
    batch = run(config, FetchRequest("faults", "http://other.test/ok/x", "article", ("faults.test",)))
    assert batch.outcomes[0].error_kind == "host_not_allowed"
    assert "other.test" not in {r.host for r in server.requests}


def test_unmapped_host_resolving_to_loopback_is_refused(server: LoopbackServer, config: FetchConfig) -> None:
    request = FetchRequest("faults", f"http://localhost:{server.port}/ok/x", "article")
    batch = fetch_batch([request], replace(config, host_map={}))
    assert batch.outcomes[0].error_kind == "address_blocked"
    assert server.requests == []


def test_pdf_is_recorded_and_skipped(server: LoopbackServer, config: FetchConfig) -> None:
    batch = run(config, req("/pdf"))
    assert batch.outcomes[0].error_kind == "unsupported_type" and batch.outcomes[0].kind == "other"
    assert batch.counts.skipped == 1 and batch.counts.ok == 1
    assert kinds(batch, "/pdf") == ["unsupported_type"]


def test_invalid_utf8_never_crashes(server: LoopbackServer, config: FetchConfig) -> None:
    batch = run(config, req("/invalid-utf8"))
    page = batch.outcomes[0].page
    assert page is not None and "\ufffd" in page.text and "valid start" in page.text
    assert batch.outcomes[0].decode_errors


def test_windows_1251_and_koi8u_without_declared_charset(server: LoopbackServer, config: FetchConfig) -> None:
    batch = run(config, req("/cp1251"), req("/koi8u"))
    for outcome in batch.outcomes[:2]:
        assert outcome.page is not None and UKRAINIAN_TEXT in outcome.page.text


def test_empty_200_is_a_transient_failure(server: LoopbackServer, config: FetchConfig) -> None:
    batch = run(config, req("/empty"))
    assert batch.outcomes[0].error_kind == "empty_body" and is_transient("empty_body")
    assert batch.outcomes[0].attempts == 1


def test_robots_disallowed_section_is_never_requested(server: LoopbackServer, config: FetchConfig) -> None:
    batch = run(config, req("/private/secret"), req("/ok/a"), req("/ok/b"))
    assert batch.outcomes[0].error_kind == "robots_disallowed"
    assert batch.counts.skipped == 1
    assert server.paths("faults.test").count("/robots.txt") == 1
    assert "/private/secret" not in server.paths()
    assert [a.purpose for a in batch.attempts].count("robots") == 1


def test_robots_ignored_when_configured_off(server: LoopbackServer, config: FetchConfig) -> None:
    batch = fetch_batch([req("/private/secret")], replace(config, respect_robots=False))
    assert batch.outcomes[0].page is not None
    assert "/robots.txt" not in server.paths()


def test_non_browser_client_blocked_with_advice(server: LoopbackServer, config: FetchConfig) -> None:
    batch = run(config, req("/browser-only"))
    assert batch.outcomes[0].error_kind == "blocked" and batch.outcomes[0].attempts == 1
    assert len(batch.advice) == 1 and "faults.test" in batch.advice[0]
    browser = replace(config, user_agent="Mozilla/5.0 (X11; Linux x86_64) ingest-test")
    assert fetch_batch([req("/browser-only")], browser).outcomes[0].page is not None


def test_conditional_get_gives_a_304_page(server: LoopbackServer, config: FetchConfig) -> None:
    first = fetch_batch([req("/ok/cond")], config).pages[0]
    assert first.etag and first.last_modified
    again = fetch_batch([req("/ok/cond", etag=first.etag, last_modified=first.last_modified)], config)
    page = again.pages[0]
    assert page.status == 304 and page.text == "" and page.etag == first.etag
    sent = [r for r in server.requests if r.target == "/ok/cond"][-1]
    assert sent.header("if-none-match") == first.etag
    assert sent.header("if-modified-since") == first.last_modified


def test_feed_and_gzipped_sitemap_are_discovery_kinds(server: LoopbackServer, config: FetchConfig) -> None:
    batch = run(config, req("/feed.rss"), req("/sitemap.xml"), req("/sitemap.xml.gz"))
    assert [o.kind for o in batch.outcomes[:3]] == ["feed", "sitemap", "sitemap"]
    gz = batch.outcomes[2].page
    assert gz is not None and "<urlset" in gz.text and "/ok/s-2" in gz.text


def test_real_urls_are_stored_not_the_mapped_address(server: LoopbackServer, config: FetchConfig) -> None:
    batch = run(config, req("/ok/real"))
    address = server.address
    assert all(address not in (a.url + (a.final_url or "")) for a in batch.attempts)
    assert all(address not in p.url + p.final_url for p in batch.pages)
    assert {r.host for r in server.requests} == {"faults.test"}
