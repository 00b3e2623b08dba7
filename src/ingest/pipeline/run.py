"""A run's lifecycle around the stages: begin (sources synced, run row, discovery plan), the running totals
the stages add to, the end (report rows, status), the one-writer lock and the analyst copy."""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ingest.config import Settings
from ingest.discover import SourcePlan
from ingest.fetch import FetchBatch, FetchRequest
from ingest.pipeline.context import RunContext
from ingest.pipeline.report import run_status, source_counts
from ingest.records import Article, FetchAttempt, Page
from ingest.warehouse import SourceRunCounts, UrlState, Warehouse

log = logging.getLogger("ingest.pipeline")


class RunLockedError(RuntimeError):
    """Another run is writing to this warehouse."""


_HELD: dict[Path, int] = {}  # locks this process holds, with their nesting depth


@contextmanager
def writer_lock(db_path: Path, wait: bool = False) -> Iterator[None]:
    """Hold the warehouse's writer lock for the duration; with wait=False a second run stops at once with
    a clear message. The lock is an advisory flock on <db>.lock, released by the OS if the process dies;
    it is re-entrant within one process (the CLI takes it before starting the flow, the flow again)."""
    lock_path = db_path.resolve().with_name(db_path.name + ".lock")
    if _HELD.get(lock_path):
        _HELD[lock_path] += 1
        try:
            yield
        finally:
            _HELD[lock_path] -= 1
        return
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(lock_path, "a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise RunLockedError(
                f"another ingest run is writing to {db_path} ({holder}); this run stops without writing. "
                "Wait for it to finish, or pass --wait to queue behind it."
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        _HELD[lock_path] = 1
        try:
            yield
        finally:
            _HELD.pop(lock_path, None)
    finally:
        handle.close()


def begin_run(wh: Warehouse, ctx: RunContext, setup: bool = True) -> dict[str, SourcePlan]:
    """Record the run as started and plan each source's discovery. `setup`: first write the configured
    sources and the reference list of agreements into the warehouse (once per flow run is enough: a
    backfill's months share them)."""
    from ingest.pipeline.stages import plan_sources

    if setup:
        wh.sync_sources(ctx.sources)
        wh.load_reference(ctx.settings.reference_csv)
    plans = plan_sources(wh, ctx)
    window = (ctx.window.start, ctx.window.end) if ctx.window else None
    wh.start_run(ctx.run_id, ctx.kind, ctx.source_names, window)
    return plans


@dataclass(slots=True)
class RunTotals:
    """What the stages of one run produced, accumulated chunk by chunk (page texts are not kept)."""

    discovered: Any  # stages.DiscoverOutput
    selection: Any  # stages.Selection
    previous_states: dict[str, UrlState]
    attempts: list[FetchAttempt] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)  # without text
    requests: list[FetchRequest] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    skipped: dict[str, dict[str, int]] = field(default_factory=dict)
    not_articles: list[str] = field(default_factory=list)
    dedup: Any = None  # stages.DedupOutput
    events: Any = None  # stages.EventsOutput

    @classmethod
    def start(cls, ctx: RunContext, discovered: Any, selection: Any) -> RunTotals:
        with Warehouse.open(ctx.settings.db_path) as wh:
            states = wh.url_states(r.url for r in selection.requests)
        return cls(discovered, selection, states, attempts=list(discovered.attempts))

    def add(self, requests: Sequence[FetchRequest], batch: FetchBatch, extracted: Any) -> None:
        self.requests.extend(requests)
        self.attempts.extend(batch.attempts)
        self.pages.extend(replace(p, text="") for p in batch.pages)
        self.articles.extend(extracted.articles)
        self.not_articles.extend(extracted.not_articles)
        for source, reasons in extracted.skipped.items():
            mine = self.skipped.setdefault(source, {})
            for reason, n in reasons.items():
                mine[reason] = mine.get(reason, 0) + n


@dataclass(frozen=True, slots=True)
class RunOutcome:
    run_id: str
    status: str
    per_source: tuple[SourceRunCounts, ...]
    new_articles: int
    duplicates: int
    new_events: int
    message: str | None = None


def outcome_for(ctx: RunContext, totals: RunTotals, new_articles: Sequence[Article]) -> RunOutcome:
    discovered_counts: dict[str, int] = {}
    for item in totals.discovered.urls:
        discovered_counts[item.source] = discovered_counts.get(item.source, 0) + 1
    rows = source_counts(
        ctx.source_names, discovered_counts, totals.attempts, totals.pages, new_articles,
        totals.dedup.assignments if totals.dedup else (), totals.events.mentions if totals.events else (),
        totals.discovered.documents_failed, totals.discovered.documents_read, totals.discovered.advice,
    )
    status = run_status(rows)
    advice = "; ".join(f"{r.source}: {r.advice}" for r in rows if r.advice) or None
    return RunOutcome(ctx.run_id, status, tuple(rows), sum(r.new_articles for r in rows),
                      sum(r.duplicates for r in rows), sum(r.new_events for r in rows), advice)


def end_run(wh: Warehouse, ctx: RunContext, outcome: RunOutcome) -> None:
    wh.finish_run(ctx.run_id, outcome.status, outcome.per_source, outcome.message)


def publish_analyst_copy(settings: Settings) -> Path:
    """Copy the warehouse to the analyst path atomically (write a temp file, then rename over the old copy).
    Analysts read the copy; their open sessions keep the previous snapshot and never block the pipeline."""
    target = settings.resolved_analyst_db_path
    target.parent.mkdir(parents=True, exist_ok=True)
    with Warehouse.open(settings.db_path) as wh:
        wh.checkpoint()
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    shutil.copyfile(settings.db_path, temporary)
    with open(temporary, "rb+") as handle:
        os.fsync(handle.fileno())
    os.replace(temporary, target)
    log.info("published analyst copy %s", target)
    return target
