"""The network explorer page: a static page in ``web/static/explore/`` that draws the network with Cytoscape.

The page is plain HTML and JavaScript that loads its assets by absolute ``/static/explore/`` paths;
it asks only ``/graphql``. At ``/explore`` it carries web.pages' framing and content policy.
"""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse

from web.pages import html_page

EXPLORE_HTML = (Path(__file__).parent / "static" / "explore" / "index.html").read_text(encoding="utf-8")


async def explore_page(_request: Request) -> HTMLResponse:
    """The explorer's HTML, served at ``/explore``."""
    return html_page(EXPLORE_HTML)
