"""The mirror's ground truth: every article page with its URLs, story, copy/translation links and events.

    python -m ingest.mirror.manifest [--generated N] [--seed S] > manifest.json
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import asdict, dataclass

from ingest.mirror.site import MirrorSite, build_site

MANIFEST_VERSION = 1


@dataclass(frozen=True, slots=True)
class ManifestEvent:
    type: str
    partner: str | None
    date: str | None
    date_precision: str
    ordinal: int | None
    count: int | None
    count_scope: str | None


@dataclass(frozen=True, slots=True)
class ManifestPage:
    url: str  # canonical real URL
    url_variants: tuple[str, ...]  # other URLs that serve the same page
    source: str
    story_id: str
    is_copy: bool
    copy_of: str | None  # URL of the page this one copies
    translation_of: str | None  # URL of the other-language edition
    language: str
    published: str  # ISO 8601 with offset
    title: str
    seed: str | None
    body: str  # paragraphs separated by a blank line, exactly as on the page
    events: tuple[ManifestEvent, ...]
    category: str = "News"  # the site's section (odessa-journal lists /diplomacy only)
    generated: bool = False


@dataclass(frozen=True, slots=True)
class Manifest:
    version: int
    pages: tuple[ManifestPage, ...]

    def by_url(self) -> dict[str, ManifestPage]:
        """Every page under its canonical URL and each of its variants."""
        index: dict[str, ManifestPage] = {}
        for page in self.pages:
            index[page.url] = page
            for variant in page.url_variants:
                index[variant] = page
        return index

    def stories(self) -> dict[str, tuple[ManifestPage, ...]]:
        """story_id -> its pages (original first)."""
        grouped: dict[str, list[ManifestPage]] = {}
        for page in self.pages:
            grouped.setdefault(page.story_id, []).append(page)
        return {k: tuple(sorted(v, key=lambda p: (p.is_copy, p.published))) for k, v in grouped.items()}

    def story_count(self) -> int:
        return len({page.story_id for page in self.pages})

    def copies(self) -> tuple[ManifestPage, ...]:
        return tuple(page for page in self.pages if page.is_copy)

    def translations(self) -> tuple[tuple[str, str], ...]:
        """(url, translation url) pairs, each pair once."""
        pairs = {tuple(sorted((p.url, p.translation_of))) for p in self.pages if p.translation_of}
        return tuple(sorted((a, b) for a, b in pairs))

    def events(self) -> tuple[tuple[str, ManifestEvent], ...]:
        """(page url, event) for every annotated event."""
        return tuple((page.url, event) for page in self.pages for event in page.events)

    def summary(self) -> dict[str, object]:
        return {
            "pages": len(self.pages),
            "stories": self.story_count(),
            "copies": len(self.copies()),
            "translation_pairs": len(self.translations()),
            "events": len(self.events()),
            "per_source": dict(sorted(Counter(p.source for p in self.pages).items())),
        }

    def to_json(self) -> str:
        return json.dumps(
            {"version": self.version, "pages": [asdict(p) for p in self.pages]}, ensure_ascii=False, indent=1
        )


def manifest_from_json(text: str) -> Manifest:
    """Read back what Manifest.to_json wrote."""
    data = json.loads(text)
    if data.get("version") != MANIFEST_VERSION:
        raise ValueError(f"unsupported manifest version {data.get('version')!r}")
    pages = []
    for raw in data["pages"]:
        raw["url_variants"] = tuple(raw["url_variants"])
        raw["events"] = tuple(ManifestEvent(**e) for e in raw["events"])
        pages.append(ManifestPage(**raw))
    return Manifest(MANIFEST_VERSION, tuple(pages))


def load_manifest(site: MirrorSite | None = None) -> Manifest:
    """The truth about `site` (default: build_site()), pages ordered by source, then date."""
    site = site or build_site()
    catalog = site.catalog
    pages = []
    for source, items in catalog.by_source.items():
        for item in reversed(items):
            spec = catalog.spec(item.key)
            pages.append(ManifestPage(
                url=site.url_of(item.key),
                url_variants=site.variants_of(item.key),
                source=source,
                story_id=spec.story,
                is_copy=spec.copy_of is not None,
                copy_of=site.url_of(spec.copy_of) if spec.copy_of else None,
                translation_of=site.url_of(spec.translation_of) if spec.translation_of else None,
                language=spec.language,
                published=spec.published.isoformat(),
                title=spec.title,
                seed=spec.seed,
                body=spec.body,
                events=tuple(ManifestEvent(e.type, e.partner, e.date, e.date_precision, e.ordinal, e.count,
                                           e.count_scope) for e in spec.events),
                category=spec.category,
                generated=spec.generated,
            ))
    return Manifest(MANIFEST_VERSION, tuple(pages))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the mirror manifest (the truth) as JSON to stdout.")
    parser.add_argument("--generated", type=int, default=0, help="synthetic articles to add")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--summary", action="store_true", help="print counts instead of the manifest")
    args = parser.parse_args(argv)
    manifest = load_manifest(build_site(args.generated, args.seed))
    if args.summary:
        print(json.dumps(manifest.summary(), indent=1))
    else:
        sys.stdout.write(manifest.to_json() + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
