"""Re-derive event mentions and facts from the stored articles after a rule change. Idempotent: a second
run with the same extractor version writes the same rows."""

from __future__ import annotations

import logging
from typing import TextIO

from ingest.events import EXTRACTOR_VERSION
from ingest.pipeline import page_stages, stages
from ingest.pipeline.context import build_context
from ingest.pipeline.run import publish_analyst_copy, writer_lock
from ingest.warehouse import RunBatch, Warehouse

log = logging.getLogger("ingest.pipeline")


def reextract_command(out: TextIO) -> int:
    ctx = build_context("reextract")
    with writer_lock(ctx.settings.db_path), Warehouse.open(ctx.settings.db_path) as wh:
        articles = wh.stored_articles()
        events = page_stages.events_stage(ctx, articles)
        facts = stages.event_facts(wh, articles, stages.DedupOutput((), (), (), ()), events)
        wh.load_batch(RunBatch(run_id=ctx.run_id, mentions=events.mentions, facts=facts,
                               clear_mentions_of=[a.url for a in articles]))
        facts_count = wh.scalar("select count(*) from events")
    publish_analyst_copy(ctx.settings)
    print(f"reextract with extractor {EXTRACTOR_VERSION}: {len(articles)} articles, {len(events.mentions)} "
          f"mentions, {facts_count} facts", file=out)
    return 0
