"""Sources that fail: an unreachable source is recorded in `fetches` and the run completes for the others;
a bad sources file stops the command with one clear message before anything is fetched."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import duckdb

from ingest.config import DEFAULT_SOURCES_FILE

REPO = Path(__file__).resolve().parents[2]

UNREACHABLE = """
[[source]]
name = "unreachable"
home = "https://news.unreachable.example/"
language = "en"
kind = "news"
allowed_hosts = ["news.unreachable.example"]
  [[source.discovery]]
  kind = "feed"
  url = "https://news.unreachable.example/feed/"
"""


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])  # nothing listens there once the socket is closed


def test_unreachable_source_is_recorded_and_the_others_complete(tmp_path: Path, mirror_host_map: str) -> None:
    from flows.daily import daily_ingest

    sources = tmp_path / "sources.toml"
    sources.write_text(DEFAULT_SOURCES_FILE.read_text(encoding="utf-8") + UNREACHABLE, encoding="utf-8")
    db = tmp_path / "ingest.duckdb"
    saved = dict(os.environ)
    os.environ.update({
        "INGEST_DB": str(db), "INGEST_SOURCES": str(sources), "INGEST_MIN_DELAY": "0",
        "INGEST_HOST_MAP": f"{mirror_host_map},news.unreachable.example=127.0.0.1:{closed_port()}",
    })
    try:
        state = daily_ingest(sources=["odessa-journal", "unreachable"], return_state=True)
    finally:
        os.environ.clear()
        os.environ.update(saved)
    assert state.is_completed() and state.name == "Degraded"
    with duckdb.connect(str(db), read_only=True) as con:
        kinds = {r[0] for r in con.execute("select error_kind from fetches where source = 'unreachable'").fetchall()}
        status = dict(con.execute("select source, status from run_sources").fetchall())
        loaded = con.execute("select count(*) from articles where source = 'odessa-journal'").fetchone()[0]  # type: ignore[index]
    assert "connect" in kinds  # the robots.txt attempt; the feed is then recorded as robots_unavailable
    assert status == {"unreachable": "failed", "odessa-journal": "ok"}
    assert loaded > 0


def test_bad_sources_file_stops_with_one_message_and_fetches_nothing(tmp_path: Path) -> None:
    sources = tmp_path / "sources.toml"
    sources.write_text(DEFAULT_SOURCES_FILE.read_text(encoding="utf-8").replace(
        'link_selector = "article.post h2.entry-title a"', 'link_selector = "article.post >"'), encoding="utf-8")
    db = tmp_path / "ingest.duckdb"
    result = subprocess.run([sys.executable, "-m", "ingest.cli", "run", "--mirror", "--sources-file", str(sources),
                             "--db", str(db)], capture_output=True, text=True, timeout=120, cwd=REPO)
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert str(sources) in lines[0] and "source 'rubryka-en'" in lines[0] and "link_selector" in lines[0]
    assert not db.exists()
