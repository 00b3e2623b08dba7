"""Gazetteers: names, demonyms, capitals, Ukrainian case forms, people; the data files are validated."""

from __future__ import annotations

import csv
from importlib import resources
from pathlib import Path

from ingest.events.classify import sentence_partners
from ingest.events.gazetteer import fold, load_gazetteer


def parties(text: str) -> tuple[str, ...]:
    return sentence_partners(text, load_gazetteer().find_partners(text))


def test_longest_name_wins_and_aliases_map_to_one_code() -> None:
    g = load_gazetteer()
    hits = g.find_partners("the United States of America, the U.S., the USA and Washington")
    assert [(h.iso, h.kind) for h in hits] == [("US", "name"), ("US", "name"), ("US", "name"), ("US", "capital")]
    assert parties("Britain, Great Britain, the UK and London") == ("GB",)
    assert parties("the Czech Republic and Czechia") == ("CZ",)


def test_ukrainian_case_endings() -> None:
    assert parties("з Італією, Італії, Італія") == ("IT",)
    assert parties("між Україною та Сполученими Штатами") == ("US",)
    assert parties("з Великою Британією та Європейським Союзом") == ("GB", "EU")


def test_diacritics_are_ignored_for_people() -> None:
    g = load_gazetteer()
    assert {p.person.canonical for p in g.find_people("Nausėda met Nauseda; Rinkēvičs and Rinkevics; Støre")} == {
        "Gitanas Nausėda", "Edgars Rinkēvičs", "Jonas Gahr Støre"
    }
    assert fold("Nausėda") == "Nauseda" and len(fold("Støre")) == len("Støre")
    assert fold("Італія") == "Італія"  # Cyrillic letters (й, ї) are kept


def test_people_hide_country_words_and_lend_their_country() -> None:
    assert parties("Portuguese Prime Minister Luís Montenegro") == ("PT",)
    assert parties("Biden and Kishida") == ("US", "JP")
    assert parties("Zelensky and Yermak") == ()  # Ukrainian officials are not partners


def test_places_are_not_partners() -> None:
    assert parties("at the summit in Italy, in Vilnius, near Oxford") == ()
    assert parties("at the G7 summit in Apulia, Italy") == ()
    assert parties("an EU member state") == ()
    assert parties("Italy and Canada") == ("IT", "CA")


def test_data_files_are_well_formed() -> None:
    root = resources.files("ingest.events").joinpath("data")
    partners = list(csv.DictReader(root.joinpath("partners.csv").read_text(encoding="utf-8").splitlines()))
    isos = [row["iso"] for row in partners]
    assert len(isos) == len(set(isos))
    # every partner of the operator's reference list, and every partner in talks, is in the gazetteer
    reference = Path(__file__).resolve().parents[2] / "warehouse/reference/agreements.csv"
    with open(reference, encoding="utf-8") as fh:
        assert {row["iso2"] for row in csv.DictReader(fh)} <= set(isos)
    assert "BG" in isos
    people = list(csv.DictReader(root.joinpath("people.csv").read_text(encoding="utf-8").splitlines()))
    assert all(row["country"] == "UA" or row["country"] in isos for row in people)
