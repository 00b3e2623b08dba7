"""Offline mirror of the configured sources: a deterministic loopback HTTP server plus its ground truth.

    site = build_site(generated=0)
    with MirrorServer(site) as server:
        server.host_map()   # {"www.president.gov.ua": "127.0.0.1:PORT", ...}
    manifest = load_manifest(site)
"""

from ingest.mirror.manifest import Manifest, ManifestEvent, ManifestPage, load_manifest
from ingest.mirror.protocol import MirrorRequest, MirrorResponse
from ingest.mirror.serve import serve_forever
from ingest.mirror.server import MirrorServer
from ingest.mirror.site import MirrorSite, build_site

__all__ = [
    "Manifest", "ManifestEvent", "ManifestPage", "MirrorRequest", "MirrorResponse", "MirrorServer", "MirrorSite",
    "build_site", "load_manifest", "serve_forever",
]
