"""Per-article features beyond the signature: source family, outlets credited, names and numbers stated."""

from __future__ import annotations

import re

from ingest.dedup.tables import load_tables, strip_marks

_LANGUAGE_SUFFIX = re.compile(r"-[a-z]{2}$")
_NUMBER = re.compile(r"\d+")
_NON_WORD = re.compile(r"[\W_]+")
FACT_WINDOW = 800  # characters of the cleaned text scanned for facts (leads state names and numbers)
CREDIT_WINDOW = 3000  # characters scanned for credited outlets
_ASCII_TO_SPACE = str.maketrans({chr(c): " " for c in range(128) if not chr(c).isalnum()})


def source_family(source: str) -> str:
    """The outlet a source belongs to, its language edition suffix dropped: president-en -> president."""
    return _LANGUAGE_SUFFIX.sub("", source.strip().lower())


def credited_families(cleaned_text: str) -> tuple[str, ...]:
    """Source families the text names ("according to Ukrinform", "Rubryka reports", "the Office of the
    President announced"), sorted."""
    head = cleaned_text[:CREDIT_WINDOW]
    return tuple(sorted({family for phrase, family in load_tables().credit_aliases if phrase in head}))


def stated_facts(cleaned_text: str, title: str | None = None) -> tuple[str, ...]:
    """Language-independent facts of the lead: numbers ("n:12") and canonical names/countries ("ZELENSKYY",
    "IT"), sorted. Used to pair editions of one release in different languages."""
    head = cleaned_text[:FACT_WINDOW]
    if title:
        head = strip_marks(title) + "\n" + cleaned_text[:FACT_WINDOW]
    numbers = {"n:" + str(int(n)) for n in _NUMBER.findall(head) if len(n) <= 9}
    spaced = " " + (head.translate(_ASCII_TO_SPACE) if head.isascii() else _NON_WORD.sub(" ", head)) + " "
    names = {fact for prefix, fact in load_tables().fact_names if prefix in spaced}
    return tuple(sorted(numbers | names))
