"""Everything dedup computes from an article's text, for many articles at once."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ingest.dedup.config import DedupConfig
from ingest.dedup.features import credited_families, stated_facts
from ingest.dedup.normalize import clean_for_comparison
from ingest.dedup.samples import SampleStore, sample_shingles
from ingest.dedup.signature import sign
from ingest.dedup.tokens import shingle_batch, tokenize_batch

U32 = npt.NDArray[np.uint32]
I64 = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class Fingerprints:
    """Row i describes text i: MinHash signature, shingle count, exact key, credits and facts."""

    signatures: U32
    sizes: I64
    exact_keys: tuple[str, ...]
    credits: tuple[tuple[str, ...], ...]
    facts: tuple[tuple[str, ...], ...]
    samples: SampleStore


def exact_key(token_hashes: npt.NDArray[np.uint64]) -> str:
    """blake2b-128 hex of a normalised token-hash sequence (little-endian uint64)."""
    return hashlib.blake2b(token_hashes.astype("<u8").tobytes(), digest_size=16).hexdigest()


def exact_keys(token_hashes: npt.NDArray[np.uint64], offsets: I64) -> list[str]:
    """exact_key of every text of a token batch (text i owns token_hashes[offsets[i]:offsets[i + 1]])."""
    data = np.ascontiguousarray(token_hashes, dtype="<u8").data.cast("B")
    bounds = (offsets * 8).tolist()
    blake2b = hashlib.blake2b
    return [blake2b(data[lo:hi], digest_size=16).hexdigest() for lo, hi in zip(bounds[:-1], bounds[1:], strict=True)]


def fingerprint(
    texts: Sequence[str], config: DedupConfig, titles: Sequence[str | None] | None = None,
    want_facts: Sequence[bool] | None = None,
) -> Fingerprints:
    """Fingerprints of `texts`, hashed config.batch_docs at a time (vectorised within a batch). Facts are
    extracted for the texts where `want_facts` is true (default: none)."""
    if titles is not None and len(titles) != len(texts):
        raise ValueError(f"{len(titles)} titles for {len(texts)} texts")
    if want_facts is not None and len(want_facts) != len(texts):
        raise ValueError(f"{len(want_facts)} want_facts flags for {len(texts)} texts")
    sig_parts: list[U32] = []
    size_parts: list[I64] = []
    keys: list[str] = []
    credits: list[tuple[str, ...]] = []
    facts: list[tuple[str, ...]] = []
    sample_parts: list[SampleStore] = []
    for lo in range(0, len(texts), config.batch_docs):
        cleaned = [clean_for_comparison(t) for t in texts[lo : lo + config.batch_docs]]
        tokens = tokenize_batch(cleaned)
        shingles = shingle_batch(tokens, config.shingle_size)
        signed = sign(shingles, config.num_perm)
        sample_parts.append(sample_shingles(shingles, config.sample_full_limit, config.sample_rate_bits))
        sig_parts.append(signed.signatures)
        size_parts.append(signed.sizes)
        keys.extend(exact_keys(tokens.hashes, tokens.offsets))
        credits.extend(credited_families(c) for c in cleaned)
        for offset, text in enumerate(cleaned):
            wanted = want_facts is not None and want_facts[lo + offset]
            facts.append(stated_facts(text, titles[lo + offset] if titles is not None else None) if wanted else ())
    samples = SampleStore.concatenate(sample_parts)
    if not sig_parts:
        return Fingerprints(np.zeros((0, config.num_perm), dtype=np.uint32), np.zeros(0, dtype=np.int64), (), (), (), samples)
    return Fingerprints(
        np.concatenate(sig_parts), np.concatenate(size_parts), tuple(keys), tuple(credits), tuple(facts), samples
    )
