"""The comparison tables of data/variants.json, loaded once and normalised like the text they are matched to."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
import numpy.typing as npt


class DedupDataError(ValueError):
    """data/variants.json is missing a table or holds a malformed entry."""


SEPARATOR, WORD, MARK = 0, 1, 2


_UNSEEN = 255
# the class of each code point, looked up on its first sight: filling a table of the whole code space takes
# ~0.7 s per process, and texts use a few hundred code points
_classes = np.full(0x110000, _UNSEEN, dtype=np.uint8)


def char_classes(codes: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint8]:
    """Class of each code point in `codes`: MARK (combining, dropped), WORD (str.isalnum), SEPARATOR (the
    rest)."""
    classes = _classes[codes]
    unseen = classes == _UNSEEN
    if unseen.any():
        for code in np.unique(codes[unseen]).tolist():
            ch = chr(code)
            _classes[code] = MARK if unicodedata.combining(ch) else WORD if ch.isalnum() else SEPARATOR
        classes = _classes[codes]
    return classes


def strip_marks(text: str) -> str:
    """NFKD compatibility decomposition, case folding, combining marks (diacritics) removed."""
    decomposed = unicodedata.normalize("NFKD", text).casefold()
    if decomposed.isascii():
        return decomposed
    codes = np.frombuffer(decomposed.encode("utf-32-le"), dtype=np.uint32)
    return str(codes[char_classes(codes) != MARK].tobytes().decode("utf-32-le"))


@dataclass(frozen=True, slots=True)
class VariantTables:
    token_folds: dict[str, str]
    chrome_lines: frozenset[str]
    chrome_prefixes: tuple[str, ...]
    tail_markers: frozenset[str]
    credit_aliases: tuple[tuple[str, str], ...]  # (phrase, source family), longest phrase first
    host_aliases: dict[str, str]
    path_prefix_strips: dict[str, tuple[str, ...]]
    fact_names: tuple[tuple[str, str], ...]  # (" " + word prefix, canonical fact)


def _str_map(raw: object, name: str) -> dict[str, str]:
    if not isinstance(raw, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in raw.items()):
        raise DedupDataError(f"variants.json: {name!r} must be an object of strings")
    return dict(raw)


def _str_list(raw: object, name: str) -> list[str]:
    if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
        raise DedupDataError(f"variants.json: {name!r} must be a list of strings")
    return list(raw)


def _line_key(line: str) -> str:
    return strip_marks(line).strip().rstrip(":").strip()


@lru_cache(maxsize=1)
def load_tables() -> VariantTables:
    text = resources.files("ingest.dedup").joinpath("data/variants.json").read_text(encoding="utf-8")
    raw = json.loads(text)
    if not isinstance(raw, dict):
        raise DedupDataError("variants.json must hold a JSON object")
    folds = {strip_marks(k): strip_marks(v) for k, v in _str_map(raw.get("token_folds"), "token_folds").items()}
    credits_raw = raw.get("credit_aliases")
    if not isinstance(credits_raw, dict):
        raise DedupDataError("variants.json: 'credit_aliases' must be an object of lists")
    credits = [
        (strip_marks(phrase), family)
        for family, phrases in credits_raw.items()
        for phrase in _str_list(phrases, f"credit_aliases.{family}")
    ]
    credits.sort(key=lambda item: (-len(item[0]), item[0]))
    strips_raw = raw.get("path_prefix_strips")
    if not isinstance(strips_raw, dict):
        raise DedupDataError("variants.json: 'path_prefix_strips' must be an object of lists")
    strips = {
        host.lower(): tuple(_str_list(prefixes, f"path_prefix_strips.{host}"))
        for host, prefixes in strips_raw.items()
    }
    facts_raw = raw.get("fact_names")
    if not isinstance(facts_raw, dict):
        raise DedupDataError("variants.json: 'fact_names' must be an object of lists")
    fact_names = tuple(
        (" " + strip_marks(prefix), fact)
        for fact, prefixes in facts_raw.items()
        for prefix in _str_list(prefixes, f"fact_names.{fact}")
    )
    return VariantTables(
        token_folds=folds,
        chrome_lines=frozenset(_line_key(v) for v in _str_list(raw.get("chrome_lines"), "chrome_lines")),
        chrome_prefixes=tuple(strip_marks(v) for v in _str_list(raw.get("chrome_prefixes"), "chrome_prefixes")),
        tail_markers=frozenset(_line_key(v) for v in _str_list(raw.get("tail_markers"), "tail_markers")),
        credit_aliases=tuple(credits),
        host_aliases={k.lower(): v.lower() for k, v in _str_map(raw.get("host_aliases"), "host_aliases").items()},
        path_prefix_strips=strips,
        fact_names=fact_names,
    )


def line_key(line: str) -> str:
    """How a line is compared with chrome_lines and tail_markers."""
    return _line_key(line)
