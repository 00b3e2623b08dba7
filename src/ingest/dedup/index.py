"""In-memory index of every article seen before, built from persisted SignatureRows (about 1.9 KB a row)."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta, timezone
from typing import overload

import numpy as np
import numpy.typing as npt

from ingest.dedup.bands import BandTables
from ingest.dedup.canonical import Member, canonical_index
from ingest.dedup.columns import Column, StringCodes
from ingest.dedup.config import DedupConfig
from ingest.dedup.features import source_family
from ingest.dedup.models import DedupResult, InvalidDedupInput, SignatureRow, timestamp
from ingest.dedup.samples import SampleStore
from ingest.dedup.signature import band_keys, sketch
from ingest.records import ClusterMerge

U32 = npt.NDArray[np.uint32]
I64 = npt.NDArray[np.int64]


def member_of(row: SignatureRow) -> Member:
    return Member(row.url, timestamp(row.published_at), row.source_kind == "official", source_family(row.source), row.credits)


ADD_BATCH = 65536  # rows taken from the iterable at a time (a streamed history never sits in memory whole)
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


class StoredRows(Sequence[SignatureRow]):
    """The indexed rows as SignatureRows, rebuilt on access from the index's columns (published_at in UTC)."""

    def __init__(self, index: DedupIndex) -> None:
        self._index = index

    def __len__(self) -> int:
        return len(self._index)

    @overload
    def __getitem__(self, number: int) -> SignatureRow: ...
    @overload
    def __getitem__(self, number: slice) -> Sequence[SignatureRow]: ...
    def __getitem__(self, number: int | slice) -> SignatureRow | Sequence[SignatureRow]:
        if isinstance(number, slice):
            return [self._index.row(n) for n in range(*number.indices(len(self)))]
        if number < 0:
            number += len(self)
        return self._index.row(number)


