"""End-to-end throughput of a backfill over generated mirror articles, against each stage alone.

    .venv/bin/python benchmarks/pipeline.py [--generated 20000] [--rounds 3]

1. Starts the offline mirror with N generated articles in its own process.
2. End to end: `ingest backfill` over the mirror's whole date range in a child process (Prefect flow,
   monthly chunks, WARC archive, DuckDB) against a Prefect server started beforehand, as operators run it
   (--ephemeral: the run starts its own temporary server, and its start-up is timed too), timed; the RSS
   of its processes sampled every 0.2 s.
3. Each stage alone, in this process, on the same data: discover, fetch (with WARC), extract, dedup,
   events, load. Rates are articles (or pages) per second.
4. Steps 2 and 3 are one round; --rounds (default 3) rounds run one after another, because this machine's
   speed drifts by 10-20 % from minute to minute: each round's ratio compares runs made a minute apart.
5. Prints the median round's table and the ratio of the end-to-end rate to the slowest stage's rate alone
   (target >= 0.5) with every round's ratio, and the peak RSS (target < 1 GB) of the backfill's processes
   (the flow process and its worker processes, sampled together) over all rounds, and with an ephemeral
   Prefect server when it starts one.
6. Prints the CPU seconds every process spent during the median round's end-to-end run (flow, workers,
   Prefect server, mirror): divided by the cores, a floor for the end-to-end time on this machine.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TypeVar

import duckdb
import httpx
import psutil

REPO = Path(__file__).resolve().parents[1]
START, END = date(2023, 7, 1), date(2025, 1, 31)
T = TypeVar("T")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_mirror(generated: int) -> tuple[subprocess.Popen[bytes], str]:
    from ingest.config import load_sources

    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "ingest.cli", "mirror", "--port", str(port),
                                "--generated", str(generated)], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, cwd=REPO)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.5)
    else:
        raise SystemExit("mirror did not start")
    hosts = {h for s in load_sources() for h in s.allowed_hosts}
    return process, ",".join(f"{h}=127.0.0.1:{port}" for h in sorted(hosts))


def start_prefect_server(home: Path) -> tuple[subprocess.Popen[bytes], str]:
    """A Prefect server as operators run one (`prefect server start`), so the timing is of the flow run."""
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = dict(os.environ, PREFECT_HOME=str(home), PREFECT_SERVER_ANALYTICS_ENABLED="false",
               PREFECT_UI_ENABLED="false")
    server = subprocess.Popen([sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1",
                               "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{api}/health", timeout=2).status_code == 200:
                return server, api
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    server.terminate()
    raise SystemExit("the Prefect server did not start")


def cpu_seconds(process: psutil.Process) -> float:
    times = process.cpu_times()
    return float(times.user + times.system)


def timed(fn: Callable[[], T]) -> tuple[T, float]:
    started = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - started


@dataclass
class MemoryPeaks:
    """Peak RSS over the run, sampled every 0.2 s, of the backfill's process tree."""

    flow: int = 0  # the `ingest backfill` process itself
    pipeline: int = 0  # it and its worker processes (extraction), summed at each sample
    everything: int = 0  # also the ephemeral Prefect server it starts
    cpu: dict[int, tuple[str, float]] = field(default_factory=dict)  # pid -> (role, CPU seconds so far)

    def sample(self, root: psutil.Process) -> None:
        try:
            flow = root.memory_info().rss
            children = root.children(recursive=True)
            self.cpu[root.pid] = ("flow process", cpu_seconds(root))
        except psutil.Error:
            return
        workers = server = 0
        for child in children:
            try:
                rss = child.memory_info().rss
                is_server = "prefect" in " ".join(child.cmdline()) and "server" in " ".join(child.cmdline())
                seconds = cpu_seconds(child)
            except psutil.Error:
                continue
            self.cpu[child.pid] = ("Prefect server" if is_server else "worker processes", seconds)
            if is_server:
                server += rss
            else:
                workers += rss
        self.flow = max(self.flow, flow)
        self.pipeline = max(self.pipeline, flow + workers)
        self.everything = max(self.everything, flow + workers + server)


