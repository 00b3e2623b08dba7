"""Consistent shingle samples, for verifying candidate pairs by containment and Jaccard on shingles.

A text keeps all its distinct shingle hashes (32 bits) when it has at most `full_limit` shingle positions,
otherwise only those whose low `rate_bits` bits are zero (1 in 8 by default). Two samples are compared on
the same footing: if either side is sampled, the full side is cut down to the sampled hashes too. The share
of the smaller sample found in the other estimates containment with a precision that depends on the smaller
text only (MinHash's estimate degrades as the sizes drift apart); two short texts are compared exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ingest.dedup.tokens import ShingleBatch

U32 = npt.NDArray[np.uint32]
I64 = npt.NDArray[np.int64]
B = npt.NDArray[np.bool_]
F64 = npt.NDArray[np.float64]


@dataclass(slots=True)
class SampleStore:
    """Samples of many texts: text i owns values[offsets[i]:offsets[i + 1]] (sorted, distinct)."""

    values: U32
    offsets: I64
    full: B

    @classmethod
    def empty(cls) -> SampleStore:
        return cls(np.zeros(0, dtype=np.uint32), np.zeros(1, dtype=np.int64), np.zeros(0, dtype=np.bool_))

    def __len__(self) -> int:
        return int(self.full.size)

    def get(self, i: int) -> U32:
        return self.values[self.offsets[i] : self.offsets[i + 1]]

    @classmethod
    def concatenate(cls, parts: list[SampleStore]) -> SampleStore:
        """One store of all parts' texts, in order (one copy, however many parts)."""
        if not parts:
            return cls.empty()
        lengths = np.concatenate([np.diff(p.offsets) for p in parts])
        return cls(np.concatenate([p.values for p in parts]), np.append(0, np.cumsum(lengths)).astype(np.int64),
                   np.concatenate([p.full for p in parts]))

    @classmethod
    def from_bytes(cls, samples: list[bytes], full: list[bool]) -> SampleStore:
        """From persisted samples (little-endian uint32 bytes) without a per-text array."""
        lengths = np.fromiter((len(s) // 4 for s in samples), dtype=np.int64, count=len(samples))
        values = np.frombuffer(b"".join(samples), dtype="<u4").astype(np.uint32)
        return cls(values, np.append(0, np.cumsum(lengths)).astype(np.int64), np.array(full, dtype=np.bool_))

    @classmethod
    def from_parts(cls, parts: list[tuple[U32, bool]]) -> SampleStore:
        lengths = np.fromiter((p[0].size for p in parts), dtype=np.int64, count=len(parts))
        values = np.concatenate([p[0] for p in parts]) if parts else np.zeros(0, dtype=np.uint32)
        full = np.fromiter((p[1] for p in parts), dtype=np.bool_, count=len(parts))
        return cls(values.astype(np.uint32), np.append(0, np.cumsum(lengths)).astype(np.int64), full)


def sample_shingles(shingles: ShingleBatch, full_limit: int, rate_bits: int) -> SampleStore:
    """The sample of every text of the batch (the high 32 bits of each shingle hash)."""
    counts = np.diff(shingles.offsets)
    n_docs = counts.size
    doc = np.repeat(np.arange(n_docs, dtype=np.uint64), counts)
    value = shingles.hashes >> np.uint64(32)
    full = counts <= full_limit
    keep = np.repeat(full, counts) | ((value & np.uint64((1 << rate_bits) - 1)) == 0)
    keys = np.sort((doc[keep] << np.uint64(32)) | value[keep])
    if keys.size:
        distinct = np.empty(keys.size, dtype=np.bool_)
        distinct[0] = True
        np.not_equal(keys[1:], keys[:-1], out=distinct[1:])
        keys = keys[distinct]
    owner = (keys >> np.uint64(32)).astype(np.int64)
    per_doc = np.bincount(owner, minlength=n_docs)
    return SampleStore((keys & np.uint64(0xFFFFFFFF)).astype(np.uint32), np.append(0, np.cumsum(per_doc)).astype(np.int64), full)


def _pair_keys(store: SampleStore, rows: I64, both_full: B, rate_bits: int) -> tuple[npt.NDArray[np.uint64], I64]:
    """The keys (pair << 32) | value of the sample of each pair's text `rows[pair]` on this side, ascending,
    and how many each pair has: all of the text's values when both texts of the pair keep all theirs, else
    those whose low `rate_bits` bits are zero (the two sides on the same footing)."""
    starts = store.offsets[rows]
    lengths = store.offsets[rows + 1] - starts
    total = int(lengths.sum())
    run_start = np.cumsum(lengths) - lengths
    values = store.values[np.repeat(starts - run_start, lengths) + np.arange(total)]
    pairs = np.repeat(np.arange(rows.size, dtype=np.uint64), lengths)
    if not both_full.all():
        keep = np.repeat(both_full, lengths) | ((values & np.uint32((1 << rate_bits) - 1)) == 0)
        values, pairs = values[keep], pairs[keep]
        lengths = np.bincount(pairs.astype(np.int64), minlength=rows.size)
    return _sorted_keys(pairs, values), lengths


def _sorted_keys(pairs: npt.NDArray[np.uint64], values: U32) -> npt.NDArray[np.uint64]:
    """(pair << 32) | value, ascending: already so when each text's sample is sorted and distinct (as stored),
    else sorted here."""
    keys = (pairs << np.uint64(32)) | values
    if keys.size > 1 and not bool((keys[1:] > keys[:-1]).all()):
        keys = np.unique(keys)
    return keys


def _shared_per_pair(keys_a: npt.NDArray[np.uint64], keys_b: npt.NDArray[np.uint64], n: int) -> I64:
    """Number of keys of each pair found on both sides. Each side is strictly ascending (`_sorted_keys`), so a
    stable sort (timsort) of the two concatenated merges two runs in linear time, and a shared key is the
    one place where two neighbours are equal (several times faster than a binary search per key)."""
    if keys_a.size == 0 or keys_b.size == 0:
        return np.zeros(n, dtype=np.int64)
    merged = np.concatenate((keys_a, keys_b))
    merged.sort(kind="stable")
    found = merged[1:][merged[1:] == merged[:-1]]
    return np.bincount((found >> np.uint64(32)).astype(np.int64), minlength=n)


def sample_overlap(a: SampleStore, rows_a: I64, b: SampleStore, rows_b: I64, rate_bits: int) -> tuple[F64, F64, I64]:
    """Per pair (containment, Jaccard, smaller sample size) on the samples, vectorised over all pairs."""
    n = rows_a.size
    if n == 0:
        return np.zeros(0), np.zeros(0), np.zeros(0, dtype=np.int64)
    both_full = a.full[rows_a] & b.full[rows_b]
    keys_a, size_a = _pair_keys(a, rows_a, both_full, rate_bits)
    keys_b, size_b = _pair_keys(b, rows_b, both_full, rate_bits)
    inter = _shared_per_pair(keys_a, keys_b, n)
    smaller = np.minimum(size_a, size_b)
    union = size_a + size_b - inter
    containment = np.where(smaller > 0, inter / np.maximum(smaller, 1), 0.0)
    jaccard = np.where(union > 0, inter / np.maximum(union, 1), 0.0)
    return containment, jaccard, smaller.astype(np.int64)
