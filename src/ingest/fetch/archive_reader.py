"""Read the raw archive back as Page records (for `ingest reprocess`: rerun extraction with no network).
A torn last record (crash mid-write) ends that file's reading with a warning, never an exception."""

from __future__ import annotations

import logging
import zlib
from collections.abc import Collection, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator  # type: ignore[import-untyped]
from warcio.exceptions import ArchiveLoadFailed  # type: ignore[import-untyped]
from warcio.timeutils import iso_date_to_datetime  # type: ignore[import-untyped]

from ingest.fetch.archive import INDEX_NAME, REQUESTED_HEADER, SOURCE_HEADER
from ingest.fetch.charset import decode_body
from ingest.fetch.content import ContentKind, classify, media_type
from ingest.fetch.errors import FetchError
from ingest.fetch.outcome import document_bytes
from ingest.records import Page

log = logging.getLogger("ingest.fetch")

_READ_ERRORS = (ArchiveLoadFailed, zlib.error, EOFError, OSError, ValueError)
DEFAULT_KINDS: tuple[ContentKind, ...] = ("html", "feed", "sitemap")


def read_payload(folder: Path | str, warc_file: str, warc_offset: int) -> bytes:
    """The payload of the response record at `warc_offset` in `warc_file`."""
    path = Path(folder) / warc_file
    with open(path, "rb") as handle:
        handle.seek(warc_offset)
        for record in ArchiveIterator(handle):
            if record.rec_type != "response":
                raise ValueError(f"{warc_file}@{warc_offset} is a {record.rec_type} record, not a response")
            return bytes(record.content_stream().read())
    raise ValueError(f"no record at {warc_file}@{warc_offset}")


def _load_index(folder: Path) -> dict[str, tuple[str, int]]:
    index: dict[str, tuple[str, int]] = {}
    path = folder / INDEX_NAME
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            fields = line.split("\t")
            if len(fields) == 5 and fields[2].isdigit():
                index.setdefault(fields[0], (fields[1], int(fields[2])))
    return index


def _as_utc(value: datetime | None) -> datetime | None:
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=timezone.utc)


def iter_archive(folder: Path | str, since: datetime | None = None, until: datetime | None = None,
                 hosts: Collection[str] | None = None, sources: Collection[str] | None = None,
                 kinds: Collection[ContentKind] = DEFAULT_KINDS,
                 max_decompressed_bytes: int = 40 * 1024 * 1024) -> Iterator[Page]:
    """Pages (2xx responses and revisits of them) stored in `folder`, file by file in name order.

    since/until: fetch time window (inclusive start, exclusive end; naive datetimes are UTC);
    hosts: host names of the answering URL; sources: source names; kinds: content kinds to yield."""
    root = Path(folder)
    since, until = _as_utc(since), _as_utc(until)
    wanted_hosts = {h.lower() for h in hosts} if hosts is not None else None
    index = _load_index(root)
    for path in sorted(root.glob("*.warc.gz")):
        try:
            with open(path, "rb") as handle:
                iterator = ArchiveIterator(handle)
                for record in iterator:
                    page = _page(root, path.name, iterator, record, index, since, until,
                                 wanted_hosts, sources, kinds, max_decompressed_bytes)
                    if page is not None:
                        yield page
        except _READ_ERRORS as exc:
            log.warning("stopped reading %s at a damaged record (likely an interrupted write): %s", path.name, exc)


def _page(root: Path, name: str, iterator: ArchiveIterator, record: Any, index: dict[str, tuple[str, int]],
          since: datetime | None, until: datetime | None, hosts: set[str] | None,
          sources: Collection[str] | None, kinds: Collection[ContentKind], cap: int) -> Page | None:
    if record.rec_type not in ("response", "revisit") or record.http_headers is None:
        return None
    headers = record.rec_headers
    url = headers.get_header("WARC-Target-URI") or ""
    fetched_at = iso_date_to_datetime(headers.get_header("WARC-Date")).replace(tzinfo=timezone.utc)
    if (since and fetched_at < since) or (until and fetched_at >= until):
        return None
    if hosts is not None and (urlsplit(url).hostname or "").lower() not in hosts:
        return None
    source = headers.get_header(SOURCE_HEADER) or ""
    if sources is not None and source not in sources:
        return None
    status = int(record.http_headers.get_statuscode() or 0)
    if not 200 <= status < 300:
        return None
    digest = headers.get_header("WARC-Payload-Digest")
    if record.rec_type == "response":
        body = bytes(record.content_stream().read())
        where = (name, int(iterator.get_record_offset()))  # only valid once the record is read
    else:
        original = index.get(digest or "")
        if original is None:
            log.warning("revisit of %s in %s points to a payload not in the index; skipped", url, name)
            return None
        body = read_payload(root, *original)
        where = original
    content_type = record.http_headers.get_header("Content-Type") or ""
    try:
        document = document_bytes(body, cap)
    except FetchError:
        return None
    kind = classify(content_type, url, document[:8192])
    if kind not in kinds:
        return None
    return Page(source=source, url=headers.get_header(REQUESTED_HEADER) or url, final_url=url, status=status,
                content_type=media_type(content_type), text=decode_body(document, content_type).text,
                fetched_at=fetched_at, etag=record.http_headers.get_header("ETag"),
                last_modified=record.http_headers.get_header("Last-Modified"), payload_digest=digest,
                warc_file=where[0], warc_offset=where[1])
