"""All access to the DuckDB warehouse goes through this package.

The rest of the pipeline hands it typed records and asks it typed questions; nothing else opens the
database. A later move to a shared catalog (DuckLake on PostgreSQL) replaces this package alone.
Writes of one run batch happen in one transaction: a crash leaves either all of it or none of it.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa  # type: ignore[import-untyped]

from ingest.config import SourceConfig
from ingest.dedup.models import SignatureRow
from ingest.records import (
    Article,
    ClusterAssignment,
    ClusterMerge,
    EventMention,
    FetchAttempt,
    Page,
    TranslationLink,
    resolve_merges,
)
from ingest.warehouse.migrations import apply_migrations, apply_views, schema_is_current

log = logging.getLogger("ingest.warehouse")
_SCHEMA_LOCK = threading.Lock()


@dataclass(frozen=True, slots=True)
class UrlState:
    url: str
    source: str
    state: str  # pending | done | dead | skipped
    runs_attempted: int
    etag: str | None
    last_modified: str | None
    last_attempt_at: datetime | None
    last_error_kind: str | None = None
    last_status: int | None = None


@dataclass(frozen=True, slots=True)
class SourceRunCounts:
    """One row of the run report: what happened to one source in one run."""

    source: str
    discovered: int = 0
    fetched: int = 0
    not_modified: int = 0
    failed: int = 0
    failed_by_kind: tuple[tuple[str, int], ...] = ()
    new_articles: int = 0
    duplicates: int = 0
    new_events: int = 0
    status: str = "ok"  # ok | degraded | failed
    advice: str | None = None


@dataclass(frozen=True, slots=True)
class RunBatch:
    """Everything one run (or one chunk of a backfill) writes, loaded in one transaction."""

    run_id: str
    attempts: Sequence[FetchAttempt] = ()
    url_updates: Sequence[UrlState] = ()
    captures: Sequence[Page] = ()
    articles: Sequence[Article] = ()
    clusters: Sequence[ClusterAssignment] = ()
    merges: Sequence[ClusterMerge] = ()
    translations: Sequence[TranslationLink] = ()
    mentions: Sequence[EventMention] = ()
    signatures: Sequence[SignatureRow] = ()
    facts: Sequence[Any] | None = None  # events.EventFact rows replacing the events table (None: keep it)
    clear_mentions_of: Sequence[str] = ()  # articles whose stored mentions are replaced (even by none)


class Warehouse:
    """An open DuckDB warehouse file (schema applied)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path) -> None:
        self.con = con
        self.path = path
        self._columns: dict[str, list[str]] | None = None

    @classmethod
    def open(cls, path: Path | str, read_only: bool = False) -> Warehouse:
        path = Path(path)
        if read_only:
            return cls(duckdb.connect(str(path), read_only=True), path)
        path.parent.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(str(path))
        with _SCHEMA_LOCK:  # threads of one process may open the same file at once (a pipelined backfill)
            if not schema_is_current(con):
                apply_migrations(con)
                apply_views(con)
        return cls(con, path)

    @classmethod
    @contextmanager
    def held_open(cls, path: Path | str) -> Iterator[None]:
        """Keep the database open in this process for the duration (a flow run): DuckDB then shares one
        instance between the stages' `open` calls, which become cheap and do not checkpoint on each close."""
        with cls.open(path):
            yield

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        self.con.execute("begin transaction")
        try:
            yield self.con
        except BaseException:
            self.con.execute("rollback")
            raise
        self.con.execute("commit")

    # ---- sources and runs -------------------------------------------------------------------------

    def sync_sources(self, sources: Iterable[SourceConfig]) -> None:
        rows = [
            {"name": s.name, "home": s.home, "language": s.language, "kind": s.kind, "allowed_hosts": list(s.allowed_hosts)}
            for s in sources
        ]
        with self.transaction():
            self._insert("sources", rows, on_conflict="replace")

    def load_reference(self, csv_path: Path) -> int:
        """Replace reference_agreements with the operator-maintained CSV of officially listed agreements."""
        required = {"partner", "iso2", "signed_date", "counted_in_official_tally"}
        header = set(csv_path.read_text(encoding="utf-8").splitlines()[0].split(","))
        if missing := required - header:
            raise ValueError(f"{csv_path}: missing column(s) {sorted(missing)}")
        with self.transaction():
            self.con.execute("delete from reference_agreements")
            self.con.execute(
                "insert into reference_agreements select partner, iso2, try_cast(signed_date as date), signatories,"
                " place, try_cast(duration_years as integer), official_title, op_g7_tally_ordinal,"
                " cast(counted_in_official_tally as boolean), source_url"
                " from read_csv(?, header = true, all_varchar = true)",
                [str(csv_path)],
            )
        return int(self.scalar("select count(*) from reference_agreements"))

    def start_run(
        self, run_id: str, kind: str, sources: Sequence[str], window: tuple[date, date] | None = None
    ) -> None:
        self.con.execute(
            "insert into runs (run_id, kind, started_at, status, window_start, window_end, sources)"
            " values (?, ?, ?, 'running', ?, ?, ?)",
            [run_id, kind, _now(), window[0] if window else None, window[1] if window else None, list(sources)],
        )

    def finish_run(self, run_id: str, status: str, per_source: Sequence[SourceRunCounts], message: str | None) -> None:
        rows = [
            {
                "run_id": run_id,
                "source": c.source,
                "discovered": c.discovered,
                "fetched": c.fetched,
                "not_modified": c.not_modified,
                "failed": c.failed,
                "failed_by_kind": json.dumps(dict(c.failed_by_kind)),
                "new_articles": c.new_articles,
                "duplicates": c.duplicates,
                "new_events": c.new_events,
                "status": c.status,
                "advice": c.advice,
            }
            for c in per_source
        ]
        total = {k: sum(getattr(c, k) for c in per_source) for k in
                 ("discovered", "fetched", "not_modified", "failed", "new_articles", "duplicates", "new_events")}
        with self.transaction():
            self._insert("run_sources", rows, on_conflict="replace")
            self.con.execute(
                "update runs set finished_at = ?, status = ?, discovered = ?, fetched = ?, not_modified = ?,"
                " failed = ?, new_articles = ?, duplicates = ?, new_events = ?, message = ? where run_id = ?",
                [_now(), status, total["discovered"], total["fetched"], total["not_modified"], total["failed"],
                 total["new_articles"], total["duplicates"], total["new_events"], message, run_id],
            )

    def last_completed_run(self, source: str) -> datetime | None:
        """When this source last finished a run that reached it (for incremental discovery)."""
        row = self.con.execute(
            "select max(r.started_at) from runs r join run_sources s using (run_id)"
            " where s.source = ? and s.status != 'failed' and r.kind in ('daily', 'backfill')",
            [source],
        ).fetchone()
        return row[0] if row else None

    # ---- URL state ------------------------------------------------------------------------------

    def url_states(self, urls: Iterable[str]) -> dict[str, UrlState]:
        wanted = list(set(urls))
        if not wanted:
            return {}
        self.con.register("_wanted", pa.table({"url": wanted}))
        try:
            rows = self.con.execute(
                "select u.url, source, state, runs_attempted, etag, last_modified, last_attempt_at, last_error_kind,"
                " last_status"
                " from url_state u join _wanted w using (url)"
            ).fetchall()
        finally:
            self.con.unregister("_wanted")
        return {r[0]: UrlState(*r) for r in rows}

    def pending_urls(self, sources: Iterable[str], max_runs: int) -> list[tuple[str, str]]:
        """(source, url) of article URLs that failed before and are still within the retry limit."""
        names = list(sources)
        rows = self.con.execute(
            "select source, url from url_state where state = 'pending' and runs_attempted < ?"
            " and list_contains(?, source) order by url",
            [max_runs, names],
        ).fetchall()
        return [(r[0], r[1]) for r in rows]

    def article_urls(self, urls: Iterable[str]) -> set[str]:
        with self._wanted(urls):
            return {r[0] for r in self.con.execute("select a.url from articles a join _wanted using (url)").fetchall()}

    # ---- loading a run batch --------------------------------------------------------------------

    def load_batch(self, batch: RunBatch) -> None:
        """Write one batch atomically: all of it or, on any error or crash, none of it."""
        with self.transaction():
            self._insert("fetches", [_attempt_row(a, batch.run_id) for a in batch.attempts])
            self._upsert_url_states(batch.url_updates)
            self._insert("raw_captures", [_capture_row(p, batch.run_id) for p in batch.captures if p.warc_file])
            self._upsert_articles(batch.articles, batch.run_id)
            self._insert("clusters", [_cluster_row(c, batch.run_id) for c in batch.clusters], on_conflict="replace")
            self._insert("cluster_merges", [{"kept_id": m.kept_id, "merged_id": m.merged_id, "run_id": batch.run_id}
                                            for m in batch.merges], on_conflict="ignore")
            merged = resolve_merges(batch.merges)
            if merged:
                # one statement for all of them: a merged id takes its final id (chains resolved)
                self.con.execute("update clusters set cluster_id = m.kept_id"
                                 " from (select unnest(?) as merged_id, unnest(?) as kept_id) m"
                                 " where clusters.cluster_id = m.merged_id", [list(merged), list(merged.values())])
            self._insert("translations", [_as_row(t) for t in batch.translations], on_conflict="ignore")
            self._replace_mentions(batch.mentions, batch.clear_mentions_of)
            if batch.signatures:
                self._insert("dedup_signatures", [_signature_row(s) for s in batch.signatures], on_conflict="replace")
            if batch.facts is not None:
                self.con.execute("delete from events")
                self._insert("events", [_as_row(f) for f in batch.facts])
            _pause_before_commit()

    def _upsert_url_states(self, updates: Sequence[UrlState]) -> None:
        """New URLs get a row; known ones keep their first_seen_at and take the rest of the update."""
        if not updates:
            return
        rows = [_url_state_row(u) for u in updates]
        self.con.register("_staging", _arrow(rows, "url_state", self.columns("url_state")))
        try:
            self.con.execute(
                "insert into url_state by name select * from _staging on conflict (url) do update set"
                " state = excluded.state, runs_attempted = excluded.runs_attempted,"
                " last_error_kind = excluded.last_error_kind, last_status = excluded.last_status,"
                " last_attempt_at = excluded.last_attempt_at, etag = excluded.etag,"
                " last_modified = excluded.last_modified"
            )
        finally:
            self.con.unregister("_staging")

    def _upsert_articles(self, articles: Sequence[Article], run_id: str) -> None:
        if not articles:
            return
        now = _now()
        rows = [_article_row(a, run_id, now) for a in articles]
        self.con.register("_staging", _arrow(rows, "articles", self.columns("articles")))
        try:
            self.con.execute(
                "insert into articles by name select * from _staging on conflict (url) do update set"
                " title = excluded.title, published_at = excluded.published_at, modified_at = excluded.modified_at,"
                " authors = excluded.authors, language = excluded.language, body = excluded.body,"
                " body_hash = excluded.body_hash, canonical_link = excluded.canonical_link,"
                " alternates = excluded.alternates, payload_digest = excluded.payload_digest,"
                " fetched_url = excluded.fetched_url, last_seen_at = excluded.last_seen_at"
            )
        finally:
            self.con.unregister("_staging")

    def _replace_mentions(self, mentions: Sequence[EventMention], also_clear: Sequence[str] = ()) -> None:
        urls = sorted({m.article_url for m in mentions} | set(also_clear))
        if not urls:
            return
        self.con.execute("delete from event_mentions where list_contains(?, article_url)", [urls])
        rows = []
        counters: dict[str, int] = {}
        for m in mentions:
            counters[m.article_url] = counters.get(m.article_url, 0) + 1
            row = _as_row(m)
            row["mention_no"] = counters[m.article_url]
            row["people"] = list(m.people)
            rows.append(row)
        self._insert("event_mentions", rows)

    def _insert(self, table: str, rows: Sequence[dict[str, Any]], on_conflict: str | None = None) -> None:
        if not rows:
            return
        self.con.register("_staging", _arrow(rows, table, self.columns(table)))
        try:
            verb = {None: "insert", "replace": "insert or replace", "ignore": "insert or ignore"}[on_conflict]
            self.con.execute(f"{verb} into {table} by name select * from _staging")
        finally:
            self.con.unregister("_staging")

    def columns(self, table: str) -> list[str]:
        """The columns of `table` in order ([] for no such table). Read for every table at once on first use:
        the schema changes only when a warehouse is opened (migrations)."""
        if self._columns is None:
            found: dict[str, list[str]] = {}
            for name, column in self.con.execute("select table_name, column_name from information_schema.columns"
                                                 " order by table_name, ordinal_position").fetchall():
                found.setdefault(name, []).append(column)
            self._columns = found
        return self._columns.get(table, [])

    def mentions_except(self, article_urls: Iterable[str]) -> list[EventMention]:
        """Every stored event mention but those of the given articles (which a load is about to replace)."""
        rows = self.con.execute(
            "select article_url, event_type, partner, event_date, date_precision, date_is_event, evidence,"
            " evidence_start, evidence_end, confidence, extractor_version, count, ordinal, people, count_scope"
            " from event_mentions where not list_contains(?, article_url) order by article_url, mention_no",
            [sorted(set(article_urls))],
        ).fetchall()
        return [
            EventMention(article_url=r[0], event_type=r[1], partner=r[2], event_date=r[3], date_precision=r[4],
                         date_is_event=r[5], evidence=r[6], evidence_start=r[7], evidence_end=r[8],
                         confidence=r[9], extractor_version=r[10], count=r[11], ordinal=r[12],
                         people=tuple(r[13] or ()), count_scope=r[14])
            for r in rows
        ]

    def dedup_signatures(self) -> Iterator[SignatureRow]:
        """Every stored dedup signature, streamed in batches (the history new articles are compared with)."""
        cursor = self.con.execute(
            "select url, cluster_id, method, signature, shingle_count, exact_key, published_at, source,"
            " source_kind, language, credits, facts, alternates, sample, sample_full from dedup_signatures"
            " order by url"
        )
        while rows := cursor.fetchmany(10_000):
            for r in rows:
                yield SignatureRow(r[0], r[1], r[2], bytes(r[3]), r[4], r[5], r[6], r[7], r[8], r[9],
                                   tuple(r[10] or ()), tuple(r[11] or ()), tuple(r[12] or ()), bytes(r[13]),
                                   bool(r[14]))

    def stored_articles(self) -> list[Article]:
        rows = self.con.execute(
            "select url, source, fetched_url, title, published_at, modified_at, authors, language, body, body_hash,"
            " canonical_link, alternates, first_seen_at, payload_digest from articles order by url"
        ).fetchall()
        return [Article(r[0], r[1], r[2], r[3], r[4], r[5], tuple(r[6] or ()), r[7], r[8], r[9], r[10],
                        tuple(tuple(x) for x in json.loads(r[11] or "[]")), r[12], r[13]) for r in rows]

    def cluster_merges(self) -> list[ClusterMerge]:
        """Every recorded merge (merged id -> kept id), oldest first, to resolve stored cluster ids."""
        rows = self.con.execute("select kept_id, merged_id from cluster_merges order by rowid").fetchall()
        return [ClusterMerge(kept, merged) for kept, merged in rows]

    def cluster_map(self, urls: Iterable[str] | None = None) -> dict[str, str]:
        """article URL -> cluster id, of every article or of the given ones."""
        if urls is None:
            return dict(self.con.execute("select article_url, cluster_id from clusters").fetchall())
        with self._wanted(urls):
            return dict(self.con.execute("select article_url, cluster_id from clusters c"
                                         " join _wanted w on w.url = c.article_url").fetchall())

    def article_times(self, urls: Iterable[str] | None = None) -> dict[str, tuple[datetime | None, datetime | None]]:
        """article URL -> (published_at, first_seen_at), of every article or of the given ones."""
        if urls is None:
            rows = self.con.execute("select url, published_at, first_seen_at from articles").fetchall()
        else:
            with self._wanted(urls):
                rows = self.con.execute("select url, published_at, first_seen_at from articles"
                                        " join _wanted using (url)").fetchall()
        return {r[0]: (r[1], r[2]) for r in rows}

    @contextmanager
    def _wanted(self, urls: Iterable[str]) -> Iterator[None]:
        """The URLs as a one-column view `_wanted(url)` for the duration of a query."""
        self.con.register("_wanted", pa.table({"url": pa.array(list(set(urls)), pa.string())}))
        try:
            yield
        finally:
            self.con.unregister("_wanted")

    # ---- reading ------------------------------------------------------------------------------

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = self.con.execute(sql, list(params)).fetchone()
        return row[0] if row else None

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self.con.execute(sql, list(params)).fetchall()

    def checkpoint(self) -> None:
        self.con.execute("checkpoint")


