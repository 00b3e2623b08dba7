"""Offline mirror of the configured sources: a deterministic loopback HTTP server plus its ground truth.

    site = build_site(generated=0)
    with MirrorServer(site) as server:
        server.host_map()   # {"www.president.gov.ua": "127.0.0.1:PORT", ...}
    manifest = load_manifest(site)

`python -m ingest.mirror.manifest > manifest.json` writes the truth; `python -m ingest.mirror.serve HOST PORT [N]`
serves in the foreground. The manifest and serve modules are imported lazily so that `python -m` on them runs
cleanly.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from ingest.mirror.protocol import MirrorRequest, MirrorResponse
from ingest.mirror.server import MirrorServer
from ingest.mirror.site import MirrorSite, build_site

if TYPE_CHECKING:
    from ingest.mirror.manifest import Manifest, ManifestEvent, ManifestPage, load_manifest
    from ingest.mirror.serve import serve_forever

_LAZY = {
    "Manifest": "ingest.mirror.manifest", "ManifestEvent": "ingest.mirror.manifest",
    "ManifestPage": "ingest.mirror.manifest", "load_manifest": "ingest.mirror.manifest",
    "serve_forever": "ingest.mirror.serve",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'ingest.mirror' has no attribute {name!r}")
    return getattr(import_module(module), name)


__all__ = [
    "Manifest", "ManifestEvent", "ManifestPage", "MirrorRequest", "MirrorResponse", "MirrorServer", "MirrorSite",
    "build_site", "load_manifest", "serve_forever",
]
