"""The Membership Monitoring Report draft: UNESCO's sections, built from the seeded data, in both languages."""

from __future__ import annotations

import pytest

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
TERM = {"from": "2019-10-30", "to": "2023-12-31"}
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
    assert markdown.count("\n## ") == 5


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
