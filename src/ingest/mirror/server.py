"""A fast loopback HTTP/1.1 server for the mirror, on asyncio streams, in a daemon thread.

All mirrored hosts share one port; the Host header picks the site. Host ``faults.test`` is handed to
``ingest.mirror.faults.handle`` (imported lazily; 404 when that module does not exist).
Supports keep-alive, Content-Length, HEAD/GET, and conditional GET (ETag / Last-Modified -> 304)
through the site's responses.
"""

from __future__ import annotations

import asyncio
import importlib
import sys
import threading
import traceback
from collections.abc import AsyncIterator, Awaitable, Callable
from types import TracebackType
from typing import Protocol

from ingest.mirror.protocol import MirrorRequest, MirrorResponse
from ingest.mirror.wire import BadRequest, has_header, head_bytes, parse_head

FAULTS_HOST = "faults.test"
MAX_HEADER_BYTES = 64 * 1024
Handler = Callable[[MirrorRequest, dict[str, object]], Awaitable[MirrorResponse]]

class Site(Protocol):
    """What the server needs from a site: the hosts it serves and a pure request -> response function."""

    @property
    def hosts(self) -> tuple[str, ...]: ...

    def respond(self, request: MirrorRequest) -> MirrorResponse: ...


class _Connections:
    """Per-server dispatch: the site for real hosts, the faults handler for faults.test."""

    def __init__(self, site: Site, handlers: dict[str, Handler] | None = None) -> None:
        self.site = site
        self.handlers = dict(handlers or {})
        self.state: dict[str, object] = {}
        self._faults: Handler | None = None
        self._faults_missing = False

    def faults_handler(self) -> Handler | None:
        if self._faults is None and not self._faults_missing:
            try:
                module = importlib.import_module("ingest.mirror.faults")
            except ModuleNotFoundError as exc:
                if exc.name != "ingest.mirror.faults":
                    raise
                self._faults_missing = True
                return None
            self._faults = module.handle
        return self._faults

    async def respond(self, request: MirrorRequest) -> MirrorResponse:
        extra = self.handlers.get(request.host)
        if extra is not None:
            return await extra(request, self.state)
        if request.host == FAULTS_HOST:
            handler = self.faults_handler()
            if handler is None:
                return MirrorResponse(404, (("content-type", "text/plain"),), b"faults handler not installed\n")
            return await handler(request, self.state)
        return self.site.respond(request)

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                try:
                    raw = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, ConnectionError):
                    return
                except asyncio.LimitOverrunError:
                    writer.write(head_bytes(431, [("content-length", "0"), ("connection", "close")]))
                    return
                try:
                    request, version = parse_head(raw[:-4])
                except BadRequest as exc:
                    body = f"{exc}\n".encode()
                    writer.write(head_bytes(400, [("content-length", str(len(body))), ("connection", "close")]))
                    writer.write(body)
                    return
                length = request.header("content-length")
                if length is not None and length.isdigit() and int(length) > 0:
                    await reader.readexactly(int(length))
                connection = (request.header("connection") or "").lower()
                keep_alive = connection != "close" if version == "HTTP/1.1" else connection == "keep-alive"
                try:
                    response = await self.respond(request)
                except Exception:  # a bug in a site or handler: answer 500 and keep serving
                    traceback.print_exc(file=sys.stderr)
                    body = b"internal mirror error\n"
                    response = MirrorResponse(500, (("content-type", "text/plain"),), body, close_after=True)
                keep_alive = await self._write(writer, request, response, keep_alive)
                await writer.drain()
                if not keep_alive:
                    return
        except (ConnectionError, asyncio.IncompleteReadError):
            return
        except asyncio.CancelledError:
            # server shutdown (or a hung handler being dropped): end quietly; re-raising here makes
            # asyncio 3.11's stream callback log the cancellation as an error
            return
        finally:
            try:
                writer.close()
            except RuntimeError:  # loop already closing
                pass

    async def _write(
        self, writer: asyncio.StreamWriter, request: MirrorRequest, response: MirrorResponse, keep_alive: bool
    ) -> bool:
        headers = list(response.headers)
        keep_alive = keep_alive and not response.close_after
        if not has_header(headers, "connection"):
            headers.append(("connection", "keep-alive" if keep_alive else "close"))
        body = response.body
        head_only = request.method == "HEAD" or response.status in (204, 304)
        if isinstance(body, bytes):
            if not has_header(headers, "content-length") and response.status not in (204, 304):
                headers.append(("content-length", str(len(body))))
            head = head_bytes(response.status, headers)
            writer.write(head + body if body and not head_only else head)  # one send for small pages
            return keep_alive
        chunked = not has_header(headers, "content-length") and not has_header(headers, "transfer-encoding")
        if chunked:
            headers.append(("transfer-encoding", "chunked"))
        writer.write(head_bytes(response.status, headers))
        await writer.drain()
        if head_only:
            await _close_iterator(body)
            return keep_alive
        async for chunk in body:
            if not chunk:
                continue
            writer.write(b"%x\r\n%s\r\n" % (len(chunk), chunk) if chunked else chunk)
            await writer.drain()
        if chunked:
            writer.write(b"0\r\n\r\n")
        return keep_alive


