"""extract_page: one HTML string in, one ExtractedPage out. Pure: no I/O, no network, no clock but
the plausibility check on dates."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import tzinfo
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from selectolax.lexbor import LexborHTMLParser, LexborNode, SelectolaxError

from ingest.extract.authors import pick_authors
from ingest.extract.boilerplate import remove_chrome, strip_non_content
from ingest.extract.cleanup import clean_body
from ingest.extract.content import choose_content
from ingest.extract.dates import KYIV, UTC, parse_date_text, plausible
from ingest.extract.errors import BadOverrideError, NotHtmlError
from ingest.extract.jsonld import ARTICLE_TYPES, LISTING_TYPES, read_jsonld
from ingest.extract.labelled_dates import ORIGINALLY_MARK, labelled_date
from ingest.extract.language import detect_language, normalise_declared
from ingest.extract.metadata import pick_dates, pick_title, read_head
from ingest.extract.pagetype import PageSignals, classify_page
from ingest.extract.render import clean_inline, render_text
from ingest.extract.visible_dates import date_before_text, first_heading
from ingest.records import ExtractedPage

OVERRIDE_KEYS = frozenset({"title", "body", "date", "timezone"})
# Naive local times on pages in these languages or under these country domains are read in this zone.
_LOCAL_ZONES_BY_LANG: dict[str, tzinfo] = {"uk": KYIV}
_LOCAL_ZONES_BY_TLD: dict[str, tzinfo] = {"ua": KYIV}


def _headline_like_links(link_texts: Iterable[str]) -> tuple[int, int]:
    """Links (by their text) that read like a headline (>= 6 words): count, chars."""
    count = chars = 0
    for text in link_texts:
        if len(text) >= 30 and len(text.split()) >= 6:
            count += 1
            chars += len(text)
    return count, chars


def _teaser_counts(tree: LexborHTMLParser) -> tuple[int, int]:
    """Links inside h2/h3/h4 headings (counted once per heading level they sit in) and <article>s."""
    links = articles = 0
    for node in tree.css("h2 a, h3 a, h4 a, article"):  # one walk for both
        if node.tag == "article":
            articles += 1
        else:
            links += 1
    return links, articles


def _check_overrides(overrides: Mapping[str, str] | None) -> dict[str, str]:
    if not overrides:
        return {}
    unknown = set(overrides) - OVERRIDE_KEYS
    if unknown:
        raise BadOverrideError(f"unknown override key(s) {sorted(unknown)}; allowed: {sorted(OVERRIDE_KEYS)}")
    for key, css in overrides.items():
        if not isinstance(css, str) or not css.strip():
            raise BadOverrideError(f"override {key!r} must be a non-empty string, got {css!r}")
    if "timezone" in overrides:
        _zone(overrides["timezone"])
    return dict(overrides)


def _zone(name: str) -> tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise BadOverrideError(f"override 'timezone' must be an IANA zone name, got {name!r}") from exc


def _select(tree: LexborHTMLParser, key: str, css: str) -> LexborNode | None:
    try:
        return tree.css_first(css)
    except SelectolaxError as exc:
        raise BadOverrideError(f"override {key!r} has an invalid CSS selector {css!r}: {exc}") from exc


def _local_zone(url: str | None, declared_lang: str | None) -> tzinfo:
    if declared_lang and declared_lang in _LOCAL_ZONES_BY_LANG:
        return _LOCAL_ZONES_BY_LANG[declared_lang]
    if url:
        host = urlsplit(url).hostname or ""
        tld = host.rsplit(".", 1)[-1].lower() if "." in host else ""
        if tld in _LOCAL_ZONES_BY_TLD:
            return _LOCAL_ZONES_BY_TLD[tld]
    return UTC


def _visible_text(tree: LexborHTMLParser) -> str:
    """The body's text with whitespace collapsed ("" without a body)."""
    return " ".join(tree.body.text(separator=" ").split()) if tree.body is not None else ""


