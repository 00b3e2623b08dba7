"""Shared fixtures for the mirror tests: a running mirror and an httpx client that talks to it by Host."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import pytest

from ingest.mirror import Manifest, MirrorServer, MirrorSite, build_site, load_manifest


class MirrorClient:
    """Fetch real URLs (https://host/path) from the mirror: connect to 127.0.0.1:PORT, send the real Host."""

    def __init__(self, server: MirrorServer) -> None:
        self.base = server.base_url()
        self.client = httpx.Client(timeout=10.0)

    def get(self, url: str, headers: dict[str, str] | None = None, method: str = "GET") -> httpx.Response:
        parts = urlsplit(url)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        all_headers = {"Host": parts.netloc, **(headers or {})}
        return self.client.request(method, self.base + target, headers=all_headers)

    def close(self) -> None:
        self.client.close()


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
