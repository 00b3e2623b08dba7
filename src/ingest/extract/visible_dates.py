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
