"""The Membership Monitoring Report draft: UNESCO's sections, built from the seeded data, in both languages."""

from __future__ import annotations

import pytest

from tests.support import hub_command

MMR = """
query ($lang: Lang, $from: Date!, $to: Date!) {
  monitoringReport(from: $from, to: $to, lang: $lang) {
    city { nameVi designationYear }
    sections { key title items { title lines node { kind } } }
    markdown
  }
}
"""
TERM = {"from": "2019-10-30", "to": "2023-12-31"}
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
