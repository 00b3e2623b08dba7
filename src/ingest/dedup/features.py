"""Per-article features beyond the signature: source family, outlets credited, names and numbers stated."""

from __future__ import annotations

import re
from functools import lru_cache

from ingest.dedup.tables import load_tables, strip_marks

_LANGUAGE_SUFFIX = re.compile(r"-[a-z]{2}$")
_NON_WORD = re.compile(r"[\W_]+")
FACT_WINDOW = 800  # characters of the cleaned text scanned for facts (leads state names and numbers)
CREDIT_WINDOW = 1500  # characters scanned for credited outlets
_ASCII_TO_SPACE = str.maketrans({chr(c): " " for c in range(128) if not chr(c).isalnum()})


@lru_cache(maxsize=4096)
def source_family(source: str) -> str:
    """The outlet a source belongs to, its language edition suffix dropped: president-en -> president."""
    return _LANGUAGE_SUFFIX.sub("", source.strip().lower())


def credited_families(cleaned_text: str) -> tuple[str, ...]:
    """Source families the text names ("according to Ukrinform", "Rubryka reports", "the Office of the
    President announced"), sorted."""
    head = cleaned_text[:CREDIT_WINDOW]
    return tuple(sorted({family for phrase, family in load_tables().credit_aliases if phrase in head}))


@lru_cache(maxsize=1)
def _fact_index() -> dict[str, tuple[tuple[str, str], ...]]:
    """fact prefixes grouped by their first three characters (without the leading space)."""
    grouped: dict[str, list[tuple[str, str]]] = {}
    for prefix, fact in load_tables().fact_names:
        grouped.setdefault(prefix[1:4].strip(), []).append((prefix, fact))
    return {k: tuple(v) for k, v in grouped.items()}


def stated_facts(cleaned_text: str, title: str | None = None) -> tuple[str, ...]:
    """Language-independent facts of the lead: numbers ("n:12") and canonical names/countries ("ZELENSKYY",
    "IT"), sorted. Used to pair editions of one release in different languages."""
    head = cleaned_text[:FACT_WINDOW]
    if title:
        head = strip_marks(title) + "\n" + head
    if head.isascii():
        spaced = " " + head.translate(_ASCII_TO_SPACE) + " "
    else:
        spaced = " " + _NON_WORD.sub(" ", head) + " "
    words = spaced.split()
    numbers = {"n:" + str(int(w)) for w in words if w.isdigit() and len(w) <= 9}
    index = _fact_index()
    names = {
        fact
        for stem in {w[:3] for w in words} & index.keys()
        for prefix, fact in index[stem]
        if prefix in spaced
    }
    return tuple(sorted(numbers | names))
