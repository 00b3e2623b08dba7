"""One-line operator advice for hosts that refuse the fetcher (error kind "blocked")."""

from __future__ import annotations

_KNOWN: dict[str, str] = {
    "president.gov.ua": (
        "president.gov.ua answers 403 to scripted clients: fetch it with a browser-like User-Agent from an "
        "allowed network, use the Wayback Machine (web.archive.org) copies, or the official RSS via a reader."
    ),
}


def blocked_advice(host: str) -> str:
    """Advice for the run summary when `host` answered 403."""
    host = host.lower()
    for domain, text in _KNOWN.items():
        if host == domain or host.endswith("." + domain):
            return text
    return (f"{host} answered 403 (blocked): it may refuse non-browser clients or this network; try a "
            f"browser-like User-Agent, a slower rate, or an archived copy (web.archive.org).")
