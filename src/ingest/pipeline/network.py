"""Live sources or the bundled offline mirror: decide, and start the mirror when it is the one."""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator
from contextlib import contextmanager

log = logging.getLogger("ingest.pipeline")

PROBE_HOST = ("www.president.gov.ua", 443)


def network_reachable(timeout_s: float = 3.0) -> bool:
    """Whether the first configured source answers a TCP connect (DNS included)."""
    try:
        with socket.create_connection(PROBE_HOST, timeout=timeout_s):
            return True
    except OSError:
        return False


@contextmanager
def offline_mirror(generated: int = 0) -> Iterator[str]:
    """Start the offline mirror on a free loopback port; yields the INGEST_HOST_MAP value that routes every
    source host to it (stored URLs stay the real ones)."""
    from ingest.mirror import MirrorServer, build_site

    server = MirrorServer(build_site(generated=generated))
    server.start()
    try:
        host_map = ",".join(f"{host}={address}" for host, address in sorted(server.host_map().items()))
        log.info("offline mirror serving %d hosts on %s:%d", len(server.host_map()), *server.address)
        yield host_map
    finally:
        server.stop()
