"""Monthly sitemaps: an index whose children each list one (Kyiv-local) month's articles, oldest first."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from ingest.mirror.html_parts import sitemap_index, urlset
from ingest.mirror.protocol import MirrorRequest, MirrorResponse
from ingest.mirror.responses import XML, document, not_found

Months = Mapping[str, tuple[tuple[str, datetime], ...]]  # "YYYY-MM" -> ((url, lastmod), ...)


def monthly_sitemaps(request: MirrorRequest, path: str, origin: str, index_path: str, child_prefix: str,
                     months: Months) -> MirrorResponse | None:
    """Answer the index (`index_path`) and its children (`child_prefix` + YYYY-MM.xml); None for other paths."""
    if path == index_path:
        children = [(f"{origin}{child_prefix}{month}.xml", entries[-1][1]) for month, entries in months.items()]
        newest = max((when for _, when in children), default=None)
        return document(request, sitemap_index(children), XML, newest)
    if path.startswith(child_prefix) and path.endswith(".xml"):
        entries = months.get(path.removeprefix(child_prefix).removesuffix(".xml"))
        if entries is None:
            return not_found(path)
        return document(request, urlset(entries), XML, entries[-1][1])
    return None
