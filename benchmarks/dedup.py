"""Dedup benchmark: quality (mirror manifest, labelled real-text sets) and speed (1M synthetic articles).

    .venv/bin/python benchmarks/dedup.py                 # full run (~1,000,000 articles)
    .venv/bin/python benchmarks/dedup.py --docs 50000    # quick check
    .venv/bin/python benchmarks/dedup.py --skip-speed    # quality only

Quality: adjusted Rand index and pairwise precision / recall / F1 of ours and of a datasketch MinHash-LSH
baseline (128 permutations, lower-cased word 3-shingles, connected components of LSH neighbours) at each
threshold 0.1..0.9; its best threshold is reported. Speed: ours end to end (normalise, shingle, MinHash,
LSH query, verify, assign, canonical choice, index insert), fed in chunks as a scheduled pipeline would,
against datasketch's shingle + MinHash + LSH insert on a 100,000-article subset of the same kind, measured in
the same run (in a child process, so its memory is not ours); then the time to add 10,000 new articles to
the history and to rebuild the index from its SignatureRows, streamed from a file as the pipeline streams
them from the warehouse (the history index is freed first); peak RSS of the whole run (ours only). Last, the
template-text case: the mirror's generated filler articles, 1,000 per assign_clusters call.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import multiprocessing
import pickle
import re
import resource
import sys
import tempfile
import time
import tomllib
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime, timedelta, timezone
from math import comb
from pathlib import Path
from typing import BinaryIO

import numpy as np
import psutil

sys.path.insert(0, str(Path(__file__).parent))
from dedup_data import labelled_set, synthetic_articles  # noqa: E402

from ingest.dedup import DedupConfig, DedupDoc, DedupIndex, SignatureRow, assign_clusters, canonical_url  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
T0 = datetime(2023, 7, 1, tzinfo=timezone.utc)


# -- metrics ------------------------------------------------------------------------------------------------
def adjusted_rand(labels: Sequence[str], predicted: Sequence[str]) -> float:
    n = len(labels)
    table = Counter(zip(labels, predicted, strict=True))
    sum_cells = sum(comb(v, 2) for v in table.values())
    sum_a = sum(comb(v, 2) for v in Counter(labels).values())
    sum_b = sum(comb(v, 2) for v in Counter(predicted).values())
    expected = sum_a * sum_b / comb(n, 2) if n > 1 else 0.0
    top = (sum_a + sum_b) / 2
    return 1.0 if top == expected else (sum_cells - expected) / (top - expected)


def pair_scores(labels: Sequence[str], predicted: Sequence[str]) -> tuple[float, float, float]:
    def pairs(values: Sequence[str]) -> set[tuple[int, int]]:
        groups: dict[str, list[int]] = defaultdict(list)
        for i, v in enumerate(values):
            groups[v].append(i)
        return {p for g in groups.values() for p in itertools.combinations(g, 2)}

    gold, got = pairs(labels), pairs(predicted)
    tp = len(gold & got)
    precision = tp / len(got) if got else 1.0
    recall = tp / len(gold) if gold else 1.0
    f1 = 2 * tp / (len(gold) + len(got)) if gold or got else 1.0
    return precision, recall, f1


# -- baseline -------------------------------------------------------------------------------------------------
_WORDS = re.compile(r"\w+")


def plain_shingles(text: str) -> list[bytes]:
    words = _WORDS.findall(text.lower())
    return [" ".join(words[i : i + 3]).encode() for i in range(max(len(words) - 2, 1))] if words else [b""]


def datasketch_minhashes(texts: Sequence[str]) -> list[object]:
    from datasketch import MinHash

    out = []
    for text in texts:
        m = MinHash(num_perm=128, seed=1)
        m.update_batch(plain_shingles(text))
        out.append(m)
    return out


def datasketch_clusters(minhashes: Sequence[object], threshold: float) -> list[str]:
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=128)
    parent = list(range(len(minhashes)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, m in enumerate(minhashes):
        for j in lsh.query(m):
            if m.jaccard(minhashes[j]) >= threshold:  # type: ignore[attr-defined]
                parent[find(i)] = find(j)
        lsh.insert(i, m)
    return [str(find(i)) for i in range(len(minhashes))]


def best_baseline(texts: Sequence[str], labels: Sequence[str]) -> tuple[float, float, tuple[float, float, float]]:
    minhashes = datasketch_minhashes(texts)
    best = (-1.0, 0.0, (0.0, 0.0, 0.0))
    for threshold in [round(0.1 * k, 1) for k in range(1, 10)]:
        predicted = datasketch_clusters(minhashes, threshold)
        scores = pair_scores(labels, predicted)
        if scores[2] > best[2][2]:
            best = (threshold, adjusted_rand(labels, predicted), scores)
    return best


# -- quality ----------------------------------------------------------------------------------------------------
def ours(docs: Sequence[DedupDoc], config: DedupConfig) -> list[str]:
    result = assign_clusters(docs, DedupIndex(config), config)
    return [a.cluster_id for a in result.assignments]


def row(name: str, system: str, ari: float, scores: tuple[float, float, float], extra: str = "") -> None:
    p, r, f = scores
    print(f"{name:<28} {system:<26} {ari:>6.3f} {p:>7.3f} {r:>7.3f} {f:>7.3f}  {extra}")


def quality_labelled(config: DedupConfig, seeds: Sequence[int]) -> None:
    for seed in seeds:
        items = labelled_set(seed)
        texts, labels = [d.text for d in items], [d.story for d in items]
        # published in list order: an original before its copies, as syndication happens
        docs = [DedupDoc(url=f"urn:wcxb:{d.doc_id}", text=d.text, published_at=T0 + timedelta(minutes=i))
                for i, d in enumerate(items)]
        started = time.perf_counter()
        predicted = ours(docs, config)
        elapsed = time.perf_counter() - started
        tag = "tuning" if seed in (7, 8) else "held out"
        name = f"wcxb-labelled seed {seed} ({tag})"
        row(name, "ours", adjusted_rand(labels, predicted), pair_scores(labels, predicted),
            f"{len(items)} docs, {len(set(labels))} stories, {elapsed:.1f}s")
        threshold, ari, scores = best_baseline(texts, labels)
        row(name, f"datasketch LSH best t={threshold}", ari, scores)


def quality_mirror(config: DedupConfig) -> None:
    try:
        from ingest.mirror import load_manifest
    except ImportError:
        print("mirror: ingest.mirror.load_manifest not available; skipped")
        return
    manifest = load_manifest()
    kinds = {s["name"]: s["kind"] for s in tomllib.loads((ROOT / "sources.toml").read_text())["source"]}
    pages = list(manifest.pages)
    labels = [p.story_id for p in pages]
    for with_hreflang in (False, True):
        docs = []
        for p in pages:
            alternates = (("x", p.translation_of),) if with_hreflang and p.translation_of else ()
            docs.append(DedupDoc(url=canonical_url(p.url), text=p.body, published_at=datetime.fromisoformat(p.published),
                                 source=p.source, source_kind=kinds.get(p.source, "news"), language=p.language,
                                 title=p.title, alternates=alternates))
        result = assign_clusters(docs, DedupIndex(config), config)
        predicted = [a.cluster_id for a in result.assignments]
        gold_links = {frozenset((canonical_url(p.url), canonical_url(p.translation_of))) for p in pages if p.translation_of}
        got_links = {frozenset((t.article_url, t.translation_url)) for t in result.translations}
        copies = [(canonical_url(p.url), canonical_url(p.copy_of)) for p in pages if p.copy_of]
        by_url = {a.article_url: a for a in result.assignments}
        copy_ok = sum(1 for url, original in copies if by_url[url].copy_of == original)
        label = "mirror (hreflang given)" if with_hreflang else "mirror (no hreflang)"
        row(label, "ours", adjusted_rand(labels, predicted), pair_scores(labels, predicted),
            f"{len(pages)} pages, {len(set(labels))} stories; translations {len(got_links & gold_links)}/{len(gold_links)}"
            f" found, {len(got_links - gold_links)} wrong; copy_of right {copy_ok}/{len(copies)}")
    threshold, ari, scores = best_baseline([p.body for p in pages], labels)
    row("mirror", f"datasketch LSH best t={threshold}", ari, scores)


# -- speed ----------------------------------------------------------------------------------------------------------
def rss_gb() -> float:
    return psutil.Process().memory_info().rss / 2**30


def synthetic_docs(texts: Sequence[str], start: int, rng: np.random.Generator, history: list[str] | None,
                   copy_rate: float) -> list[DedupDoc]:
    docs = []
    for i, text in enumerate(texts):
        number = start + i
        if history and rng.random() < copy_rate:
            original = history[int(rng.integers(len(history)))]
            paras = original.split("\n\n")
            text = "Wire report.\n\n" + "\n\n".join(paras[: max(3, int(len(paras) * 0.7))]) + "\n\nBackground\n\n" + text[:500]
        docs.append(DedupDoc(url=f"https://synthetic.example/{number}", text=text,
                             published_at=T0 + timedelta(minutes=number), source="synthetic-en", source_kind="news",
                             language="en"))
    return docs


def baseline_rates(baseline_docs: int) -> tuple[float, float, float | None]:
    """datasketch MinHash + LSH insert on `baseline_docs` synthetic articles: (docs/s, docs per CPU-second,
    rensa docs/s or None). Run in a child process so its memory does not count in our peak RSS."""
    sample = next(synthetic_articles(baseline_docs, seed=99, chunk=baseline_docs))
    from datasketch import MinHash, MinHashLSH

    started, cpu = time.perf_counter(), time.process_time()
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    for i, text in enumerate(sample):
        m = MinHash(num_perm=128, seed=1)
        m.update_batch(plain_shingles(text))
        lsh.insert(i, m)
    base_rate = len(sample) / (time.perf_counter() - started)
    base_cpu_rate = len(sample) / (time.process_time() - cpu)
    rensa_rate = None
    try:
        from rensa import RMinHash

        started = time.perf_counter()
        for text in sample[:20_000]:
            r = RMinHash(num_perm=128, seed=1)
            r.update([s.decode() for s in plain_shingles(text)])
        rensa_rate = min(len(sample), 20_000) / (time.perf_counter() - started)
    except ImportError:
        pass
    return base_rate, base_cpu_rate, rensa_rate


def generated_speed(count: int, config: DedupConfig) -> tuple[float, float, int, int]:
    """DedupIndex on the mirror's generated filler articles (template sentences from word lists), 1,000 per
    assign_clusters call in publication order as the pipeline feeds them: (docs/s, docs per CPU-second,
    articles joined to another, clusters)."""
    from ingest.mirror.generated import build_generated_article, generate_listed

    kinds = {s["name"]: s["kind"] for s in tomllib.loads((ROOT / "sources.toml").read_text())["source"]}
    docs = []
    for item in generate_listed(count):
        spec = build_generated_article(item)
        docs.append(DedupDoc(url=f"https://{item.source}.example/{item.slug}", text="\n\n".join(b.text for b in spec.blocks),
                             published_at=item.published, source=item.source, source_kind=kinds.get(item.source, "news"),
                             language=item.language, title=spec.title))
    docs.sort(key=lambda d: (d.published_at or T0, d.url))
    index = DedupIndex(config)
    joined = 0
    started, cpu = time.perf_counter(), time.process_time()
    for lo in range(0, len(docs), 1000):
        result = assign_clusters(docs[lo : lo + 1000], index, config)
        index.apply(result)
        joined += sum(1 for a in result.assignments if a.method != "new")
    wall, cpu_used = time.perf_counter() - started, time.process_time() - cpu
    clusters = len({index.cluster_of(i) for i in range(len(index))})
    return len(docs) / wall, len(docs) / cpu_used, joined, clusters


def _save_rows(handle: BinaryIO, rows: Sequence[SignatureRow]) -> None:
    pickle.dump(list(rows), handle, protocol=pickle.HIGHEST_PROTOCOL)


def _load_rows(path: Path) -> Iterator[SignatureRow]:
    """The saved rows, streamed (as the pipeline streams them from the warehouse)."""
    with path.open("rb") as handle:
        while True:
            try:
                yield from pickle.load(handle)
            except EOFError:
                return


def speed(total: int, baseline_docs: int, chunk: int, config: DedupConfig, generated_docs: int) -> None:
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        base_rate, base_cpu_rate, rensa_rate = pool.submit(baseline_rates, baseline_docs).result()
    gc.collect()
    saved = tempfile.NamedTemporaryFile(prefix="dedup-rows-", suffix=".pickle", delete=False)  # noqa: SIM115
    saved_path = Path(saved.name)
    try:
        history_run(total, chunk, config, generated_docs, (baseline_docs, base_rate, base_cpu_rate, rensa_rate), saved,
                    saved_path)
    finally:
        saved.close()
        saved_path.unlink(missing_ok=True)


def history_run(total: int, chunk: int, config: DedupConfig, generated_docs: int,
                baseline: tuple[int, float, float, float | None], saved: BinaryIO, saved_path: Path) -> None:
    baseline_docs, base_rate, base_cpu_rate, rensa_rate = baseline

    index = DedupIndex(config)
    rng = np.random.default_rng(5)
    history_sample: list[str] = []
    busy = 0.0
    busy_cpu = 0.0
    made = 0
    clustered = 0
    for texts in synthetic_articles(total, seed=1, chunk=chunk):
        docs = synthetic_docs(texts, made, rng, history_sample, copy_rate=0.02)
        started, cpu = time.perf_counter(), time.process_time()
        result = assign_clusters(docs, index, config)
        index.add(result.rows, result.merges)
        busy += time.perf_counter() - started
        busy_cpu += time.process_time() - cpu
        _save_rows(saved, result.rows)  # what the warehouse would persist
        clustered += sum(1 for a in result.assignments if a.method != "new")
        history_sample = (history_sample + texts[:50])[-2000:]
        made += len(texts)
    our_rate = made / busy
    peak_history = rss_gb()

    new_texts = next(synthetic_articles(10_000, seed=2, chunk=10_000))
    new_docs = synthetic_docs(new_texts, made, rng, history_sample, copy_rate=0.1)
    started = time.perf_counter()
    result = assign_clusters(new_docs, index, config)
    index.add(result.rows, result.merges)
    add_seconds = time.perf_counter() - started
    joined = sum(1 for a in result.assignments if a.method != "new")
    _save_rows(saved, result.rows)
    saved.close()

    del index, result
    gc.collect()
    started = time.perf_counter()
    rebuilt = DedupIndex.from_rows(_load_rows(saved_path), config)
    rebuild_seconds = time.perf_counter() - started
    assert len(rebuilt) == made + len(new_docs)
    rebuilt_rows = len(rebuilt)
    del rebuilt
    gc.collect()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    generated = generated_speed(generated_docs, config) if generated_docs else None

    print(f"\n{'speed (600-word synthetic articles)':<60} {'value':>14} {'ratio':>8}")
    print(f"{'datasketch MinHash+LSH insert, docs/s (' + str(baseline_docs) + ' docs)':<60} {base_rate:>14,.0f} {1.0:>8.2f}")
    if rensa_rate:
        print(f"{'rensa RMinHash (Python shingling), docs/s':<60} {rensa_rate:>14,.0f} {rensa_rate / base_rate:>8.2f}")
    print(f"{'ours end to end, docs/s (' + format(made, ',') + ' docs, chunks of ' + format(chunk, ',') + ')':<60} {our_rate:>14,.0f} {our_rate / base_rate:>8.2f}")
    print(f"{'datasketch, docs per CPU-second':<60} {base_cpu_rate:>14,.0f} {1.0:>8.2f}")
    print(f"{'ours, docs per CPU-second':<60} {made / busy_cpu:>14,.0f} {made / busy_cpu / base_cpu_rate:>8.2f}")
    print(f"{'  ours: articles joined to an earlier cluster':<60} {clustered:>14,}")
    print(f"{'add 10,000 articles to the ' + format(made, ',') + '-article history, s':<60} {add_seconds:>14.1f}")
    print(f"{'  of those joined to an earlier cluster (10% are copies)':<60} {joined:>14,}")
    print(f"{'rebuild DedupIndex.from_rows(' + format(rebuilt_rows, ',') + ' streamed rows), s':<60} {rebuild_seconds:>14.1f}")
    print(f"{'RSS after history, GiB':<60} {peak_history:>14.2f}")
    print(f"{'peak RSS (whole run), GiB':<60} {peak:>14.2f}")
    print(f"{'peak RSS (whole run), GB (decimal)':<60} {peak * 2**30 / 1e9:>14.2f}")
    if generated is not None:
        rate, cpu_rate, gen_joined, gen_clusters = generated
        print(f"{'mirror generated articles (' + format(generated_docs, ',') + ', 1,000 a call), docs/s':<60} {rate:>14,.0f}")
        print(f"{'  the same, docs per CPU-second':<60} {cpu_rate:>14,.0f}")
        print(f"{'  joined to another article / clusters':<60} {format(gen_joined, ',') + ' / ' + format(gen_clusters, ','):>14}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=1_000_000, help="synthetic history size (default 1,000,000)")
    parser.add_argument("--baseline-docs", type=int, default=100_000, help="datasketch speed subset (default 100,000)")
    parser.add_argument("--generated", type=int, default=20_000,
                        help="mirror generated articles for the template-text speed row (default 20,000; 0 skips)")
    parser.add_argument("--chunk", type=int, default=50_000, help="articles per assign_clusters call")
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--skip-quality", action="store_true")
    args = parser.parse_args()
    config = DedupConfig()
    started = time.perf_counter()
    if not args.skip_quality:
        print(f"{'data set':<28} {'system':<26} {'ARI':>6} {'P':>7} {'R':>7} {'F1':>7}")
        quality_mirror(config)
        quality_labelled(config, (7, 8, 9, 10, 11))
    if not args.skip_speed:
        speed(args.docs, min(args.baseline_docs, args.docs), min(args.chunk, args.docs), config, args.generated)
    print(f"\ntotal benchmark time {time.perf_counter() - started:.0f}s")


if __name__ == "__main__":
    main()
