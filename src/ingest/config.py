"""Sources and settings, resolved once at the edge: defaults, then the TOML file, then the environment,
then command-line flags. A bad file stops everything with one message naming file, source and field."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from selectolax.lexbor import LexborHTMLParser, SelectolaxError

from ingest.records import DiscoveryKind, SourceKind

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SOURCES_FILE = REPO_ROOT / "sources.toml"
DEFAULT_DB_PATH = REPO_ROOT / "warehouse" / "ingest.duckdb"
DEFAULT_REFERENCE_CSV = REPO_ROOT / "warehouse" / "reference" / "agreements.csv"


class ConfigError(ValueError):
    """The sources file or a setting is invalid; the message names file, source and field."""


@dataclass(frozen=True, slots=True)
class DiscoveryEntry:
    """Where to look for new article URLs of a source."""

    kind: DiscoveryKind
    url: str
    page_url: str | None = None  # listing: template with {page}, {date_from}, {date_to}
    date_format: str = "%d-%m-%Y"
    link_selector: str | None = None  # listing: CSS selector of article links
    max_pages: int = 3  # listing: pages a daily run reads


@dataclass(frozen=True, slots=True)
class SourceConfig:
    """One configured source (a site edition)."""

    name: str
    home: str
    language: str
    kind: SourceKind
    allowed_hosts: tuple[str, ...]
    discovery: tuple[DiscoveryEntry, ...]
    selectors: tuple[tuple[str, str], ...] = ()  # optional extraction overrides: (field, css)
    timezone: str | None = None  # IANA zone of dates the site prints without an offset

    @property
    def extract_overrides(self) -> dict[str, str]:
        """Per-source hints for the extractor: selector overrides and the site's time zone."""
        overrides = dict(self.selectors)
        if self.timezone:
            overrides["timezone"] = self.timezone
        return overrides


@dataclass(frozen=True, slots=True)
class Settings:
    """Operational settings of one run; every field can be set from the environment (INGEST_*)."""

    db_path: Path = DEFAULT_DB_PATH  # INGEST_DB: the DuckDB warehouse file
    raw_dir: Path | None = None  # INGEST_RAW_DIR: WARC archive folder (default: <db dir>/raw)
    analyst_db_path: Path | None = None  # INGEST_ANALYST_DB: published read-only copy (default: <db dir>/analyst/ingest.duckdb)
    user_agent: str = "ingest/0.1 (+https://github.com/ingest-news/ingest; news research pipeline)"
    host_map: tuple[tuple[str, str], ...] = ()  # INGEST_HOST_MAP "host=ip:port,..." ("*" for all hosts)
    global_concurrency: int = 16  # INGEST_CONCURRENCY
    per_host_concurrency: int = 4  # INGEST_PER_HOST_CONCURRENCY
    min_delay_s: float = 0.5  # INGEST_MIN_DELAY: seconds between requests to one host
    max_attempts: int = 3  # INGEST_MAX_ATTEMPTS: tries of one URL within a run
    max_runs_pending: int = 5  # INGEST_MAX_RUNS_PENDING: runs a failing URL is retried before it is dead
    refresh_days: float | None = None  # INGEST_REFRESH_DAYS: refetch loaded articles older than this
    lookback_days: int = 3  # INGEST_LOOKBACK_DAYS: daily run's listing date window
    reference_csv: Path = DEFAULT_REFERENCE_CSV  # INGEST_REFERENCE_CSV: officially listed agreements
    # INGEST_WORKER_PROCESSES: N >= 1: one worker process fetches and N parse (extraction and event finding)
    # beside the run's own process, which deduplicates and loads; 0: all in the run's own process.
    # Default: 1 on a machine with more than one CPU, else 0
    worker_processes: int | None = None

    @property
    def resolved_worker_processes(self) -> int:
        if self.worker_processes is not None:
            return self.worker_processes
        return 1 if (os.cpu_count() or 1) > 1 else 0

    @property
    def resolved_raw_dir(self) -> Path:
        return self.raw_dir or self.db_path.parent / "raw"

    @property
    def resolved_spool_dir(self) -> Path:
        """Where a chunk's pages wait between the fetch and the extraction worker (cleared by each run)."""
        return self.db_path.parent / "spool"

    @property
    def resolved_analyst_db_path(self) -> Path:
        return self.analyst_db_path or self.db_path.parent / "analyst" / self.db_path.name


_SOURCE_KEYS = {"name", "home", "language", "kind", "allowed_hosts", "discovery", "selectors", "timezone"}
_DISCOVERY_KEYS = {"kind", "url", "page_url", "date_format", "link_selector", "max_pages"}
_TOP_KEYS = {"source", "fetch", "dedup"}


