"""`ingest reprocess` rebuilds the articles from the WARC archive alone: same rows, same hashes, no network."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[2]
COLUMNS = "url, source, title, published_at, language, body_hash, authors"


def test_reprocess_from_the_archive_rebuilds_the_same_articles(daily_warehouse: Path, tmp_path: Path) -> None:
    rebuilt = tmp_path / "rebuilt.duckdb"
    env = {k: v for k, v in os.environ.items() if k != "INGEST_HOST_MAP"}
    env.update({"INGEST_DB": str(rebuilt), "INGEST_RAW_DIR": str(daily_warehouse.parent / "raw"),
                # any attempt to reach a network would go nowhere
                "HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9"})
    result = subprocess.run([sys.executable, "-m", "ingest.cli", "reprocess"], env=env, capture_output=True,
                            text=True, timeout=300, cwd=REPO)
    assert result.returncode == 0, result.stderr[-3000:]
    with duckdb.connect(str(daily_warehouse), read_only=True) as con:
        original = con.execute(f"select {COLUMNS} from articles order by url").fetchall()
        clusters = con.execute("select count(distinct cluster_id) from clusters").fetchone()
    with duckdb.connect(str(rebuilt), read_only=True) as con:
        again = con.execute(f"select {COLUMNS} from articles order by url").fetchall()
        clusters_again = con.execute("select count(distinct cluster_id) from clusters").fetchone()
        fetches = con.execute("select count(*) from fetches").fetchone()
    assert again == original
    assert clusters_again == clusters
    assert fetches == (0,)
