"""Every node kind's create, update and archive succeed, and each write leaves its audit entry."""

from __future__ import annotations

import pytest

# A valid creation and one valid change for each kind, as a client would send them.
KINDS = {
    "plan": ("Plan", {"nameVi": "Kế hoạch thử", "code": "1/KH-TEST", "issuedOn": "2026-01-05"}, {"code": "2/KH-TEST"}),
    "initiative": ("Initiative", {"nameVi": "Sáng kiến thử", "scope": "INTERNATIONAL"}, {"status": "PLANNED"}),
    "task": ("Task", {"nameVi": "Nhiệm vụ thử", "dueOn": "2027-12-31"}, {"status": "IN_PROGRESS"}),
    "agency": ("Agency", {"nameVi": "Cơ quan thử", "agencyKind": "DEPARTMENT"}, {"nameEn": "Test department"}),
    "creativeSpace": (
        "CreativeSpace",
        {"nameVi": "Không gian thử", "spaceKind": "GALLERY", "latitude": 21.03, "longitude": 105.85, "website": "https://example.org"},
        {"district": "Hoàn Kiếm"},
    ),
    "designer": (
        "Designer",
        {"nameVi": "Nhà thiết kế thử", "discipline": "Graphic", "email": "a@example.org"},
        {"phone": "+84 24 1234 5678"},
    ),
    "city": (
        "City",
        {"nameVi": "Thành phố thử", "country": "Testland", "field": "ARCHITECTURE", "designationYear": 2025},
        {"region": "Asia"},
    ),
    "event": ("Event", {"nameVi": "Sự kiện thử", "startsOn": "2026-11-01", "endsOn": "2026-11-09"}, {"themeEn": "Trial"}),
}
HISTORY = "query ($id: ID!) { node(id: $id) { version history { edges { node { action } } } } }"


@pytest.mark.parametrize("noun", sorted(KINDS))
def test_create_update_archive_each_kind(write_api, noun):
    type_name, create_fields, changes = KINDS[noun]
    # when created
    created = write_api.data(
        f"mutation ($input: {type_name}CreateInput!) {{ {noun}Create(input: $input) {{ {noun} {{ id kind version }} userErrors {{ field code }} }} }}",
        {"input": create_fields},
    )[f"{noun}Create"]
    assert created["userErrors"] == []
    node_id = created[noun]["id"]
    # and updated
    updated = write_api.data(
        f"mutation ($input: {type_name}UpdateInput!) {{ {noun}Update(input: $input) {{ {noun} {{ version }} userErrors {{ field code }} }} }}",
        {"input": {"id": node_id, "version": 1, **changes}},
    )[f"{noun}Update"]
    assert updated == {noun: {"version": 2}, "userErrors": []}
    # and archived
    archived = write_api.data(
        f"mutation ($input: NodeVersionInput!) {{ {noun}Archive(input: $input) {{ {noun} {{ version }} userErrors {{ code }} }} }}",
        {"input": {"id": node_id, "version": 2}},
    )[f"{noun}Archive"]
    assert archived == {noun: {"version": 3}, "userErrors": []}
    # then each write is in the node's history
    node = write_api.data(HISTORY, {"id": node_id})["node"]
    assert [e["node"]["action"] for e in node["history"]["edges"]] == ["ARCHIVE", "UPDATE", "CREATE"]


@pytest.mark.parametrize("noun", sorted(KINDS))
def test_an_id_of_another_kind_is_refused(write_api, noun):
    type_name, _create, changes = KINDS[noun]
    other = "Q2l0eTox" if noun != "city" else "QWdlbmN5OjE="  # City:1, or Agency:1 for cities
    payload = write_api.data(
        f"mutation ($input: {type_name}UpdateInput!) {{ {noun}Update(input: $input) {{ userErrors {{ field code }} }} }}",
        {"input": {"id": other, "version": 1, **changes}},
    )[f"{noun}Update"]
    assert payload["userErrors"] == [{"field": ["input", "id"], "code": "BAD_USER_INPUT"}]
