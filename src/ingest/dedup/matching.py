"""Candidate pairs from LSH, verified by estimated containment and Jaccard."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ingest.dedup.bands import BandTables
from ingest.dedup.config import DedupConfig
from ingest.dedup.fingerprint import Fingerprints
from ingest.dedup.index import DedupIndex
from ingest.dedup.signature import band_keys, estimate

I64 = npt.NDArray[np.int64]


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
    sig_q, size_q = fp.signatures[query], fp.sizes[query]
    jac, con = estimate(sig_q, index.signatures[rows], size_q, index.sizes[rows])
    ok = _accept(config, jac, con)
    history = _group(query[ok], rows[ok], jac[ok], con[ok])

    tables = BandTables.build(keys, eligible)
    query, other = tables.candidates(keys, config.max_bucket)
    query = eligible[query]
    earlier = other < query
    query, other = query[earlier], other[earlier]
    jac, con = estimate(fp.signatures[query], fp.signatures[other], fp.sizes[query], fp.sizes[other])
    ok = _accept(config, jac, con)
    batch = _group(query[ok], other[ok], jac[ok], con[ok])
    return history, batch
