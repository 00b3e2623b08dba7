"""Event extraction on the mirror manifest: precision, recall and date accuracy per event type.

    .venv/bin/python benchmarks/events.py [--generated N] [--show-errors]

Truth: ingest.mirror.load_manifest() (the pages' annotated events). Baseline, measured in the same run: the
domain lexicon's own English regexes (/work/shared/domain/lexicon.json, or $INGEST_DOMAIN/lexicon.json) with
partner names looked up in the same sentence, no traps handled. Throughput is over the same page bodies.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from ingest.events import EXTRACTOR_VERSION, extract_mentions
from ingest.events.dates import kyiv_date
from ingest.events.gazetteer import load_gazetteer
from ingest.events.scoring import EVENT_TYPES, TruthEvent, score
from ingest.events.sentences import split_sentences
from ingest.mirror import build_site, load_manifest
from ingest.records import EventMention

_WORD_NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}


def domain_dir() -> Path:
    env = os.environ.get("INGEST_DOMAIN")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[1].parent / "shared" / "domain"


class LexiconBaseline:
    """The lexicon's English regexes, applied sentence by sentence; every partner in the sentence."""

    def __init__(self, lexicon: dict[str, list[str]]) -> None:
        self.kinds = [
            ("agreement_planned", [re.compile(p, re.I) for p in lexicon["planned_patterns_en"]]),
            ("count_claim", [re.compile(p, re.I) for p in lexicon["count_patterns_en"]]),
            ("agreement_signed", [re.compile(p, re.I) for p in lexicon["signed_patterns_en"]]),
            ("negotiations_started", [re.compile(p, re.I) for p in lexicon["negotiation_patterns_en"]]),
        ]
        self.negated = [re.compile(p, re.I) for p in lexicon["negation_patterns_en"]]
        self.gazetteer = load_gazetteer()

    def extract(self, url: str, body: str, published: datetime) -> list[EventMention]:
        out: list[EventMention] = []
        anchor = kyiv_date(published)
        for s in split_sentences(body):
            if any(p.search(s.text) for p in self.negated):
                continue
            for kind, patterns in self.kinds:
                m = next((m for p in patterns if (m := p.search(s.text))), None)
                if m is None:
                    continue
                count = None
                if kind == "count_claim":
                    raw = re.sub(r"\D", "", m.group(1)) or None
                    count = int(raw) if raw else _WORD_NUMBERS.get(m.group(1).lower())
                    partners: Sequence[str | None] = [None]
                else:
                    partners = list(dict.fromkeys(h.iso for h in self.gazetteer.find_partners(s.text)))
                for partner in partners:
                    out.append(EventMention(url, kind, partner, anchor, "day", False, s.text, s.start, s.end,  # type: ignore[arg-type]
                                            0.5, "lexicon-baseline", count=count, count_scope="signed" if count else None))
                break
        return out


def html_pages(site: object, manifest_pages: Sequence[object]) -> list[tuple[str, str, datetime, str | None]]:
    """(url, extracted body, published, language) of each manifest page as the pipeline sees it:
    the mirror's HTML through ingest.extract.extract_page (the manifest's date is kept when the page has none)."""
    from urllib.parse import urlsplit

    from ingest.extract import extract_page
    from ingest.extract.cli import decode_html
    from ingest.mirror import MirrorRequest

    out = []
    for page in manifest_pages:
        parts = urlsplit(page.url)  # type: ignore[attr-defined]
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        response = site.respond(MirrorRequest("GET", parts.hostname or "", target, ()))  # type: ignore[attr-defined]
        assert isinstance(response.body, bytes) and response.status == 200, (page.url, response.status)  # type: ignore[attr-defined]
        extracted = extract_page(decode_html(response.body), page.url)  # type: ignore[attr-defined]
        published = extracted.published or datetime.fromisoformat(page.published)  # type: ignore[attr-defined]
        out.append((page.url, extracted.body, published, extracted.language))  # type: ignore[attr-defined]
    return out


