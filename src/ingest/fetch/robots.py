"""robots.txt rules (pure evaluation over urllib.robotparser) and a per-origin cache with expiry."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

RobotsState = Literal["parsed", "allow_all", "disallow_all"]


@dataclass(frozen=True, slots=True)
class RobotsRules:
    """The rules of one origin. `state` says why: a parsed file, no usable file (4xx: everything allowed) or
    an unavailable file (5xx / network error: nothing allowed for now, per RFC 9309)."""

    state: RobotsState
    text: str = ""

    def _parser(self) -> RobotFileParser:
        parser = RobotFileParser()
        parser.parse(self.text.splitlines())
        return parser

    def allows(self, user_agent: str, url: str) -> bool:
        if self.state != "parsed":
            return self.state == "allow_all"
        if not _restricts(self.text):
            return True  # no Disallow with a path anywhere: skip urllib's per-URL parsing
        return _cached_parser(self).can_fetch(user_agent, url)

    def crawl_delay(self, user_agent: str) -> float | None:
        """Crawl-delay (fractions allowed, unlike urllib's) of the group for `user_agent`, else of '*'."""
        if self.state != "parsed":
            return None
        delay = parse_crawl_delay(self.text, user_agent)
        if delay is None:
            rate = _cached_parser(self).request_rate(user_agent)
            if rate is not None and rate.requests > 0:
                return rate.seconds / rate.requests
        return delay


def parse_crawl_delay(text: str, user_agent: str) -> float | None:
    """The Crawl-delay of the first group naming our product token, else of the '*' group."""
    token = user_agent.split("/", 1)[0].strip().lower()
    groups: list[tuple[list[str], float | None]] = []
    agents: list[str] = []
    delay: float | None = None
    in_rules = False
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        key, _, value = line.partition(":")
        key, value = key.strip().lower(), value.strip()
        if key == "user-agent":
            if in_rules:
                groups.append((agents, delay))
                agents, delay, in_rules = [], None, False
            agents.append(value.lower())
        elif key in ("allow", "disallow", "crawl-delay", "request-rate") and agents:
            in_rules = True
            if key == "crawl-delay":
                try:
                    delay = max(0.0, float(value))
                except ValueError:
                    pass
    if agents:
        groups.append((agents, delay))
    specific = [d for names, d in groups if any(n != "*" and n in token for n in names)]
    if specific:
        return specific[0]
    fallback = [d for names, d in groups if "*" in names]
    return fallback[0] if fallback else None


_PARSERS: dict[str, RobotFileParser] = {}
_DISALLOW_WITH_PATH = re.compile(r"^\s*disallow\s*:\s*[^\s#]", re.IGNORECASE | re.MULTILINE)


@lru_cache(maxsize=256)
def _restricts(text: str) -> bool:
    """True when some group disallows something (an empty 'Disallow:' allows everything)."""
    return _DISALLOW_WITH_PATH.search(text) is not None


def _cached_parser(rules: RobotsRules) -> RobotFileParser:
    parser = _PARSERS.get(rules.text)
    if parser is None:
        if len(_PARSERS) > 1000:
            _PARSERS.clear()
        parser = _PARSERS[rules.text] = rules._parser()
    return parser


def rules_from_response(status: int | None, text: str) -> RobotsRules:
    """RFC 9309: 2xx -> parse; 4xx -> allow all; 5xx or no response -> disallow all (until fetched again)."""
    if status is None or status >= 500 or status == 429:
        return RobotsRules("disallow_all")
    if 200 <= status < 300:
        return RobotsRules("parsed", text)
    return RobotsRules("allow_all")


def origin_of(url: str) -> str:
    """'https://Host:443/x?y' -> 'https://host' (default ports dropped); the key robots.txt applies to."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    port = parts.port
    default = {"http": 80, "https": 443}.get(parts.scheme)
    netloc = host if port in (None, default) else f"{host}:{port}"
    if ":" in host and not host.startswith("["):
        netloc = f"[{host}]" if port in (None, default) else f"[{host}]:{port}"
    return f"{parts.scheme}://{netloc}"


def robots_url(url: str) -> str:
    return origin_of(url) + "/robots.txt"


@dataclass(slots=True)
class RobotsCache:
    """Rules per origin, each valid for `ttl_s` seconds (monotonic clock). Keep one across batches of a
    process to fetch each robots.txt once per TTL; unavailable results expire after `retry_unavailable_s`."""

    ttl_s: float = 24 * 3600.0
    retry_unavailable_s: float = 300.0
    _entries: dict[str, tuple[RobotsRules, float]] = field(default_factory=dict)

    def get(self, origin: str, now: float | None = None) -> RobotsRules | None:
        entry = self._entries.get(origin)
        if entry is None:
            return None
        rules, expires = entry
        if (now if now is not None else time.monotonic()) >= expires:
            del self._entries[origin]
            return None
        return rules

    def put(self, origin: str, rules: RobotsRules, now: float | None = None) -> None:
        ttl = self.retry_unavailable_s if rules.state == "disallow_all" else self.ttl_s
        self._entries[origin] = (rules, (now if now is not None else time.monotonic()) + ttl)
