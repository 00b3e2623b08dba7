"""The mirror's manifest is the truth: every annotated event extracted, nothing from traps, and the
agreement_status view over a warehouse filled from the mirror's pages agrees with the annotations."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from ingest.events import ArticleMeta, aggregate_events, extract_mentions
from ingest.events.scoring import EVENT_TYPES, AnnotatedPage, TruthEvent, score, status_truth
from ingest.mirror import load_manifest
from ingest.mirror.manifest import Manifest
from ingest.warehouse.migrations import apply_migrations

ROOT = Path(__file__).resolve().parents[2]

# Annotations the text itself does not support, with the reason (reported to the lead; not worked around).
# Empty now: the mirror fixed the two it had (NL talks on the LT page, the date of the Greek instruction).
DISPUTED: set[tuple[str, str, str]] = set()


@pytest.fixture(scope="module")
def manifest() -> Manifest:
    return load_manifest()


def truth_of(page: object) -> list[TruthEvent]:
    return [TruthEvent(e.type, e.partner, e.date, e.ordinal, e.count, e.count_scope) for e in page.events]  # type: ignore[attr-defined]


def test_every_manifest_event_and_nothing_else(manifest: Manifest) -> None:
    pages = [p for p in manifest.pages if not p.generated]
    assert len(pages) >= 10, "the mirror holds the hand-written stories"
    scores = score(
        (p.url, truth_of(p), extract_mentions(p.url, p.body, datetime.fromisoformat(p.published), p.language))
        for p in pages
    )
    problems = []
    for t in EVENT_TYPES:
        s = scores[t]
        for label, items in (("MISS", s.misses), ("EXTRA", s.extras), ("DATE", s.wrong_dates)):
            for item in items:
                key = item.split(": ", 1)[0]
                if (label, t, key) not in DISPUTED:
                    problems.append(f"{label} {t} {item}")
    assert problems == []


def _status_truth(manifest: Manifest) -> dict[str, dict[str, object]]:
    """agreement_status as the annotations define it."""
    return status_truth(AnnotatedPage(p.story_id, truth_of(p)) for p in manifest.pages)


def _html_bodies(manifest: Manifest) -> dict[str, str]:
    """Each page's body as the pipeline sees it: the mirror's HTML through ingest.extract.extract_page."""
    from urllib.parse import urlsplit

    from ingest.extract import extract_page
    from ingest.mirror import MirrorRequest, build_site

    site = build_site()
    bodies = {}
    for page in manifest.pages:
        parts = urlsplit(page.url)
        response = site.respond(MirrorRequest("GET", parts.hostname or "", parts.path, ()))
        assert response.status == 200 and isinstance(response.body, bytes), page.url
        bodies[page.url] = extract_page(response.body.decode("utf-8"), page.url).body
    return bodies


@pytest.mark.parametrize("bodies", ["manifest", "html"])
def test_agreement_status_matches_the_manifest(manifest: Manifest, tmp_path: Path, bodies: str) -> None:
    """Dates of publication come from the manifest in both runs (extraction's own dates are its tests' job)."""
    body_of = _html_bodies(manifest) if bodies == "html" else {p.url: p.body for p in manifest.pages}
    con = duckdb.connect(str(tmp_path / "mirror.duckdb"))
    apply_migrations(con)
    mentions = []
    meta, clusters = {}, {}
    for page in manifest.pages:
        published = datetime.fromisoformat(page.published)
        body = body_of[page.url]
        con.execute(
            "insert into articles (url, source, fetched_url, title, published_at, language, body, body_hash,"
            " first_seen_at, last_seen_at, run_id) values (?, ?, ?, ?, ?, ?, ?, 'h', ?, ?, 'r')",
            [page.url, page.source, page.url, page.title, published, page.language, body, published, published],
        )
        con.execute(
            "insert into clusters (article_url, cluster_id, is_canonical, copy_of, method, run_id)"
            " values (?, ?, ?, ?, 'new', 'r')",
            [page.url, page.story_id, not page.is_copy, page.copy_of],
        )
        clusters[page.url] = page.story_id
        meta[page.url] = ArticleMeta(published)
        found = extract_mentions(page.url, body, published, page.language)
        mentions += found
        for no, m in enumerate(found, start=1):
            row = asdict(m) | {"mention_no": no, "people": list(m.people)}
            con.execute(f"insert into event_mentions ({', '.join(row)}) values ({', '.join('?' for _ in row)})",
                        list(row.values()))
    for fact in aggregate_events(mentions, clusters, meta):
        row = asdict(fact)
        con.execute(f"insert into events ({', '.join(row)}) values ({', '.join('?' for _ in row)})", list(row.values()))
    con.execute(
        "insert into reference_agreements (partner, iso2, signed_date, counted_in_official_tally)"
        " select partner, iso2, try_cast(signed_date as date), cast(counted_in_official_tally as boolean)"
        " from read_csv(?, header = true, all_varchar = true)",
        [str(ROOT / "warehouse/reference/agreements.csv")],
    )
    sql = (ROOT / "warehouse/views/agreement_status.sql").read_text(encoding="utf-8")
    cur = con.execute(sql)
    names = [d[0] for d in cur.description]
    got = {r["partner"]: r for r in (dict(zip(names, row)) for row in cur.fetchall())}

    truth = _status_truth(manifest)
    assert sorted(got) == sorted(truth)
    for partner, want in truth.items():
        row = got[partner]
        have = {k: row[k] for k in want}
        assert have == want, partner
