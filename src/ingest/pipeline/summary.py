"""The end-of-run summary for the terminal: per source counts, where the warehouse is, a query to try."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from ingest.config import Settings
from ingest.pipeline.report import text_table
from ingest.warehouse import SourceRunCounts, Warehouse

EXAMPLE_QUERY = "select partner, signed_date, current_status from agreement_status order by signed_date"


def run_rows(wh: Warehouse, run_ids: Sequence[str]) -> list[SourceRunCounts]:
    """Per-source counts of the given runs, summed over runs (a backfill has one run per month)."""
    rows = wh.rows(
        "select source, sum(discovered), sum(fetched), sum(not_modified), sum(failed), sum(new_articles),"
        " sum(duplicates), sum(new_events), string_agg(distinct status, '/'), string_agg(distinct advice, '; ')"
        " from run_sources where list_contains(?, run_id) group by source order by source",
        [list(run_ids)],
    )
    return [SourceRunCounts(source=r[0], discovered=int(r[1]), fetched=int(r[2]), not_modified=int(r[3]),
                            failed=int(r[4]), new_articles=int(r[5]), duplicates=int(r[6]), new_events=int(r[7]),
                            status=r[8], advice=r[9]) for r in rows]


def print_summary(settings: Settings, run_ids: Sequence[str], out: TextIO) -> None:
    with Warehouse.open(settings.db_path, read_only=True) as wh:
        rows = run_rows(wh, run_ids)
        stories = wh.scalar("select count(*) from articles_canonical")
    print("", file=out)
    print(text_table(rows), file=out)
    for row in rows:
        if row.advice:
            print(f"note: {row.source}: {row.advice}", file=out)
    print(f"\nruns: {', '.join(run_ids)}", file=out)
    print(f"warehouse: {settings.db_path} ({stories} stories)", file=out)
    print(f"analysts:  duckdb -readonly {settings.resolved_analyst_db_path}", file=out)
    print(f"try:       {EXAMPLE_QUERY};", file=out)
