"""The README's example queries work as written on the seeded network."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
EXAMPLES = re.findall(r"```graphql\n(.*?)```", README, flags=re.DOTALL)


def test_the_readme_shows_five_example_queries():
    assert len(EXAMPLES) >= 5


@pytest.mark.parametrize("query", EXAMPLES, ids=[f"example-{n}" for n in range(1, len(EXAMPLES) + 1)])
def test_each_example_answers_with_data_and_no_errors(api, query):
    data = api.data(query)
    for name, value in data.items():
        found = value["edges"] if isinstance(value, dict) else value
        assert found, f"{name} came back empty"
