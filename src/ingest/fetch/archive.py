"""Raw archive writer: every response body goes to gzip-per-record WARC files (request + response records);
an identical payload is stored once and later copies become revisit records pointing to it.

Crash safety: each record pair is built in memory and appended with one write + flush; a run always starts
a new file, so a half-written tail (from a crash) is never appended to, and the reader stops cleanly at it.
The digest index (digests.tsv) is appended only after the records are flushed."""

from __future__ import annotations

import itertools
import logging
import os
import re
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from io import BytesIO
from pathlib import Path
from types import TracebackType
from typing import BinaryIO
from urllib.parse import urlsplit

from warcio.timeutils import datetime_to_iso_date  # type: ignore[import-untyped]
from warcio.warcwriter import WARCWriter  # type: ignore[import-untyped]

from ingest.fetch.warc_records import (
    gzip_member,
    http_head,
    payload_digest,
    record_id,
    request_record,
    response_record,
    revisit_record,
)

log = logging.getLogger("ingest.fetch")

INDEX_NAME = "digests.tsv"
SOURCE_HEADER = "Ingest-Source"  # WARC header: the source name of the request
REQUESTED_HEADER = "Ingest-Requested-URI"  # WARC header: the URL as requested (before redirects)
ORIGINAL_ENCODING_HEADER = "X-Ingest-Original-Content-Encoding"  # HTTP header kept when we store decoded bytes
_DROP_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})


@dataclass(frozen=True, slots=True)
class ArchiveRef:
    """Where a payload lives: the file name (relative to the archive folder), the record offset, its digest."""

    warc_file: str
    warc_offset: int
    payload_digest: str
    revisit: bool  # this response was stored as a revisit of an earlier identical payload


@dataclass(frozen=True, slots=True)
class Exchange:
    """One HTTP request/response pair to archive. `body` is the payload after Content-Encoding decoding."""

    source: str
    requested_url: str
    url: str  # the URL that answered (after redirects), the WARC-Target-URI
    request_headers: tuple[tuple[str, str], ...]
    status: int
    reason: str
    http_version: str
    response_headers: tuple[tuple[str, str], ...]
    body: bytes
    fetched_at: datetime


