"""The network explorer page: a static page in ``web/static/explore/`` that draws the network with Cytoscape.

The page is plain HTML and JavaScript that loads its assets by absolute ``/static/explore/`` paths,
so it works both at ``/explore`` and at ``/static/explore/index.html``; it asks only ``/graphql``.
"""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse

EXPLORE_PAGE = Path(__file__).parent / "static" / "explore" / "index.html"


async def explore_page(_request: Request) -> FileResponse:
    """The explorer's HTML, served at ``/explore``."""
    return FileResponse(EXPLORE_PAGE, media_type="text/html; charset=utf-8")
