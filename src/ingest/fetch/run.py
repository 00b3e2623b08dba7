"""One fetch run over a batch of requests: robots, politeness, redirects under the address guard, retries,
archiving, and one FetchAttempt per attempt."""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Literal
from urllib.parse import urldefrag, urljoin, urlsplit

from ingest.fetch.advice import blocked_advice
from ingest.fetch.archive import ArchiveRef, Exchange, WarcArchive
from ingest.fetch.clients import ClientPool, request_timeouts
from ingest.fetch.config import FetchConfig, FetchRequest
from ingest.fetch.content import ContentKind
from ingest.fetch.errors import DeferredFetchError, FetchError, TerminalFetchError, fetch_error
from ingest.fetch.exchange import REDIRECT_STATUSES, RawResponse, exchange
from ingest.fetch.outcome import FetchOutcome, interpret
from ingest.fetch.policy import SLOWDOWN_STATUSES, backoff_delay, parse_retry_after, should_retry
from ingest.fetch.politeness import HostGate
from ingest.fetch.robots import RobotsCache, RobotsRules, robots_url, rules_from_response
from ingest.fetch.target import Router
from ingest.records import FetchAttempt, Page

log = logging.getLogger("ingest.fetch")

ProgressCallback = Callable[[int, int], None]  # (requests finished, requests in the batch)
AttemptPurpose = Literal["discovery", "article", "robots"]


