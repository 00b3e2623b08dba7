"""Syndication-aware deduplication: URL keys, exact and near-duplicate clusters, canonical members,
translation links. Pure library code; the warehouse persists SignatureRow, ClusterAssignment, ClusterMerge
and TranslationLink records."""

from ingest.dedup.assign import assign_clusters, new_cluster_id
from ingest.dedup.config import DedupConfig, DedupConfigError
from ingest.dedup.index import DedupIndex
from ingest.dedup.models import DedupDoc, DedupResult, InvalidDedupInput, SignatureRow
from ingest.dedup.normalize import body_hash, normalise_text
from ingest.dedup.urls import InvalidUrlError, canonical_url

__all__ = [
    "DedupConfig",
    "DedupConfigError",
    "DedupDoc",
    "DedupIndex",
    "DedupResult",
    "InvalidDedupInput",
    "InvalidUrlError",
    "SignatureRow",
    "assign_clusters",
    "body_hash",
    "canonical_url",
    "new_cluster_id",
    "normalise_text",
]
