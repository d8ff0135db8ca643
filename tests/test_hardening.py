"""Holes a security review found, each shown closed: page sizes and cursors at the store, JSON the hub
could not answer, and pages another site could frame."""

from __future__ import annotations

import base64
import json
from urllib.parse import urlsplit

import httpx
import pytest

from hub.config import Limits, Settings
from hub.errors import ErrorCode, HubError
from hub.paging import MAX_PAGE_SIZE, PageRequest, page_list
from tests.browser import PageElements

AGENCIES_AFTER = "query ($cursor: String) { agencies(first: 2, after: $cursor) { edges { node { id } } } }"
AGENCIES_BEFORE = "query ($cursor: String) { agencies(last: 2, before: $cursor) { edges { node { id } } } }"
CITIES = "query ($first: Int, $text: String) { cities(first: $first, filter: {text: $text}) { totalCount } }"
PAGES = {
    "/graphql": "#graphiql",
    "/explore": "#search",
    "/static/explore/index.html": "#search",
}  # each HTML page, and what shows it was drawn
# JSON that Python decodes but the hub could not answer: the variables each request carries.
ODDITIES = {
    "integer past 64 bits": ('{"first": 18446744073709551616}', "past what 64 bits hold"),
    "integer of 5,000 digits": ('{"first": 1' + "0" * 5000 + "}", "past what 64 bits hold"),
    "lone surrogate": ('{"text": "\\ud800"}', "lone surrogate"),
    "lone surrogate in a key": ('{"\\udc00": 1}', "lone surrogate"),
    "NaN": ('{"first": NaN}', "NaN is not a JSON value"),
}


@pytest.fixture(scope="module")
def http(hub_server):
    with httpx.Client(base_url=hub_server.url, timeout=30) as client:
        yield client


def deep_cursor(levels: int) -> str:
    """A cursor made as the hub makes one, of arrays nested `levels` deep."""
    return base64.urlsafe_b64encode(("[" * levels + "]" * levels).encode()).decode().rstrip("=")


# --- page sizes at the store --------------------------------------------------------------------


@pytest.mark.parametrize("argument", ["first", "last"])
def test_the_store_refuses_a_page_past_its_ceiling_whoever_asks(argument):
    # given 500 items, and requests for a page at the store's ceiling and one item past it,
    # as a caller past every other check would send them
    items = list(range(500))
    at_ceiling, past = (PageRequest(**{argument: size}) for size in (MAX_PAGE_SIZE, MAX_PAGE_SIZE + 1))

    # when the store is asked for each page
    served = page_list(items, key_of=lambda item: item, request=at_ceiling, order_name="numbers")
    with pytest.raises(HubError) as refused:
        page_list(items, key_of=lambda item: item, request=past, order_name="numbers")

    # then the first is served whole, and the second refused as bad input naming the argument and the ceiling
    assert len(served.items) == MAX_PAGE_SIZE
    assert (refused.value.code, refused.value.field) == (ErrorCode.BAD_USER_INPUT, argument)
    assert str(MAX_PAGE_SIZE) in refused.value.message


def test_a_configured_page_size_past_the_store_ceiling_is_refused_at_start_up():
    # given the default limits, and an operator asking for pages past the store's ceiling
    default = Limits()
    environment = {"HUB_MAX_PAGE_SIZE": str(MAX_PAGE_SIZE * 10)}

    # when the settings are read / then the default is the ceiling, and more is refused before anything is served
    assert default.max_page_size == MAX_PAGE_SIZE
    with pytest.raises(ValueError, match=f"max_page_size is {MAX_PAGE_SIZE * 10}, above the store's ceiling"):
        Settings.from_env(environment)


