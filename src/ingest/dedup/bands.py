"""LSH band tables: per band, the keys sorted with their row numbers; lookups and inserts are vectorised."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

U32 = npt.NDArray[np.uint32]
I64 = npt.NDArray[np.int64]
I32 = npt.NDArray[np.int32]


def _check_ascending(rows: I64) -> None:
    if rows.size > 1 and not bool((rows[1:] > rows[:-1]).all()):
        raise ValueError("band table rows must be given in ascending order")


@dataclass(slots=True)
class BandTables:
    """keys[b] sorted ascending; rows[b][i] is the row whose band-b key is keys[b][i] (ties by row)."""

    keys: list[U32]
    rows: list[I32]

    @classmethod
    def empty(cls, bands: int) -> BandTables:
        return cls([np.zeros(0, dtype=np.uint32) for _ in range(bands)], [np.zeros(0, dtype=np.int32) for _ in range(bands)])

    @classmethod
    def build(cls, keys: U32, rows: I64) -> BandTables:
        """Tables of `keys` (n, bands) for ascending row numbers `rows` (n,)."""
        _check_ascending(rows)
        tables = cls([], [])
        for band in range(keys.shape[1]):
            column = keys[:, band]
            order = np.argsort(column, kind="stable")  # rows ascend: equal keys stay ordered by row
            tables.keys.append(np.ascontiguousarray(column[order]))
            tables.rows.append(rows[order].astype(np.int32))
        return tables

    def insert(self, keys: U32, rows: I64) -> None:
        """Add ascending rows (numbers larger than every stored row, so ties stay ordered by row)."""
        _check_ascending(rows)
        for band in range(keys.shape[1]):
            column = keys[:, band]
            order = np.argsort(column, kind="stable")
            new_keys = column[order]
            at = np.searchsorted(self.keys[band], new_keys, side="right")
            self.keys[band] = np.insert(self.keys[band], at, new_keys)
            self.rows[band] = np.insert(self.rows[band], at, rows[order].astype(np.int32))

    def candidates(self, queries: U32, max_bucket: int) -> tuple[I64, I64, I64]:
        """Distinct (query index, row, bands shared) triples for pairs sharing at least one band key, sorted
        by query then row; at most `max_bucket` rows (the lowest-numbered, i.e. earliest loaded) per bucket
        and band."""
        q_parts: list[I64] = []
        r_parts: list[I64] = []
        n_queries = queries.shape[0]
        for band, (keys, rows) in enumerate(zip(self.keys, self.rows, strict=True)):
            if keys.size == 0:
                continue
            column = queries[:, band]
            order = np.argsort(column)  # sorted probes let searchsorted reuse its last position (cache friendly)
            ordered = column[order]
            lo = np.empty(n_queries, dtype=np.int64)
            hi = np.empty(n_queries, dtype=np.int64)
            lo[order] = np.searchsorted(keys, ordered, side="left")
            hi[order] = np.searchsorted(keys, ordered, side="right")
            count = np.minimum(hi - lo, max_bucket)
            total = int(count.sum())
            if total == 0:
                continue
            run_start = np.cumsum(count) - count
            pos = np.repeat(lo - run_start, count) + np.arange(total)
            q_parts.append(np.repeat(np.arange(n_queries, dtype=np.int64), count))
            r_parts.append(rows[pos].astype(np.int64))
        if not q_parts:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, empty
        r = np.concatenate(r_parts)
        width = int(r.max()) + 1
        pair = np.concatenate(q_parts)
        pair *= width
        pair += r
        del r
        # each band's part is already in (query, row) order (queries ascend, a bucket's rows ascend): a stable
        # sort (timsort) merges those runs, several times faster than quicksort on millions of pairs
        pair.sort(kind="stable")
        first = np.empty(pair.size, dtype=np.bool_)
        first[0] = True
        np.not_equal(pair[1:], pair[:-1], out=first[1:])
        starts = np.flatnonzero(first)
        hits = np.diff(np.append(starts, pair.size))
        pair = pair[starts]
        return pair // width, pair % width, hits.astype(np.int64)
