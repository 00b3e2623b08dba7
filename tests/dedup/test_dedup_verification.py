"""Similarity estimates against exact shingle sets computed here from the reference tokens."""

import numpy as np
from dedup_helpers import OTHER_STORY, RELEASE, fixture

from ingest.dedup import DedupConfig
from ingest.dedup.fingerprint import fingerprint
from ingest.dedup.matching import Side, verify
from ingest.dedup.normalize import normalise_tokens
from ingest.dedup.signature import estimate, sketch

CONFIG = DedupConfig()


def exact(a: str, b: str) -> tuple[float, float]:
    def shingles(text: str) -> set[tuple[str, ...]]:
        words = normalise_tokens(text)
        return {tuple(words[i : i + 3]) for i in range(len(words) - 2)}

    sa, sb = shingles(a), shingles(b)
    inter = len(sa & sb)
    return inter / len(sa | sb), inter / min(len(sa), len(sb))


def estimates(a: str, b: str) -> tuple[float, float]:
    fp = fingerprint([a, b], CONFIG)
    side = Side(fp.signatures, sketch(fp.signatures), fp.sizes, fp.samples)
    j, c = verify(CONFIG, side, np.array([0]), side, np.array([1]))
    return float(j[0]), float(c[0])


def test_short_texts_are_compared_exactly() -> None:
    half = "\n\n".join(RELEASE.split("\n\n")[:2])
    pairs = [(RELEASE, "Kyiv.\n\n" + RELEASE), (fixture("seed_000.txt"), fixture("seed_001.txt")),
             (RELEASE, OTHER_STORY + "\n\n" + half)]
    for a, b in pairs:
        assert estimates(a, b) == exact(a, b)


def test_far_pairs_keep_their_minhash_estimate_and_stay_apart() -> None:
    j, c = estimates(RELEASE, OTHER_STORY + "\n\n" + RELEASE.split("\n\n")[1])
    tj, tc = exact(RELEASE, OTHER_STORY + "\n\n" + RELEASE.split("\n\n")[1])
    assert j + c < CONFIG.score_threshold and tj + tc < CONFIG.score_threshold


def test_long_texts_are_estimated_closely() -> None:
    rng = np.random.default_rng(3)
    vocab = [f"w{i}" for i in range(5000)]
    base = " ".join(rng.choice(vocab, size=3000))
    extra = " ".join(rng.choice(vocab, size=2000))
    for a, b in [(base, base[: len(base) // 2]), (base, base + " " + extra), (base, extra)]:
        (ej, ec), (tj, tc) = estimates(a, b), exact(a, b)
        assert abs(ec - tc) < 0.1 and abs(ej - tj) < 0.1, (ec, tc, ej, tj)


def test_sketch_estimates_bound_signature_estimates_from_above() -> None:
    rng = np.random.default_rng(11)
    vocab = [f"w{i}" for i in range(300)]
    texts = [" ".join(rng.choice(vocab, size=int(rng.integers(40, 400)))) for _ in range(60)]
    texts += [RELEASE, OTHER_STORY, fixture("seed_000.txt"), fixture("seed_001.txt")]
    fp = fingerprint(texts, CONFIG)
    a, b = np.triu_indices(len(texts), k=1)
    sj, sc = estimate(fp.signatures[a], fp.signatures[b], fp.sizes[a], fp.sizes[b])
    kj, kc = estimate(sketch(fp.signatures)[a], sketch(fp.signatures)[b], fp.sizes[a], fp.sizes[b])
    assert (kj >= sj).all() and (kc >= sc).all()
    assert (kj > sj).any()  # some unequal slots share their low byte: the bound is not the estimate itself
    assert np.abs(kj - sj).max() < 0.1