def extract_page(
    html: str, url: str | None = None, overrides: Mapping[str, str] | None = None
) -> ExtractedPage:
    """Extract title, body, dates, authors, language, canonical URL, alternates and page type.

    `overrides` optionally maps "title"/"body"/"date" to CSS selectors that win over the generic rules,
    and "timezone" to the IANA zone a source writes its local times in (e.g. "Europe/Kyiv"); without
    it, naive times are read in Europe/Kyiv on Ukrainian-language or .ua pages and in UTC elsewhere.
    Raises NotHtmlError for empty or non-string input, BadOverrideError for malformed overrides.
    """
    if not isinstance(html, str):
        raise NotHtmlError(f"html must be str, got {type(html).__name__}")
    if not html or html.isspace():  # (not html.strip(): no copy of the page)
        raise NotHtmlError("html is empty")
    if "\x00" in html[:2048]:
        raise NotHtmlError("html looks binary (NUL bytes near the start)")
    chosen = _check_overrides(overrides)
    tree = LexborHTMLParser(html)
    head = read_head(tree, url)
    ld = read_jsonld(tree, tuple(v for k, v in head.values.items() if k.endswith("ld+json")))
    declared = (
        normalise_declared(head.lang)
        or normalise_declared(head.values.get("content-language"))
        or normalise_declared(head.values.get("og:locale"))
        or normalise_declared(ld.language)
    )
    tz = _zone(chosen["timezone"]) if "timezone" in chosen else _local_zone(url, declared)
    strip_non_content(tree)
    heading = first_heading(tree)
    title = pick_title(head, ld, heading)
    # the page's text for pick_dates only on a page that may state its first publication (rare)
    stated_text = _visible_text(tree) if ORIGINALLY_MARK in html else None
    published, modified = pick_dates(tree, head, ld, url, tz, title, heading, stated_text)
    # the page's text, for a date written just before the article's first words (undated pages only)
    page_text = (stated_text if stated_text is not None else _visible_text(tree)) if published is None else ""
    authors = pick_authors(tree, head.values, ld)
    headline_links, teaser_items = _teaser_counts(tree)

    if "title" in chosen:
        node = _select(tree, "title", chosen["title"])
        if node is not None and clean_inline(node.text()):
            title = clean_inline(node.text())
    if "date" in chosen:
        node = _select(tree, "date", chosen["date"])
        if node is not None:
            dt = parse_date_text(node.attributes.get("datetime") or clean_inline(node.text()), tz)
            if plausible(dt):
                published = dt
    body_node = _select(tree, "body", chosen["body"]) if "body" in chosen else None

    remove_chrome(tree, protect=body_node)
    # links left after chrome removal (the content chooser reads them all anyway; every <a> is in <body>)
    choice = None
    if body_node is None:
        root = tree.body or tree.root
        choice = choose_content(root) if root is not None else None
    link_texts = choice.link_texts if choice is not None else [link.text() for link in tree.css("a")]
    headline_like, headline_chars = _headline_like_links(link_texts)
    if body_node is not None:
        body = render_text([body_node])
    else:
        body = render_text(choice.nodes) if choice is not None else ""
    site_name = head.values.get("og:site_name")
    body = clean_body(body, title, (*authors, site_name) if site_name else authors)
    if published is None and page_text and body:
        published = date_before_text(page_text, clean_inline(body[:80]), tz)
    if published is None and page_text:
        published = labelled_date(page_text, tz)

    detected = detect_language(body) if body else None
    if detected is None and title:
        detected = detect_language(title)
    language = detected or declared

    paragraphs = body.count("\n\n") + 1 if body else 0

    page_type = classify_page(
        PageSignals(
            url=url,
            declared_article=bool(ld.types & ARTICLE_TYPES)
            or head.values.get("og:type", "").lower() == "article",
            declared_listing=bool(ld.types & LISTING_TYPES) and not (ld.types & ARTICLE_TYPES),
            body_chars=len(body),
            body_paragraphs=paragraphs,
            headline_links=headline_links,
            teaser_items=teaser_items,
            headline_like_links=headline_like if headline_chars > len(body) else 0,
        )
    )
    return ExtractedPage(
        title=title,
        body=body,
        published=published,
        modified=modified,
        authors=authors,
        language=language,
        canonical_url=head.canonical,
        page_type=page_type,
        alternates=head.alternates,
    )
