"""`creative-hub import cities`: a real UNESCO list, imported twice, matched to the cities already known."""

from __future__ import annotations

import csv
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from hub.cities import parse_field
from tests.support import GraphQLClient, HubServer, hub_command, run_at_terminal

FULL_LIST = Path(__file__).parent / "data" / "uccn_cities_full.csv"
CITIES = """
query ($filter: CityFilter, $after: String) {
  cities(filter: $filter, first: 100, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { name nameVi country field designationYear source } }
  }
}
"""
REGIONS = "{ cities { edges { node { name region subregion } } } }"


def all_cities(api, city_filter: dict | None = None) -> list[dict]:
    found, after = [], None
    while True:
        page = api.data(CITIES, {"filter": city_filter, "after": after})["cities"]
        found += [edge["node"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return found
        after = page["pageInfo"]["endCursor"]


@pytest.fixture
def served(backend):
    """Serve a database for the duration of a test, returning a client."""
    started = []

    def serve(url: str) -> GraphQLClient:
        server = HubServer(url, backend).start()
        client = GraphQLClient(server.url)
        started.append((server, client))
        return client

    yield serve
    for server, client in started:
        client.close()
        server.stop()


def test_a_real_list_imported_twice_gives_its_counts_per_field_and_country(empty_database, served):
    # given the list's own tallies
    with FULL_LIST.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) >= 300
    by_field = Counter(parse_field(row["field"]).value for row in rows)
    by_country = Counter(row["country"] or None for row in rows)
    # when
    first = hub_command(empty_database, "import", "cities", str(FULL_LIST))
    second = hub_command(empty_database, "import", "cities", str(FULL_LIST))
    cities = all_cities(served(empty_database))
    # then
    assert f"created {len(rows)}, updated 0, unchanged 0, rejected 0" in first.stdout
    assert f"created 0, updated 0, unchanged {len(rows)}, rejected 0" in second.stdout
    assert Counter(city["field"] for city in cities) == by_field
    assert Counter(city["country"] for city in cities) == by_country
    blank_years = {row["city"] for row in rows if not row["year"]}
    assert blank_years and {c["name"] for c in cities if c["designationYear"] is None} == blank_years
    assert by_country[None] > 0


def test_importing_over_the_seed_keeps_one_hanoi_and_two_granadas(empty_database, served):
    # given the seeded network, where Hà Nội has its Vietnamese name
    hub_command(empty_database, "seed")
    # when
    hub_command(empty_database, "import", "cities", str(FULL_LIST))
    again = hub_command(empty_database, "import", "cities", str(FULL_LIST))
    api = served(empty_database)
    # then
    assert ", updated 0, " in again.stdout and "created 0," in again.stdout
    hanoi = all_cities(api, {"text": "Hanoi"})
    assert [(c["nameVi"], c["country"], c["field"], c["designationYear"]) for c in hanoi] == [("Hà Nội", "Vietnam", "DESIGN", 2019)]
    granadas = all_cities(api, {"text": "Granada"})
    assert sorted((c["country"], c["field"]) for c in granadas) == [("Nicaragua", "DESIGN"), ("Spain", "LITERATURE")]


BAD_LINES = """city,country,field,year,source
Kanazawa,Japan,Crafts and Folk Art,2009,https://example.org/kanazawa
,Japan,Design,2019,https://example.org/blank
Nowhere,Atlantis,Juggling,2019,https://example.org/juggling
Oldtown,Utopia,Music,1999,https://example.org/old
Soontown,Utopia,Music,soon,https://example.org/soon
Granada,,Design,,https://example.org/which-granada
"""


def test_bad_lines_are_reported_with_their_number_and_reason(empty_database, served, tmp_path):
    # given two Granadas already known, and a file with one good line and five bad ones
    (tmp_path / "granadas.csv").write_text(
        "city,country,field,year,source\nGranada,Spain,Literature,2014,\nGranada,Nicaragua,Design,2023,\n", encoding="utf-8"
    )
    hub_command(empty_database, "import", "cities", str(tmp_path / "granadas.csv"))
    (tmp_path / "cities.csv").write_text(BAD_LINES, encoding="utf-8")
    # when
    result = hub_command(empty_database, "import", "cities", str(tmp_path / "cities.csv"), check=False)
    # then
    assert result.returncode == 1
    rejected = [line for line in result.stderr.splitlines() if "rejected" in line]
    assert [line.split(":")[0] for line in rejected] == ["line 3", "line 4", "line 5", "line 6", "line 7"]
    assert "blank" in rejected[0] and "Juggling" in rejected[1] and "1999" in rejected[2]
    assert "soon" in rejected[3] and "give the country" in rejected[4]
    assert "created 1, updated 0, unchanged 0, rejected 5" in result.stdout
    assert [c["name"] for c in all_cities(served(empty_database), {"country": "Japan"})] == ["Kanazawa"]


def test_strict_imports_nothing_when_a_line_is_bad(empty_database, served, tmp_path):
    (tmp_path / "cities.csv").write_text(BAD_LINES, encoding="utf-8")
    result = hub_command(empty_database, "import", "cities", "--strict", str(tmp_path / "cities.csv"), check=False)
    assert result.returncode == 1 and "nothing imported" in result.stderr
    assert all_cities(served(empty_database)) == []


def test_a_file_without_the_columns_is_refused_whole(empty_database, tmp_path):
    (tmp_path / "cities.csv").write_text("name,nation\nHanoi,Vietnam\n", encoding="utf-8")
    result = hub_command(empty_database, "import", "cities", str(tmp_path / "cities.csv"), check=False)
    assert result.returncode == 2
    assert "missing column(s) city, country, field, year, source" in result.stderr


def test_a_terminal_sees_a_progress_bar(empty_database):
    # given stderr attached to a terminal, as when an operator types the command
    with FULL_LIST.open(encoding="utf-8", newline="") as handle:
        rows = len(list(csv.DictReader(handle)))
    # when
    process, drawn = run_at_terminal(empty_database, "import", "cities", str(FULL_LIST), stdout=subprocess.DEVNULL)
    # then
    assert process.wait(timeout=60) == 0
    assert "importing cities [" in drawn and f"] {rows}/{rows}" in drawn


def test_an_import_fills_each_citys_region_from_its_country(empty_database, served, tmp_path):
    # given a file with a Thai city, and one from a country the region table does not know
    (tmp_path / "cities.csv").write_text(
        "city,country,field,year,source\n"
        "Chiang Rai,Thailand,Design,2023,https://example.org/chiang-rai\n"
        "Nowhere,Atlantis,Music,2019,https://example.org/nowhere\n",
        encoding="utf-8",
    )
    # when
    result = hub_command(empty_database, "import", "cities", str(tmp_path / "cities.csv"))
    api = served(empty_database)
    # then the region comes from the country, and the unknown country is reported, not guessed
    regions = {edge["node"]["name"]: edge["node"] for edge in api.data(REGIONS)["cities"]["edges"]}
    assert (regions["Chiang Rai"]["region"], regions["Chiang Rai"]["subregion"]) == ("Asia and the Pacific", "South-eastern Asia")
    assert (regions["Nowhere"]["region"], regions["Nowhere"]["subregion"]) == (None, None)
    assert "regions: 1 cities given their country's region" in result.stdout
    assert "no region known for Atlantis" in result.stderr
