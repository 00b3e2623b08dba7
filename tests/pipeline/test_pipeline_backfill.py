"""A backfill over the mirror's whole date range, month by month (months pipelined, the dedup index kept
from month to month), ends with the same stories as one daily run over everything."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
import pytest


def story_partition(db: Path) -> set[frozenset[str]]:
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("select cluster_id, list(article_url) from clusters group by cluster_id").fetchall()
    return {frozenset(urls) for _, urls in rows}


def test_backfill_month_by_month_finds_the_stories_of_one_daily_run(
        daily_runs, manifest, mirror_host_map: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from flows.backfill import backfill

    kyiv = ZoneInfo("Europe/Kyiv")
    days = [datetime.fromisoformat(p.published).astimezone(kyiv).date() for p in manifest.pages]
    db = tmp_path / "ingest.duckdb"
    spool = tmp_path / "spool"
    spool.mkdir()
    (spool / "ingest-pages-left-by-a-killed-run.pickle").write_bytes(b"")
    saved = dict(os.environ)
    os.environ.update({"INGEST_DB": str(db), "INGEST_HOST_MAP": mirror_host_map, "INGEST_MIN_DELAY": "0"})
    try:
        state = backfill(min(days), max(days), return_state=True)
    finally:
        os.environ.clear()
        os.environ.update(saved)
    assert state.is_completed(), state.message
    with duckdb.connect(str(db), read_only=True) as con:
        months = con.execute("select count(*) from runs where kind = 'backfill'").fetchone()[0]
    assert months >= 12, "the mirror spans more than a year: many monthly runs"
    partition = story_partition(db)
    assert len(partition) == len({p.story_id for p in manifest.pages})
    assert partition == story_partition(daily_runs.db)
    assert discovery_beside_articles(db) == 0, "one fetcher at a time talks to the sites"
    assert not list(spool.iterdir()), "the run cleared the spool and removed each file it wrote"


def discovery_beside_articles(db: Path) -> int:
    """Discovery attempts that ran while an article page was being fetched (a month's discovery starts while
    the month before is still fetched, and must wait its turn with the fetcher)."""
    with duckdb.connect(str(db), read_only=True) as con:
        return int(con.execute("""
            with spans as (
                select purpose, fetched_at as started, fetched_at + to_microseconds(cast(elapsed_ms * 1000 as bigint)) as ended
                from fetches where purpose in ('discovery', 'article'))
            select count(*) from spans d join spans a
              on d.purpose = 'discovery' and a.purpose = 'article' and d.started < a.ended and a.started < d.ended
        """).fetchone()[0])  # type: ignore[index]


pytestmark = pytest.mark.timeout(600)


def test_dedup_history_kept_between_windows_equals_the_warehouse(manifest, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """A copy deduplicated in a later window joins its original from an earlier one, whether the index is
    kept from that window (a backfill) or rebuilt from the warehouse (a new run)."""
    from ingest.dedup import body_hash, canonical_url
    from ingest.pipeline.context import build_context
    from ingest.pipeline.stages import DedupHistory, dedup_stage
    from ingest.records import Article
    from ingest.warehouse import RunBatch, Warehouse

    copy = next(p for p in manifest.pages if p.is_copy and p.copy_of and p.translation_of is None)
    original = manifest.by_url()[copy.copy_of]

    def article(page) -> Article:  # type: ignore[no-untyped-def]
        url = canonical_url(page.url)
        return Article(url=url, source=page.source, fetched_url=page.url, title=page.title,
                       published_at=datetime.fromisoformat(page.published), modified_at=None, authors=(),
                       language=page.language, body=page.body, body_hash=body_hash(page.body), canonical_link=None)

    monkeypatch.setenv("INGEST_DB", str(tmp_path / "ingest.duckdb"))
    ctx = build_context("backfill")
    history = DedupHistory()
    with Warehouse.open(ctx.settings.db_path) as wh:
        first = dedup_stage(wh, ctx, [article(original)], history)
        wh.load_batch(RunBatch("r1", articles=[article(original)], clusters=first.assignments,
                               signatures=first.signatures))
        kept = dedup_stage(wh, ctx, [article(copy)], history)
        rebuilt = dedup_stage(wh, ctx, [article(copy)], None)
    (origin,) = first.assignments
    assert [(a.cluster_id, a.copy_of) for a in kept.assignments] == [(origin.cluster_id, origin.article_url)]
    assert [(a.cluster_id, a.copy_of) for a in rebuilt.assignments] == [(origin.cluster_id, origin.article_url)]
