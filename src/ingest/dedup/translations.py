"""Link editions of one release in different languages (TranslationLink), never merging their clusters."""

from __future__ import annotations

from collections.abc import Sequence

from ingest.dedup.config import DedupConfig
from ingest.dedup.features import source_family
from ingest.dedup.index import DedupIndex
from ingest.dedup.models import DedupDoc, SignatureRow, timestamp
from ingest.records import TranslationLink


def facts_agree(a: Sequence[str], b: Sequence[str], config: DedupConfig) -> int:
    """Number of shared facts when they are enough to call two editions one release, else 0."""
    shared = len(set(a) & set(b))
    smaller = min(len(a), len(b))
    if shared >= config.translation_min_facts and smaller and shared / smaller >= config.translation_fact_overlap:
        return shared
    return 0


def link_translations(
    ordered: Sequence[DedupDoc], rows: Sequence[SignatureRow | None], index: DedupIndex, config: DedupConfig
) -> list[TranslationLink]:
    """hreflang links between new articles and known or new ones (either side may declare the alternate);
    failing that, the best heuristic partner: same source family, another language, published within
    config.translation_window_hours, and enough shared names and numbers (facts_agree)."""
    links: dict[frozenset[str], TranslationLink] = {}
    batch_pos = {row.url: pos for pos, row in enumerate(rows) if row is not None}

    def add(a: str, b: str, method: str) -> None:
        if a != b:
            links.setdefault(frozenset((a, b)), TranslationLink(article_url=a, translation_url=b, method=method))

    for row in rows:
        if row is None:
            continue
        for alternate in row.alternates:
            if alternate in batch_pos or index.row_of_url(alternate) is not None:
                add(row.url, alternate, "hreflang")
        for declaring in index.rows_with_alternate(row.url):
            add(row.url, index.url(declaring), "hreflang")
    linked = {url for pair in links for url in pair}
    window = config.translation_window_hours * 3600.0
    by_family: dict[str, list[SignatureRow]] = {}
    for maybe in rows:
        if maybe is not None and maybe.language is not None and maybe.published_at is not None:
            by_family.setdefault(source_family(maybe.source), []).append(maybe)
    for family, members in by_family.items():
        if not config.wants_facts(family):
            continue
        languages = {m.language for m in members}
        moments = {m.url: timestamp(m.published_at) for m in members}
        for row in members:
            if row.url in linked or row.language is None:
                continue
            moment = moments[row.url]
            options: list[tuple[int, float, str]] = []
            for number in index.family_rows_between(family, moment - window, moment + window, row.language):
                score = facts_agree(row.facts, index.facts(number), config)
                if score:
                    options.append((-score, abs(index.published(number) - moment), index.url(number)))
            if len(languages) > 1:
                for other in members:
                    if other.language == row.language:
                        continue
                    gap = abs(moments[other.url] - moment)
                    score = facts_agree(row.facts, other.facts, config) if gap <= window else 0
                    if score:
                        options.append((-score, gap, other.url))
            if options:
                best = min(options)[2]
                if best not in linked:
                    add(row.url, best, "heuristic")
                    linked.update((row.url, best))
    return list(links.values())
