"""Labels inside the content: list headings that name their topic, "Read also:" teaser lines, ad
disclosures, picture credits, and captions that are named so only by their class."""

from __future__ import annotations

import pytest

from ingest.extract import extract_page
from ingest.extract.phrases import is_chrome_paragraph

_SENTENCES = [
    f"Sentence number {i} of the story explains the matter at hand, in some detail." for i in range(8)
]


def _page(inner: str) -> str:
    return (
        "<html><body><nav><a href='/'>Home</a></nav><article><h1>Headline of the piece</h1>"
        + inner
        + "</article></body></html>"
    )


@pytest.mark.parametrize(
    "line",
    [
        "Weitere Beiträge aus der Kolumne:",
        "Weitere aktuelle Themen aus der Arbeitswelt",
        "Mehr zum Thema auf example.de",
        "Auch auf example.com",
        "Ähnliche Nachrichten",
        "Schon gelesen?",
        "Keine Kommentare",
        "Le puede interesar: JEP abrirá tres nuevos macrocasos",
        "MIRA: Madre se acerca a conocer los motivos de captura de su hijo",
        "Czytaj też",
        "Anzeige, enthält Affiliate Links",
        "*Werbung. Dieser Beitrag enthält Werbung für eine Marke.",
        "Titelbild: Agentur/picture-alliance",
        "Photograph by Jane Doe, Restoration Programme",
        "Kontakt:",
        "Inhaltsverzeichnis",
        "Quellenangaben:",
        "Release Date:",
        "Aktualisiert am 17.01.2021.",
        "Subscribe now to our e-edition for the full story.",
        "If you are already a subscriber, you can log in for immediate access to this story.",
        "Síguenos en Telegram, Instagram y Twitter para recibir nuestras actualizaciones",
        "Bitte registrieren Sie sich und halten Sie sich an unsere Netiquette.",
        "Du musst eingeloggt sein um Kommentare zu schreiben!",
        "Submit your letter to the editor via this form.",
        "Never miss the latest news by signing up to our newsletter today!",
        "Aktuelle Stories und die wichtigsten News direkt in dein Postfach!",
    ],
)
def test_label_lines_are_chrome(line: str) -> None:
    assert is_chrome_paragraph(line)


@pytest.mark.parametrize(
    "line",
    [
        "Auch auf dem Land gibt es das.",
        "Auch auf dem Land",
        "Mira: Ich war an dem Abend dort.",
        "Werbung, die Kinder anspricht, ist in vielen Ländern verboten.",
        "Weitere Artikel folgen in den nächsten Wochen, sagte die Sprecherin der Stadt am Montag.",
        "Der Kontakt zu den Behörden brach im Mai ab.",
        "Um einen Beitrag einzureichen, müssen Sie registriert und eingeloggt sein.",
        "Sources: the talks would resume on Monday, two officials said.",
    ],
)
def test_sentences_that_open_like_labels_are_text(line: str) -> None:
    assert not is_chrome_paragraph(line)


def test_named_list_heading_drops_its_link_list_but_not_the_text_after_it() -> None:
    tail = "The last part of the story comes after the box and must stay in the body of the article."
    html = _page(
        "".join(f"<p>{s}</p>" for s in _SENTENCES) + "<p><strong>Mehr zum Thema Gesundheit:</strong></p>"
        "<ul><li><a href='/a'>Another story about health</a></li><li><a href='/b'>A third story</a></li>"
        "<li><a href='/c'>A fourth story</a></li></ul>"
        f"<p>{tail}</p>"
    )
    body = extract_page(html).body
    for s in _SENTENCES:
        assert s in body
    assert tail in body  # a named box mid-article does not end the text
    assert "Mehr zum Thema" not in body
    assert "Another story" not in body


def test_caption_named_by_its_class_is_dropped() -> None:
    caption = "The mayor at the opening of the new library on Monday"
    credit = "Jane Doe | Agency"
    html = _page(
        "<div class='wp-caption'><img src='/x.jpg'>"
        f"<p class='wp-caption-text'>{caption}</p></div>"
        + "".join(f"<p>{s}</p>" for s in _SENTENCES)
        + f"<div class='post-image-credits'>{credit}</div>"
    )
    body = extract_page(html).body
    for s in _SENTENCES:
        assert s in body
    assert caption not in body
    assert credit not in body


def test_long_block_with_a_caption_class_is_text() -> None:
    long_text = " ".join(_SENTENCES[:5])  # over 250 characters: text, whatever its class says
    html = _page(
        f"<div class='captioned'><p>{long_text}</p></div>" + "".join(f"<p>{s}</p>" for s in _SENTENCES)
    )
    assert long_text in extract_page(html).body
