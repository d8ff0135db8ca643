"""Regions: every seeded city has its UNESCO region and M49 subregion, can be filtered by them, and
suggestions for Hà Nội weigh field and place."""

from __future__ import annotations

import csv
import json

from seeds import COUNTRY_REGIONS, HANOI_NETWORK, UCCN_CITIES_SAMPLE
from tests.support import hub_command

CITIES = """
query ($filter: CityFilter) {
  cities(filter: $filter, first: 100) { totalCount edges { node { name country field region subregion } } }
}
"""
SUGGESTIONS = """
query ($for: ID!) {
  network { suggestions(for: $for, top: 10) { node { ... on City { name field subregion } } score factors reason } }
}
"""
HANOI = '{ cities(filter: {text: "Ha Noi"}) { edges { node { id } } } }'
SOUTHEAST_ASIAN_CITIES_OF_DESIGN = {"Bandung", "Bangkok", "Cebu City", "Chiang Rai", "Kuala Lumpur", "Singapore"}


def cities(api, city_filter: dict) -> list[dict]:
    return [edge["node"] for edge in api.data(CITIES, {"filter": city_filter})["cities"]["edges"]]


def test_the_region_table_covers_every_seeded_country_and_cites_its_sources():
    # given
    with COUNTRY_REGIONS.open(encoding="utf-8", newline="") as handle:
        table = {row["country"]: row for row in csv.DictReader(handle)}
    with UCCN_CITIES_SAMPLE.open(encoding="utf-8", newline="") as handle:
        countries = {row["country"] for row in csv.DictReader(handle)}
    seeded = json.loads(HANOI_NETWORK.read_text(encoding="utf-8"))["nodes"]
    countries |= {node["fields"]["country"] for node in seeded if node["kind"] == "CITY"}
    # then
    assert countries <= set(table)
    assert {row["region"] for row in table.values()} <= {
        "Africa",
        "Arab States",
        "Asia and the Pacific",
        "Europe and North America",
        "Latin America and the Caribbean",
    }
    assert all("unesco.org" in row["source"] and "unstats.un.org" in row["source"] for row in table.values())


def test_bangkok_has_its_region_after_seeding(api):
    # when
    [bangkok] = cities(api, {"text": "Bangkok"})
    # then
    assert (bangkok["country"], bangkok["region"], bangkok["subregion"]) == ("Thailand", "Asia and the Pacific", "South-eastern Asia")


def test_every_seeded_city_has_a_region(api):
    assert [city["name"] for city in cities(api, {}) if city["region"] is None or city["subregion"] is None] == []


def test_the_region_filter_keeps_only_that_regions_cities(api):
    # when
    arab = cities(api, {"region": "Arab States"})
    # then
    assert arab and {city["region"] for city in arab} == {"Arab States"}
    assert {city["country"] for city in arab} == {"Bahrain", "Qatar", "Saudi Arabia", "United Arab Emirates"}


def test_southeast_asian_cities_of_design_are_one_question(api):
    # when staff ask which Southeast Asian cities are Cities of Design
    found = cities(api, {"subregion": "South-eastern Asia", "field": "DESIGN"})
    # then
    assert {city["name"] for city in found} == SOUTHEAST_ASIAN_CITIES_OF_DESIGN | {"Hà Nội"}
    assert {city["subregion"] for city in found} == {"South-eastern Asia"}


def test_suggestions_for_hanoi_put_southeast_asian_cities_of_design_first_and_say_why(api):
    # given
    [hanoi] = api.data(HANOI)["cities"]["edges"]
    # when
    found = api.data(SUGGESTIONS, {"for": hanoi["node"]["id"]})["network"]["suggestions"]
    # then
    assert SOUTHEAST_ASIAN_CITIES_OF_DESIGN <= {s["node"]["name"] for s in found if s["node"]}
    for suggestion in found:
        if suggestion["node"] and suggestion["node"]["name"] in SOUTHEAST_ASIAN_CITIES_OF_DESIGN:
            assert suggestion["factors"][:2] == ["also a City of Design", "also in South-eastern Asia"]
            assert suggestion["reason"].startswith("also a City of Design; also in South-eastern Asia")
    assert [s["score"] for s in found] == sorted((s["score"] for s in found), reverse=True)


def test_seeding_again_changes_no_region(empty_database):
    # given
    first = hub_command(empty_database, "seed")
    # when
    again = hub_command(empty_database, "seed")
    # then
    assert "no region known" not in first.stderr
    assert "regions: 0 cities given their country's region" in again.stdout
    assert "no region known" not in again.stderr
