"""Cluster merges: chains resolve to the id that lives on, in memory and in the warehouse."""

from __future__ import annotations

from pathlib import Path

from ingest.records import ClusterAssignment, ClusterMerge, resolve_merges
from ingest.warehouse import RunBatch, Warehouse


def test_resolve_merges_follows_chains_in_any_order() -> None:
    forward = [ClusterMerge("b", "a"), ClusterMerge("c", "b"), ClusterMerge("y", "x")]
    assert resolve_merges(forward) == {"a": "c", "b": "c", "x": "y"}
    assert resolve_merges(reversed(forward)) == {"a": "c", "b": "c", "x": "y"}
    assert resolve_merges([]) == {}


def test_resolve_merges_stops_on_a_cycle() -> None:
    final = resolve_merges([ClusterMerge("b", "a"), ClusterMerge("a", "b")])
    assert set(final) == {"a", "b"} and set(final.values()) <= {"a", "b"}


def test_load_batch_applies_a_merge_chain_to_stored_clusters(tmp_path: Path) -> None:
    members = {"u1": "a", "u2": "a", "u3": "b", "u4": "c", "u5": "z"}
    with Warehouse.open(tmp_path / "w.duckdb") as wh:
        wh.load_batch(RunBatch("r1", clusters=[ClusterAssignment(url, cid, True, None) for url, cid in members.items()]))
        wh.load_batch(RunBatch("r2", merges=[ClusterMerge("b", "a"), ClusterMerge("c", "b")]))
        stored = dict(wh.rows("select article_url, cluster_id from clusters"))
        recorded = wh.rows("select kept_id, merged_id from cluster_merges order by kept_id")
    assert stored == {"u1": "c", "u2": "c", "u3": "c", "u4": "c", "u5": "z"}
    assert recorded == [("b", "a"), ("c", "b")]
