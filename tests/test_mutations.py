"""Node mutations over HTTP: create, update, archive, restore; every refusal names its field and code."""

from __future__ import annotations

import unicodedata

import pytest

CREATE_INITIATIVE = """
mutation ($input: InitiativeCreateInput!) {
  initiativeCreate(input: $input) {
    initiative { id nameVi nameEn aliases scope startsOn endsOn version plan { code } }
    userErrors { field message code }
  }
}
"""
UPDATE_INITIATIVE = """
mutation ($input: InitiativeUpdateInput!) {
  initiativeUpdate(input: $input) {
    initiative { id nameVi nameEn status version plan { code } }
    userErrors { field message code }
  }
}
"""
ARCHIVE_INITIATIVE = """
mutation ($input: NodeVersionInput!) {
  initiativeArchive(input: $input) { initiative { id version } userErrors { field message code } }
}
"""
RESTORE = """
mutation ($input: NodeVersionInput!) { nodeRestore(input: $input) { node { id version } userErrors { field code } } }
"""
PLAN_ID = """{ plans(filter: {code: "161/KH-UBND"}) { edges { node { id } } } }"""
FIND = """
query ($text: String!, $archived: Boolean!) {
  initiatives(filter: {text: $text, includeArchived: $archived}) { totalCount }
  search(text: $text) { id }
}
"""
CREATE_CITY = """
mutation ($input: CityCreateInput!) { cityCreate(input: $input) { city { id name field designationYear } userErrors { field message code } } }
"""
CREATE_SPACE = """
mutation ($input: CreativeSpaceCreateInput!) {
  creativeSpaceCreate(input: $input) { creativeSpace { id latitude website } userErrors { field message code } }
}
"""
CREATE_DESIGNER = """
mutation ($input: DesignerCreateInput!) { designerCreate(input: $input) { designer { id } userErrors { field message code } } }
"""
CREATE_EVENT = """
mutation ($input: EventCreateInput!) { eventCreate(input: $input) { event { id } userErrors { field message code } } }
"""


def plan_id(api) -> str:
    return api.data(PLAN_ID)["plans"]["edges"][0]["node"]["id"]


def create_initiative(api, **fields) -> dict:
    payload = api.data(CREATE_INITIATIVE, {"input": {"nameVi": "Sáng kiến thử", "scope": "LOCAL", **fields}})["initiativeCreate"]
    assert payload["userErrors"] == []
    return payload["initiative"]


def test_create_stores_clean_nfc_names_and_links_the_plan(write_api):
    # given a name typed with decomposed diacritics and stray spaces
    typed = "  " + unicodedata.normalize("NFD", "Lễ hội   thử") + " "
    # when
    created = create_initiative(write_api, nameVi=typed, nameEn=" Trial ", aliases=["Le hoi thu", " "], plan=plan_id(write_api))
    # then
    assert created["nameVi"] == "Lễ hội thử" and unicodedata.is_normalized("NFC", created["nameVi"])
    assert created["nameEn"] == "Trial" and created["aliases"] == ["Le hoi thu"]
    assert created["plan"] == {"code": "161/KH-UBND"} and created["version"] == 1


def test_update_changes_only_the_fields_sent_and_bumps_the_version(write_api):
    # given
    created = create_initiative(write_api, nameVi="Cập nhật thử", nameEn="Update trial", plan=plan_id(write_api))
    # when
    payload = write_api.data(UPDATE_INITIATIVE, {"input": {"id": created["id"], "version": 1, "status": "IN_PROGRESS", "plan": None}})
    # then
    updated = payload["initiativeUpdate"]["initiative"]
    assert payload["initiativeUpdate"]["userErrors"] == []
    assert updated == {
        "id": created["id"],
        "nameVi": "Cập nhật thử",
        "nameEn": "Update trial",
        "status": "IN_PROGRESS",
        "version": 2,
        "plan": None,
    }


def test_a_stale_version_is_a_conflict_and_changes_nothing(write_api):
    created = create_initiative(write_api, nameVi="Xung đột thử")
    write_api.data(UPDATE_INITIATIVE, {"input": {"id": created["id"], "version": 1, "nameEn": "First"}})
    payload = write_api.data(UPDATE_INITIATIVE, {"input": {"id": created["id"], "version": 1, "nameEn": "Second"}})["initiativeUpdate"]
    assert payload["initiative"] is None
    assert payload["userErrors"] == [{"field": ["input", "version"], "message": payload["userErrors"][0]["message"], "code": "CONFLICT"}]
    current = write_api.data("query ($id: ID!) { node(id: $id) { nameEn version } }", {"id": created["id"]})["node"]
    assert current == {"nameEn": "First", "version": 2}


