"""Paragraph-level cleanup of an extracted body (ingest.extract.cleanup.clean_body)."""

from __future__ import annotations

import pytest

from ingest.extract.cleanup import clean_body

_ARTICLE = [
    "The council met on Monday and voted to keep the library open on Sundays.",
    "Residents had collected more than two thousand signatures for the proposal.",
]


@pytest.mark.parametrize("label", ["Related topics:", "Verwandte Themenbereiche", "03.04.2020", "Lo Último"])
def test_a_label_left_as_the_last_paragraph_is_dropped(label: str) -> None:
    body = "\n\n".join([*_ARTICLE, label])
    assert clean_body(body, None, ()) == "\n\n".join(_ARTICLE)


@pytest.mark.parametrize(
    "last",
    [
        "The vote passed.",  # a short sentence ends the article
        "Opening hours will change from the first of next month onwards.",  # more than four words
        "Thanks for reading!",
    ],
)
def test_a_closing_sentence_is_kept(last: str) -> None:
    body = "\n\n".join([*_ARTICLE, last])
    assert clean_body(body, None, ()) == body


def test_a_body_that_is_only_a_label_keeps_it() -> None:
    assert clean_body("Schwerpunkte", None, ()) == "Schwerpunkte"
