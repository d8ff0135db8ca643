"""The README's example queries work as written on the seeded network."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from seeds import HANOI_NETWORK

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
EXAMPLES = re.findall(r"```graphql\n(.*?)```", README, flags=re.DOTALL)
QUERIES = [example for example in EXAMPLES if not example.startswith("mutation")]
MUTATIONS = [example for example in EXAMPLES if example.startswith("mutation")]
SEED = json.loads(HANOI_NETWORK.read_text(encoding="utf-8"))


def seeded_names_part_of(target: str, kind: str) -> list[str]:
    """The Vietnamese names of the seeded nodes of `kind` linked PART_OF the seed node `target`."""
    sources = {link["from"] for link in SEED["links"] if link["kind"] == "PART_OF" and link["to"] == target}
    return sorted(node["nameVi"] for node in SEED["nodes"] if node["key"] in sources and node["kind"] == kind)


def test_the_readme_shows_five_example_queries_and_a_mutation():
    assert len(QUERIES) >= 5 and len(MUTATIONS) >= 1


@pytest.mark.parametrize("query", QUERIES, ids=[f"query-{n}" for n in range(1, len(QUERIES) + 1)])
def test_each_example_query_answers_with_data_and_no_errors(api, query):
    data = api.data(query)
    for name, value in data.items():
        found = value.get("edges", value) if isinstance(value, dict) else value
        assert found, f"{name} came back empty"


@pytest.mark.parametrize("mutation", MUTATIONS, ids=[f"mutation-{n}" for n in range(1, len(MUTATIONS) + 1)])
def test_each_example_mutation_succeeds_on_a_freshly_seeded_hub(write_api, mutation):
    for payload in write_api.data(mutation).values():
        assert payload["userErrors"] == []


def test_example_1_lists_every_initiative_of_plan_161(api):
    # given the initiatives the seed makes part of Plan 161
    expected = seeded_names_part_of("plan:161-kh-ubnd-2023", "INITIATIVE")

    # when the first example runs
    initiatives = api.data(QUERIES[0])["initiatives"]

    # then it lists those six, no more, no fewer
    assert len(expected) == 6
    assert initiatives["totalCount"] == 6
    assert sorted(edge["node"]["nameVi"] for edge in initiatives["edges"]) == expected


def test_example_4_finds_every_festival_edition_the_seed_holds(api):
    # given the events the seed makes part of the festival, its 2021 forerunner among them
    expected = seeded_names_part_of("initiative:hanoi-creative-design-festival", "EVENT")

    # when the fourth example runs
    events = api.data(QUERIES[3])["events"]["edges"]

    # then it finds each of them
    assert any("2021" in name for name in expected)
    assert sorted(edge["node"]["name"] for edge in events) == expected
