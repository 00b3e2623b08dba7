"""`ingest extract FILE_OR_DIR... [--url URL]`: print one JSON object per HTML page.

Reads .html, .htm and .html.gz files (directories are walked recursively, in sorted order). Bytes are
decoded by the <meta charset> / BOM, falling back to charset detection.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

from ingest.extract.errors import ExtractInputReadError, ExtractionError
from ingest.extract.page import extract_page
from ingest.records import ExtractedPage

HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)


def _is_html_file(path: Path) -> bool:
    return path.name.lower().endswith(HTML_SUFFIXES)


def iter_html_files(paths: Sequence[str]) -> Iterator[Path]:
    """Files named directly (whatever their suffix), and HTML files found under directories."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and _is_html_file(p))
        elif path.exists():
            yield path
        else:
            raise ExtractInputReadError(f"no such file or directory: {raw}")


def decode_html(data: bytes) -> str:
    """Decode page bytes: BOM, then <meta charset>, then UTF-8, then charset detection."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    found = _META_CHARSET.search(data[:4096])
    if found:
        try:
            return data.decode(found.group(1).decode("ascii"), errors="replace")
        except LookupError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        return str(best) if best is not None else data.decode("latin-1")


def read_html_file(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ExtractInputReadError(f"cannot read {path}: {exc}") from exc
    if path.name.lower().endswith(".gz"):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise ExtractInputReadError(f"{path} is not valid gzip: {exc}") from exc
    return decode_html(data)


def page_to_json(page: ExtractedPage, path: str) -> dict[str, object]:
    return {
        "path": path,
        "title": page.title,
        "published": page.published.isoformat() if page.published else None,
        "modified": page.modified.isoformat() if page.modified else None,
        "authors": list(page.authors),
        "language": page.language,
        "canonical_url": page.canonical_url,
        "page_type": page.page_type,
        "alternates": [list(a) for a in page.alternates],
        "body": page.body,
    }


def extract_command(paths: Sequence[str], url: str | None, out: TextIO) -> int:
    """Extract every page; print one JSON line each. Returns 0, or 1 if any file failed (reported on
    stderr as a JSON line with "error"), or 2 when no input files were found."""
    failures = 0
    seen = 0
    try:
        files = list(iter_html_files(paths))
    except ExtractInputReadError as exc:
        print(json.dumps({"error": str(exc)}), file=sys.stderr)
        return 2
    if not files:
        print(json.dumps({"error": f"no .html/.html.gz files in {list(paths)}"}), file=sys.stderr)
        return 2
    for path in files:
        seen += 1
        try:
            page = extract_page(read_html_file(path), url)
        except (ExtractionError, ExtractInputReadError) as exc:
            failures += 1
            print(json.dumps({"path": str(path), "error": f"{type(exc).__name__}: {exc}"}), file=sys.stderr)
            continue
        out.write(json.dumps(page_to_json(page, str(path)), ensure_ascii=False) + "\n")
    return 1 if failures else 0
