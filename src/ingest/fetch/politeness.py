"""Per-host politeness: concurrency slots, spacing between request starts, slow-down on 429/503 and
Retry-After pauses. The arithmetic is in small pure functions; HostGate applies it on the event loop."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from ingest.fetch.errors import DeferredFetchError
from ingest.fetch.policy import SLOWDOWN_STATUSES


def next_slowdown(factor: float, status: int | None, max_factor: float) -> float:
    """Double the delay factor on 429/503; ease back by a quarter on any other answer; stay within [1, max]."""
    if status in SLOWDOWN_STATUSES:
        return min(max_factor, max(2.0, factor * 2.0))
    if status is None:
        return factor
    return max(1.0, factor * 0.75)


def host_delay(min_delay_s: float, crawl_delay_s: float | None, factor: float, floor_s: float) -> float:
    """Seconds between request starts to one host: the larger of config and robots Crawl-delay, multiplied by
    the slow-down factor (a host with no delay gets `floor_s` once it is slowed down)."""
    base = max(min_delay_s, crawl_delay_s or 0.0)
    if factor > 1.0:
        base = max(base, floor_s)
    return base * factor


@dataclass(slots=True)
class HostState:
    slots: asyncio.Semaphore
    crawl_delay_s: float | None = None
    factor: float = 1.0
    next_start: float = 0.0  # monotonic time before which no new request may start


class HostGate:
    """Per-host slots and spacing, plus the global concurrency cap."""

    def __init__(self, global_concurrency: int, per_host_concurrency: int, min_delay_s: float,
                 max_factor: float, floor_s: float, max_wait_s: float) -> None:
        self._global = asyncio.Semaphore(global_concurrency)
        self._per_host = per_host_concurrency
        self._min_delay = min_delay_s
        self._max_factor = max_factor
        self._floor = floor_s
        self._max_wait = max_wait_s
        self._hosts: dict[str, HostState] = {}

    def _state(self, host: str) -> HostState:
        state = self._hosts.get(host)
        if state is None:
            state = self._hosts[host] = HostState(asyncio.Semaphore(self._per_host))
        return state

    def set_crawl_delay(self, host: str, seconds: float | None) -> None:
        """Honour robots Crawl-delay from now on (also for the next request start)."""
        state = self._state(host)
        state.crawl_delay_s = seconds
        if seconds:
            state.next_start = max(state.next_start, time.monotonic() + seconds)

    def pause(self, host: str, seconds: float) -> None:
        """No request to `host` starts for `seconds` (Retry-After)."""
        state = self._state(host)
        state.next_start = max(state.next_start, time.monotonic() + seconds)

    def observe(self, host: str, status: int | None) -> None:
        """Adapt to an answer: after 429/503 the next start is pushed out by the (larger) new delay."""
        state = self._state(host)
        state.factor = next_slowdown(state.factor, status, self._max_factor)
        if status in SLOWDOWN_STATUSES:
            delay = host_delay(self._min_delay, state.crawl_delay_s, state.factor, self._floor)
            state.next_start = max(state.next_start, time.monotonic() + delay)

    def factor(self, host: str) -> float:
        return self._state(host).factor

    @asynccontextmanager
    async def slot(self, host: str) -> AsyncIterator[None]:
        """Wait for a slot and the host's next start time, then for the global cap. A host that asked
        (Retry-After) for a longer pause than `max_wait_s` is not waited for: TransientFetchError rate_limited."""
        state = self._state(host)
        async with state.slots:
            while True:
                wait = state.next_start - time.monotonic()
                if wait <= 0:
                    break
                if wait > self._max_wait:
                    raise DeferredFetchError("rate_limited", f"{host} asked for a pause of {wait:.0f}s "
                                              f"(Retry-After), over the {self._max_wait:g}s cap: left for a later run")
                await asyncio.sleep(wait)
            state.next_start = time.monotonic() + host_delay(self._min_delay, state.crawl_delay_s, state.factor,
                                                             self._floor)
            async with self._global:
                yield
