"""Estimating only the candidate pairs the shortlist could keep (bounded by their sketch scores) gives the
shortlist of estimating every pair: same pairs, same estimates, ties included."""

import numpy as np

from ingest.dedup import DedupConfig
from ingest.dedup.matching import (
    PREFILTER_SHARE,
    Side,
    _signature_estimates_for_shortlist,
    minhash_estimates,
    shortlist,
)
from ingest.dedup.samples import SampleStore
from ingest.dedup.signature import sketch


def side(rng: np.random.Generator, texts: int, templates: np.ndarray, loose: bool) -> Side:
    """Signatures drawn from a few templates with some slots changed: many near-equal scores and ties."""
    variants = templates.shape[0]
    signatures = templates[rng.integers(0, variants, size=texts)].copy()
    changed = rng.random(signatures.shape) < rng.choice([0.05, 0.3, 0.6], size=(texts, 1))
    signatures[changed] = rng.integers(0, 2**32, size=int(changed.sum()), dtype=np.uint32)
    if loose:  # low bytes from a small alphabet: the sketches collide often, so their bounds are loose and
        # pairs beyond each query's first round must be looked at
        signatures &= np.uint32(0xFFFFFF00)
        signatures |= rng.integers(0, 3, size=signatures.shape, dtype=np.uint32)
    sizes = rng.choice([40, 80, 200], size=texts).astype(np.int64)
    return Side(signatures, sketch(signatures), sizes, SampleStore.empty())


def test_bounded_estimates_give_the_full_shortlist() -> None:
    rng = np.random.default_rng(7)
    skipped = beyond_first_round = 0
    for trial in range(12):
        config = DedupConfig(max_verify=int(rng.choice([1, 3, 8])))
        templates = rng.integers(0, 2**32, size=(3, 128), dtype=np.uint32)
        loose = trial % 2 == 1
        a, b = side(rng, 60, templates, loose), side(rng, 400, templates, loose)
        query = np.repeat(np.arange(60, dtype=np.int64), rng.integers(0, 300, size=60))
        other = rng.integers(0, 400, size=query.size).astype(np.int64)
        # as the caller has them: sorted by query, no repeated pair, sketch bound above the prefilter
        pairs = np.unique(query * 400 + other)
        query, other = pairs // 400, pairs % 400
        up_j, up_c = minhash_estimates(a.sketches, a.sizes, query, b.sketches, b.sizes, other)
        maybe = np.flatnonzero(up_c + up_j >= config.score_threshold * PREFILTER_SHARE)
        query, other, upper = query[maybe], other[maybe], (up_c + up_j)[maybe]

        mh_j, mh_c = minhash_estimates(a.signatures, a.sizes, query, b.signatures, b.sizes, other)
        full = shortlist(config, query, other, mh_j, mh_c)
        positions, j, c = _signature_estimates_for_shortlist(config, query, other, upper, a, b)
        bounded = positions[shortlist(config, query[positions], other[positions], j, c)]

        assert np.array_equal(bounded, full), trial
        assert np.array_equal(j, mh_j[positions]) and np.array_equal(c, mh_c[positions])
        skipped += query.size - positions.size
        beyond_first_round += positions.size - 2 * config.max_verify * np.unique(query).size
    assert skipped > 0 and beyond_first_round > 0, "both rounds are exercised and some pairs are never estimated"