async def _close_iterator(body: AsyncIterator[bytes]) -> None:
    closer = getattr(body, "aclose", None)
    if closer is not None:
        await closer()


class MirrorServer:
    """Serve a MirrorSite on one loopback port from a daemon thread. Use as a context manager."""

    def __init__(
        self, site: Site, host: str = "127.0.0.1", port: int = 0, handlers: dict[str, Handler] | None = None
    ) -> None:
        """`handlers` maps extra host names to async handlers (same contract as ingest.mirror.faults)."""
        self.site = site
        self.host = host
        self.port = port
        self.address: tuple[str, int] = (host, port)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._server: asyncio.Server | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._connections = _Connections(site, handlers)

    @property
    def state(self) -> dict[str, object]:
        """The per-server state dict passed to the faults handler."""
        return self._connections.state

    def host_map(self) -> dict[str, str]:
        """{real host: "127.0.0.1:PORT"} for every mirrored host (and faults.test)."""
        where = f"{self.address[0]}:{self.address[1]}"
        return {host: where for host in (*self.site.hosts, FAULTS_HOST, *self._connections.handlers)}

    def base_url(self) -> str:
        return f"http://{self.address[0]}:{self.address[1]}"

    def start(self) -> MirrorServer:
        if self._thread is not None:
            raise RuntimeError("MirrorServer already started")
        self._thread = threading.Thread(target=self._run, name="mirror-server", daemon=True)
        self._thread.start()
        self._ready.wait(timeout=30)
        if self._error is not None:
            raise self._error
        if not self._ready.is_set():
            raise TimeoutError("mirror server did not start within 30 s")
        return self

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        asyncio.set_event_loop(loop)
        try:
            self._server = loop.run_until_complete(
                asyncio.start_server(
                    self._connections.serve, self.host, self.port, limit=MAX_HEADER_BYTES, backlog=1024
                )
            )
        except OSError as exc:
            self._error = exc
            self._ready.set()
            loop.close()
            return
        sock = self._server.sockets[0].getsockname()
        self.address = (str(sock[0]), int(sock[1]))
        self._ready.set()
        try:
            loop.run_forever()
        finally:
            tasks = [t for t in asyncio.all_tasks(loop) if not t.done()]
            for task in tasks:
                task.cancel()
            if tasks:
                loop.run_until_complete(asyncio.gather(*tasks, return_exceptions=True))
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()

    def stop(self) -> None:
        loop, server, thread = self._loop, self._server, self._thread
        if loop is None or thread is None:
            return
        if server is not None:
            loop.call_soon_threadsafe(server.close)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        self._thread = None
        self._loop = None

    def __enter__(self) -> MirrorServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
