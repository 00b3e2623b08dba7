"""One chunk of article pages through the fetch and the extraction workers: the pages go from one worker to
the other through a spool file, and the run's process gets the batch without their texts."""

from __future__ import annotations

import glob
import os
import tempfile
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
    spools_before = set(glob.glob(os.path.join(tempfile.gettempdir(), "ingest-pages-*")))

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
    assert set(glob.glob(os.path.join(tempfile.gettempdir(), "ingest-pages-*"))) == spools_before, "spool removed"
