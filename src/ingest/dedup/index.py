"""In-memory index of every article seen before, built from persisted SignatureRows (about 1.5 KB a row)."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt

from ingest.dedup.bands import BandTables
from ingest.dedup.canonical import Member, canonical_index
from ingest.dedup.config import DedupConfig
from ingest.dedup.features import source_family
from ingest.dedup.models import DedupResult, InvalidDedupInput, SignatureRow, timestamp
from ingest.dedup.samples import SampleStore
from ingest.dedup.signature import band_keys
from ingest.records import ClusterMerge

U32 = npt.NDArray[np.uint32]
I64 = npt.NDArray[np.int64]


def member_of(row: SignatureRow) -> Member:
    return Member(row.url, timestamp(row.published_at), row.source_kind == "official", source_family(row.source), row.credits)


class DedupIndex:
    """Signatures, band tables, exact keys and cluster bookkeeping of the history; grows with add()."""

    def __init__(self, config: DedupConfig) -> None:
        self.config = config
        self.rows: list[SignatureRow] = []
        self.signatures: U32 = np.zeros((0, config.num_perm), dtype=np.uint32)
        self.sizes: I64 = np.zeros(0, dtype=np.int64)
        self.samples = SampleStore.empty()
        self._bands = BandTables.empty(config.bands)
        self._row_of_url: dict[str, int] = {}
        self._row_of_exact: dict[str, int] = {}
        self._parent: dict[str, str] = {}
        self._members: dict[str, list[int]] = {}
        self._first_seen: dict[str, tuple[float, str]] = {}
        self._by_alternate: dict[str, list[int]] = {}
        self._family_times: dict[tuple[str, str], list[tuple[float, int]]] = {}  # sorted lazily
        self._family_unsorted: set[tuple[str, str]] = set()

    @classmethod
    def from_rows(
        cls, rows: Iterable[SignatureRow], config: DedupConfig, merges: Iterable[ClusterMerge] = ()
    ) -> DedupIndex:
        index = cls(config)
        index.add(rows, merges)
        return index

    def __len__(self) -> int:
        return len(self.rows)

    # -- growth ---------------------------------------------------------------------------------------
    def add(self, rows: Iterable[SignatureRow], merges: Iterable[ClusterMerge] = ()) -> None:
        """Append rows (URLs already indexed are errors) and apply merges (merged id -> kept id)."""
        new_rows = list(rows)
        start = len(self.rows)
        width = self.config.num_perm * 4
        for offset, row in enumerate(new_rows):
            if len(row.signature) != width:
                raise InvalidDedupInput(
                    f"signature of {row.url} has {len(row.signature)} bytes; num_perm={self.config.num_perm} needs {width}"
                )
            if row.url in self._row_of_url:
                raise InvalidDedupInput(f"URL indexed twice: {row.url}")
            number = start + offset
            self._row_of_url[row.url] = number
            self._row_of_exact.setdefault(row.exact_key, number)
            for alternate in row.alternates:
                self._by_alternate.setdefault(alternate, []).append(number)
        self.rows.extend(new_rows)
        if new_rows:
            sigs = np.frombuffer(b"".join(r.signature for r in new_rows), dtype="<u4").reshape(len(new_rows), -1)
            self.signatures = np.concatenate((self.signatures, sigs)) if len(self.signatures) else sigs.copy()
            del sigs
            self.sizes = np.concatenate((self.sizes, np.fromiter((r.shingle_count for r in new_rows), np.int64, len(new_rows))))
            self.samples.extend(SampleStore.from_bytes([r.sample for r in new_rows], [r.sample_full for r in new_rows]))
            eligible = np.flatnonzero(self.sizes[start:] >= self.config.min_shingles)
            keys = band_keys(self.signatures[start + eligible], self.config.band_rows)
            numbers = (start + eligible).astype(np.int64)
            if len(self._bands.keys[0]) == 0:
                self._bands = BandTables.build(keys, numbers)
            else:
                self._bands.insert(keys, numbers)
        for number, row in enumerate(new_rows, start):
            self._index_cluster_member(number, row)
            if row.language is not None and row.published_at is not None:
                family = (source_family(row.source), row.language)
                self._family_times.setdefault(family, []).append((timestamp(row.published_at), number))
                self._family_unsorted.add(family)
        for merge in merges:
            self.merge(merge.kept_id, merge.merged_id)

    def apply(self, result: DedupResult) -> None:
        """Take in what assign_clusters produced (its new rows and merges), as the next run will load them."""
        self.add(result.rows, result.merges)

    def _index_cluster_member(self, number: int, row: SignatureRow) -> None:
        cluster = self.resolve(row.cluster_id)
        self._members.setdefault(cluster, []).append(number)
        seen = (timestamp(row.published_at), cluster)
        if cluster not in self._first_seen or seen < self._first_seen[cluster]:
            self._first_seen[cluster] = seen

    def merge(self, kept_id: str, merged_id: str) -> None:
        kept, merged = self.resolve(kept_id), self.resolve(merged_id)
        if kept == merged:
            return
        self._parent[merged] = kept
        self._members.setdefault(kept, []).extend(self._members.pop(merged, []))
        if merged in self._first_seen:
            other = self._first_seen.pop(merged)
            if kept not in self._first_seen or other[0] < self._first_seen[kept][0]:
                self._first_seen[kept] = (other[0], kept)

    # -- lookups --------------------------------------------------------------------------------------
    def resolve(self, cluster_id: str) -> str:
        """The id a cluster lives on as after merges."""
        path = []
        while cluster_id in self._parent:
            path.append(cluster_id)
            cluster_id = self._parent[cluster_id]
        for step in path:
            self._parent[step] = cluster_id
        return cluster_id

    def row_of_url(self, url: str) -> int | None:
        return self._row_of_url.get(url)

    def row_of_exact(self, exact_key: str) -> int | None:
        return self._row_of_exact.get(exact_key)

    def cluster_of(self, number: int) -> str:
        return self.resolve(self.rows[number].cluster_id)

    def members(self, cluster_id: str) -> Sequence[int]:
        return self._members.get(self.resolve(cluster_id), ())

    def first_seen(self, cluster_id: str) -> tuple[float, str]:
        cluster = self.resolve(cluster_id)
        return self._first_seen.get(cluster, (float("inf"), cluster))

    def canonical_row(self, cluster_id: str) -> int:
        members = self.members(cluster_id)
        if not members:
            raise KeyError(f"unknown cluster {cluster_id}")
        return members[canonical_index([member_of(self.rows[m]) for m in members])]

    def candidates(self, keys: npt.NDArray[np.uint64]) -> tuple[I64, I64, I64]:
        """(query index, row, bands shared) of the rows sharing an LSH band with the queries' band keys."""
        return self._bands.candidates(keys, self.config.max_bucket)

    def rows_with_alternate(self, url: str) -> Sequence[int]:
        return self._by_alternate.get(url, ())

    def family_rows_between(self, family: str, start: float, end: float, not_language: str) -> list[int]:
        """Rows of the source family in languages other than `not_language`, published within [start, end]."""
        found: list[int] = []
        for key, entries in self._family_times.items():
            if key[0] != family or key[1] == not_language:
                continue
            if key in self._family_unsorted:
                entries.sort()
                self._family_unsorted.discard(key)
            lo = bisect.bisect_left(entries, (start, -1))
            hi = bisect.bisect_right(entries, (end, len(self.rows)))
            found.extend(number for _, number in entries[lo:hi])
        return found
