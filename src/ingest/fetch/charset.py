"""Decode a response body to text: BOM, HTTP charset, <meta>/XML declaration, then detection. Never raises
on bad bytes (undecodable sequences become U+FFFD)."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import Literal

from charset_normalizer import from_bytes

CharsetSource = Literal["bom", "header", "meta", "xml", "utf-8", "detected", "fallback"]

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)["']""", re.IGNORECASE)
_HEAD_BYTES = 4096


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str  # Python codec name actually used
    source: CharsetSource  # where the encoding came from
    had_errors: bool  # some bytes could not be decoded and were replaced


def normalise_charset(label: str | None) -> str | None:
    """A Python codec name for a charset label, or None if unknown. WHATWG maps latin-1/ascii to cp1252."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in ("iso-8859-1", "latin1", "latin-1", "us-ascii", "ascii"):
        label = "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def charset_from_content_type(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header value, as given (not validated)."""
    if not content_type:
        return None
    for param in content_type.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip("\"'") or None
    return None


def sniff_declared(body: bytes) -> tuple[str, CharsetSource] | None:
    """Encoding declared inside the document: XML declaration or <meta charset>/http-equiv in the head."""
    head = body[:_HEAD_BYTES]
    xml = _XML_ENCODING.match(head)
    if xml and (name := normalise_charset(xml.group(1).decode("ascii", "replace"))):
        return name, "xml"
    meta = _META_CHARSET.search(head)
    if meta and (name := normalise_charset(meta.group(1).decode("ascii", "replace"))):
        return name, "meta"
    return None


def _decode(body: bytes, encoding: str, source: CharsetSource) -> Decoded:
    try:
        return Decoded(body.decode(encoding), encoding, source, False)
    except UnicodeDecodeError:
        return Decoded(body.decode(encoding, errors="replace"), encoding, source, True)


def _misdeclared_utf8(result: Decoded, body: bytes) -> bool:
    """A page labelled UTF-8 but written in a legacy charset (every non-ASCII run fails): detect instead.
    A few bad bytes in a real UTF-8 page keep the label (they become U+FFFD)."""
    if result.encoding != "utf-8" or not result.had_errors:
        return False
    bad = result.text.count("\ufffd")
    non_ascii = sum(1 for byte in body if byte > 0x7F)
    return bad > 20 and bad * 4 > non_ascii


def decode_body(body: bytes, content_type_header: str | None = None) -> Decoded:
    """Decode `body` following the order BOM > HTTP header > document declaration > UTF-8 > detection."""
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return _decode(body[len(bom):], encoding, "bom")
    declared = normalise_charset(charset_from_content_type(content_type_header))
    if declared:
        result = _decode(body, declared, "header")
        if not _misdeclared_utf8(result, body):
            return result
    sniffed = sniff_declared(body)
    if sniffed:
        result = _decode(body, *sniffed)
        if not _misdeclared_utf8(result, body):
            return result
    try:
        return Decoded(body.decode("utf-8"), "utf-8", "utf-8", False)
    except UnicodeDecodeError:
        pass
    best = from_bytes(body[:200_000]).best()
    if best is not None and (name := normalise_charset(best.encoding)):
        return _decode(body, name, "detected")
    return _decode(body, "utf-8", "fallback")
