"""Split an article body into sentences with character offsets, marking background sections.

Paragraphs are separated by blank lines; single line breaks (headlines, list items) also end a sentence.
Inside a line a sentence ends at . ! ? or … followed by space and an upper-case letter, digit or opening
quote, except after abbreviations (Mr., Gen., Jan., вул.) and initials (J. Biden, В. Зеленський).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ABBREVIATIONS = frozenset(
    {
        "mr", "mrs", "ms", "dr", "prof", "st", "gen", "lt", "col", "sen", "rep", "gov", "jr", "sr", "no",
        "nos", "vol", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "approx", "vs", "e.g", "i.e", "pres", "min", "amb", "adm", "maj", "capt", "sgt", "hon", "rev",
        "fig", "inc", "corp", "ltd", "dept", "cf",
        "р", "рр", "ім", "вул", "м", "т.ч", "т.д", "т.п", "пан", "проф", "ст", "див", "тис", "млн", "млрд",
        "грн", "ген", "п", "с", "акад", "д", "обл", "р-н", "напр",
    }
)
# Abbreviations that often end a sentence too: split after them only before a typical sentence opener.
_AMBIGUOUS = frozenset({"u.s", "u.k", "d.c", "a.m", "p.m", "etc", "e.u", "u.n"})
_OPENERS = frozenset(
    {
        "the", "this", "that", "these", "it", "he", "she", "they", "we", "i", "in", "on", "at", "according",
        "as", "a", "an", "his", "her", "their", "our", "earlier", "later", "meanwhile", "however", "also",
        "ukraine", "president", "zelensky", "zelenskyy", "after", "before", "since",
    }
)

_BOUNDARY = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s+[\"'“‘«(\[]?[A-ZА-ЯІЇЄҐ0-9])")
_NEXT_WORD = re.compile(r"\s*[\"'“‘«(\[]?([\w’'-]*)")
_DOTTED_LETTERS = re.compile(r"(?:[a-zа-яіїєґ]\.)+[a-zа-яіїєґ]")
_PARAGRAPH = re.compile(r"\n[ \t\u00a0]*\n")

# A line that opens a background section; everything after it restates earlier events.
_BACKGROUND_HEAD = re.compile(
    r"^\s*(?:#+\s*)?(?:Background|For reference|Recall|Reminder|Addendum|Context|Довідка|Нагадаємо|Нагадуємо"
    r"|Контекст|Передісторія|Справка|Напомним)\b\s*[:.\-–—]?\s*",
    re.IGNORECASE,
)
_BACKGROUND_OPENING = re.compile(
    r"^\s*(?:(?:Recall that|We recall|As a reminder|As we reported|As previously reported)\b|Earlier,"
    r"|Нагадаємо|Нагадуємо|Як повідомлялося|Раніше,)",
    re.IGNORECASE,
)
# Page chrome that ends the article text, and chrome lines to skip (normally removed by extraction).
_CHROME_STOP = re.compile(
    r"^\s*(?:Свіжі дописи|Read more\s*:?\s*$|Top article|Related Posts|more articles|Останні новини"
    r"|Последние новости|News Line|You could close this page|Читати більше\s*$)",
    re.IGNORECASE,
)
_CHROME_SKIP = re.compile(
    r"^\s*(?:Read also|Read more:|Читайте також|Читайте також:|Share this article|fbpx|Photo:|Фото:)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a body: text == body[start:end]."""

    text: str
    start: int
    end: int
    paragraph: int  # 0-based paragraph number
    background: bool  # inside a "Background" / "Recall" section


def _word_before(line: str, pos: int) -> str:
    """The run of word characters and dots that ends at `pos` (what `[\\w.]+$` finds in line[:pos])."""
    start = pos
    while start > 0 and ((ch := line[start - 1]) == "." or ch == "_" or ch.isalnum()):
        start -= 1
    return line[start:pos]


def _is_abbreviation(line: str, dot_pos: int, next_word: str) -> bool:
    word = _word_before(line, dot_pos)
    if not word:
        return False
    word = word.lower().strip(".")
    if len(word) == 1 and word.isalpha():  # an initial: "J. Biden"
        return True
    if word in _ABBREVIATIONS:
        return True
    if word in _AMBIGUOUS or _DOTTED_LETTERS.fullmatch(word):
        return next_word.lower() not in _OPENERS
    return False


MAX_SENTENCE = 1500  # longer "sentences" are flattened tables or lists: cut them at spaces


def _cap_length(line: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    capped: list[tuple[int, int]] = []
    for s, e in spans:
        while e - s > MAX_SENTENCE:
            cut = line.rfind(" ", s + 1, s + MAX_SENTENCE)
            cut = cut if cut > s else s + MAX_SENTENCE
            capped.append((s, cut))
            s = cut
        capped.append((s, e))
    return capped


def _next_word(line: str, pos: int) -> str:
    """The word after `pos` (past spaces and an opening quote or bracket); "" when none follows."""
    m = _NEXT_WORD.match(line, pos)
    return m.group(1) if m else ""


def _split_line(line: str, offset: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(line):
        end = m.end()
        dot = m.start()
        if line[dot] == "." and _is_abbreviation(line, dot, _next_word(line, end)):
            continue
        spans.append((start, end))
        start = end
    spans.append((start, len(line)))
    out: list[tuple[int, int]] = []
    for s, e in _cap_length(line, spans):
        seg = line[s:e]
        lead = len(seg) - len(seg.lstrip())
        trail = len(seg.rstrip())
        if trail > lead:
            out.append((offset + s + lead, offset + s + trail))
    return out


def split_sentences(body: str) -> list[Sentence]:
    """Sentences of `body` in order, with offsets, paragraph numbers and background flags."""
    sentences: list[Sentence] = []
    background = False
    para_no = 0
    pos = 0
    paragraphs: list[tuple[int, int]] = []
    for m in _PARAGRAPH.finditer(body):
        paragraphs.append((pos, m.start()))
        pos = m.end()
    paragraphs.append((pos, len(body)))
    for p_start, p_end in paragraphs:
        if not body[p_start:p_end].strip():
            continue
        line_start = p_start
        stop = False
        for line in body[p_start:p_end].split("\n"):
            l_off = line_start
            line_start += len(line) + 1
            if not line.strip():
                continue
            if _CHROME_STOP.match(line):
                stop = True
                break
            if _CHROME_SKIP.match(line):
                continue
            head = _BACKGROUND_HEAD.match(line)
            if head and (head.end() == len(line.rstrip()) or line[head.end() - 1 : head.end()] in ":"):
                background = True
                if head.end() >= len(line.rstrip()):
                    continue
            elif _BACKGROUND_OPENING.match(line):
                background = True
            for s, e in _split_line(line, l_off):
                sentences.append(Sentence(body[s:e], s, e, para_no, background))
        if stop:
            break
        para_no += 1
    return sentences
