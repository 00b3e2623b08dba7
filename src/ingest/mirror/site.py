"""The whole mirror: every source site behind one request -> response function, routed by Host."""

from __future__ import annotations

from ingest.mirror.catalog import Catalog
from ingest.mirror.content import load_content
from ingest.mirror.generated import build_generated_article, generate_listed
from ingest.mirror.protocol import MirrorRequest, MirrorResponse
from ingest.mirror.responses import method_not_allowed, not_found, redirect
from ingest.mirror.site_base import SourceSite
from ingest.mirror.site_euromaidan import EuromaidanSite
from ingest.mirror.site_odessa import OdessaSite
from ingest.mirror.site_president import PresidentSite
from ingest.mirror.site_rubryka import RubrykaSite
from ingest.mirror.site_ukrinform import UkrinformSite

SITE_CLASSES: tuple[type[SourceSite], ...] = (PresidentSite, OdessaSite, RubrykaSite, EuromaidanSite, UkrinformSite)


class MirrorSite:
    """All mirrored sites. `respond` is pure: the same request always gets the same bytes."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.sites = tuple(cls(catalog) for cls in SITE_CLASSES)
        self._by_host: dict[str, SourceSite] = {}
        self._aliases: dict[str, SourceSite] = {}
        self._by_source: dict[str, SourceSite] = {}
        for site in self.sites:
            self._by_host[site.canonical_host] = site
            for alias in site.alias_hosts:
                self._aliases[alias] = site
            for source in site.sources:
                self._by_source[source] = site

    @property
    def hosts(self) -> tuple[str, ...]:
        return tuple(self._by_host) + tuple(self._aliases)

    def site_for(self, source: str) -> SourceSite:
        try:
            return self._by_source[source]
        except KeyError:
            raise KeyError(f"no mirrored site serves source {source!r}") from None

    def url_of(self, key: str) -> str:
        item = self.catalog.by_key[key]
        return self.site_for(item.source).article_url(item)

    def variants_of(self, key: str) -> tuple[str, ...]:
        item = self.catalog.by_key[key]
        return self.site_for(item.source).variant_urls(item)

    def respond(self, request: MirrorRequest) -> MirrorResponse:
        if request.method not in ("GET", "HEAD"):
            return method_not_allowed()
        site = self._by_host.get(request.host)
        if site is None:
            alias = self._aliases.get(request.host)
            if alias is None:
                return not_found(f"unknown host {request.host!r}")
            return redirect(f"https://{alias.canonical_host}{request.target}")
        return site.respond(request)


def build_site(generated: int = 0, seed: int = 0) -> MirrorSite:
    """The deterministic mirror: the hand-written content plus `generated` synthetic articles."""
    if generated < 0:
        raise ValueError(f"generated must be >= 0, got {generated}")
    listed = generate_listed(generated, seed) if generated else []
    catalog = Catalog(load_content(), listed, lambda item: build_generated_article(item, seed))
    return MirrorSite(catalog)
