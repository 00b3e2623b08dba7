"""Fixtures of the fetch tests: the fault endpoints (ingest.mirror.faults) served over loopback."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from fetch_testserver import LoopbackServer  # noqa: E402

from ingest.fetch import FetchConfig  # noqa: E402
from ingest.mirror import faults  # noqa: E402

FAULT_HOSTS = ("faults.test", "alt.test", "other.test")


@pytest.fixture(scope="session", autouse=True)
def prepared_bombs() -> None:
    """Build the compressed bombs once, so the first request for one is not slowed by compressing 64 MiB."""
    faults.gzip_bomb()
    faults.brotli_bomb()


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with LoopbackServer({host: faults.handle for host in FAULT_HOSTS}) as running:
        yield running


@pytest.fixture
def config(server: LoopbackServer) -> FetchConfig:
    """Fast settings for tests: no politeness delay, short backoff and timeouts, faults hosts mapped."""
    return FetchConfig(host_map=server.host_map(*FAULT_HOSTS), min_delay_s=0.0, backoff_base_s=0.05,
                       max_backoff_s=0.2, connect_timeout_s=2.0, read_timeout_s=1.0, total_timeout_s=3.0,
                       max_retry_after_s=5.0, jitter_seed=7, max_bytes=5 * 1024 * 1024,
                       max_decompressed_bytes=8 * 1024 * 1024)
