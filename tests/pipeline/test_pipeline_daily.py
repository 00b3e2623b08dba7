"""The daily job end to end against the offline mirror: real HTTP over loopback, a real DuckDB file, the
real Prefect flow (ephemeral mode). One warehouse, two runs, shared by the tests of this module."""

from __future__ import annotations

from datetime import datetime

import duckdb


def test_every_mirror_story_is_one_row_of_articles_canonical(daily_runs, manifest) -> None:  # type: ignore[no-untyped-def]
    stories = {page.story_id for page in manifest.pages}
    assert daily_runs.first["stories"] == len(stories)
    assert daily_runs.first_state.is_completed(), daily_runs.first_state.message


def test_syndicated_seed_copies_are_one_story_and_related_stories_two(daily_runs, manifest) -> None:  # type: ignore[no-untyped-def]
    from ingest.dedup import canonical_url

    by_seed = {page.seed: canonical_url(page.url) for page in manifest.pages if page.seed}
    with duckdb.connect(str(daily_runs.db), read_only=True) as con:
        cluster = dict(con.execute("select article_url, cluster_id from clusters").fetchall())
    assert cluster[by_seed["000"]] == cluster[by_seed["001"]]
    assert cluster[by_seed["003"]] != cluster[by_seed["004"]]


def test_second_run_adds_no_article_cluster_or_duplicate(daily_runs) -> None:
    first, second = daily_runs.first, daily_runs.second
    for table in ("articles", "clusters", "event_mentions", "events", "translations", "dedup_signatures"):
        assert second[table] == first[table], table
    assert second["duplicate_urls"] == 0
    assert second["runs"] == first["runs"] + 1
    assert second["fetches"] > first["fetches"]  # it read the feeds and listings again


def test_every_mirror_article_is_loaded_with_its_date_and_language(daily_runs, manifest) -> None:  # type: ignore[no-untyped-def]
    from ingest.dedup import canonical_url

    with duckdb.connect(str(daily_runs.db), read_only=True) as con:
        rows = {r[0]: r[1:] for r in con.execute(
            "select url, published_at, language, body from articles").fetchall()}
    for page in manifest.pages:
        url = canonical_url(page.url)
        assert url in rows, url
        published, language, body = rows[url]
        assert language == page.language, url
        assert published is not None and abs((published - datetime.fromisoformat(page.published)).total_seconds()) < 60, url