def end_to_end(env: dict[str, str]) -> tuple[float, int, MemoryPeaks]:
    """(seconds, articles loaded, peak RSS of the pipeline's processes)."""
    peaks = MemoryPeaks()
    started = time.perf_counter()
    with tempfile.TemporaryFile() as output:
        process = subprocess.Popen([sys.executable, "-m", "ingest.cli", "backfill", "--start", START.isoformat(),
                                    "--end", END.isoformat(), "--live"], env=env, cwd=REPO, stdout=output,
                                   stderr=subprocess.STDOUT)
        root = psutil.Process(process.pid)
        while process.poll() is None:
            peaks.sample(root)
            time.sleep(0.2)
        seconds = time.perf_counter() - started
        if process.returncode != 0:
            output.seek(0)
            sys.stderr.write(output.read()[-8000:].decode(errors="replace"))
            raise SystemExit(f"backfill failed with exit code {process.returncode}")
    with duckdb.connect(env["INGEST_DB"], read_only=True) as con:
        articles = int(con.execute("select count(*) from articles").fetchone()[0])  # type: ignore[index]
    return seconds, articles, peaks


def stages_alone(env: dict[str, str]) -> list[tuple[str, int, float]]:
    """(stage, items, seconds) for each stage run on its own over the whole range."""
    os.environ.update(env)
    from ingest.discover import DateWindow, SourcePlan
    from ingest.pipeline import page_stages, stages
    from ingest.pipeline.context import build_context
    from ingest.pipeline.run import RunTotals
    from ingest.warehouse import Warehouse

    window = DateWindow(START, END)
    ctx = build_context("backfill", None, window)
    plans = {s.name: SourcePlan(window, exhaustive=True) for s in ctx.sources}
    rows: list[tuple[str, int, float]] = []
    discovered, seconds = timed(lambda: stages.discover_stage(ctx, plans))
    rows.append(("discover", len(discovered.urls), seconds))
    with Warehouse.open(ctx.settings.db_path) as wh:
        wh.sync_sources(ctx.sources)
        selection = stages.select_stage(wh, ctx, discovered.urls)
    batch, seconds = timed(lambda: page_stages.fetch_stage(ctx, selection.requests))
    rows.append(("fetch (with WARC)", len(batch.pages), seconds))
    extracted, seconds = timed(lambda: page_stages.extract_stage(ctx, batch.pages))
    rows.append(("extract", len(batch.pages), seconds))
    articles = extracted.articles
    with Warehouse.open(ctx.settings.db_path) as wh:
        dedup, seconds = timed(lambda: stages.dedup_stage(wh, ctx, articles))
    rows.append(("dedup", len(articles), seconds))
    events, seconds = timed(lambda: page_stages.events_stage(ctx, articles))
    rows.append(("events", len(articles), seconds))
    totals = RunTotals(discovered, selection, {}, attempts=list(batch.attempts),
                       pages=[replace(p, text="") for p in batch.pages], requests=list(selection.requests),
                       articles=list(articles), dedup=dedup, events=events)
    with Warehouse.open(ctx.settings.db_path) as wh:
        wh.start_run(ctx.run_id, ctx.kind, ctx.source_names)
        _, seconds = timed(lambda: stages.load_stage(wh, ctx, totals))
    rows.append(("load", len(articles), seconds))
    return rows


@dataclass
class Round:
    """One end-to-end backfill and, right after it, each stage alone over the same data."""

    e2e_seconds: float
    loaded: int
    peak: MemoryPeaks
    helper_cpu: dict[str, float]
    alone: list[tuple[str, int, float]]

    @property
    def slowest(self) -> tuple[str, int, float]:
        return min(self.alone, key=lambda r: r[1] / r[2] if r[2] else 1e12)

    @property
    def ratio(self) -> float:
        _, items, seconds = self.slowest
        return (self.loaded / self.e2e_seconds) / (items / seconds)

    def cpu_by_role(self) -> dict[str, float]:
        roles: dict[str, float] = {}
        for role, seconds in [*self.peak.cpu.values(), *self.helper_cpu.items()]:
            roles[role] = roles.get(role, 0.0) + seconds
        return roles


