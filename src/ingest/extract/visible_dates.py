"""Dates as the page shows them: by the headline (bylines, datelines), in <time> and date-classed
elements, and just before the article's first words."""

from __future__ import annotations

import re
from datetime import date, datetime, tzinfo

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ingest.extract.dates import find_dates, parse_date_text, parse_iso, plausible
from ingest.extract.nearby_text import text_after, text_before
from ingest.extract.render import clean_inline

_DATE_HINT_SELECTOR = (
    "[itemprop=datePublished], [class*=date i], [class*=time i], [class*=publish i], [class*=posted i], "
    "[class*=meta i], [id*=date i], [class*=byline i], [class*=dateline i]"
)


def first_heading(tree: LexborHTMLParser) -> LexborNode | None:
    """The article's headline element: the first non-empty <h1> inside an <article>, else inside
    <main>, else the first [itemprop=headline], else the first <h1> (one pass over the tree)."""
    in_article: LexborNode | None = None
    in_main: LexborNode | None = None
    itemprop: LexborNode | None = None
    first: LexborNode | None = None
    for node in tree.css("h1, [itemprop=headline]"):
        if not clean_inline(node.text()):
            continue
        if node.tag != "h1":
            itemprop = itemprop or node
            continue
        if node.attributes.get("itemprop") == "headline":
            itemprop = itemprop or node
        first = first or node
        if in_article is None or in_main is None:
            ancestor = node.parent
            while ancestor is not None and ancestor.tag not in ("body", "html"):
                if ancestor.tag == "article" and in_article is None:
                    in_article = node
                elif ancestor.tag == "main" and in_main is None:
                    in_main = node
                ancestor = ancestor.parent
        if in_article is not None:
            break
    return in_article or in_main or itemprop or first


_UPDATED_BEFORE = re.compile(
    r"(?:updated|modified|last reviewed|reviewed|edited|aktualisiert|geändert|änderung|оновлено|обновлено)"
    r"\W{0,3}"
    r"(?:on|at|am)?\W{0,3}$",
    re.IGNORECASE,
)


_HINT_CLASS_WORDS = ("date", "time", "publish", "posted", "meta", "byline")  # dateline: has "date"


def _is_hint(node: LexborNode) -> bool:
    """`node` matches _DATE_HINT_SELECTOR (checked in Python for the <time> elements it returns)."""
    attrs = node.attributes
    if attrs.get("itemprop") == "datePublished" or "date" in (attrs.get("id") or "").lower():
        return True
    cls = (attrs.get("class") or "").lower()
    return any(word in cls for word in _HINT_CLASS_WORDS)


_TIME_OR_HINT_SELECTOR = "time, " + _DATE_HINT_SELECTOR


# a date labelled as when something else happened (a recording, a release, a visit to a source)
_OTHER_EVENT_BEFORE = re.compile(
    r"(?:recorded|released|accessed|retrieved|expires|deadline|aufgenommen|abgerufen|zugegriffen)"
    r"\W{0,3}(?:on|at|am)?\W{0,3}$",
    re.IGNORECASE,
)


def _element_date(scope: LexborNode, tz: tzinfo) -> datetime | None:
    """The first plausible date of a <time> in `scope`, else of a date-hinted element (one selector
    query for both: each query walks the whole scope)."""
    found = scope.css(_TIME_OR_HINT_SELECTOR)
    times = [node for node in found if node.tag == "time"]
    hints = [node for node in found if node.tag != "time" or _is_hint(node)] if times else found
    for time_node in times:
        attr = time_node.attributes.get("datetime")
        dt = parse_iso(attr, tz) if attr else None
        if dt is None:
            dt = parse_date_text(clean_inline(time_node.text())[:80], tz)
        if plausible(dt):
            return dt
    for hint in hints:
        content = hint.attributes.get("content") or hint.attributes.get("datetime")
        if content:
            dt = parse_iso(content, tz)
            if plausible(dt):
                return dt
        text = clean_inline(hint.text(separator=" "))
        if 6 <= len(text) <= 300:
            dt = _published_in(text, tz)
            if dt is not None:
                return dt
    return None


