"""The `ingest` command: one subcommand per job. Arguments become settings here, at the edge."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from ingest.config import ConfigError
from ingest.pipeline.memory import limit_malloc_arenas

log = logging.getLogger("ingest")


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {value!r}") from None


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", help="DuckDB warehouse file (default warehouse/ingest.duckdb; env INGEST_DB)")
    parser.add_argument("--sources-file", help="sources file (default sources.toml; env INGEST_SOURCES)")


def _add_network(parser: argparse.ArgumentParser) -> None:
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--mirror", action="store_const", const="mirror", dest="mode",
                      help="use the bundled offline mirror of the sources")
    mode.add_argument("--live", action="store_const", const="live", dest="mode",
                      help="use the real sites (default when they are reachable)")
    parser.add_argument("--sources", help="comma-separated source names (default: all)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ingest", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="the daily job: every source since its last run")
    _add_common(run)
    _add_network(run)
    run.add_argument("--wait", action="store_true", help="queue behind a run already writing")

    backfill = commands.add_parser("backfill", help="ingest a date range, month by month")
    _add_common(backfill)
    _add_network(backfill)
    backfill.add_argument("--start", type=_date, required=True, help="first day, YYYY-MM-DD")
    backfill.add_argument("--end", type=_date, required=True, help="last day, YYYY-MM-DD")

    mirror = commands.add_parser("mirror", help="serve the offline mirror of the sources on loopback")
    mirror.add_argument("--host", default="127.0.0.1")
    mirror.add_argument("--port", type=int, default=8765)
    mirror.add_argument("--generated", type=int, default=0, help="add N synthetic articles")

    extract = commands.add_parser("extract", help="extract article JSON from saved HTML pages")
    extract.add_argument("paths", nargs="+", help=".html or .html.gz files or folders")
    extract.add_argument("--url", help="the page's URL (helps date and canonical detection)")

    dedup = commands.add_parser("dedup", help="cluster JSONL documents into stories")
    dedup.add_argument("--jsonl", required=True, help='lines of {"id", "text", "published"?, "url"?}')

    events = commands.add_parser("events", help="print the events a text or HTML file states")
    events.add_argument("--published", type=_date, required=True, help="publication date, YYYY-MM-DD")
    events.add_argument("path")

    reprocess = commands.add_parser("reprocess", help="rerun extraction, dedup and loading from the WARC archive")
    _add_common(reprocess)
    reprocess.add_argument("--since", type=_date)
    reprocess.add_argument("--until", type=_date)
    reprocess.add_argument("--source")

    reextract = commands.add_parser("reextract", help="re-derive events from stored articles")
    _add_common(reextract)

    serve = commands.add_parser("serve", help="serve the daily-ingest and backfill deployments to Prefect")
    _add_common(serve)
    _add_network(serve)
    serve.add_argument("--cron", default="0 6 * * *", help="daily schedule (default 06:00)")
    serve.add_argument("--timezone", default="Europe/Kyiv")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # imported here, not above: worker processes import this module again (as the parent's __main__), and
    # they need neither the warehouse nor DuckDB
    from ingest.pipeline.run import RunLockedError

    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request is noise for an operator
    try:
        return _dispatch(args)
    except ConfigError as exc:
        print(f"ingest: configuration error: {exc}", file=sys.stderr)
        return 2
    except RunLockedError as exc:
        print(f"ingest: {exc}", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        return 130


def _dispatch(args: argparse.Namespace) -> int:
    # Prefect's ephemeral server (no PREFECT_API_URL) can take longer than its default 20 s to start on a
    # busy 2-core machine; anonymous usage telemetry is off unless the operator turns it on.
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    if getattr(args, "db", None):
        os.environ["INGEST_DB"] = str(Path(args.db).resolve())
    if getattr(args, "sources_file", None):
        os.environ["INGEST_SOURCES"] = str(Path(args.sources_file).resolve())
    command = args.command
    if command in ("run", "backfill", "serve"):
        limit_malloc_arenas()  # before Prefect starts its threads: a long run's memory stays flat
        _check_sources(args)
        with _network(args.mode):
            if command == "run":
                return _run(args)
            if command == "backfill":
                return _backfill(args)
            return _serve(args)
    if command == "mirror":
        from ingest.mirror import serve_forever

        print(f"offline mirror on http://{args.host}:{args.port}/ (route by Host header; Ctrl-C stops)")
        serve_forever(args.host, args.port, generated=args.generated)
        return 0
    if command == "extract":
        from ingest.extract.cli import extract_command

        return extract_command(args.paths, args.url, sys.stdout)
    if command == "dedup":
        from ingest.dedup.cli import dedup_command

        return dedup_command(args.jsonl, sys.stdout)
    if command == "events":
        from ingest.events.cli import events_command

        return events_command(args.path, args.published, sys.stdout)
    if command == "reprocess":
        from ingest.pipeline.reprocess import reprocess_command

        return reprocess_command(args.since, args.until, args.source, sys.stdout)
    if command == "reextract":
        from ingest.pipeline.reextract import reextract_command

        return reextract_command(sys.stdout)
    raise AssertionError(command)


def _check_sources(args: argparse.Namespace) -> None:
    """Validate the sources file and names before anything is started or fetched."""
    from ingest.config import DEFAULT_SOURCES_FILE, load_sources, select_sources, settings_from_env

    sources = load_sources(os.environ.get("INGEST_SOURCES") or DEFAULT_SOURCES_FILE)
    select_sources(sources, _names(args))
    settings_from_env()


def _names(args: argparse.Namespace) -> list[str] | None:
    return [n.strip() for n in args.sources.split(",") if n.strip()] if getattr(args, "sources", None) else None


@contextmanager
def _network(mode: str | None) -> Iterator[None]:
    """Route the sources to the offline mirror when asked, or when the real sites are out of reach."""
    from ingest.pipeline.network import network_reachable, offline_mirror

    if mode == "live" or (mode is None and (os.environ.get("INGEST_HOST_MAP") or network_reachable())):
        yield
        return
    if mode is None:
        print("ingest: the real sites are out of reach: using the bundled offline mirror", file=sys.stderr)
    with offline_mirror() as host_map:
        previous = os.environ.get("INGEST_HOST_MAP")
        os.environ["INGEST_HOST_MAP"] = host_map
        os.environ.setdefault("INGEST_MIN_DELAY", "0")
        try:
            yield
        finally:
            if previous is None:
                os.environ.pop("INGEST_HOST_MAP", None)
            else:
                os.environ["INGEST_HOST_MAP"] = previous


def _run(args: argparse.Namespace) -> int:
    with _lock(wait=args.wait):
        _start_page_workers(extract=False)
        from flows.daily import daily_ingest

        _start_page_workers(fetch=False)
        state = daily_ingest(sources=_names(args), wait_for_lock=args.wait, return_state=True)
    return _report(state)


def _backfill(args: argparse.Namespace) -> int:
    with _lock(wait=True):
        _start_page_workers(extract=False)
        from flows.backfill import backfill

        _start_page_workers(fetch=False)
        state = backfill(start_date=args.start, end_date=args.end, sources=_names(args), return_state=True)
    return _report(state)


def _start_page_workers(fetch: bool = True, extract: bool = True) -> None:
    """Start worker processes, which start up (imports) beside this process. The fetch worker starts before
    this process imports Prefect and the flows (the first discovery needs it), the extraction workers after
    (they are first needed once a chunk is fetched): three processes importing at once on two cores made
    the flow run start later."""
    from ingest.config import settings_from_env
    from ingest.pipeline.page_stages import start_page_workers

    start_page_workers(settings_from_env(), fetch=fetch, extract=extract)


@contextmanager
def _lock(wait: bool) -> Iterator[None]:
    """Take the writer lock before Prefect starts, so a second run is refused at once."""
    from ingest.config import settings_from_env
    from ingest.pipeline.run import writer_lock

    with writer_lock(settings_from_env().db_path, wait=wait):
        yield


def _report(state: object) -> int:
    """Print the run summary from the warehouse; exit 0 when the run completed (also when some source was
    degraded: the summary says which), 1 when it failed."""
    from ingest.config import settings_from_env
    from ingest.pipeline.summary import print_summary

    result = state.result(raise_on_failure=False)  # type: ignore[attr-defined]
    if isinstance(result, BaseException):
        print(f"ingest: the run failed: {result}", file=sys.stderr)
        return 1
    print_summary(settings_from_env(), list(result.get("run_ids", [])), sys.stdout)
    if state.name == "Degraded":  # type: ignore[attr-defined]
        print(f"ingest: {state.message}", file=sys.stderr)  # type: ignore[attr-defined]
    return 0 if state.is_completed() else 1  # type: ignore[attr-defined]


def _serve(args: argparse.Namespace) -> int:
    from flows.serve import serve_deployments

    serve_deployments(args.cron, args.timezone)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
