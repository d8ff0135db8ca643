"""The audit trail: every write leaves one entry, with the values before and after."""

from __future__ import annotations

CREATE = """
mutation { eventCreate(input: {nameVi: "Sự kiện kiểm toán", startsOn: "2026-11-01"}) { event { id } } }
"""
UPDATE = """
mutation ($id: ID!) { eventUpdate(input: {id: $id, version: 1, themeEn: "Audit"}) { event { version } userErrors { code } } }
"""
ARCHIVE = """
mutation ($id: ID!) { eventArchive(input: {id: $id, version: 2}) { event { version } } }
"""
RESTORE = """
mutation ($id: ID!) { nodeRestore(input: {id: $id, version: 3}) { node { version } } }
"""
HISTORY = """
query ($id: ID!) {
  node(id: $id) { history(first: 10) { totalCount edges { node { action actor targetId target { id } before after } } } }
}
"""
LINK = """
mutation ($from: ID!, $to: ID!) { linkCreate(input: {from: $from, to: $to, kind: HOSTS, role: VENUE}) { link { id } } }
"""
DELETE = """
mutation ($id: ID!) { linkDelete(input: {id: $id, version: 1}) { deletedLinkId } }
"""
LOG = """
query ($target: ID, $actor: String) {
  auditLog(target: $target, actor: $actor, first: 5) { totalCount edges { node { action targetId target { id } before after } } }
}
"""
SPACE = """{ spaces(first: 1) { edges { node { id } } } }"""


def test_every_write_to_a_node_is_in_its_history_newest_first(write_api):
    # given an event created, updated, archived and restored
    event_id = write_api.data(CREATE)["eventCreate"]["event"]["id"]
    for mutation in (UPDATE, ARCHIVE, RESTORE):
        write_api.data(mutation, {"id": event_id})
    # when
    history = write_api.data(HISTORY, {"id": event_id})["node"]["history"]
    # then
    entries = [edge["node"] for edge in history["edges"]]
    assert history["totalCount"] == 4
    assert [e["action"] for e in entries] == ["RESTORE", "ARCHIVE", "UPDATE", "CREATE"]
    assert {e["actor"] for e in entries} == {"staff:Staff writer"}
    assert all(e["targetId"] == e["target"]["id"] == event_id for e in entries)
    created, updated = entries[3], entries[2]
    assert created["before"] is None and created["after"]["name_vi"] == "Sự kiện kiểm toán"
    assert (updated["before"]["theme_en"], updated["after"]["theme_en"]) == (None, "Audit")
    assert (updated["before"]["version"], updated["after"]["version"]) == (1, 2)
    assert entries[0]["before"]["archived_at"] is not None and entries[0]["after"]["archived_at"] is None


def test_links_are_audited_too_even_once_deleted(write_api, admin_write_api):
    # given a link created and deleted
    event_id = write_api.data(CREATE)["eventCreate"]["event"]["id"]
    space_id = write_api.data(SPACE)["spaces"]["edges"][0]["node"]["id"]
    link_id = write_api.data(LINK, {"from": space_id, "to": event_id})["linkCreate"]["link"]["id"]
    write_api.data(DELETE, {"id": link_id})
    # when
    log = admin_write_api.data(LOG, {"target": link_id})["auditLog"]
    # then
    entries = [edge["node"] for edge in log["edges"]]
    assert [e["action"] for e in entries] == ["DELETE", "CREATE"]
    assert entries[0]["after"] is None and entries[0]["before"]["role"] == "VENUE"
    assert entries[1]["target"] is None and entries[1]["targetId"] == link_id


def test_the_log_filters_by_actor(admin_write_api):
    assert admin_write_api.data(LOG, {"actor": "nobody"})["auditLog"]["totalCount"] == 0
    assert admin_write_api.data(LOG, {"actor": "staff:Staff writer"})["auditLog"]["totalCount"] >= 6