def _request_line(url: str) -> str:
    parts = urlsplit(url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return f"GET {target} HTTP/1.1"


def _stored_headers(exchange: Exchange) -> list[tuple[str, str]]:
    headers = [(k, v) for k, v in exchange.response_headers if k.lower() not in _DROP_HEADERS]
    for key, value in exchange.response_headers:
        if key.lower() == "content-encoding" and value.strip().lower() not in ("", "identity"):
            headers.append((ORIGINAL_ENCODING_HEADER, value))
    headers.append(("Content-Length", str(len(exchange.body))))
    return headers


@dataclass
class _ReadIndex:
    """What this process has read of one folder's digests.tsv."""

    read_to: int  # bytes of complete lines read
    present: frozenset[str]  # the WARC files that existed then
    digests: dict[str, tuple[str, int, str, str]]


# numbered per process, not per archive: a file name is never used twice by one process, even for archives
# opened within one second after a file was deleted (old index lines name the deleted file)
_file_numbers = itertools.count(1)
_read_indexes: dict[Path, _ReadIndex] = {}
_read_lock = threading.Lock()


def _ends_with_newline(path: Path) -> bool:
    with open(path, "rb") as handle:
        handle.seek(-1, os.SEEK_END)
        return handle.read(1) == b"\n"


_WARC_DATE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z")


def _read_digest_index(folder: Path) -> dict[str, tuple[str, int, str, str]]:
    """digest -> (file, offset, uri, date) of the first stored payload with that digest, in a WARC file that
    still exists. The index only grows, so a process that opens archives in the same folder again and again
    (a backfill: every chunk) reads only the lines added since its last look, unless a WARC file was
    deleted meanwhile."""
    path = folder / INDEX_NAME
    if not path.exists():
        return {}
    with _read_lock:
        return dict(_read_index_locked(path, folder))


def _read_index_locked(path: Path, folder: Path) -> dict[str, tuple[str, int, str, str]]:
    key = path.resolve()
    known = _read_indexes.get(key)
    start, digests = 0, {}
    if known is not None and path.stat().st_size >= known.read_to:
        start, digests = known.read_to, dict(known.digests)
    with open(path, "rb") as handle:
        handle.seek(start)
        data = handle.read()
    # listed after the read: a file named by a line just read was written before its line, so it is here
    # unless it was deleted
    present = frozenset(p.name for p in folder.glob("*.warc.gz"))
    if start and known is not None and not known.present <= present:  # a file was deleted: read it all
        del _read_indexes[key]
        return _read_index_locked(path, folder)
    complete = data.rfind(b"\n") + 1  # a torn last line (a crash, or a writer mid-line) waits
    for line in data[:complete].decode("utf-8", errors="replace").split("\n"):
        fields = line.split("\t")
        if len(fields) != 5 or not fields[2].isdigit():
            continue  # a line torn by a crash, with the next run's line appended to it
        digest, name, offset, uri, date = fields
        if not _WARC_DATE.fullmatch(date):
            continue  # a line torn inside its date by a crash (the next run closed it)
        if name in present:  # a deleted WARC file no longer holds payloads to point at
            digests.setdefault(digest, (name, int(offset), uri, date))
    _read_indexes[key] = _ReadIndex(start + complete, present, digests)
    return digests


class WarcArchive:
    """Append-only WARC archive in `folder`. Use as a context manager (or call close()).

    `max_file_bytes`: a new file is started once the current one is larger than this."""

    def __init__(self, folder: Path | str, max_file_bytes: int = 1 << 30, prefix: str = "ingest") -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._max = max_file_bytes
        self._prefix = prefix
        self._lock = threading.Lock()
        self._handle: BinaryIO | None = None
        self._name = ""
        self._digests: dict[str, tuple[str, int, str, str]] = self._load_index()
        self._index = open(self.folder / INDEX_NAME, "a", encoding="utf-8")
        if self._index.tell() and not _ends_with_newline(self.folder / INDEX_NAME):
            self._index.write("\n")  # close a line torn by a crash, so that this run's lines stay whole
        self.records_written = 0
        self.revisits_written = 0

    def _load_index(self) -> dict[str, tuple[str, int, str, str]]:
        return _read_digest_index(self.folder)

    def original_of(self, digest: str) -> tuple[str, int, str, str] | None:
        """(file, offset, uri, warc_date) of the stored payload with this digest, if any."""
        return self._digests.get(digest)

    def _open_next(self) -> None:
        self._close_file()
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        while True:
            name = f"{self._prefix}-{stamp}-{os.getpid()}-{next(_file_numbers):05d}.warc.gz"
            if not (self.folder / name).exists():
                break
        self._name = name
        self._handle = open(self.folder / name, "ab")
        info = BytesIO()
        WARCWriter(info, gzip=True).write_record(
            WARCWriter(BytesIO()).create_warcinfo_record(name, {"software": "ingest.fetch", "format": "WARC/1.0"}))
        self._handle.write(info.getvalue())
        self._handle.flush()

    def write(self, exchange: Exchange) -> ArchiveRef:
        """Archive a request/response pair; returns where the payload is stored."""
        with self._lock:
            if self._handle is None or self._handle.tell() > self._max:
                self._open_next()
            assert self._handle is not None
            digest = payload_digest(exchange.body)
            original = self._digests.get(digest)
            date = datetime_to_iso_date(exchange.fetched_at.astimezone(timezone.utc).replace(tzinfo=None))
            response, request = self._records(exchange, digest, date, original)
            base = self._handle.tell()
            self._handle.write(gzip_member(response) + gzip_member(request))
            self._handle.flush()
            self.records_written += 1
            if original is not None:
                self.revisits_written += 1
                return ArchiveRef(original[0], original[1], digest, True)
            self._digests[digest] = (self._name, base, exchange.url, date)
            self._index.write(f"{digest}\t{self._name}\t{base}\t{exchange.url}\t{date}\n")
            self._index.flush()
            return ArchiveRef(self._name, base, digest, False)

    @staticmethod
    def _records(exchange: Exchange, digest: str, date: str,
                 original: tuple[str, int, str, str] | None) -> tuple[bytes, bytes]:
        """The response (or revisit) record and its request record, each serialised uncompressed."""
        extra = ((SOURCE_HEADER, exchange.source), (REQUESTED_HEADER, exchange.requested_url))
        status_line = f"{exchange.http_version} {exchange.status} {exchange.reason}".strip()
        head = http_head(status_line, _stored_headers(exchange))
        response_id = record_id()
        if original is not None:
            response = revisit_record(exchange.url, response_id, date, extra, head, digest, original[2], original[3])
        else:
            response = response_record(exchange.url, response_id, date, extra, head, exchange.body, digest)
        request = request_record(exchange.url, record_id(), date, extra,
                                 http_head(_request_line(exchange.url), exchange.request_headers), response_id)
        return response, request

    def _close_file(self) -> None:
        if self._handle is not None:
            self._handle.flush()
            os.fsync(self._handle.fileno())
            self._handle.close()
            self._handle = None

    def close(self) -> None:
        with self._lock:
            self._close_file()
            if not self._index.closed:
                self._index.close()

    def __enter__(self) -> WarcArchive:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()
