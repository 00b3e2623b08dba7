import numpy as np
import pytest
from dedup_helpers import RELEASE, fixture

from ingest.dedup import body_hash, normalise_text
from ingest.dedup.normalize import clean_for_comparison, normalise_tokens
from ingest.dedup.tokens import hash_token_strings, tokenize_batch


def test_case_punctuation_and_compatibility_forms_are_folded() -> None:
    assert normalise_text("ＵＫＲＡＩＮＥ’s  “Security”—Guarantees!") == "ukraine s security guarantees"
    assert normalise_text("Déjà\u00a0vu, Nausėda") == "deja vu nauseda"


@pytest.mark.parametrize(
    ("variant", "standard"),
    [
        ("President Zelensky met Igor Zhovkva in Kiev.", "President Zelenskyy met Ihor Zhovkva in Kyiv."),
        ("Zelenskiy and Andriy Yermak", "Zelenskyy and Andrii Yermak"),
        ("Odessa and Kharkov", "Odesa and Kharkiv"),
        ("Президент Зеленский", "Президент Зеленський"),
    ],
)
def test_transliteration_variants_fold_to_one_form(variant: str, standard: str) -> None:
    assert normalise_text(variant) == normalise_text(standard)
    assert body_hash(variant) == body_hash(standard)


def test_different_words_keep_different_hashes() -> None:
    assert body_hash("Ukraine signed with Italy") != body_hash("Ukraine signed with Spain")
    assert len(body_hash("x")) == 64 and int(body_hash("x"), 16) >= 0


def test_page_chrome_lines_and_tails_are_ignored() -> None:
    page = fixture("seed_000.txt")
    cleaned = clean_for_comparison(page)
    assert "share this article" not in cleaned
    assert "top article" not in cleaned and "ministry of defense has signed" not in cleaned
    assert "about past, present and future" not in cleaned
    assert "schedule for further communication" in cleaned
    wordpress = fixture("seed_002.txt")
    assert "генштаб" not in clean_for_comparison(wordpress)
    assert "third round of negotiations" in clean_for_comparison(wordpress)
    appeal = fixture("seed_004.txt")
    assert "cup of coffee" not in clean_for_comparison(appeal)
    assert body_hash(RELEASE) == body_hash(RELEASE + "\n\nRead more:\nSomething else entirely\nShare this article")


def test_background_section_is_left_out_of_comparison() -> None:
    text = fixture("seed_001.txt")
    assert "vilnius" in text.casefold()
    assert "vilnius" not in normalise_text(text)
    assert "zhovkva" in normalise_text(text)


def test_vectorised_tokens_equal_reference_tokens() -> None:
    texts = [fixture(f"seed_00{i}.txt") for i in range(5)] + [fixture("release_it_uk.txt"), "", "a", "Ї й ё"]
    batch = tokenize_batch([clean_for_comparison(t) for t in texts])
    for i, text in enumerate(texts):
        reference = normalise_tokens(text)
        expected = hash_token_strings(reference) if reference else np.zeros(0, dtype=np.uint64)
        got = batch.hashes[batch.offsets[i] : batch.offsets[i + 1]]
        assert np.array_equal(got, expected), text[:40]


def test_non_text_input_is_rejected() -> None:
    with pytest.raises(TypeError, match="str"):
        normalise_text(b"bytes")  # type: ignore[arg-type]
