"""URL canonicalisation: one key per article whatever tracking, AMP, CMS or slash variant was fetched."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, urlencode, urljoin, urlsplit, urlunsplit

from ingest.dedup.tables import load_tables


class InvalidUrlError(ValueError):
    """The string is not an absolute http(s) URL."""


_TRACKING_EXACT = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid", "mc_cid", "mc_eid",
        "_ga", "_gl", "swcfpc", "amp", "outputtype", "ref_src", "ref_url", "cmpid", "at_medium", "at_campaign",
    }
)
_TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_")
_AMP_SUFFIX = re.compile(r"(?:/amp|/index\.amp|\.amp)/?$", re.IGNORECASE)
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in _TRACKING_EXACT or lowered.startswith(_TRACKING_PREFIXES)


def _normalise_escapes(part: str, safe: str) -> str:
    """Upper-case percent escapes, decode escaped unreserved characters, encode raw non-ASCII characters."""

    def fix(match: re.Match[str]) -> str:
        char = chr(int(match.group(1), 16))
        return char if char in _UNRESERVED else "%" + match.group(1).upper()

    return quote(_ESCAPE.sub(fix, part), safe=safe + "%")


def _host(netloc_host: str | None, port: int | None, scheme: str) -> str:
    if not netloc_host:
        raise InvalidUrlError("URL has no host")
    host = netloc_host.lower().rstrip(".")
    host = load_tables().host_aliases.get(host, host)
    if port is not None and port != _DEFAULT_PORTS.get(scheme):
        return f"{host}:{port}"
    return host


def _path(path: str, host: str) -> str:
    path = re.sub(r"/{2,}", "/", path or "/")
    for prefix in load_tables().path_prefix_strips.get(host, ()):
        if path == prefix or path.startswith(prefix + "/"):
            path = path[len(prefix):] or "/"
            break
    path = _AMP_SUFFIX.sub("", path) or "/"
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    return _normalise_escapes(path, safe="/:@!$&'()*+,;=")


def _query(query: str) -> str:
    pairs = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if not _is_tracking(k)]
    pairs.sort()
    return urlencode(pairs, quote_via=quote, safe="/:@!$'()*,;")


def _same_site(host_a: str, host_b: str) -> bool:
    def base(host: str) -> str:
        host = host.split(":", 1)[0]
        return host[4:] if host.startswith("www.") else host

    return base(host_a) == base(host_b)


def canonical_url(url: str, rel_canonical: str | None = None) -> str:
    """The article key for `url`.

    Lower-case scheme and host (http becomes https, host aliases folded, default port dropped), fragment
    dropped, tracking parameters (utm_*, fbclid, gclid, swcfpc, ...) removed and the rest sorted, AMP forms
    (/amp, /amp/, /index.amp, .amp, ukrinform's /amp/ prefix, ?amp) and odessa-journal's /public/ and
    /public/index.php/ prefixes removed, repeated and trailing slashes removed. When the page declares a
    `rel_canonical` on the same site (www. ignored), that URL (resolved against `url`) is canonicalised instead.
    Raises InvalidUrlError for anything but an absolute http(s) URL.
    """
    if not isinstance(url, str) or not url.strip():
        raise InvalidUrlError(f"expected a non-empty URL string, got {url!r}")
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise InvalidUrlError(f"not an absolute http(s) URL: {url!r}")
    try:
        port = parts.port
    except ValueError as exc:
        raise InvalidUrlError(f"bad port in URL {url!r}") from exc
    host = _host(parts.hostname, port, scheme)
    if rel_canonical and rel_canonical.strip():
        declared = urljoin(url.strip(), rel_canonical.strip())
        try:
            declared_key = canonical_url(declared)
        except InvalidUrlError:
            declared_key = None
        if declared_key is not None and _same_site(host, urlsplit(declared_key).netloc):
            return declared_key
    return urlunsplit(("https", host, _path(parts.path, host), _query(parts.query), ""))
