"""Authors: JSON-LD, <meta name=author> and friends, then bylines in the page.

A byline element often holds a label, the name and a role ("Written by / Dan Pantelo / Editor"); its
text is split on element boundaries and the first fragment that looks like a name wins.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ingest.extract.dates import is_month_name
from ingest.extract.jsonld import JsonLdFacts
from ingest.extract.render import clean_inline
from ingest.extract.visible_dates import byline_text, first_heading

_LABEL = re.compile(
    r"^\s*(?:(?:written|posted|published|recipe|article|guide|story|report|reviewed|authored|text|words|"
    r"photos?|reporting)\s+)?(?:by|von|par|por|di|door|автор(?:ка|и|ы)?|текст)\b\s*[:\-–]?\s*",
    re.IGNORECASE,
)
_GLUED_BY = re.compile(r"^(?:written by|posted by|by)(?=[A-Z])")
_ONLY_LABEL = re.compile(
    r"^\W*(?:(?:written|posted|published|recipe|article|guide|reviewed|authored)\s+)?"
    r"(?:by|author|authors|autor|автор|written by|about the author)?\W*$",
    re.IGNORECASE,
)
_JUNK = re.compile(
    r"\b(?:updated|published|min read|minutes? read|follow|share|comments?|read more|subscribe|"
    r"view all|posts by|more from)\b",
    re.IGNORECASE,
)
_TAIL = re.compile(r"\.\s+(?:reviewed|fact[- ]checked|edited|updated)\b.*$", re.IGNORECASE)
_SELECTOR = (
    "[itemprop=author], [rel=author], [class*=author i], [class*=byline i], [class*=writer i], "
    "[id*=author i], [class*=byl i]"
)
_META_KEYS = (
    "author",
    "article:author",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "byl",
    "twitter:creator",
)


def clean_author(raw: str) -> str | None:
    """A person or organisation name from a raw author string, or None when it is not one."""
    text = clean_inline(raw)
    text = _GLUED_BY.sub("", text)
    text = _LABEL.sub("", text)
    text = _TAIL.sub("", text).strip(" ,;:|-–—•·")
    if not text or len(text) > 80 or text.startswith(("http", "@")) or "@" in text:
        return None
    if "." in text and " " not in text:  # template placeholders such as page.head.author
        return None
    if _JUNK.search(text) or any(ch.isdigit() for ch in text) or len(text.split()) > 8:
        return None
    if _ONLY_LABEL.match(text):
        return None
    return text


def _from_element(node: LexborNode) -> str | None:
    for selector in ("[itemprop=name]", "a[rel=author]", "[class*=name i]"):
        named = node.css_first(selector)
        if named is not None:
            found = clean_author(named.text())
            if found:
                return found
    for fragment in node.text(separator="\n").split("\n"):
        fragment = clean_inline(fragment)
        if not fragment or _ONLY_LABEL.match(fragment):
            continue
        return clean_author(fragment)
    return None


def pick_authors(
    tree: LexborHTMLParser,
    head_values: dict[str, str],
    ld: JsonLdFacts,
    heading: LexborNode | None = None,
) -> tuple[str, ...]:
    """Authors in order of trust: JSON-LD, meta tags, byline elements, a "By ..." line under the
    headline `heading` (visible_dates.first_heading; found here when not given)."""
    if ld.authors:
        cleaned = [a for a in (clean_author(x) for x in ld.authors) if a]
        if cleaned:
            return tuple(dict.fromkeys(cleaned))
    for key in _META_KEYS:
        value = head_values.get(key)
        if value and not value.startswith("@"):
            found = clean_author(value)
            if found:
                return (found,)
    for node in tree.css(_SELECTOR):
        if len(node.text()) > 300:
            continue
        found = _from_element(node)
        if found:
            return (found,)
    heading = heading or first_heading(tree)
    found = byline_name(byline_text(heading)) if heading is not None else None
    return (found,) if found else ()


# "By", "Written by:", "Von", "Par", "Автор:" before a name in the lines under the headline; the
# words that are also prepositions in their language count only capitalised (German "von Pseudonymen")
_BY = re.compile(
    r"(?:^|(?<=[\s|•·⋅(]))(?:(?i:written by|posted by|words by|by|author|автор(?:ка)?)|Von|Par|Por|Door)"
    r"\s*:?\s+"
)
# a lower-case "by" starts a byline only at the start of the text or after a separator, a number or a
# date ("Guidance by Sector", "completed by ..." are prose)
_BYLINE_START = re.compile(r"(?:^|[|•·⋅—–:,)\d-])\s*$")
_CREDIT_BEFORE = re.compile(
    r"(?:photo|image|illustration|video|graphic|credit|foto|bild)s?\W*$", re.IGNORECASE
)
_PARTICLES = frozenset({"de", "van", "von", "der", "den", "da", "di", "del", "la", "le", "bin", "al", "y"})
_WEEKDAYS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday montag dienstag mittwoch donnerstag freitag "
    "samstag sonntag lundi mardi mercredi jeudi vendredi samedi dimanche lunes martes miércoles jueves "
    "viernes sábado domingo today yesterday heute gestern".split()
)
# one name word: initials ("A.", "J.R."), or a word whose hyphenated parts are capitalised ("Applebaum-Bauch",
# not "Co-founder")
_NAME_WORD = re.compile(r"^(?:[^\W\d_]\.){1,3}$|^[^\W\d_][\w'’.-]*$")
_MAX_NAME_WORDS = 3


def _name_word(word: str, first: bool) -> bool:
    if not _NAME_WORD.match(word) or word.lower() in _WEEKDAYS or is_month_name(word):
        return False
    if any(part[:1].islower() for part in word.split("-")[1:]):
        return False
    return word[0].isupper() or (not first and word in _PARTICLES)


def byline_name(text: str) -> str | None:
    """The name after the first "By ..." label in byline text: two or three capitalised words
    (initials and particles such as 'van' allowed), ending at punctuation, a word in lower case, a
    month or a weekday."""
    for label in _BY.finditer(text):
        before = text[max(0, label.start() - 20) : label.start()]
        if _CREDIT_BEFORE.search(before) or (
            label.group(0)[:3] == "by " and not _BYLINE_START.search(before)
        ):
            continue
        words: list[str] = []
        for raw in text[label.end() : label.end() + 80].split():
            word = raw.rstrip(",;|•·⋅")
            if not _name_word(word, not words):
                break
            words.append(word)
            if word != raw or len(words) == _MAX_NAME_WORDS:
                break
        while words and words[-1] in _PARTICLES:
            words.pop()
        if len(words) >= 2:
            return clean_author(" ".join(words))
    return None
