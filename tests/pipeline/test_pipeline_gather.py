"""One chunk of article pages through the fetch and the extraction workers: the pages go from one worker to
the other through a spool file, and the run's process gets the batch without their texts."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from ingest.pipeline import page_stages, stages
from ingest.pipeline.context import build_context
from ingest.warehouse import Warehouse


def test_a_chunk_through_the_workers_matches_one_run_here(mirror_host_map: str, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INGEST_DB", str(tmp_path / "ingest.duckdb"))
    monkeypatch.setenv("INGEST_HOST_MAP", mirror_host_map)
    monkeypatch.setenv("INGEST_MIN_DELAY", "0")
    ctx = build_context("daily")
    with Warehouse.open(ctx.settings.db_path) as wh:
        plans = stages.plan_sources(wh, ctx)
        discovered = stages.discover_stage(ctx, plans)
        requests = stages.select_stage(wh, ctx, discovered.urls).requests[:40]
    assert len(requests) == 40
    spool = ctx.settings.resolved_spool_dir

    here = page_stages.gather_pages(ctx, requests, 0, 0)
    workers = page_stages.gather_pages(ctx, requests, 1, 1)

    assert here.batch.counts.ok == workers.batch.counts.ok == 40
    assert all(p.text for p in here.batch.pages)
    assert not any(p.text for p in workers.batch.pages), "the texts stayed in the workers"
    assert not any(o.page.text for o in workers.batch.outcomes if o.page is not None)
    assert [p.url for p in workers.batch.pages] == [p.url for p in here.batch.pages]
    assert [replace(a, fetched_at=None) for a in workers.parsed.extracted.articles] == \
        [replace(a, fetched_at=None) for a in here.parsed.extracted.articles]  # fetched twice, same content
    assert workers.parsed.events == here.parsed.events
    assert not list(spool.iterdir()), "the spool file is removed once its pages are parsed"
    left_by_a_killed_run = spool / f"{page_stages.SPOOL_PREFIX}x.pickle"
    left_by_a_killed_run.write_bytes(b"")
    assert page_stages.clear_spool(ctx.settings) == 1 and not left_by_a_killed_run.exists()
