"""The Membership Monitoring Report draft: UNESCO's sections, built from the seeded data, in both languages."""

from __future__ import annotations

from datetime import date

import pytest
from docx import Document

from tests.support import GraphQLClient, HubServer, hub_command, issue_token

MMR = """
query ($lang: Lang, $from: Date!, $to: Date!) {
  monitoringReport(from: $from, to: $to, lang: $lang) {
    city { nameVi designationYear }
    sections { key title items { title lines node { kind } } }
    markdown
  }
}
"""
REPORT_CITY = """
query ($from: Date!, $to: Date!) { monitoringReport(from: $from, to: $to, lang: VI) { city { id nameVi } } }
"""
CITY_SEARCH = "query ($text: String!) { search(text: $text, kinds: [CITY], first: 1) { nameVi } }"
CITY_CREATE = """
mutation ($input: CityCreateInput!) { cityCreate(input: $input) { city { id version } userErrors { message } } }
"""
CITY_UPDATE = """
mutation ($input: CityUpdateInput!) { cityUpdate(input: $input) { city { aliases } userErrors { message } } }
"""
MMR_SOURCED = """
query ($lang: Lang, $from: Date, $to: Date) {
  monitoringReport(from: $from, to: $to, lang: $lang) {
    sections { key items { title lines node { id } } }
    sources
    markdown
  }
}
"""
MMR_DEFAULT = "{ monitoringReport { from to dueYear } }"
FIND = "query ($text: String!, $kind: NodeKind!) { search(text: $text, kinds: [$kind], first: 1) { id } }"
EVENT_OUTCOMES = """
query ($id: ID!) { node(id: $id) { ... on Event { outcomes(lang: EN) outcomesSource } } }
"""
TERM = {"from": "2019-10-30", "to": "2023-12-31"}
ROLE = {"EN": "Responsible", "VI": "Cơ quan chịu trách nhiệm"}
FORUM_SOURCE = "https://www.indonesianewsgazette.com/asean-creative-cities-share-sustainable-development-initiatives/"
FESTIVAL_2023_RESULTS = "https://www.qdnd.vn/van-hoa/doi-song/be-mac-le-hoi-thiet-ke-sang-tao-ha-noi-nam-2023-753394"
HANOI_HEADING = "# Báo cáo giám sát tư cách thành viên: Hà Nội\n"
KEYS = ["GENERAL", "GLOBAL_MANAGEMENT", "LOCAL_INITIATIVES", "INTERNATIONAL_INITIATIVES", "ACTION_PLAN"]


@pytest.mark.parametrize(
    ("lang", "heading", "festival", "gap"),
    [
        ("EN", "# Membership Monitoring Report: Hanoi", "Hanoi Creative Design Festival 2023", "no lead agency recorded"),
        ("VI", "# Báo cáo giám sát tư cách thành viên: Hà Nội", "Lễ hội Thiết kế Sáng tạo Hà Nội 2023", "chưa có cơ quan chủ trì"),
    ],
)
def test_the_draft_has_unesco_sections_from_the_data(api, lang, heading, festival, gap):
    report = api.data(MMR, {**TERM, "lang": lang})["monitoringReport"]
    sections = {section["key"]: section for section in report["sections"]}
    assert list(sections) == KEYS
    assert report["city"] == {"nameVi": "Hà Nội", "designationYear": 2019}
    assert len(sections["LOCAL_INITIATIVES"]["items"]) == 3 and len(sections["INTERNATIONAL_INITIATIVES"]["items"]) == 3
    assert {item["node"]["kind"] for item in sections["LOCAL_INITIATIVES"]["items"]} == {"INITIATIVE"}
    markdown = report["markdown"]
    assert markdown.startswith(heading + "\n")
    assert festival in markdown and gap in markdown
    assert markdown.count("\n## ") == 6  # the five sections, then the sources


@pytest.fixture(scope="module")
def ids(api) -> dict[str, str]:
    """The IDs of the seeded nodes these tests read, found as a client finds them."""
    wanted = {
        "festival": ("Hanoi Creative Design Festival", "INITIATIVE"),
        "forum": ("Organizing UNESCO Creative Cities Network Forum in Southeast Asia in 2023", "INITIATIVE"),
        "forum event": ("UCCN Southeast Asia Forum 2023", "EVENT"),
        "four-year review": ("Review of Hanoi's four years as a UNESCO Creative City", "EVENT"),
    }
    return {name: api.data(FIND, {"text": text, "kind": kind})["search"][0]["id"] for name, (text, kind) in wanted.items()}


