"""`ingest dedup --jsonl FILE`: cluster the texts of a JSON-lines file and print {"id", "cluster"} lines."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from typing import TextIO

from ingest.dedup.assign import assign_clusters
from ingest.dedup.config import DedupConfig
from ingest.dedup.index import DedupIndex
from ingest.dedup.models import DedupDoc
from ingest.dedup.urls import InvalidUrlError, canonical_url


class JsonlInputError(ValueError):
    """A line of the input file is not a valid document object."""


def _parse_line(number: int, line: str) -> tuple[str, DedupDoc]:
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        raise JsonlInputError(f"line {number}: not JSON ({exc.msg})") from exc
    if not isinstance(item, dict):
        raise JsonlInputError(f"line {number}: expected an object, got {type(item).__name__}")
    doc_id, text = item.get("id"), item.get("text")
    if not isinstance(doc_id, (str, int)) or isinstance(doc_id, bool):
        raise JsonlInputError(f"line {number}: 'id' must be a string or integer")
    if not isinstance(text, str):
        raise JsonlInputError(f"line {number}: 'text' must be a string")
    published: datetime | None = None
    if item.get("published") is not None:
        try:
            published = datetime.fromisoformat(str(item["published"]))
        except ValueError as exc:
            raise JsonlInputError(f"line {number}: 'published' is not an ISO 8601 date: {item['published']!r}") from exc
    url = item.get("url")
    if url is not None:
        try:
            key = canonical_url(str(url))
        except InvalidUrlError as exc:
            raise JsonlInputError(f"line {number}: {exc}") from exc
    else:
        key = f"urn:jsonl:{doc_id}"
    return str(doc_id), DedupDoc(url=key, text=text, published_at=published, source=str(item.get("source", "")))


def dedup_command(jsonl_path: str, out: TextIO, config: DedupConfig | None = None) -> int:
    """Read {"id", "text", "published"?, "url"?, "source"?} lines, write {"id", "cluster"} lines in input order.
    Lines with the same URL are one article. Returns 0, or 2 after printing the reason to stderr."""
    config = config or DedupConfig()
    ids: list[str] = []
    docs: list[DedupDoc] = []
    try:
        with open(jsonl_path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if line.strip():
                    doc_id, doc = _parse_line(number, line)
                    ids.append(doc_id)
                    docs.append(doc)
    except (OSError, JsonlInputError) as exc:
        print(f"ingest dedup: {jsonl_path}: {exc}", file=sys.stderr)
        return 2
    result = assign_clusters(docs, DedupIndex(config), config)
    for doc_id, assignment in zip(ids, result.assignments, strict=True):
        out.write(json.dumps({"id": doc_id, "cluster": assignment.cluster_id}, ensure_ascii=False) + "\n")
    return 0