def _published_in(text: str, tz: tzinfo, last: bool = False, plain_only: bool = False) -> datetime | None:
    """The first (or last) plausible date in `text` not labelled as an update; failing that (unless
    `plain_only`), the first labelled one (a page that shows only "Last updated: ..." dates itself
    by it)."""
    found = _published_at(text, tz, last, plain_only)
    return found[2] if found is not None else None


def _published_at(
    text: str, tz: tzinfo, last: bool = False, plain_only: bool = False
) -> tuple[int, int, datetime] | None:
    """_published_in's date with its span in `text`."""
    found = find_dates(text, tz)
    if last:
        found.reverse()
    updated: tuple[int, int, datetime] | None = None
    for start, end, dt in found:
        label = _label(text, start, dt)
        if label == "update":
            updated = updated or (start, end, dt)
        elif label == "plain":
            return start, end, dt
    return None if plain_only else updated


def _label(text: str, start: int, dt: datetime) -> str:
    """What the date `dt` written at `start` in `text` stands for, by the words before it: "update",
    "other" (a recording, an access date; or an implausible date) or "plain" (the page's date)."""
    if not plausible(dt):
        return "other"
    label = text[max(0, start - 30) : start]
    if _OTHER_EVENT_BEFORE.search(label):
        return "other"
    return "update" if _UPDATED_BEFORE.search(label) else "plain"


def _text_near_heading(text: str, titles: list[str], tz: tzinfo) -> datetime | None:
    """A date written just after the headline (bylines), or just before it (kickers)."""
    pos = -1
    for title in titles:
        title = " ".join(title.split())
        title = title[:60]
        if len(title) >= 8:
            pos = text.find(title)
            if pos >= 0:
                break
    if pos < 0:
        return None
    after = _published_at(text[pos : pos + 1200], tz)
    start = max(0, pos - 400)
    before = _published_at(text[start:pos], tz, last=True)
    if before is None:
        return after[2] if after is not None else None
    if after is None:
        return before[2]
    # the nearer of the two: a dateline just above the headline beats a date deep in the first paragraph
    return before[2] if pos - (start + before[1]) < after[0] - len(title) else after[2]


def date_before_text(full_text: str, anchor: str, tz: tzinfo) -> datetime | None:
    """The date written closest before `anchor` (the article's first words) in the page text: the
    byline line that sits between the headline and the body."""
    anchor = anchor[:50]
    if len(anchor) < 15:
        return None
    pos = full_text.find(anchor)
    if pos < 0:
        return None
    before = _published_in(full_text[max(0, pos - 600) : pos], tz, last=True)
    if before is not None:
        return before
    return _published_in(full_text[pos : pos + 250], tz)


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
        end = label.end()
        found = find_dates(lowered[end : end + _LABELLED_SPAN], tz)
        if found and found[0][0] == 0 and plausible(found[0][2]):
            if not label.group().startswith(_UPDATE_LABELS):
                return found[0][2]
            updated = updated or found[0][2]
    return updated or credited_date(lowered, tz)


# a statement of the first publication, lower-case, and the words up to where its date starts
_ORIGINALLY = re.compile(r"originally published\W{0,3}(?:on|in)?\W{0,3}")
ORIGINALLY_MARK = "riginally published"  # in raw HTML, either case: a cheap test before reading text


def stated_original_date(page_text: str, tz: tzinfo) -> datetime | None:
    """The date in a statement of the page's first publication ("This article was originally
    published on 26 Sep 2019 at 4:12pm but has been regularly updated"), if the page text has one."""
    lowered = page_text.lower()
    for statement in _ORIGINALLY.finditer(lowered):
        end = statement.end()
        found = find_dates(lowered[end : end + _LABELLED_SPAN], tz)
        if found and found[0][0] == 0 and plausible(found[0][2]):
            return found[0][2]
    return None


# an author credit ("written by", "posted by"), lower-case; the names after it, then its date
_CREDIT = re.compile(r"(?:written|posted|published) by |(?:geschrieben|verfasst) von ")
_CREDIT_NAMES = 60  # characters of names (and "and", commas) between a credit and its date
_NAMES = re.compile(r"[^\W\d_][^\d|:;!?]*")


