"""Dates labelled anywhere in a page's text, read when the page is dated nowhere else (or, for a
statement of first publication, nowhere but by a later revision): "Last updated: November 13, 2025",
"This article was originally published on 26 Sep 2019", "Written by A and B April 8, 2024"."""

from __future__ import annotations

import re
from datetime import datetime, tzinfo

from ingest.extract.dates import find_dates, plausible

# a label ("published:", "last updated on"), lower-case, and the separators after it up to where its
# date starts (matched in lower-cased text: a case-insensitive scan of a whole page is ten times slower)
_LABEL = re.compile(
    r"(?:published|posted|updated|edited|date|veröffentlicht|erschienen|publiziert|aktualisiert|änderung|stand|datum|"
    r"publié|publicado|pubblicato|gepubliceerd|opublikowano|опубліковано|оновлено|опубликовано|обновлено|дата)"
    r"\W{0,3}(?:on|am|le|el|il|op|dnia)?\W{0,3}"
)
# the labels above that name a later revision ("Letzte Änderung: 31.10.2023 Erschienen am: 01.11.2023")
_UPDATE_LABELS = ("updated", "edited", "aktualisiert", "änderung", "stand", "оновлено", "обновлено")
_LABELLED_SPAN = 80  # characters after a label that can hold its date (with a time of day)


def labelled_date(page_text: str, tz: tzinfo) -> datetime | None:
    """The first date anywhere in the page text that is labelled as a publication date, else the
    first labelled as an update ("Last updated: November 13, 2025"): the last resort for a page dated
    nowhere else. Labels are found first and only the text right after each is read for a date
    (pages are long, labels rare)."""
    lowered = page_text.lower()
    updated: datetime | None = None
    for label in _LABEL.finditer(lowered):
        found = _date_right_after(lowered, label.end(), tz)
        if found is not None:
            if not label.group().startswith(_UPDATE_LABELS):
                return found
            updated = updated or found
    return updated or credited_date(lowered, tz)


def _date_right_after(lowered: str, start: int, tz: tzinfo) -> datetime | None:
    """A plausible date that starts at `start` of the text (after a label or a statement), else None."""
    found = find_dates(lowered[start : start + _LABELLED_SPAN], tz)
    return found[0][2] if found and found[0][0] == 0 and plausible(found[0][2]) else None


# a statement of the first publication, lower-case, and the words up to where its date starts
_ORIGINALLY = re.compile(r"originally published\W{0,3}(?:on|in)?\W{0,3}")
ORIGINALLY_MARK = "riginally published"  # in raw HTML, either case: a cheap test before reading text


def stated_original_date(page_text: str, tz: tzinfo) -> datetime | None:
    """The date in a statement of the page's first publication ("This article was originally
    published on 26 Sep 2019 at 4:12pm but has been regularly updated"), if the page text has one."""
    lowered = page_text.lower()
    for statement in _ORIGINALLY.finditer(lowered):
        found = _date_right_after(lowered, statement.end(), tz)
        if found is not None:
            return found
    return None


# an author credit, lower-case; the names after it, then its date (found with str.find: a regex
# alternation scans a whole page several times slower)
_CREDITS = ("written by ", "posted by ", "published by ", "geschrieben von ", "verfasst von ")
_CREDIT_NAMES = 60  # characters of names (and "and", commas) between a credit and its date
_NAMES = re.compile(r"[^\W\d_][^\d|:;!?]*")


def credited_date(lowered: str, tz: tzinfo) -> datetime | None:
    """The date right after the names of an author credit in the lower-cased page text ("written by
    Moses Kim and Kate Shokurova April 8, 2024"): a byline set apart from the headline, as at an
    article's end. The names hold no digits or sentence marks, so a date further on is not taken."""
    for end in sorted(_credit_ends(lowered)):
        found = find_dates(lowered[end : end + _CREDIT_NAMES + _LABELLED_SPAN], tz)
        if not found or found[0][0] > _CREDIT_NAMES or not plausible(found[0][2]):
            continue
        names = lowered[end : end + found[0][0]].strip(" ,-–—|•·")
        if not names or (_NAMES.fullmatch(names) and len(names.split()) <= 8):
            return found[0][2]
    return None


def _credit_ends(lowered: str) -> list[int]:
    """Where the names after each author credit in `lowered` start."""
    ends: list[int] = []
    for credit in _CREDITS:
        at = lowered.find(credit)
        while at >= 0:
            ends.append(at + len(credit))
            at = lowered.find(credit, at + 1)
    return ends
