"""Candidate pairs from LSH, verified by estimated containment and Jaccard."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from ingest.dedup.bands import BandTables
from ingest.dedup.config import DedupConfig
from ingest.dedup.fingerprint import Fingerprints
from ingest.dedup.index import DedupIndex
from ingest.dedup.samples import SampleStore, sample_overlap
from ingest.dedup.signature import band_keys, estimate, sketch

I64 = npt.NDArray[np.int64]
PREFILTER_SHARE = 0.5  # MinHash score below half the acceptance score: not verified on samples (rejected)
# Pairs are compared a block at a time, small enough that the gathered rows and temporaries stay in the CPU
# caches and are reused from the heap: blocks of 65,536 pairs (32 MiB temporaries, each page faulted in anew)
# took twice as long per pair.
PAIR_BLOCK = 1 << 12  # candidate pairs whose MinHash signatures (or sketches) are compared at once
SAMPLE_BLOCK = 1 << 12  # shortlisted pairs whose shingle samples are compared at once
F64 = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Match:
    other: int  # history row number, or position in the batch
    containment: float
    jaccard: float


def _accept(config: DedupConfig, jaccard: npt.NDArray[np.float64], containment: npt.NDArray[np.float64]) -> npt.NDArray[np.bool_]:
    return (
        (containment >= config.containment_threshold)
        & (jaccard >= config.jaccard_floor)
        & (containment + jaccard >= config.score_threshold)
    )


def _blocks(total: int, size: int) -> list[slice]:
    return [slice(lo, min(lo + size, total)) for lo in range(0, total, size)]


def minhash_estimates(sig_a: npt.NDArray[np.uint32] | npt.NDArray[np.uint8], size_a: I64, rows_a: I64,
                      sig_b: npt.NDArray[np.uint32] | npt.NDArray[np.uint8], size_b: I64, rows_b: I64,
                      pairs: I64 | None = None) -> tuple[F64, F64]:
    """MinHash (Jaccard, containment) of every pair (or of the pairs at positions `pairs`), PAIR_BLOCK pairs
    at a time (bounded scratch memory)."""
    if pairs is not None:
        rows_a, rows_b = rows_a[pairs], rows_b[pairs]
    jaccard = np.empty(rows_a.size, dtype=np.float64)
    containment = np.empty(rows_a.size, dtype=np.float64)
    for block in _blocks(rows_a.size, PAIR_BLOCK):
        ra, rb = rows_a[block], rows_b[block]
        jaccard[block], containment[block] = estimate(sig_a[ra], sig_b[rb], size_a[ra], size_b[rb])
    return jaccard, containment


def shortlist(config: DedupConfig, query: I64, other: I64, jaccard: F64, containment: F64) -> I64:
    """Positions of the pairs worth verifying on shingle samples: MinHash score (containment + Jaccard) at
    least PREFILTER_SHARE of the acceptance score, and among those at most config.max_verify per query, the
    highest-scoring first (ties: the earlier row). Template-like text, where many articles share boilerplate
    sentences and LSH returns hundreds of candidates, so costs at most max_verify verifications per text."""
    score = containment + jaccard
    plausible = np.flatnonzero(score >= config.score_threshold * PREFILTER_SHARE)
    if plausible.size == 0:
        return plausible.astype(np.int64)
    order = plausible[np.lexsort((other[plausible], -score[plausible], query[plausible]))]
    q = query[order]
    first = np.empty(q.size, dtype=np.bool_)
    first[0] = True
    np.not_equal(q[1:], q[:-1], out=first[1:])
    group_start = np.maximum.accumulate(np.where(first, np.arange(q.size), 0))
    rank = np.arange(q.size) - group_start
    return np.sort(order[rank < config.max_verify]).astype(np.int64)


def _signature_estimates_for_shortlist(config: DedupConfig, query: I64, other: I64, upper: F64, a: Side,
                                       b: Side) -> tuple[I64, F64, F64]:
    """(positions, Jaccard, containment): the MinHash estimates of the pairs that `shortlist` could keep,
    given `upper`, an upper bound of each pair's score (from the sketches); `query` is sorted. Every query's
    pairs with the highest bounds are estimated first; any other pair is estimated only if its bound
    reaches (less a rounding margin) the score of that query's config.max_verify-th best plausible pair so
    far, so the shortlist of the estimated pairs equals the shortlist of all of them. On template-like text
    a query has hundreds of plausible candidates, and most of them are never estimated."""
    if query.size == 0:
        return query, np.zeros(0), np.zeros(0)
    is_start = np.ones(query.size, dtype=np.bool_)
    np.not_equal(query[1:], query[:-1], out=is_start[1:])
    group = np.cumsum(is_start) - 1
    # within each query, pairs by falling bound (one float sort key: any order is correct, this one is cheap)
    first = np.sort(_top_per_group(group, upper, 2 * config.max_verify))
    j1, c1 = minhash_estimates(a.signatures, a.sizes, query, b.signatures, b.sizes, other, first)
    score = c1 + j1
    plausible = np.flatnonzero(score >= config.score_threshold * PREFILTER_SHARE)
    bar = np.full(int(group[-1]) + 1, -np.inf)
    g, sc = group[first][plausible], score[plausible]
    at_bar = _top_per_group(g, sc, config.max_verify, rank_only=config.max_verify - 1)
    bar[g[at_bar]] = sc[at_bar] - 1e-9  # a margin for the float sort key: estimating more is always safe
    pending = np.ones(query.size, dtype=np.bool_)
    pending[first] = False
    second = np.flatnonzero(pending & (upper >= bar[group]))
    j2, c2 = minhash_estimates(a.signatures, a.sizes, query, b.signatures, b.sizes, other, second)
    positions = np.concatenate((first, second))
    merged = np.argsort(positions, kind="stable")
    return positions[merged], np.concatenate((j1, j2))[merged], np.concatenate((c1, c2))[merged]


def _top_per_group(group: I64, value: F64, count: int, rank_only: int | None = None) -> I64:
    """Positions of the `count` highest values of each group (ascending group numbers, values in [0, 2]), or
    of the one at rank `rank_only` when given."""
    if group.size and group[-1] < 1 << 20:  # one float key, precise to 1e-10 for this many groups
        order = np.argsort(group * 4.0 + (2.0 - value), kind="stable")
    else:
        order = np.lexsort((-value, group))
    g = group[order]
    is_start = np.ones(g.size, dtype=np.bool_)
    np.not_equal(g[1:], g[:-1], out=is_start[1:])
    starts = np.flatnonzero(is_start)
    rank = np.arange(g.size) - starts[np.cumsum(is_start) - 1]
    chosen: I64 = order[rank == rank_only] if rank_only is not None else order[rank < count]
    return chosen


class Side(NamedTuple):
    """The texts on one side of candidate pairs: MinHash signatures, shingle counts, shingle samples."""

    signatures: npt.NDArray[np.uint32]
    sketches: npt.NDArray[np.uint8]  # signature.sketch of the signatures
    sizes: I64
    samples: SampleStore


def sample_estimates(config: DedupConfig, a: Side, rows_a: I64, b: Side, rows_b: I64, mh_jaccard: F64,
                     mh_containment: F64) -> tuple[F64, F64]:
    """(Jaccard, containment) of pairs from their shingle samples: exact when both texts keep all their
    shingles, the sample estimate when the smaller sample has at least config.min_sample hashes, else the
    mean of the sample and the MinHash estimates (given)."""
    jaccard = np.empty(rows_a.size, dtype=np.float64)
    containment = np.empty(rows_a.size, dtype=np.float64)
    for block in _blocks(rows_a.size, SAMPLE_BLOCK):
        ra, rb = rows_a[block], rows_b[block]
        s_c, s_j, smaller = sample_overlap(a.samples, ra, b.samples, rb, config.sample_rate_bits)
        trusted = (a.samples.full[ra] & b.samples.full[rb]) | (smaller >= config.min_sample)
        jaccard[block] = np.where(trusted, s_j, (s_j + mh_jaccard[block]) / 2)
        containment[block] = np.where(trusted, s_c, (s_c + mh_containment[block]) / 2)
    return jaccard, containment


def verify(config: DedupConfig, a: Side, rows_a: I64, b: Side, rows_b: I64) -> tuple[F64, F64]:
    """(Jaccard, containment) of every pair: from the shingle samples (sample_estimates) when the MinHash
    score is at least PREFILTER_SHARE of the acceptance score, else the MinHash estimate (no cap per text)."""
    jaccard, containment = minhash_estimates(a.signatures, a.sizes, rows_a, b.signatures, b.sizes, rows_b)
    plausible = np.flatnonzero(containment + jaccard >= config.score_threshold * PREFILTER_SHARE)
    jaccard[plausible], containment[plausible] = sample_estimates(
        config, a, rows_a[plausible], b, rows_b[plausible], jaccard[plausible], containment[plausible])
    return jaccard, containment


def _verified(config: DedupConfig, query: I64, other: I64, a: Side, b: Side) -> dict[int, list[Match]]:
    """Accepted matches among candidate pairs (query rows of side a, other rows of side b), verifying at most
    config.max_verify shortlisted pairs per query."""
    # sketch estimates bound the signature estimates from above: pairs they put below the prefilter are out
    up_j, up_c = minhash_estimates(a.sketches, a.sizes, query, b.sketches, b.sizes, other)
    maybe = np.flatnonzero(up_c + up_j >= config.score_threshold * PREFILTER_SHARE)
    upper = (up_c + up_j)[maybe]
    del up_j, up_c
    query, other = query[maybe], other[maybe]
    computed, mh_j, mh_c = _signature_estimates_for_shortlist(config, query, other, upper, a, b)
    keep = shortlist(config, query[computed], other[computed], mh_j, mh_c)
    query, other = query[computed[keep]], other[computed[keep]]
    jac, con = sample_estimates(config, a, query, b, other, mh_j[keep], mh_c[keep])
    ok = _accept(config, jac, con)
    return _group(query[ok], other[ok], jac[ok], con[ok])


def _group(query: I64, other: I64, jaccard: npt.NDArray[np.float64], containment: npt.NDArray[np.float64]) -> dict[int, list[Match]]:
    found: dict[int, list[Match]] = {}
    for q, o, j, c in zip(query.tolist(), other.tolist(), jaccard.tolist(), containment.tolist(), strict=True):
        found.setdefault(q, []).append(Match(o, c, j))
    return found


def find_matches(
    fp: Fingerprints, index: DedupIndex, config: DedupConfig
) -> tuple[dict[int, list[Match]], dict[int, list[Match]]]:
    """Verified near-duplicate pairs of the batch: ({position: matches in history}, {position: matches with
    earlier positions of the batch}). Texts under config.min_shingles shingles take part in neither."""
    eligible = np.flatnonzero(fp.sizes >= config.min_shingles).astype(np.int64)
    if eligible.size == 0:
        return {}, {}
    keys = band_keys(fp.signatures[eligible], config.band_rows)

    query, rows, _ = index.candidates(keys)
    batch_side = Side(fp.signatures, sketch(fp.signatures), fp.sizes, fp.samples)
    history_side = Side(index.signatures, index.sketches, index.sizes, index.samples)
    history = _verified(config, eligible[query], rows, batch_side, history_side)
    del history_side

    tables = BandTables.build(keys, eligible)
    query, other, _ = tables.candidates(keys, config.max_bucket)
    query = eligible[query]
    earlier = other < query
    batch = _verified(config, query[earlier], other[earlier], batch_side, batch_side)
    return history, batch
