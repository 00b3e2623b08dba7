"""Paragraph-level cleanup of an extracted body (ingest.extract.cleanup.clean_body)."""

from __future__ import annotations

import pytest

from ingest.extract.cleanup import clean_body

_ARTICLE = [
    "The council met on Monday and voted to keep the library open on Sundays.",
    "Residents had collected more than two thousand signatures for the proposal.",
]


@pytest.mark.parametrize(
    "label",
    [
        "Related topics:",
        "Verwandte Themenbereiche",
        "03.04.2020",
        "Lo Último",
        "Möchten Sie den Artikel teilen?",
    ],
)
def test_a_label_left_as_the_last_paragraph_is_dropped(label: str) -> None:
    body = "\n\n".join([*_ARTICLE, label])
    assert clean_body(body, None, ()) == "\n\n".join(_ARTICLE)


@pytest.mark.parametrize(
    "last",
    [
        "The vote passed.",  # a short sentence ends the article
        "Opening hours will change from the first of next month onwards.",  # more than four words
        "Thanks for reading!",
        "Will the council change its mind before the next election in the spring?",  # a longer question
    ],
)
def test_a_closing_sentence_is_kept(last: str) -> None:
    body = "\n\n".join([*_ARTICLE, last])
    assert clean_body(body, None, ()) == body


def test_a_body_that_is_only_a_label_keeps_it() -> None:
    assert clean_body("Schwerpunkte", None, ()) == "Schwerpunkte"


@pytest.mark.parametrize(
    "caption",
    [
        "Le piquet de grève dans le hall de l'université / (C) Kab Niang",
        "Golf im TV: die Übertragungszeiten der großen Turniere im Überblick. (Foto: Getty)",
        "(© FEI/Christophe Taniere)",
        "Das Hermelin ist im Winter mit seinem weißen Fell gut getarnt. (mlharing / iStock.com)",
        "Son tres los periodos de vacaciones durante el año escolar. Foto: Andina",
        "(crédito: Minervino Júnior/CB/D.A.Press)",
        "Schneeräumpflicht - was man darüber wissen muss© Rike/pixelio.de",
        "Abbildung 4: klassische Schwachschicht.",
    ],
)
def test_a_caption_ending_with_its_photo_credit_is_dropped(caption: str) -> None:
    body = "\n\n".join([_ARTICLE[0], caption, _ARTICLE[1]])
    assert clean_body(body, None, ()) == "\n\n".join(_ARTICLE)


@pytest.mark.parametrize(
    "paragraph",
    [
        "services: web: build: . db: image: postgres:18",  # a code listing, not a credit
        "The photographer said the image: a fox in the snow, was taken at dawn after a long wait.",
        "Reporters asked for a comment (AP style guides were cited)" + " at length" * 20 + ".",
        "The phone costs less than half the price of the flagship.\nImage credit: www.example.com",
        "Pictures were taken by our reporter. Foto: A. Bauer. The rest followed later that day.",
    ],
)
def test_text_that_merely_mentions_credits_is_kept(paragraph: str) -> None:
    body = "\n\n".join([_ARTICLE[0], paragraph, _ARTICLE[1]])
    assert clean_body(body, None, ()) == body
