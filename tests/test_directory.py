"""The read API over HTTP: lists with filters, order and cursors, node lookups, links, languages."""

from __future__ import annotations

import base64
import json

import pytest

INITIATIVES_BY_SCOPE = """
query ($scope: Scope) {
  initiatives(filter: {scope: $scope}) { totalCount edges { node { nameVi nameEn scope plan { code } } } }
}
"""
PLAN_161 = """
{ plans(filter: {code: "161/KH-UBND"}) {
    edges { node { id name code issuedOn issuer { name } parent { code issuedOn } source } } } }
"""
NAMES = """
query ($lang: Lang) { initiatives(first: 6) { edges { node { name plainName: name(lang: $lang) nameVi nameEn } } } }
"""
CITIES_PAGE = """
query ($first: Int, $after: String, $last: Int, $before: String, $order: CityOrder) {
  cities(first: $first, after: $after, last: $last, before: $before, orderBy: $order) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id name designationYear } }
  }
}
"""
VIETNAMESE_DESIGN_CITIES = """
{ cities(filter: {field: DESIGN, country: "viet nam"}) { totalCount edges { node { name field country } } } }
"""
NODE_BY_ID = """
query ($id: ID!) { node(id: $id) { id kind name ... on City { field designationYear } } }
"""
NODES_BY_IDS = """
query ($ids: [ID!]!) { nodes(ids: $ids) { id name } }
"""
MUSEUM_LINKS = """
{ spaces(filter: {text: "Bảo tàng Hà Nội"}) {
    edges { node { id name links(kind: [HOSTS], direction: OUT) {
      totalCount edges { node { kind from { id } to { id name } other { id kind name } source } } } } } } }
"""


def all_pages(api, variables: dict, *, backwards: bool = False) -> list[dict]:
    """Walk a city list to its end, one page at a time."""
    nodes, cursor = [], None
    while True:
        page_vars = {**variables, ("before" if backwards else "after"): cursor}
        page = api.data(CITIES_PAGE, page_vars)["cities"]
        edges = page["edges"]
        nodes = [e["node"] for e in edges] + nodes if backwards else nodes + [e["node"] for e in edges]
        more = page["pageInfo"]["hasPreviousPage" if backwards else "hasNextPage"]
        if not more:
            return nodes
        cursor = page["pageInfo"]["startCursor" if backwards else "endCursor"]


def test_plan_161_sets_three_local_and_three_international_initiatives(api):
    # when
    local = api.data(INITIATIVES_BY_SCOPE, {"scope": "LOCAL"})["initiatives"]
    international = api.data(INITIATIVES_BY_SCOPE, {"scope": "INTERNATIONAL"})["initiatives"]
    everything = api.data(INITIATIVES_BY_SCOPE)["initiatives"]
    # then
    assert (local["totalCount"], international["totalCount"], everything["totalCount"]) == (3, 3, 6)
    assert {e["node"]["scope"] for e in local["edges"]} == {"LOCAL"}
    assert {e["node"]["plan"]["code"] for e in everything["edges"]} == {"161/KH-UBND"}
    names = {e["node"]["nameVi"] for e in local["edges"]}
    assert any("Trung tâm Thiết kế sáng tạo Hà Nội" in name for name in names)


def test_plan_161_carries_its_date_issuer_parent_and_source(api):
    plan = api.data(PLAN_161)["plans"]["edges"][0]["node"]
    assert plan["issuedOn"] == "2023-05-31"
    assert plan["parent"] == {"code": "102/KH-UBND", "issuedOn": "2022-04-01"}
    assert "Hà Nội" in plan["issuer"]["name"]
    assert plan["source"].startswith("http")


def test_names_follow_accept_language_unless_lang_is_given(api):
    # given the same query without a header (Vietnamese by default) and with an English header
    by_default = api.data(NAMES, {"lang": "EN"})["initiatives"]["edges"]
    by_header = api.data(NAMES, {"lang": "VI"}, headers={"Accept-Language": "en-GB,en;q=0.9,vi;q=0.5"})
    by_header = by_header["initiatives"]["edges"]
    # then `name` follows the header and `name(lang:)` the argument
    assert [e["node"]["name"] for e in by_default] == [e["node"]["nameVi"] for e in by_default]
    assert [e["node"]["name"] for e in by_header] == [e["node"]["nameEn"] for e in by_header]
    assert [e["node"]["plainName"] for e in by_default] == [e["node"]["nameEn"] for e in by_default]
    assert [e["node"]["plainName"] for e in by_header] == [e["node"]["nameVi"] for e in by_header]
    assert by_default[0]["node"]["nameEn"] != by_default[0]["node"]["nameVi"]


