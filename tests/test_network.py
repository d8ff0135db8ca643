"""`network` over HTTP: answers from the cached graph, kept current across app instances."""

from __future__ import annotations

import io

import httpx
import networkx as nx
import pytest

from tests.support import GraphQLClient, HubServer, hub_command

IDS = """
{
  hanoi: cities(filter: {text: "Ha Noi"}) { edges { node { id } } }
  bangkok: cities(filter: {text: "Bangkok"}) { edges { node { id } } }
  braga: events(filter: {text: "Braga"}) { edges { node { id } } }
  department: agencies(filter: {text: "So Van hoa va The thao Ha Noi"}) { edges { node { id } } }
  plan: plans(filter: {code: "161/KH-UBND"}) { edges { node { id } } }
  festival: initiatives(filter: {text: "Le hoi Thiet ke sang tao Ha Noi"}) { edges { node { id } } }
}
"""
STATS = "query ($day: Date) { network(asOf: $day) { stats { nodes links nodesByKind { kind count } } } }"
COUNTS = """
{ plans { totalCount } initiatives { totalCount } tasks { totalCount } agencies { totalCount }
  spaces { totalCount } designers { totalCount } cities { totalCount } events { totalCount } }
"""
PATH = """
query ($from: ID!, $to: ID!, $hops: Int) {
  network { path(from: $from, to: $to, maxHops: $hops) { nodes { id name } links { kind from { id } to { id } } } }
}
"""
LINK = """
mutation ($input: LinkCreateInput!) { linkCreate(input: $input) { link { id } userErrors { field code } } }
"""
RESPONSIBILITY = """
query ($initiative: ID!) { network { responsibility(initiative: $initiative) { role agency { name } through { name } } } }
"""
ANALYTICS = """
query ($of: ID!) {
  network {
    neighborhood(of: $of, depth: 2) { nodes { id } edges { kind } }
    collaborators(of: $of) { node { name } weight shared { name } }
    centrality(measure: PAGERANK, kinds: [AGENCY], top: 3) { node { kind } score rank sampled }
    communities(seed: 7) { modularity members { id } }
    suggestions(for: $of, top: 3) { node { id } score reason }
  }
}
"""


@pytest.fixture(scope="module")
def ids(write_api) -> dict[str, str]:
    return {name: value["edges"][0]["node"]["id"] for name, value in write_api.data(IDS).items()}


def test_stats_count_what_the_lists_hold(api):
    stats = api.data(STATS)["network"]["stats"]
    lists = api.data(COUNTS)
    assert stats["nodes"] == sum(value["totalCount"] for value in lists.values())
    assert {k["kind"]: k["count"] for k in stats["nodesByKind"]}["CITY"] == lists["cities"]["totalCount"]


def test_as_of_a_day_keeps_only_links_in_force(api):
    now = api.data(STATS)["network"]["stats"]["links"]
    early = api.data(STATS, {"day": "2021-01-01"})["network"]["stats"]["links"]
    assert 0 < early < now


def test_a_write_through_one_instance_is_seen_by_another_at_once(writable_server, write_api, ids):
    # given a second app instance on the same database, whose graph is already built
    other = HubServer(writable_server.database_url, writable_server.backend).start()
    other_api = GraphQLClient(other.url)
    try:
        before = other_api.data(STATS)["network"]["stats"]["links"]
        assert other_api.data(PATH, {"from": ids["hanoi"], "to": ids["bangkok"]})["network"]["path"] is None
        # when Bangkok's delegates are recorded at Braga through the first instance
        made = write_api.data(LINK, {"input": {"from": ids["bangkok"], "to": ids["braga"], "kind": "PARTICIPATES_IN"}})
        assert made["linkCreate"]["userErrors"] == []
        # then the second instance answers with it straight away
        assert other_api.data(STATS)["network"]["stats"]["links"] == before + 1
        path = other_api.data(PATH, {"from": ids["hanoi"], "to": ids["bangkok"]})["network"]["path"]
    finally:
        other_api.close()
        other.stop()
    assert [n["id"] for n in path["nodes"]] == [ids["hanoi"], ids["braga"], ids["bangkok"]]
    assert [(l["kind"], l["from"]["id"], l["to"]["id"]) for l in path["links"]] == [
        ("PARTICIPATES_IN", ids["hanoi"], ids["braga"]),
        ("PARTICIPATES_IN", ids["bangkok"], ids["braga"]),
    ]


