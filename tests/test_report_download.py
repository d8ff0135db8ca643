"""The monitoring report as a file for staff: /reports/mmr.{md,docx} through the hub's one door.

The Word file must open outside Python too, so one test converts it to PDF with LibreOffice and reads
the text back with pdftotext.
"""

from __future__ import annotations

import io
import shutil
import subprocess

import httpx
import pytest
from docx import Document

from hub.config import RateLimits
from tests.support import GraphQLClient, HubServer, issue_token, skip_or_fail

TERM = {"from": "2019-10-30", "to": "2023-12-31"}
MARKDOWN = """
query ($from: Date, $to: Date) { monitoringReport(from: $from, to: $to, lang: VI) { markdown sources } }
"""
FIND = "query ($text: String!, $kind: NodeKind!) { search(text: $text, kinds: [$kind], first: 1) { id } }"
SECTION_TITLES = [
    "1. General information",
    "2. Contribution to the Network's global management: conferences and meetings",
    "3. Major initiatives at local level",
    "4. Major initiatives at international level",
    "5. Proposed action plan for the next four years",
    "Sources",
]


@pytest.fixture(scope="module")
def staff(hub_server, seeded_database):
    """Staff of the secretariat, downloading as a browser or script would."""
    token = issue_token(seeded_database, "staff", "Report drafter")
    with httpx.Client(base_url=hub_server.url, headers={"Authorization": f"Bearer {token}"}, timeout=60) as client:
        yield client


@pytest.fixture(scope="module")
def word_file(staff) -> bytes:
    response = staff.get("/reports/mmr.docx", params={**TERM, "lang": "en"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert response.headers["content-disposition"] == 'attachment; filename="mmr-2019-10-30-2023-12-31-en.docx"'
    return response.content


@pytest.fixture(scope="module")
def pdf_text(word_file, tmp_path_factory) -> str:
    """The Word file as LibreOffice prints it, read back as text."""
    soffice, pdftotext = shutil.which("soffice"), shutil.which("pdftotext")
    if soffice is None or pdftotext is None:
        skip_or_fail("the Word file's PDF test needs LibreOffice and pdftotext: apt-get install libreoffice-writer-nogui poppler-utils")
    folder = tmp_path_factory.mktemp("pdf")
    (folder / "mmr.docx").write_bytes(word_file)
    profile = f"-env:UserInstallation=file://{folder / 'profile'}"  # its own profile: no lock shared with a desktop session
    subprocess.run(
        [soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(folder / "mmr.docx")],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return subprocess.run([pdftotext, "-layout", str(folder / "mmr.pdf"), "-"], check=True, capture_output=True, text=True).stdout


def test_staff_download_the_markdown_the_api_drafts(staff, api):
    # when staff download the Markdown draft
    response = staff.get("/reports/mmr.md", params={**TERM, "lang": "vi"})
    # then it is the draft the GraphQL API gives, as a file
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/markdown; charset=utf-8"
    assert response.text == api.data(MARKDOWN, TERM)["monitoringReport"]["markdown"]


def test_the_word_file_has_a_heading_per_section_lists_and_its_sources(word_file, api):
    # when the Word file is opened
    document = Document(io.BytesIO(word_file))
    paragraphs = document.paragraphs
    # then each section has its heading, and the sources theirs
    assert [p.text for p in paragraphs if p.style.name == "Heading 1"] == SECTION_TITLES
    assert paragraphs[0].style.name == "Title" and paragraphs[0].text == "Membership Monitoring Report: Hanoi"
    # and entries are bulleted lists, the facts under them a nested list
    styles = {p.style.name for p in paragraphs}
    assert {"List Bullet", "List Bullet 2"} <= styles
    assert any(p.style.name == "List Bullet 2" and p.text.startswith("Partner: UN-Habitat — partner") for p in paragraphs)
    # and every source is listed with its number
    sources = api.data(MARKDOWN, TERM)["monitoringReport"]["sources"]
    listed = [p.text for p in paragraphs[[p.text for p in paragraphs].index("Sources") + 1 :]]
    assert listed == [f"[{number}] {url}" for number, url in enumerate(sources, start=1)]


def test_the_word_file_opens_outside_python(pdf_text):
    # then LibreOffice prints the sections and the names the draft gives
    flat = " ".join(pdf_text.split())
    for title in SECTION_TITLES:
        assert title in flat
    assert "Hanoi Department of Culture and Sports" in flat and "UN-Habitat" in flat and "UNESCO Office in Hanoi" in flat


def test_an_outsider_cannot_download_the_draft(hub_server, seeded_database, api):
    # given a partner city's and a department reporter's tokens
    city = api.data(FIND, {"text": "Hội An", "kind": "CITY"})["search"][0]["id"]
    agency = api.data(FIND, {"text": "Hanoi Department of Culture and Sports", "kind": "AGENCY"})["search"][0]["id"]
    tokens = {
        "partner": issue_token(seeded_database, "partner", "Hội An city hall", "--city", city),
        "reporter": issue_token(seeded_database, "reporter", "Department reporter", "--agency", agency),
    }
    url = f"{hub_server.url}/reports/mmr.docx"
    # when each asks for the draft, then the anonymous caller must authenticate and the others are turned away
    anonymous = httpx.get(url, params=TERM)
    assert anonymous.status_code == 401 and anonymous.headers["www-authenticate"] == "Bearer"
    for token in tokens.values():
        refused = httpx.get(url, params=TERM, headers={"Authorization": f"Bearer {token}"})
        assert refused.status_code == 403 and "monitoring report" in refused.json()["error"]
    # and a guessed token is no better than none
    assert httpx.get(url, params=TERM, headers={"Authorization": "Bearer guessed"}).status_code == 401


@pytest.mark.parametrize(
    "period",
    [
        {"from": "2023-13-01", "to": "2023-12-31"},
        {"from": "2023-12-31", "to": "2019-10-30"},
        {"from": "2019-10-30"},
        {"from": "0001-01-01", "to": "2023-12-31"},
        {**TERM, "lang": "fr"},
    ],
)
def test_bad_dates_are_refused_with_400(staff, period):
    response = staff.get("/reports/mmr.md", params=period)
    assert response.status_code == 400 and response.json()["error"]


def test_an_unknown_format_is_not_found(staff):
    assert staff.get("/reports/mmr.pdf", params=TERM).status_code == 404


@pytest.fixture(scope="module")
def tight_server(seeded_database, backend):
    """A hub whose tokens may spend 15 points a minute: one report (10 points) and not a second."""
    server = HubServer(seeded_database, backend, rate_limits=RateLimits(anonymous=100, token=15)).start()
    yield server
    server.stop()


def test_downloads_are_charged_to_the_token(tight_server, seeded_database):
    # given a fresh staff token on a hub with a tight budget
    client = GraphQLClient(tight_server.url, issue_token(seeded_database, "staff", "Hasty drafter"))
    try:
        # when it downloads the draft twice within the minute
        first = client.http.get("/reports/mmr.md", params=TERM)
        second = client.http.get("/reports/mmr.md", params=TERM)
    finally:
        client.close()
    # then the second is refused with 429 and told when to come back
    assert first.status_code == 200
    assert second.status_code == 429 and second.headers["retry-after"]