def _pause_before_commit() -> None:
    """Crash-safety tests set INGEST_TEST_PAUSE_IN_LOAD=seconds to hold a load open (every row written, the
    transaction not yet committed) long enough to kill the process there. Unset in normal operation."""
    pause = os.environ.get("INGEST_TEST_PAUSE_IN_LOAD")
    if pause:
        log.warning("pausing %s s inside the load transaction (INGEST_TEST_PAUSE_IN_LOAD)", pause)
        time.sleep(float(pause))


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _arrow(rows: Sequence[dict[str, Any]], table: str, columns: Sequence[str]) -> pa.Table:
    """Rows as an Arrow table with the columns of `table` (given) that the rows have."""
    unknown = set(rows[0]) - set(columns)
    if unknown:  # a record field with no column would be lost silently: refuse instead
        raise ValueError(f"table {table} has no column(s) {sorted(unknown)}: add them to warehouse/schema/")
    present = [c for c in columns if c in rows[0]]
    return pa.table({c: [r.get(c) for r in rows] for c in present})


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _as_row(record: Any) -> dict[str, Any]:
    """A flat record (a dataclass of plain values) as a row dict: dataclasses.asdict without its deep copy
    of every value, which was most of a load's Python time."""
    names = _FIELD_NAMES.get(type(record))
    if names is None:
        names = _FIELD_NAMES[type(record)] = tuple(f.name for f in fields(record))
    return {name: getattr(record, name) for name in names}


