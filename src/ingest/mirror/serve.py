"""Run the mirror in the foreground (the `ingest mirror` CLI command)."""

from __future__ import annotations

import signal
import sys
import threading

from ingest.mirror.server import MirrorServer
from ingest.mirror.site import build_site


def serve_forever(host: str, port: int, generated: int = 0) -> None:
    """Serve the mirror on host:port until SIGINT/SIGTERM; prints the host map to stdout."""
    site = build_site(generated=generated)
    site.catalog.build_all()  # before serving: the benchmarks time the fetching, not the building
    stop = threading.Event()
    with MirrorServer(site, host, port) as server:
        where = f"{server.address[0]}:{server.address[1]}"
        print(f"mirror serving {len(site.catalog.by_key)} articles on http://{where}", flush=True)
        for name in server.host_map():
            print(f"  {name} -> {where}", flush=True)
        previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())
        try:
            stop.wait()
        except KeyboardInterrupt:
            pass
        finally:
            signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    args = sys.argv[1:]
    serve_forever(args[0] if args else "127.0.0.1", int(args[1]) if len(args) > 1 else 8008,
                  int(args[2]) if len(args) > 2 else 0)
