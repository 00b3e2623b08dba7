"""Where to connect for a URL: the operator's host_map, or a resolved and guarded public address.
The URL itself (and the Host header and TLS server name) always stay the real ones."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import SplitResult, urlsplit

from ingest.fetch.address import AddressClass, classify_address, parse_ip
from ingest.fetch.config import parse_host_port
from ingest.fetch.errors import TerminalFetchError, TransientFetchError

_DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True, slots=True)
class Target:
    url: str  # the real URL
    host: str  # real host, lower case
    wire_url: str  # what httpx connects to: same path and query, host replaced by an address
    host_header: str
    sni_hostname: str | None  # TLS server name for https (the real host)
    mapped: bool  # connected through the operator's host_map
    origin: str = ""  # scheme://host[:port] of the real URL (the robots.txt key)
    wire_origin: str = ""  # scheme://address:port actually connected to (the connection reuse key)


@dataclass(frozen=True, slots=True)
class Route:
    """How to reach one (scheme, host, port): the wire scheme and netloc, and until when this holds."""

    wire_prefix: str  # e.g. "http://127.0.0.1:8765"
    host_header: str
    sni_hostname: str | None
    mapped: bool
    expires: float  # time.monotonic() after which a DNS answer is looked up again


def _netloc(address: str, port: int) -> str:
    return f"[{address}]:{port}" if ":" in address else f"{address}:{port}"


@lru_cache(maxsize=4096)
def literal_class(host: str) -> AddressClass | None:
    """The address class of an IP-literal host, None for a host name."""
    ip = parse_ip(host)
    return None if ip is None else classify_address(ip)


def check_url(url: str, allowed: Mapping[str, bool] | None = None) -> tuple[str, str, int]:
    """Scheme and host checks that need no DNS; returns (scheme, host, port). `allowed`: hosts allowed."""
    scheme, host, port, _ = _checked(url, allowed)
    return scheme, host, port


def _checked(url: str, allowed: Mapping[str, bool] | None) -> tuple[str, str, int, SplitResult]:
    parts = urlsplit(url)
    if parts.scheme not in _DEFAULT_PORTS:
        raise TerminalFetchError("scheme_not_allowed", f"only http and https are fetched, not {parts.scheme!r}: {url}")
    host = (parts.hostname or "").lower()
    if not host:
        raise TerminalFetchError("bad_redirect", f"URL has no host: {url}")
    try:
        port = parts.port or _DEFAULT_PORTS[parts.scheme]
    except ValueError as exc:
        raise TerminalFetchError("bad_redirect", f"bad port in {url}") from exc
    kind = literal_class(host)
    if kind is not None and kind != "public":
        raise TerminalFetchError("address_blocked", f"{host} is a {kind} address: {url}")
    if allowed is not None and host not in allowed:
        raise TerminalFetchError("host_not_allowed", f"{host} is not an allowed host of this source: {url}")
    return parts.scheme, host, port, parts


def mapped_address(host: str, host_map: Mapping[str, str]) -> str | None:
    """The operator's mapping for `host` ('*' catches all names); IP literals are never mapped."""
    if literal_class(host) is not None:
        return None
    return host_map.get(host) or host_map.get("*")


async def resolve_public(host: str, port: int, timeout_s: float) -> str:
    """Resolve `host` and return its first address, refusing if ANY address it resolves to is not public."""
    if literal_class(host) is not None:
        return host.strip("[]")
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(timeout_s):
            infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except TimeoutError as exc:
        raise TransientFetchError("timeout", f"DNS lookup of {host} timed out") from exc
    except socket.gaierror as exc:
        raise TransientFetchError("connect", f"DNS lookup of {host} failed: {exc}") from exc
    addresses = [str(info[4][0]) for info in infos]
    if not addresses:
        raise TransientFetchError("connect", f"DNS lookup of {host} returned no address")
    for address in addresses:
        kind = classify_address(address.split("%", 1)[0])
        if kind != "public":
            raise TerminalFetchError("address_blocked", f"{host} resolves to {kind} address {address}")
    return addresses[0]


class Router:
    """Routes real URLs to wire URLs; remembers each origin's route (DNS answers for `dns_ttl_s`)."""

    def __init__(self, host_map: Mapping[str, str], dns_timeout_s: float, dns_ttl_s: float = 300.0) -> None:
        self._host_map = host_map
        self._dns_timeout = dns_timeout_s
        self._dns_ttl = dns_ttl_s
        self._routes: dict[tuple[str, str, int], Route] = {}

    async def _route(self, scheme: str, host: str, port: int) -> Route:
        key = (scheme, host, port)
        route = self._routes.get(key)
        if route is not None and route.expires > time.monotonic():
            return route
        default = port == _DEFAULT_PORTS[scheme]
        shown = f"[{host}]" if ":" in host else host
        host_header = shown if default else f"{shown}:{port}"
        mapped = mapped_address(host, self._host_map)
        if mapped is not None:
            address, mapped_port = parse_host_port(mapped, f"host_map[{host!r}]")
            route = Route(f"http://{_netloc(address, mapped_port)}", host_header, None, True, float("inf"))
        else:
            address = await resolve_public(host, port, self._dns_timeout)
            route = Route(f"{scheme}://{_netloc(address, port)}", host_header,
                          host if scheme == "https" else None, False, time.monotonic() + self._dns_ttl)
        self._routes[key] = route
        return route

    async def target(self, url: str, allowed: Mapping[str, bool] | None) -> Target:
        """Check `url` (scheme, allowed host, address guard) and say where to connect for it."""
        scheme, host, port, parts = _checked(url, allowed)
        route = await self._route(scheme, host, port)
        wire = route.wire_prefix + (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        return Target(url, host, wire, route.host_header, route.sni_hostname, route.mapped,
                      f"{scheme}://{route.host_header}", route.wire_prefix)
