"""The headers every HTML page of the hub carries: no site may frame it, and it runs only the hub's own files.

GraphiQL and the explorer hold a visitor's token. Framed by another site, a click there could be
turned into one here; a script injected into either could read the token. So the pages may not be
framed, and their content security policy lets in scripts, styles, fonts and images from the hub
alone (``data:`` for the inline icon and GraphiQL's embedded fonts) and connections to the hub's own
HTTP and WebSocket addresses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from starlette.datastructures import Headers
from starlette.responses import HTMLResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import Receive, Scope, Send

# A Host header that can be written into the policy as it is: a name or an address, and a port.
_HOST = re.compile(r"(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?")


def content_security_policy(host: str | None, style_hashes: Iterable[str] = ()) -> str:
    """The policy of a page served to `host`; its WebSocket address is named, as some browsers' 'self' leaves ws: out.

    `style_hashes` ("sha256-…") admit the fixed <style> elements a page's libraries insert.

    >>> content_security_policy("hub.example:8000").split("; ")[-1]
    "connect-src 'self' ws://hub.example:8000 wss://hub.example:8000"
    >>> content_security_policy("evil; script-src *").split("; ")[-1]
    "connect-src 'self'"
    """
    styles = "".join(f" '{digest}'" for digest in style_hashes)
    sockets = f" ws://{host} wss://{host}" if host and _HOST.fullmatch(host) else ""
    return "; ".join(
        (
            "default-src 'self'",
            "script-src 'self'",
            f"style-src 'self'{styles}",
            "img-src 'self' data:",
            "font-src 'self' data:",
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "object-src 'none'",
            f"connect-src 'self'{sockets}",
        )
    )


class _Page(HTMLResponse):
    """An HTML response that completes its policy from the request it answers, which only sending it knows."""

    def __init__(self, html: str, style_hashes: tuple[str, ...]) -> None:
        super().__init__(html, headers={"X-Frame-Options": "DENY"})
        self.style_hashes = style_hashes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        host = Headers(scope=scope).get("host")
        self.headers["Content-Security-Policy"] = content_security_policy(host, self.style_hashes)
        await super().__call__(scope, receive, send)


def html_page(html: str, *, style_hashes: Iterable[str] = ()) -> HTMLResponse:
    """`html` as a page that may not be framed and runs only what the hub serves."""
    return _Page(html, tuple(style_hashes))


class StaticFilesFramedNowhere(StaticFiles):
    """The hub's static files; an HTML file among them gets a page's headers, so no copy of a page can be framed."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        if response.headers.get("content-type", "").startswith("text/html"):
            response.headers["X-Frame-Options"] = "DENY"
            response.headers["Content-Security-Policy"] = content_security_policy(Headers(scope=scope).get("host"))
        return response
