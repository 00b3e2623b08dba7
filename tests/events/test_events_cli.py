"""`ingest events --published YYYY-MM-DD FILE` on text and HTML files."""

from __future__ import annotations

import gzip
import io
import json
from datetime import date
from pathlib import Path

from ingest.events.cli import events_command

TEXT = (
    "Ukraine and Japan signed security agreement\n\n"
    "On 13 June, on the sidelines of the G7 summit in Italy, Ukraine signed security agreements with Japan and "
    "the United States.\n\n"
    "In total, 17 agreements have already been signed, and we are preparing to sign another 10, Zelenskyy said."
)


def run(path: Path, published: date) -> tuple[int, list[dict[str, object]]]:
    out = io.StringIO()
    status = events_command(str(path), published, out)
    return status, [json.loads(line) for line in out.getvalue().splitlines()]


def test_text_file(tmp_path: Path) -> None:
    f = tmp_path / "article.txt"
    f.write_text(TEXT, encoding="utf-8")
    status, events = run(f, date(2024, 6, 14))
    assert status == 0
    signed = [e for e in events if e["type"] == "agreement_signed" and e["event_date"] == "2024-06-13"]
    assert len(signed) == 1 and signed[0]["partners"] == ["JP", "US"] and signed[0]["date_precision"] == "day"
    counts = {(e["count"], e["count_scope"]) for e in events if e["type"] == "count_claim"}
    assert counts == {(17, "signed"), (10, "planned")}
    for e in events:
        assert {"type", "partners", "event_date", "date_precision", "count", "ordinal", "evidence"} <= set(e)
        assert TEXT[e["evidence_start"] : e["evidence_end"]] == e["evidence"]  # type: ignore[misc]


def test_html_file_goes_through_extraction(tmp_path: Path) -> None:
    html = (
        "<!doctype html><html lang='en'><head><title>Belgium signs</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article><h1>Belgium signs</h1>"
        "<p>In Brussels, President Volodymyr Zelensky and Prime Minister Alexander De Croo signed the Agreement on "
        "Security Cooperation and Long-Term Support between Ukraine and Belgium.</p>"
        "<p>Under the agreement, Belgium will deliver 30 F-16 aircraft by 2028, the two leaders said.</p>"
        "<p>Belgium became the 11th country to conclude such an agreement with Ukraine.</p></article>"
        "<aside><h3>Read more</h3><ul><li><a href='/x'>Ukraine and Poland will sign a security agreement</a></li></ul></aside>"
        "</body></html>"
    )
    f = tmp_path / "page.html.gz"
    f.write_bytes(gzip.compress(html.encode("utf-8")))
    status, events = run(f, date(2024, 5, 28))
    assert status == 0
    signed = [e for e in events if e["type"] == "agreement_signed"]
    assert {p for e in signed for p in e["partners"]} == {"BE"}  # type: ignore[union-attr]
    assert any(e["ordinal"] == 11 for e in signed)
    assert all(e["event_date"] == "2024-05-28" for e in signed)
    assert not any("PL" in e["partners"] for e in events)  # type: ignore[operator]


def test_missing_file_is_an_error(tmp_path: Path, capsys: object) -> None:
    out = io.StringIO()
    assert events_command(str(tmp_path / "nope.txt"), date(2024, 1, 1), out) == 2
    assert out.getvalue() == ""
    assert "cannot read" in capsys.readouterr().err  # type: ignore[attr-defined]


def test_binary_junk_is_an_error(tmp_path: Path) -> None:
    f = tmp_path / "junk.bin"
    f.write_bytes(b"\xff\xfe\x00\x81\x82")
    assert events_command(str(f), date(2024, 1, 1), io.StringIO()) == 2