class DedupIndex:
    """Signatures, band tables, exact keys and cluster bookkeeping of the history; grows with add().

    Per article it keeps numpy columns (signature, shingle count, sample, publication time, codes of source,
    kind, language and method), its URL and stored cluster id; credits, facts and alternates only where
    non-empty. About 1.9 KB an article at 128 slots, most of it the signature and the 64 band tables."""

    def __init__(self, config: DedupConfig) -> None:
        self.config = config
        self._signatures: Column[np.uint32] = Column(np.uint32, config.num_perm)
        self._sketches: Column[np.uint8] = Column(np.uint8, config.num_perm)
        self._sizes: Column[np.int64] = Column(np.int64)
        self._published: Column[np.float64] = Column(np.float64)
        self._codes: Column[np.uint16] = Column(np.uint16, 4)  # source, source kind, language, method
        self._sample_values: Column[np.uint32] = Column(np.uint32)
        self._sample_offsets: Column[np.int64] = Column(np.int64)
        self._sample_offsets.append(np.zeros(1, dtype=np.int64))
        self._sample_full: Column[np.bool_] = Column(np.bool_)
        self._strings = StringCodes()
        self._urls: list[str] = []
        self._cluster_ids: list[str] = []
        self._exact_keys: list[str] = []
        self._credits: dict[int, tuple[str, ...]] = {}
        self._facts: dict[int, tuple[str, ...]] = {}
        self._alternates: dict[int, tuple[str, ...]] = {}
        self._bands = BandTables.empty(config.bands)
        self._row_of_url: dict[str, int] = {}
        self._row_of_exact: dict[str, int] = {}
        self._parent: dict[str, str] = {}
        self._single: dict[str, int] = {}  # clusters of one row
        self._multi: dict[str, list[int]] = {}  # clusters of several rows
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
        return len(self._urls)

    @property
    def signatures(self) -> U32:
        return self._signatures.view

    @property
    def sketches(self) -> npt.NDArray[np.uint8]:
        return self._sketches.view

    @property
    def sizes(self) -> I64:
        return self._sizes.view

    @property
    def samples(self) -> SampleStore:
        return SampleStore(self._sample_values.view, self._sample_offsets.view, self._sample_full.view)

    @property
    def rows(self) -> StoredRows:
        return StoredRows(self)

    # -- growth ---------------------------------------------------------------------------------------
    def add(self, rows: Iterable[SignatureRow], merges: Iterable[ClusterMerge] = ()) -> None:
        """Append rows (URLs already indexed are errors) and apply merges (merged id -> kept id)."""
        iterator = iter(rows)
        while batch := list(itertools.islice(iterator, ADD_BATCH)):
            self._add_batch(batch)
        for merge in merges:
            self.merge(merge.kept_id, merge.merged_id)

    def _add_batch(self, new_rows: list[SignatureRow]) -> None:
        start = len(self)
        width = self.config.num_perm * 4
        seen: set[str] = set()
        for row in new_rows:  # validate the whole batch before changing anything
            if len(row.signature) != width:
                raise InvalidDedupInput(
                    f"signature of {row.url} has {len(row.signature)} bytes; num_perm={self.config.num_perm} needs {width}"
                )
            if row.url in self._row_of_url or row.url in seen:
                raise InvalidDedupInput(f"URL indexed twice: {row.url}")
            seen.add(row.url)
        del seen
        codes: list[tuple[int, int, int, int]] = []
        code_of: dict[tuple[str, str, str | None, str], tuple[int, int, int, int]] = {}
        code = self._strings.code
        for number, row in enumerate(new_rows, start):
            self._row_of_url[row.url] = number
            self._row_of_exact.setdefault(row.exact_key, number)
            described = (row.source, row.source_kind, row.language, row.method)
            found = code_of.get(described)
            if found is None:
                found = code_of[described] = (code(row.source), code(row.source_kind), code(row.language), code(row.method))
            codes.append(found)
            if row.credits:
                self._credits[number] = row.credits
            if row.facts:
                self._facts[number] = row.facts
            if row.alternates:
                self._alternates[number] = row.alternates
                for alternate in row.alternates:
                    self._by_alternate.setdefault(alternate, []).append(number)
        self._urls.extend(row.url for row in new_rows)
        self._cluster_ids.extend(row.cluster_id for row in new_rows)
        self._exact_keys.extend(row.exact_key for row in new_rows)
        self._codes.append(np.array(codes, dtype=np.uint16).reshape(-1, 4))
        sigs = np.frombuffer(b"".join(r.signature for r in new_rows), dtype="<u4").reshape(len(new_rows), -1)
        self._signatures.append(sigs.astype(np.uint32, copy=False))
        self._sketches.append(sketch(sigs))
        del sigs
        self._sizes.append(np.fromiter((r.shingle_count for r in new_rows), np.int64, len(new_rows)))
        published = np.fromiter((timestamp(r.published_at) for r in new_rows), np.float64, len(new_rows))
        self._published.append(published)
        samples = SampleStore.from_bytes([r.sample for r in new_rows], [r.sample_full for r in new_rows])
        self._sample_offsets.append(samples.offsets[1:] + self._sample_offsets.view[-1])
        self._sample_values.append(samples.values)
        self._sample_full.append(samples.full)
        del samples
        eligible = np.flatnonzero(self.sizes[start:] >= self.config.min_shingles)
        keys = band_keys(self.signatures[start + eligible], self.config.band_rows)
        numbers = (start + eligible).astype(np.int64)
        if len(self._bands.keys[0]) == 0:
            self._bands = BandTables.build(keys, numbers)
        else:
            self._bands.insert(keys, numbers)
        del keys
        for number, row in enumerate(new_rows, start):
            self._index_cluster_member(number, row.cluster_id)
            if row.language is not None and row.published_at is not None:
                family = source_family(row.source)
                if self.config.wants_facts(family):
                    key = (family, row.language)
                    self._family_times.setdefault(key, []).append((float(published[number - start]), number))
                    self._family_unsorted.add(key)

    def apply(self, result: DedupResult) -> None:
        """Take in what assign_clusters produced (its new rows and merges), as the next run will load them."""
        self.add(result.rows, result.merges)

    def _index_cluster_member(self, number: int, cluster_id: str) -> None:
        cluster = self.resolve(cluster_id)
        many = self._multi.get(cluster)
        if many is not None:
            many.append(number)
        elif cluster in self._single:
            self._multi[cluster] = [self._single.pop(cluster), number]
        else:
            self._single[cluster] = number

    def merge(self, kept_id: str, merged_id: str) -> None:
        kept, merged = self.resolve(kept_id), self.resolve(merged_id)
        if kept == merged:
            return
        moved = list(self.members(merged))
        self._parent[merged] = kept
        self._single.pop(merged, None)
        self._multi.pop(merged, None)
        if not moved:
            return
        combined = list(self.members(kept)) + moved
        self._single.pop(kept, None)
        if len(combined) == 1:
            self._single[kept] = combined[0]
        else:
            self._multi[kept] = combined

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
        return self.resolve(self._cluster_ids[number])

    def stored_cluster(self, number: int) -> str:
        """The cluster id row `number` was loaded with (before merges)."""
        return self._cluster_ids[number]

    def url(self, number: int) -> str:
        return self._urls[number]

    def method(self, number: int) -> str:
        return self._strings.text(int(self._codes.view[number, 3]))

    def published(self, number: int) -> float:
        """Publication time in epoch seconds (+inf when unknown)."""
        return float(self._published.view[number])

    def facts(self, number: int) -> tuple[str, ...]:
        return self._facts.get(number, ())

    def member(self, number: int) -> Member:
        codes = self._codes.view[number]
        return Member(self._urls[number], float(self._published.view[number]),
                      self._strings.value(int(codes[1])) == "official",
                      source_family(self._strings.text(int(codes[0]))), self._credits.get(number, ()))

    def row(self, number: int) -> SignatureRow:
        """Row `number` as the SignatureRow it was added as (published_at in UTC)."""
        if not 0 <= number < len(self):
            raise IndexError(f"row {number} of an index of {len(self)}")
        codes = [int(c) for c in self._codes.view[number]]
        moment = float(self._published.view[number])
        samples = self.samples
        return SignatureRow(
            url=self._urls[number], cluster_id=self._cluster_ids[number], method=self._strings.text(codes[3]),
            signature=self.signatures[number].astype("<u4").tobytes(), shingle_count=int(self.sizes[number]),
            exact_key=self._exact_keys[number],
            published_at=None if moment == float("inf") else _EPOCH + timedelta(seconds=moment),
            source=self._strings.text(codes[0]), source_kind=self._strings.text(codes[1]),
            language=self._strings.value(codes[2]), credits=self._credits.get(number, ()),
            facts=self._facts.get(number, ()), alternates=self._alternates.get(number, ()),
            sample=samples.get(number).astype("<u4").tobytes(), sample_full=bool(samples.full[number]),
        )

    def members(self, cluster_id: str) -> Sequence[int]:
        cluster = self.resolve(cluster_id)
        many = self._multi.get(cluster)
        if many is not None:
            return many
        one = self._single.get(cluster)
        return () if one is None else (one,)

    def first_seen(self, cluster_id: str) -> tuple[float, str]:
        """(earliest publication among the members, cluster id)."""
        cluster = self.resolve(cluster_id)
        members = self.members(cluster)
        if not members:
            return (float("inf"), cluster)
        return (float(self._published.view[list(members)].min()), cluster)

    def canonical_row(self, cluster_id: str) -> int:
        members = self.members(cluster_id)
        if not members:
            raise KeyError(f"unknown cluster {cluster_id}")
        return members[canonical_index([self.member(m) for m in members])]

    def candidates(self, keys: U32) -> tuple[I64, I64, I64]:
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
            hi = bisect.bisect_right(entries, (end, len(self)))
            found.extend(number for _, number in entries[lo:hi])
        return found
