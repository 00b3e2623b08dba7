"""Vectorised tokenising and shingle hashing of many cleaned texts at once (numpy, no per-token Python).

The texts are joined, decoded to code points, combining marks dropped, letter/digit runs found with a
code-point class table, each token hashed with a polynomial hash finished by a splitmix64 mixer, variant
tokens folded through a sorted hash table, and k consecutive token hashes combined into shingle hashes.
Tokens are exactly those of ingest.dedup.normalize.normalise_tokens.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from ingest.dedup.tables import MARK as _MARK
from ingest.dedup.tables import WORD as _WORD
from ingest.dedup.tables import char_classes as _char_classes
from ingest.dedup.tables import load_tables

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]

_POLY = np.uint64(0x100000001B3)
_SHINGLE_MULTIPLIERS = (
    0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93,
    0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0x27D4EB2F165667C5, 0x94D049BB133111EB,
)


def mix64(values: U64) -> U64:
    """splitmix64 finaliser, element-wise (wrapping uint64 arithmetic)."""
    x = values ^ (values >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x ^= x >> np.uint64(27)
    x = x * np.uint64(0x94D049BB133111EB)
    x ^= x >> np.uint64(31)
    return x


_MAX_POWERS = 1 << 26


@lru_cache(maxsize=1)
def _powers(size_log2: int) -> tuple[U64, U64]:
    """P**i and P**-i (mod 2**64) for i < 2**size_log2."""
    size = 1 << size_log2
    inverse = np.uint64(pow(int(_POLY), -1, 1 << 64))
    forward = np.ones(size, dtype=np.uint64)
    backward = np.ones(size, dtype=np.uint64)
    forward[1:] = np.cumprod(np.full(size - 1, _POLY, dtype=np.uint64))
    backward[1:] = np.cumprod(np.full(size - 1, inverse, dtype=np.uint64))
    return forward, backward


def _hash_tokens(codes: npt.NDArray[np.uint32] | npt.NDArray[np.uint8], is_word: npt.NDArray[np.bool_]) -> tuple[U64, I64]:
    """Hash every letter/digit run of `codes`; returns (token hashes, token start positions).

    Token hash = mix(sum_j code[s + j] * P**j + length * K), computed for all tokens at once from one prefix
    sum of code[i] * P**i, multiplied back by P**-s."""
    n = codes.size
    if n + 1 > _MAX_POWERS:
        raise ValueError(f"batch of {n} characters is too large; hash fewer texts at once")
    edges = np.flatnonzero(is_word[1:] != is_word[:-1]) + 1  # every change between word and separator
    first = bool(is_word[0]) if n else False
    last = bool(is_word[-1]) if n else False
    boundaries = np.concatenate(([0] if first else [], edges, [n] if last else [])).astype(np.int64)
    starts, ends = boundaries[0::2], boundaries[1::2]  # alternately a token's start and its end
    if starts.size == 0:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
    forward, backward = _powers(max(int(n).bit_length(), 22))  # one 32 MiB table serves batches up to 4M chars
    prefix = np.empty(n + 1, dtype=np.uint64)
    prefix[0] = 0
    weighted = prefix[1:]
    weighted[:] = codes  # widen in place, then multiply in place (a mixed-type multiply is several times slower)
    np.multiply(weighted, forward[:n], out=weighted)
    np.cumsum(weighted, out=weighted)
    sums = (prefix[ends] - prefix[starts]) * backward[starts]
    lengths = (ends - starts).astype(np.uint64)
    return mix64(sums + lengths * np.uint64(0x9E3779B97F4A7C15)), starts


def hash_token_strings(tokens: Sequence[str]) -> U64:
    """Token hashes of already-separated tokens (used for the fold table; same hash as in texts)."""
    joined = " ".join(tokens)
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    hashes, _ = _hash_tokens(codes, codes != ord(" "))
    if hashes.size != len(tokens):
        raise ValueError("fold-table tokens must be single letter/digit runs")
    return hashes


@lru_cache(maxsize=1)
def _fold_table() -> tuple[U64, U64, npt.NDArray[np.bool_]]:
    """Sorted variant hashes, their targets, and a 16-bit prefilter of the variants' low bits."""
    folds = load_tables().token_folds
    variants = hash_token_strings(list(folds))
    targets = hash_token_strings(list(folds.values()))
    order = np.argsort(variants)
    maybe = np.zeros(1 << 16, dtype=np.bool_)
    maybe[(variants & np.uint64(0xFFFF)).astype(np.intp)] = True
    return variants[order], targets[order], maybe


