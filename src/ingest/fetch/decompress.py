"""Streaming Content-Encoding decoding with a hard cap on decompressed bytes (gzip/brotli bombs stop early)."""

from __future__ import annotations

import zlib
from typing import Protocol

import brotli  # type: ignore[import-untyped]


class DecompressedTooLarge(Exception):
    """The body decompresses to more than the configured cap."""


class CorruptEncoding(Exception):
    """The body is not valid for its declared Content-Encoding."""


class UnsupportedEncoding(Exception):
    """A Content-Encoding this fetcher does not speak (e.g. zstd, compress)."""


class _Stage(Protocol):
    def feed(self, data: bytes, limit: int) -> bytes: ...
    def flush(self, limit: int) -> bytes: ...


class _Identity:
    def feed(self, data: bytes, limit: int) -> bytes:
        return data

    def flush(self, limit: int) -> bytes:
        return b""


class _Zlib:
    """gzip (all members) or deflate (zlib-wrapped or raw)."""

    def __init__(self, wbits: int) -> None:
        self._wbits = wbits
        self._obj = zlib.decompressobj(wbits)
        self._raw_fallback = wbits == zlib.MAX_WBITS  # deflate: some servers send raw deflate
        self._started = False

    def feed(self, data: bytes, limit: int) -> bytes:
        out = bytearray()
        pending = data
        while pending:
            try:
                out += self._obj.decompress(pending, max(1, limit + 1 - len(out)))
            except zlib.error as exc:
                if self._raw_fallback and not self._started:
                    self._obj = zlib.decompressobj(-zlib.MAX_WBITS)
                    self._raw_fallback = False
                    continue
                raise CorruptEncoding(str(exc)) from exc
            self._started = True
            if len(out) > limit:
                raise DecompressedTooLarge()
            if self._obj.unconsumed_tail:
                pending = self._obj.unconsumed_tail
            elif self._obj.eof and self._obj.unused_data:
                pending = self._obj.unused_data  # next gzip member
                self._obj = zlib.decompressobj(self._wbits)
            else:
                pending = b""
        return bytes(out)

    def flush(self, limit: int) -> bytes:
        out = self._obj.flush()
        if len(out) > limit:
            raise DecompressedTooLarge()
        return out


class _Brotli:
    def __init__(self) -> None:
        self._obj = brotli.Decompressor()

    def feed(self, data: bytes, limit: int) -> bytes:
        out = bytearray()
        try:
            out += self._obj.process(data, output_buffer_limit=limit + 1)
            while len(out) <= limit and not self._obj.can_accept_more_data() and not self._obj.is_finished():
                out += self._obj.process(b"", output_buffer_limit=limit + 1 - len(out))
        except brotli.error as exc:
            raise CorruptEncoding(str(exc)) from exc
        if len(out) > limit:
            raise DecompressedTooLarge()
        return bytes(out)

    def flush(self, limit: int) -> bytes:
        return b""


def _stage(coding: str) -> _Stage:
    if coding in ("", "identity"):
        return _Identity()
    if coding in ("gzip", "x-gzip"):
        return _Zlib(16 + zlib.MAX_WBITS)
    if coding == "deflate":
        return _Zlib(zlib.MAX_WBITS)
    if coding == "br":
        return _Brotli()
    raise UnsupportedEncoding(coding)


class CappedDecoder:
    """Feed raw body chunks, get decoded bytes; raises DecompressedTooLarge once the output passes `cap`.
    `content_encoding` is the header value; several codings ("gzip, br") are undone in reverse order."""

    def __init__(self, content_encoding: str | None, cap: int) -> None:
        codings = [c.strip().lower() for c in (content_encoding or "").split(",") if c.strip()]
        self._stages = [_stage(c) for c in reversed(codings)]
        self._cap = cap
        self.total = 0

    def _run(self, data: bytes, final: bool) -> bytes:
        for stage in self._stages:
            data = stage.feed(data, self._cap - self.total)
            if final:
                data += stage.flush(self._cap - self.total)
        self.total += len(data)
        if self.total > self._cap:
            raise DecompressedTooLarge()
        return data

    def feed(self, chunk: bytes) -> bytes:
        return self._run(chunk, final=False)

    def finish(self) -> bytes:
        return self._run(b"", final=True)


def gunzip_capped(body: bytes, cap: int) -> bytes:
    """Decompress a gzip file body (e.g. sitemap.xml.gz), stopping past `cap` bytes."""
    decoder = CappedDecoder("gzip", cap)
    return decoder.feed(body) + decoder.finish()
