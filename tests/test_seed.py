"""Seeding: Hanoi's network with a source for every fact, and a second run that changes nothing."""

from __future__ import annotations

import json
import re

from hub.backup import code_revision
from seeds import HANOI_NETWORK
from tests.support import (
    GraphQLClient,
    HubServer,
    drop_database,
    fresh_database,
    hub_command,
    issue_token,
)

EVERY_KIND = """
query ($after: String) {
  %s(first: 50, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id nameVi source links(first: 100) { edges { node { kind role source to { id kind } } } } } } }
}
"""
SEED_AUDIT = """{ auditLog(actor: "creative-hub seed", first: 1) { totalCount } }"""
LISTS = ["plans", "initiatives", "tasks", "agencies", "spaces", "cities", "events"]
TALLY = re.compile(r"network: (\d+) nodes created, (\d+) updated; (\d+) links created, (\d+) updated")


def everything(api) -> list[dict]:
    nodes = []
    for name in LISTS:
        after = None
        while True:
            page = api.data(EVERY_KIND % name, {"after": after})[name]
            nodes += [edge["node"] for edge in page["edges"]]
            if not page["pageInfo"]["hasNextPage"]:
                break
            after = page["pageInfo"]["endCursor"]
    return nodes


def test_db_upgrade_says_which_revision_it_reached_and_from_where(backend, tmp_path):
    # given a new database, never migrated
    database = fresh_database(backend, tmp_path)
    try:
        # when it is upgraded, and upgraded again
        first = hub_command(database, "db", "upgrade")
        second = hub_command(database, "db", "upgrade")
    finally:
        drop_database(database)
    # then the first run says it migrated it from nothing to the newest revision, the second that it had nothing to do
    newest = code_revision()
    assert first.stdout.splitlines() == [f"database upgraded from revision <none> to {newest}"]
    assert second.stdout.splitlines() == [f"database already at revision {newest}"]


def test_seeding_twice_changes_nothing_the_second_time(empty_database, backend):
    # given
    first = hub_command(empty_database, "seed")
    server = HubServer(empty_database, backend).start()
    api = GraphQLClient(server.url, issue_token(empty_database, "admin", "Auditor"))
    try:
        before = everything(api)
        audited = api.data(SEED_AUDIT)["auditLog"]["totalCount"]
        # when
        second = hub_command(empty_database, "seed")
        after = everything(api)
        audited_again = api.data(SEED_AUDIT)["auditLog"]["totalCount"]
    finally:
        api.close()
        server.stop()
    # then
    created = TALLY.search(first.stdout).groups()
    assert int(created[0]) > 50 and int(created[2]) > 50
    assert TALLY.search(second.stdout).groups() == ("0", "0", "0", "0")
    assert "cities: 0 created, 0 updated" in second.stdout
    assert after == before
    assert audited == int(created[0]) + int(created[2]) and audited_again == audited


def test_every_seeded_node_and_link_keeps_its_source(api):
    nodes = everything(api)
    seeded = json.loads(HANOI_NETWORK.read_text(encoding="utf-8"))
    assert len(nodes) >= len(seeded["nodes"])
    assert [n["nameVi"] for n in nodes if not (n["source"] or "").strip()] == []
    links = [link["node"] for n in nodes for link in n["links"]["edges"]]
    assert len({(l["kind"], l["to"]["id"], l["source"]) for l in links}) > 0
    assert [l for l in links if not (l["source"] or "").startswith("http")] == []


def test_no_initiative_has_an_invented_lead(api):
    # the sources do not say who leads Plan 161's initiatives, so none may be seeded
    leads = [
        n["nameVi"]
        for n in everything(api)
        for link in n["links"]["edges"]
        if link["node"]["role"] == "LEAD" and link["node"]["to"]["kind"] == "INITIATIVE"
    ]
    assert leads == []
