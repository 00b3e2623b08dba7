from datetime import datetime
from pathlib import Path

import duckdb
from dedup_helpers import OTHER_STORY, RELEASE, doc, fixture

from ingest.dedup import DedupConfig, DedupIndex, SignatureRow, assign_clusters
from ingest.records import ClusterMerge

CONFIG = DedupConfig()
SCHEMA = """CREATE TABLE IF NOT EXISTS article_signatures (url VARCHAR PRIMARY KEY, cluster_id VARCHAR, method VARCHAR,
 signature BLOB, shingle_count INTEGER, exact_key VARCHAR, published_at TIMESTAMPTZ, source VARCHAR,
 source_kind VARCHAR, language VARCHAR, credits VARCHAR[], facts VARCHAR[], alternates VARCHAR[],
 sample BLOB, sample_full BOOLEAN);
 CREATE TABLE IF NOT EXISTS cluster_merges (kept_id VARCHAR, merged_id VARCHAR)"""


def save(path: Path, rows: tuple[SignatureRow, ...], merges: tuple[ClusterMerge, ...]) -> None:
    with duckdb.connect(str(path)) as con:
        con.execute(SCHEMA)
        for r in rows:
            con.execute("INSERT INTO article_signatures VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                        [r.url, r.cluster_id, r.method, r.signature, r.shingle_count, r.exact_key, r.published_at,
                         r.source, r.source_kind, r.language, list(r.credits), list(r.facts), list(r.alternates),
                         r.sample, r.sample_full])
        for m in merges:
            con.execute("INSERT INTO cluster_merges VALUES (?, ?)", [m.kept_id, m.merged_id])


def load(path: Path) -> DedupIndex:
    with duckdb.connect(str(path)) as con:
        con.execute(SCHEMA)
        raw = con.execute("SELECT * FROM article_signatures ORDER BY url").fetchall()
        merges = [ClusterMerge(k, m) for k, m in con.execute("SELECT * FROM cluster_merges").fetchall()]
    rows = [SignatureRow(url, cid, method, bytes(sig), n, key, published, source, kind, lang,
                         tuple(credits), tuple(facts), tuple(alts), bytes(sample), full)
            for url, cid, method, sig, n, key, published, source, kind, lang, credits, facts, alts, sample, full in raw]
    assert all(isinstance(r.published_at, datetime) for r in rows)
    return DedupIndex.from_rows(rows, CONFIG, merges)


def test_ids_survive_a_duckdb_round_trip_and_later_runs(tmp_path: Path) -> None:
    db = tmp_path / "dedup.duckdb"
    first = [doc("https://a.example/release", RELEASE, 0), doc("https://b.example/nl", OTHER_STORY, 1)]
    run1 = assign_clusters(first, load(db), CONFIG)
    save(db, run1.rows, run1.merges)
    ids1 = {a.article_url: a.cluster_id for a in run1.assignments}

    second = [doc("https://c.example/copy", "Kyiv, Tuesday.\n\n" + RELEASE.replace("Ihor", "Igor"), 5),
              doc("https://d.example/seed3", fixture("seed_003.txt"), 6)]
    run2 = assign_clusters(second, load(db), CONFIG)
    save(db, run2.rows, run2.merges)
    assert {a.article_url: a.cluster_id for a in run2.assignments}["https://c.example/copy"] == ids1["https://a.example/release"]
    assert run2.updated == ()

    replay = assign_clusters(first + second, DedupIndex(CONFIG), CONFIG)  # reprocessing from scratch
    assert {a.article_url: a.cluster_id for a in replay.assignments} == {
        **ids1, **{a.article_url: a.cluster_id for a in run2.assignments}}
    again = assign_clusters(second, load(tmp_path / "empty.duckdb"), CONFIG)
    again_ids = {a.article_url: a.cluster_id for a in again.assignments}
    assert again_ids == {a.article_url: a.cluster_id for a in assign_clusters(second, DedupIndex(CONFIG), CONFIG).assignments}


def test_merge_keeps_the_older_id_and_is_recorded(tmp_path: Path) -> None:
    db = tmp_path / "dedup.duckdb"
    half_a = "\n\n".join(RELEASE.split("\n\n")[:2])
    half_b = "\n\n".join(RELEASE.split("\n\n")[2:])
    run1 = assign_clusters([doc("https://a.example/first-half", half_a, 0)], load(db), CONFIG)
    save(db, run1.rows, run1.merges)
    run2 = assign_clusters([doc("https://b.example/second-half", half_b, 3)], load(db), CONFIG)
    save(db, run2.rows, run2.merges)
    older, newer = run1.assignments[0].cluster_id, run2.assignments[0].cluster_id
    assert older != newer
    run3 = assign_clusters([doc("https://c.example/whole", RELEASE, 6)], load(db), CONFIG)
    assert run3.merges == (ClusterMerge(kept_id=older, merged_id=newer),)
    assert run3.assignments[0].cluster_id == older
    save(db, run3.rows, run3.merges)
    index = load(db)
    assert index.resolve(newer) == older
    assert {index.stored_cluster(r) for r in index.members(older)} == {older, newer}  # stored ids never change
    run4 = assign_clusters([doc("https://d.example/second-half-copy", half_b + "\n\nSource: OP.", 9)], index, CONFIG)
    assert run4.assignments[0].cluster_id == older and run4.merges == ()


def test_loaded_rows_compare_like_fresh_ones(tmp_path: Path) -> None:
    db = tmp_path / "dedup.duckdb"
    first = assign_clusters([doc("https://a.example/release", RELEASE, 0)], load(db), CONFIG)
    save(db, first.rows, first.merges)
    copy = doc("https://b.example/copy", "Kyiv.\n\n" + RELEASE, 1)
    from_disk = assign_clusters([copy], load(db), CONFIG).assignments[0]
    in_memory_index = DedupIndex(CONFIG)
    in_memory_index.add(first.rows)
    in_memory = assign_clusters([copy], in_memory_index, CONFIG).assignments[0]
    assert from_disk == in_memory
    assert from_disk.method == "near" and from_disk.copy_of == "https://a.example/release"
