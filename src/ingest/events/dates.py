"""Date expressions in a sentence, resolved against the article's publication date in Europe/Kyiv.

Handles absolute dates (2024-06-13, 13 June 2024, June 13, 2024, 13.06.2024, 13 червня 2024 року),
partial dates without a year ("On 13 June", "у червні"), and relative ones ("today", "yesterday",
"on Thursday", "у четвер"). A partial date takes the year that puts it on the right side of the
publication date: at or before it for past events, at or after it for planned ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from ingest.records import DatePrecision

KYIV = ZoneInfo("Europe/Kyiv")
Direction = Literal["past", "future"]

_MONTHS_EN = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
    "nov": 11, "dec": 12,
}
_MONTHS_UK_GEN = {
    "січня": 1, "лютого": 2, "березня": 3, "квітня": 4, "травня": 5, "червня": 6, "липня": 7, "серпня": 8,
    "вересня": 9, "жовтня": 10, "листопада": 11, "грудня": 12,
}
_MONTHS_UK_LOC = {
    "січні": 1, "лютому": 2, "березні": 3, "квітні": 4, "травні": 5, "червні": 6, "липні": 7, "серпні": 8,
    "вересні": 9, "жовтні": 10, "листопаді": 11, "грудні": 12,
}
_WEEKDAYS_EN = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
_WEEKDAYS_UK = {
    "понеділок": 0, "вівторок": 1, "середу": 2, "четвер": 3, "п'ятницю": 4, "п’ятницю": 4, "суботу": 5,
    "неділю": 6,
}

_MON_EN = r"(?P<mon>" + "|".join(sorted(_MONTHS_EN, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mon>[01]\d)-(?P<day>[0-3]\d)\b")),
    ("dmy_num", re.compile(r"\b(?P<day>[0-3]?\d)[./](?P<mon>[01]?\d)[./](?P<year>(?:19|20)\d\d)\b")),
    ("dmy", re.compile(r"\b" + _DAY + r"(?:\s+of)?\s+" + _MON_EN + r"(?:,?\s+" + _YEAR + r")?\b", re.I)),
    ("mdy", re.compile(r"\b" + _MON_EN + r"\s+" + _DAY + r"(?:,?\s+" + _YEAR + r")?\b(?!:)", re.I)),
    ("my", re.compile(r"(?:(?P<in_may>(?<=\bin )|(?<=\bby )|(?<=\bearly )|(?<=\blate )|(?<=\bmid-))|\b)" + _MON_EN + r"(?:,?\s+(?:of\s+)?" + _YEAR + r")?\b", re.I)),
    ("dmy_uk", re.compile(
        r"(?<!\w)" + r"(?P<day>[0-3]?\d)\s+(?P<mon>" + "|".join(_MONTHS_UK_GEN) + r")"
        r"(?:\s+" + _YEAR + r"(?:\s*(?:року|р\.))?)?(?!\w)", re.I)),
    ("my_uk", re.compile(
        r"(?<!\w)(?:у|в)\s+(?P<mon>" + "|".join(_MONTHS_UK_LOC) + r")(?:\s+" + _YEAR + r"(?:\s*(?:року|р\.))?)?(?!\w)",
        re.I)),
    ("year", re.compile(r"\b(?:in|since|during|of|у|в)\s+" + _YEAR + r"(?:\s+року)?\b", re.I)),
    ("rel", re.compile(
        r"\b(?P<rel>today|tonight|this morning|this afternoon|this evening|yesterday|tomorrow|the day before"
        r"|the previous day|сьогодні|вчора|учора|завтра|напередодні)(?!\w)", re.I)),
    ("weekday", re.compile(
        r"(?:\b(?P<mod>last|this|next|on|past|coming)\s+)(?P<wd>monday|tuesday|wednesday|thursday|friday"
        r"|saturday|sunday)\b", re.I)),
    ("weekday_uk", re.compile(
        r"(?<!\w)(?P<mod>у|в|минулого|минулої|наступного|наступної)\s+(?P<wd>понеділок|вівторок|середу|четвер"
        r"|п['’]ятницю|суботу|неділю)(?!\w)", re.I)),
]
_AS_OF = re.compile(r"(?:\bas (?:of|at)|станом на)\s*$", re.I)
_RELATIVE_DAYS = {
    "today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0, "сьогодні": 0,
    "yesterday": -1, "вчора": -1, "учора": -1, "the day before": -1, "the previous day": -1, "напередодні": -1,
    "tomorrow": 1, "завтра": 1,
}


@dataclass(frozen=True, slots=True)
class DateHit:
    """A date expression found in a sentence and what it resolves to."""

    start: int
    end: int
    value: date
    precision: DatePrecision
    relative: bool  # resolved against the publication date (no year, weekday, "today")
    as_of: bool  # introduced by "as of" / "станом на": the state on that date, not an event


def kyiv_date(published: datetime | None) -> date | None:
    """The calendar date of `published` in Kyiv; a naive datetime is taken as Kyiv local time."""
    if published is None:
        return None
    if published.tzinfo is None:
        return published.date()
    return published.astimezone(KYIV).date()


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _pick_year(month: int, day: int, anchor: date, direction: Direction) -> date | None:
    candidates = [d for y in (anchor.year - 1, anchor.year, anchor.year + 1) if (d := _safe_date(y, month, day))]
    if direction == "past":
        past = [d for d in candidates if d <= anchor + timedelta(days=1)]
        return max(past) if past else None
    future = [d for d in candidates if d >= anchor - timedelta(days=1)]
    return min(future) if future else None


def _resolve(kind: str, m: re.Match[str], anchor: date | None, direction: Direction) -> tuple[date, DatePrecision, bool] | None:
    g = m.groupdict()
    year = int(g["year"]) if g.get("year") else None
    if kind in ("iso", "dmy_num"):
        d = _safe_date(int(g["year"]), int(g["mon"]), int(g["day"]))
        return (d, "day", False) if d else None
    if kind in ("dmy", "mdy", "dmy_uk"):
        mon_text = g["mon"].lower().rstrip(".")
        month = _MONTHS_EN.get(mon_text) or _MONTHS_UK_GEN.get(mon_text)
        if month is None:
            return None
        if mon_text == "may" and not g["mon"].startswith("M"):
            return None
        day = int(g["day"])
        if year is not None:
            d = _safe_date(year, month, day)
            return (d, "day", False) if d else None
        if anchor is None:
            return None
        d = _pick_year(month, day, anchor, direction)
        return (d, "day", True) if d else None
    if kind in ("my", "my_uk"):
        mon_text = g["mon"].lower().rstrip(".")
        month = _MONTHS_EN.get(mon_text) or _MONTHS_UK_LOC.get(mon_text)
        if month is None or (kind == "my" and len(mon_text) < 4 and mon_text != "may"):
            return None
        if mon_text == "may" and (not g["mon"].startswith("M") or (year is None and g.get("in_may") is None)):
            return None
        if year is not None:
            return date(year, month, 1), "month", False
        if anchor is None:
            return None
        d = _pick_year(month, 1, anchor.replace(day=1), direction)
        return (d, "month", True) if d else None
    if kind == "year":
        return date(int(g["year"]), 1, 1), "year", False
    if anchor is None:
        return None
    if kind == "rel":
        return anchor + timedelta(days=_RELATIVE_DAYS[g["rel"].lower()]), "day", True
    if kind in ("weekday", "weekday_uk"):
        wd_text = g["wd"].lower().replace("’", "'")
        target = _WEEKDAYS_EN.get(wd_text, _WEEKDAYS_UK.get(wd_text, -1))
        mod = g["mod"].lower()
        go_forward = mod in ("next", "coming", "наступного", "наступної") or (
            direction == "future" and mod not in ("last", "past", "минулого", "минулої")
        )
        if go_forward:
            delta = (target - anchor.weekday()) % 7
            return anchor + timedelta(days=delta), "day", True
        delta = (anchor.weekday() - target) % 7
        if mod in ("last", "past", "минулого", "минулої") and delta == 0:
            delta = 7
        return anchor - timedelta(days=delta), "day", True
    return None


def find_dates(text: str, anchor: date | None, direction: Direction = "past") -> list[DateHit]:
    """Date expressions in `text`, left to right, without overlaps (the longest form wins)."""
    taken: list[tuple[int, int]] = []
    hits: list[DateHit] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            resolved = _resolve(kind, m, anchor, direction)
            if resolved is None:
                continue
            value, precision, relative = resolved
            as_of = bool(_AS_OF.search(text[max(0, m.start() - 14) : m.start()]))
            taken.append((m.start(), m.end()))
            hits.append(DateHit(m.start(), m.end(), value, precision, relative, as_of))
    hits.sort(key=lambda h: h.start)
    return hits