def run_round(number: int, base: dict[str, str], work: Path, api: str | None,
              helpers: dict[str, psutil.Process]) -> Round:
    e2e_env = dict(base, INGEST_DB=str(work / f"e2e-{number}" / "ingest.duckdb"))
    if api is not None:
        e2e_env["PREFECT_API_URL"] = api
    before = {name: cpu_seconds(p) for name, p in helpers.items()}
    e2e_seconds, loaded, peak = end_to_end(e2e_env)
    helper_cpu = {name: cpu_seconds(p) - before[name] for name, p in helpers.items()}
    alone = stages_alone(dict(base, INGEST_DB=str(work / f"alone-{number}" / "ingest.duckdb")))
    return Round(e2e_seconds, loaded, peak, helper_cpu, alone)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--generated", type=int, default=20000, help="generated mirror articles (default 20000)")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=3,
                        help="rounds of (end to end, then each stage alone); the median round is reported")
    parser.add_argument("--ephemeral", action="store_true",
                        help="let the backfill start its own temporary Prefect server (timed with it, ~15 s)")
    args = parser.parse_args()
    mirror, host_map = start_mirror(args.generated)
    work = Path(tempfile.mkdtemp(prefix="ingest-bench-"))
    base = dict(os.environ, INGEST_HOST_MAP=host_map, INGEST_MIN_DELAY="0",
                INGEST_CONCURRENCY=str(args.concurrency), INGEST_PER_HOST_CONCURRENCY=str(args.concurrency),
                PREFECT_HOME=str(work / "prefect"), PREFECT_LOGGING_LEVEL="WARNING",
                PREFECT_SERVER_ANALYTICS_ENABLED="false")
    server = api = None
    rounds: list[Round] = []
    try:
        if not args.ephemeral:
            server, api = start_prefect_server(work / "prefect")
        helpers = {"mirror (the sites)": psutil.Process(mirror.pid)}
        if server is not None:
            helpers["Prefect server"] = psutil.Process(server.pid)
        for number in range(1, args.rounds + 1):
            rounds.append(run_round(number, base, work, api, helpers))
            r = rounds[-1]
            name, items, seconds = r.slowest
            print(f"round {number}: end to end {r.e2e_seconds:.1f} s ({r.loaded / r.e2e_seconds:.1f}/s), slowest "
                  f"stage alone {name} {seconds:.1f} s ({items / seconds:.1f}/s): ratio {r.ratio:.2f}", flush=True)
    finally:
        mirror.terminate()
        if server is not None:
            server.terminate()
    report(args, rounds)


def report(args: argparse.Namespace, rounds: list[Round]) -> None:
    """The median round's table (by ratio), the spread of the ratio and the peak RSS over all rounds."""
    median = sorted(rounds, key=lambda r: r.ratio)[len(rounds) // 2]
    print(f"pipeline benchmark: {args.generated} generated mirror articles, backfill {START} to {END}, "
          + ("ephemeral Prefect server started by the run (its start-up is timed)" if args.ephemeral
             else "against a running Prefect server (as `ingest serve` runs)")
          + f"; {len(rounds)} rounds, each an end-to-end run then each stage alone; the median round:")
    print(f"{'stage':<22}{'items':>8}{'seconds':>10}{'items/s':>10}")
    print(f"{'end to end (backfill)':<22}{median.loaded:>8}{median.e2e_seconds:>10.1f}"
          f"{median.loaded / median.e2e_seconds:>10.1f}")
    for name, items, seconds in median.alone:
        print(f"{name:<22}{items:>8}{seconds:>10.1f}{items / seconds if seconds else 0:>10.1f}")
    slowest_name, slowest_items, slowest_seconds = median.slowest
    print(f"slowest stage alone: {slowest_name} at {slowest_items / slowest_seconds:.1f}/s")
    print(f"ratio end-to-end / slowest stage: {median.ratio:.2f}   (target >= 0.5; rounds: "
          + ", ".join(f"{r.ratio:.2f}" for r in rounds) + ")")
    pipeline_peak = max(r.peak.pipeline for r in rounds)
    print(f"peak RSS of the backfill: {pipeline_peak / 2**20:.0f} MiB, flow process and its worker processes summed"
          "   (target < 1024 MiB; the highest of all rounds)")
    print(f"  flow process alone {max(r.peak.flow for r in rounds) / 2**20:.0f} MiB"
          + (f"; with the ephemeral Prefect server it starts {max(r.peak.everything for r in rounds) / 2**20:.0f} MiB"
             if args.ephemeral else ""))
    roles = median.cpu_by_role()
    total = sum(roles.values())
    print(f"CPU seconds during the end-to-end run: {total:.1f} (" + ", ".join(
        f"{role} {seconds:.1f}" for role, seconds in sorted(roles.items(), key=lambda r: -r[1])) + ")")
    cores = os.cpu_count() or 1
    print(f"  on {cores} cores: at least {total / cores:.1f} s end to end, "
          f"ratio at most {slowest_seconds / (total / cores) * median.loaded / slowest_items:.2f} with every core busy")


if __name__ == "__main__":
    main()