def test_an_archived_node_leaves_the_network(write_api, ids):
    event = write_api.data('mutation { eventCreate(input: {nameVi: "Sự kiện tạm"}) { event { id } } }')["eventCreate"]["event"]
    before = write_api.data(STATS)["network"]["stats"]["nodes"]
    write_api.data("mutation ($id: ID!) { eventArchive(input: {id: $id, version: 1}) { event { id } } }", {"id": event["id"]})
    assert write_api.data(STATS)["network"]["stats"]["nodes"] == before - 1


def test_responsibility_goes_through_an_initiatives_events(write_api, ids):
    found = write_api.data(RESPONSIBILITY, {"initiative": ids["festival"]})["network"]["responsibility"]
    department = [r for r in found if r["agency"]["name"] == "Sở Văn hóa và Thể thao Hà Nội"]
    assert {r["role"] for r in department} >= {"LEAD", "CO_LEAD"}
    assert any("2024" in item["name"] for r in department for item in r["through"])


def test_analytics_answer_on_the_seeded_network(api):
    hanoi = api.data(IDS)["department"]["edges"][0]["node"]["id"]
    found = api.data(ANALYTICS, {"of": hanoi})["network"]
    assert hanoi in {n["id"] for n in found["neighborhood"]["nodes"]} and found["neighborhood"]["edges"]
    assert found["collaborators"][0]["weight"] >= found["collaborators"][-1]["weight"] >= 1
    assert [c["rank"] for c in found["centrality"]] == [1, 2, 3] and {c["node"]["kind"] for c in found["centrality"]} == {"AGENCY"}
    assert sum(len(c["members"]) for c in found["communities"]) > 100
    assert all(s["reason"] for s in found["suggestions"])


@pytest.mark.parametrize(
    ("variables", "field", "code"),
    [
        ({"hops": 11}, "maxHops", "BAD_USER_INPUT"),
        ({"hops": 0}, "maxHops", "BAD_USER_INPUT"),
        ({"to": "Q2l0eTo5OTk5OTk="}, "to", "NOT_FOUND"),
    ],
)
def test_network_arguments_are_bounded(api, variables, field, code):
    found = api.data(IDS)
    given = {"from": found["hanoi"]["edges"][0]["node"]["id"], "to": found["bangkok"]["edges"][0]["node"]["id"], **variables}
    body = api(PATH, given)
    assert body["errors"][0]["extensions"] == {"code": code, "field": field}


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_exports_read_back_with_the_counts_of_stats(api, hub_server, fmt):
    # given
    stats = api.data(STATS)["network"]["stats"]
    # when
    response = httpx.get(f"{hub_server.url}/export/network.{fmt}")
    # then
    assert response.status_code == 200
    if fmt == "json":
        back = nx.node_link_graph(response.json(), edges="links")
    elif fmt == "graphml":
        back = nx.read_graphml(io.BytesIO(response.content), force_multigraph=True)
    else:
        back = nx.read_gexf(io.BytesIO(response.content))
    assert (back.number_of_nodes(), back.number_of_edges()) == (stats["nodes"], stats["links"])


def test_an_unknown_export_format_is_a_404(hub_server):
    assert httpx.get(f"{hub_server.url}/export/network.csv").status_code == 404


def test_the_cli_exports_what_the_server_exports(api, seeded_database, tmp_path):
    stats = api.data(STATS)["network"]["stats"]
    hub_command(seeded_database, "export-network", "graphml", str(tmp_path / "network.graphml"))
    back = nx.read_graphml(tmp_path / "network.graphml", force_multigraph=True)
    assert (back.number_of_nodes(), back.number_of_edges()) == (stats["nodes"], stats["links"])


def test_responsibility_questions_refuse_a_node_of_another_kind(api):
    found = api.data(IDS)
    plan = found["plan"]["edges"][0]["node"]["id"]
    festival = found["festival"]["edges"][0]["node"]["id"]
    responsibility = api("query ($i: ID!) { network { responsibility(initiative: $i) { role } } }", {"i": plan})
    matrix = api("query ($p: ID!) { network { responsibilityMatrix(plan: $p) { roles } } }", {"p": festival})
    assert responsibility["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "initiative"}
    assert matrix["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "plan"}
