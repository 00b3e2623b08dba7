"""Date parsing: ISO 8601, RFC 822, visible dates in English, Ukrainian, Russian and the main western
European languages ("3 de mayo de 2022", "7. März 2024"), dates in URLs.

Every function returns an aware datetime. A date written without a zone takes the zone the caller gives
(the page's local zone, e.g. Europe/Kyiv for Ukrainian pages); a date without a time is midnight there.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

UTC = timezone.utc
KYIV = ZoneInfo("Europe/Kyiv")

_MONTHS: dict[str, int] = {}
for _i, _names in enumerate(
    [
        "january jan січня січень січ января январь янв enero janvier janv januar gennaio jänner janeiro januari",
        "february feb лютого лютий лют февраля февраль фев febrero février févr februar febbraio fevereiro"
        " februari",
        "march mar березня березень бер марта март мар marzo mars märz marz mär março maart",
        "april apr квітня квітень квіт апреля апрель апр abril avril avr aprile",
        "may травня травень трав мая май mayo mai maggio maio mei",
        "june jun червня червень черв июня июнь июн junio juin juni giugno junho",
        "july jul липня липень лип июля июль июл julio juillet juil juli luglio julho",
        "august aug серпня серпень серп августа август авг agosto août augustus",
        "september sep sept вересня вересень вер сентября сентябрь сен septiembre septembre settembre setembro",
        "october oct жовтня жовтень жовт октября октябрь окт octubre octobre oktober okt ottobre outubro",
        "november nov листопада листопад ноября ноябрь ноя noviembre novembre novembro",
        "december dec грудня грудень груд декабря декабрь дек diciembre décembre déc dezember dez dicembre"
        " dezembro",
    ],
    start=1,
):
    for _n in _names.split():
        _MONTHS.setdefault(_n, _i)

# Any word of 3-11 letters; find_dates keeps the matches whose word is a month name (one dictionary
# look-up is much cheaper than a regex alternation of every month name in every language).
_MONTH_RE = r"[^\W\d_]{3,11}"
_TIME = r"(?P<h>[0-2]?\d):(?P<mi>[0-5]\d)(?::(?P<s>[0-5]\d))?\s*(?P<ampm>[ap]\.?m\.?)?"

# 13 листопада 2023 року - 20:34 / 28 May 2024 - 10:36 / 28 May, 2024 at 10:36
_D_MON_Y = re.compile(
    rf"\b(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\.?\s+(?:de\s+)?(?P<mon>{_MONTH_RE})\.?,?\s+(?:del?\s+)?"
    rf"(?P<y>(?:19|20)\d\d)"
    rf"(?:\s*(?:року|р\.|г\.|года)?\s*(?:[-–—,|]|at|um|о|в)?\s*{_TIME})?",
    re.IGNORECASE,
)
# May 28, 2024 10:36
_MON_D_Y = re.compile(
    rf"\b(?P<mon>{_MONTH_RE})\.?\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)"
    rf"(?:\s*(?:[-–—,|]|at)?\s*{_TIME})?",
    re.IGNORECASE,
)
# 17:26 19 Mar 2024
_TIME_D_MON_Y = re.compile(
    rf"{_TIME}\s*[,|]?\s+(?P<d>[0-3]?\d)\s+(?P<mon>{_MONTH_RE})\.?,?\s+(?P<y>(?:19|20)\d\d)", re.IGNORECASE
)
# 14/01/2024, 14.01.2024, 4. 2. 2022 (day first; German spacing), 2024-01-14, with optional time
_NUMERIC_DMY = re.compile(
    rf"\b(?P<d>[0-3]?\d)(?:/|\. ?)(?P<m>[0-3]?\d)(?:/|\. ?)(?P<y>(?:19|20)\d\d)\b"
    rf"(?:,?\s*(?:[-–—|]|at|um|o|в)?\s*{_TIME})?"
)
_NUMERIC_YMD = re.compile(
    rf"\b(?P<y>(?:19|20)\d\d)[-/.](?P<m>[01]?\d)[-/.](?P<d>[0-3]?\d)(?!\d)(?:[T ,]\s*{_TIME})?"
)
_URL_DATE = re.compile(r"/(?P<y>(?:19|20)\d\d)[/-](?P<m>[01]?\d)[/-](?P<d>[0-3]?\d)(?!\d)")
_URL_YM = re.compile(r"/(?P<y>(?:19|20)\d\d)[/-](?P<m>[01]\d)/")
_ISO_OFFSET_FIX = re.compile(r"([+-]\d\d)(\d\d)$")


def is_month_name(word: str) -> bool:
    """A month's name or abbreviation in one of the languages read here ("May", "листопада", "Juni")."""
    return word.lower().rstrip(".") in _MONTHS


def _build(y: int, m: int, d: int, h: int, mi: int, s: int, tz: tzinfo) -> datetime | None:
    try:
        return datetime(y, m, d, h, mi, s, tzinfo=tz)
    except ValueError:
        return None


