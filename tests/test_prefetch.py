"""Look-ahead loading under the directory lists answers exactly what field-by-field loading answers.

The lists load the links and link ends their query selects before execution walks down; `node(id:)`
does not, so each listed node asked for again through `node(id:)` must come back identical, for
selections with variables, aliases, fragments, paging and nested levels.
"""

from __future__ import annotations

import pytest

SELECTION = """
fragment Ends on Link { kind role from { id name } to { id name(lang: EN) } }
fragment Looked on Node {
  id name
  out: links(kind: $kinds, direction: OUT, first: $first) { totalCount edges { cursor node { ...Ends } } }
  incoming: links(direction: IN, last: 2) { pageInfo { hasPreviousPage } edges { node { id other { id kind } } } }
  links(first: 3) {
    edges { node { other { id name
      ... on Initiative { links(kind: [PART_OF, RESPONSIBLE_FOR]) { edges { node { kind other { name } } } } }
      ... on Event { links(direction: $direction) { edges { node { other { id } } } } }
    } } }
  }
}
"""
VARIABLES = {"kinds": ["RESPONSIBLE_FOR", "PART_OF", "PARTNERS_WITH"], "first": 4, "direction": "OUT"}
LIST = "query ($kinds: [LinkKind!], $first: Int, $direction: LinkDirection!) { %s(first: 100) { edges { node { ...Looked } } } }"
ONE = "query ($id: ID!, $kinds: [LinkKind!], $first: Int, $direction: LinkDirection!) { node(id: $id) { ...Looked } }"


@pytest.mark.parametrize("root", ["agencies", "initiatives", "events", "cities"])
def test_listed_nodes_equal_the_same_nodes_asked_for_alone(deep_api, root):
    listed = [edge["node"] for edge in deep_api.data(SELECTION + LIST % root, VARIABLES)[root]["edges"]]
    assert listed, f"the seed has {root}"
    assert any(node["links"]["edges"] for node in listed), "some listed node has links to look ahead at"
    for node in listed:
        alone = deep_api.data(SELECTION + ONE, {**VARIABLES, "id": node["id"]})["node"]
        assert alone == node


def test_bad_paging_below_a_list_is_refused_in_place(api):
    # the look-ahead skips what it cannot page; the field's own resolver refuses it, with its path
    body = api("{ agencies(first: 2) { edges { node { name links(first: 1, last: 1) { totalCount } } } } }")
    assert body["data"] is None or all(edge["node"] is None for edge in body["data"]["agencies"]["edges"])
    codes = {error["extensions"]["code"] for error in body["errors"]}
    paths = [error["path"] for error in body["errors"]]
    assert codes == {"BAD_USER_INPUT"}
    assert ["agencies", "edges", 0, "node", "links"] in paths
