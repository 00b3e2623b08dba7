"""`ingest events --published YYYY-MM-DD FILE`: print the events a text or HTML article states, as JSON lines.

One JSON object per event statement: mentions of one sentence with the same type, date and numbers are
printed once with all their partners.
"""

from __future__ import annotations

import gzip
import json
import sys
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, TextIO

from ingest.events.dates import KYIV
from ingest.events.extractor import extract_mentions
from ingest.records import EventMention

_HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")


class EventsInputError(OSError):
    """The file given to `ingest events` cannot be read."""


def read_article(path: str) -> tuple[str, str | None]:
    """(body, language) of a text or HTML file; HTML goes through ingest.extract.extract_page."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise EventsInputError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if p.name.lower().endswith(".gz"):
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as exc:
            raise EventsInputError(f"{path} is not a valid gzip file: {exc}") from exc
    head = raw[:2048].lstrip().lower()
    if p.name.lower().endswith(_HTML_SUFFIXES) or head.startswith((b"<!doctype html", b"<html")):
        from ingest.extract.cli import decode_html
        from ingest.extract.page import extract_page

        page = extract_page(decode_html(raw), url=p.resolve().as_uri())
        return page.body, page.language
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        raise EventsInputError(f"{path} is neither HTML nor UTF-8 text: {exc}") from exc


def group_mentions(mentions: list[EventMention]) -> list[dict[str, Any]]:
    """JSON-ready event objects; one per (sentence, type, date, count, ordinal), partners collected."""
    grouped: dict[tuple[object, ...], dict[str, Any]] = {}
    for m in mentions:
        key = (m.evidence_start, m.event_type, m.event_date, m.count, m.ordinal, m.count_scope)
        obj = grouped.get(key)
        if obj is None:
            obj = grouped[key] = {
                "type": m.event_type,
                "partners": [],
                "event_date": m.event_date.isoformat() if m.event_date else None,
                "date_precision": m.date_precision,
                "date_is_event": m.date_is_event,
                "count": m.count,
                "count_scope": m.count_scope,
                "ordinal": m.ordinal,
                "people": list(m.people),
                "confidence": m.confidence,
                "evidence": m.evidence,
                "evidence_start": m.evidence_start,
                "evidence_end": m.evidence_end,
                "extractor_version": m.extractor_version,
            }
        if m.partner is not None and m.partner not in obj["partners"]:
            obj["partners"].append(m.partner)
    return list(grouped.values())


def events_command(path: str, published: date, out: TextIO) -> int:
    """Print one JSON object per event in the article at `path`; returns the exit status."""
    try:
        body, language = read_article(path)
    except EventsInputError as exc:
        print(f"ingest events: {exc}", file=sys.stderr)
        return 2
    anchor = datetime.combine(published, time(12, 0), tzinfo=KYIV)
    mentions = extract_mentions(Path(path).resolve().as_uri(), body, anchor, language)
    for obj in group_mentions(mentions):
        out.write(json.dumps(obj, ensure_ascii=False) + "\n")
    return 0
