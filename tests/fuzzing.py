"""Generated GraphQL documents and the contract every response to them must keep.

The documents come from the schema itself (hypothesis-graphql): every root field, with argument
values that mix the hub's real IDs with malformed and out-of-range ones, strings with NUL and
other odd characters, dates at the edges of the calendar and timestamps in every offset.
"""

from __future__ import annotations

import os
from datetime import UTC, timedelta, timezone

import graphql
import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import mutations, nodes, queries

from hub.errors import ErrorCode
from hub.ids import KIND_BY_TYPE_NAME, LINK_TYPE_NAME, REPORT_TYPE_NAME, TOKEN_TYPE_NAME, to_global_id
from schema import schema as hub_schema

GRAPHQL_SCHEMA: graphql.GraphQLSchema = hub_schema._schema
QUERY_FIELDS = sorted(GRAPHQL_SCHEMA.query_type.fields)
MUTATION_FIELDS = sorted(GRAPHQL_SCHEMA.mutation_type.fields)
# Examples per root field; HUB_FUZZ_EXAMPLES raises it for a longer hunt.
EXAMPLES = int(os.environ.get("HUB_FUZZ_EXAMPLES", "6"))
# A code the hub gives on purpose; INTERNAL (a masked failure), another code, or none after validation
# passed is an unexpected exception.
HUB_CODES = {code.value for code in ErrorCode} - {"INTERNAL"}
ID_TYPE_NAMES = [*KIND_BY_TYPE_NAME, LINK_TYPE_NAME, REPORT_TYPE_NAME, TOKEN_TYPE_NAME]
# Row ids past what a database integer holds, and the edges of it.
EDGE_ROW_IDS = [0, -1, 2**31 - 1, 2**31, 2**63 - 1, 2**63, 10**30]

# Real IDs for the IDs given to the fuzzer: the first items of every list, and their links.
SAMPLE_IDS_QUERY = """
{
  plans(first: 3) { edges { node { id links(first: 3) { edges { node { id } } } } } }
  initiatives(first: 3) { edges { node { id } } }
  tasks(first: 3) { edges { node { id } } }
  agencies(first: 3) { edges { node { id } } }
  spaces(first: 3) { edges { node { id } } }
  designers(first: 3) { edges { node { id } } }
  cities(first: 3) { edges { node { id } } }
  events(first: 3) { edges { node { id } } }
}
"""


def sample_ids(body: dict) -> list[str]:
    """Every `id` in a response body, in order."""
    found: list[str] = []

    def walk(value) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "id" and isinstance(item, str):
                    found.append(item)
                else:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(body)
    return found


def id_values(real_ids: list[str]) -> st.SearchStrategy[str]:
    """IDs: real ones, well-formed ones with edge row ids or unknown types, and plain junk."""
    crafted = st.builds(
        lambda type_name, row_id: to_global_id(type_name, row_id),
        st.sampled_from([*ID_TYPE_NAMES, "Nope", ""]),
        st.sampled_from(EDGE_ROW_IDS) | st.integers(min_value=-(2**70), max_value=2**70),
    )
    strategies = [crafted, st.text(max_size=30)]
    if real_ids:
        strategies.insert(0, st.sampled_from(real_ids))
    return st.one_of(strategies)


def scalar_strategies(real_ids: list[str]) -> dict[str, st.SearchStrategy[graphql.ValueNode]]:
    """Values for the scalars the fuzzer cannot make on its own, and for IDs that reach the hub's rules."""
    offsets = st.integers(min_value=-14 * 60, max_value=14 * 60).map(lambda minutes: timezone(timedelta(minutes=minutes)))
    timestamps = st.datetimes(timezones=st.none() | st.just(UTC) | offsets)
    json_values = st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=10),
        lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
        max_leaves=5,
    )
    return {
        "ID": id_values(real_ids).map(nodes.String),
        "Date": st.dates().map(lambda day: nodes.String(day.isoformat())),
        "DateTime": timestamps.map(lambda moment: nodes.String(moment.isoformat())),
        "JSON": json_values.map(lambda value: graphql.ast_from_value(value, graphql.GraphQLString) or nodes.String("")),
    }


def documents(field: str, real_ids: list[str]) -> st.SearchStrategy[str]:
    """Documents that select the root field `field`, queried or mutated as the schema says."""
    generate = mutations if field in GRAPHQL_SCHEMA.mutation_type.fields else queries
    return generate(GRAPHQL_SCHEMA, fields=[field], custom_scalars=scalar_strategies(real_ids))


def fuzz(strategy: st.SearchStrategy, check) -> None:
    """Run `check` on EXAMPLES generated values, the same ones on every run (repeatable in CI)."""

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )
    @given(strategy)
    def run(value) -> None:
        check(value)

    run()


def response_keys(document: str) -> set[str]:
    """The keys `data` must hold: the response names of the operation's top-level selection."""
    operation = graphql.parse(document).definitions[0]
    return {(selection.alias or selection.name).value for selection in operation.selection_set.selections}


def assert_sound(response: httpx.Response, document: str) -> None:
    """The contract: no 5xx, a well-formed GraphQL body, and no error the hub did not mean to give."""
    assert response.status_code < 500, f"{response.status_code} for\n{document}\n{response.text[:2000]}"
    assert response.headers.get("content-type", "").startswith("application/json"), response.text[:2000]
    body = response.json()
    assert isinstance(body, dict) and set(body) <= {"data", "errors", "extensions"}, body
    assert "data" in body or "errors" in body, body
    errors = body.get("errors", [])
    assert isinstance(errors, list) and ("errors" not in body or errors), body
    data = body.get("data")
    invalid = graphql.validate(GRAPHQL_SCHEMA, graphql.parse(document))
    if invalid:  # refused before execution: errors only, no data
        assert data is None and errors, body
    elif data is not None:
        assert isinstance(data, dict) and set(data) == response_keys(document), body
    for error in errors:
        assert isinstance(error, dict) and isinstance(error.get("message"), str), body
        code = (error.get("extensions") or {}).get("code")
        if code is None:
            assert invalid, f"unexpected exception (no extensions.code) for\n{document}\n{error}"
        else:
            assert code in HUB_CODES, f"error code {code!r} the hub does not give, for\n{document}\n{error}"
