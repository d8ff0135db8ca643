"""What the browser tests share: Debian's Chromium under Playwright, page parsing and asset hashes."""

from __future__ import annotations

import base64
import hashlib
import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from tests.support import skip_or_fail

try:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright
except ImportError:  # only the browser tests need Playwright; their fixture skips (or fails) without it
    PlaywrightError = sync_playwright = None

# The hub names things in the Accept-Language the browser sends: a Vietnamese browser gets "Hà Nội".
BROWSER_LOCALE = "vi-VN"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
INLINE_SCHEMES = {"data", "blob"}
# Without the background-networking flags Chromium calls home, which this machine's network refuses.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class PageElements(HTMLParser):
    """The asset URLs (with their integrity hashes) and the inline script texts of a page."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.assets: dict[str, str | None] = {}
        self.inline_scripts: list[str] = []
        self._in_inline_script = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        url = attributes.get("src") or attributes.get("href")
        if tag in {"script", "link"} and url:
            self.assets[url] = attributes.get("integrity")
        self._in_inline_script = tag == "script" and not url
        if self._in_inline_script:
            self.inline_scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_inline_script = False

    def handle_data(self, data: str) -> None:
        if self._in_inline_script:
            self.inline_scripts[-1] += data


def sri_sha384(content: bytes) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(content).digest()).decode()


def is_local(url: str) -> bool:
    """Whether a URL the browser requested stays on this machine (or is inline data)."""
    parts = urlsplit(url)
    return parts.scheme in INLINE_SCHEMES or parts.hostname in LOCAL_HOSTS


@pytest.fixture
def browser() -> Iterator:
    """Headless Debian Chromium driven by Playwright; Playwright's own browser downloads are not used.

    One per test: Playwright's sync API keeps an event loop running while it is open, and the
    PostgreSQL fixtures create their databases with asyncio.run(), which refuses to run inside one.
    """
    if sync_playwright is None:
        skip_or_fail("the browser tests need Playwright: pip install playwright")
    chromium = shutil.which("chromium")
    if chromium is None:
        skip_or_fail("the browser tests need Chromium: apt-get install chromium")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield launched
        launched.close()
