"""Query limits: each accepts a request exactly at its configured value and refuses one just past it."""

from __future__ import annotations

from contextlib import contextmanager

from hub.config import Limits
from tests.support import GraphQLClient, HubServer


@contextmanager
def limited_api(database_url: str, backend: str, **limits):
    """An anonymous caller of a hub whose limits are the defaults except `limits`."""
    server = HubServer(database_url, backend, limits=Limits(**limits)).start()
    client = GraphQLClient(server.url)
    try:
        yield client, server
    finally:
        client.close()
        server.stop()


def assert_refused(body: dict, limit: str, value: int, found: int, at: dict | None = None) -> None:
    """Refused past `limit`, located `at` a line and column of the document when given."""
    assert body["data"] is None
    [error] = body["errors"]
    assert error["extensions"] == {"code": "LIMIT_EXCEEDED", "limit": limit, "value": value}
    assert limit in error["message"] and f" {found}," in error["message"], error["message"]
    if at is not None:
        assert error["locations"] == [at]


DEPTH_4 = "{ cities(first: 1) { edges { ...Edge } } } fragment Edge on CityEdge { node { name } }"
DEPTH_5 = "{ cities(first: 1) { edges { ...Edge } } } fragment Edge on CityEdge { node { links(first: 1) { totalCount } } }"
INTROSPECTION = (
    '{ __schema { types { fields { type { ofType { ofType { name } } } } } } __type(name: "City") { fields { type { name } } } }'
)


def test_depth_is_limited_through_fragments_and_introspection_is_exempt(seeded_database, backend):
    with limited_api(seeded_database, backend, max_depth=4) as (api, _):
        assert api.data(DEPTH_4)["cities"]["edges"][0]["node"]["name"]
        assert_refused(api(DEPTH_5), "max_depth", 4, found=5, at={"line": 1, "column": 1})  # the operation
        assert api.data(INTROSPECTION)["__schema"]["types"]


def test_aliases_are_limited(seeded_database, backend):
    with limited_api(seeded_database, backend, max_aliases=2) as (api, _):
        assert api.data("{ a: cities(first: 1) { totalCount } b: cities(first: 1) { totalCount } }")["b"]["totalCount"] > 0
        body = api("{ a: cities(first: 1) { totalCount } b: cities(first: 1) { totalCount } c: plans(first: 1) { totalCount } }")
        assert_refused(body, "max_aliases", 2, found=3)


def test_aliases_in_a_fragment_count_each_time_it_is_spread(seeded_database, backend):
    with limited_api(seeded_database, backend, max_aliases=2) as (api, _):
        assert api.data("{ cities(first: 1) { ...Total ...Total } } fragment Total on CityConnection { n: totalCount }")
        body = api(
            "{ a: cities(first: 1) { ...Total } b: cities(first: 1) { ...Total } } fragment Total on CityConnection { n: totalCount }"
        )
        assert_refused(body, "max_aliases", 2, found=4)


def test_tokens_are_limited(seeded_database, backend):
    with limited_api(seeded_database, backend, max_tokens=11) as (api, _):
        assert api.data("{ cities(first: 1) { totalCount } }  # comments are not tokens")["cities"]["totalCount"] > 0
        assert_refused(api("{ cities(first: 1) { totalCount __typename } }"), "max_tokens", 11, found=12)


def test_directives_are_limited(seeded_database, backend):
    with limited_api(seeded_database, backend, max_directives=2) as (api, _):
        assert api.data("{ cities(first: 1) @include(if: true) { totalCount @skip(if: false) } }")["cities"]["totalCount"]
        body = api("{ cities(first: 1) @include(if: true) { totalCount @skip(if: false) __typename @include(if: true) } }")
        assert_refused(body, "max_directives", 2, found=3)


PAGE = "query ($n: Int) { cities(first: $n) { edges { node { id } } } }"
NODES = "query ($ids: [ID!]!) { nodes(ids: $ids) { id } }"


def test_page_sizes_are_limited_whether_literal_or_variable(seeded_database, backend):
    with limited_api(seeded_database, backend, max_page_size=10) as (api, _):
        ids = [edge["node"]["id"] for edge in api.data(PAGE, {"n": 10})["cities"]["edges"]]
        assert len(ids) == 10
        assert_refused(api(PAGE, {"n": 11}), "max_page_size", 10, found=11, at={"line": 1, "column": 26})  # first: $n
        assert_refused(api("{ cities(last: 11) { totalCount } }"), "max_page_size", 10, found=11, at={"line": 1, "column": 10})
        assert_refused(api('{ search(text: "ha noi", first: 11) { id } }'), "max_page_size", 10, found=11)
        assert len(api.data(NODES, {"ids": ids})["nodes"]) == 10
        assert_refused(api(NODES, {"ids": [*ids, ids[0]]}), "max_page_size", 10, found=11)


NESTED = "{ cities(first: 5) { edges { node { links(first: %d) { edges { node { role } } } } } } }"


def test_nodes_are_the_nested_page_sizes_multiplied_and_refused_before_any_resolver_runs(seeded_database, backend):
    with limited_api(seeded_database, backend, max_nodes=30) as (api, server):
        assert api.data(NESTED % 5)["cities"]  # 5 + 5 * 5 = 30
        counter = server.count_statements()
        try:
            body = api(NESTED % 6)  # 5 + 5 * 6 = 35
        finally:
            server.stop_counting(counter)
        assert_refused(body, "max_nodes", 30, found=35)
        assert counter.count == 0, counter.statements


def test_an_absent_page_size_counts_as_the_default_of_20(seeded_database, backend):
    with limited_api(seeded_database, backend, max_nodes=30) as (api, _):
        assert api.data("{ cities { totalCount } more: cities(first: 10) { totalCount } }")  # 20 + 10
        assert_refused(api("{ cities { totalCount } more: cities(first: 11) { totalCount } }"), "max_nodes", 30, found=31)


def test_node_lookups_count_one_node_per_id(seeded_database, backend):
    with limited_api(seeded_database, backend, max_nodes=3) as (api, _):
        ids = [edge["node"]["id"] for edge in api.data(PAGE, {"n": 3})["cities"]["edges"]]
        assert len(api.data(NODES, {"ids": ids})["nodes"]) == 3
        assert_refused(api(NODES, {"ids": [*ids, ids[0]]}), "max_nodes", 3, found=4)


def test_the_limits_come_from_the_environment():
    from hub.config import Settings

    limits = Settings.from_env({"HUB_MAX_DEPTH": "7", "HUB_MAX_NODES": "500", "HUB_CACHE_SIZE": "10"}).limits
    assert (limits.max_depth, limits.max_nodes, limits.cache_size, limits.max_aliases) == (7, 500, 10, 15)
