"""Exceptions raised inside one fetch attempt; each carries the error kind recorded in FetchAttempt."""

from __future__ import annotations

from ingest.fetch.policy import TRANSIENT_ERROR_KINDS


class FetchError(Exception):
    """An attempt failed; `kind` is the FetchAttempt.error_kind, `detail` a one-line explanation."""

    def __init__(self, kind: str, detail: str, status: int | None = None) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail
        self.status = status


class TransientFetchError(FetchError):
    """May succeed if asked again (timeouts, connection errors, 5xx, 429)."""


class DeferredFetchError(TransientFetchError):
    """Not attempted on the wire in this run (the host asked for a longer pause than the cap): retry next run."""


class TerminalFetchError(FetchError):
    """Will not change by asking again (guard refusals, caps, 4xx, robots)."""


def fetch_error(kind: str, detail: str, status: int | None = None) -> FetchError:
    """The right exception type for `kind`."""
    cls = TransientFetchError if kind in TRANSIENT_ERROR_KINDS else TerminalFetchError
    return cls(kind, detail, status)
