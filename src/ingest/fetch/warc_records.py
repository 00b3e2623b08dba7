"""WARC/1.0 record serialisation for the archive's hot path: request, response and revisit records built as
bytes with their digests, in the layout warcio writes (WARC headers in UTF-8, HTTP headers in ASCII with
warcio's RFC 8187 percent-encoding for the rare non-ASCII value, blank line, block, CRLF CRLF).

warcio's record builder re-parses and re-digests every record through several layers of header objects;
for archiving every fetched page that cost more CPU than the fetch itself. The output here reads back with
warcio's ArchiveIterator (digests included), which the archive tests check."""

from __future__ import annotations

import hashlib
import string
import uuid
import zlib
from collections.abc import Callable, Sequence
from urllib.parse import quote

from warcio.statusandheaders import StatusAndHeaders  # type: ignore[import-untyped]

_compress: Callable[[bytes, int, int], bytes]
try:  # ISA-L's deflate: about a third of zlib's CPU at level 1, and a slightly smaller output
    from isal.isal_zlib import compress as _compress
except ImportError:  # same gzip format, just slower
    _compress = zlib.compress

WARC_VERSION = "WARC/1.0"
REVISIT_PROFILE = "http://netpreserve.org/warc/1.0/revisit/identical-payload-digest"
_B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_B32_PAIRS = tuple(a + b for a in _B32 for b in _B32)  # 10 bits -> two base32 characters
_SHIFTS = tuple(range(150, -1, -10))
_PRINTABLE = "".join(c for c in string.printable if c not in "%\r\n\t\x0b\x0c")

Headers = Sequence[tuple[str, str]]


def gzip_member(record: bytes) -> bytes:
    """One record as its own gzip member, at the fastest level (archiving runs on the fetch event loop)."""
    return _compress(record, 1, zlib.MAX_WBITS + 16)


def sha1_label(digest: bytes) -> str:
    """'sha1:' + base32 of a 20-byte SHA-1 digest (the WARC digest form; no padding is needed for 20 bytes)."""
    if len(digest) != 20:
        raise ValueError(f"a SHA-1 digest has 20 bytes, got {len(digest)}")
    number = int.from_bytes(digest, "big")
    return "sha1:" + "".join([_B32_PAIRS[(number >> shift) & 1023] for shift in _SHIFTS])


def payload_digest(body: bytes) -> str:
    """WARC-Payload-Digest form: 'sha1:' + base32 of the SHA-1."""
    return sha1_label(hashlib.sha1(body).digest())


def record_id() -> str:
    return f"<urn:uuid:{uuid.uuid4()}>"


def http_head(first_line: str, headers: Headers) -> bytes:
    """An HTTP message head (status or request line, headers, blank line) as ASCII bytes; a non-ASCII header
    value is percent-encoded as warcio does (RFC 8187)."""
    text = first_line + "\r\n" + "".join([f"{name}: {value}\r\n" for name, value in headers]) + "\r\n"
    try:
        return text.encode("ascii")
    except UnicodeEncodeError:
        pass
    protocol, _, rest = first_line.partition(" ")
    try:
        return bytes(StatusAndHeaders(rest, [(k, v) for k, v in headers], protocol=protocol).to_ascii_bytes())
    except UnicodeEncodeError:  # warcio gives up on some values (non-ASCII parameters after a ';')
        safe = [(k, v if v.isascii() else quote(v, safe=_PRINTABLE)) for k, v in headers]
        return http_head(quote(first_line, safe=_PRINTABLE), safe)


def warc_record(warc_headers: Headers, content_type: str, block: Sequence[bytes]) -> bytes:
    """One uncompressed record: WARC headers (with WARC-Block-Digest, Content-Type and Content-Length added),
    the block (given in parts, e.g. HTTP head and payload), and the closing CRLF CRLF."""
    digester = hashlib.sha1()
    length = 0
    for part in block:
        digester.update(part)
        length += len(part)
    lines = [WARC_VERSION]
    lines.extend(f"{name}: {value}" for name, value in warc_headers)
    lines.append(f"WARC-Block-Digest: {sha1_label(digester.digest())}")
    lines.append(f"Content-Type: {content_type}")
    lines.append(f"Content-Length: {length}")
    lines.append("\r\n")
    return b"".join(["\r\n".join(lines).encode("utf-8"), *block, b"\r\n\r\n"])


def response_record(target_uri: str, record: str, date: str, extra: Headers, head: bytes, body: bytes,
                    digest: str) -> bytes:
    """A response record: the HTTP head plus the payload `body`, whose digest is `digest`."""
    headers = [("WARC-Type", "response"), ("WARC-Record-ID", record), ("WARC-Date", date),
               ("WARC-Target-URI", target_uri), *extra, ("WARC-Payload-Digest", digest)]
    return warc_record(headers, "application/http; msgtype=response", (head, body))


def revisit_record(target_uri: str, record: str, date: str, extra: Headers, head: bytes, digest: str,
                   refers_to_uri: str, refers_to_date: str) -> bytes:
    """A revisit record (identical-payload-digest profile): the HTTP head only, pointing at the original."""
    headers = [("WARC-Type", "revisit"), ("WARC-Record-ID", record), ("WARC-Date", date),
               ("WARC-Target-URI", target_uri), *extra, ("WARC-Profile", REVISIT_PROFILE),
               ("WARC-Refers-To-Target-URI", refers_to_uri), ("WARC-Refers-To-Date", refers_to_date),
               ("WARC-Payload-Digest", digest)]
    return warc_record(headers, "application/http; msgtype=response", (head,))


def request_record(target_uri: str, record: str, date: str, extra: Headers, head: bytes,
                   concurrent_to: str) -> bytes:
    """The request record of an exchange (a GET: the head is the whole block)."""
    headers = [("WARC-Type", "request"), ("WARC-Record-ID", record), ("WARC-Date", date),
               ("WARC-Target-URI", target_uri), *extra, ("WARC-Concurrent-To", concurrent_to)]
    return warc_record(headers, "application/http; msgtype=request", (head,))