def _attempt_row(a: FetchAttempt, run_id: str) -> dict[str, Any]:
    return {**_as_row(a), "run_id": run_id}


def _url_state_row(u: UrlState) -> dict[str, Any]:
    row = _as_row(u)
    row["first_seen_at"] = u.last_attempt_at or _now()
    return row


def _capture_row(p: Page, run_id: str) -> dict[str, Any]:
    return {"url": p.url, "fetched_at": p.fetched_at, "status": p.status, "content_type": p.content_type,
            "warc_file": p.warc_file, "warc_offset": p.warc_offset, "payload_digest": p.payload_digest, "run_id": run_id}


def _article_row(a: Article, run_id: str, now: datetime) -> dict[str, Any]:
    return {
        "url": a.url, "source": a.source, "fetched_url": a.fetched_url, "title": a.title,
        "published_at": a.published_at, "modified_at": a.modified_at, "authors": list(a.authors),
        "language": a.language, "body": a.body, "body_hash": a.body_hash, "canonical_link": a.canonical_link,
        "alternates": json.dumps([list(x) for x in a.alternates]), "payload_digest": a.payload_digest,
        "first_seen_at": a.fetched_at or now, "last_seen_at": a.fetched_at or now, "run_id": run_id,
    }


def _cluster_row(c: ClusterAssignment, run_id: str) -> dict[str, Any]:
    return {**_as_row(c), "run_id": run_id}


def _signature_row(s: SignatureRow) -> dict[str, Any]:
    row = _as_row(s)
    for name in ("credits", "facts", "alternates"):
        row[name] = list(row[name])
    return row


__all__ = ["RunBatch", "SourceRunCounts", "UrlState", "Warehouse"]
