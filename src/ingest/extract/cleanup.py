"""Paragraph-level cleanup of an extracted body, using what the metadata says about the page.

Drops the headline, the author line and the site name where they are echoed inside the content, bare
URLs (unrendered embeds), image captions (a figure label or a photo credit), the label/date lines that sit
before the first real paragraph (category kicker, "26 August 2023, 14:20 2298" date-and-views line), and
a label or a short question left as the last paragraph (a "Related topics:" heading whose list was
dropped as chrome, a "Category: News" line, a date, "What do you think?").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ingest.extract.dates import find_dates

_BARE_URL = re.compile(r"^(?:https?://|www\.)\S+$")
_SENTENCE_END = re.compile(r"[.!?…:;»\"'”)]$")
_WORDS = re.compile(r"\w+")
# "... in the hall of the university. Foto: Kab Niang", "(© FEI/Christophe Taniere)", "A ruined church
# (mlharing / iStock.com)": a caption or a credit line under a picture ends with its credit; a figure's
# caption starts with "Abbildung 2:" / "Figure 2:". (The credit holds no sentence end, "Foto: A. Bauer.
# Next sentence", nor a colon: "image: postgres:18" in a code listing is no credit; a dot inside a word,
# "pixelio.de", is allowed.)
_CAPTION = re.compile(
    r"(?:©|\(c\)|\b(?:fotos?|bild(?:er)?|photos?|photograph|crédito|credits?|quelle|image|imagen)\s*:)"
    r"\s*(?:[^.!?:]|\.(?=\S)){1,80}$"
    r"|\((?:[^()]{0,60}/\s*)?(?:istock|getty images|shutterstock|dpa|afp|reuters|ap|imago)\b[^()]{0,30}\)$"
    r"|^(?:abbildung|abb\.|figure|fig\.|grafik)\s*\d*\s*:",
    re.IGNORECASE,
)
_CAPTION_MAX = 200  # longer paragraphs are text, whatever they end with
# a sentence ends with one of these; a label does not (a trailing ':' announces a list that is gone)
_STATEMENT_END = re.compile(r"[.!?…»\"'”)]$")


def _key(text: str) -> str:
    return " ".join(_WORDS.findall(text.lower()))


def _is_leading_label(paragraph: str) -> bool:
    """A kicker, category or date line: short, no sentence punctuation, or holding a date."""
    if len(paragraph) > 80:
        return False
    if len(paragraph) <= 60 and find_dates(paragraph):
        return True
    return len(paragraph.split()) <= 3 and not _SENTENCE_END.search(paragraph)


def _is_trailing_label(paragraph: str) -> bool:
    """A heading or label with nothing after it: at most four words, no sentence punctuation at the end;
    or a short question, the prompt of a share button or comment form that was dropped ("Möchten Sie den
    Artikel teilen?", "What do you think?")."""
    if len(paragraph) > 60:
        return False
    words = len(paragraph.split())
    if paragraph.endswith("?"):
        return words <= 6
    return words <= 4 and not _STATEMENT_END.search(paragraph)


def clean_body(body: str, title: str | None, names: Iterable[str]) -> str:
    """Remove echoes of the title and of `names` (authors, site name), bare URLs, captions with their
    credit, leading labels and a trailing one."""
    if not body:
        return body
    echoes = {_key(n) for n in names if n and len(n) >= 3}
    if title:
        echoes.add(_key(title))
    longest = max((len(e) for e in echoes), default=0) + 20
    kept: list[str] = []
    for paragraph in body.split("\n\n"):
        if len(paragraph) <= longest and (_key(paragraph) in echoes or not _WORDS.search(paragraph)):
            continue
        if _BARE_URL.match(paragraph):
            continue
        if len(paragraph) <= _CAPTION_MAX and "\n" not in paragraph and _CAPTION.search(paragraph):
            continue  # (a credit on its own line under text, "...\nImage credit: x", leaves the text)
        kept.append(paragraph)
    start = 0
    while start < len(kept) - 1 and _is_leading_label(kept[start]):
        start += 1
    end = len(kept)
    if end - start > 1 and _is_trailing_label(kept[-1]):
        end -= 1
    return "\n\n".join(kept[start:end])
