"""Apply the SQL in warehouse/schema/ (numbered, once each, with a recorded version) and (re)create the
views in warehouse/views/ (one view per file, named after the file)."""

from __future__ import annotations

import hashlib
import logging
import re
from pathlib import Path

import duckdb

log = logging.getLogger("ingest.warehouse")

SQL_ROOT = Path(__file__).resolve().parents[3] / "warehouse"
SCHEMA_DIR = SQL_ROOT / "schema"
VIEWS_DIR = SQL_ROOT / "views"

_MIGRATION_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")


class SchemaError(RuntimeError):
    """The warehouse SQL could not be applied; the message names the file."""


def migration_files(schema_dir: Path = SCHEMA_DIR) -> list[tuple[int, Path]]:
    files: list[tuple[int, Path]] = []
    for path in sorted(schema_dir.glob("*.sql")):
        match = _MIGRATION_NAME.match(path.name)
        if not match:
            raise SchemaError(f"{path}: schema files are named NNN_name.sql")
        files.append((int(match.group(1)), path))
    return files


def apply_migrations(con: duckdb.DuckDBPyConnection, schema_dir: Path = SCHEMA_DIR) -> int:
    """Apply every migration not yet applied, each in its own transaction. Returns the schema version."""
    con.execute(
        "create table if not exists schema_migrations (version integer primary key, name varchar not null,"
        " applied_at timestamptz not null default now())"
    )
    applied = {row[0] for row in con.execute("select version from schema_migrations").fetchall()}
    version = max(applied, default=0)
    for number, path in migration_files(schema_dir):
        if number in applied:
            continue
        con.execute("begin transaction")
        try:
            con.execute(path.read_text(encoding="utf-8"))
            con.execute("insert into schema_migrations (version, name) values (?, ?)", [number, path.name])
            con.execute("commit")
        except duckdb.Error as exc:
            con.execute("rollback")
            raise SchemaError(f"{path}: {exc}") from exc
        log.info("applied schema migration %s", path.name)
        version = number
    return version


def view_files(views_dir: Path = VIEWS_DIR) -> list[Path]:
    return sorted(views_dir.glob("*.sql"))


def views_fingerprint(views_dir: Path = VIEWS_DIR) -> str:
    digest = hashlib.sha256()
    for path in view_files(views_dir):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def schema_is_current(con: duckdb.DuckDBPyConnection, schema_dir: Path = SCHEMA_DIR,
                      views_dir: Path = VIEWS_DIR) -> bool:
    """Whether every migration is applied and the views are those of the files (read-only checks)."""
    tables = {name for (name,) in con.execute(
        "select table_name from duckdb_tables() where schema_name = 'main'").fetchall()}
    if not {"schema_migrations", "view_fingerprint"} <= tables:
        return False
    applied = {version for (version,) in con.execute("select version from schema_migrations").fetchall()}
    if not {number for number, _ in migration_files(schema_dir)} <= applied:
        return False
    stored = con.execute("select fingerprint from view_fingerprint").fetchall()
    return stored == [(views_fingerprint(views_dir),)]


def apply_views(con: duckdb.DuckDBPyConnection, views_dir: Path = VIEWS_DIR) -> list[str]:
    """Create or replace every view; views may read other views (retried until all resolve). Records the
    views' fingerprint when the warehouse has the table for it."""
    pending = view_files(views_dir)
    created: list[str] = []
    while pending:
        failed: list[tuple[Path, Exception]] = []
        for path in pending:
            sql = path.read_text(encoding="utf-8").rstrip().rstrip(";")
            try:
                con.execute(f"create or replace view {path.stem} as\n{sql}")
                created.append(path.stem)
            except duckdb.CatalogException as missing:
                failed.append((path, missing))
            except duckdb.Error as exc:
                raise SchemaError(f"{path}: {exc}") from exc
        if len(failed) == len(pending):
            first_path, first_error = failed[0]
            raise SchemaError(f"{first_path}: {first_error}")
        pending = [path for path, _ in failed]
    has_fingerprint = con.execute("select count(*) from duckdb_tables() where schema_name = 'main'"
                                  " and table_name = 'view_fingerprint'").fetchone()
    if has_fingerprint and has_fingerprint[0]:
        con.execute("delete from view_fingerprint")
        con.execute("insert into view_fingerprint (fingerprint) values (?)", [views_fingerprint(views_dir)])
    return created
