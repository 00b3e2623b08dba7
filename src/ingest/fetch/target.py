"""Where to connect for a URL: the operator's host_map, or a resolved and guarded public address.
The URL itself (and the Host header and TLS server name) always stay the real ones."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from ingest.fetch.address import classify_address, parse_ip
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


def _netloc(address: str, port: int) -> str:
    return f"[{address}]:{port}" if ":" in address else f"{address}:{port}"


def check_url(url: str, allowed: Mapping[str, bool] | None = None) -> tuple[str, str, int]:
    """Scheme and host checks that need no DNS; returns (scheme, host, port). `allowed`: hosts allowed."""
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
    ip = parse_ip(host)
    if ip is not None and (kind := classify_address(ip)) != "public":
        raise TerminalFetchError("address_blocked", f"{host} is a {kind} address: {url}")
    if allowed is not None and host not in allowed:
        raise TerminalFetchError("host_not_allowed", f"{host} is not an allowed host of this source: {url}")
    return parts.scheme, host, port


def mapped_address(host: str, host_map: Mapping[str, str]) -> str | None:
    """The operator's mapping for `host` ('*' catches all names); IP literals are never mapped."""
    if parse_ip(host) is not None:
        return None
    return host_map.get(host) or host_map.get("*")


async def resolve_public(host: str, port: int, timeout_s: float) -> str:
    """Resolve `host` and return its first address, refusing if ANY address it resolves to is not public."""
    ip = parse_ip(host)
    if ip is not None:
        return str(ip)
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


async def resolve_target(url: str, allowed_hosts: Mapping[str, bool] | None, host_map: Mapping[str, str],
                         dns_timeout_s: float) -> Target:
    scheme, host, port = check_url(url, allowed_hosts)
    parts = urlsplit(url)
    host_header = host if port == _DEFAULT_PORTS[scheme] else f"{host}:{port}"
    if ":" in host:
        host_header = f"[{host}]" if port == _DEFAULT_PORTS[scheme] else f"[{host}]:{port}"
    path = parts.path or "/"
    mapped = mapped_address(host, host_map)
    if mapped is not None:
        address, mapped_port = parse_host_port(mapped, f"host_map[{host!r}]")
        wire = urlunsplit(("http", _netloc(address, mapped_port), path, parts.query, ""))
        return Target(url, host, wire, host_header, None, True)
    address = await resolve_public(host, port, dns_timeout_s)
    wire = urlunsplit((scheme, _netloc(address, port), path, parts.query, ""))
    return Target(url, host, wire, host_header, host if scheme == "https" else None, False)
