"""The staff guide's ten everyday questions, asked of a freshly seeded hub as written, and read as staff would.

Each answer is checked against the hub's own facts (seeds/hanoi.json and the city list), so a guide
query that runs but answers wrongly fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "guide-staff.md"
QUESTION = re.compile(r"^### (?P<number>\d+)\. (?P<title>.+?)\n.*?```graphql\n(?P<query>.*?)```", re.DOTALL | re.MULTILINE)
DEPARTMENT = "Hanoi Department of Culture and Sports"


def questions() -> dict[int, str]:
    section = GUIDE.read_text(encoding="utf-8").split("## Ten everyday questions", 1)[1].split("\n## ", 1)[0]
    return {int(match["number"]): match["query"] for match in QUESTION.finditer(section)}


@pytest.fixture(scope="module")
def ask(api):
    found = questions()

    def answer(number: int) -> dict:
        return api.data(found[number])

    return answer


def edges(connection: dict) -> list[dict]:
    return [edge["node"] for edge in connection["edges"]]


def test_the_guide_asks_ten_questions():
    assert sorted(questions()) == list(range(1, 11))


def test_1_who_leads_what_names_the_department_for_the_festival_through_its_editions(ask):
    cells = ask(1)["network"]["responsibilityMatrix"]
    festival = [c for c in cells if c["initiative"]["name"] == "Hanoi Creative Design Festival" and c["agency"]["name"] == DEPARTMENT]
    assert festival and any("CO_LEAD" in cell["roles"] or "LEAD" in cell["roles"] for cell in festival)
    assert any("Hanoi Creative Design Festival 20" in item["name"] for cell in festival for item in cell["through"])


def test_2_the_forum_was_organised_by_the_department_and_the_unesco_office_with_un_habitat(ask):
    [forum] = edges(ask(2)["events"])
    ties = {(link["node"]["kind"], link["node"]["other"]["name"]) for link in forum["links"]["edges"]}
    assert forum["startsOn"] == "2023-11-18"
    assert {("RESPONSIBLE_FOR", DEPARTMENT), ("RESPONSIBLE_FOR", "UNESCO Office in Hanoi"), ("SUPPORTS", "UN-Habitat")} <= ties
    assert ("HOSTS", "Hanoi Museum") in ties


def test_3_every_festival_edition_from_2021_is_listed_in_order_with_its_venues(ask):
    editions = edges(ask(3)["events"])
    starts = [edition["startsOn"] for edition in editions if edition["startsOn"]]
    assert starts == sorted(starts) and starts[0] == "2021-12-24"
    venues = {edition["name"]: [edge["node"]["other"]["name"] for edge in edition["links"]["edges"]] for edition in editions}
    assert venues["Unleashing Creativity Week 2021"]
    assert len(venues["Hanoi Creative Design Festival 2023"]) >= 4  # Gia Lâm train factory and the others


def test_4_the_vietnamese_members_are_the_seeded_ones_in_designation_order(ask):
    cities = edges(ask(4)["cities"])
    names = [city["name"] for city in cities]
    assert "Hanoi" in names and "Hoi An" in names and "Da Lat" in names
    assert [city["designationYear"] for city in cities] == sorted(city["designationYear"] for city in cities)


def test_5_southeast_asian_cities_of_design_include_bangkok_and_bandung(ask):
    cities = edges(ask(5)["cities"])
    assert {"Bangkok", "Bandung", "Hanoi"} <= {city["name"] for city in cities}
    assert {city["region"] for city in cities} == {"Asia and the Pacific"}


def test_6_the_museum_reaches_the_unesco_office_through_the_forum(ask):
    path = ask(6)["network"]["path"]
    assert path["nodes"][0]["name"] == "Hanoi Museum" and path["nodes"][-1]["name"] == "UNESCO Office in Hanoi"
    assert len(path["links"]) == len(path["nodes"]) - 1


def test_7_single_points_of_failure_say_what_they_cut_off(ask):
    points = ask(7)["network"]["gaps"]["singlePointsOfFailure"]
    assert points and all(point["cutOff"] for point in points)
    assert str(len(points[0]["cutOff"])) in points[0]["reason"]


def test_8_the_report_is_due_four_yearly_from_designation_and_cites_sources(ask):
    report = ask(8)["monitoringReport"]
    assert (report["dueYear"] - 2019) % 4 == 0 and report["from"] < report["to"]
    assert len(report["sections"]) == 5 and report["sources"]


def test_9_hanoi_is_advised_to_invite_southeast_asian_cities_of_design(ask):
    suggestions = ask(9)["network"]["suggestions"]
    reasons = {entry["node"]["name"]: entry["factors"] for entry in suggestions}
    design_neighbours = {"Bangkok", "Bandung", "Cebu City", "Singapore", "Kuala Lumpur", "Chiang Rai"} & set(reasons)
    assert design_neighbours
    for city in design_neighbours:
        assert any("City of Design" in factor for factor in reasons[city])
        assert any("South-eastern Asia" in factor for factor in reasons[city])


def test_10_the_network_on_1_january_2022_holds_the_2021_week_and_not_plan_161(ask):
    network = ask(10)["network"]
    kinds = {entry["kind"]: entry["count"] for entry in network["stats"]["nodesByKind"]}
    assert kinds["PLAN"] == 1  # 134/KH-UBND (2019) alone: Plan 161 came on 31 May 2023
    names = {node["name"] for node in network["neighborhood"]["nodes"]}
    assert "Unleashing Creativity Week 2021" in names and DEPARTMENT in names
    assert "Hanoi Creative Design Festival" not in names
