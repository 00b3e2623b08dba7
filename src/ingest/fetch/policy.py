"""Pure retry policy: which outcomes are retried, how long to wait, what Retry-After says."""

from __future__ import annotations

import random
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

# Error kinds recorded in FetchAttempt.error_kind. TRANSIENT kinds may succeed later (retried within the run
# while attempts remain, and left pending for later runs); TERMINAL kinds will not change by asking again.
TRANSIENT_ERROR_KINDS = frozenset({
    "timeout",  # connect, read or total timeout
    "connect",  # connection refused/reset, DNS failure
    "truncated",  # body shorter than its Content-Length, or connection dropped mid-body
    "protocol",  # malformed HTTP from the server
    "http_408",
    "rate_limited",  # 429
    "http_5xx",
    "robots_unavailable",  # robots.txt answered 5xx or could not be fetched: the host is not crawled this run
    "empty_body",  # 200 with no body: usually a CMS hiccup
})
TERMINAL_ERROR_KINDS = frozenset({
    "http_4xx",  # 4xx other than 403/408/429
    "blocked",  # 403: the site refuses this client (see advice.blocked_advice)
    "not_found",  # 404 and 410
    "too_large",  # more than max_bytes on the wire
    "decompression_bomb",  # more than max_decompressed_bytes after decoding
    "too_many_redirects",
    "redirect_loop",
    "bad_redirect",  # 3xx without a usable Location
    "scheme_not_allowed",
    "host_not_allowed",
    "address_blocked",  # resolves to loopback/private/link-local/metadata and is not in host_map
    "robots_disallowed",
    "unsupported_type",  # e.g. a PDF: recorded and skipped
    "bad_encoding",  # a Content-Encoding we did not ask for, or a corrupt compressed body
})
SLOWDOWN_STATUSES = frozenset({429, 503})


def is_transient(error_kind: str) -> bool:
    """True when a URL that failed with `error_kind` should stay pending and be tried again in a later run."""
    return error_kind in TRANSIENT_ERROR_KINDS


def error_kind_for_status(status: int) -> str | None:
    """The error kind of a final (non-redirect) HTTP status; None for 2xx and 304."""
    if 200 <= status < 300 or status == 304:
        return None
    if status == 403:
        return "blocked"
    if status in (404, 410):
        return "not_found"
    if status == 408:
        return "http_408"
    if status == 429:
        return "rate_limited"
    if 500 <= status < 600:
        return "http_5xx"
    return "http_4xx"


def should_retry(error_kind: str | None, attempt: int, max_attempts: int) -> bool:
    """Retry within this run? Only transient network/HTTP errors, only while attempts remain.

    robots_unavailable and empty_body are transient across runs but not retried at once.
    """
    if error_kind is None or attempt >= max_attempts:
        return False
    return error_kind in {"timeout", "connect", "truncated", "protocol", "http_408", "rate_limited", "http_5xx"}


def backoff_delay(attempt: int, base_s: float, max_s: float, rng: random.Random) -> float:
    """Seconds to wait after failed attempt number `attempt` (1-based): full jitter over base * 2**(attempt-1),
    capped at max_s. Never negative."""
    if attempt < 1:
        raise ValueError(f"attempt must be >= 1, got {attempt}")
    ceiling = min(max_s, base_s * (2 ** (attempt - 1)))
    return rng.uniform(ceiling / 2, ceiling) if ceiling > 0 else 0.0


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Retry-After as seconds from `now`: delta-seconds ('120') or an HTTP date. None if absent or unparsable;
    a date in the past gives 0."""
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    if text.isdigit():
        return float(int(text))
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    current = now or datetime.now(timezone.utc)
    return max(0.0, (when - current).total_seconds())
