"""The pages' own fonts: GraphiQL and the explorer draw Vietnamese with fonts the hub serves itself."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

import web.app
from tests.browser import BROWSER_LOCALE, PlaywrightError
from tests.test_graphiql import (
    RESULT_EDITOR,
    RESULT_TEXT_JS,
    RUN_BUTTON,
    record_violations,
)

pytestmark = pytest.mark.slow  # left out of `make test-fast`

# The fonts do not depend on the store, so the browser tests use one hub (SQLite).
ONE_STORE = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)

FONTS_DIR = Path(web.app.__file__).parent / "static" / "fonts"
SAMPLE = "Hà Nội Thiết kế"
FESTIVAL = "Lễ hội Thiết kế Sáng tạo Hà Nội"
FESTIVAL_QUERY = '{ events(filter: {text: "Lễ hội Thiết kế Sáng tạo"}, first: 1) { edges { node { name } } } }'
# Each family's latin and vietnamese files: what a page showing Vietnamese names needs.
MONO = ("JetBrains Mono", {"jetbrains-mono-latin-400-normal.woff2", "jetbrains-mono-vietnamese-400-normal.woff2"})
SANS = ("Be Vietnam Pro", {"be-vietnam-pro-latin-400-normal.woff2", "be-vietnam-pro-vietnamese-400-normal.woff2"})
FONTS_READY_JS = "async () => { await document.fonts.ready; return true; }"
FONT_CHECK_JS = '([family, text]) => document.fonts.check(`16px "${family}"`, text)'
FONT_FAMILY_JS = "(selector) => getComputedStyle(document.querySelector(selector)).fontFamily"


def fonts_css_files() -> set[str]:
    """The font files fonts.css names, relative to web/static/fonts/."""
    return set(re.findall(r"url\(([^)]+)\)", (FONTS_DIR / "fonts.css").read_text(encoding="utf-8")))


def open_recording_fonts(browser, url: str):
    """A Vietnamese browser page at `url`, with the font files it fetched (name → status) and its policy violations."""
    context = browser.new_context(locale=BROWSER_LOCALE)
    violations = record_violations(context)
    page = context.new_page()
    fonts: dict[str, int] = {}

    def on_response(response) -> None:
        path = urlsplit(response.url).path
        if path.startswith("/static/fonts/"):
            fonts[path.rsplit("/", 1)[-1]] = response.status

    page.on("response", on_response)
    page.goto(url)
    return context, page, fonts, violations


def wait_for_fonts(page) -> None:
    page.evaluate(FONTS_READY_JS)


def test_every_font_the_css_names_is_vendored_beside_its_licence():
    # given the font files fonts.css declares
    files = fonts_css_files()

    # then each is a WOFF2 file in a family folder that keeps the package's licence
    assert files
    for name in files:
        assert name.endswith(".woff2"), name
        assert (FONTS_DIR / name).is_file(), name
        assert (FONTS_DIR / name).parent.joinpath("LICENSE").is_file(), name


@ONE_STORE
def test_graphiql_draws_vietnamese_results_in_the_hubs_monospace_font(hub_server, browser):
    # given GraphiQL opened on a query for the festival, in a Vietnamese browser
    family, files = MONO
    context, page, fonts, violations = open_recording_fonts(browser, f"{hub_server.url}/graphql?q={quote(FESTIVAL_QUERY)}")
    try:
        # when the query runs and the page's fonts have settled
        page.click(RUN_BUTTON)
        page.wait_for_function(f"() => ({RESULT_TEXT_JS})().includes({json.dumps(FESTIVAL)})")
        wait_for_fonts(page)
        loaded = page.evaluate(FONT_CHECK_JS, [family, SAMPLE])
        result_font = page.evaluate(FONT_FAMILY_JS, RESULT_EDITOR)
    except PlaywrightError as error:
        pytest.fail(f"{error.message}\nfonts: {fonts}\npolicy violations: {violations}")
    finally:
        context.close()

    # then the result is drawn in the hub's monospace font, loaded with its Vietnamese glyphs from the hub
    assert result_font.startswith(f'"{family}"'), result_font
    assert loaded
    assert {name: fonts.get(name) for name in files} == dict.fromkeys(files, 200)
    assert violations == []


@ONE_STORE
def test_explorer_draws_vietnamese_in_the_hubs_text_font(hub_server, browser):
    # given the explorer opened in a Vietnamese browser (its access panel reads "Truy cập")
    family, files = SANS
    context, page, fonts, violations = open_recording_fonts(browser, f"{hub_server.url}/explore")
    try:
        # when the page's fonts have settled
        wait_for_fonts(page)
        loaded = page.evaluate(FONT_CHECK_JS, [family, SAMPLE])
        heading_font = page.evaluate(FONT_FAMILY_JS, "#access-title")
    except PlaywrightError as error:
        pytest.fail(f"{error.message}\nfonts: {fonts}\npolicy violations: {violations}")
    finally:
        context.close()

    # then its text is set in the hub's own font, loaded with its Vietnamese glyphs from the hub
    assert heading_font.startswith(f'"{family}"'), heading_font
    assert loaded
    assert {name: fonts.get(name) for name in files} == dict.fromkeys(files, 200)
    assert violations == []
