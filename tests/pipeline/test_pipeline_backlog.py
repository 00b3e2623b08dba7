"""Pages that fail stay pending in the warehouse and are fetched by a later run once the fault clears; a
page that keeps failing becomes dead after the configured number of runs and is left alone."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import duckdb
import pytest

FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>flaky</title>
<item><title>Recovers</title><link>https://flaky.test/news/recovers</link><pubDate>Tue, 28 May 2024 10:00:00 +0300</pubDate></item>
<item><title>Broken</title><link>https://flaky.test/news/broken</link><pubDate>Tue, 28 May 2024 11:00:00 +0300</pubDate></item>
</channel></rss>"""

ARTICLE = """<!doctype html><html lang="en"><head><title>Ukraine and Belgium sign a security agreement</title>
<meta property="og:type" content="article">
<meta property="article:published_time" content="2024-05-28T10:00:00+03:00"></head><body><article>
<h1>Ukraine and Belgium sign a security agreement</h1>
<p>President Volodymyr Zelenskyy and Prime Minister Alexander De Croo signed an agreement on security cooperation
and long-term support between Ukraine and Belgium in Brussels on Tuesday.</p>
<p>Belgium is to deliver 30 F-16 aircraft to Ukraine by 2028, the parties said after the signing ceremony.</p>
<p>The document is valid for ten years and includes military, financial and humanitarian support.</p>
<p>Belgium becomes the eleventh country to sign such an agreement with Ukraine under the G7 Joint Declaration of
Support for Ukraine adopted in Vilnius in July 2023.</p>
<p>"This agreement is a strong signal of Belgium's long-term commitment to Ukraine's security," the Prime Minister
said at a joint press conference with the President of Ukraine.</p>
</article></body></html>"""

SOURCES = """
[[source]]
name = "flaky"
home = "https://flaky.test/"
language = "en"
kind = "news"
allowed_hosts = ["flaky.test"]
  [[source.discovery]]
  kind = "feed"
  url = "https://flaky.test/feed.xml"
"""


class Flaky(BaseHTTPRequestHandler):
    healthy = False  # /news/recovers answers 503 until the test flips this

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        if self.path == "/feed.xml":
            self._send(200, FEED, "application/rss+xml")
        elif self.path == "/news/recovers" and Flaky.healthy:
            self._send(200, ARTICLE, "text/html; charset=utf-8")
        elif self.path in ("/news/recovers", "/news/broken"):
            self._send(503, "busy", "text/plain")
        else:
            self._send(404, "no", "text/plain")

    def _send(self, status: int, body: str, content_type: str) -> None:
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def flaky_site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Flaky)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Flaky.healthy = False
    try:
        yield f"flaky.test=127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def states(db: Path) -> dict[str, tuple[str, int]]:
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("select url, state, runs_attempted from url_state").fetchall()
    return {url.rsplit("/", 1)[1]: (state, runs) for url, state, runs in rows}


def test_failed_pages_stay_pending_then_load_or_die(tmp_path: Path, flaky_site: str) -> None:
    from flows.daily import daily_ingest

    sources = tmp_path / "sources.toml"
    sources.write_text(SOURCES, encoding="utf-8")
    db = tmp_path / "ingest.duckdb"
    saved = dict(os.environ)
    os.environ.update({"INGEST_DB": str(db), "INGEST_SOURCES": str(sources), "INGEST_HOST_MAP": flaky_site,
                       "INGEST_MIN_DELAY": "0", "INGEST_MAX_ATTEMPTS": "1", "INGEST_MAX_RUNS_PENDING": "2"})
    try:
        daily_ingest(return_state=True)
        assert states(db) == {"recovers": ("pending", 1), "broken": ("pending", 1)}

        Flaky.healthy = True
        daily_ingest(return_state=True)
        assert states(db) == {"recovers": ("done", 2), "broken": ("dead", 2)}

        daily_ingest(return_state=True)  # the dead page is not tried again
        assert states(db)["broken"] == ("dead", 2)
    finally:
        os.environ.clear()
        os.environ.update(saved)
    with duckdb.connect(str(db), read_only=True) as con:
        titles = [r[0] for r in con.execute("select title from articles").fetchall()]
        backlog = con.execute("select url, state, last_error_kind from url_backlog").fetchall()
        attempts = con.execute("select count(*) from fetches where url like '%/broken'").fetchone()[0]  # type: ignore[index]
    assert titles == ["Ukraine and Belgium sign a security agreement"]
    assert backlog == [("https://flaky.test/news/broken", "dead", "http_5xx")]
    assert attempts == 2
