"""Which browser origins may use the API: CORS for HTTP, and the same rule for WebSocket handshakes.

A page is always allowed on the hub's own origin; pages elsewhere only on the origins an operator
lists in HUB_ALLOWED_ORIGINS. Browsers enforce CORS for HTTP themselves, so a refused origin simply
gets no CORS headers; they do not for WebSockets, so the endpoint refuses those handshakes itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

DEFAULT_PORTS = {"http": 80, "https": 443}
ALLOWED_METHODS = "GET, POST"
ALLOWED_HEADERS = "Accept, Accept-Language, Authorization, Content-Type"
PREFLIGHT_MAX_AGE = "600"  # seconds a browser may remember a preflight answer


def normalize_origin(origin: str) -> str | None:
    """`scheme://host[:port]` as browsers send it (lower case, default port left out); None if not an origin.

    >>> normalize_origin("https://Example.org:443")
    'https://example.org'
    >>> normalize_origin("http://localhost:5173/")
    'http://localhost:5173'
    >>> normalize_origin("null") is None
    True
    """
    try:
        parts = urlsplit(origin.strip())
        port = parts.port
    except ValueError:
        return None
    if not parts.scheme or not parts.hostname:
        return None
    scheme = parts.scheme.lower()
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return f"{scheme}://{host}" if port in (None, DEFAULT_PORTS.get(scheme)) else f"{scheme}://{host}:{port}"


def is_same_origin(origin: str, host: str | None) -> bool:
    """Whether `origin` names the host the request was sent to (host and port; the scheme may differ behind TLS).

    >>> is_same_origin("http://127.0.0.1:8000", "127.0.0.1:8000")
    True
    >>> is_same_origin("https://hub.example.org", "hub.example.org")
    True
    >>> is_same_origin("http://evil.example", "127.0.0.1:8000")
    False
    """
    if not host:
        return False
    try:
        origin_parts, host_parts = urlsplit(origin.strip()), urlsplit(f"//{host.strip()}")
        default = DEFAULT_PORTS.get(origin_parts.scheme.lower())
        return (
            origin_parts.hostname is not None
            and origin_parts.hostname == host_parts.hostname
            and (origin_parts.port or default) == (host_parts.port or default)
        )
    except ValueError:
        return False


class OriginPolicy:
    """The hub's own origin plus the listed ones; `*` in the list allows every origin."""

    def __init__(self, allowed: Iterable[str]) -> None:
        self.any = False
        self.allowed: set[str] = set()
        for entry in allowed:
            if entry == "*":
                self.any = True
                continue
            origin = normalize_origin(entry)
            if origin is None or urlsplit(entry.strip()).path not in ("", "/"):
                raise ValueError(f"HUB_ALLOWED_ORIGINS: {entry!r} is not an origin like https://example.org")
            self.allowed.add(origin)

    def allows(self, origin: str, host: str | None) -> bool:
        return self.any or is_same_origin(origin, host) or normalize_origin(origin) in self.allowed

    def cors_headers(self, origin: str | None, host: str | None) -> dict[str, str]:
        """Headers letting a page on `origin` read the response; none for an origin that is not allowed."""
        if origin is None or not self.allows(origin, host):
            return {}
        return {"Access-Control-Allow-Origin": origin}

    def preflight_headers(self, origin: str | None, host: str | None) -> dict[str, str]:
        """The answer to a browser's OPTIONS preflight: the methods and headers the API takes, or nothing."""
        allowed = self.cors_headers(origin, host)
        if not allowed:
            return {}
        return {
            **allowed,
            "Access-Control-Allow-Methods": ALLOWED_METHODS,
            "Access-Control-Allow-Headers": ALLOWED_HEADERS,
            "Access-Control-Max-Age": PREFLIGHT_MAX_AGE,
        }