def test_archive_hides_a_node_until_it_is_restored(write_api):
    # given
    created = create_initiative(write_api, nameVi="Lưu trữ thử")
    visible = {"text": "luu tru thu", "archived": False}
    assert write_api.data(FIND, visible)["initiatives"]["totalCount"] == 1
    # when archived
    archived = write_api.data(ARCHIVE_INITIATIVE, {"input": {"id": created["id"], "version": 1}})["initiativeArchive"]
    # then it leaves lists and search, but not includeArchived
    assert archived["initiative"]["version"] == 2
    assert write_api.data(FIND, visible) == {"initiatives": {"totalCount": 0}, "search": []}
    assert write_api.data(FIND, {**visible, "archived": True})["initiatives"]["totalCount"] == 1
    # when restored
    restored = write_api.data(RESTORE, {"input": {"id": created["id"], "version": 2}})["nodeRestore"]
    assert restored == {"node": {"id": created["id"], "version": 3}, "userErrors": []}
    assert write_api.data(FIND, visible)["initiatives"]["totalCount"] == 1


@pytest.mark.parametrize(
    ("mutation", "fields", "expected"),
    [
        (CREATE_INITIATIVE, {"nameVi": "   ", "scope": "LOCAL"}, [("input.nameVi", "BAD_USER_INPUT")]),
        (CREATE_INITIATIVE, {"nameVi": "x" * 301, "scope": "LOCAL"}, [("input.nameVi", "BAD_USER_INPUT")]),
        (
            CREATE_INITIATIVE,
            {"nameVi": "Ngày sai", "scope": "LOCAL", "startsOn": "2024-05-02", "endsOn": "2024-05-01", "source": "ftp://x"},
            [("input.source", "BAD_USER_INPUT"), ("input.endsOn", "BAD_USER_INPUT")],
        ),
        (CREATE_INITIATIVE, {"nameVi": "Kế hoạch lạ", "scope": "LOCAL", "plan": "UGxhbjo5OTk5OTk="}, [("input.plan", "NOT_FOUND")]),
        (CREATE_INITIATIVE, {"nameVi": "Sai loại", "scope": "LOCAL", "plan": "Q2l0eTox"}, [("input.plan", "BAD_USER_INPUT")]),
        (CREATE_CITY, {"nameVi": "Tương lai", "field": "DESIGN", "designationYear": 2003}, [("input.designationYear", "BAD_USER_INPUT")]),
        (
            CREATE_SPACE,
            {"nameVi": "Ngoài bản đồ", "spaceKind": "GALLERY", "latitude": 91, "longitude": -181, "website": "not a url"},
            [("input.latitude", "BAD_USER_INPUT"), ("input.longitude", "BAD_USER_INPUT"), ("input.website", "BAD_USER_INPUT")],
        ),
        (
            CREATE_DESIGNER,
            {"nameVi": "Nhà thiết kế", "email": "no-at-sign", "phone": "call me"},
            [("input.email", "BAD_USER_INPUT"), ("input.phone", "BAD_USER_INPUT")],
        ),
        (CREATE_EVENT, {"nameVi": "Sự kiện", "initiative": "not-an-id"}, [("input.initiative", "BAD_USER_INPUT")]),
        (
            CREATE_EVENT,
            {"nameVi": "\x00", "aliases": ["Lễ\x00hội"]},
            [("input.nameVi", "BAD_USER_INPUT"), ("input.aliases", "BAD_USER_INPUT")],
        ),
    ],
)
def test_bad_input_is_refused_field_by_field_and_nothing_is_written(write_api, admin_write_api, mutation, fields, expected):
    # given
    before = admin_write_api.data("{ auditLog(first: 1) { totalCount } }")["auditLog"]["totalCount"]
    # when
    payload = next(iter(write_api.data(mutation, {"input": fields}).values()))
    # then
    assert [(".".join(e["field"]), e["code"]) for e in payload["userErrors"]] == expected
    assert all(e["message"] for e in payload["userErrors"])
    assert [value for key, value in payload.items() if key != "userErrors"] == [None]
    assert admin_write_api.data("{ auditLog(first: 1) { totalCount } }")["auditLog"]["totalCount"] == before


def test_unknown_ids_are_not_found(write_api):
    payload = write_api.data(UPDATE_INITIATIVE, {"input": {"id": "SW5pdGlhdGl2ZTo5OTk5OTk=", "version": 1}})["initiativeUpdate"]
    assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [(["input", "id"], "NOT_FOUND")]