@pytest.mark.parametrize(
    ("lang", "department", "unesco", "co_lead"),
    [
        ("EN", "Hanoi Department of Culture and Sports", "UNESCO Office in Hanoi", "co-lead"),
        ("VI", "Sở Văn hóa và Thể thao Hà Nội", "Văn phòng UNESCO tại Hà Nội", "đồng chủ trì"),
    ],
)
def test_the_draft_names_who_ran_the_festival_and_the_forum_from_the_editions_below_them(api, ids, lang, department, unesco, co_lead):
    # when staff draft the 2019–2023 report
    report = api.data(MMR_SOURCED, {**TERM, "lang": lang})["monitoringReport"]
    items = {item["node"]["id"]: item for section in report["sections"][2:4] for item in section["items"]}
    festival, forum = items[ids["festival"]]["lines"], items[ids["forum"]]["lines"]
    # then the festival names the department, found on its editions (the initiative itself has no link)
    assert any(line.startswith(f"{ROLE[lang]}: {department} — {co_lead}") for line in festival)
    # and the forum names the department, the UNESCO Office and UN-Habitat, with their sources cited
    assert any(line.startswith(f"{ROLE[lang]}: {department}") for line in forum)
    assert any(line.startswith(f"{ROLE[lang]}: {unesco}") for line in forum)
    assert any("UN-Habitat" in line for line in forum)
    assert FORUM_SOURCE in report["sources"]
    forum_line = next(line for line in forum if "UN-Habitat" in line)
    assert f"[{report['sources'].index(FORUM_SOURCE) + 1}]" in forum_line
    # and the festival's results are given with the page that reports them
    results = next(line for line in festival if "200,000" in line or "200.000" in line)
    assert f"[{report['sources'].index(FESTIVAL_2023_RESULTS) + 1}]" in results
    # and no local festival is counted as the Network's own meeting
    management = next(s for s in report["sections"] if s["key"] == "GLOBAL_MANAGEMENT")
    assert [item["node"]["id"] for item in management["items"]] == [ids["four-year review"], ids["forum event"]]
    # and every source the draft cites is listed once, numbered in its Markdown
    assert len(set(report["sources"])) == len(report["sources"])
    assert f"{len(report['sources'])}. <{report['sources'][-1]}>" in report["markdown"]


def test_an_edition_outside_the_period_does_not_lend_its_lead(api, ids):
    # when the report covers only 2019–2021, before any edition was directed or led
    report = api.data(MMR_SOURCED, {"from": "2019-10-30", "to": "2021-12-31", "lang": "EN"})["monitoringReport"]
    festival = next(item for item in report["sections"][3]["items"] if item["node"]["id"] == ids["festival"])
    # then its co-leads are named and the gap is said
    assert "no lead agency recorded in the period" in festival["lines"]
    assert not any("directs" in line for line in festival["lines"])