def _time_parts(mt: re.Match[str]) -> tuple[int, int, int]:
    gd = mt.groupdict()
    if not gd.get("h"):
        return 0, 0, 0
    h = int(gd["h"])
    ampm = (gd.get("ampm") or "").lower().replace(".", "")
    if ampm == "pm" and h < 12:
        h += 12
    elif ampm == "am" and h == 12:
        h = 0
    if h > 23:
        return 0, 0, 0
    return h, int(gd["mi"]), int(gd.get("s") or 0)


def parse_iso(value: str, default_tz: tzinfo = UTC) -> datetime | None:
    """Parse an ISO 8601 / RFC 3339 / RFC 822 timestamp; None when it is not one."""
    v = value.strip()
    if not v or len(v) > 64:
        return None
    if v[:4].isdigit() and len(v) >= 10:
        w = v.replace("Z", "+00:00").replace("z", "+00:00")
        if " " in w[10:11]:
            w = w[:10] + "T" + w[11:].strip()
        w = _ISO_OFFSET_FIX.sub(r"\1:\2", w) if re.search(r"T.*[+-]\d{4}$", w) else w
        try:
            dt = datetime.fromisoformat(w)
        except ValueError:
            mt = _NUMERIC_YMD.match(v)
            if not mt:
                return None
            h, mi, s = _time_parts(mt)
            return _build(int(mt["y"]), int(mt["m"]), int(mt["d"]), h, mi, s, default_tz)
        if dt.year < 1990 or dt.year > 2100:
            return None
        return dt if dt.tzinfo else dt.replace(tzinfo=default_tz)
    if re.match(r"^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d", v):
        try:
            dt = parsedate_to_datetime(v)
        except (TypeError, ValueError):
            return None
        return dt if dt.tzinfo else dt.replace(tzinfo=default_tz)
    return None


# Every form above holds a year; with no whitespace run in the text, a match starts at most 33
# characters before its year's first digit and ends at most 30 after it (a time of day on either side).
_YEAR = re.compile(r"(?:19|20)\d\d")
_WHITESPACE_RUN = re.compile(r"\s\s")
_BEFORE_YEAR = 40
_AFTER_YEAR = 40  # with a margin for the look-ahead at a match's end


def _spans(text: str) -> list[tuple[int, int]]:
    """The parts of `text` that can hold a date: around each year, merged; all of it when a whitespace
    run makes the forms' reach unbounded."""
    if _WHITESPACE_RUN.search(text):
        return [(0, len(text))]
    spans: list[tuple[int, int]] = []
    for year in _YEAR.finditer(text):
        start, end = max(0, year.start() - _BEFORE_YEAR), year.start() + _AFTER_YEAR
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def find_dates(text: str, default_tz: tzinfo = UTC) -> list[tuple[int, int, datetime]]:
    """Every written date in `text` as (start, end, datetime), in text order; overlapping matches of
    the less specific forms are dropped. Only the text around years is scanned."""
    found: list[tuple[int, int, datetime]] = []
    spans = _spans(text) if _YEAR.search(text) else []
    for rx in (_TIME_D_MON_Y, _D_MON_Y, _MON_D_Y, _NUMERIC_YMD, _NUMERIC_DMY):
        for mt in (m for span_start, span_end in spans for m in rx.finditer(text, span_start, span_end)):
            start, end = mt.span()
            if any(start < e and s < end for s, e, _ in found):
                continue
            gd = mt.groupdict()
            month = _MONTHS.get(gd["mon"].lower().rstrip(".")) if gd.get("mon") else int(gd["m"])
            if not month:
                continue
            day = int(gd["d"])
            if month > 12 and day <= 12 and rx is _NUMERIC_DMY:
                month, day = day, month  # 10/31/2024: month first (US order)
            h, mi, sec = _time_parts(mt)
            dt = _build(int(gd["y"]), month, day, h, mi, sec, default_tz)
            if dt is not None:
                found.append((start, end, dt))
    found.sort(key=lambda item: item[0])
    return found


def parse_date_text(text: str, default_tz: tzinfo = UTC) -> datetime | None:
    """The first written date in a short piece of visible text (any supported form)."""
    if not text:
        return None
    iso = parse_iso(text, default_tz)
    if iso is not None:
        return iso
    found = find_dates(text, default_tz)
    return found[0][2] if found else None


def parse_url_date(url: str, default_tz: tzinfo = UTC) -> datetime | None:
    """Date written in a URL path, such as /2024/01/14/ or /2024/03/1/ (midnight, default zone)."""
    mt = _URL_DATE.search(url)
    if not mt:
        return None
    return _build(int(mt["y"]), int(mt["m"]), int(mt["d"]), 0, 0, 0, default_tz)


def plausible(dt: datetime | None, now: datetime | None = None) -> bool:
    """A publication date must lie after 1995 and not more than two days in the future."""
    if dt is None:
        return False
    now = now or datetime.now(UTC)
    return datetime(1995, 1, 1, tzinfo=UTC) <= dt <= now + timedelta(days=2)
