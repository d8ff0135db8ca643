"""The GraphiQL page, served entirely by the hub so it works with no internet access.

Strawberry's own page loads React, GraphiQL and the explorer plugin from unpkg.com,
which offline leaves a blank page. This is the same page (strawberry 0.341's
``static/graphiql.html``) pointed at copies vendored in ``web/static/graphiql/``
(see the README there), keeping the Subresource Integrity hashes strawberry pins,
so a file that drifts from the published release is refused by the browser. The page's
own script and style are files beside them: web.pages' policy allows no inline script.
"""

from __future__ import annotations

from html import escape
from string import Template
from typing import NamedTuple

from starlette.responses import HTMLResponse

from web.pages import html_page


class Asset(NamedTuple):
    """A vendored file and the SRI hash it must match: the one strawberry pins for unpkg."""

    file: str
    integrity: str


STYLESHEETS = (
    Asset("graphiql.min.css", "sha384-Mq3vbRBY71jfjQAt/DcjxUIYY33ksal4cgdRt9U/hNPvHBCaT2JfJ/PTRiPKf0aM"),
    Asset("plugin-explorer.css", "sha384-5DFJlDPW2tSATRbM8kzoP1j194jexLswuNmClWoRr2Q0x7R68JIQzPHZ02Faktwi"),
)
# Order matters: GraphiQL needs the React globals, the explorer plugin needs GraphiQL's.
SCRIPTS = (
    Asset("react.production.min.js", "sha384-tMH8h3BGESGckSAVGZ82T9n90ztNXxvdwvdM6UoR56cYcf+0iGXBliJ29D+wZ/x8"),
    Asset("react-dom.production.min.js", "sha384-bm7MnzvK++ykSwVJ2tynSE5TRdN+xL418osEVF2DE/L/gfWHj91J2Sphe582B1Bh"),
    Asset("js.cookie.min.js", "sha384-/vxhYfM1LENRhdpZ8dwEsQn/X4VhpbEZSiU4m/FwR+PVpzar4fkEOw8FP9Y+OfQN"),
    Asset("graphiql.min.js", "sha384-HbRVEFG0JGJZeAHCJ9Xm2+tpknBQ7QZmNlO/DgZtkZ0aJSypT96YYGRNod99l9Ie"),
    Asset("plugin-explorer.umd.js", "sha384-2oonKe47vfHIZnmB6ZZ10vl7T0Y+qrHQF2cmNTaFDuPshpKqpUMGMc9jgj9MLDZ9"),
)
# The one <style> GraphiQL's bundle inserts (react-remove-scroll-bar, while a dialog is open). Its
# text is fixed: the page's body neither scrolls nor has a margin, so every gap it writes is 0px.
DIALOG_STYLE_HASH = "sha256-Y/huXlwoYkVyQlxwSVcCi1RCDGDCSVBzDt0hYP9qlTc="

# `$name` placeholders are filled by graphiql_page(); the page itself must contain no other `$`.
PAGE = Template("""\
<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Creative City Hub · GraphiQL</title>
    <!-- An inline icon, so the browser asks no server for /favicon.ico. -->
    <link
      rel="icon"
      href="data:image/svg+xml,<svg xmlns=%22http://www.w3.org/2000/svg%22 viewBox=%220 0 100 100%22><text y=%22.9em%22 font-size=%2280%22>&#x1f353;</text></svg>"
    />
$stylesheets
    <link rel="stylesheet" href="$base/hub-graphiql.css" />
$scripts
  </head>

  <body>
    <div id="graphiql" class="graphiql-container" data-default-query="$default_query">Loading...</div>
    <!-- The hub's own script, which starts GraphiQL once the others are loaded. -->
    <script src="$base/hub-graphiql.js"></script>
  </body>
</html>
""")


def graphiql_page(*, default_query: str, static_url: str = "/static/graphiql") -> str:
    """The full HTML of a GraphiQL page that loads every asset from `static_url`.

    `static_url` is where ``web/static/graphiql/`` is served. The editor opens
    with `default_query`, unless the page's URL carries a shared ``?q=`` query;
    the query travels in an attribute, as text, so it can never become markup or script.
    """
    base = escape(static_url.rstrip("/"), quote=True)
    stylesheets = "\n".join(
        f'    <link crossorigin rel="stylesheet" href="{base}/{asset.file}" integrity="{asset.integrity}" />' for asset in STYLESHEETS
    )
    scripts = "\n".join(f'    <script crossorigin src="{base}/{asset.file}" integrity="{asset.integrity}"></script>' for asset in SCRIPTS)
    return PAGE.substitute(base=base, stylesheets=stylesheets, scripts=scripts, default_query=escape(default_query, quote=True))


def graphiql_response(default_query: str) -> HTMLResponse:
    """The GraphiQL page as the hub serves it, under web.pages' framing and content policy."""
    return html_page(graphiql_page(default_query=default_query), style_hashes=[DIALOG_STYLE_HASH])
