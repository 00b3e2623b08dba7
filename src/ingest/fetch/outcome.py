"""Turn a finished HTTP response into a Page (or a recorded skip/failure). Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ingest.fetch.archive import ArchiveRef
from ingest.fetch.charset import decode_body
from ingest.fetch.config import FetchRequest
from ingest.fetch.content import GZIP_MAGIC, ContentKind, classify, media_type
from ingest.fetch.decompress import CorruptEncoding, DecompressedTooLarge, gunzip_capped
from ingest.fetch.errors import FetchError, TerminalFetchError
from ingest.fetch.exchange import RawResponse
from ingest.fetch.policy import error_kind_for_status, is_transient
from ingest.records import Page


@dataclass(frozen=True, slots=True)
class FetchOutcome:
    """The end result for one FetchRequest in this call."""

    request: FetchRequest
    page: Page | None  # set when the URL gave a usable page (2xx with a body, or 304)
    kind: ContentKind | None  # html / feed / sitemap / other, when a body arrived
    error_kind: str | None  # the last attempt's error kind; None on success
    error_detail: str | None
    attempts: int
    status: int | None  # last HTTP status seen
    decode_errors: bool = False  # some bytes were undecodable and replaced

    @property
    def ok(self) -> bool:
        return self.page is not None

    @property
    def transient(self) -> bool:
        """True when the URL should stay pending and be tried again in a later run."""
        return self.error_kind is not None and is_transient(self.error_kind)


@dataclass(frozen=True, slots=True)
class Interpreted:
    page: Page | None
    kind: ContentKind | None
    error: FetchError | None
    decode_errors: bool = False


def document_bytes(body: bytes, cap: int) -> bytes:
    """The document inside a body: a gzip file (sitemap.xml.gz) is opened, anything else is returned as is."""
    if not body.startswith(GZIP_MAGIC):
        return body
    try:
        return gunzip_capped(body, cap)
    except DecompressedTooLarge as exc:
        raise TerminalFetchError("decompression_bomb", f"gzip file decompresses past {cap} bytes") from exc
    except CorruptEncoding as exc:
        raise TerminalFetchError("bad_encoding", f"corrupt gzip file: {exc}") from exc


def interpret(request: FetchRequest, response: RawResponse, fetched_at: datetime, ref: ArchiveRef | None,
              decompressed_cap: int) -> Interpreted:
    """Page for a 2xx/304 response, else the error the status stands for."""
    status_error = error_kind_for_status(response.status)
    if status_error is not None:
        return Interpreted(None, None, _status_error(status_error, response))
    common = dict(source=request.source, url=request.url, final_url=response.url, status=response.status,
                  fetched_at=fetched_at, etag=response.header("etag") or (request.etag if response.status == 304
                                                                            else None),
                  last_modified=response.header("last-modified") or (request.last_modified
                                                                     if response.status == 304 else None))
    content_type = response.header("content-type") or ""
    if response.status == 304:
        return Interpreted(Page(content_type=media_type(content_type), text="", **common), None, None)  # type: ignore[arg-type]
    if not response.body:
        return Interpreted(None, None, _status_error("empty_body", response))
    try:
        document = document_bytes(response.body, decompressed_cap)
    except FetchError as exc:
        return Interpreted(None, None, exc)
    kind = classify(content_type, response.url, document[:8192])
    if kind == "other":
        return Interpreted(None, kind, TerminalFetchError(
            "unsupported_type", f"{media_type(content_type) or 'no content type'} at {response.url} skipped",
            response.status))
    decoded = decode_body(document, content_type)
    page = Page(content_type=media_type(content_type) or ("text/html" if kind == "html" else "application/xml"),
                text=decoded.text,
                payload_digest=ref.payload_digest if ref else None,
                warc_file=ref.warc_file if ref else None,
                warc_offset=ref.warc_offset if ref else None,
                **common)  # type: ignore[arg-type]
    return Interpreted(page, kind, None, decoded.had_errors)


def _status_error(kind: str, response: RawResponse) -> FetchError:
    from ingest.fetch.errors import fetch_error

    detail = f"HTTP {response.status} from {response.url}" if kind != "empty_body" else \
        f"HTTP {response.status} with an empty body from {response.url}"
    return fetch_error(kind, detail, response.status)
