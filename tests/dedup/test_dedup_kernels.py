"""The vectorised kernels of candidate search and sample verification against plain-Python brute force, on
random data with many ties and shared values (the cases their sort tricks depend on)."""

import numpy as np
import pytest

from ingest.dedup.bands import BandTables
from ingest.dedup.samples import SampleStore, sample_overlap
from ingest.dedup.signature import _equal_slots


def test_band_candidates_equal_brute_force() -> None:
    rng = np.random.default_rng(7)
    stored = rng.integers(0, 6, size=(300, 8)).astype(np.uint32)  # few key values: big buckets, many ties
    queries = rng.integers(0, 6, size=(120, 8)).astype(np.uint32)
    tables = BandTables.build(stored[:200], np.arange(200, dtype=np.int64))
    tables.insert(stored[200:], np.arange(200, 300, dtype=np.int64))
    max_bucket = 40
    q, r, hits = tables.candidates(queries, max_bucket)

    expected: dict[tuple[int, int], int] = {}
    for band in range(8):
        for qi in range(len(queries)):
            bucket = [row for row in range(300) if stored[row, band] == queries[qi, band]][:max_bucket]
            for row in bucket:
                expected[qi, row] = expected.get((qi, row), 0) + 1
    assert list(zip(q.tolist(), r.tolist(), strict=True)) == sorted(expected)
    assert hits.tolist() == [expected[k] for k in sorted(expected)]


@pytest.mark.parametrize("full_share", [0.5, 1.0, 0.0])  # 1.0: every text keeps all its hashes (no cutting)
def test_sample_overlap_equals_set_arithmetic(full_share: float) -> None:
    rng = np.random.default_rng(11)
    parts = [(np.unique(rng.integers(0, 400, size=int(rng.integers(0, 120)))).astype(np.uint32),
              bool(rng.random() < full_share)) for _ in range(60)]
    store = SampleStore.from_parts(parts)
    rows_a = rng.integers(0, 60, size=500).astype(np.int64)
    rows_b = rng.integers(0, 60, size=500).astype(np.int64)
    rate_bits = 2
    containment, jaccard, smaller = sample_overlap(store, rows_a, store, rows_b, rate_bits)
    for i, (a, b) in enumerate(zip(rows_a.tolist(), rows_b.tolist(), strict=True)):
        (va, full_a), (vb, full_b) = parts[a], parts[b]
        sa, sb = set(va.tolist()), set(vb.tolist())
        if not (full_a and full_b):  # a sampled side cuts both down to the sampled hashes
            sa = {v for v in sa if v & ((1 << rate_bits) - 1) == 0}
            sb = {v for v in sb if v & ((1 << rate_bits) - 1) == 0}
        inter, small = len(sa & sb), min(len(sa), len(sb))
        assert smaller[i] == small
        assert containment[i] == (inter / small if small else 0.0)
        assert jaccard[i] == (inter / len(sa | sb) if sa | sb else 0.0)


def test_equal_slot_counts_equal_brute_force() -> None:
    rng = np.random.default_rng(5)
    for slots in (16, 128, 248, 256, 12):  # the word-lane sum, and the fallback (256 slots, not a multiple of 8)
        for dtype in (np.uint8, np.uint32):
            a = rng.integers(0, 3, size=(500, slots)).astype(dtype)  # three values: many equal slots
            b = rng.integers(0, 3, size=(500, slots)).astype(dtype)
            b[0] = a[0]  # every slot equal
            b[1] = (a[1] + 1) % 3  # none
            counts = _equal_slots(a, b)
            assert counts.tolist() == [sum(int(x == y) for x, y in zip(ra, rb, strict=True)) for ra, rb in zip(a, b, strict=True)]
            assert counts[0] == slots and counts[1] == 0
