"""The network explorer page: vendored Cytoscape with its published hash, and a browser exploring Hà Nội offline."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

import hub.explore
from tests.browser import BROWSER_LOCALE, INLINE_SCHEMES, PageElements, PlaywrightError, is_local, sri_sha384
from tests.support import GraphQLClient

EXPLORE_DIR = Path(hub.explore.__file__).parent / "static" / "explore"
STATIC_URL = "/static/explore"
PAGE_URLS = ["/static/explore/index.html", "/explore"]
HANOI_QUERY = """
query ($text: String!) { search(text: $text, kinds: [CITY], first: 1) { id name } }
"""
NODE_COUNT_JS = "() => window.explorer.cy.nodes().length"
# Where a node is drawn, in page coordinates, so the test clicks it as a person would.
NODE_POSITION_JS = """(id) => {
  const node = window.explorer.cy.getElementById(id);
  const box = window.explorer.cy.container().getBoundingClientRect();
  const at = node.renderedPosition();
  return {x: box.left + at.x, y: box.top + at.y};
}"""
NODE_NAME_JS = "(id) => window.explorer.cy.getElementById(id).data('name')"






def page_assets() -> dict[str, str | None]:
    return PageElements((EXPLORE_DIR / "index.html").read_text(encoding="utf-8")).assets


def test_vendored_cytoscape_matches_the_integrity_the_page_demands():
    # given the page's script tags
    assets = page_assets()

    # when the Cytoscape script is looked up among the vendored files
    integrity = assets[f"{STATIC_URL}/cytoscape.min.js"]

    # then the file's SHA-384 is the one in the integrity attribute
    assert integrity == sri_sha384((EXPLORE_DIR / "cytoscape.min.js").read_bytes())


def test_page_names_no_other_host_and_every_asset_is_vendored():
    # given every URL the page links to
    assets = page_assets()

    # then each is inline data or a file in the explorer's static directory
    assert len(assets) == 4
    for url in assets:
        parts = urlsplit(url)
        if parts.scheme in INLINE_SCHEMES:
            continue
        assert (parts.scheme, parts.netloc) == ("", ""), url
        assert url.startswith(STATIC_URL + "/"), url
        assert (EXPLORE_DIR / url.removeprefix(STATIC_URL + "/")).is_file(), url


def test_hub_serves_the_page_and_its_assets(hub_server):
    # given the hub running
    with httpx.Client(base_url=hub_server.url, timeout=30) as client:
        # when the page and each asset it names are fetched
        page = client.get(PAGE_URLS[0])
        served = {url: client.get(url) for url in page_assets() if not url.startswith("data:")}

    # then all are there, and Cytoscape arrives with the hash the page demands
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert all(response.status_code == 200 for response in served.values()), served
    cytoscape = served[f"{STATIC_URL}/cytoscape.min.js"]
    assert sri_sha384(cytoscape.content) == page_assets()[f"{STATIC_URL}/cytoscape.min.js"]




def served_page_urls(hub_server) -> list[str]:
    """The static page always; /explore too once the app routes it."""
    with httpx.Client(base_url=hub_server.url, timeout=30) as client:
        return [path for path in PAGE_URLS if client.get(path).status_code == 200]


def test_explorer_finds_hanoi_and_explores_it_offline(hub_server, browser, tmp_path):
    # given Hà Nội's id and English name, as the API gives them
    api = GraphQLClient(hub_server.url)
    try:
        hanoi = api.data(HANOI_QUERY, {"text": "ha noi"}, headers={"Accept-Language": "en"})["search"][0]
    finally:
        api.close()
    assert hanoi["name"] == "Hanoi"
    paths = served_page_urls(hub_server)
    assert PAGE_URLS[0] in paths

    for path in paths:
        # and a fresh Vietnamese browser page that records every request, failure and console error
        context = browser.new_context(locale=BROWSER_LOCALE, viewport={"width": 1400, "height": 860})
        page = context.new_page()
        requests, failures, errors = [], [], []

        def on_console(message, errors=errors) -> None:
            if message.type == "error":
                errors.append(message.text)

        page.on("request", lambda request, requests=requests: requests.append(request.url))
        page.on(
            "requestfailed",
            lambda request, failures=failures: failures.append(f"{request.url}: {request.failure}"),
        )
        page.on("console", on_console)
        page.on("pageerror", lambda error, errors=errors: errors.append(str(error)))
        screenshot = tmp_path / f"explore-{path.strip('/').replace('/', '-')}.png"

        try:
            # when "ha noi" is typed without diacritics and Hà Nội is picked from the results
            page.goto(hub_server.url + path)
            page.fill("#search", "ha noi")
            result = page.locator(f"#results button[data-id='{hanoi['id']}']")
            result.wait_for()
            result_name = result.locator(".result-name").inner_text()
            result.click()
            # then its neighbourhood is drawn
            page.wait_for_function(f"({NODE_COUNT_JS})() >= 2")
            page.wait_for_function("document.getElementById('details-name').textContent === 'Hà Nội'")

            # when another node is clicked on the canvas
            other_id = page.evaluate(
                "(id) => window.explorer.cy.nodes().filter(n => n.id() !== id)[0].id()", hanoi["id"]
            )
            other_name = page.evaluate(NODE_NAME_JS, other_id)
            at = page.evaluate(NODE_POSITION_JS, other_id)
            page.mouse.click(at["x"], at["y"])
            # then the details panel shows that node and its links
            page.wait_for_function(
                "(name) => document.getElementById('details-name').textContent === name", arg=other_name
            )
            page.wait_for_selector("#details-links li")
            links_shown = page.locator("#details-links li").count()

            # when the gaps toggle is switched on
            page.check("#gaps-toggle")
            page.wait_for_function("document.getElementById('status').textContent.includes('no lead')")
            gaps_status = page.inner_text("#status")

            # when Hà Nội is selected again and the page is switched to English
            page.evaluate("(id) => window.explorer.cy.getElementById(id).emit('tap')", hanoi["id"])
            page.wait_for_function("document.getElementById('details-name').textContent === 'Hà Nội'")
            page.click("label[for=lang-en]")
            # then names come back in English, on the graph and in the details panel
            page.wait_for_function(
                f"({NODE_NAME_JS})({hanoi['id']!r}) === 'Hanoi'"
                " && document.getElementById('details-name').textContent === 'Hanoi'"
            )
            status = page.inner_text("#status")
            graphiql_href = page.get_attribute("#graphiql-link", "href")
            page.screenshot(path=str(screenshot))
        except PlaywrightError as error:  # show what the page loaded and what went wrong
            pytest.fail(f"{path}: {error.message}\nrequests: {requests}\nfailed: {failures}\nconsole errors: {errors}")
        finally:
            context.close()

        assert result_name == "Hà Nội"
        assert links_shown >= 1
        assert re.search(r"\d+ nodes have no lead agency", gaps_status), gaps_status
        assert "error" not in status.lower(), status
        # and the GraphiQL link carries the last query the page ran
        link = urlsplit(graphiql_href)
        assert link.path == "/graphql"
        assert "query Details" in parse_qs(link.query)["q"][0]
        # and the screenshot is a real picture, not an empty file
        assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert screenshot.stat().st_size > 20_000
        # and nothing was asked of another host, nothing failed and nothing was logged as an error
        assert [url for url in requests if not is_local(url)] == []
        assert failures == []
        assert errors == []
