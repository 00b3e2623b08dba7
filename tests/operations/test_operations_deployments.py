"""The deployments on a real Prefect server: start `prefect server start` on a free loopback port, serve
the deployments with `ingest serve`, create a backfill run through the API with a date range (as the UI's
custom run does), wait for it, and check DuckDB holds exactly the mirror's articles of that range; a second,
overlapping backfill adds nothing."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import duckdb
import httpx
import pytest

from tests.operations.helpers import REPO_ROOT, ingest_env

pytestmark = pytest.mark.prefect


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until(check: Any, timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


@pytest.fixture(scope="module")
def prefect_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    home = tmp_path_factory.mktemp("prefect-home")
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = dict(os.environ, PREFECT_HOME=str(home), PREFECT_API_URL=api,
               PREFECT_SERVER_ANALYTICS_ENABLED="false", PREFECT_UI_ENABLED="false")
    log = open(home / "server.log", "wb")
    server = subprocess.Popen([sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1",
                               "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT)

    def healthy() -> bool:
        try:
            return httpx.get(f"{api}/health", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    try:
        wait_until(healthy, 180, "the Prefect server")
        yield {"PREFECT_HOME": str(home), "PREFECT_API_URL": api}
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


async def run_backfill(api: str, start: date, end: date) -> str:
    from prefect.client.orchestration import PrefectClient

    # a client bound to this server only: the test process's own Prefect settings stay untouched
    async with PrefectClient(api) as client:
        deployment = await client.read_deployment_by_name("backfill/backfill")
        flow_run = await client.create_flow_run_from_deployment(
            deployment.id, parameters={"start_date": start.isoformat(), "end_date": end.isoformat()})
        deadline = time.monotonic() + 400
        while time.monotonic() < deadline:
            run = await client.read_flow_run(flow_run.id)
            if run.state is not None and run.state.is_final():
                return f"{run.state.type.value}:{run.state.name}"
            await asyncio.sleep(1)
    raise AssertionError("backfill flow run did not finish")


def published_in(day: date, start: date, end: date) -> bool:
    return start <= day <= end


@pytest.mark.timeout(900)
def test_backfill_from_the_api_loads_exactly_the_range(prefect_server: dict[str, str], mirror_host_map: str,
                                                         manifest: Any, tmp_path: Path) -> None:
    from ingest.dedup import canonical_url

    db = tmp_path / "ingest.duckdb"
    env = ingest_env(db, mirror_host_map, **prefect_server)
    serve_log = open(tmp_path / "serve.log", "wb")
    serving = subprocess.Popen([sys.executable, "-m", "ingest.cli", "serve", "--live"], env=env,
                               stdout=serve_log, stderr=subprocess.STDOUT, cwd=REPO_ROOT)
    try:
        def deployed() -> bool:
            response = httpx.post(f"{prefect_server['PREFECT_API_URL']}/deployments/filter", json={}, timeout=5)
            names = {d["name"] for d in response.json()} if response.status_code == 200 else set()
            return {"daily-ingest", "backfill"} <= names

        wait_until(deployed, 180, "the served deployments")
        start, end = date(2024, 2, 1), date(2024, 3, 31)
        state = asyncio.run(run_backfill(prefect_server["PREFECT_API_URL"], start, end))
        assert state.startswith("COMPLETED"), (state, (tmp_path / "serve.log").read_text()[-4000:])

        kyiv = ZoneInfo("Europe/Kyiv")
        expected = {canonical_url(p.url) for p in manifest.pages
                    if published_in(datetime.fromisoformat(p.published).astimezone(kyiv).date(), start, end)}
        with duckdb.connect(str(db), read_only=True) as con:
            loaded = {r[0] for r in con.execute("select url from articles").fetchall()}
            first_counts = [con.execute(f"select count(*) from {t}").fetchone()[0]
                            for t in ("articles", "clusters", "event_mentions", "events")]
            # each feed and sitemap read once by the two-month backfill; listing pages once per month
            reread = con.execute("select url, count(*) from fetches where purpose = 'discovery' and status = 200"
                                 " and url not like '%page=%' and url not like '%date-from=%'"
                                 " group by url having count(*) > 1").fetchall()
            months = con.execute("select count(distinct run_id) from fetches where purpose = 'discovery'").fetchone()[0]
        assert loaded == expected
        assert reread == [] and months == 2

        state = asyncio.run(run_backfill(prefect_server["PREFECT_API_URL"], date(2024, 3, 1), date(2024, 4, 15)))
        assert state.startswith("COMPLETED"), state
        overlap = {canonical_url(p.url) for p in manifest.pages
                   if published_in(datetime.fromisoformat(p.published).astimezone(kyiv).date(), date(2024, 3, 1), date(2024, 4, 15))}
        with duckdb.connect(str(db), read_only=True) as con:
            loaded_after = {r[0] for r in con.execute("select url from articles").fetchall()}
            duplicates = con.execute("select count(*) - count(distinct url) from articles").fetchone()[0]
        assert loaded_after == expected | overlap
        assert duplicates == 0
        assert first_counts[0] <= len(loaded_after)

        # a routine restart: stopping the serving process leaves the daily schedule active
        serving.terminate()
        serving.wait(timeout=60)
        response = httpx.post(f"{prefect_server['PREFECT_API_URL']}/deployments/filter", json={}, timeout=5)
        daily = next(d for d in response.json() if d["name"] == "daily-ingest")
        assert daily["paused"] is False
        assert [s["schedule"]["cron"] for s in daily["schedules"]] == ["0 6 * * *"]
        assert daily["schedules"][0]["schedule"]["timezone"] == "Europe/Kyiv"
    finally:
        serving.terminate()
        try:
            serving.wait(timeout=30)
        except subprocess.TimeoutExpired:
            serving.kill()
