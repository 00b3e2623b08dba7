"""Shared fixtures for the mirror tests: a running mirror and an httpx client that talks to it by Host."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest.mirror import Manifest, MirrorServer, MirrorSite, build_site, load_manifest

sys.path.insert(0, str(Path(__file__).parent))
from mirror_client import MirrorClient  # noqa: E402


@pytest.fixture(scope="session")
def site() -> MirrorSite:
    return build_site()


@pytest.fixture(scope="session")
def manifest(site: MirrorSite) -> Manifest:
    return load_manifest(site)


@pytest.fixture(scope="session")
def server(site: MirrorSite) -> Iterator[MirrorServer]:
    with MirrorServer(site) as running:
        yield running


@pytest.fixture(scope="session")
def client(server: MirrorServer) -> Iterator[MirrorClient]:
    fetcher = MirrorClient(server)
    yield fetcher
    fetcher.close()
