"""schema.org JSON-LD: collect the objects a page declares and read the article's fields from them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser

JsonValue = object

ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "blogposting",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "backgroundnewsarticle",
        "scholarlyarticle",
        "techarticle",
        "report",
        "liveblogposting",
        "socialmediaposting",
        "posting",
        "review",
        "pressrelease",
        "recipe",
        "howto",
        "medicalwebpage",
    }
)
LISTING_TYPES = frozenset({"collectionpage", "itemlist", "searchresultspage", "profilepage"})


@dataclass(frozen=True, slots=True)
class JsonLdFacts:
    """The article-level facts found in a page's JSON-LD."""

    types: frozenset[str]
    headline: str | None
    published: str | None
    modified: str | None
    authors: tuple[str, ...]
    language: str | None


def _objects(value: JsonValue) -> Iterator[dict[str, JsonValue]]:
    if isinstance(value, list):
        for item in value:
            yield from _objects(item)
    elif isinstance(value, dict):
        yield value
        graph = value.get("@graph")
        if graph is not None:
            yield from _objects(graph)
        main = value.get("mainEntity")
        if isinstance(main, (dict, list)):
            yield from _objects(main)


def _types(obj: dict[str, JsonValue]) -> list[str]:
    raw = obj.get("@type")
    if isinstance(raw, str):
        return [raw.lower()]
    if isinstance(raw, list):
        return [t.lower() for t in raw if isinstance(t, str)]
    return []


def _str(value: JsonValue) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, list) and value and isinstance(value[0], str):
        return value[0].strip() or None
    return None


def _names(value: JsonValue) -> list[str]:
    if isinstance(value, str):
        return [value] if value.strip() and not value.startswith("http") else []
    if isinstance(value, list):
        out: list[str] = []
        for item in value:
            out.extend(_names(item))
        return out
    if isinstance(value, dict):
        name = value.get("name")
        if isinstance(name, str) and name.strip():
            return [name]
    return []


def _load(text: str) -> JsonValue | None:
    text = text.strip()
    if not text:
        return None
    try:
        loaded: JsonValue = json.loads(text)
        return loaded
    except json.JSONDecodeError:
        try:
            loaded = json.loads(text.replace("\n", " ").replace("\t", " "), strict=False)
            return loaded
        except json.JSONDecodeError:
            return None


def read_jsonld(tree: LexborHTMLParser, in_meta: tuple[str, ...] = ()) -> JsonLdFacts:
    """Parse every application/ld+json block, then the JSON-LD texts `in_meta` that a page carries in
    <meta> content (some frameworks write it as <meta name="script:ld+json" content="{...}">);
    fields come from the first article-typed object."""
    types: set[str] = set()
    article: dict[str, JsonValue] | None = None
    fallback: dict[str, JsonValue] | None = None
    blocks = [script.text() for script in tree.css("script[type='application/ld+json' i]")]
    for text in (*blocks, *in_meta):
        data = _load(text)
        if data is None:
            continue
        for obj in _objects(data):
            obj_types = _types(obj)
            types.update(obj_types)
            if article is None and any(t in ARTICLE_TYPES for t in obj_types):
                article = obj
            elif fallback is None and ("datePublished" in obj or "headline" in obj):
                fallback = obj
    src = article or fallback
    if src is None:
        return JsonLdFacts(frozenset(types), None, None, None, (), None)
    headline = _str(src.get("headline")) or (_str(src.get("name")) if article else None)
    authors = tuple(dict.fromkeys(n.strip() for n in _names(src.get("author")) if n.strip()))
    return JsonLdFacts(
        types=frozenset(types),
        headline=headline,
        published=_str(src.get("datePublished")) or _str(src.get("dateCreated")),
        modified=_str(src.get("dateModified")),
        authors=authors,
        language=_str(src.get("inLanguage")),
    )
