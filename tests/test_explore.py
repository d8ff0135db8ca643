"""The network explorer page: vendored Cytoscape with its published hash, and a browser exploring Hà Nội offline."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

import web.explore
from tests.browser import BROWSER_LOCALE, INLINE_SCHEMES, PageElements, PlaywrightError, is_local, sri_sha384
from tests.support import GraphQLClient, HubServer, issue_token
from tests.test_graphiql import EDITOR, RESULT_TEXT_JS, RUN_BUTTON, record_violations

pytestmark = pytest.mark.slow  # left out of `make test-fast`

EXPLORE_DIR = Path(web.explore.__file__).parent / "static" / "explore"
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
NODE_CLASS_JS = "([id, name]) => window.explorer.cy.getElementById(id).hasClass(name)"
NODE_STYLE_JS = "([id, name]) => window.explorer.cy.getElementById(id).style(name)"
# On a freshly seeded hub: the Department of Culture and Sports, and an initiative it does not lead yet.
DEPARTMENT = "QWdlbmN5OjE1"
DESIGN_CENTER = "SW5pdGlhdGl2ZTo3"
MAKE_LATE_REPORTER = """
mutation ($from: ID!, $to: ID!) {
  linkCreate(input: {from: $from, to: $to, kind: RESPONSIBLE_FOR, role: LEAD,
                     reportingCadence: QUARTERLY, since: "2020-01-01"}) {
    link { id }
    userErrors { message }
  }
}
"""
OVERDUE_QUERY = "{ overdueReports { period assignment { from { id } } } }"
# The one message Chromium itself logs when the hub answers 401, as it must for a refused token.
REFUSED_RESOURCE = "the server responded with a status of 401"
KIND_SEARCH = """
query ($text: String!, $kinds: [NodeKind!]) { search(text: $text, kinds: $kinds, first: 1) { id name } }
"""
# The page's own words as a visitor sees them: visible text, the title and the attributes read out,
# leaving out the names the hub gave (marked data-hub-name) and the hub's brand, the same in both languages.
PAGE_WORDS_JS = """() => {
  const words = [document.title];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    const element = text.parentElement;
    if (!element || element.closest('[data-hub-name], script, style, option')) continue;
    if (!element.checkVisibility() && !element.closest('.visually-hidden')) continue;
    words.push(text.textContent);
  }
  for (const option of document.querySelectorAll('#depth option')) words.push(option.textContent);
  for (const attribute of ['title', 'placeholder', 'aria-label']) {
    for (const element of document.querySelectorAll(`[${attribute}]`)) {
      if (!element.closest('[data-hub-name]')) words.push(element.getAttribute(attribute));
    }
  }
  return words.join('\\n').replaceAll('Creative City Hub', '');
}"""
# The page's labels in both languages: every string in its TEXT table, by key path.
LABELS_JS = """() => {
  const flat = (table, prefix, into) => {
    for (const [key, value] of Object.entries(table)) {
      if (typeof value === 'string') into[prefix + key] = value;
      else if (value && typeof value === 'object') flat(value, prefix + key + '.', into);
    }
    return into;
  };
  const text = window.explorer.TEXT;
  return {vi: flat(text.vi, '', {}), en: flat(text.en, '', {})};
}"""
NODE_IDS_JS = "() => window.explorer.cy.nodes().map(n => n.id())"


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


class RecordedPage:
    """A fresh browser page that keeps every request, failed request, console error and policy violation, to show and to check."""

    def __init__(self, browser, *, locale: str = BROWSER_LOCALE) -> None:
        self.context = browser.new_context(locale=locale, viewport={"width": 1400, "height": 860})
        self.violations = record_violations(self.context)
        self.page = self.context.new_page()
        self.requests, self.failures, self.errors = [], [], []
        self.page.on("request", lambda request: self.requests.append(request))
        self.page.on("requestfailed", lambda request: self.failures.append(f"{request.url}: {request.failure}"))
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def fail(self, where: str, error: PlaywrightError) -> None:
        """Fail the test with what the page loaded and what went wrong."""
        urls = [request.url for request in self.requests]
        pytest.fail(
            f"{where}: {error.message}\nrequests: {urls}\nfailed: {self.failures}\nconsole errors: {self.errors}"
            f"\npolicy violations: {self.violations}"
        )

    def graphql_requests(self) -> list:
        return [request for request in self.requests if urlsplit(request.url).path == "/graphql" and request.method == "POST"]

    def assert_clean(self, *, allowed_errors: tuple[str, ...] = ()) -> None:
        """Nothing asked of another host, nothing failed, no console error but those expected, nothing refused by the policy."""
        assert [request.url for request in self.requests if not is_local(request.url)] == []
        assert self.failures == []
        assert [error for error in self.errors if not any(allowed in error for allowed in allowed_errors)] == []
        assert self.violations == []

    def close(self) -> None:
        self.context.close()


def assert_screenshot(path: Path) -> None:
    """The screenshot is a real picture, not an empty file."""
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert path.stat().st_size > 20_000


def use_token(page, token: str) -> None:
    page.fill("#token", token)
    page.click("#token-use")


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
        recorded = RecordedPage(browser)
        page = recorded.page
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
            page.wait_for_function(f"() => ({NODE_COUNT_JS})() >= 2")
            page.wait_for_function("() => document.getElementById('details-name').textContent === 'Hà Nội'")
            viewer = page.inner_text("#viewer")

            # when another node is clicked on the canvas
            other_id = page.evaluate("(id) => window.explorer.cy.nodes().filter(n => n.id() !== id)[0].id()", hanoi["id"])
            other_name = page.evaluate(NODE_NAME_JS, other_id)
            at = page.evaluate(NODE_POSITION_JS, other_id)
            page.mouse.click(at["x"], at["y"])
            # then the details panel shows that node and its links
            page.wait_for_function("(name) => document.getElementById('details-name').textContent === name", arg=other_name)
            page.wait_for_selector("#details-links li")
            links_shown = page.locator("#details-links li").count()

            # when the gaps toggle is switched on
            page.check("#gaps-toggle")
            page.wait_for_function("() => document.getElementById('status').textContent.includes('chưa có cơ quan chủ trì')")
            gaps_status = page.inner_text("#status")

            # when Hà Nội is selected again and the page is switched to English
            page.evaluate("(id) => window.explorer.cy.getElementById(id).emit('tap')", hanoi["id"])
            page.wait_for_function("() => document.getElementById('details-name').textContent === 'Hà Nội'")
            page.click("label[for=lang-en]")
            # then names come back in English, on the graph and in the details panel
            page.wait_for_function(
                f"() => ({NODE_NAME_JS})({hanoi['id']!r}) === 'Hanoi' && document.getElementById('details-name').textContent === 'Hanoi'"
            )
            status = page.inner_text("#status")
            graphiql_href = page.get_attribute("#graphiql-link", "href")
            page.screenshot(path=str(screenshot))
        except PlaywrightError as error:
            recorded.fail(path, error)
        finally:
            recorded.close()

        assert result_name == "Hà Nội"
        assert links_shown >= 1
        # and a visitor without a token is told they read public data only
        assert viewer == "Không có token: chỉ đọc dữ liệu công khai."
        assert re.search(r"\d+ nút chưa có cơ quan chủ trì", gaps_status), gaps_status
        assert "error" not in status.lower(), status
        # and the GraphiQL link carries the last query the page ran, and no token
        link = urlsplit(graphiql_href)
        assert link.path == "/graphql"
        assert "query Details" in parse_qs(link.query)["q"][0]
        assert link.fragment == ""
        assert_screenshot(screenshot)
        # and nothing was asked of another host, nothing failed and nothing was logged as an error
        recorded.assert_clean()
        assert all("authorization" not in request.headers for request in recorded.requests)


def test_staff_token_signs_in_and_overdue_reporters_are_ringed(writable_server, write_api, browser, tmp_path):
    # given the Department made lead of an initiative with quarterly reports since 2020, none sent
    made = write_api.data(MAKE_LATE_REPORTER, {"from": DEPARTMENT, "to": DESIGN_CENTER})["linkCreate"]
    assert made["userErrors"] == []
    late = [o for o in write_api.data(OVERDUE_QUERY)["overdueReports"] if o["assignment"]["from"]["id"] == DEPARTMENT]
    assert late, "the Department should owe a report"
    # and a staff member's token
    name = "Nguyễn Thu Hà"
    token = issue_token(writable_server.database_url, "staff", name)
    recorded = RecordedPage(browser)
    page = recorded.page
    screenshot = tmp_path / "explore-staff-overdue.png"

    try:
        # when the staff member opens the explorer and gives the token
        page.goto(writable_server.url + "/explore")
        page.wait_for_function("() => document.getElementById('viewer').textContent.startsWith('Không có token')")
        use_token(page, token)
        # then the page says who they are
        page.wait_for_function("(name) => document.getElementById('viewer-name')?.textContent === name", arg=name)
        viewer_vi = page.inner_text("#viewer")
        # and the token stays with the tab through a reload
        page.reload()
        page.wait_for_function("(name) => document.getElementById('viewer-name')?.textContent === name", arg=name)

        # when the Department is searched, drawn and the gaps are highlighted
        page.fill("#search", "so van hoa va the thao")
        result = page.locator(f"#results button[data-id='{DEPARTMENT}']")
        result.wait_for()
        result.click()
        page.wait_for_function(f"() => ({NODE_COUNT_JS})() >= 2")
        page.check("#gaps-toggle")
        page.wait_for_function("() => document.getElementById('status').textContent.includes('cơ quan trễ báo cáo tiến độ')")
        gaps_status = page.inner_text("#status")
        # then the Department wears the overdue ring, and its details say which report is late
        ringed = page.evaluate(NODE_CLASS_JS, [DEPARTMENT, "overdue"])
        ring_style = page.evaluate(NODE_STYLE_JS, [DEPARTMENT, "border-style"])
        page.wait_for_selector("#details-overdue:not([hidden])")
        overdue_line = page.inner_text("#details-overdue")
        legend_vi = page.inner_text("#gap-legend")

        # when the page is switched to English
        page.click("label[for=lang-en]")
        page.wait_for_function("() => document.getElementById('viewer').textContent.startsWith('Signed in as')")
        viewer_en = page.inner_text("#viewer")
        page.wait_for_function("() => document.getElementById('status').textContent === 'Names in English.'")
        page.wait_for_function("() => document.getElementById('details-overdue').textContent.startsWith('Overdue report')")
        overdue_en = page.inner_text("#details-overdue")
        legend_en = page.inner_text("#gap-legend")
        page.screenshot(path=str(screenshot))
        graphiql_href = page.get_attribute("#graphiql-link", "href")

        # when the last query is opened in GraphiQL and run there
        page.goto(writable_server.url + graphiql_href)
        page.wait_for_selector(EDITOR)
        address = page.evaluate("() => window.location.href")
        page.click(RUN_BUTTON)
        page.wait_for_function(f"() => ({RESULT_TEXT_JS})().includes('\"data\"')")
        graphiql_result = json.loads(page.evaluate(RESULT_TEXT_JS))
    except PlaywrightError as error:
        recorded.fail("/explore", error)
    finally:
        recorded.close()

    assert viewer_vi == f"Bạn là {name} (nhân viên)"
    assert viewer_en == f"Signed in as {name} (staff)"
    assert re.search(r"[1-9]\d* cơ quan trễ báo cáo tiến độ, [1-9]\d* đang hiển thị", gaps_status), gaps_status
    assert ringed is True
    assert ring_style == "dashed"
    assert overdue_line.startswith("Trễ báo cáo: ") and late[0]["period"] in overdue_line
    assert overdue_en.endswith("· Building Hanoi Creative Design Center")
    assert "Cơ quan trễ báo cáo tiến độ" in legend_vi and "Chưa có cơ quan chủ trì" in legend_vi
    assert "Agency late with a progress report" in legend_en and "No lead agency" in legend_en
    # and every request after the first (who is asking, before the token was given) carried the token,
    # GraphiQL's too, whose address no longer shows it
    sent = [request.headers.get("authorization") for request in recorded.graphql_requests()]
    assert sent[0] is None and len(sent) >= 6
    assert set(sent[1:]) == {f"Bearer {token}"}
    assert token not in address
    assert "errors" not in graphiql_result and graphiql_result["data"]["node"]["id"] == DEPARTMENT
    assert urlsplit(graphiql_href).fragment and token not in urlsplit(graphiql_href).query
    assert_screenshot(screenshot)
    recorded.assert_clean()


def test_refused_token_is_said_so_and_can_be_forgotten(hub_server, browser, tmp_path):
    # given the explorer open in English
    recorded = RecordedPage(browser, locale="en-GB")
    page = recorded.page
    screenshot = tmp_path / "explore-refused.png"

    try:
        page.goto(hub_server.url + "/explore")
        page.wait_for_function("() => document.getElementById('viewer').textContent.startsWith('No token')")
        # when a token the hub never issued is given
        use_token(page, "not-a-token-of-this-hub")
        # then the page says the hub refused it
        page.wait_for_selector("#access-message:not([hidden])")
        message = page.inner_text("#access-message")
        status = page.inner_text("#status")
        page.screenshot(path=str(screenshot))
        # when the token is forgotten
        page.click("#token-forget")
        page.wait_for_selector("#access-message", state="hidden")
        page.wait_for_function("() => document.getElementById('viewer').textContent !== '—'")
        viewer = page.inner_text("#viewer")
        field = page.input_value("#token")
        stored = page.evaluate("() => sessionStorage.length")
    except PlaywrightError as error:
        recorded.fail("/explore", error)
    finally:
        recorded.close()

    assert message.startswith("The hub refused this token")
    assert status.startswith("Token refused: ")
    assert viewer == "No token: public data only."
    assert (field, stored) == ("", 0)
    assert_screenshot(screenshot)
    recorded.assert_clean(allowed_errors=(REFUSED_RESOURCE,))


def test_closed_hub_asks_for_a_token_and_answers_a_good_one(seeded_database, backend, browser):
    # given a hub whose operator turned public reads off, and a partner's token for Hà Nội
    server = HubServer(seeded_database, backend, public_reads=False).start()
    staff = GraphQLClient(server.url, issue_token(seeded_database, "staff", "Staff reader"))
    try:
        hanoi = staff.data(HANOI_QUERY, {"text": "ha noi"})["search"][0]
    finally:
        staff.close()
    token = issue_token(seeded_database, "partner", "Hanoi focal point", "--city", hanoi["id"])
    recorded = RecordedPage(browser)
    page = recorded.page

    try:
        # when the explorer is opened without a token
        page.goto(server.url + "/explore")
        page.wait_for_selector("#access-message:not([hidden])")
        message = page.inner_text("#access-message")
        # and the partner's token is given
        use_token(page, token)
        page.wait_for_selector("#access-message", state="hidden")
        page.wait_for_selector("#viewer-name")
        viewer = page.inner_text("#viewer")
    except PlaywrightError as error:
        recorded.fail("/explore", error)
    finally:
        recorded.close()
        server.stop()

    # then it was told reads need a token, and then who it is: a partner for Hà Nội
    assert message.startswith("Hub này chỉ trả lời người có token")
    assert viewer == "Bạn là Hanoi focal point (đối tác · Hà Nội)"
    recorded.assert_clean(allowed_errors=(REFUSED_RESOURCE,))


def words_found(words: str, text: str) -> bool:
    """Whether `words` stand in `text` as whole words, ignoring case."""
    return re.search(rf"(?<!\w){re.escape(words.strip())}(?!\w)", text, re.IGNORECASE) is not None


def test_vietnamese_page_speaks_vietnamese_and_looks_at_a_past_day(hub_server, browser, tmp_path):
    # given the Department, the festival initiative and Plan 161, as the API finds them
    api = GraphQLClient(hub_server.url)
    try:
        festival = api.data(KIND_SEARCH, {"text": "le hoi thiet ke sang tao", "kinds": ["INITIATIVE"]})["search"][0]
        plan = api.data(KIND_SEARCH, {"text": "Kế hoạch 161", "kinds": ["PLAN"]})["search"][0]
        department = api.data(KIND_SEARCH, {"text": "so van hoa va the thao", "kinds": ["AGENCY"]})["search"][0]
    finally:
        api.close()
    assert department["id"] == DEPARTMENT
    # and a Vietnamese browser on the explorer
    recorded = RecordedPage(browser)
    page = recorded.page
    screenshot = tmp_path / "explore-past-day.png"

    try:
        page.goto(hub_server.url + "/explore")
        labels = page.evaluate(LABELS_JS)
        # when the Department is drawn, gaps are highlighted and the festival initiative is selected
        page.fill("#search", "so van hoa va the thao")
        page.locator(f"#results button[data-id='{DEPARTMENT}']").click()
        page.wait_for_function("(name) => document.getElementById('details-name').textContent === name", arg=department["name"])
        page.wait_for_selector("#details-links li")
        page.check("#gaps-toggle")
        page.wait_for_function("() => document.getElementById('status').textContent.includes('chưa có cơ quan chủ trì')")
        page.fill("#search", "le hoi thiet ke sang tao")
        page.locator(f"#results button[data-id='{festival['id']}']").click()
        page.wait_for_function("(name) => document.getElementById('details-name').textContent === name", arg=festival["name"])
        page.wait_for_function("() => document.querySelectorAll('#details-responsible li').length > 0")
        page.wait_for_selector("#details-links li")
        responsibility = page.inner_text("#details-gap")
        # then every word of the page is Vietnamese, and no raw kind or role is shown
        words_vi = page.evaluate(PAGE_WORDS_JS)
        page.screenshot(path=str(screenshot))

        # when the Department is drawn again, three links deep, as it stands today
        page.select_option("#depth", "3")
        page.fill("#search", "so van hoa va the thao")
        page.locator(f"#results button[data-id='{DEPARTMENT}']").click()
        page.wait_for_function("(name) => document.getElementById('details-name').textContent === name", arg=department["name"])
        page.wait_for_function("(id) => window.explorer.cy.getElementById(id).nonempty()", arg=plan["id"])
        page.wait_for_function("() => window.explorer.cy.nodes('.centre').id() === 'QWdlbmN5OjE1'")
        today_ids = set(page.evaluate(NODE_IDS_JS))
        # and then as it stood on 1 January 2022
        asked_before = len(recorded.graphql_requests())
        page.fill("#as-of", "2022-01-01")
        page.wait_for_function(
            f"(n) => document.getElementById('status').textContent.includes('01/01/2022') && ({NODE_COUNT_JS})() < n",
            arg=len(today_ids),
        )
        page.wait_for_function("() => document.getElementById('status').textContent.includes('Mạng lưới ngày 01/01/2022')")
        past_ids = set(page.evaluate(NODE_IDS_JS))
        past_status = page.inner_text("#status")
        past_words = page.evaluate(PAGE_WORDS_JS)
        # and the page is switched to English
        page.click("label[for=lang-en]")
        page.wait_for_function("() => document.getElementById('status').textContent.startsWith('Names in English.')")
        status_en = page.inner_text("#status")
        # and "today" is chosen again
        asked_until = len(recorded.graphql_requests())
        page.click("#as-of-today")
        page.wait_for_function(f"(n) => ({NODE_COUNT_JS})() === n", arg=len(today_ids))
        back_ids = set(page.evaluate(NODE_IDS_JS))
        day_field = page.input_value("#as-of")
        page.wait_for_function("() => !document.getElementById('status').textContent.includes('as of')")
    except PlaywrightError as error:
        recorded.fail("/explore", error)
    finally:
        recorded.close()

    # then the festival's details say who leads it and on which edition the lead was found, in Vietnamese
    assert department["name"] == "Sở Văn hóa và Thể thao Hà Nội"
    assert department["name"] in responsibility
    assert re.search(r"chủ trì qua .*Lễ hội Thiết kế Sáng tạo Hà Nội 20\d\d", responsibility), responsibility
    assert "leads" not in responsibility
    # and no English label of the page is shown in Vietnamese, nor a raw kind or role
    english = {key: label for key, label in labels["en"].items() if label != labels["vi"].get(key)}
    assert len(english) > 100 and set(labels["en"]) == set(labels["vi"])
    for words in (words_vi, past_words):
        assert [label for label in english.values() if words_found(label, words)] == []
        raw = [
            key.split(".")[1] for key in labels["en"] if key.startswith(("kinds.", "linkKinds.", "linkKindsIn.", "linkRoles.", "roles."))
        ]
        assert [
            value for value in raw if any(words_found(v, words) for v in (value, value.replace("_", " "), value.replace("_", "-")))
        ] == []
    # and on 1 January 2022 fewer nodes were drawn, Plan 161 not among them, and the status said the day
    assert plan["id"] in today_ids and plan["id"] not in past_ids
    assert len(past_ids) < len(today_ids)
    assert "Mạng lưới ngày 01/01/2022" in past_status
    assert status_en == "Names in English. · Network as of 1 January 2022"
    # and every network question asked meanwhile named that day
    asked = [json.loads(request.post_data) for request in recorded.graphql_requests()[asked_before:asked_until]]
    on_network = [body for body in asked if "network" in body["query"]]
    assert {re.match(r"query (\w+)", body["query"])[1] for body in on_network} >= {"Neighborhood", "Gaps", "InForce"}
    assert all("network(asOf: $asOf)" in body["query"] and body["variables"]["asOf"] == "2022-01-01" for body in on_network)
    # and "today" brings today's network back
    assert back_ids == today_ids and day_field == ""
    assert_screenshot(screenshot)
    recorded.assert_clean()