def _ascii_word(codes: npt.NDArray[np.uint8]) -> npt.NDArray[np.bool_]:
    """str.isalnum of ASCII codes, by arithmetic (a table lookup is ten times slower)."""
    letter = (codes | np.uint8(0x20)) - np.uint8(ord("a")) < np.uint8(26)
    letter |= codes - np.uint8(ord("0")) < np.uint8(10)
    return letter


@dataclass(frozen=True, slots=True)
class TokenBatch:
    """Folded token hashes of several texts: text i owns hashes[offsets[i]:offsets[i + 1]]."""

    hashes: U64
    offsets: I64


def tokenize_batch(cleaned_texts: Sequence[str]) -> TokenBatch:
    """Token hashes of texts already passed through normalize.clean_for_comparison."""
    if not cleaned_texts:
        return TokenBatch(np.zeros(0, dtype=np.uint64), np.zeros(1, dtype=np.int64))
    joined = "\n".join(cleaned_texts)
    lengths = np.fromiter((len(t) + 1 for t in cleaned_texts), dtype=np.int64, count=len(cleaned_texts))
    doc_starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    if joined.isascii():
        ascii_codes = np.frombuffer(joined.encode("ascii"), dtype=np.uint8)
        hashes, starts = _hash_tokens(ascii_codes, _ascii_word(ascii_codes))
    else:
        codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
        classes = _char_classes(codes)
        keep = classes != _MARK
        if not keep.all():
            kept_positions = np.flatnonzero(keep)
            codes, classes = codes[keep], classes[keep]
            doc_starts = np.searchsorted(kept_positions, doc_starts)
        hashes, starts = _hash_tokens(codes, classes == _WORD)
    variants, targets, maybe = _fold_table()
    if variants.size and hashes.size:
        suspects = np.flatnonzero(maybe[(hashes & np.uint64(0xFFFF)).astype(np.intp)])
        if suspects.size:
            slot = np.minimum(np.searchsorted(variants, hashes[suspects]), variants.size - 1)
            hit = variants[slot] == hashes[suspects]
            hashes[suspects[hit]] = targets[slot[hit]]
    offsets = np.searchsorted(starts, doc_starts).astype(np.int64)
    return TokenBatch(hashes, np.append(offsets, hashes.size).astype(np.int64))


@dataclass(frozen=True, slots=True)
class ShingleBatch:
    """Shingle hashes of several texts: text i owns hashes[offsets[i]:offsets[i + 1]] (with repeats)."""

    hashes: U64
    offsets: I64


def shingle_batch(tokens: TokenBatch, size: int) -> ShingleBatch:
    """Hashes of every run of `size` consecutive tokens inside one text; a text with 1..size-1 tokens gets one
    shingle of all its tokens, an empty text none."""
    if size < 1 or size > len(_SHINGLE_MULTIPLIERS):
        raise ValueError(f"shingle size must be within 1..{len(_SHINGLE_MULTIPLIERS)}, got {size}")
    counts = np.diff(tokens.offsets)
    n_windows = max(tokens.hashes.size - size + 1, 0)
    combined = np.zeros(n_windows, dtype=np.uint64)
    for i in range(size):
        combined += tokens.hashes[i : i + n_windows] * np.uint64(_SHINGLE_MULTIPLIERS[i])
    doc_of_token = np.repeat(np.arange(counts.size), counts)[:n_windows]
    valid = np.arange(n_windows) + (size - 1) < tokens.offsets[doc_of_token + 1]
    shingles = mix64(combined[valid])
    per_doc = np.maximum(counts - size + 1, 0)
    short = np.flatnonzero((counts > 0) & (counts < size))
    if short.size:
        values = np.zeros(short.size, dtype=np.uint64)
        for i in range(size - 1):
            has = counts[short] > i
            values[has] += tokens.hashes[tokens.offsets[short[has]] + i] * np.uint64(_SHINGLE_MULTIPLIERS[i])
        before = (np.cumsum(per_doc) - per_doc)[short]
        shingles = np.insert(shingles, before, mix64(values))
        per_doc[short] = 1
    return ShingleBatch(shingles, np.append(0, np.cumsum(per_doc)).astype(np.int64))
