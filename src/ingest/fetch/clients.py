"""HTTP clients of one batch: one httpx transport per connection, lent out for one exchange at a time.

Why not one shared httpx.AsyncClient with a pool of `global_concurrency` connections? httpcore's pool
re-examines every pooled connection (closed? expired? a poll() on each idle socket) twice per request, which
at 16 connections cost about as much CPU as the rest of the request. Lending single-connection transports
keeps the same limits (at most `global_concurrency` connections, each kept alive while idle) with O(1)
bookkeeping. A transport is lent preferably to the wire origin its connection already serves; otherwise the
least recently used idle one is taken and httpcore closes its idle connection before opening the new one.

Why transports, not httpx.AsyncClient? The fetcher does what a client adds itself (it follows redirects
under its guard, sends its own headers and keeps no cookies), and the client's layers (request building,
auth and redirect hooks, a cookie jar updated from every response) cost about a quarter of a request's CPU:
on loopback, 1.0 ms of CPU per request (client and server together) through clients, 0.73 ms through
transports.

Callers must hold a global concurrency slot while a transport is lent (HostGate does this), so a free one
always exists; lending past `size` is a programming error and raises RuntimeError."""

from __future__ import annotations

import ssl
from functools import cache
from types import TracebackType

import httpx

from ingest.fetch.config import FetchConfig


def make_transport() -> httpx.AsyncHTTPTransport:
    """One connection, kept alive while idle; no env proxies. Timeouts travel with each request
    (`request_timeouts`)."""
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    return httpx.AsyncHTTPTransport(limits=limits, trust_env=False, verify=shared_ssl_context())


def request_timeouts(config: FetchConfig) -> dict[str, float | None]:
    """The batch's timeouts as the `timeout` extension of an httpx.Request (what a client adds to each)."""
    return httpx.Timeout(connect=config.connect_timeout_s, read=config.read_timeout_s,
                         write=config.read_timeout_s, pool=config.total_timeout_s).as_dict()


@cache
def shared_ssl_context() -> ssl.SSLContext:
    """httpx's default verifying context (certifi's CA bundle), built once per process: building one reads
    and parses the bundle (~20 ms), and a pipeline creates transports for every batch and every connection."""
    return httpx.create_ssl_context()


class ClientPool:
    """Up to `config.global_concurrency` single-connection transports. Use as an async context manager."""

    def __init__(self, config: FetchConfig) -> None:
        self._size = config.global_concurrency
        self._transports: list[httpx.AsyncHTTPTransport] = []
        self._idle: list[tuple[str, httpx.AsyncHTTPTransport]] = []  # (wire origin, transport), oldest first
        self.lent = 0

    def lend(self, origin: str) -> httpx.AsyncHTTPTransport:
        """A transport for one exchange with `origin` ('scheme://host:port' actually connected to)."""
        idle = self._idle
        for index in range(len(idle) - 1, -1, -1):  # the most recently used transport of this origin
            if idle[index][0] == origin:
                self.lent += 1
                return idle.pop(index)[1]
        if len(self._transports) < self._size:
            transport = make_transport()
            self._transports.append(transport)
        elif idle:
            transport = idle.pop(0)[1]  # its idle connection is to another origin: httpcore replaces it
        else:
            raise RuntimeError(f"more than {self._size} exchanges in flight: every transport is lent")
        self.lent += 1
        return transport

    def give_back(self, origin: str, transport: httpx.AsyncHTTPTransport) -> None:
        self.lent -= 1
        self._idle.append((origin, transport))

    async def aclose(self) -> None:
        transports, self._transports, self._idle = self._transports, [], []
        for transport in transports:
            await transport.aclose()

    async def __aenter__(self) -> ClientPool:
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        await self.aclose()