def load_sources(path: Path | str = DEFAULT_SOURCES_FILE) -> tuple[SourceConfig, ...]:
    """Read and validate the sources file; raise ConfigError naming file, source and field."""
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    return parse_sources(raw, str(path))


def parse_sources(raw: Mapping[str, Any], where: str) -> tuple[SourceConfig, ...]:
    unknown = set(raw) - _TOP_KEYS
    if unknown:
        raise ConfigError(f"{where}: unknown top-level key {sorted(unknown)[0]!r} (allowed: {sorted(_TOP_KEYS)})")
    entries = raw.get("source")
    if not isinstance(entries, list) or not entries:
        raise ConfigError(f"{where}: no [[source]] entries")
    sources: list[SourceConfig] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        source = _parse_source(entry, f"{where}: source #{index + 1}", where)
        if source.name in seen:
            raise ConfigError(f"{where}: source {source.name!r}: field 'name': duplicate source name")
        seen.add(source.name)
        sources.append(source)
    return tuple(sources)


def _parse_source(entry: Any, anonymous: str, where: str) -> SourceConfig:
    if not isinstance(entry, dict):
        raise ConfigError(f"{anonymous}: must be a table")
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ConfigError(f"{anonymous}: field 'name': missing or empty")
    label = f"{where}: source {name!r}"
    unknown = set(entry) - _SOURCE_KEYS
    if unknown:
        raise ConfigError(f"{label}: unknown field {sorted(unknown)[0]!r} (allowed: {sorted(_SOURCE_KEYS)})")
    home = _url(entry.get("home"), f"{label}: field 'home'")
    language = entry.get("language")
    if not isinstance(language, str) or len(language) != 2:
        raise ConfigError(f"{label}: field 'language': expected a two-letter code such as 'en', got {language!r}")
    kind = entry.get("kind")
    if kind not in ("official", "news"):
        raise ConfigError(f"{label}: field 'kind': expected 'official' or 'news', got {kind!r}")
    hosts = entry.get("allowed_hosts", [urlsplit(home).hostname])
    if not isinstance(hosts, list) or not all(isinstance(h, str) and h for h in hosts):
        raise ConfigError(f"{label}: field 'allowed_hosts': expected a list of host names")
    discovery_raw = entry.get("discovery")
    if not isinstance(discovery_raw, list) or not discovery_raw:
        raise ConfigError(f"{label}: field 'discovery': at least one [[source.discovery]] entry is needed")
    discovery = tuple(
        _parse_discovery(item, f"{label}: discovery[{i}]", tuple(hosts)) for i, item in enumerate(discovery_raw)
    )
    selectors_raw = entry.get("selectors", {})
    if not isinstance(selectors_raw, dict):
        raise ConfigError(f"{label}: field 'selectors': expected a table of field = CSS selector")
    for key, css in selectors_raw.items():
        _check_selector(css, f"{label}: field 'selectors.{key}'")
    zone = entry.get("timezone")
    if zone is not None:
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError, TypeError):
            raise ConfigError(f"{label}: field 'timezone': {zone!r} is not an IANA time zone name") from None
    return SourceConfig(
        name=name,
        home=home,
        language=language,
        kind=cast(SourceKind, kind),
        allowed_hosts=tuple(h.lower() for h in hosts),
        discovery=discovery,
        selectors=tuple(sorted(selectors_raw.items())),
        timezone=zone,
    )


def _parse_discovery(item: Any, label: str, hosts: tuple[str, ...]) -> DiscoveryEntry:
    if not isinstance(item, dict):
        raise ConfigError(f"{label}: must be a table")
    unknown = set(item) - _DISCOVERY_KEYS
    if unknown:
        raise ConfigError(f"{label}: unknown field {sorted(unknown)[0]!r} (allowed: {sorted(_DISCOVERY_KEYS)})")
    kind = item.get("kind")
    if kind not in ("feed", "sitemap", "listing"):
        raise ConfigError(f"{label}: field 'kind': expected feed, sitemap or listing, got {kind!r}")
    url = _url(item.get("url"), f"{label}: field 'url'")
    if (urlsplit(url).hostname or "") not in {h.lower() for h in hosts}:
        raise ConfigError(f"{label}: field 'url': host of {url!r} is not in allowed_hosts {list(hosts)}")
    page_url = item.get("page_url")
    if page_url is not None:
        _url(page_url.replace("{", "").replace("}", ""), f"{label}: field 'page_url'")
    link_selector = item.get("link_selector")
    if kind == "listing":
        if link_selector is None:
            raise ConfigError(f"{label}: field 'link_selector': required for a listing")
        _check_selector(link_selector, f"{label}: field 'link_selector'")
    max_pages = item.get("max_pages", 3)
    if not isinstance(max_pages, int) or max_pages < 1:
        raise ConfigError(f"{label}: field 'max_pages': expected a positive integer, got {max_pages!r}")
    return DiscoveryEntry(
        kind=cast(DiscoveryKind, kind),
        url=url,
        page_url=page_url,
        date_format=item.get("date_format", "%d-%m-%Y"),
        link_selector=link_selector,
        max_pages=max_pages,
    )


