"""DataLoaders: the statements a nested list query costs do not grow with the page size."""

from __future__ import annotations

import pytest

NESTED = {
    "agencies": """
query ($first: Int!) {
  agencies(first: $first) { edges { node { name parent { name }
    links(first: 10) { totalCount edges { node { role other { name
      ... on Event { links(kind: [PART_OF], direction: OUT) { edges { node { to { name } } } } } } } } } } } }
}
""",
    "cities": """
query ($first: Int!) {
  cities(first: $first) { edges { node { name links { totalCount edges { node { kind other { name } } } } } } }
}
""",
    "spaces": """
query ($first: Int!) {
  spaces(first: $first) { edges { node { name links { edges { node { from { name } to { name } } } } } } }
}
""",
}


def shape(value, path: str = "") -> frozenset[str]:
    """The field paths the answer really reaches, whatever the list lengths (nulls and [] reach nothing)."""
    if isinstance(value, dict):
        return frozenset({path}).union(*(shape(v, f"{path}.{k}") for k, v in value.items() if v not in (None, [])))
    if isinstance(value, list):
        return frozenset().union(*(shape(v, path) for v in value))
    return frozenset({path})


def statements_for(api, hub_server, root: str, first: int) -> tuple[int, int, frozenset[str]]:
    counter = hub_server.count_statements()
    try:
        data = api.data(NESTED[root], {"first": first})
    finally:
        hub_server.stop_counting(counter)
    return counter.count, len(data[root]["edges"]), shape(data)


@pytest.mark.parametrize("root", sorted(NESTED))
def test_statement_count_does_not_grow_with_page_size(deep_api, deep_server, root):
    # given the full page, and the smallest page whose answer reaches the same fields
    # (a page whose nodes have no links needs no statement to load their far ends)
    large, large_rows, large_shape = statements_for(deep_api, deep_server, root, 100)
    for first in (2, 5, 10, 20, 30):
        small, small_rows, small_shape = statements_for(deep_api, deep_server, root, first)
        if small_shape == large_shape:
            break
    # then many more rows cost no more statements
    assert small_shape == large_shape
    assert large_rows >= 2 * small_rows
    assert large == small > 0
