"""The offline GraphiQL page: every asset comes from the hub, and a query runs in a real browser."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

import web.graphiql
from tests.browser import BROWSER_LOCALE, INLINE_SCHEMES, PageElements, PlaywrightError, is_local, sri_sha384
from web.graphiql import graphiql_page

pytestmark = pytest.mark.slow  # left out of `make test-fast`

ASSETS_DIR = Path(web.graphiql.__file__).parent / "static" / "graphiql"
STATIC_URL = "/static/graphiql"
SIMPLE_QUERY = "{ hello }"
HOSTILE_QUERY = '{ hello } </script><script>window.pwned = true</script> <!-- & \u2028 "Hà Nội"'
EDITOR = ".graphiql-query-editor .CodeMirror"
RUN_BUTTON = ".graphiql-execute-button"
RESULT_EDITOR = ".graphiql-response .CodeMirror"
EXPLORER_BUTTON = "button[aria-label='Show GraphiQL Explorer']"
EXPLORER = ".graphiql-explorer-root"
SETTINGS_BUTTON = "button[aria-label='Open settings dialog']"
# CodeMirror renders only the visible lines, so read the whole result through its API.
RESULT_TEXT_JS = f"() => document.querySelector({json.dumps(RESULT_EDITOR)})?.CodeMirror?.getValue() ?? ''"
OWN_FILES = ["hub-graphiql.css", "hub-graphiql.js"]  # the page's own style and script, beside the vendored files
# Each page of a browser context reports to the test every content security policy violation it sees.
REPORT_VIOLATIONS_JS = """
document.addEventListener("securitypolicyviolation", (event) =>
  window.reportViolation(`${event.effectiveDirective} refused ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}`));
"""


def vendored_assets(html: str) -> dict[str, str | None]:
    """The page's vendored assets: those it loads with an integrity hash."""
    return {url: integrity for url, integrity in PageElements(html).assets.items() if integrity}


def own_assets(html: str) -> list[str]:
    """The page's own files: the assets it loads without a hash, the inline data: favicon aside."""
    return [url for url, integrity in PageElements(html).assets.items() if not integrity and not url.startswith("data:")]


def record_violations(context) -> list[str]:
    """The content security policy violations the pages of a browser context report, as they report them."""
    violations: list[str] = []
    context.expose_function("reportViolation", lambda text: violations.append(text))
    context.add_init_script(REPORT_VIOLATIONS_JS)
    return violations


def test_page_loads_every_vendored_file_with_its_published_hash():
    # given the page as the hub renders it
    html = graphiql_page(default_query=SIMPLE_QUERY)

    # when its assets are looked up among the vendored files
    assets = vendored_assets(html)

    # then each of the seven is there, under STATIC_URL, and matches the SRI hash the page demands
    assert len(assets) == 7
    for url, integrity in assets.items():
        assert url.startswith(STATIC_URL + "/"), url
        assert integrity == sri_sha384((ASSETS_DIR / url.removeprefix(STATIC_URL + "/")).read_bytes()), url
    # and the page's own style and script are files beside them
    assert own_assets(html) == [f"{STATIC_URL}/{name}" for name in OWN_FILES]
    assert all((ASSETS_DIR / name).is_file() for name in OWN_FILES)


def test_page_names_no_other_host():
    # given the page as the hub renders it
    html = graphiql_page(default_query=SIMPLE_QUERY)

    # when every URL it links to is parsed
    urls = [urlsplit(url) for url in PageElements(html).assets]

    # then each is a path on the serving host or inline data
    assert urls
    for url in urls:
        assert (url.scheme, url.netloc) == ("", "") or url.scheme in INLINE_SCHEMES, url.geturl()


def test_page_loads_assets_from_the_given_static_url():
    # given a page told that the assets live elsewhere on the host
    html = graphiql_page(default_query=SIMPLE_QUERY, static_url="/assets/ide/")

    # when its assets are listed
    urls = list(vendored_assets(html))

    # then each one is under that URL, with exactly one slash before the file name
    assert urls
    assert all(re.fullmatch(r"/assets/ide/[\w.-]+", url) for url in urls), urls


def test_default_query_is_carried_as_text_never_as_markup_or_script():
    # given a default query that tries to close the script element and open another
    html = graphiql_page(default_query=HOSTILE_QUERY)

    # when the page is parsed as a browser would
    page = PageElements(html)

    # then it has no inline script, loads just what a page with a plain query loads, and carries the query intact as text
    assert page.inline_scripts == []
    assert page.assets == PageElements(graphiql_page(default_query=SIMPLE_QUERY)).assets
    carried = re.search(r'data-default-query="([^"]*)"', html).group(1)
    assert unescape(carried) == HOSTILE_QUERY


def test_hub_serves_the_page_and_every_vendored_file(hub_server):
    # given the hub running, and a client that asks for HTML as a browser does
    with httpx.Client(base_url=hub_server.url, timeout=30) as client:
        # when it opens /graphql and fetches from the hub each asset the page names
        page = client.get("/graphql", headers={"Accept": "text/html"})
        expected = vendored_assets(page.text)
        served = {url: client.get(urlsplit(url).path) for url in [*expected, *own_assets(page.text)]}

    # then the page is the offline GraphiQL page and each asset is served with the hash the page demands
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert len(expected) == 7
    for url, integrity in expected.items():
        assert url.startswith(STATIC_URL + "/"), url
        assert served[url].status_code == 200, url
        assert sri_sha384(served[url].content) == integrity, url
    # and so is each of the page's own files
    assert all(response.status_code == 200 for response in served.values())


def test_graphiql_runs_the_default_query_offline(hub_server, browser):
    # given a fresh Vietnamese browser page that records every request, failure, console error and policy violation
    context = browser.new_context(locale=BROWSER_LOCALE)
    violations = record_violations(context)
    page = context.new_page()
    requests, failures, errors = [], [], []

    def on_console(message) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("request", lambda request: requests.append(request.url))
    page.on("requestfailed", lambda request: failures.append(f"{request.url}: {request.failure}"))
    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(str(error)))

    try:
        # when GraphiQL is opened like any link and its run button is clicked
        page.goto(hub_server.url + "/graphql")
        page.wait_for_selector(EDITOR)
        page.click(RUN_BUTTON)
        page.wait_for_function(f"() => ({RESULT_TEXT_JS})().includes('\"data\"')")
        result = json.loads(page.evaluate(RESULT_TEXT_JS))
        # and the explorer plugin's sidebar button is clicked
        page.click(EXPLORER_BUTTON)
        page.wait_for_selector(EXPLORER)
        # and the settings dialog is opened and closed (GraphiQL inserts a style while it is open)
        page.click(SETTINGS_BUTTON)
        page.get_by_role("dialog").wait_for()
        page.keyboard.press("Escape")
        page.get_by_role("dialog").wait_for(state="detached")
    except PlaywrightError as error:  # a blank or broken page: show what it loaded and what went wrong
        pytest.fail(f"{error.message}\nrequests: {requests}\nfailed: {failures}\nconsole errors: {errors}\npolicy violations: {violations}")
    finally:
        context.close()

    # then the explorer and the dialog opened (the waits above), and the default query answered with Hanoi's network and no errors
    assert "errors" not in result, result["errors"]
    assert result["data"]
    assert "Hà Nội" in json.dumps(result, ensure_ascii=False)
    # and nothing was asked of another host, nothing failed and nothing was logged as an error
    assert [url for url in requests if not is_local(url)] == []
    assert failures == []
    assert errors == []
    # and the page's content security policy refused nothing it needed
    assert violations == []
