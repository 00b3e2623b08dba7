"""Cardinal and ordinal numbers written as digits or words (English and Ukrainian)."""

from __future__ import annotations

import re

_UNITS_EN = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS_EN = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}
_ORD_UNITS_EN = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
}
_ORD_TENS_EN = {"twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50}

_CARDINALS_UK = {
    "один": 1, "одну": 1, "два": 2, "дві": 2, "три": 3, "чотири": 4, "п'ять": 5, "п’ять": 5, "шість": 6,
    "сім": 7, "вісім": 8, "дев'ять": 9, "дев’ять": 9, "десять": 10, "одинадцять": 11, "дванадцять": 12,
    "тринадцять": 13, "чотирнадцять": 14, "п'ятнадцять": 15, "п’ятнадцять": 15, "шістнадцять": 16,
    "сімнадцять": 17, "вісімнадцять": 18, "дев'ятнадцять": 19, "дев’ятнадцять": 19, "двадцять": 20,
}
_ORDINAL_STEMS_UK = {
    "перш": 1, "друг": 2, "трет": 3, "четверт": 4, "п'ят": 5, "п’ят": 5, "шост": 6, "сьом": 7,
    "восьм": 8, "дев'ят": 9, "дев’ят": 9, "десят": 10,
}

# Regex fragments that match a number in text; the matched text goes to parse_cardinal / parse_ordinal.
CARDINAL_RE = (
    r"(?:\d{1,3}|(?:twenty|thirty|forty|fifty)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
    r"|sixteen|seventeen|eighteen|nineteen)"
)
ORDINAL_RE = (
    r"(?:\d{1,3}(?:st|nd|rd|th)|(?:twenty|thirty|forty|fifty)[- ](?:first|second|third|fourth|fifth|sixth"
    r"|seventh|eighth|ninth)|twentieth|thirtieth|fortieth|fiftieth|first|second|third|fourth|fifth|sixth"
    r"|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth"
    r"|eighteenth|nineteenth)"
)
CARDINAL_UK_RE = r"(?:\d{1,3}|" + "|".join(sorted(_CARDINALS_UK, key=len, reverse=True)) + ")"
ORDINAL_UK_RE = (
    r"(?:\d{1,3}-?(?:й|ий|ій|ого|му|а)?|(?:"
    + "|".join(sorted(_ORDINAL_STEMS_UK, key=len, reverse=True))
    + r")\w*)"
)

# Every number word the fragments above can match, for word lists (prefilter.words).
NUMBER_WORDS = (*_UNITS_EN, *_TENS_EN, *_ORD_UNITS_EN, *_ORD_TENS_EN, *_CARDINALS_UK)

_SPLIT = re.compile(r"[- ]+")


def parse_cardinal(text: str) -> int:
    """'17' -> 17, 'seven' -> 7, 'twenty-six' -> 26, 'сім' -> 7. Raises ValueError on anything else."""
    t = text.strip().lower()
    if t.isdigit():
        return int(t)
    if t in _CARDINALS_UK:
        return _CARDINALS_UK[t]
    parts = _SPLIT.split(t)
    if len(parts) == 1 and parts[0] in _UNITS_EN:
        return _UNITS_EN[parts[0]]
    if len(parts) == 1 and parts[0] in _TENS_EN:
        return _TENS_EN[parts[0]]
    if len(parts) == 2 and parts[0] in _TENS_EN and parts[1] in _UNITS_EN and _UNITS_EN[parts[1]] < 10:
        return _TENS_EN[parts[0]] + _UNITS_EN[parts[1]]
    raise ValueError(f"not a cardinal number: {text!r}")


def parse_ordinal(text: str) -> int:
    """'11th' -> 11, 'third' -> 3, 'twenty-first' -> 21, 'третій' -> 3. Raises ValueError otherwise."""
    t = text.strip().lower()
    m = re.fullmatch(r"(\d{1,3})(?:st|nd|rd|th|-?(?:й|ий|ій|ого|му|а))?", t)
    if m:
        return int(m.group(1))
    if t in _ORD_UNITS_EN:
        return _ORD_UNITS_EN[t]
    if t in _ORD_TENS_EN:
        return _ORD_TENS_EN[t]
    parts = _SPLIT.split(t)
    if len(parts) == 2 and parts[0] in _TENS_EN and parts[1] in _ORD_UNITS_EN and _ORD_UNITS_EN[parts[1]] < 10:
        return _TENS_EN[parts[0]] + _ORD_UNITS_EN[parts[1]]
    for stem, value in sorted(_ORDINAL_STEMS_UK.items(), key=lambda kv: -len(kv[0])):
        if t.startswith(stem):
            return value
    raise ValueError(f"not an ordinal number: {text!r}")
