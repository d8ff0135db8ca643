"""The README's example queries work as written on the seeded network."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
EXAMPLES = re.findall(r"```graphql\n(.*?)```", README, flags=re.DOTALL)
QUERIES = [example for example in EXAMPLES if not example.startswith("mutation")]
MUTATIONS = [example for example in EXAMPLES if example.startswith("mutation")]


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