def test_cities_filter_by_field_and_country_ignoring_diacritics(api):
    cities = api.data(VIETNAMESE_DESIGN_CITIES)["cities"]
    assert cities["totalCount"] == 1
    assert cities["edges"][0]["node"] == {"name": "Hà Nội", "field": "DESIGN", "country": "Vietnam"}


@pytest.mark.parametrize("order", [None, {"field": "DESIGNATION_YEAR", "direction": "DESC"}, {"field": "COUNTRY"}])
def test_paging_forwards_and_backwards_visits_every_city_once(api, order):
    # given
    total = api.data(CITIES_PAGE, {"first": 1, "order": order})["cities"]["totalCount"]
    # when
    forwards = all_pages(api, {"first": 7, "order": order})
    backwards = all_pages(api, {"last": 9, "order": order}, backwards=True)
    # then
    assert len(forwards) == total == len({n["id"] for n in forwards})
    assert backwards == forwards
    if order and order["field"] == "DESIGNATION_YEAR":
        years = [n["designationYear"] for n in forwards if n["designationYear"] is not None]
        assert years == sorted(years, reverse=True)


@pytest.mark.parametrize("size", [0, -1])
def test_page_sizes_below_1_are_refused(api, size):
    body = api(CITIES_PAGE, {"first": size})
    assert body["data"] is None
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "first"}


def test_page_sizes_above_100_are_refused_not_clamped(api):
    body = api(CITIES_PAGE, {"first": 101})
    assert body["data"] is None
    assert body["errors"][0]["extensions"] == {"code": "LIMIT_EXCEEDED", "limit": "max_page_size", "value": 100}


def test_a_cursor_from_another_order_is_refused(api):
    cursor = api.data(CITIES_PAGE, {"first": 2})["cities"]["pageInfo"]["endCursor"]
    body = api(CITIES_PAGE, {"first": 2, "after": cursor, "order": {"field": "DESIGNATION_YEAR"}})
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert body["errors"][0]["extensions"]["field"] == "after"


@pytest.mark.parametrize("order", ["NAME", "DESIGNATION_YEAR"])
def test_a_cursor_carrying_values_of_the_wrong_type_is_refused_as_bad_input(api, order):
    cursor = api.data(CITIES_PAGE, {"first": 2, "order": {"field": order}})["cities"]["pageInfo"]["endCursor"]
    name, values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    for position in range(len(values)):
        for wrong in (["x"], {"a": 1}, True, 2**40, "nul\x00", 1.5):
            forged = [*values[:position], wrong, *values[position + 1 :]]
            if forged == values:
                continue
            encoded = base64.urlsafe_b64encode(json.dumps([name, forged]).encode()).decode().rstrip("=")
            body = api(CITIES_PAGE, {"first": 2, "after": encoded, "order": {"field": order}})
            error = body["errors"][0]
            assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "after"}, (forged, body)


def test_node_and_nodes_find_what_a_list_returned(api):
    # given
    listed = [e["node"] for e in api.data(CITIES_PAGE, {"first": 3})["cities"]["edges"]]
    # when
    one = api.data(NODE_BY_ID, {"id": listed[0]["id"]})["node"]
    several = api.data(NODES_BY_IDS, {"ids": [n["id"] for n in reversed(listed)]})["nodes"]
    # then
    assert one["kind"] == "CITY" and one["name"] == listed[0]["name"]
    assert [n["id"] for n in several] == [n["id"] for n in reversed(listed)]