def credited_date(lowered: str, tz: tzinfo) -> datetime | None:
    """The date right after the names of an author credit in the lower-cased page text ("written by
    Moses Kim and Kate Shokurova April 8, 2024"): a byline set apart from the headline, as at an
    article's end. The names hold no digits or sentence marks, so a date further on is not taken."""
    for credit in _CREDIT.finditer(lowered):
        end = credit.end()
        found = find_dates(lowered[end : end + _CREDIT_NAMES + _LABELLED_SPAN], tz)
        if not found or found[0][0] > _CREDIT_NAMES or not plausible(found[0][2]):
            continue
        names = lowered[end : end + found[0][0]].strip(" ,-–—|•·")
        if not names or (_NAMES.fullmatch(names) and len(names.split()) <= 8):
            return found[0][2]
    return None


_BYLINE_WINDOW = 300  # characters of page text after the headline
_BYLINE_LINE = 120  # a longer run of text is prose (a dek or the article), not a byline
_KICKER_WINDOW = 100  # characters of page text before the headline


def kicker_date(heading: LexborNode | None, tz: tzinfo) -> datetime | None:
    """The date written in the short lines just above the headline (a dateline or kicker), if any,
    not labelled as an update."""
    if heading is None:
        return None
    return _published_in(text_before(heading, _KICKER_WINDOW, _BYLINE_LINE), tz, last=True, plain_only=True)


def byline_text(heading: LexborNode) -> str:
    """The few short lines after the headline `heading` where bylines sit (runs of prose show as '|')."""
    return text_after(heading, _BYLINE_WINDOW, _BYLINE_LINE)


def days_by_heading(heading: LexborNode | None, tz: tzinfo) -> frozenset[date]:
    """Every day written in the short lines just above and after the headline and not labelled as an
    update (a byline that shows "May 21, 2025 April 24, 2025": a later date beside the original)."""
    if heading is None:
        return frozenset()
    near = text_before(heading, _KICKER_WINDOW, _BYLINE_LINE) + " | " + byline_text(heading)
    return frozenset(dt.date() for start, _, dt in find_dates(near, tz) if _label(near, start, dt) == "plain")


def byline_date(heading: LexborNode | None, tz: tzinfo) -> datetime | None:
    """The first date written within a few lines after the headline (see first_heading) that is not
    labelled as an update: the byline's date."""
    if heading is None:
        return None
    return _published_in(byline_text(heading), tz, plain_only=True)


def byline_update_date(heading: LexborNode | None, tz: tzinfo) -> datetime | None:
    """The first date within a few lines after the headline that is labelled as an update ("Page
    updated: 12 November 2025")."""
    if heading is None:
        return None
    text = byline_text(heading)
    for start, _, dt in find_dates(text, tz):
        if _label(text, start, dt) == "update":
            return dt
    return None


def visible_date(
    tree: LexborHTMLParser,
    tz: tzinfo,
    title: str | None,
    heading: LexborNode | None,
    page_text: str | None = None,
) -> datetime | None:
    """A date shown on the page: by the headline `heading` (see first_heading), in the text near it,
    or in a <time> or date-classed element of the article."""
    titles: list[str] = []
    if heading is not None:
        node: LexborNode | None = heading.parent
        for _ in range(3):
            if node is None or node.tag in ("body", "html"):
                break
            dt = _element_date(node, tz)
            if dt is not None:
                return dt
            node = node.parent
        titles += [clean_inline(heading.text()), heading.text(separator=" ").strip()]
    if title:
        titles.append(title)
    if page_text is None:
        page_text = " ".join(tree.body.text(separator=" ").split()) if tree.body is not None else ""
    dt = _text_near_heading(page_text, titles, tz)
    if dt is not None:
        return dt
    for selector in ("article", "main", "body"):
        found = tree.css_first(selector)
        if found is not None:
            dt = _element_date(found, tz)
            if dt is not None:
                return dt
    return None