def warehouse_report(db: str, manifest: object) -> None:
    """Score a warehouse filled by `ingest run --mirror` against the manifest: its event_mentions per page,
    and its agreement_status view against the annotations."""
    import duckdb

    from ingest.events.scoring import AnnotatedPage, status_truth

    con = duckdb.connect(db, read_only=True)
    cols = ("article_url, event_type, partner, event_date, date_precision, date_is_event, evidence, evidence_start,"
            " evidence_end, confidence, extractor_version, count, ordinal, people, count_scope")
    by_url: dict[str, list[EventMention]] = {}
    for r in con.execute(f"select {cols} from event_mentions").fetchall():
        by_url.setdefault(r[0], []).append(EventMention(*r[:13], people=tuple(r[13] or ()), count_scope=r[14]))
    index = manifest.by_url()  # type: ignore[attr-defined]
    pages = []
    for (url,) in con.execute("select url from articles").fetchall():
        page = index.get(url) or index.get(url + "/")
        if page is not None:
            pages.append((url, truth_of(page), by_url.get(url, [])))
    scores = score(pages)
    print()
    print(f"warehouse {db}: event_mentions of {len(pages)} loaded manifest pages")
    print(f"{'event type':<22}{'truth':>6}{'pred':>6}{'found':>6}{'P':>7}{'R':>7}{'F1':>7}{'date acc':>9}")
    for t in EVENT_TYPES:
        s = scores[t]
        print(f"{t:<22}{s.truth:>6}{s.predicted:>6}{s.found:>6}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}{s.date_accuracy:>9.3f}")
    truth = status_truth(AnnotatedPage(p.story_id, truth_of(p)) for p in manifest.pages)  # type: ignore[attr-defined]
    view_sql = (Path(__file__).resolve().parents[1] / "warehouse/views/agreement_status.sql").read_text(encoding="utf-8")
    cur = con.execute(view_sql)  # this checkout's view, whatever version the file was built with
    names = [d[0] for d in cur.description]
    got = {row[names.index("partner")]: dict(zip(names, row)) for row in cur.fetchall()}
    wrong = {p: {k: (got[p][k], v) for k, v in want.items() if got[p][k] != v} for p, want in truth.items() if p in got}
    wrong = {p: d for p, d in wrong.items() if d}
    print(f"agreement_status vs manifest: {len(truth)} partners annotated, {len(got)} in the view, "
          f"{len(set(truth) - set(got))} missing, {len(set(got) - set(truth))} extra, {len(wrong)} with differing columns")
    for partner, diff in sorted(wrong.items()):
        print(f"  {partner}: " + ", ".join(f"{k} view={a} truth={b}" for k, (a, b) in diff.items()))


