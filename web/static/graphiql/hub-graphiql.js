// GraphiQL on the hub's page (web/graphiql.py), as in strawberry 0.341's page. A file rather than an
// inline script, so the page's content security policy can refuse every script the hub does not serve.
const graphiqlElement = document.getElementById("graphiql");
const DEFAULT_QUERY = graphiqlElement.dataset.defaultQuery;

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

const root = ReactDOM.createRoot(graphiqlElement);
root.render(React.createElement(GraphiQLWithExplorer));
