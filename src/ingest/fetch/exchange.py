"""One HTTP exchange over an httpx transport: connect to the guarded target, stream the body under the byte
caps, and turn every failure into a FetchError with its kind."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import httpx

from ingest.fetch.config import FetchConfig
from ingest.fetch.decompress import CappedDecoder, CorruptEncoding, DecompressedTooLarge, UnsupportedEncoding
from ingest.fetch.errors import FetchError, TerminalFetchError, TransientFetchError
from ingest.fetch.target import Target

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True, slots=True)
class RawResponse:
    url: str  # the real URL that answered
    host: str  # its host, lower case
    status: int
    reason: str
    http_version: str
    headers: tuple[tuple[str, str], ...]
    body: bytes  # after Content-Encoding decoding ('' for redirects and 304)
    wire_bytes: int  # bytes received for the body, before decoding
    request_headers: tuple[tuple[str, str], ...]

    def header(self, name: str) -> str | None:
        wanted = name.lower()
        for key, value in self.headers:
            if key.lower() == wanted:
                return value
        return None


def _transport_error(exc: httpx.TransportError, in_body: bool, url: str) -> FetchError:
    text = str(exc) or type(exc).__name__
    if isinstance(exc, httpx.TimeoutException):
        which = {httpx.ConnectTimeout: "connect", httpx.ReadTimeout: "read", httpx.WriteTimeout: "write",
                 httpx.PoolTimeout: "pool"}.get(type(exc), "")
        return TransientFetchError("timeout", f"{which} timeout from {url}")
    if in_body and isinstance(exc, (httpx.RemoteProtocolError, httpx.ReadError)):
        return TransientFetchError("truncated", f"body cut short by {url}: {text}")
    if isinstance(exc, httpx.RemoteProtocolError):
        return TransientFetchError("protocol", f"bad HTTP from {url}: {text}")
    if isinstance(exc, httpx.UnsupportedProtocol):
        return TerminalFetchError("scheme_not_allowed", f"{url}: {text}")
    return TransientFetchError("connect", f"connection to {url} failed: {text}")


async def _read_body(response: httpx.Response, config: FetchConfig, url: str) -> tuple[bytes, int]:
    declared = response.headers.get("content-length")
    if declared and declared.strip().isdigit() and int(declared) > config.max_bytes:
        raise TerminalFetchError("too_large", f"{url} declares {declared} bytes (cap {config.max_bytes})",
                                 response.status_code)
    try:
        decoder = CappedDecoder(response.headers.get("content-encoding"), config.max_decompressed_bytes)
    except UnsupportedEncoding as exc:
        raise TerminalFetchError("bad_encoding", f"{url} uses unsupported Content-Encoding {exc}",
                                 response.status_code) from exc
    parts: list[bytes] = []
    received = 0
    try:
        async for chunk in response.aiter_raw():
            received += len(chunk)
            if received > config.max_bytes:
                raise TerminalFetchError("too_large", f"{url} sent more than {config.max_bytes} bytes",
                                         response.status_code)
            parts.append(decoder.feed(chunk))
        parts.append(decoder.finish())
    except DecompressedTooLarge as exc:
        raise TerminalFetchError("decompression_bomb", f"{url} decompresses past {config.max_decompressed_bytes}"
                                 f" bytes ({received} bytes received)", response.status_code) from exc
    except CorruptEncoding as exc:
        raise TerminalFetchError("bad_encoding", f"{url}: corrupt {response.headers.get('content-encoding')} "
                                 f"body: {exc}", response.status_code) from exc
    return b"".join(parts), received


async def exchange(transport: httpx.AsyncBaseTransport, target: Target, headers: dict[str, str],
                   timeouts: dict[str, float | None], config: FetchConfig) -> RawResponse:
    """GET `target` with exactly `headers` (and Host), read the body (none for redirects) within the caps,
    the `timeouts` (clients.request_timeouts) and the total timeout."""
    sent = {**headers, "Host": target.host_header}
    extensions: dict[str, object] = {"timeout": timeouts}
    if target.sni_hostname:
        extensions["sni_hostname"] = target.sni_hostname
    in_body = False
    try:
        async with asyncio.timeout(config.total_timeout_s):
            request = httpx.Request("GET", target.wire_url, headers=sent, extensions=extensions)
            response = await transport.handle_async_request(request)
            response.request = request
            try:
                status = response.status_code
                if status in REDIRECT_STATUSES or status == 304 or status == 204:
                    body, received = b"", 0
                else:
                    in_body = True
                    body, received = await _read_body(response, config, target.url)
            finally:
                await response.aclose()
    except TimeoutError as exc:
        raise TransientFetchError("timeout", f"total timeout ({config.total_timeout_s:g}s) fetching {target.url}"
                                  ) from exc
    except httpx.TransportError as exc:
        raise _transport_error(exc, in_body, target.url) from exc
    except httpx.InvalidURL as exc:
        raise TerminalFetchError("bad_redirect", f"invalid URL {target.url}: {exc}") from exc
    return RawResponse(
        url=target.url,
        host=target.host,
        status=status,
        reason=response.reason_phrase,
        http_version=response.http_version,
        headers=tuple((k.decode("latin-1"), v.decode("latin-1")) for k, v in response.headers.raw),
        body=body,
        wire_bytes=received,
        request_headers=tuple(sent.items()),
    )