def test_pages_up_to_the_ceiling_are_served_over_http_and_past_it_refused(http):
    # when the hub is asked for a page at the ceiling and one past it
    at_ceiling = http.post("/graphql", json={"query": CITIES, "variables": {"first": MAX_PAGE_SIZE}}).json()
    past = http.post("/graphql", json={"query": CITIES, "variables": {"first": MAX_PAGE_SIZE + 1}}).json()

    # then the first is answered and the second refused, as its limit says, before anything runs
    assert at_ceiling["data"]["cities"]["totalCount"] > 0
    assert past["data"] is None
    assert past["errors"][0]["extensions"] == {"code": "LIMIT_EXCEEDED", "limit": "max_page_size", "value": MAX_PAGE_SIZE}


# --- cursors --------------------------------------------------------------------------------------


@pytest.mark.parametrize("levels", [100_000, 5_000], ids=["too-long", "too-deep"])
@pytest.mark.parametrize(("query", "argument"), [(AGENCIES_AFTER, "after"), (AGENCIES_BEFORE, "before")], ids=["after", "before"])
def test_a_cursor_of_deeply_nested_json_is_refused_naming_its_argument(http, query, argument, levels):
    # given a cursor of arrays nested thousands deep: past the length any real cursor has, or within it
    cursor = deep_cursor(levels)

    # when a connection is paged from it
    body = http.post("/graphql", json={"query": query, "variables": {"cursor": cursor}}).json()

    # then it is refused as bad input naming the argument, not failed as an internal error
    assert body["data"] is None
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": argument}


# --- JSON the hub could not answer ----------------------------------------------------------------


@pytest.mark.parametrize("method", ["POST", "GET"])
@pytest.mark.parametrize(("variables", "says"), ODDITIES.values(), ids=ODDITIES.keys())
def test_json_the_hub_could_not_answer_is_refused_as_bad_input(http, method, variables, says):
    # given variables that decode in Python but that no answer or store could carry
    if method == "POST":
        body = f'{{"query": {json.dumps(CITIES)}, "variables": {variables}}}'
        request = http.build_request("POST", "/graphql", content=body, headers={"Content-Type": "application/json"})
    else:
        request = http.build_request("GET", "/graphql", params={"query": CITIES, "variables": variables})

    # when they are sent
    response = http.send(request)

    # then they are refused with a 400 and a GraphQL-shaped reason, not a 500
    assert response.status_code == 400
    body = response.json()
    assert list(body) == ["errors"]
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT"}
    assert says in body["errors"][0]["message"]


# --- framing and the content security policy ------------------------------------------------------


def content_security_policy(header: str) -> dict[str, list[str]]:
    """A Content-Security-Policy header as its directives and their sources."""
    directives = [directive.split() for directive in header.split(";") if directive.strip()]
    return {name: sources for name, *sources in directives}


@pytest.mark.parametrize("path", PAGES)
def test_every_page_forbids_framing_and_runs_only_the_hubs_own_files(hub_server, http, path):
    # when the page is opened as a browser opens it
    response = http.get(path, headers={"Accept": "text/html"})

    # then no site may frame it, and it loads and runs only what the hub serves
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert response.headers["x-frame-options"] == "DENY"
    policy = content_security_policy(response.headers["content-security-policy"])
    host = urlsplit(hub_server.url).netloc
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["default-src"] == policy["script-src"] == ["'self'"]
    assert policy["base-uri"] == policy["object-src"] == ["'none'"]
    assert policy["connect-src"] == ["'self'", f"ws://{host}", f"wss://{host}"]
    # and the page needs nothing the policy refuses: no inline script, no asset from elsewhere
    page = PageElements(response.text)
    assert page.inline_scripts == []
    assert all(urlsplit(url).netloc == "" for url in page.assets)


def test_another_site_cannot_frame_a_page(hub_server, browser):
    # given a page of another site that frames each of the hub's pages
    context = browser.new_context()
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    try:
        for path, drawn in PAGES.items():
            # when it loads
            page.set_content(f'<iframe src="{hub_server.url}{path}"></iframe>')
            # then the browser draws nothing of the hub's page in the frame, and says why
            assert page.frame_locator("iframe").locator(drawn).count() == 0, path
    finally:
        context.close()
    assert sum("frame-ancestors 'none'" in message for message in console) == len(PAGES)
