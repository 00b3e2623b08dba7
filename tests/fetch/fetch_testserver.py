"""A small raw-HTTP/1.1 asyncio server for the fetch tests: routes by Host header to handlers written
against ingest.mirror.protocol (the same contract the mirror uses), runs in a daemon thread."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Awaitable, Callable
from http import HTTPStatus

from ingest.mirror.protocol import MirrorRequest, MirrorResponse

Handler = Callable[[MirrorRequest, dict[str, object]], Awaitable[MirrorResponse]]


class LoopbackServer:
    def __init__(self, handlers: dict[str, Handler], host: str = "127.0.0.1") -> None:
        self.handlers = handlers
        self.state: dict[str, object] = {}
        self.requests: list[MirrorRequest] = []
        self.times: list[float] = []  # time.monotonic() of each request's arrival, parallel to `requests`
        self.in_flight = 0
        self.max_in_flight = 0
        self.connections = 0  # TCP connections accepted so far
        self.open_connections = 0
        self.max_open_connections = 0
        self._host = host
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server: asyncio.Server | None = None
        self.port = 0

    def __enter__(self) -> LoopbackServer:
        self._thread.start()
        future = asyncio.run_coroutine_threadsafe(self._start(), self._loop)
        future.result(10)
        return self

    def __exit__(self, *exc: object) -> None:
        async def stop() -> None:
            assert self._server is not None
            self._server.close()
            for task in asyncio.all_tasks():
                if task is not asyncio.current_task():
                    task.cancel()

        asyncio.run_coroutine_threadsafe(stop(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    @property
    def address(self) -> str:
        return f"{self._host}:{self.port}"

    def host_map(self, *hosts: str) -> dict[str, str]:
        return {h: self.address for h in (hosts or self.handlers)}

    async def _start(self) -> None:
        self._server = await asyncio.start_server(self._serve, self._host, 0)
        self.port = self._server.sockets[0].getsockname()[1]

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        self.open_connections += 1
        self.max_open_connections = max(self.max_open_connections, self.open_connections)
        try:
            while True:
                line = await reader.readline()
                if not line:
                    return
                method, target, _ = line.decode("latin-1").split(" ", 2)
                headers: list[tuple[str, str]] = []
                while (raw := await reader.readline()) not in (b"\r\n", b"\n", b""):
                    name, _, value = raw.decode("latin-1").partition(":")
                    headers.append((name.strip().lower(), value.strip()))
                host = dict(headers).get("host", "").rsplit(":", 1)[0].lower() if not dict(headers).get(
                    "host", "").startswith("[") else dict(headers)["host"]
                request = MirrorRequest(method, host, target, tuple(headers))
                self.requests.append(request)
                self.times.append(time.monotonic())
                self.in_flight += 1
                self.max_in_flight = max(self.max_in_flight, self.in_flight)
                try:
                    handler = self.handlers.get(host) or self.handlers.get("*")
                    response = await handler(request, self.state) if handler else MirrorResponse(404, (), b"")
                    await self._write(writer, response, method)
                finally:
                    self.in_flight -= 1
                if response.close_after or dict(headers).get("connection", "").lower() == "close":
                    return
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.CancelledError):
            return
        finally:
            self.open_connections -= 1
            writer.close()

    async def _write(self, writer: asyncio.StreamWriter, response: MirrorResponse, method: str) -> None:
        try:
            reason = HTTPStatus(response.status).phrase
        except ValueError:
            reason = "Unknown"
        head = [f"HTTP/1.1 {response.status} {reason}"]
        names = {k.lower() for k, _ in response.headers}
        head += [f"{k}: {v}" for k, v in response.headers]
        if isinstance(response.body, bytes):
            if "content-length" not in names:
                head.append(f"Content-Length: {len(response.body)}")
            writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1"))
            if method != "HEAD":
                writer.write(response.body)
            await writer.drain()
            return
        if "content-length" not in names:
            head.append("Transfer-Encoding: chunked")
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1"))
        await writer.drain()
        chunked = "content-length" not in names
        async for chunk in response.body:
            writer.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n" if chunked else chunk)
            await writer.drain()
        if chunked:
            writer.write(b"0\r\n\r\n")
            await writer.drain()


    def paths(self, host: str | None = None) -> list[str]:
        """Request targets seen so far (optionally only for one Host)."""
        return [r.target for r in self.requests if host is None or r.host == host]
