"""The analyst views in warehouse/views/, run on a real DuckDB file filled through the events code."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
import pytest

from ingest.events import ArticleMeta, aggregate_events, extract_mentions
from ingest.warehouse.migrations import apply_migrations

ROOT = Path(__file__).resolve().parents[2]
VIEWS = ["agreement_status", "event_timeline", "count_claims", "syndication", "agreements_vs_reference"]
KYIV = ZoneInfo("Europe/Kyiv")

BE_RELEASE = (
    "Ukraine and Belgium signed an Agreement on Security Cooperation and Long-Term Support.\n\n"
    "Belgium became the 11th country to sign a bilateral security agreement with Ukraine. In total, Ukraine has "
    "signed 11 security agreements."
)
# (url, source, published in Kyiv, cluster, canonical?, body)
ARTICLES = [
    ("https://op.test/be-talks", "op", "2024-05-10T12:00", "c-be-talks", True,
     "Ukraine and Belgium started negotiations on a bilateral security agreement."),
    ("https://op.test/us-round3", "op", "2024-04-29T12:00", "c-us", True,
     "Andrii Yermak held the third round of negotiations with the United States on a bilateral security agreement."),
    ("https://op.test/be-signed", "op", "2024-05-28T12:00", "c-be", True, BE_RELEASE),
    ("https://wire.test/be-signed-copy", "wire", "2024-05-28T14:30", "c-be", False, BE_RELEASE),
    ("https://op.test/pt-signed", "op", "2024-05-28T18:00", "c-pt", True,
     "Zelenskyy and Luís Montenegro signed a bilateral security agreement between Ukraine and Portugal."),
    ("https://news.test/fr-misdated", "news", "2024-02-16T21:00", "c-fr", True,
     "On 16 January, Ukraine and France signed a security agreement in Paris."),
    ("https://news.test/count-2", "news", "2024-05-29T10:00", "c-n2", True,
     "Ukraine has already signed 2 bilateral security agreements, the office said."),
    ("https://news.test/count-5", "news", "2024-05-29T11:00", "c-n5", True,
     "Ukraine has already signed 5 bilateral security agreements, the paper wrote."),
    ("https://news.test/count-1", "news", "2024-05-28T20:00", "c-n1", True,
     "Ukraine has already signed 2 bilateral security agreements, a blogger wrote."),
    ("https://news.test/recap", "news", "2024-06-01T12:00", "c-recap", True,
     "Ukraine has already signed security agreements with the United Kingdom, Germany and Denmark."),
    ("https://news.test/count-prep", "news", "2024-05-29T12:00", "c-np", True,
     "Zelenskyy said Ukraine is preparing 10 more bilateral security agreements."),
    ("https://news.test/pl-plan", "news", "2024-06-28T12:00", "c-pl", True,
     "Poland and Ukraine will sign a security agreement before the NATO summit, Tusk said."),
    ("https://news.test/hr", "news", "2024-10-09T15:00", "c-hr", True,
     "Zelenskyy and Plenković signed an Agreement on Long-term Cooperation and Support between Croatia and Ukraine."),
    ("https://news.test/md", "news", "2024-11-01T15:00", "c-md", True,
     "Ukraine and Moldova signed a bilateral security agreement in Chisinau."),
]


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    """A DuckDB file with the warehouse schema (warehouse/schema/*.sql), filled through the events code."""
    db = duckdb.connect(str(tmp_path_factory.mktemp("wh") / "events.duckdb"))
    apply_migrations(db)
    mentions = []
    meta = {}
    clusters = {}
    for url, source, published, cluster, canonical, body in ARTICLES:
        pub = datetime.fromisoformat(published).replace(tzinfo=KYIV)
        db.execute(
            "insert into articles (url, source, fetched_url, title, published_at, language, body, body_hash,"
            " first_seen_at, last_seen_at, run_id) values (?, ?, ?, ?, ?, 'en', ?, 'h', ?, ?, 'r1')",
            [url, source, url, body[:40], pub, body, pub, pub],
        )
        copy_of = None if canonical else next(a[0] for a in ARTICLES if a[3] == cluster and a[4])
        db.execute(
            "insert into clusters (article_url, cluster_id, is_canonical, copy_of, similarity, method, run_id)"
            " values (?, ?, ?, ?, ?, ?, 'r1')",
            [url, cluster, canonical, copy_of, None if canonical else 1.0, "new" if canonical else "exact"],
        )
        clusters[url] = cluster
        meta[url] = ArticleMeta(pub)
        found = extract_mentions(url, body, pub, "en")
        mentions += found
        for no, m in enumerate(found, start=1):
            db.execute(
                "insert into event_mentions (article_url, mention_no, event_type, partner, event_date, date_precision,"
                " date_is_event, evidence, evidence_start, evidence_end, confidence, extractor_version, count, ordinal,"
                " people, count_scope) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [m.article_url, no, m.event_type, m.partner, m.event_date, m.date_precision, m.date_is_event,
                 m.evidence, m.evidence_start, m.evidence_end, m.confidence, m.extractor_version, m.count,
                 m.ordinal, list(m.people), m.count_scope],
            )
    for f in aggregate_events(mentions, clusters, meta):
        row = asdict(f)
        db.execute(f"insert into events ({', '.join(row)}) values ({', '.join('?' for _ in row)})", list(row.values()))
    db.execute(
        "insert into reference_agreements (partner, iso2, signed_date, signatories, place, counted_in_official_tally)"
        " select partner, iso2, try_cast(signed_date as date), signatories, place,"
        " cast(counted_in_official_tally as boolean) from read_csv(?, header = true, all_varchar = true)",
        [str(ROOT / "warehouse/reference/agreements.csv")],
    )
    for name in VIEWS:
        sql = (ROOT / "warehouse/views" / f"{name}.sql").read_text(encoding="utf-8").rstrip().rstrip(";")
        db.execute(f"create or replace view {name} as\n{sql}")
    return db


def rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, object]]:
    cur = con.execute(sql)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


@pytest.mark.parametrize("name", VIEWS)
def test_view_file_shape(name: str) -> None:
    text = (ROOT / "warehouse/views" / f"{name}.sql").read_text(encoding="utf-8")
    assert text.startswith(f"-- {name}:"), "header comment naming the view first"
    assert text.rstrip().rstrip(";").endswith("select * from final")
    assert "create " not in text.lower(), "one query per file; the loader wraps it in create view"


def test_agreement_status_per_partner(con: duckdb.DuckDBPyConnection) -> None:
    status = {r["partner"]: r for r in rows(con, "select * from agreement_status")}
    be = status["BE"]
    assert be["current_status"] == "signed"
    assert be["signed_date"] == date(2024, 5, 28)
    assert be["negotiations_started_on"] == date(2024, 5, 10)
    assert be["partner_name"] == "Belgium"
    # the release and its wire copy are one story; the talks release is another
    assert be["independent_sources"] == 2
    assert be["latest_evidence_url"] == "https://wire.test/be-signed-copy"
    assert status["US"]["current_status"] == "negotiating"
    assert status["US"]["highest_round"] == 3 and status["US"]["rounds_seen"] == 1
    assert status["PL"]["current_status"] == "planned"
    assert status["PT"]["signed_date"] == date(2024, 5, 28)
    assert "ME" not in status  # Luís Montenegro is Portugal's prime minister


def test_count_claims_verdicts(con: duckdb.DuckDBPyConnection) -> None:
    claims = {(r["claim_date"], r["count_scope"], r["claimed"]): r for r in rows(con, "select * from count_claims")}
    may28, may29 = date(2024, 5, 28), date(2024, 5, 29)
    # by 29 May the warehouse knows FR (misdated to January), BE and PT: three signings, all in the tally
    assert claims[(may29, "signed", 5)]["verdict"] == "overstated"
    assert claims[(may29, "signed", 2)]["verdict"] == "understated"
    assert claims[(may29, "signed", 2)]["known_signed_through"] == 3
    assert claims[(may29, "planned", 10)]["verdict"] == "not checked"
    # on 28 May, before that day's signings FR was known (1), after them 3: "2" missed part of the day's news
    assert claims[(may28, "signed", 2)]["verdict"] == "stale"
    # printed by the release and its copy: one claim, two mentions, one source
    assert claims[(may28, "signed", 11)]["mention_count"] == 2 and claims[(may28, "signed", 11)]["source_count"] == 1


def test_agreements_vs_reference(con: duckdb.DuckDBPyConnection) -> None:
    cmp = {r["partner"]: r for r in rows(con, "select * from agreements_vs_reference")}
    assert cmp["BE"]["status"] == "ok"
    assert cmp["FR"]["status"] == "date_mismatch" and cmp["FR"]["days_off"] == -31
    assert cmp["MD"]["status"] == "extra"
    assert cmp["US"]["status"] == "missing"
    assert cmp["HR"]["status"] == "ok" and cmp["HR"]["counted_in_official_tally"] is False
    assert {p for p, r in cmp.items() if r["status"] == "undated"} == {"GB", "DE", "DK"}  # named in a recap only
    assert len([r for r in cmp.values() if r["status"] == "missing"]) == 29 - 7  # 29 listed; 7 found


def test_syndication_lists_copies_with_delay(con: duckdb.DuckDBPyConnection) -> None:
    stories = rows(con, "select * from syndication")
    assert [s["canonical_url"] for s in stories] == ["https://op.test/be-signed"]
    (copy,) = stories[0]["copies"]
    assert copy["url"] == "https://wire.test/be-signed-copy" and copy["outlet"] == "wire"
    assert copy["delay_minutes"] == 150.0


def test_event_timeline_in_date_order(con: duckdb.DuckDBPyConnection) -> None:
    timeline = rows(con, "select * from event_timeline")
    dated = [r["event_date"] for r in timeline if r["event_date"] is not None]
    assert dated == sorted(dated)
    signings = [r["partner"] for r in timeline if r["event_type"] == "agreement_signed"]
    assert signings == ["FR", "BE", "PT", "HR", "MD", "DE", "DK", "GB"]  # undated last
