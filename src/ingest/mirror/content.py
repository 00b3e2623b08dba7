"""Load the hand-written mirror content (src/ingest/mirror/content/*.toml) into ArticleSpec records."""

from __future__ import annotations

import tomllib
from datetime import date, datetime
from functools import cache
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo

from ingest.mirror.model import SOURCES, ArticleSpec, ContentError, EventSpec, parse_blocks

EVENT_TYPES = frozenset(
    {"negotiations_started", "negotiation_round", "agreement_signed", "agreement_planned", "count_claim"}
)
PRECISIONS = frozenset({"day", "month", "year", "unknown"})
KYIV = ZoneInfo("Europe/Kyiv")
_PAGE_KEYS = frozenset(
    {"key", "source", "story", "title", "published", "language", "slug", "body", "id", "category", "author",
     "seed", "copy_of", "translation_of", "events", "caption"}
)


def _text(raw: dict[str, Any], name: str, where: str, default: str | None = None) -> str:
    value = raw.get(name, default)
    if not isinstance(value, str) or not value:
        raise ContentError(f"{where}: field {name!r} must be a non-empty string, got {value!r}")
    return value


def _optional_text(raw: dict[str, Any], name: str, where: str) -> str | None:
    value = raw.get(name)
    if value is not None and (not isinstance(value, str) or not value):
        raise ContentError(f"{where}: field {name!r} must be a non-empty string when given, got {value!r}")
    return value


def _event(raw: Any, where: str) -> EventSpec:
    if not isinstance(raw, dict):
        raise ContentError(f"{where}: each event must be a table, got {raw!r}")
    kind = raw.get("type")
    if kind not in EVENT_TYPES:
        raise ContentError(f"{where}: unknown event type {kind!r}")
    when = raw.get("date")
    if isinstance(when, date):
        when = when.isoformat()
    if when == "":
        when = None
    if when is not None and (not isinstance(when, str) or len(when) not in (4, 7, 10)):
        raise ContentError(f"{where}: event date must be YYYY, YYYY-MM or YYYY-MM-DD, got {when!r}")
    precision = raw.get("precision", "day" if when and len(when) == 10 else "unknown")
    if precision not in PRECISIONS:
        raise ContentError(f"{where}: unknown date precision {precision!r}")
    partner = raw.get("partner")
    if kind == "count_claim":
        if partner is not None or not isinstance(raw.get("count"), int):
            raise ContentError(f"{where}: a count_claim needs an integer count and no partner")
    elif not isinstance(partner, str) or not (len(partner) == 2 and partner.isupper()):
        raise ContentError(f"{where}: partner must be an ISO alpha-2 code or 'EU', got {partner!r}")
    return EventSpec(
        type=kind,
        partner=partner,
        date=when,
        date_precision=precision,
        ordinal=raw.get("ordinal"),
        count=raw.get("count"),
        count_scope=raw.get("scope", "signed" if kind == "count_claim" else None),
    )


def _page(raw: dict[str, Any], origin: str) -> ArticleSpec:
    where = f"{origin}: page {raw.get('key', '?')!r}"
    unknown = set(raw) - _PAGE_KEYS
    if unknown:
        raise ContentError(f"{where}: unknown fields {sorted(unknown)}")
    source = _text(raw, "source", where)
    if source not in SOURCES:
        raise ContentError(f"{where}: unknown source {source!r}; expected one of {SOURCES}")
    published = raw.get("published")
    if not isinstance(published, datetime) or published.tzinfo is None:
        raise ContentError(f"{where}: 'published' must be a TOML datetime with an offset, got {published!r}")
    if published.utcoffset() != published.astimezone(KYIV).utcoffset():
        raise ContentError(f"{where}: 'published' offset {published.isoformat()} is not Kyiv time on that date")
    num_id = raw.get("id")
    if source in ("president-en", "president-uk", "ukrinform-en") and not isinstance(num_id, int):
        raise ContentError(f"{where}: source {source} needs an integer 'id' for its URLs")
    events_raw = raw.get("events", [])
    if not isinstance(events_raw, list):
        raise ContentError(f"{where}: 'events' must be a list of tables")
    return ArticleSpec(
        key=_text(raw, "key", where),
        source=source,
        story=_text(raw, "story", where),
        title=_text(raw, "title", where),
        published=published,
        language=_text(raw, "language", where, "uk" if source == "president-uk" else "en"),
        slug=_text(raw, "slug", where),
        blocks=parse_blocks(_text(raw, "body", where), where),
        num_id=num_id,
        category=_text(raw, "category", where, "News"),
        author=_optional_text(raw, "author", where),
        seed=_optional_text(raw, "seed", where),
        copy_of=_optional_text(raw, "copy_of", where),
        translation_of=_optional_text(raw, "translation_of", where),
        events=tuple(_event(e, where) for e in events_raw),
        caption=_optional_text(raw, "caption", where),
    )


def parse_content(text: str, origin: str) -> list[ArticleSpec]:
    """Parse one content TOML document (a list of [[page]] tables)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(f"{origin}: not valid TOML: {exc}") from exc
    pages = data.get("page", [])
    if not isinstance(pages, list):
        raise ContentError(f"{origin}: expected [[page]] tables")
    return [_page(raw, origin) for raw in pages]


def check_links(pages: list[ArticleSpec]) -> None:
    """Every copy_of / translation_of names an existing key; keys are unique."""
    keys: set[str] = set()
    for page in pages:
        if page.key in keys:
            raise ContentError(f"duplicate page key {page.key!r}")
        keys.add(page.key)
    for page in pages:
        for name, target in (("copy_of", page.copy_of), ("translation_of", page.translation_of)):
            if target is not None and target not in keys:
                raise ContentError(f"page {page.key!r}: {name} names unknown key {target!r}")


@cache
def load_content() -> tuple[ArticleSpec, ...]:
    """All hand-written articles, in file order (files sorted by name)."""
    folder = resources.files("ingest.mirror") / "content"
    pages: list[ArticleSpec] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            pages.extend(parse_content(entry.read_text(encoding="utf-8"), entry.name))
    check_links(pages)
    return tuple(pages)


@cache
def load_chrome(name: str) -> dict[str, Any]:
    """A site's chrome data (sidebar teasers, widgets, appeals) from content/chrome/<name>.toml."""
    entry = resources.files("ingest.mirror") / "content" / "chrome" / f"{name}.toml"
    return tomllib.loads(entry.read_text(encoding="utf-8"))
