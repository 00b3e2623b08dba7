"""Candidate pairs from LSH, verified by estimated containment and Jaccard."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ingest.dedup.bands import BandTables
from ingest.dedup.config import DedupConfig
from ingest.dedup.fingerprint import Fingerprints
from ingest.dedup.index import DedupIndex
from ingest.dedup.samples import SampleStore, sample_overlap
from ingest.dedup.signature import band_keys, estimate

I64 = npt.NDArray[np.int64]
PREFILTER_SHARE = 0.5  # MinHash score below half the acceptance score: not verified on samples (rejected)


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


def verify(config: DedupConfig, sig_a: npt.NDArray[np.uint32], size_a: I64, samples_a: SampleStore, rows_a: I64,
           sig_b: npt.NDArray[np.uint32], size_b: I64, samples_b: SampleStore, rows_b: I64
           ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """(Jaccard, containment) per pair: exact when both texts keep all their shingles, from the shingle samples
    when the smaller sample has at least config.min_sample hashes, else the mean of sample and MinHash."""
    mh_j, mh_c = estimate(sig_a[rows_a], sig_b[rows_b], size_a[rows_a], size_b[rows_b])
    # pairs far below the acceptance score by MinHash (random LSH collisions) skip the sample comparison
    plausible = np.flatnonzero(mh_c + mh_j >= config.score_threshold * PREFILTER_SHARE)
    jaccard, containment = mh_j.copy(), mh_c.copy()
    if plausible.size:
        ra, rb = rows_a[plausible], rows_b[plausible]
        s_c, s_j, smaller = sample_overlap(samples_a, ra, samples_b, rb, config.sample_rate_bits)
        trusted = (samples_a.full[ra] & samples_b.full[rb]) | (smaller >= config.min_sample)
        jaccard[plausible] = np.where(trusted, s_j, (s_j + mh_j[plausible]) / 2)
        containment[plausible] = np.where(trusted, s_c, (s_c + mh_c[plausible]) / 2)
    return jaccard, containment


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

    query, rows = index.candidates(keys)
    query = eligible[query]
    jac, con = verify(config, fp.signatures, fp.sizes, fp.samples, query, index.signatures, index.sizes, index.samples, rows)
    ok = _accept(config, jac, con)
    history = _group(query[ok], rows[ok], jac[ok], con[ok])

    tables = BandTables.build(keys, eligible)
    query, other = tables.candidates(keys, config.max_bucket)
    query = eligible[query]
    earlier = other < query
    query, other = query[earlier], other[earlier]
    jac, con = verify(config, fp.signatures, fp.sizes, fp.samples, query, fp.signatures, fp.sizes, fp.samples, other)
    ok = _accept(config, jac, con)
    batch = _group(query[ok], other[ok], jac[ok], con[ok])
    return history, batch
