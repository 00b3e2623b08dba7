"""Shared fixtures: an isolated Prefect home, the offline mirror on a loopback port, warehouse paths."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

# Prefect reads its settings at import: give the test session its own home (and ephemeral server database)
# before anything imports it.
os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="ingest-prefect-"))
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
os.environ.setdefault("PREFECT_LOGGING_TO_API_BATCH_INTERVAL", "0.3")

import pytest  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def mirror_host_map() -> Iterator[str]:
    """The offline mirror, started once per session; yields its INGEST_HOST_MAP value."""
    from ingest.pipeline.network import offline_mirror

    with offline_mirror() as host_map:
        yield host_map


@pytest.fixture(scope="session")
def manifest():  # type: ignore[no-untyped-def]
    from ingest.mirror import build_site, load_manifest

    return load_manifest(build_site())
