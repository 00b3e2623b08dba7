"""What the fetcher is asked to do (FetchRequest) and how politely and safely it does it (FetchConfig)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urlsplit

from ingest.pickling import fast_pickling

DEFAULT_USER_AGENT = "ingest/0.1 (+https://github.com/ingest-news/ingest; news research pipeline)"

Purpose = Literal["discovery", "article"]


class FetchInputError(ValueError):
    """A FetchRequest or FetchConfig is invalid; the message names the field and the bad value."""


@fast_pickling
@dataclass(frozen=True, slots=True)
class FetchRequest:
    """One URL to fetch for one source.

    allowed_hosts: hosts this source may be fetched from; the URL itself and every redirect must stay on them
    (error kind "host_not_allowed" otherwise). Empty: only the URL's own host.
    etag / last_modified: validators from the previous fetch; sent as If-None-Match / If-Modified-Since so
    an unchanged page comes back as a Page with status 304 and no text.
    """

    source: str
    url: str
    purpose: Purpose = "article"
    allowed_hosts: tuple[str, ...] = ()
    etag: str | None = None
    last_modified: str | None = None
    _host: str = field(default="", init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        parts = urlsplit(self.url)
        object.__setattr__(self, "_host", (parts.hostname or "").lower())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchInputError(f"FetchRequest.url must be an absolute http(s) URL, got {self.url!r}")
        if self.purpose not in ("discovery", "article"):
            raise FetchInputError(f"FetchRequest.purpose must be 'discovery' or 'article', got {self.purpose!r}")
        if not self.source:
            raise FetchInputError(f"FetchRequest.source is empty for {self.url!r}")
        if isinstance(self.allowed_hosts, str):
            raise FetchInputError(f"FetchRequest.allowed_hosts must be a tuple of host names, got a str {self.allowed_hosts!r}")

    @property
    def host(self) -> str:
        """The URL's host, lower case."""
        return self._host

    def allowed_host_set(self) -> dict[str, bool]:
        """The hosts this request may touch, lower case (a dict for fast membership tests)."""
        if not self.allowed_hosts:
            return {self.host: True}
        return {h.lower(): True for h in self.allowed_hosts}


@dataclass(frozen=True, slots=True)
class FetchConfig:
    """Fetch settings of one run. Every duration is in seconds, every size in bytes."""

    user_agent: str = DEFAULT_USER_AGENT  # sent on every request, also matched against robots.txt groups
    global_concurrency: int = 16  # requests in flight over all hosts
    per_host_concurrency: int = 4  # requests in flight to one host
    min_delay_s: float = 0.5  # least time between two request starts to one host (robots Crawl-delay may raise it)
    max_attempts: int = 3  # tries of one URL within one call (transient errors only)
    backoff_base_s: float = 1.0  # first retry waits about this long; doubles per attempt, with full jitter
    max_backoff_s: float = 30.0  # cap of one backoff wait
    max_retry_after_s: float = 120.0  # a longer Retry-After is not waited for: the URL stays pending for a later run
    max_slowdown_factor: float = 16.0  # a host answering 429/503 gets its delay multiplied by up to this
    slowdown_floor_s: float = 1.0  # the delay a host with no delay configured gets on its first 429/503
    connect_timeout_s: float = 10.0  # TCP (+TLS) connect
    read_timeout_s: float = 20.0  # longest silence while reading the response
    total_timeout_s: float = 60.0  # one attempt, from connect to last body byte (catches trickling)
    max_bytes: int = 10 * 1024 * 1024  # bytes on the wire per response; the download is aborted past this
    max_decompressed_bytes: int = 40 * 1024 * 1024  # body bytes after gzip/deflate/brotli decoding
    max_redirects: int = 5  # redirect hops followed per attempt
    host_map: Mapping[str, str] = field(default_factory=dict)  # host -> "ip:port" to connect to instead; "*" = all
    respect_robots: bool = True  # fetch robots.txt per host and honour Disallow and Crawl-delay
    robots_ttl_s: float = 24 * 3600.0  # how long a fetched robots.txt stays valid in a RobotsCache
    max_crawl_delay_s: float = 30.0  # a larger robots Crawl-delay is clipped to this
    accept_language: str = "en,uk;q=0.9,*;q=0.5"
    jitter_seed: int | None = None  # seed for backoff jitter (tests); None = random

    def __post_init__(self) -> None:
        positive_ints = ("global_concurrency", "per_host_concurrency", "max_attempts", "max_bytes",
                         "max_decompressed_bytes")
        for name in positive_ints:
            value = getattr(self, name)
            if not isinstance(value, int) or value < 1:
                raise FetchInputError(f"FetchConfig.{name} must be an int >= 1, got {value!r}")
        if not isinstance(self.max_redirects, int) or self.max_redirects < 0:
            raise FetchInputError(f"FetchConfig.max_redirects must be an int >= 0, got {self.max_redirects!r}")
        non_negative = ("min_delay_s", "backoff_base_s", "max_backoff_s", "max_retry_after_s", "robots_ttl_s",
                        "max_crawl_delay_s", "slowdown_floor_s")
        for name in non_negative:
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or value < 0:
                raise FetchInputError(f"FetchConfig.{name} must be a number >= 0, got {value!r}")
        for name in ("connect_timeout_s", "read_timeout_s", "total_timeout_s"):
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or value <= 0:
                raise FetchInputError(f"FetchConfig.{name} must be a number > 0, got {value!r}")
        if self.max_slowdown_factor < 1:
            raise FetchInputError(f"FetchConfig.max_slowdown_factor must be >= 1, got {self.max_slowdown_factor!r}")
        if not self.user_agent.strip():
            raise FetchInputError("FetchConfig.user_agent is empty")
        cleaned: dict[str, str] = {}
        for host, target in dict(self.host_map).items():
            parse_host_port(target, f"FetchConfig.host_map[{host!r}]")
            cleaned[host.lower()] = target
        object.__setattr__(self, "host_map", cleaned)  # a plain dict copy: picklable, lower-case keys


def parse_host_port(target: str, what: str) -> tuple[str, int]:
    """'127.0.0.1:8765' or '[::1]:8765' -> (host, port); raises FetchInputError naming `what` otherwise."""
    parts = urlsplit(f"//{target}")
    try:
        port = parts.port
    except ValueError as exc:
        raise FetchInputError(f"{what} must be 'address:port', got {target!r}") from exc
    if not parts.hostname or port is None:
        raise FetchInputError(f"{what} must be 'address:port', got {target!r}")
    return parts.hostname, port
