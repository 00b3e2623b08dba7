"""A small, fast language detector for the pipeline's languages (uk, ru, en) plus a few common others.

Cyrillic text is told apart by letters only one language uses (і ї є ґ for Ukrainian, ы э ъ ё for
Russian) and by frequent function words; Latin text by stopword hits. Returns None when unsure.
"""

from __future__ import annotations

import re
from collections import Counter

_WORD = re.compile(r"[^\W\d_]+")
_UK_LETTERS = frozenset("іїєґ")
_RU_LETTERS = frozenset("ыэъё")
_STOPWORDS: dict[str, frozenset[str]] = {
    "uk": frozenset("і та що не на з у в до це як за від про для його але які був була було також є".split()),
    "ru": frozenset(
        "и в не на что с по как это к из за от для его но был была было также есть который".split()
    ),
    "en": frozenset(
        "the and of to in is that for on with as was by it are be this from at an have has".split()
    ),
    "de": frozenset("der die und das ist nicht mit den von zu ein eine auf für sich dem des im auch".split()),
    "fr": frozenset("le la les et des est une pour dans que qui pas sur au du avec ce sont".split()),
    "es": frozenset("el la los las y que de en es por con para una del se no al como".split()),
    "it": frozenset("il di che la per non una sono del della le con gli si è".split()),
    "pl": frozenset("i w się na nie z do to że jest o jak po przez dla jego".split()),
    "pt": frozenset("o a os as de que em um uma para com não do da no na é".split()),
    "nl": frozenset("de het een en van is dat niet op te met voor zijn die".split()),
}

_SAMPLE_CHARS = 2500
_LATIN_LANGS = tuple(lang for lang in _STOPWORDS if lang not in ("uk", "ru"))
# word -> the Latin-script languages it is a stopword of: one dict lookup per word for all languages
_LATIN_STOPWORD_LANGS: dict[str, tuple[str, ...]] = {}
for _lang in _LATIN_LANGS:
    for _word in _STOPWORDS[_lang]:
        _LATIN_STOPWORD_LANGS[_word] = (*_LATIN_STOPWORD_LANGS.get(_word, ()), _lang)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when the text is too short or ambiguous."""
    sample = text[:_SAMPLE_CHARS].lower()
    words = _WORD.findall(sample)
    if len(words) < 5:
        return None
    counts = Counter(words)  # (each distinct word looked at once below)
    cyr = sum(n for w, n in counts.items() if "\u0400" <= w[0] <= "\u04ff")
    if cyr * 2 > len(words):
        uk_l = sum(sample.count(ch) for ch in _UK_LETTERS)
        ru_l = sum(sample.count(ch) for ch in _RU_LETTERS)
        uk_w = sum(n for w, n in counts.items() if w in _STOPWORDS["uk"])
        ru_w = sum(n for w, n in counts.items() if w in _STOPWORDS["ru"])
        uk_score = uk_l * 2 + uk_w
        ru_score = ru_l * 2 + ru_w
        if uk_score == ru_score:
            return None
        return "uk" if uk_score > ru_score else "ru"
    scores = dict.fromkeys(_LATIN_LANGS, 0)
    for w, n in counts.items():
        for lang in _LATIN_STOPWORD_LANGS.get(w, ()):
            scores[lang] += n
    lang, best = max(scores.items(), key=lambda kv: kv[1])
    if best < 3 or best < 0.08 * len(words):
        return None
    return lang


def normalise_declared(value: str | None) -> str | None:
    """Reduce a declared language tag ('en-US', 'uk_UA', 'ua') to ISO 639-1, or None."""
    if not value:
        return None
    code = value.strip().lower().replace("_", "-").split("-")[0]
    if code == "ua":
        return "uk"
    if len(code) == 2 and code.isalpha():
        return code
    return None
