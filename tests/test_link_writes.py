"""Link mutations: endpoint kinds and roles per DESIGN.md §2, duplicates, dates, updates and deletes."""

from __future__ import annotations

import pytest

IDS = """
{
  museum: spaces(filter: {text: "Bao tang Ha Noi"}) { edges { node { id } } }
  department: agencies(filter: {text: "So Van hoa va The thao Ha Noi"}) { edges { node { id } } }
  forum: events(filter: {text: "Dien dan"}, first: 1) { edges { node { id } } }
  festival: initiatives(filter: {text: "Le hoi Thiet ke sang tao Ha Noi"}) { edges { node { id } } }
  hanoi: cities(filter: {text: "Ha Noi"}) { edges { node { id } } }
  bangkok: cities(filter: {text: "Bangkok"}) { edges { node { id } } }
}
"""
CREATE = """
mutation ($input: LinkCreateInput!) {
  linkCreate(input: $input) {
    link { id kind role since until note reportingCadence version from { id } to { id } }
    userErrors { field message code }
  }
}
"""
UPDATE = """
mutation ($input: LinkUpdateInput!) { linkUpdate(input: $input) { link { role note version } userErrors { field code } } }
"""
DELETE = """
mutation ($input: LinkDeleteInput!) { linkDelete(input: $input) { deletedLinkId userErrors { field code } } }
"""
LINKS_OF = """
query ($id: ID!) { node(id: $id) { links(kind: [PARTNERS_WITH]) { totalCount } } }
"""


@pytest.fixture(scope="module")
def ids(write_api) -> dict[str, str]:
    found = write_api.data(IDS)
    return {name: value["edges"][0]["node"]["id"] for name, value in found.items()}


def create(api, **fields) -> dict:
    return api.data(CREATE, {"input": fields})["linkCreate"]


def test_a_responsibility_with_role_and_cadence_is_stored(write_api, ids):
    payload = create(
        write_api,
        **{"from": ids["department"], "to": ids["festival"]},
        kind="RESPONSIBLE_FOR",
        role="COORDINATE",
        since="2024-01-01",
        until="2025-12-31",
        reportingCadence="QUARTERLY",
        note="  phối hợp ",
    )
    assert payload["userErrors"] == []
    link = payload["link"]
    assert (link["kind"], link["role"], link["reportingCadence"], link["note"], link["version"]) == (
        "RESPONSIBLE_FOR",
        "COORDINATE",
        "QUARTERLY",
        "phối hợp",
        1,
    )
    assert (link["from"]["id"], link["to"]["id"]) == (ids["department"], ids["festival"])


@pytest.mark.parametrize(
    ("ends", "kind", "role", "expected"),
    [
        (("museum", "forum"), "RESPONSIBLE_FOR", None, [("input.from", "INVALID_LINK")]),
        (("department", "hanoi"), "RESPONSIBLE_FOR", "LEAD", [("input.to", "INVALID_LINK")]),
        (("department", "festival"), "SUPPORTS", "LEAD", [("input.role", "INVALID_LINK")]),
        (("festival", "department"), "PART_OF", None, [("input.to", "INVALID_LINK")]),
        (("hanoi", "hanoi"), "PARTNERS_WITH", None, [("input.to", "INVALID_LINK")]),
    ],
)
def test_links_that_break_the_rules_are_refused(write_api, ids, ends, kind, role, expected):
    payload = create(write_api, **{"from": ids[ends[0]], "to": ids[ends[1]]}, kind=kind, role=role)
    assert payload["link"] is None
    assert [(".".join(e["field"]), e["code"]) for e in payload["userErrors"]] == expected


def test_dates_source_and_cadence_are_checked(write_api, ids):
    payload = create(
        write_api,
        **{"from": ids["museum"], "to": ids["forum"]},
        kind="HOSTS",
        since="2024-02-01",
        until="2024-01-01",
        source="javascript:alert(1)",
        reportingCadence="MONTHLY",
    )
    assert sorted(".".join(e["field"]) for e in payload["userErrors"]) == ["input.reportingCadence", "input.source", "input.until"]


def test_a_duplicate_partnership_is_refused_in_either_direction(write_api, ids):
    # given
    first = create(write_api, **{"from": ids["hanoi"], "to": ids["bangkok"]}, kind="PARTNERS_WITH")
    assert first["userErrors"] == []
    # when the same partnership is recorded again, the other way round
    again = create(write_api, **{"from": ids["bangkok"], "to": ids["hanoi"]}, kind="PARTNERS_WITH")
    # then
    assert [(e["field"], e["code"]) for e in again["userErrors"]] == [(["input", "to"], "CONFLICT")]
    assert write_api.data(LINKS_OF, {"id": ids["bangkok"]})["node"]["links"]["totalCount"] == 1


def test_update_then_delete_a_link(write_api, ids):
    link = create(write_api, **{"from": ids["department"], "to": ids["forum"]}, kind="SUPPORTS", role="PARTNER")["link"]
    updated = write_api.data(UPDATE, {"input": {"id": link["id"], "version": 1, "role": "SPONSOR", "note": "tài trợ"}})["linkUpdate"]
    assert updated == {"link": {"role": "SPONSOR", "note": "tài trợ", "version": 2}, "userErrors": []}
    refused = write_api.data(UPDATE, {"input": {"id": link["id"], "version": 2, "role": "LEAD"}})["linkUpdate"]
    assert refused["userErrors"] == [{"field": ["input", "role"], "code": "INVALID_LINK"}]
    stale = write_api.data(DELETE, {"input": {"id": link["id"], "version": 1}})["linkDelete"]
    assert stale == {"deletedLinkId": None, "userErrors": [{"field": ["input", "version"], "code": "CONFLICT"}]}
    deleted = write_api.data(DELETE, {"input": {"id": link["id"], "version": 2}})["linkDelete"]
    assert deleted == {"deletedLinkId": link["id"], "userErrors": []}
    gone = write_api.data(DELETE, {"input": {"id": link["id"], "version": 2}})["linkDelete"]
    assert gone["userErrors"] == [{"field": ["input", "id"], "code": "NOT_FOUND"}]
