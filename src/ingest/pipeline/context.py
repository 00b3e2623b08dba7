"""What one run is: its id, kind, settings, sources and date window. Built once at the edge."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from ingest.config import Settings, SourceConfig
from ingest.dedup.config import DedupConfig
from ingest.discover import DateWindow


@dataclass(frozen=True, slots=True)
class RunContext:
    run_id: str
    kind: str  # daily | backfill | reprocess
    settings: Settings
    sources: tuple[SourceConfig, ...]
    window: DateWindow | None = None  # backfill date range; None for daily runs
    dedup: DedupConfig = field(default_factory=DedupConfig)  # thresholds ([dedup] table of sources.toml)
    fetch_overrides: tuple[tuple[str, Any], ...] = ()  # FetchConfig fields set by the [fetch] table

    @property
    def source_names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.sources)

    def source(self, name: str) -> SourceConfig:
        for s in self.sources:
            if s.name == name:
                return s
        raise KeyError(name)


def new_run_id(kind: str, now: datetime | None = None) -> str:
    """Sortable and unique: kind, UTC time, random suffix."""
    now = now or datetime.now(timezone.utc)
    return f"{kind}-{now:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:6]}"


def build_context(kind: str, source_names: list[str] | None = None, window: DateWindow | None = None,
                  sources_file: str | None = None) -> RunContext:
    """Resolve sources and settings (defaults, file, environment) into the context of one run."""
    import os

    from ingest.config import (
        DEFAULT_SOURCES_FILE,
        load_sources,
        load_tables,
        select_sources,
        settings_from_env,
    )

    path = sources_file or os.environ.get("INGEST_SOURCES") or str(DEFAULT_SOURCES_FILE)
    sources = select_sources(load_sources(path), source_names)
    tables = load_tables(path)
    return RunContext(
        run_id=new_run_id(kind), kind=kind, settings=settings_from_env(), sources=sources, window=window,
        dedup=DedupConfig.from_mapping(tables.get("dedup", {})),
        fetch_overrides=tuple(sorted(tables.get("fetch", {}).items())),
    )
