"""HTTP/1.1 wire format for the mirror server: parse a request head, build a response head."""

from __future__ import annotations

from ingest.mirror.protocol import MirrorRequest

_REASONS = {
    200: "OK", 204: "No Content", 206: "Partial Content", 301: "Moved Permanently", 302: "Found",
    303: "See Other", 304: "Not Modified", 307: "Temporary Redirect", 308: "Permanent Redirect",
    400: "Bad Request", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed", 408: "Request Timeout",
    410: "Gone", 429: "Too Many Requests", 431: "Request Header Fields Too Large", 500: "Internal Server Error",
    502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout",
}


class BadRequest(ValueError):
    """The bytes on the wire are not an HTTP/1.x request we can answer."""


def parse_head(raw: bytes) -> tuple[MirrorRequest, str]:
    """Parse a request head (request line + headers, without the final blank line) -> (request, version)."""
    text = raw.decode("latin-1")  # every byte decodes
    lines = text.split("\r\n")
    parts = lines[0].split(" ")
    if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
        raise BadRequest(f"malformed request line: {lines[0][:100]!r}")
    method, target, version = parts
    headers: list[tuple[str, str]] = []
    for line in lines[1:]:
        if not line:
            continue
        name, sep, value = line.partition(":")
        if not sep or not name or name != name.strip():
            raise BadRequest(f"malformed header line: {line[:100]!r}")
        headers.append((name.lower(), value.strip()))
    host = ""
    for name, value in headers:
        if name == "host":
            host = value.lower()
            break
    if host.startswith("["):
        host = host.split("]")[0] + "]"
    else:
        host = host.split(":")[0]
    return MirrorRequest(method=method.upper(), host=host, target=target, headers=tuple(headers)), version


def head_bytes(status: int, headers: list[tuple[str, str]]) -> bytes:
    lines = [f"HTTP/1.1 {status} {_REASONS.get(status, 'Status')}"]
    lines.extend(f"{name}: {value}" for name, value in headers)
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def has_header(headers: list[tuple[str, str]], name: str) -> bool:
    return any(key.lower() == name for key, _ in headers)
