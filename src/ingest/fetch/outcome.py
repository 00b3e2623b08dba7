"""Turn a finished HTTP response into a Page (or a recorded skip/failure). Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ingest.fetch.archive import ArchiveRef
from ingest.fetch.charset import decode_body
from ingest.fetch.config import FetchRequest
from ingest.fetch.content import GZIP_MAGIC, ContentKind, classify, media_type
from ingest.fetch.decompress import CorruptEncoding, DecompressedTooLarge, gunzip_capped
from ingest.fetch.errors import FetchError, TerminalFetchError, fetch_error
from ingest.fetch.exchange import RawResponse
from ingest.fetch.policy import error_kind_for_status, is_transient
from ingest.pickling import fast_pickling
from ingest.records import Page


@fast_pickling
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
        return Interpreted(None, None, fetch_error(status_error, f"HTTP {response.status} from {response.url}",
                                                   response.status))
    content_type = response.header("content-type") or ""
    not_modified = response.status == 304
    if not not_modified and not response.body:
        return Interpreted(None, None, fetch_error(
            "empty_body", f"HTTP {response.status} with an empty body from {response.url}", response.status))
    kind: ContentKind | None = None
    text, decode_errors = "", False
    if not not_modified:
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
        text, decode_errors = decoded.text, decoded.had_errors
    media = media_type(content_type)
    if not media and kind is not None:
        media = "text/html" if kind == "html" else "application/xml"
    page = Page(
        source=request.source, url=request.url, final_url=response.url, status=response.status,
        content_type=media, text=text, fetched_at=fetched_at,
        etag=response.header("etag") or (request.etag if not_modified else None),
        last_modified=response.header("last-modified") or (request.last_modified if not_modified else None),
        payload_digest=ref.payload_digest if ref else None,
        warc_file=ref.warc_file if ref else None,
        warc_offset=ref.warc_offset if ref else None,
    )
    return Interpreted(page, kind, None, decode_errors)
