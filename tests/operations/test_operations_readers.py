"""Analysts read the published analyst copy while the pipeline writes: a reader process querying in a loop
through a whole run never gets an error (no lock conflict) and never sees a half-loaded run."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.operations.helpers import run_ingest

READER = textwrap.dedent("""
    import sys, time, duckdb
    path, stop = sys.argv[1], sys.argv[2]
    import os
    queries = errors = 0
    while not os.path.exists(stop):
        if not os.path.exists(path):
            time.sleep(0.05); continue
        try:
            con = duckdb.connect(path, read_only=True)
            running = con.execute("select count(*) from runs where status = 'running'").fetchone()[0]
            orphans = con.execute("select count(*) from articles a left join clusters c on c.article_url = a.url"
                                  " where c.article_url is null").fetchone()[0]
            stories = con.execute("select count(*) from articles_canonical").fetchone()[0]
            con.close()
            queries += 1
            if running or orphans:
                print(f"HALF-LOADED running={running} orphans={orphans}", flush=True)
                errors += 1
        except Exception as exc:
            print(f"ERROR {type(exc).__name__}: {exc}", flush=True)
            errors += 1
        time.sleep(0.02)
    print(f"queries={queries} errors={errors}", flush=True)
""")


@pytest.mark.timeout(600)
def test_reader_loop_through_two_runs_never_errors(tmp_path: Path, mirror_host_map: str) -> None:
    db = tmp_path / "ingest.duckdb"
    analyst = tmp_path / "analyst" / "ingest.duckdb"
    stop = tmp_path / "stop"
    reader = subprocess.Popen([sys.executable, "-c", READER, str(analyst), str(stop)], stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    try:
        for _ in range(2):
            result = run_ingest(db, mirror_host_map, "run", "--live")
            assert result.returncode == 0, result.stderr[-3000:]
    finally:
        stop.touch()
        output, _ = reader.communicate(timeout=60)
    last = output.strip().splitlines()[-1]
    assert last.startswith("queries=") and last.endswith("errors=0"), output[-3000:]
    assert int(last.split()[0].split("=")[1]) > 10, output[-3000:]