class FetchRun:
    """State of one batch. Create inside a running event loop; call `fetch(request)` per URL."""

    def __init__(self, config: FetchConfig, clients: ClientPool, archive: WarcArchive | None,
                 robots: RobotsCache) -> None:
        self.config = config
        self.clients = clients
        self.archive = archive
        self.robots = robots
        self.gate = HostGate(config.global_concurrency, config.per_host_concurrency, config.min_delay_s,
                             config.max_slowdown_factor, config.slowdown_floor_s, config.max_retry_after_s)
        self.rng = random.Random(config.jitter_seed)
        self.router = Router(config.host_map, config.connect_timeout_s)
        self.attempts: list[FetchAttempt] = []
        self.blocked_hosts: dict[str, str] = {}
        self.deferred_hosts: set[str] = set()
        self._robots_locks: dict[str, asyncio.Lock] = {}
        self._timeouts = request_timeouts(config)
        self._base_headers = {
            "User-Agent": config.user_agent,
            "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,application/rss+xml;q=0.9,*/*;q=0.8",
            "Accept-Language": config.accept_language,
            "Accept-Encoding": "gzip, deflate, br",
        }

    # -- robots ---------------------------------------------------------------------------------------------
    async def _rules(self, origin: str, source: str, allowed: dict[str, bool]) -> RobotsRules:
        cached = self.robots.get(origin)
        if cached is not None:
            return cached
        lock = self._robots_locks.setdefault(origin, asyncio.Lock())
        async with lock:
            cached = self.robots.get(origin)
            if cached is not None:
                return cached
            rules = await self._fetch_rules(origin, source, allowed)
            self.robots.put(origin, rules)
            delay = rules.crawl_delay(self.config.user_agent)
            if delay is not None:
                self.gate.set_crawl_delay(origin_host(origin), min(delay, self.config.max_crawl_delay_s))
                log.info("robots.txt of %s asks for a crawl delay of %gs", origin, delay)
            if rules.state == "disallow_all":
                log.warning("robots.txt of %s unavailable: its URLs stay pending this run", origin)
            return rules

    async def _fetch_rules(self, origin: str, source: str, allowed: dict[str, bool]) -> RobotsRules:
        """RFC 9309: up to 2 tries (transient errors and 5xx); redirects followed within the source's hosts.
        A robots.txt we may not follow (guard refusal) counts as absent; an unreachable one as 'disallow all'."""
        url = robots_url(origin)
        tries = min(2, self.config.max_attempts)
        for number in range(1, tries + 1):
            started, fetched_at = time.perf_counter(), datetime.now(timezone.utc)
            try:
                response = await self._follow(url, {**allowed, origin_host(url): True}, {}, check_robots=False)
            except FetchError as exc:
                self._record(source, url, number, "robots", exc.status, 0, started, fetched_at, exc.kind,
                             exc.detail, None)
                if isinstance(exc, TerminalFetchError):
                    log.info("robots.txt of %s not usable (%s): treated as absent", origin, exc.detail)
                    return RobotsRules("allow_all")
                transient = True
            else:
                self._record(source, url, number, "robots", response.status, response.wire_bytes, started,
                             fetched_at, None, None, response.url)
                rules = rules_from_response(response.status, response.body.decode("utf-8", errors="replace"))
                transient = rules.state == "disallow_all"
                if not transient:
                    return rules
            if number < tries and transient:
                await asyncio.sleep(backoff_delay(number, self.config.backoff_base_s, self.config.max_backoff_s,
                                                  self.rng))
        return RobotsRules("disallow_all")

    # -- one attempt: redirects under the guard ---------------------------------------------------------------
    async def _follow(self, url: str, allowed: dict[str, bool], extra_headers: dict[str, str],
                      check_robots: bool, source: str = "") -> RawResponse:
        first, visited = url, {url}
        headers = {**self._base_headers, **extra_headers}
        for hop in range(self.config.max_redirects + 1):
            target = await self.router.target(url, allowed)
            if check_robots and self.config.respect_robots:
                rules = await self._rules(target.origin, source, allowed)
                if rules.state == "disallow_all":
                    raise fetch_error("robots_unavailable", f"robots.txt of {target.origin} could not be fetched")
                if not rules.allows(self.config.user_agent, url):
                    raise TerminalFetchError("robots_disallowed", f"robots.txt of {target.origin} disallows {url}")
            async with self.gate.slot(target.host):
                transport = self.clients.lend(target.wire_origin)
                try:
                    response = await exchange(transport, target, headers, self._timeouts, self.config)
                finally:
                    self.clients.give_back(target.wire_origin, transport)
            self.gate.observe(target.host, response.status)
            if response.status not in REDIRECT_STATUSES:
                return response
            location = response.header("location")
            if not location:
                raise TerminalFetchError("bad_redirect", f"HTTP {response.status} without Location from {url}",
                                         response.status)
            next_url = urldefrag(urljoin(url, location.strip()))[0]
            if next_url in visited:
                raise TerminalFetchError("redirect_loop", f"{url} redirects back to {next_url}", response.status)
            if hop == self.config.max_redirects:
                break
            visited.add(next_url)
            url = next_url
        raise TerminalFetchError("too_many_redirects", f"more than {self.config.max_redirects} redirects from "
                                 f"{first}")

    def _record(self, source: str, url: str, number: int, purpose: AttemptPurpose, status: int | None, size: int,
                started: float, fetched_at: datetime, kind: str | None, detail: str | None,
                final_url: str | None) -> None:
        self.attempts.append(FetchAttempt(
            source=source, url=url, attempt=number, purpose=purpose,
            status=status, bytes=size, elapsed_ms=round((time.perf_counter() - started) * 1000, 3),
            error_kind=kind, fetched_at=fetched_at, final_url=final_url, error_detail=detail))

    def _archive(self, request: FetchRequest, response: RawResponse, fetched_at: datetime) -> ArchiveRef | None:
        if self.archive is None or not response.body:
            return None
        return self.archive.write(Exchange(
            source=request.source, requested_url=request.url, url=response.url,
            request_headers=response.request_headers, status=response.status, reason=response.reason,
            http_version=response.http_version, response_headers=response.headers, body=response.body,
            fetched_at=fetched_at))

    # -- one URL: attempts with backoff -------------------------------------------------------------------------
    async def _attempt(self, request: FetchRequest, number: int, allowed: dict[str, bool],
                       conditional: dict[str, str]) -> Attempted:
        started, fetched_at = time.perf_counter(), datetime.now(timezone.utc)
        try:
            response = await self._follow(request.url, allowed, conditional, True, request.source)
        except FetchError as exc:
            result = Attempted(exc, exc.status, 0, None, None, None, False, None)
        else:
            host = response.host
            retry_after = None
            if response.status in SLOWDOWN_STATUSES:
                retry_after = parse_retry_after(response.header("retry-after"))
                if retry_after is not None:
                    self.gate.pause(host, retry_after)
            ref = self._archive(request, response, fetched_at)
            got = interpret(request, response, fetched_at, ref, self.config.max_decompressed_bytes)
            result = Attempted(got.error, response.status, response.wire_bytes, response.url, got.kind, got.page,
                               got.decode_errors, retry_after)
        error = result.error
        detail = error.detail if error else ("undecodable bytes replaced" if result.decode_errors else None)
        self._record(request.source, request.url, number, request.purpose, result.status, result.size, started,
                     fetched_at, error.kind if error else None, detail, result.final_url)
        if error is not None:
            log.debug("attempt %d at %s failed: %s", number, request.url, error)
        if isinstance(error, DeferredFetchError) and request.host not in self.deferred_hosts:
            self.deferred_hosts.add(request.host)
            log.warning("%s: %s", request.host, error.detail)
        if error is not None and error.kind == "blocked":
            host = origin_host(result.final_url) if result.final_url else request.host
            if host not in self.blocked_hosts:
                self.blocked_hosts[host] = blocked_advice(host)
                log.warning("%s blocks this client (HTTP 403): %s", host, self.blocked_hosts[host])
        return result

    async def fetch(self, request: FetchRequest) -> FetchOutcome:
        """All attempts at one URL; transient errors are retried with backoff (or Retry-After) while
        attempts remain. Never raises for a failed URL."""
        conditional: dict[str, str] = {}
        if request.etag:
            conditional["If-None-Match"] = request.etag
        if request.last_modified:
            conditional["If-Modified-Since"] = request.last_modified
        allowed = request.allowed_host_set()
        number = 0
        while True:
            number += 1
            result = await self._attempt(request, number, allowed, conditional)
            error = result.error
            detail = error.detail if error else ("undecodable bytes replaced" if result.decode_errors else None)
            if error is None or not should_retry(error.kind, number, self.config.max_attempts):
                break
            if isinstance(error, DeferredFetchError):
                break
            if result.retry_after is not None and result.retry_after > self.config.max_retry_after_s:
                detail = (f"{error.detail}; Retry-After {result.retry_after:.0f}s is over the "
                          f"{self.config.max_retry_after_s:g}s cap: left for a later run")
                break
            wait = backoff_delay(number, self.config.backoff_base_s, self.config.max_backoff_s, self.rng)
            await asyncio.sleep(max(wait, result.retry_after or 0.0))
        return FetchOutcome(request, result.page, result.kind, error.kind if error else None, detail, number,
                            result.status, result.decode_errors)


@dataclass(frozen=True, slots=True)
class Attempted:
    """What one attempt at a URL gave."""

    error: FetchError | None
    status: int | None
    size: int
    final_url: str | None
    kind: ContentKind | None
    page: Page | None
    decode_errors: bool
    retry_after: float | None


def origin_host(url: str) -> str:
    """Lower-case host name of `url` (no port, no brackets)."""
    return (urlsplit(url).hostname or "").lower()
