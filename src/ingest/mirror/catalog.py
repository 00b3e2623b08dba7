"""The mirror's article index: every article (hand-written and generated) per source, newest first."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from ingest.mirror.model import SOURCES, ArticleSpec

KYIV = ZoneInfo("Europe/Kyiv")


@dataclass(frozen=True, slots=True)
class Listed:
    """What listings, feeds and sitemaps need about an article (the body is built only on demand)."""

    key: str
    source: str
    published: datetime
    title: str
    slug: str
    num_id: int | None
    language: str
    category: str = "News"

    @property
    def local_date(self) -> date:
        return self.published.astimezone(KYIV).date()


def listed_of(spec: ArticleSpec) -> Listed:
    return Listed(
        spec.key, spec.source, spec.published, spec.title, spec.slug, spec.num_id, spec.language, spec.category
    )


class Catalog:
    """Articles per source, newest first, with lookup of the full spec by key."""

    def __init__(
        self,
        content: Sequence[ArticleSpec],
        generated: Sequence[Listed] = (),
        build_generated: Callable[[Listed], ArticleSpec] | None = None,
    ) -> None:
        self._content = {spec.key: spec for spec in content}
        self._generated = {item.key: item for item in generated}
        if self._generated and build_generated is None:
            raise ValueError("generated articles need a build_generated function")
        self._build = build_generated
        self.by_key: dict[str, Listed] = {spec.key: listed_of(spec) for spec in content}
        self.by_key.update(self._generated)
        per_source: dict[str, list[Listed]] = {name: [] for name in SOURCES}
        for item in self.by_key.values():
            per_source[item.source].append(item)
        for items in per_source.values():
            items.sort(key=lambda i: (i.published, i.key), reverse=True)
        self.by_source = per_source
        # ascending timestamps per source (negated order) for date-range bisection
        self._stamps = {name: [-i.published.timestamp() for i in items] for name, items in per_source.items()}
        self._built: dict[str, ArticleSpec] = {}
        self._recent = lru_cache(maxsize=4096)(self._spec)

    @property
    def content(self) -> tuple[ArticleSpec, ...]:
        return tuple(self._content.values())

    def spec(self, key: str) -> ArticleSpec:
        """The full article of `key` (generated ones are built on first use, or all at once by build_all)."""
        built = self._built.get(key)
        return built if built is not None else self._recent(key)

    def build_all(self) -> int:
        """Build every generated article now and keep them (a few KB each), so that serving one costs what a
        static site's page does; returns how many. A long-lived mirror (`ingest mirror`) does this at start."""
        for key in self._generated:
            if key not in self._built:
                self._built[key] = self._spec(key)
        return len(self._generated)

    def is_generated(self, key: str) -> bool:
        return key in self._generated

    def _spec(self, key: str) -> ArticleSpec:
        found = self._content.get(key)
        if found is not None:
            return found
        item = self._generated[key]
        assert self._build is not None
        return self._build(item)

    def newest(self, source: str, limit: int) -> list[Listed]:
        return self.by_source[source][:limit]

    def between(self, source: str, start: date | None, end: date | None) -> list[Listed]:
        """Articles of `source` whose Kyiv-local publication date is within [start, end], newest first."""
        items = self.by_source[source]
        stamps = self._stamps[source]
        lo, hi = 0, len(items)
        if end is not None:
            limit = datetime(end.year, end.month, end.day, tzinfo=KYIV).timestamp() + 86400
            lo = bisect_right(stamps, -limit)
        if start is not None:
            floor = datetime(start.year, start.month, start.day, tzinfo=KYIV).timestamp()
            hi = bisect_right(stamps, -floor)
        return items[lo:hi]

    def neighbours(self, item: Listed, count: int) -> list[Listed]:
        """The `count` articles of the same source published just before `item` (or newest ones)."""
        items = self.by_source[item.source]
        stamps = self._stamps[item.source]
        at = bisect_left(stamps, -item.published.timestamp())
        picked = [i for i in items[at: at + count + 1] if i.key != item.key][:count]
        if len(picked) < count:
            picked += [i for i in items[:count + 1] if i.key != item.key and i not in picked][: count - len(picked)]
        return picked
