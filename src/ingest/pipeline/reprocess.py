"""Rerun extraction, deduplication, events and loading from the raw WARC archive, with no network."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date, datetime, time, timedelta, timezone
from typing import TextIO

from ingest.fetch import ContentKind, iter_archive
from ingest.pipeline import page_stages, stages
from ingest.pipeline.context import RunContext, build_context
from ingest.pipeline.run import RunOutcome, RunTotals, end_run, publish_analyst_copy, writer_lock
from ingest.records import Page
from ingest.warehouse import Warehouse

log = logging.getLogger("ingest.pipeline")

CHUNK = 2000  # archived pages extracted per batch
HTML_ONLY: tuple[ContentKind, ...] = ("html",)


def archived_pages(ctx: RunContext, since: date | None, until: date | None) -> list[Page]:
    """HTML pages of the run's sources captured between since and until (inclusive days, UTC)."""
    start = datetime.combine(since, time(), timezone.utc) if since else None
    end = datetime.combine(until + timedelta(days=1), time(), timezone.utc) if until else None
    return list(iter_archive(ctx.settings.resolved_raw_dir, since=start, until=end, sources=ctx.source_names,
                             kinds=HTML_ONLY))


def reprocess(ctx: RunContext, since: date | None, until: date | None) -> RunOutcome:
    pages = archived_pages(ctx, since, until)
    log.info("reprocessing %d archived pages from %s", len(pages), ctx.settings.resolved_raw_dir)
    with Warehouse.open(ctx.settings.db_path) as wh:
        wh.sync_sources(ctx.sources)
        wh.load_reference(ctx.settings.reference_csv)
        wh.start_run(ctx.run_id, ctx.kind, ctx.source_names)
        totals = RunTotals(discovered=stages.DiscoverOutput((), (), {}, {}), selection=None, previous_states={})
        for first in range(0, len(pages), CHUNK):
            extracted = page_stages.extract_stage(ctx, pages[first:first + CHUNK])
            totals.articles.extend(extracted.articles)
            totals.pages.extend(replace(page, text="", warc_file=None) for page in pages[first:first + CHUNK])
            log.info("extracted %d/%d archived pages", min(first + CHUNK, len(pages)), len(pages))
        totals.dedup = stages.dedup_stage(wh, ctx, totals.articles)
        totals.events = page_stages.events_stage(ctx, totals.articles)
        outcome = stages.load_stage(wh, ctx, totals)
        end_run(wh, ctx, outcome)
    publish_analyst_copy(ctx.settings)
    return outcome


def reprocess_command(since: date | None, until: date | None, source: str | None, out: TextIO) -> int:
    ctx = build_context("reprocess", [source] if source else None)
    with writer_lock(ctx.settings.db_path):
        outcome = reprocess(ctx, since, until)
    print(f"reprocess {outcome.run_id}: {outcome.new_articles} new articles, {outcome.duplicates} duplicates, "
          f"{outcome.new_events} event mentions in new articles", file=out)
    return 0