def truth_of(page: object) -> list[TruthEvent]:
    return [TruthEvent(e.type, e.partner, e.date, e.ordinal, e.count, e.count_scope) for e in page.events]  # type: ignore[attr-defined]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--generated", type=int, default=0, help="add N generated pages (throughput)")
    ap.add_argument("--show-errors", action="store_true")
    ap.add_argument("--repeat", type=int, default=5, help="timing repetitions over the page set")
    ap.add_argument("--no-html", action="store_true", help="skip the run through the mirror's HTML and extract_page")
    ap.add_argument("--db", help="also score a warehouse filled by `ingest run --mirror` (mentions, agreement_status)")
    args = ap.parse_args(argv)

    site = build_site(generated=args.generated)
    manifest = load_manifest(site)
    pages = [(p.url, p.body, datetime.fromisoformat(p.published), p.language, truth_of(p)) for p in manifest.pages]
    lexicon_path = domain_dir() / "lexicon.json"
    baseline = LexiconBaseline(json.loads(lexicon_path.read_text(encoding="utf-8"))) if lexicon_path.exists() else None
    extract_mentions("warm-up", "Ukraine and Italy signed a security agreement.", None, "en")

    repeat = max(1, args.repeat)
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(repeat):
        ours = [(u, t, extract_mentions(u, b, p, lang)) for u, b, p, lang, t in pages]
    ours_s, ours_cpu = (time.perf_counter() - t0) / repeat, (time.process_time() - c0) / repeat
    base = None
    base_s = base_cpu = 0.0
    if baseline is not None:
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in range(repeat):
            base = [(u, t, baseline.extract(u, b, p)) for u, b, p, _, t in pages]
        base_s, base_cpu = (time.perf_counter() - t0) / repeat, (time.process_time() - c0) / repeat

    s_ours = score(ours)
    s_base = score(base) if base is not None else None
    chars = sum(len(b) for _, b, _, _, _ in pages)
    print(f"events benchmark: extractor {EXTRACTOR_VERSION}; {len(pages)} pages "
          f"({sum(1 for p in manifest.pages if p.events)} with events), {chars / 1e6:.2f} M chars")
    print()
    header = f"{'event type':<22}{'truth':>6}{'pred':>6}{'found':>6}{'P':>7}{'R':>7}{'F1':>7}{'date acc':>9}{'base P':>8}{'base R':>8}{'base F1':>8}"
    print(header)
    print("-" * len(header))
    totals = [0, 0, 0, 0]
    for t in EVENT_TYPES:
        s = s_ours[t]
        totals = [totals[0] + s.truth, totals[1] + s.predicted, totals[2] + s.found, totals[3] + s.date_right]
        b = s_base[t] if s_base else None
        base_cols = f"{b.precision:>8.3f}{b.recall:>8.3f}{b.f1:>8.3f}" if b else f"{'-':>8}{'-':>8}{'-':>8}"
        print(f"{t:<22}{s.truth:>6}{s.predicted:>6}{s.found:>6}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}"
              f"{s.date_accuracy:>9.3f}{base_cols}")
    p = totals[2] / totals[1] if totals[1] else 1.0
    r = totals[2] / totals[0] if totals[0] else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    d = totals[3] / totals[2] if totals[2] else 1.0
    if s_base:
        bt = [sum(getattr(s, a) for s in s_base.values()) for a in ("truth", "predicted", "found")]
        bp, br = (bt[2] / bt[1] if bt[1] else 1.0), (bt[2] / bt[0] if bt[0] else 1.0)
        bf = 2 * bp * br / (bp + br) if bp + br else 0.0
        base_cols = f"{bp:>8.3f}{br:>8.3f}{bf:>8.3f}"
    else:
        base_cols = ""
    print(f"{'all':<22}{totals[0]:>6}{totals[1]:>6}{totals[2]:>6}{p:>7.3f}{r:>7.3f}{f:>7.3f}{d:>9.3f}{base_cols}")
    print()
    # ratio: wall-clock rate against the baseline's; CPU us/page and its ratio are steadier on a shared machine
    print(f"{'throughput':<22}{'pages/s':>10}{'chars/s':>12}{'ratio':>8}{'CPU us/page':>13}{'CPU ratio':>11}")
    cpu_ratio = base_cpu / ours_cpu if base_cpu and ours_cpu else 0.0
    print(f"{'extract_mentions':<22}{len(pages) / ours_s:>10.0f}{chars / ours_s:>12.0f}{(base_s / ours_s if base_s else 0):>8.2f}"
          f"{ours_cpu / len(pages) * 1e6:>13.1f}{cpu_ratio:>11.2f}")
    if base_s:
        print(f"{'lexicon baseline':<22}{len(pages) / base_s:>10.0f}{chars / base_s:>12.0f}{1.0:>8.2f}"
              f"{base_cpu / len(pages) * 1e6:>13.1f}{1.0:>11.2f}")
    s_html = None
    if not args.no_html:
        real = [p for p in manifest.pages if not p.generated]
        truth = {p.url: truth_of(p) for p in real}
        via = html_pages(site, real)
        s_html = score([(u, truth[u], extract_mentions(u, b, p, lang)) for u, b, p, lang in via])
        print()
        print("same pages through the mirror's HTML and ingest.extract.extract_page (the pipeline's path):")
        print(f"{'event type':<22}{'truth':>6}{'pred':>6}{'found':>6}{'P':>7}{'R':>7}{'F1':>7}{'date acc':>9}")
        for t in EVENT_TYPES:
            s = s_html[t]
            print(f"{t:<22}{s.truth:>6}{s.predicted:>6}{s.found:>6}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}{s.date_accuracy:>9.3f}")
    if args.db:
        warehouse_report(args.db, manifest)
    if args.show_errors:
        for label_set, scores in (("", s_ours), ("html ", s_html)):
            if scores is None:
                continue
            for t in EVENT_TYPES:
                s = scores[t]
                for label, items in (("MISS", s.misses), ("EXTRA", s.extras), ("DATE", s.wrong_dates)):
                    for item in items:
                        print(f"{label_set}{label:<6}{t:<22}{item}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
