"""Comparison-only text normalisation (stored text stays as extracted).

Steps: NFKD compatibility normalisation (NFKC's folding, plus diacritics dropped), case folding, page chrome
that survived extraction dropped (whole boilerplate lines, repeated lines, and everything after a tail marker
such as "Read more", "Свіжі дописи", "Top article" or a "Background" / "For reference" section that repeats
old news), punctuation removed by tokenising into letter/digit runs, transliteration variants folded
(data/variants.json). `normalise_text` is the reference form; ingest.dedup.tokens computes the same tokens
vectorised.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from operator import methodcaller

from ingest.dedup.tables import load_tables, strip_marks

SHORT_LINE = 80  # longer lines are never chrome lines or tail markers (prefixes are checked on every line)


def clean_for_comparison(text: str) -> str:
    """Case-folded NFKD text without diacritics, chrome lines removed, one kept line per line."""
    if not isinstance(text, str):
        raise TypeError(f"expected article text as str, got {type(text).__name__}")
    tables = load_tables()
    folded = strip_marks(text)
    lines = list(filter(None, map(str.strip, folded.splitlines())))  # C-level loops: most texts stop here
    if (
        not any(map(methodcaller("startswith", tables.chrome_prefixes), lines))
        and len(set(lines)) == len(lines)
        and _markers().isdisjoint(map(str.strip, map(methodcaller("rstrip", ":"), lines)))
    ):
        return "\n".join(lines)
    kept: list[str] = []
    seen: set[str] = set()
    prefixes = tables.chrome_prefixes
    for raw_line in folded.splitlines():
        line = raw_line.strip()
        if not line or line.startswith(prefixes):
            continue
        if len(line) <= SHORT_LINE:  # markers and chrome lines are short
            bare = line.rstrip(":").strip()
            if kept and bare in tables.tail_markers:
                break
            if bare in tables.chrome_lines:
                continue
        if line in seen:
            continue
        seen.add(line)
        kept.append(line)
    return "\n".join(kept)


@lru_cache(maxsize=1)
def _markers() -> frozenset[str]:
    tables = load_tables()
    return tables.chrome_lines | tables.tail_markers


_TOKEN = re.compile(r"[^\W_]+")  # a letter/digit run: exactly the characters str.isalnum accepts


def normalise_tokens(text: str) -> list[str]:
    """The comparison tokens of `text`: letter/digit runs of the cleaned text (which has no combining marks
    left), variants folded."""
    folds = load_tables().token_folds
    return [folds.get(token, token) for token in _TOKEN.findall(clean_for_comparison(text))]


def normalise_text(text: str) -> str:
    """The normalised form of an article body: its comparison tokens joined by single spaces."""
    return " ".join(normalise_tokens(text))


def body_hash(text: str) -> str:
    """sha256 hex digest of `normalise_text(text)` (UTF-8): equal for bodies that differ only in chrome,
    case, punctuation, whitespace, diacritics or transliteration variants."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()