def test_without_a_period_the_draft_covers_the_term_of_the_next_report_due(api):
    # when no period is given
    report = api.data(MMR_DEFAULT)["monitoringReport"]
    # then the term runs to the end of the next year due (2019 + 4k, not before this year)
    year = date.today().year
    due = 2019 + 4 * max(1, -(-(year - 2019) // 4))
    assert report == {"from": f"{due - 3}-01-01", "to": f"{due}-12-31", "dueYear": due}
    # and a period's due year is the one it ends in, or the next one after it
    assert (
        api.data(MMR_DEFAULT.replace("monitoringReport", 'monitoringReport(from: "2019-10-30", to: "2022-06-30")'))["monitoringReport"][
            "dueYear"
        ]
        == 2023
    )


def test_half_a_period_is_refused(api):
    body = api(MMR_SOURCED, {"from": "2019-10-30", "to": None})
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "to"}


def test_an_event_says_what_came_of_it_and_where_that_is_reported(api, ids):
    event = api.data(EVENT_OUTCOMES, {"id": ids["forum event"]})["node"]
    assert event["outcomes"].startswith("More than 100 Vietnamese")
    assert event["outcomesSource"] == FORUM_SOURCE


def test_the_cli_writes_a_word_document(seeded_database, tmp_path):
    # when staff ask the CLI for the Word file
    target = tmp_path / "mmr.docx"
    hub_command(
        seeded_database,
        "report",
        "mmr",
        "--from",
        TERM["from"],
        "--to",
        TERM["to"],
        "--lang",
        "vi",
        "--format",
        "docx",
        "--output",
        str(target),
    )
    # then it opens as a document with a heading per section, then the sources
    headings = [p.text for p in Document(str(target)).paragraphs if p.style.name == "Heading 1"]
    assert [h.split(". ", 1)[0] for h in headings] == ["1", "2", "3", "4", "5", "Nguồn"]
    # and without --output a Word file is refused rather than written to a terminal
    refused = hub_command(seeded_database, "report", "mmr", "--format", "docx", check=False)
    assert refused.returncode == 2 and "--output" in refused.stderr


def test_events_outside_the_period_are_left_out(api):
    early = api.data(MMR, {"from": "2019-10-30", "to": "2021-12-31", "lang": "EN"})["monitoringReport"]["markdown"]
    assert "Unleashing Creativity Week 2021" in early and "Festival 2023" not in early


def test_a_period_ending_before_it_starts_is_refused(api):
    body = api(MMR, {"from": "2023-12-31", "to": "2019-10-30"})
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "to"}


def test_the_cli_writes_the_same_draft_as_markdown(api, seeded_database):
    # when
    result = hub_command(seeded_database, "report", "mmr", "--from", TERM["from"], "--to", TERM["to"], "--lang", "en")
    # then
    assert result.stdout == api.data(MMR, {**TERM, "lang": "EN"})["monitoringReport"]["markdown"]


def test_a_partner_city_taking_the_name_hanoi_does_not_take_the_report_over(writable_server, write_api):
    # given a partner city, and the token its city hall was issued
    created = write_api.data(CITY_CREATE, {"input": {"nameVi": "Aachen", "country": "Germany", "field": "MEDIA_ARTS"}})
    aachen = created["cityCreate"]["city"]
    token = issue_token(writable_server.database_url, "partner", "Aachen city hall", "--city", aachen["id"])
    partner = GraphQLClient(writable_server.url, token)
    try:
        # when the partner gives its own city the alias "Hanoi"
        change = {"id": aachen["id"], "version": aachen["version"], "aliases": ["Hanoi"]}
        assert partner.data(CITY_UPDATE, {"input": change})["cityUpdate"]["userErrors"] == []
        # then a search for "Hanoi" finds the partner first (its name sorts first)
        assert write_api.data(CITY_SEARCH, {"text": "Hanoi"})["search"] == [{"nameVi": "Aachen"}]
        # and yet the report, to the partner, to staff and from the CLI, is still Hà Nội's
        for client in (partner, write_api):
            assert client.data(REPORT_CITY, TERM)["monitoringReport"]["city"]["nameVi"] == "Hà Nội"
        printed = hub_command(writable_server.database_url, "report", "mmr", "--from", TERM["from"], "--to", TERM["to"])
        assert printed.stdout.startswith(HANOI_HEADING)
    finally:
        partner.close()


def test_the_home_city_is_named_by_its_id_too_and_an_unknown_one_is_said_so(writable_server, write_api, backend):
    # given the partner city's ID, and a home city set the way older versions took it: by a name
    created = write_api.data(CITY_CREATE, {"input": {"nameVi": "Bandung", "country": "Indonesia"}})
    bandung = created["cityCreate"]["city"]["id"]
    answers = {}
    for home_city in (bandung, "Hanoi"):
        server = HubServer(writable_server.database_url, backend, home_city=home_city).start()
        client = GraphQLClient(server.url)
        try:
            # when each hub drafts its report
            answers[home_city] = client(REPORT_CITY, TERM)
        finally:
            client.close()
            server.stop()

    # then the one named by ID reports on Bandung, and the one named by a name is refused with a hint
    assert answers[bandung]["data"]["monitoringReport"]["city"] == {"id": bandung, "nameVi": "Bandung"}
    error = answers["Hanoi"]["errors"][0]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "city"}
    assert "HUB_HOME_CITY" in error["message"]
