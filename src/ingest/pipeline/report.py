"""The run report: per source discovered / fetched / not modified / failed by kind / new / duplicates /
events, as rows for the `run_sources` table, a Markdown summary and a plain-text table for the terminal."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from ingest.records import Article, ClusterAssignment, EventMention, FetchAttempt, Page
from ingest.warehouse import SourceRunCounts

COLUMNS = ("source", "discovered", "fetched", "not_modified", "failed", "new_articles", "duplicates",
           "new_events", "status")


def source_counts(
    sources: Sequence[str],
    discovered: Mapping[str, int],
    attempts: Iterable[FetchAttempt],
    pages: Iterable[Page],
    new_articles: Iterable[Article],
    clusters: Iterable[ClusterAssignment],
    mentions: Iterable[EventMention],
    documents_failed: Mapping[str, int],
    documents_read: Mapping[str, int],
    advice: Mapping[str, str],
) -> list[SourceRunCounts]:
    """One SourceRunCounts per source. A source is `failed` when nothing of it could be fetched, `degraded`
    when some documents or pages failed."""
    fetched: Counter[str] = Counter()
    not_modified: Counter[str] = Counter()
    for page in pages:
        if page.status == 304:
            not_modified[page.source] += 1
        else:
            fetched[page.source] += 1
    final_attempt: dict[tuple[str, str], FetchAttempt] = {}
    for attempt in attempts:
        if attempt.purpose == "article":  # discovery failures are counted as documents_failed
            final_attempt[(attempt.source, attempt.url)] = attempt
    failed_kinds: dict[str, Counter[str]] = {name: Counter() for name in sources}
    for (source, _), attempt in final_attempt.items():
        if attempt.error_kind and source in failed_kinds:
            failed_kinds[source][attempt.error_kind] += 1
    article_source = {a.url: a.source for a in new_articles}
    new: Counter[str] = Counter(article_source.values())
    duplicates: Counter[str] = Counter(
        article_source[c.article_url] for c in clusters if c.article_url in article_source and c.method != "new"
    )
    events: Counter[str] = Counter(article_source[m.article_url] for m in mentions if m.article_url in article_source)
    rows: list[SourceRunCounts] = []
    for name in sources:
        failed = sum(failed_kinds[name].values()) + documents_failed.get(name, 0)
        if documents_failed.get(name, 0):
            failed_kinds[name]["discovery_document"] += documents_failed[name]
        if documents_read.get(name, 0) == 0 and fetched[name] == 0 and not_modified[name] == 0:
            status = "failed"
        elif failed or documents_failed.get(name, 0):
            status = "degraded"
        else:
            status = "ok"
        rows.append(SourceRunCounts(
            source=name, discovered=discovered.get(name, 0), fetched=fetched[name], not_modified=not_modified[name],
            failed=failed, failed_by_kind=tuple(sorted(failed_kinds[name].items())), new_articles=new[name],
            duplicates=duplicates[name], new_events=events[name], status=status, advice=advice.get(name),
        ))
    return rows


def run_status(rows: Sequence[SourceRunCounts]) -> str:
    """completed, partial (some source failed or degraded) or failed (every source failed)."""
    if rows and all(r.status == "failed" for r in rows):
        return "failed"
    if any(r.status != "ok" for r in rows):
        return "partial"
    return "completed"


def _failed_text(row: SourceRunCounts) -> str:
    return ", ".join(f"{kind} {n}" for kind, n in row.failed_by_kind) or "-"


def table_rows(rows: Sequence[SourceRunCounts]) -> list[dict[str, object]]:
    return [
        {"source": r.source, "discovered": r.discovered, "fetched": r.fetched, "not_modified": r.not_modified,
         "failed": r.failed, "failed_by_kind": _failed_text(r), "new_articles": r.new_articles,
         "duplicates": r.duplicates, "new_events": r.new_events, "status": r.status}
        for r in rows
    ]


def text_table(rows: Sequence[SourceRunCounts]) -> str:
    header = ("source", "discovered", "fetched", "304", "failed", "new", "dups", "events", "status")
    body = [(r.source, r.discovered, r.fetched, r.not_modified, r.failed, r.new_articles, r.duplicates,
             r.new_events, r.status) for r in rows]
    total = ("TOTAL", *(sum(int(row[i]) for row in body) for i in range(1, 8)), "")
    cells = [tuple(str(c) for c in row) for row in (header, *body, total)]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths)))
             for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.insert(len(lines) - 1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def markdown_summary(run_id: str, status: str, rows: Sequence[SourceRunCounts], db_path: Path,
                     analyst_path: Path | None) -> str:
    lines = [f"# Run `{run_id}`: {status}", "",
             "| source | discovered | fetched | not modified | failed (by kind) | new | duplicates | events | status |",
             "|---|---:|---:|---:|---|---:|---:|---:|---|"]
    for r in rows:
        lines.append(f"| {r.source} | {r.discovered} | {r.fetched} | {r.not_modified} | {r.failed} ({_failed_text(r)})"
                     f" | {r.new_articles} | {r.duplicates} | {r.new_events} | {r.status} |")
    advice = [f"- **{r.source}**: {r.advice}" for r in rows if r.advice]
    if advice:
        lines += ["", "## Needs attention", *advice]
    lines += ["", f"Warehouse: `{db_path}`"]
    if analyst_path:
        lines.append(f"Analysts: `duckdb -readonly {analyst_path}`")
    return "\n".join(lines)
