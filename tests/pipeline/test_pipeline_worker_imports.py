"""What a worker process imports: the module of the stage it runs and the parent's main module (spawn
imports it again). Neither may pull in the warehouse, DuckDB, Arrow or Prefect, which a worker never uses
(each costs tens of MiB in every worker)."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("duckdb", "pyarrow", "prefect", "ingest.warehouse", "ingest.pipeline.stages")


def test_worker_side_modules_stay_light() -> None:
    probe = ("import sys, ingest.cli, ingest.pipeline.page_stages; "
             f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "", f"worker processes would import {loaded.strip()}"
