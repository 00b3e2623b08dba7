"""The warehouse SQL: migrations apply once and are recorded; every view compiles on a fresh database and
its key columns are unique and not null on a loaded one (the daily run's warehouse)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from ingest.warehouse import Warehouse
from ingest.warehouse.migrations import VIEWS_DIR, migration_files, view_files

# The columns that identify one row of each view.
VIEW_KEYS: dict[str, tuple[str, ...]] = {
    "articles_canonical": ("cluster_id",),
    "source_health": ("run_id", "source"),
    "url_backlog": ("url",),
    "agreement_status": ("partner",),
    "event_timeline": ("fact_key",),
    "count_claims": ("fact_key",),
    "syndication": ("cluster_id",),
    "agreements_vs_reference": ("partner",),
}


def test_migrations_apply_once_and_are_versioned(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    Warehouse.open(db).close()
    Warehouse.open(db).close()  # a second open applies nothing again
    with duckdb.connect(str(db), read_only=True) as con:
        applied = con.execute("select version from schema_migrations order by version").fetchall()
    assert [v for (v,) in applied] == [number for number, _ in migration_files()]


def test_every_view_file_has_an_analyst_header_and_compiles(tmp_path: Path) -> None:
    with Warehouse.open(tmp_path / "w.duckdb") as wh:
        for path in view_files():
            text = path.read_text(encoding="utf-8")
            assert text.lstrip().startswith("--"), f"{path.name} must start with a comment for analysts"
            assert "select * from final" in text.lower(), f"{path.name} ends with `select * from final`"
            wh.rows(f"select * from {path.stem} limit 0")
    assert {p.stem for p in view_files()} <= set(VIEW_KEYS), "add the new view's key to VIEW_KEYS"


@pytest.mark.parametrize("view", sorted(VIEW_KEYS))
def test_view_keys_are_unique_and_not_null_after_a_run(view: str, daily_warehouse: Path) -> None:
    keys = ", ".join(VIEW_KEYS[view])
    with duckdb.connect(str(daily_warehouse), read_only=True) as con:
        total, distinct_keys, null_keys = con.execute(
            f"select count(*), count(distinct ({keys})), count(*) filter (where ({keys}) is null) from {view}"
        ).fetchone()  # type: ignore[misc]
    assert total == distinct_keys and null_keys == 0
    assert VIEWS_DIR.exists()


def test_views_are_recreated_only_when_their_files_changed(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    Warehouse.open(db).close()
    with duckdb.connect(str(db)) as con:
        first = con.execute("select fingerprint, applied_at from view_fingerprint").fetchall()
        con.execute("drop view articles_canonical")  # a current fingerprint means: nothing is checked again
    Warehouse.open(db).close()
    with duckdb.connect(str(db)) as con:
        assert con.execute("select fingerprint, applied_at from view_fingerprint").fetchall() == first
        assert not con.execute("select 1 from duckdb_views() where view_name = 'articles_canonical'").fetchall()
        con.execute("update view_fingerprint set fingerprint = 'edited views'")  # as if the files changed
    with Warehouse.open(db) as wh:
        assert wh.rows("select count(*) from articles_canonical") == [(0,)]
        assert wh.rows("select fingerprint from view_fingerprint") == [(first[0][0],)]
