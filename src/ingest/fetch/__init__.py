"""Fetch stage: polite, guarded, retried HTTP fetching with a raw WARC archive.

    from ingest.fetch import FetchConfig, FetchRequest, WarcArchive, fetch_batch
    with WarcArchive(raw_dir) as archive:
        batch = fetch_batch([FetchRequest("rubryka-en", url, "article", ("rubryka.com",))],
                            FetchConfig(host_map={"*": "127.0.0.1:8765"}), archive)
"""

from ingest.fetch.advice import blocked_advice
from ingest.fetch.archive import ArchiveRef, WarcArchive
from ingest.fetch.archive_reader import iter_archive, read_payload
from ingest.fetch.batch import FetchBatch, FetchSession, count_outcomes, fetch_all, fetch_batch
from ingest.fetch.charset import decode_body
from ingest.fetch.config import DEFAULT_USER_AGENT, FetchConfig, FetchInputError, FetchRequest
from ingest.fetch.content import ContentKind, classify
from ingest.fetch.errors import FetchError, TerminalFetchError, TransientFetchError
from ingest.fetch.outcome import FetchOutcome
from ingest.fetch.policy import TERMINAL_ERROR_KINDS, TRANSIENT_ERROR_KINDS, is_transient
from ingest.fetch.robots import RobotsCache
from ingest.fetch.warc_records import payload_digest

__all__ = [
    "ArchiveRef", "ContentKind", "DEFAULT_USER_AGENT", "FetchBatch", "FetchConfig", "FetchError",
    "FetchInputError", "FetchOutcome", "FetchRequest", "FetchSession", "RobotsCache", "TERMINAL_ERROR_KINDS",
    "TRANSIENT_ERROR_KINDS", "TerminalFetchError", "TransientFetchError", "WarcArchive", "blocked_advice",
    "classify", "count_outcomes", "decode_body", "fetch_all", "fetch_batch", "is_transient", "iter_archive",
    "payload_digest", "read_payload",
]
