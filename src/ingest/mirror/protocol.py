"""The contract between the mirror server and pluggable request handlers (e.g. ingest.mirror.faults).

A handler is ``async def handle(request: MirrorRequest, state: dict[str, object]) -> MirrorResponse``.
``state`` is one dict per running server, so a handler can count attempts ("500 then 200").
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class MirrorRequest:
    method: str
    host: str  # lower case, without the port
    target: str  # path + query, as sent on the request line
    headers: tuple[tuple[str, str], ...]  # header names lower case, in arrival order

    def header(self, name: str) -> str | None:
        """The first value of header `name` (case-insensitive), or None."""
        wanted = name.lower()
        for key, value in self.headers:
            if key == wanted:
                return value
        return None


@dataclass(frozen=True, slots=True)
class MirrorResponse:
    status: int
    headers: tuple[tuple[str, str], ...]  # sent verbatim; if no content-length is given, the server adds one
    body: bytes | AsyncIterator[bytes] = b""  # an async iterator is streamed chunk by chunk (it may sleep)
    close_after: bool = False  # close the connection after writing (e.g. body shorter than its length)
