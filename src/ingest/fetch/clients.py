"""HTTP clients of one batch: one httpx client per connection, lent out for one exchange at a time.

Why not one shared httpx.AsyncClient with a pool of `global_concurrency` connections? httpcore's pool
re-examines every pooled connection (closed? expired? a poll() on each idle socket) twice per request, which
at 16 connections cost about as much CPU as the rest of the request. Lending whole single-connection clients
keeps the same limits (at most `global_concurrency` connections, each kept alive while idle) with O(1)
bookkeeping. A client is lent preferably to the wire origin its connection already serves; otherwise the
least recently used idle client is taken and httpcore closes its idle connection before opening the new one.

Callers must hold a global concurrency slot while a client is lent (HostGate does this), so a free client
always exists; lending past `size` is a programming error and raises RuntimeError."""

from __future__ import annotations

import ssl
from functools import cache
from types import TracebackType

import httpx

from ingest.fetch.config import FetchConfig


def make_client(config: FetchConfig, connections: int | None = None) -> httpx.AsyncClient:
    """One client with a keep-alive pool of `connections` (default: the global cap), the batch's timeouts,
    no env proxies, no auto-redirects."""
    size = config.global_concurrency if connections is None else connections
    timeout = httpx.Timeout(connect=config.connect_timeout_s, read=config.read_timeout_s,
                            write=config.read_timeout_s, pool=config.total_timeout_s)
    limits = httpx.Limits(max_connections=size, max_keepalive_connections=size)
    return httpx.AsyncClient(timeout=timeout, limits=limits, trust_env=False, follow_redirects=False,
                             verify=shared_ssl_context())


@cache
def shared_ssl_context() -> ssl.SSLContext:
    """httpx's default verifying context (certifi's CA bundle), built once per process: building one reads
    and parses the bundle (~20 ms), and a pipeline creates clients for every batch and every connection."""
    return httpx.create_ssl_context()


class ClientPool:
    """Up to `config.global_concurrency` single-connection clients. Use as an async context manager."""

    def __init__(self, config: FetchConfig) -> None:
        self._config = config
        self._size = config.global_concurrency
        self._clients: list[httpx.AsyncClient] = []
        self._idle: list[tuple[str, httpx.AsyncClient]] = []  # (wire origin, client), least recently used first
        self.lent = 0

    def lend(self, origin: str) -> httpx.AsyncClient:
        """A client for one exchange with `origin` ('scheme://host:port' actually connected to)."""
        idle = self._idle
        for index in range(len(idle) - 1, -1, -1):  # the most recently used client of this origin
            if idle[index][0] == origin:
                self.lent += 1
                return idle.pop(index)[1]
        if len(self._clients) < self._size:
            client = make_client(self._config, connections=1)
            self._clients.append(client)
        elif idle:
            client = idle.pop(0)[1]  # its idle connection is to another origin: httpcore replaces it
        else:
            raise RuntimeError(f"more than {self._size} exchanges in flight: every client is lent")
        self.lent += 1
        return client

    def give_back(self, origin: str, client: httpx.AsyncClient) -> None:
        self.lent -= 1
        self._idle.append((origin, client))

    async def aclose(self) -> None:
        clients, self._clients, self._idle = self._clients, [], []
        for client in clients:
            await client.aclose()

    async def __aenter__(self) -> ClientPool:
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        await self.aclose()
