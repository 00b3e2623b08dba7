"""Partner and people gazetteers, read from data/partners.csv and data/people.csv.

Matching is case-sensitive for English names (proper nouns), ignores Latin diacritics (Nausėda =
Nauseda), and treats Ukrainian entries as stems that take any case ending (Італі -> Італія, Італією).
People are matched first and their spans hide country words inside names (Luís Montenegro is Portugal's
prime minister, not Montenegro).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Literal

PartnerKind = Literal["name", "demonym", "capital", "person"]

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_FOLD_EXTRA = {"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ß": "s", "æ": "a", "Æ": "A", "’": "'"}


class GazetteerError(ValueError):
    """A gazetteer data file is malformed."""


@dataclass(frozen=True, slots=True)
class Partner:
    iso: str
    name: str


@dataclass(frozen=True, slots=True)
class Person:
    canonical: str
    country: str  # ISO code, "EU", or "UA" for Ukrainian officials
    role: str


@dataclass(frozen=True, slots=True)
class PartnerHit:
    start: int
    end: int
    iso: str
    kind: PartnerKind


@dataclass(frozen=True, slots=True)
class PersonHit:
    start: int
    end: int
    person: Person


def fold(text: str) -> str:
    """Strip diacritics from Latin letters, keeping the length (offsets stay valid). Cyrillic is kept."""
    if text.isascii():
        return text
    out = []
    for ch in text:
        if ch in _FOLD_EXTRA:
            out.append(_FOLD_EXTRA[ch])
        elif ord(ch) < 0x250 and ord(ch) > 0x7F:
            base = unicodedata.normalize("NFKD", ch)[0]
            out.append(base if base.isascii() else ch)
        else:
            out.append(ch)
    return "".join(out)


def _trie_pattern(words: list[str]) -> str:
    """A regex alternation of literal `words`, factored into a character trie (fast to match)."""
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:  # type: ignore[type-arg]
        ends = "" in node
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return "(?:" + body + ")?" if ends else body

    return emit(trie)


@dataclass(frozen=True, slots=True)
class _Table:
    """Literal Latin terms (trie regex, looked up by the folded text) and Cyrillic stem patterns."""

    latin: re.Pattern[str] | None
    latin_keys: dict[str, tuple[str, str]]  # folded term -> (key, kind)
    cyrillic: re.Pattern[str] | None
    cyrillic_entries: tuple[tuple[re.Pattern[str], str, str], ...]

    def find(self, folded: str) -> list[tuple[int, int, str, str]]:
        found: list[tuple[int, int, str, str]] = []
        if self.latin is not None:
            for m in self.latin.finditer(folded):
                key, kind = self.latin_keys[m.group(0)]
                found.append((m.start(), m.end(), key, kind))
        if self.cyrillic is not None and _CYRILLIC.search(folded):
            for m in self.cyrillic.finditer(folded):
                for pattern, key, kind in self.cyrillic_entries:
                    if pattern.fullmatch(m.group(0)):
                        found.append((m.start(), m.end(), key, kind))
                        break
        return found


def _build_table(terms: list[tuple[str, str, str]]) -> _Table:
    latin_keys: dict[str, tuple[str, str]] = {}
    cyrillic: list[tuple[str, str, str]] = []
    for term, key, kind in terms:
        if _CYRILLIC.search(term):
            cyrillic.append((term, key, kind))
        else:
            latin_keys.setdefault(fold(term), (key, kind))
    latin = None
    if latin_keys:
        latin = re.compile(r"(?<![\w.])" + _trie_pattern(list(latin_keys)) + r"(?!\w)")
    cyr = None
    entries: list[tuple[re.Pattern[str], str, str]] = []
    if cyrillic:
        ordered = sorted(cyrillic, key=lambda t: -len(t[0]))
        entries = [(re.compile(r"(?:" + t + r")\w*", re.IGNORECASE), k, kd) for t, k, kd in ordered]
        cyr = re.compile(r"(?<!\w)(?:" + "|".join(t for t, _, _ in ordered) + r")\w*", re.IGNORECASE)
    return _Table(latin, latin_keys, cyr, tuple(entries))


def _split(cell: str) -> list[str]:
    return [v.strip() for v in cell.split("|") if v.strip()]


def _read_csv(name: str, required: tuple[str, ...]) -> list[dict[str, str]]:
    text = resources.files("ingest.events").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    if not rows:
        raise GazetteerError(f"{name}: no rows")
    missing = [c for c in required if c not in rows[0]]
    if missing:
        raise GazetteerError(f"{name}: missing columns {missing}")
    for i, row in enumerate(rows, start=2):
        for c in required[:1]:
            if not (row.get(c) or "").strip():
                raise GazetteerError(f"{name} line {i}: empty {c!r}")
    return rows


@dataclass(frozen=True, slots=True)
class Gazetteer:
    partners: dict[str, Partner]
    people: dict[str, Person]
    _partner_table: _Table
    _person_table: _Table

    def find_people(self, text: str) -> list[PersonHit]:
        return [PersonHit(s, e, self.people[k]) for s, e, k, _ in self._person_table.find(fold(text))]

    def find_all(self, text: str) -> tuple[list[PersonHit], list[PartnerHit]]:
        """People and partners of one text (folds it once)."""
        folded = fold(text)
        people = [PersonHit(s, e, self.people[k]) for s, e, k, _ in self._person_table.find(folded)]
        return people, self._partners(folded, people)

    def find_partners(self, text: str, people: list[PersonHit] | None = None) -> list[PartnerHit]:
        """Partner mentions; words inside people's names are skipped, people abroad count as `person`."""
        folded = fold(text)
        if people is None:
            people = [PersonHit(s, e, self.people[k]) for s, e, k, _ in self._person_table.find(folded)]
        return self._partners(folded, people)

    def _partners(self, folded: str, people: list[PersonHit]) -> list[PartnerHit]:
        hits: list[PartnerHit] = []
        for s, e, iso, kind in self._partner_table.find(folded):
            if any(s < p.end and p.start < e for p in people):
                continue
            hits.append(PartnerHit(s, e, iso, kind))  # type: ignore[arg-type]
        for p in people:
            if p.person.country != "UA":
                hits.append(PartnerHit(p.start, p.end, p.person.country, "person"))
        hits.sort(key=lambda h: h.start)
        return hits


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """Read and compile the gazetteers shipped in ingest/events/data/."""
    partners: dict[str, Partner] = {}
    terms: list[tuple[str, str, str]] = []
    for row in _read_csv("partners.csv", ("iso", "name", "aliases", "demonyms", "capitals", "uk_forms")):
        iso = row["iso"].strip()
        if not re.fullmatch(r"[A-Z]{2}", iso):
            raise GazetteerError(f"partners.csv: bad iso code {iso!r}")
        partners[iso] = Partner(iso, row["name"].strip())
        terms += [(t, iso, "name") for t in _split(row["aliases"]) + [row["name"].strip()]]
        terms += [(t, iso, "demonym") for t in _split(row["demonyms"])]
        terms += [(t, iso, "capital") for t in _split(row["capitals"])]
        for t in _split(row["uk_forms"]):
            kind = "demonym" if t[0].islower() else "name"
            terms.append((t, iso, kind))
    people: dict[str, Person] = {}
    pterms: list[tuple[str, str, str]] = []
    for row in _read_csv("people.csv", ("canonical", "country", "role", "variants")):
        person = Person(row["canonical"].strip(), row["country"].strip(), row["role"].strip())
        if person.country != "UA" and person.country not in partners:
            raise GazetteerError(f"people.csv: {person.canonical}: unknown country {person.country!r}")
        people[person.canonical] = person
        pterms += [(t, person.canonical, "person") for t in _split(row["variants"]) + [person.canonical]]
    return Gazetteer(partners, people, _build_table(list(dict.fromkeys(terms))), _build_table(list(dict.fromkeys(pterms))))
