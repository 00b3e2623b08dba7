"""The daily job end to end against the offline mirror: real HTTP over loopback, a real DuckDB file, the
real Prefect flow (ephemeral mode). One warehouse, two runs, shared by the tests of this module."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest


@dataclass
class TwoRuns:
    db: Path
    first: dict[str, int]
    second: dict[str, int]
    first_state: Any
    second_state: Any


TABLES = ("articles", "clusters", "event_mentions", "events", "translations", "runs", "fetches", "dedup_signatures")


def counts(db: Path) -> dict[str, int]:
    with duckdb.connect(str(db), read_only=True) as con:
        found = {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in TABLES}  # type: ignore[index]
        found["stories"] = con.execute("select count(*) from articles_canonical").fetchone()[0]  # type: ignore[index]
        found["duplicate_urls"] = con.execute(
            "select count(*) - count(distinct url) from articles").fetchone()[0]  # type: ignore[index]
    return found


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory: pytest.TempPathFactory, mirror_host_map: str) -> Iterator[TwoRuns]:
    from flows.daily import daily_ingest

    db = tmp_path_factory.mktemp("daily") / "ingest.duckdb"
    saved = dict(os.environ)
    os.environ.update({"INGEST_DB": str(db), "INGEST_HOST_MAP": mirror_host_map, "INGEST_MIN_DELAY": "0"})
    try:
        first_state = daily_ingest(return_state=True)
        first = counts(db)
        second_state = daily_ingest(return_state=True)
        second = counts(db)
    finally:
        os.environ.clear()
        os.environ.update(saved)
    yield TwoRuns(db, first, second, first_state, second_state)


def test_every_mirror_story_is_one_row_of_articles_canonical(two_runs: TwoRuns, manifest) -> None:  # type: ignore[no-untyped-def]
    stories = {page.story_id for page in manifest.pages}
    assert two_runs.first["stories"] == len(stories)
    assert two_runs.first_state.is_completed(), two_runs.first_state.message


def test_syndicated_seed_copies_are_one_story_and_related_stories_two(two_runs: TwoRuns, manifest) -> None:  # type: ignore[no-untyped-def]
    from ingest.dedup import canonical_url

    by_seed = {page.seed: canonical_url(page.url) for page in manifest.pages if page.seed}
    with duckdb.connect(str(two_runs.db), read_only=True) as con:
        cluster = dict(con.execute("select article_url, cluster_id from clusters").fetchall())
    assert cluster[by_seed["000"]] == cluster[by_seed["001"]]
    assert cluster[by_seed["003"]] != cluster[by_seed["004"]]


def test_second_run_adds_no_article_cluster_or_duplicate(two_runs: TwoRuns) -> None:
    first, second = two_runs.first, two_runs.second
    for table in ("articles", "clusters", "event_mentions", "events", "translations", "dedup_signatures"):
        assert second[table] == first[table], table
    assert second["duplicate_urls"] == 0
    assert second["runs"] == first["runs"] + 1
    assert second["fetches"] > first["fetches"]  # it read the feeds and listings again


def test_every_mirror_article_is_loaded_with_its_date_and_language(two_runs: TwoRuns, manifest) -> None:  # type: ignore[no-untyped-def]
    from ingest.dedup import canonical_url

    with duckdb.connect(str(two_runs.db), read_only=True) as con:
        rows = {r[0]: r[1:] for r in con.execute(
            "select url, published_at, language, body from articles").fetchall()}
    for page in manifest.pages:
        url = canonical_url(page.url)
        assert url in rows, url
        published, language, body = rows[url]
        assert language == page.language, url
        assert published is not None and abs((published - datetime.fromisoformat(page.published)).total_seconds()) < 60, url
