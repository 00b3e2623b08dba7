"""Base class of one mirrored web site: hosts, URL scheme of its articles, and request routing."""

from __future__ import annotations

from abc import ABC, abstractmethod
from urllib.parse import parse_qs, urlsplit

from ingest.mirror.catalog import Catalog, Listed
from ingest.mirror.protocol import MirrorRequest, MirrorResponse
from ingest.mirror.responses import TEXT, document, not_found


class SourceSite(ABC):
    """One web site (one canonical host) serving one or more sources of sources.toml."""

    canonical_host: str
    alias_hosts: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    robots_txt: str = "User-agent: *\nDisallow:\n"

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.paths: dict[str, str] = {}  # article path (and variant paths) -> key
        for source in self.sources:
            for item in catalog.by_source[source]:
                self.paths[self.article_path(item)] = item.key
                for variant in self.variant_paths(item):
                    self.paths[variant] = item.key

    @property
    def origin(self) -> str:
        return f"https://{self.canonical_host}"

    @abstractmethod
    def article_path(self, item: Listed) -> str:
        """The canonical path of an article."""

    def variant_paths(self, item: Listed) -> tuple[str, ...]:
        """Other paths (with query) serving the same article; the page's canonical link names the real one."""
        return ()

    def article_url(self, item: Listed) -> str:
        return self.origin + self.article_path(item)

    def variant_urls(self, item: Listed) -> tuple[str, ...]:
        return tuple(self.origin + p for p in self.variant_paths(item))

    @abstractmethod
    def render_article(self, key: str, requested_path: str) -> bytes:
        """The full HTML of an article page."""

    @abstractmethod
    def route(self, request: MirrorRequest, path: str, query: dict[str, str]) -> MirrorResponse | None:
        """Answer non-article paths (home, listings, feeds, sitemaps); None when unknown."""

    def respond(self, request: MirrorRequest) -> MirrorResponse:
        parts = urlsplit(request.target)
        path = parts.path or "/"
        query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        if path == "/robots.txt":
            return document(request, self.robots_txt.encode(), TEXT)
        key = self.paths.get(path)
        if key is None and parts.query:
            key = self.paths.get(f"{path}?{parts.query}")
        if key is not None:
            item = self.catalog.by_key[key]
            return document(request, self.render_article(key, path), last_modified=item.published)
        answer = self.route(request, path, query)
        return answer if answer is not None else not_found(path)
