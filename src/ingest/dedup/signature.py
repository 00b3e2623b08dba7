"""MinHash signatures by one-permutation hashing (vectorised), LSH band keys, and similarity estimates.

Each 64-bit shingle hash picks a bin with its top bits and competes for that bin's minimum with its low 32
bits, so a text costs one pass over its shingles instead of num_perm passes. Empty bins are filled by
rotation densification (Shrivastava and Li, 2014), keeping Pr[slot equal] close to Jaccard.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ingest.dedup.tokens import ShingleBatch, mix64

U32 = npt.NDArray[np.uint32]
U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]

EMPTY = np.uint32(0xFFFFFFFF)
_ROTATION_STEP = np.uint32(0x9E3779B1)


@dataclass(frozen=True, slots=True)
class Signatures:
    """signatures[i] is text i's MinHash (num_perm uint32); sizes[i] its distinct shingle count."""

    signatures: U32
    sizes: I64


def _densify(sig: U32) -> None:
    """Fill each empty bin from the next non-empty bin to its right (circularly), offset by the distance."""
    n_docs, n_bins = sig.shape
    empty = sig == EMPTY
    rows = np.flatnonzero(empty.any(axis=1) & ~empty.all(axis=1))
    if rows.size == 0:
        return
    part = sig[rows]
    doubled = np.concatenate((part, part), axis=1)
    cols = np.arange(2 * n_bins)
    donor = np.where(doubled != EMPTY, cols, 2 * n_bins)
    donor = np.minimum.accumulate(donor[:, ::-1], axis=1)[:, ::-1][:, :n_bins]
    distance = (donor - cols[:n_bins]).astype(np.uint32)
    values = np.take_along_axis(doubled, donor, axis=1) + distance * _ROTATION_STEP
    part = np.where(part == EMPTY, np.minimum(values, EMPTY - np.uint32(1)), part)
    sig[rows] = part


def sign(shingles: ShingleBatch, num_perm: int) -> Signatures:
    """One-permutation MinHash of every text of the batch (texts without shingles get all-EMPTY rows).

    sizes are shingle positions per text (a repeated shingle counts again; news text repeats under 2% of its
    word 3-grams once chrome lines are dropped)."""
    bits = num_perm.bit_length() - 1
    if num_perm != 1 << bits:
        raise ValueError(f"num_perm must be a power of two, got {num_perm}")
    n_docs = shingles.offsets.size - 1
    counts = np.diff(shingles.offsets)
    h = shingles.hashes
    slot = np.repeat(np.arange(n_docs, dtype=np.int64) * num_perm, counts) + (h >> np.uint64(64 - bits)).astype(np.int64)
    low = (h & np.uint64(0xFFFFFFFF)).astype(np.uint32)
    np.minimum(low, EMPTY - np.uint32(1), out=low)
    sig = np.full(n_docs * num_perm, EMPTY, dtype=np.uint32)
    np.minimum.at(sig, slot, low)
    sig2 = sig.reshape(n_docs, num_perm)
    _densify(sig2)
    return Signatures(sig2, counts.astype(np.int64))


def band_keys(signatures: U32, band_rows: int) -> U32:
    """(n, bands) uint32 LSH keys: the band's slots hashed together into 32 bits (two unrelated bands share a
    key with probability 2**-32: about 0.015 extra candidates per text against a million-article history,
    which verification drops; half the memory of 64-bit keys)."""
    n_docs, n_perm = signatures.shape
    bands = n_perm // band_rows
    grouped = signatures.reshape(n_docs, bands, band_rows).astype(np.uint64)
    if band_rows == 2:
        key = (grouped[:, :, 0] << np.uint64(32)) | grouped[:, :, 1]
    else:
        key = np.zeros((n_docs, bands), dtype=np.uint64)
        for r in range(band_rows):
            key = mix64(key ^ grouped[:, :, r] ^ np.uint64(r + 1))
    return (mix64(key) >> np.uint64(32)).astype(np.uint32)


def estimate(sig_a: U32 | npt.NDArray[np.uint8], sig_b: U32 | npt.NDArray[np.uint8], size_a: I64, size_b: I64) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Row-wise (Jaccard, containment) estimates: J = share of equal slots; |A&B| = J (|A| + |B|) / (1 + J);
    containment = |A&B| / min(|A|, |B|), capped at 1."""
    jaccard = _equal_slots(sig_a, sig_b) / sig_a.shape[1]
    inter = jaccard * (size_a + size_b) / (1.0 + jaccard)
    smaller = np.maximum(np.minimum(size_a, size_b), 1)
    return jaccard, np.minimum(inter / smaller, 1.0)


_BYTE_LANES = np.uint64(0x0101010101010101)


def _equal_slots(sig_a: U32 | npt.NDArray[np.uint8], sig_b: U32 | npt.NDArray[np.uint8]) -> npt.NDArray[np.int64]:
    """Row-wise count of equal slots. The equality bytes (0 or 1) are added eight at a time as uint64 words,
    each byte lane counting its own slots, and the lanes are then added by one multiplication: three times
    faster than np.count_nonzero along rows (rows of a multiple of 8 and under 256 slots; else that)."""
    equal = sig_a == sig_b
    slots = equal.shape[1]
    if slots % 8 or slots >= 256 or not equal.flags.c_contiguous:
        counted: npt.NDArray[np.int64] = np.count_nonzero(equal, axis=1).astype(np.int64)
        return counted
    lanes = equal.view(np.uint64).sum(axis=1, dtype=np.uint64)
    summed: npt.NDArray[np.int64] = ((lanes * _BYTE_LANES) >> np.uint64(56)).astype(np.int64)
    return summed


def sketch(signatures: U32) -> npt.NDArray[np.uint8]:
    """The low byte of every slot (b-bit MinHash with b = 8): a quarter of the signature's size. Equal slots
    have equal bytes, so the share of equal bytes is never below the share of equal slots, and
    estimate(sketch_a, sketch_b, ...) bounds the signature estimates from above (a safe prefilter)."""
    return (signatures & np.uint32(0xFF)).astype(np.uint8)