def _url(value: Any, label: str) -> str:
    if not isinstance(value, str) or not value:
        raise ConfigError(f"{label}: missing URL")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"{label}: {value!r} is not an absolute http(s) URL")
    return value


def _check_selector(css: Any, label: str) -> None:
    if not isinstance(css, str) or not css.strip():
        raise ConfigError(f"{label}: missing CSS selector")
    try:
        LexborHTMLParser("<html><body><p>x</p></body></html>").css(css)
    except SelectolaxError as exc:
        raise ConfigError(f"{label}: invalid CSS selector {css!r} ({exc})") from None


def parse_host_map(value: str) -> tuple[tuple[str, str], ...]:
    """'host=ip:port,host2=ip:port' -> (("host", "ip:port"), ...); '*' maps every host."""
    pairs: list[tuple[str, str]] = []
    for item in filter(None, (part.strip() for part in value.split(","))):
        host, sep, address = item.partition("=")
        if not sep or not host or ":" not in address:
            raise ConfigError(f"INGEST_HOST_MAP: {item!r} is not of the form host=address:port")
        pairs.append((host.strip().lower(), address.strip()))
    return tuple(pairs)


def settings_from_env(env: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
    """Defaults, then INGEST_* environment variables, then explicit overrides (flags)."""
    env = os.environ if env is None else env
    values: dict[str, Any] = {}
    converters: dict[str, tuple[str, Any]] = {
        "INGEST_DB": ("db_path", Path),
        "INGEST_RAW_DIR": ("raw_dir", Path),
        "INGEST_ANALYST_DB": ("analyst_db_path", Path),
        "INGEST_USER_AGENT": ("user_agent", str),
        "INGEST_HOST_MAP": ("host_map", parse_host_map),
        "INGEST_CONCURRENCY": ("global_concurrency", int),
        "INGEST_PER_HOST_CONCURRENCY": ("per_host_concurrency", int),
        "INGEST_MIN_DELAY": ("min_delay_s", float),
        "INGEST_MAX_ATTEMPTS": ("max_attempts", int),
        "INGEST_MAX_RUNS_PENDING": ("max_runs_pending", int),
        "INGEST_REFRESH_DAYS": ("refresh_days", float),
        "INGEST_LOOKBACK_DAYS": ("lookback_days", int),
        "INGEST_REFERENCE_CSV": ("reference_csv", Path),
        "INGEST_WORKER_PROCESSES": ("worker_processes", _non_negative_int),
    }
    for variable, (field_name, convert) in converters.items():
        if env.get(variable):
            try:
                values[field_name] = convert(env[variable])
            except ValueError as exc:
                raise ConfigError(f"{variable}: invalid value {env[variable]!r} ({exc})") from None
    values.update({k: v for k, v in overrides.items() if v is not None})
    return replace(Settings(), **values)


def _non_negative_int(value: str) -> int:
    number = int(value)
    if number < 0:
        raise ValueError("must be 0 or more")
    return number


def select_sources(sources: tuple[SourceConfig, ...], names: list[str] | None) -> tuple[SourceConfig, ...]:
    """The named sources, in file order; an unknown name is an error."""
    if not names:
        return sources
    known = {s.name for s in sources}
    missing = [n for n in names if n not in known]
    if missing:
        raise ConfigError(f"unknown source {missing[0]!r} (configured: {sorted(known)})")
    return tuple(s for s in sources if s.name in names)


def source_by_name(sources: tuple[SourceConfig, ...]) -> dict[str, SourceConfig]:
    return {s.name: s for s in sources}


__all__ = [
    "ConfigError",
    "DiscoveryEntry",
    "Settings",
    "SourceConfig",
    "load_sources",
    "parse_sources",
    "select_sources",
    "settings_from_env",
]


def load_tables(path: Path | str = DEFAULT_SOURCES_FILE) -> dict[str, dict[str, Any]]:
    """The optional [fetch] and [dedup] tables of the sources file (validated by the stage that owns them)."""
    raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    tables: dict[str, dict[str, Any]] = {}
    for name in ("fetch", "dedup"):
        value = raw.get(name, {})
        if not isinstance(value, dict):
            raise ConfigError(f"{path}: [{name}] must be a table")
        tables[name] = value
    return tables
