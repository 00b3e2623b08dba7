"""An httpx client that fetches real URLs from a running mirror (connects to 127.0.0.1:PORT, sends the real Host)."""

from __future__ import annotations

from urllib.parse import urlsplit

import httpx

from ingest.mirror import MirrorServer


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
