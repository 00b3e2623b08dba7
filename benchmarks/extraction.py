"""Extraction benchmark: our extractor vs trafilatura, same run, same pages, over the extraction-dev sets.

    .venv/bin/python benchmarks/extraction.py [--limit N] [--no-trafilatura]

Data: $INGEST_EXTRACTION_DEV or ../shared/extraction-dev relative to the repo root (see its README.md).
Prints one table: body F1 per set by the set's own metric and by the 4-token-shingle article metric,
title/date/author accuracy, pages/s (extraction only, one process, on decoded strings, measured in CPU
time of the process so that other jobs on the machine do not skew the ratio) with ratios.
The trafilatura set has no full gold text, so its 4-shingle metric is not computed (snippets only).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from ingest.extract import extract_page  # noqa: E402

WORD = re.compile(r"\w+")
SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Gold:
    set_name: str
    key: str
    url: str
    html: str
    page_type: str
    body: str | None
    with_: tuple[str, ...]
    without: tuple[str, ...]
    title: str | None
    date: str | None
    author: str | None


@dataclass(frozen=True, slots=True)
class Prediction:
    body: str
    title: str | None
    date: str | None  # YYYY-MM-DD in the page's own zone
    author: str | None


def dev_dir() -> Path:
    return Path(os.environ.get("INGEST_EXTRACTION_DEV") or REPO.parent / "shared" / "extraction-dev")


def load_wcxb(root: Path, limit: int | None) -> list[Gold]:
    out: list[Gold] = []
    for gt_path in sorted((root / "wcxb-dev" / "ground-truth").glob("*.json")):
        if limit is not None and len(out) >= limit:
            break
        g = json.loads(gt_path.read_text(encoding="utf-8"))
        gt = g["ground_truth"]
        html_path = root / "wcxb-dev" / "html" / f"{gt_path.stem}.html.gz"
        html = gzip.decompress(html_path.read_bytes()).decode("utf-8", errors="replace")
        out.append(
            Gold(
                "wcxb",
                gt_path.stem,
                g.get("url") or "",
                html,
                g["_internal"]["page_type"]["primary"],
                gt.get("main_content"),
                tuple(gt.get("with") or ()),
                tuple(gt.get("without") or ()),
                as_text(gt.get("title")),
                as_text(gt.get("publish_date")),
                as_text(gt.get("author")),
            )
        )
    return out


def load_trafilatura_eval(root: Path, limit: int | None) -> list[Gold]:
    data = json.loads((root / "trafilatura-eval" / "evaldata.json").read_text(encoding="utf-8"))
    out: list[Gold] = []
    for url, item in data.items():
        if limit is not None and len(out) >= limit:
            break
        raw = gzip.decompress((root / "trafilatura-eval" / "html" / f"{item['file']}.gz").read_bytes())
        from charset_normalizer import from_bytes

        try:
            html = raw.decode("utf-8")
        except UnicodeDecodeError:
            best = from_bytes(raw).best()
            html = str(best) if best is not None else raw.decode("latin-1")
        out.append(
            Gold(
                "trafilatura",
                item["file"],
                url,
                html,
                "article",
                None,
                tuple(item.get("with") or ()),
                tuple(item.get("without") or ()),
                as_text(item.get("title")),
                as_text(item.get("date")),
                as_text(item.get("author")),
            )
        )
    return out


# ---------------------------------------------------------------- extractors


def ours(g: Gold) -> Prediction:
    page = extract_page(g.html, g.url or None)
    return Prediction(
        page.body,
        page.title,
        page.published.date().isoformat() if page.published else None,
        ", ".join(page.authors) or None,
    )


def trafilatura_extractor() -> Callable[[Gold], Prediction]:
    import trafilatura

    def run(g: Gold) -> Prediction:
        doc = trafilatura.bare_extraction(g.html, url=g.url or None, with_metadata=True)
        if doc is None:
            return Prediction("", None, None, None)
        d = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
        return Prediction(d.get("text") or "", d.get("title"), (d.get("date") or None), d.get("author"))

    return run


# ---------------------------------------------------------------- metrics


def bow_f1(pred: str, gold: str) -> float:
    p = Counter(w.lower() for w in WORD.findall(pred))
    g = Counter(w.lower() for w in WORD.findall(gold))
    if not p or not g:
        return 1.0 if not p and not g else 0.0
    tp = sum((p & g).values())
    if tp == 0:
        return 0.0
    prec, rec = tp / sum(p.values()), tp / sum(g.values())
    return 2 * prec * rec / (prec + rec)


def shingles(text: str, k: int = 4) -> Counter[tuple[str, ...]]:
    toks = WORD.findall(text)
    if len(toks) < k:
        return Counter([tuple(toks)]) if toks else Counter()
    return Counter(tuple(toks[i : i + k]) for i in range(len(toks) - k + 1))


def shingle_f1(pairs: Sequence[tuple[str, str]]) -> tuple[float, float, float]:
    precs: list[float] = []
    recs: list[float] = []
    for pred, gold in pairs:
        p, g = shingles(pred), shingles(gold)
        tp = sum((p & g).values())
        fp = sum((p - g).values())
        fn = sum((g - p).values())
        total = tp + fp + fn
        if total == 0:
            continue
        if p:
            precs.append((tp / total) / ((tp + fp) / total) if tp + fp else 0.0)
        recs.append((tp / total) / ((tp + fn) / total) if tp + fn else 0.0)
    prec = sum(precs) / len(precs) if precs else 0.0
    rec = sum(recs) / len(recs) if recs else 0.0
    return prec, rec, (2 * prec * rec / (prec + rec) if prec + rec else 0.0)


def snippet_prf(rows: Sequence[tuple[Gold, Prediction]]) -> tuple[float, float, float]:
    tp = fn = fp = 0
    for g, p in rows:
        text = SPACES.sub(" ", p.body)
        for s in g.with_:
            if SPACES.sub(" ", s).strip() in text:
                tp += 1
            else:
                fn += 1
        for s in g.without:
            if SPACES.sub(" ", s).strip() in text:
                fp += 1
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    return prec, rec, (2 * tp / (2 * tp + fp + fn) if tp else 0.0)


def as_text(value: object) -> str | None:
    """Gold fields are usually strings, sometimes lists of strings (several authors)."""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or None
    return str(value) if value else None


def norm_ws(s: str | None) -> str:
    return SPACES.sub(" ", s or "").strip()


def author_tokens(s: str | None) -> set[str]:
    return {w for w in WORD.findall((s or "").lower()) if w not in {"and", "by", "und", "von"}}


def accuracy(rows: Sequence[tuple[Gold, Prediction]], field: str) -> tuple[float, int]:
    hits = total = 0
    for g, p in rows:
        gold = getattr(g, field)
        if not gold:
            continue
        total += 1
        pred = getattr(p, field)
        if field == "title":
            hits += norm_ws(pred) == norm_ws(gold)
        elif field == "date":
            hits += bool(pred) and str(pred)[:10] == str(gold)[:10]
        else:
            hits += bool(pred) and author_tokens(pred) == author_tokens(gold)
    return (hits / total if total else 0.0), total


# ---------------------------------------------------------------- runner


def run_all(extract: Callable[[Gold], Prediction], pages: Sequence[Gold]) -> tuple[list[Prediction], float]:
    preds: list[Prediction] = []
    start = time.process_time()  # CPU time of this process: robust when other jobs share the machine
    for g in pages:
        preds.append(extract(g))
    elapsed = time.process_time() - start
    return preds, len(pages) / elapsed if elapsed else 0.0


def parse_floor(pages: Sequence[Gold]) -> float:
    from selectolax.lexbor import LexborHTMLParser

    start = time.process_time()
    for g in pages:
        LexborHTMLParser(g.html)
    return len(pages) / (time.process_time() - start)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=None, help="pages per set (quick runs)")
    ap.add_argument("--no-trafilatura", action="store_true", help="skip the baseline (development only)")
    args = ap.parse_args(argv)
    root = dev_dir()
    if not root.is_dir():
        print(f"extraction-dev not found at {root} (set INGEST_EXTRACTION_DEV)", file=sys.stderr)
        return 2
    wcxb = load_wcxb(root, args.limit)
    traf = load_trafilatura_eval(root, args.limit)
    pages = wcxb + traf
    systems: dict[str, Callable[[Gold], Prediction]] = {"ours": ours}
    if not args.no_trafilatura:
        systems["trafilatura"] = trafilatura_extractor()
    results: dict[str, tuple[list[Prediction], float]] = {}
    for name, fn in systems.items():
        results[name] = run_all(fn, pages)
    floor = parse_floor(pages)

    rows: list[tuple[str, dict[str, str]]] = []

    def add(label: str, values: dict[str, float], fmt: str = "{:.3f}") -> None:
        rows.append((label, {k: fmt.format(v) for k, v in values.items()}))

    def per(name: str, subset: Callable[[Gold], bool]) -> list[tuple[Gold, Prediction]]:
        return [(g, p) for g, p in zip(pages, results[name][0], strict=True) if subset(g)]

    def is_article(g: Gold) -> bool:
        return g.set_name == "wcxb" and g.page_type == "article" and g.body is not None

    def is_wcxb(g: Gold) -> bool:
        return g.set_name == "wcxb" and g.body is not None

    def is_traf(g: Gold) -> bool:
        return g.set_name == "trafilatura"

    names = list(systems)
    for label, subset in (("wcxb articles", is_article), ("wcxb all types", is_wcxb)):
        add(
            f"{label}: bag-of-words F1 (n={len(per(names[0], subset))})",
            {
                n: sum(bow_f1(p.body, g.body or "") for g, p in per(n, subset)) / max(1, len(per(n, subset)))
                for n in names
            },
        )
        for i, part in enumerate(("P", "R", "F1")):
            add(
                f"{label}: 4-shingle {part}",
                {n: shingle_f1([(p.body, g.body or "") for g, p in per(n, subset)])[i] for n in names},
            )
    for i, part in enumerate(("P", "R", "F1")):
        add(
            f"trafilatura-eval: snippet {part} (n={len(per(names[0], is_traf))})",
            {n: snippet_prf(per(n, is_traf))[i] for n in names},
        )
    add("wcxb articles: snippet F1 (with/without)", {n: snippet_prf(per(n, is_article))[2] for n in names})
    for field in ("title", "date", "author"):
        for label, subset in (("wcxb articles", is_article), ("trafilatura-eval", is_traf)):
            acc = {n: accuracy(per(n, subset), field) for n in names}
            total = next(iter(acc.values()))[1]
            add(f"{label}: {field} accuracy (n={total})", {n: v[0] for n, v in acc.items()})
    add(
        f"pages/s (n={len(pages)}, selectolax parse floor {floor:.0f})",
        {n: results[n][1] for n in names},
        "{:.1f}",
    )

    base = names[-1]
    width = max(len(r[0]) for r in rows)
    header = f"{'metric':<{width}}  " + "  ".join(f"{n:>11}" for n in names)
    if len(names) > 1:
        header += f"  {'ours/' + base:>17}"
    print(header)
    print("-" * len(header))
    for label, vals in rows:
        line = f"{label:<{width}}  " + "  ".join(f"{vals[n]:>11}" for n in names)
        if len(names) > 1:
            b = float(vals[base])
            line += f"  {float(vals['ours']) / b if b else float('inf'):>17.2f}"
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
