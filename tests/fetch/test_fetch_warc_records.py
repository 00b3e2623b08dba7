"""The hand-built WARC records: warcio reads them back with every block and payload digest verified, the
digest labels match base64's base32, and non-ASCII header values are percent-encoded the way warcio does."""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import os
from datetime import datetime, timezone
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders

from ingest.fetch.archive import Exchange, WarcArchive
from ingest.fetch.warc_records import gzip_member, http_head, payload_digest, sha1_label


def exchange(body: bytes, headers: tuple[tuple[str, str], ...] = (("Content-Type", "text/html"),)) -> Exchange:
    return Exchange(source="src", requested_url="http://a.test/old?x=1", url="http://a.test/new", status=200,
                    request_headers=(("User-Agent", "ingest-test"), ("Host", "a.test")), reason="OK",
                    http_version="HTTP/1.1", response_headers=headers, body=body,
                    fetched_at=datetime(2024, 5, 6, 7, 8, 9, tzinfo=timezone.utc))


def read_back(folder: Path) -> list[tuple[str, dict[str, str], bytes, bool | None]]:
    out = []
    for path in sorted(folder.glob("*.warc.gz")):
        with open(path, "rb") as handle:
            for record in ArchiveIterator(handle, check_digests="raise"):
                body = record.content_stream().read()
                out.append((record.rec_type, dict(record.rec_headers.headers), body, record.digest_checker.passed))
    return out


def test_sha1_label_is_base32_of_the_digest() -> None:
    for _ in range(200):
        digest = os.urandom(20)
        assert sha1_label(digest) == "sha1:" + base64.b32encode(digest).decode("ascii")
    assert payload_digest(b"") == "sha1:" + base64.b32encode(hashlib.sha1(b"").digest()).decode("ascii")
    with pytest.raises(ValueError, match="20 bytes"):
        sha1_label(b"short")


def test_records_read_back_with_verified_digests(tmp_path: Path) -> None:
    body = "<html><body>Привіт, світ</body></html>".encode() * 50
    with WarcArchive(tmp_path) as archive:
        first = archive.write(exchange(body))
        again = archive.write(exchange(body))
    assert again.revisit and (again.warc_file, again.warc_offset) == (first.warc_file, first.warc_offset)
    found = read_back(tmp_path)
    assert [kind for kind, *_ in found] == ["warcinfo", "response", "request", "revisit", "request"]
    response, request, revisit = found[1], found[2], found[3]
    assert response[2] == body and response[3] is True  # block and payload digests both checked
    assert response[1]["WARC-Payload-Digest"] == payload_digest(body) == revisit[1]["WARC-Payload-Digest"]
    assert response[1]["WARC-Target-URI"] == "http://a.test/new"
    assert response[1]["Ingest-Requested-URI"] == "http://a.test/old?x=1"
    assert request[1]["WARC-Concurrent-To"] == response[1]["WARC-Record-ID"]
    assert revisit[1]["WARC-Refers-To-Target-URI"] == "http://a.test/new"
    assert revisit[1]["WARC-Refers-To-Date"] == response[1]["WARC-Date"] == "2024-05-06T07:08:09Z"
    ids = {fields["WARC-Record-ID"] for _, fields, _, _ in found}
    assert len(ids) == len(found)


def test_non_ascii_header_values_are_percent_encoded_like_warcio() -> None:
    headers = [("Content-Type", "text/html"), ("X-Name", "naïve"), ("Content-Disposition", "inline; filename*=été")]
    expected = StatusAndHeaders("200 OK", list(headers), protocol="HTTP/1.1").to_ascii_bytes()
    assert http_head("HTTP/1.1 200 OK", headers) == expected


def test_header_values_warcio_cannot_encode_are_percent_encoded_whole() -> None:
    headers = [("Content-Type", "text/html"), ("X-Title", "café; q=1")]
    with pytest.raises(UnicodeEncodeError):  # what archiving with warcio's own writer ran into
        StatusAndHeaders("200 OK", list(headers), protocol="HTTP/1.1").to_ascii_bytes()
    head = http_head("HTTP/1.1 200 OK", headers)
    assert head == b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Title: caf%C3%A9; q=1\r\n\r\n"
    assert http_head("HTTP/1.1 200 OK", headers[:1]) == b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"


def test_non_ascii_response_header_survives_the_archive(tmp_path: Path) -> None:
    headers = (("Content-Type", "text/html"), ("X-Title", "caf\u00e9; q=1"))
    with WarcArchive(tmp_path) as archive:
        archive.write(exchange(b"<p>summer</p>", headers))
    response = next(item for item in read_back(tmp_path) if item[0] == "response")
    assert response[2] == b"<p>summer</p>" and response[3] is True


def test_gzip_member_is_one_standard_member() -> None:
    record = os.urandom(3000) + b"text " * 2000
    member = gzip_member(record)
    assert member[:2] == b"\x1f\x8b"
    assert gzip.decompress(member) == record
    assert gzip.GzipFile(fileobj=io.BytesIO(member + gzip_member(b"next"))).read() == record + b"next"
