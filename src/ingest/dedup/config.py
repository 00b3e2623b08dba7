"""Deduplication settings (sources.toml's [dedup] table may override any of them by name)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields


class DedupConfigError(ValueError):
    """A [dedup] setting has the wrong name, type or range."""


@dataclass(frozen=True, slots=True)
class DedupConfig:
    """Thresholds of syndication-aware deduplication.

    shingle_size           words per shingle (3: measured best between paraphrased copies and same-topic
                           stories, see benchmarks/dedup.py)
    num_perm               MinHash slots (one-permutation hashing, power of two); 512 bytes per article at 128
    band_rows              slots per LSH band; num_perm // band_rows bands. 2 rows x 64 bands finds pairs with
                           Jaccard 0.2 with probability 0.93, 0.3 with 0.998
    containment_threshold  minimum estimated containment |A&B| / min(|A|,|B|) of a near duplicate
    jaccard_floor          minimum estimated Jaccard as well (keeps a short teaser out of a long article)
    score_threshold        minimum containment + Jaccard. Measured (benchmarks/dedup.py, word 3-shingles,
                           128 slots): on the mirror, same-story pairs score >= 0.76 and templated releases
                           of different stories <= 0.59; on the WCXB-based labelled sets pair F1 is flat
                           (0.995-0.997) for 0.60..0.76; 0.68 sits in the middle. Containment alone needs
                           0.40..0.46 on the mirror (same-story minimum 0.46), a thinner margin.
    merge_threshold        a text joins the cluster it matches best; two clusters are merged only when it also
                           scores at least this (containment + Jaccard) with the other (1.2: e.g. all of one
                           text inside another at most 2.5 times its size)
    min_shingles           articles with fewer distinct shingles match only exactly
    max_bucket             at most this many history articles are taken from one LSH bucket per band
    max_verify             at most this many candidates per text are verified on shingle samples, those with
                           the highest MinHash score first (template-like text shares boilerplate sentences
                           with hundreds of articles; see benchmarks/dedup.py, generated mirror articles)
    translation_window_hours  heuristic translation links: publication times at most this far apart
    translation_min_facts  heuristic translation links: at least this many shared names/numbers
    translation_fact_overlap  heuristic translation links: shared facts / facts of the smaller side
    sample_full_limit      texts with at most this many shingles keep all their shingle hashes for verification
    sample_rate_bits       longer texts keep 1 in 2**bits shingle hashes (a consistent sample)
    min_sample             below this many sampled hashes on the smaller side, the sample estimate is averaged
                           with the MinHash estimate
    batch_docs             documents hashed per vectorised batch
    translation_families   source families (source name without its -xx language suffix) whose editions are
                           paired by the names-and-numbers heuristic when no hreflang links them; facts are
                           extracted only for these. ("*",) means every family.
    """

    shingle_size: int = 3
    num_perm: int = 128
    band_rows: int = 2
    containment_threshold: float = 0.3
    jaccard_floor: float = 0.05
    score_threshold: float = 0.68
    merge_threshold: float = 1.2
    min_shingles: int = 8
    max_bucket: int = 64
    max_verify: int = 32
    translation_window_hours: float = 48.0
    translation_min_facts: int = 3
    translation_fact_overlap: float = 0.6
    sample_full_limit: int = 256
    sample_rate_bits: int = 3
    min_sample: int = 32
    batch_docs: int = 256
    translation_families: tuple[str, ...] = ("president",)

    def __post_init__(self) -> None:
        if self.shingle_size < 1:
            raise DedupConfigError(f"shingle_size must be >= 1, got {self.shingle_size}")
        if self.num_perm < 16 or self.num_perm > 1024 or self.num_perm & (self.num_perm - 1):
            raise DedupConfigError(f"num_perm must be a power of two in 16..1024, got {self.num_perm}")
        if self.band_rows < 1 or self.num_perm % self.band_rows:
            raise DedupConfigError(f"band_rows must divide num_perm ({self.num_perm}), got {self.band_rows}")
        for name in ("containment_threshold", "jaccard_floor", "translation_fact_overlap"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise DedupConfigError(f"{name} must be within 0..1, got {value}")
        if not 0.0 <= self.score_threshold <= self.merge_threshold <= 2.0:
            raise DedupConfigError(
                f"need 0 <= score_threshold <= merge_threshold <= 2, got {self.score_threshold}, {self.merge_threshold}"
            )
        if not 0 <= self.sample_rate_bits <= 8 or self.sample_full_limit < 0 or self.min_sample < 1:
            raise DedupConfigError("sample_rate_bits must be within 0..8, sample_full_limit >= 0, min_sample >= 1")
        if self.min_shingles < 1 or self.max_bucket < 1 or self.max_verify < 1 or self.batch_docs < 1:
            raise DedupConfigError("min_shingles, max_bucket, max_verify and batch_docs must be >= 1")
        if self.translation_window_hours < 0 or self.translation_min_facts < 1:
            raise DedupConfigError("translation_window_hours must be >= 0 and translation_min_facts >= 1")

    def wants_facts(self, family: str) -> bool:
        return "*" in self.translation_families or family in self.translation_families

    @property
    def bands(self) -> int:
        return self.num_perm // self.band_rows

    @classmethod
    def from_mapping(cls, settings: Mapping[str, object]) -> DedupConfig:
        """Defaults overridden by a mapping such as sources.toml's [dedup] table; unknown keys are errors."""
        known = {f.name: f for f in fields(cls)}
        values: dict[str, int | float | tuple[str, ...]] = {}
        for key, value in settings.items():
            if key not in known:
                raise DedupConfigError(f"unknown [dedup] setting {key!r}; known: {', '.join(sorted(known))}")
            default = getattr(cls(), key)
            if isinstance(default, tuple):
                if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
                    raise DedupConfigError(f"[dedup] {key} must be a list of strings, got {value!r}")
                values[key] = tuple(value)
                continue
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise DedupConfigError(f"[dedup] {key} must be a number, got {value!r}")
            if isinstance(default, int) and not isinstance(value, int):
                raise DedupConfigError(f"[dedup] {key} must be an integer, got {value!r}")
            values[key] = value
        return cls(**values)  # type: ignore[arg-type]