def test_bad_ids_are_errors_and_unknown_ids_are_null(api):
    assert api(NODE_BY_ID, {"id": "not-an-id"})["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "id"}
    assert api.data(NODE_BY_ID, {"id": "Q2l0eTo5OTk5OTk5"})["node"] is None  # City:9999999


@pytest.mark.parametrize("row_id", [0, -1, 2**31, 2**63, 10**30])
def test_ids_naming_rows_past_the_stores_integers_are_refused(api, row_id):
    global_id = base64.b64encode(f"City:{row_id}".encode()).decode()
    assert api(NODE_BY_ID, {"id": global_id})["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "id"}
    assert api(NODES_BY_IDS, {"ids": [global_id]})["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "ids"}


def test_links_lead_to_the_other_end_with_their_source(api):
    museum = api.data(MUSEUM_LINKS)["spaces"]["edges"][0]["node"]
    links = museum["links"]["edges"]
    assert museum["links"]["totalCount"] == len(links) >= 2
    for edge in links:
        link = edge["node"]
        assert link["kind"] == "HOSTS" and link["from"]["id"] == museum["id"]
        assert link["other"] == {"id": link["to"]["id"], "kind": link["other"]["kind"], "name": link["to"]["name"]}
        assert link["source"].startswith("http")
    assert {edge["node"]["other"]["kind"] for edge in links} >= {"EVENT", "INITIATIVE"}


def test_a_filter_that_only_includes_archived_nodes_lists_them_all(api):
    # no condition left to apply: the whole list, archived nodes included
    body = api("{ agencies(filter: {includeArchived: true}) { totalCount } plans(filter: {includeArchived: true}) { totalCount } }")
    assert "errors" not in body, body["errors"]
    default = api.data("{ agencies { totalCount } plans { totalCount } }")
    assert body["data"]["agencies"]["totalCount"] >= default["agencies"]["totalCount"] > 0
    assert body["data"]["plans"]["totalCount"] >= default["plans"]["totalCount"] > 0


def test_an_error_that_answers_early_gives_the_connection_back(api):
    # given: a refused field nulls the node while its links are still being read
    city = api.data(CITIES_PAGE, {"first": 1})["cities"]["edges"][0]["node"]["id"]
    query = "query ($id: ID!) { node(id: $id) { ... on City { history { totalCount } links { totalCount } } } }"
    # when: more such requests than the store's pool holds connections
    for _ in range(20):
        assert api(query, {"id": city})["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    # then: the hub still answers
    assert api.data(NODE_BY_ID, {"id": city})["node"]["id"] == city


AGENCY_LINKS_PAGE = """
query ($first: Int, $after: String, $last: Int, $before: String) {
  agencies(first: 1, filter: {text: "Sở Văn hóa và Thể thao Hà Nội"}) { edges { node {
    links(first: $first, after: $after, last: $last, before: $before) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { id } } } } } }
}
"""


def agency_links(api, variables: dict) -> dict:
    return api.data(AGENCY_LINKS_PAGE, variables)["agencies"]["edges"][0]["node"]["links"]


def test_paging_a_nodes_links_forwards_and_backwards_visits_each_once(api):
    # given
    everything = agency_links(api, {"first": 100})
    ids = [edge["node"]["id"] for edge in everything["edges"]]
    assert everything["totalCount"] == len(ids) > 3
    # when
    forwards, cursor = [], None
    while True:
        page = agency_links(api, {"first": 2, "after": cursor})
        forwards += [edge["node"]["id"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        cursor = page["pageInfo"]["endCursor"]
    backwards, cursor = [], None
    while True:
        page = agency_links(api, {"last": 3, "before": cursor})
        backwards = [edge["node"]["id"] for edge in page["edges"]] + backwards
        if not page["pageInfo"]["hasPreviousPage"]:
            break
        cursor = page["pageInfo"]["startCursor"]
    middle = agency_links(api, {"first": 100, "after": everything["edges"][0]["cursor"], "before": everything["edges"][-1]["cursor"]})
    # then
    assert forwards == ids == backwards
    assert [edge["node"]["id"] for edge in middle["edges"]] == ids[1:-1]
    assert [edge["cursor"] for edge in middle["edges"]] == [edge["cursor"] for edge in everything["edges"][1:-1]]


def test_a_cursor_from_another_list_is_refused_for_links(api):
    city_cursor = api.data(CITIES_PAGE, {"first": 1})["cities"]["pageInfo"]["endCursor"]
    body = api(AGENCY_LINKS_PAGE, {"first": 2, "before": city_cursor})
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "before"}
