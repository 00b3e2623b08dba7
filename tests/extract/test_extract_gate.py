"""Quality gate: extraction F1 on a fixed sample of the extraction-dev sets must not drop below the
baseline recorded in eval_baseline.json (minus a small tolerance).

Sample: every 7th WCXB-dev article (by file id) and every 10th page of the trafilatura eval set, so the
gate runs in a few seconds. Metrics are the sets' own (see ../shared/extraction-dev/README.md):
bag-of-words F1 per page averaged (WCXB), pooled with/without snippet F1 (trafilatura set).
To re-record after a deliberate improvement: INGEST_RECORD_BASELINE=1 pytest tests/extract/test_extract_gate.py
"""

from __future__ import annotations

import gzip
import json
import os
import re
import time
from collections import Counter
from pathlib import Path

import pytest

from ingest.extract import extract_page
from ingest.extract.cli import decode_html

REPO = Path(__file__).resolve().parents[2]
DEV = Path(os.environ.get("INGEST_EXTRACTION_DEV") or REPO.parent / "shared" / "extraction-dev")
BASELINE = Path(__file__).with_name("eval_baseline.json")
TOLERANCE = 0.005
WORD = re.compile(r"\w+")
SPACES = re.compile(r"\s+")

pytestmark = pytest.mark.skipif(
    not (DEV / "wcxb-dev").is_dir() or not (DEV / "trafilatura-eval").is_dir(),
    reason=f"extraction-dev sets not found at {DEV} (set INGEST_EXTRACTION_DEV)",
)


def bow_f1(pred: str, gold: str) -> float:
    p = Counter(w.lower() for w in WORD.findall(pred))
    g = Counter(w.lower() for w in WORD.findall(gold))
    tp = sum((p & g).values())
    if not tp:
        return 0.0
    precision, recall = tp / sum(p.values()), tp / sum(g.values())
    return 2 * precision * recall / (precision + recall)


def wcxb_sample() -> list[tuple[str, str, str]]:
    out: list[tuple[str, str, str]] = []
    for path in sorted((DEV / "wcxb-dev" / "ground-truth").glob("*.json")):
        g = json.loads(path.read_text(encoding="utf-8"))
        if g["_internal"]["page_type"]["primary"] != "article" or not g["ground_truth"].get("main_content"):
            continue
        out.append((path.stem, g.get("url") or "", g["ground_truth"]["main_content"]))
    return out[::7]


def trafilatura_sample() -> list[tuple[str, str, list[str], list[str]]]:
    data = json.loads((DEV / "trafilatura-eval" / "evaldata.json").read_text(encoding="utf-8"))
    items = [(url, v["file"], v.get("with") or [], v.get("without") or []) for url, v in data.items()]
    return items[::10]


def measure() -> dict[str, float]:
    started = time.perf_counter()
    wcxb = wcxb_sample()
    f1s = []
    for stem, url, gold in wcxb:
        html = gzip.decompress((DEV / "wcxb-dev" / "html" / f"{stem}.html.gz").read_bytes()).decode("utf-8")
        f1s.append(bow_f1(extract_page(html, url or None).body, gold))
    tp = fp = fn = 0
    traf = trafilatura_sample()
    for url, name, with_, without in traf:
        html = decode_html(gzip.decompress((DEV / "trafilatura-eval" / "html" / f"{name}.gz").read_bytes()))
        text = SPACES.sub(" ", extract_page(html, url).body)
        for snippet in with_:
            if SPACES.sub(" ", snippet).strip() in text:
                tp += 1
            else:
                fn += 1
        fp += sum(1 for snippet in without if SPACES.sub(" ", snippet).strip() in text)
    return {
        "wcxb_articles_bow_f1": sum(f1s) / len(f1s),
        "wcxb_pages": float(len(wcxb)),
        "trafilatura_snippet_f1": 2 * tp / (2 * tp + fp + fn),
        "trafilatura_pages": float(len(traf)),
        "seconds": time.perf_counter() - started,
    }


def test_extraction_quality_holds_the_baseline() -> None:
    result = measure()
    assert result["seconds"] < 30, f"gate too slow: {result['seconds']:.1f}s"
    if os.environ.get("INGEST_RECORD_BASELINE"):
        recorded = {k: round(v, 4) for k, v in result.items() if k != "seconds"}
        BASELINE.write_text(json.dumps(recorded, indent=2) + "\n", encoding="utf-8")
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    assert result["wcxb_pages"] == baseline["wcxb_pages"], "the WCXB sample changed; re-record the baseline"
    assert result["trafilatura_pages"] == baseline["trafilatura_pages"], "the trafilatura sample changed"
    for key in ("wcxb_articles_bow_f1", "trafilatura_snippet_f1"):
        assert result[key] >= baseline[key] - TOLERANCE, (
            f"{key} fell to {result[key]:.4f} (baseline {baseline[key]})"
        )
