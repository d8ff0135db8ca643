"""`creative-hub seed --synthetic N`: a deterministic network of N nodes, bulk-loaded into an empty database."""

from __future__ import annotations

from collections import Counter

from seeds.synthetic import synthetic_network
from tests.support import GraphQLClient, HubServer, hub_command, issue_token

STATS = "{ network { stats { nodes links nodesByKind { kind count } } } }"
AGENCIES = "{ agencies { totalCount } }"
SEEDED_AUDIT = '{ auditLog(actor: "creative-hub seed --synthetic", first: 1) { totalCount edges { node { action } } } }'
EVENT_CREATE = 'mutation { eventCreate(input: {nameVi: "Sự kiện sau khi nạp"}) { event { id } userErrors { code } } }'


def test_a_synthetic_network_loads_and_a_running_hub_sees_it(empty_database, backend):
    # given a hub serving the empty database, its graph already built
    net = synthetic_network(1000)
    server = HubServer(empty_database, backend).start()
    api = GraphQLClient(server.url, issue_token(empty_database, "admin", "Load tester"))
    try:
        assert api.data(STATS)["network"]["stats"]["nodes"] == 0
        # when the synthetic network is loaded through the CLI
        loaded = hub_command(empty_database, "seed", "--synthetic", "1000")
        # then the hub answers with all of it, in the graph and in the directory, each row audited
        stats = api.data(STATS)["network"]["stats"]
        agencies = api.data(AGENCIES)["agencies"]["totalCount"]
        audit = api.data(SEEDED_AUDIT)["auditLog"]
        # and writes go on from it
        created = api.data(EVENT_CREATE)["eventCreate"]
        after = api.data(STATS)["network"]["stats"]["nodes"]
    finally:
        api.close()
        server.stop()
    assert loaded.stdout.strip() == f"synthetic network: 1000 nodes, {len(net.links)} links"
    assert (stats["nodes"], stats["links"]) == (1000, len(net.links))
    assert {k["kind"]: k["count"] for k in stats["nodesByKind"]} == Counter(node["kind"] for node in net.nodes)
    assert agencies == sum(node["kind"] == "AGENCY" for node in net.nodes)
    assert audit["totalCount"] == 1000 + len(net.links) and audit["edges"][0]["node"]["action"] == "CREATE"
    assert created["userErrors"] == [] and after == 1001


def test_a_database_with_nodes_is_refused_and_left_as_it_was(empty_database, backend):
    # given a database holding a synthetic network
    hub_command(empty_database, "seed", "--synthetic", "50")
    # when another is loaded into it
    refused = hub_command(empty_database, "seed", "--synthetic", "80", check=False)
    # then the CLI refuses, saying why, and the database keeps what it had
    assert refused.returncode == 2
    assert "already has nodes" in refused.stderr
    server = HubServer(empty_database, backend).start()
    api = GraphQLClient(server.url)
    try:
        assert api.data(STATS)["network"]["stats"]["nodes"] == 50
    finally:
        api.close()
        server.stop()


def test_a_network_too_small_to_hold_every_kind_is_refused(empty_database):
    refused = hub_command(empty_database, "seed", "--synthetic", "3", check=False)
    assert refused.returncode == 2
    assert "at least 7 nodes" in refused.stderr
