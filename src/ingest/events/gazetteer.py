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


def _term_pattern(term: str) -> str:
    if _CYRILLIC.search(term):
        return r"(?<!\w)(?:" + term + r")\w*"
    return r"(?<![\w.])" + re.escape(fold(term)) + r"(?![\w])"


@dataclass(frozen=True, slots=True)
class _Table:
    regex: re.Pattern[str]
    entries: tuple[tuple[re.Pattern[str], str, str], ...]  # (term pattern, key, kind)

    def find(self, text: str) -> list[tuple[int, int, str, str]]:
        found = []
        for m in self.regex.finditer(text):
            for pattern, key, kind in self.entries:
                if pattern.fullmatch(m.group(0)):
                    found.append((m.start(), m.end(), key, kind))
                    break
        return found


def _build_table(terms: list[tuple[str, str, str]]) -> _Table:
    ordered = sorted(terms, key=lambda t: -len(t[0]))
    entries = []
    parts = []
    for term, key, kind in ordered:
        pat = _term_pattern(term)
        flags = re.IGNORECASE if _CYRILLIC.search(term) else 0
        entries.append((re.compile(pat, flags), key, kind))
        parts.append(pat if not flags else "(?i:" + pat + ")")
    return _Table(re.compile("|".join(parts)), tuple(entries))


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

    def find_partners(self, text: str, people: list[PersonHit] | None = None) -> list[PartnerHit]:
        """Partner mentions; words inside people's names are skipped, people abroad count as `person`."""
        folded = fold(text)
        people = self.find_people(text) if people is None else people
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
