"""The GraphiQL page, served entirely by the hub so it works with no internet access.

Strawberry's own page loads React, GraphiQL and the explorer plugin from unpkg.com,
which offline leaves a blank page. This is the same page (strawberry 0.341's
``static/graphiql.html``) pointed at copies vendored in ``web/static/graphiql/``
(see the README there), keeping the Subresource Integrity hashes strawberry pins,
so a file that drifts from the published release is refused by the browser.
"""

from __future__ import annotations

import json
from html import escape
from string import Template
from typing import NamedTuple


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
    <style>
      body {
        height: 100%;
        margin: 0;
        width: 100%;
        overflow: hidden;
      }

      #graphiql {
        height: 100vh;
        display: flex;
      }

      .docExplorerHide {
        display: none;
      }

      .doc-explorer-contents {
        overflow-y: hidden !important;
      }

      .docExplorerWrap {
        width: unset !important;
        min-width: unset !important;
      }

      .graphiql-explorer-actions select {
        margin-left: 4px;
      }
    </style>
$stylesheets
$scripts
  </head>

  <body>
    <div id="graphiql" class="graphiql-container">Loading...</div>
    <script>
      const DEFAULT_QUERY = $default_query;

      // URL parameters let a link share a query (?q=...&variables=...), as in strawberry's page.
      const parameters = {};

      for (const entry of window.location.search.slice(1).split("&")) {
        const eq = entry.indexOf("=");
        if (eq >= 0) {
          parameters[decodeURIComponent(entry.slice(0, eq))] =
            decodeURIComponent(entry.slice(eq + 1));
        }
      }

      // A link may bring request headers (the explorer's Authorization token) in the fragment, which
      // the browser sends to no server; they fill the Headers pane and leave the address bar.
      const linkedHeaders = new URLSearchParams(window.location.hash.slice(1)).get("headers");
      if (linkedHeaders) {
        history.replaceState(null, "", window.location.pathname + window.location.search);
      }

      function updateURL(data) {
        Object.assign(parameters, data);

        const newSearch =
          "?" +
          Object.keys(parameters)
            .filter(function (key) {
              return Boolean(parameters[key]);
            })
            .map(function (key) {
              return (
                encodeURIComponent(key) +
                "=" +
                encodeURIComponent(parameters[key])
              );
            })
            .join("&");
        history.replaceState(null, null, newSearch);
      }

      // Queries go to the URL this page was served from; subscriptions to the same URL over ws(s).
      const fetchURL = window.location.href.split("?")[0];

      function httpUrlToWebSocketUrl(url) {
        const parsedURL = new URL(url);
        parsedURL.protocol = parsedURL.protocol === "http:" ? "ws:" : "wss:";
        parsedURL.hash = "";
        return parsedURL.toString();
      }

      const defaultHeaders = {};
      const csrfToken = Cookies.get("csrftoken");

      if (csrfToken) {
        defaultHeaders["x-csrftoken"] = csrfToken;
      }

      const fetcher = GraphiQL.createFetcher({
        url: fetchURL,
        headers: defaultHeaders,
        subscriptionUrl: httpUrlToWebSocketUrl(fetchURL),
      });

      const explorerPlugin = GraphiQLPluginExplorer.explorerPlugin();

      function GraphiQLWithExplorer() {
        const [query, setQuery] = React.useState(
          parameters.q || DEFAULT_QUERY,
        );
        const [variables, setVariables] = React.useState(
          parameters.variables,
        );
        const [headers, setHeaders] = React.useState(
          parameters.headers || linkedHeaders,
        );

        function onEditQuery(newQuery) {
          setQuery(newQuery);
          updateURL({ q: newQuery });
        }

        function onEditVariables(newVariables) {
          setVariables(newVariables);
          updateURL({ variables: newVariables });
        }

        return React.createElement(GraphiQL, {
          fetcher: fetcher,
          defaultEditorToolsVisibility: true,
          plugins: [explorerPlugin],
          query: query,
          variables: variables,
          headers: headers,
          onEditQuery: onEditQuery,
          onEditVariables: onEditVariables,
          onEditHeaders: setHeaders,
          inputValueDeprecation: true,
          isHeadersEditorEnabled: true,
          shouldPersistHeaders: true,
        });
      }

      const root = ReactDOM.createRoot(document.getElementById("graphiql"));
      root.render(React.createElement(GraphiQLWithExplorer));
    </script>
  </body>
</html>
""")


def graphiql_page(*, default_query: str, static_url: str = "/static/graphiql") -> str:
    """The full HTML of a GraphiQL page that loads every asset from `static_url`.

    `static_url` is where ``web/static/graphiql/`` is served. The editor opens
    with `default_query`, unless the page's URL carries a shared ``?q=`` query.
    """
    base = escape(static_url.rstrip("/"), quote=True)
    stylesheets = "\n".join(
        f'    <link crossorigin rel="stylesheet" href="{base}/{asset.file}" integrity="{asset.integrity}" />'
        for asset in STYLESHEETS
    )
    scripts = "\n".join(
        f'    <script crossorigin src="{base}/{asset.file}" integrity="{asset.integrity}"></script>'
        for asset in SCRIPTS
    )
    return PAGE.substitute(stylesheets=stylesheets, scripts=scripts, default_query=script_literal(default_query))


def script_literal(value: str) -> str:
    """`value` as a JavaScript string literal that is safe inside an inline <script>.

    JSON is valid JavaScript. Escaping `<`, `>` and `&` as unicode escapes means no
    ``</script>`` or ``<!--`` in the text can end or change the script element. With
    ``ensure_ascii``, U+2028 and U+2029 are escaped too; older engines treat them as
    line breaks inside string literals.
    """
    return (
        json.dumps(value, ensure_ascii=True)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )
