"""Exports that networkx (and Gephi, yEd) read back: GraphML, GEXF, node-link JSON."""

from __future__ import annotations

import io
import json
from datetime import date

import networkx as nx

from graph.build import LinkRecord as L
from graph.build import NodeRecord as N
from graph.build import as_of, build_graph
from graph.export import to_gexf, to_graphml, to_node_link

NODES = [N("hn", "CITY", "Hà Nội", "Hanoi"), N("so", "AGENCY", "Sở Văn hóa"), N("fest", "EVENT", "Lễ hội thiết kế")]
LINKS = [
    L("l2", "RESPONSIBLE_FOR", "so", "fest", role="LEAD", since=date(2023, 11, 1)),
    L("l1", "SUPPORTS", "so", "fest", role="SPONSOR"),
    L("l3", "PARTNERS_WITH", "hn", "so", until=date(2020, 12, 31)),
]
NETWORK = build_graph(NODES, LINKS)


def test_graphml_reads_back_with_the_same_nodes_links_and_values(tmp_path):
    # given
    path = tmp_path / "network.graphml"
    # when
    to_graphml(NETWORK, str(path))
    back = nx.read_graphml(path)
    # then
    assert (back.number_of_nodes(), back.number_of_edges()) == (3, 3)
    assert sorted(back.edges(keys=True)) == [("hn", "so", "l3"), ("so", "fest", "l1"), ("so", "fest", "l2")]
    assert back.nodes["hn"] == {"kind": "CITY", "name_vi": "Hà Nội", "name_en": "Hanoi"}
    assert back.nodes["so"] == {"kind": "AGENCY", "name_vi": "Sở Văn hóa"}
    assert back.edges["so", "fest", "l2"] == {"kind": "RESPONSIBLE_FOR", "role": "LEAD", "since": "2023-11-01"}


def test_gexf_reads_back_with_the_same_nodes_and_links_named_for_gephi(tmp_path):
    # given
    path = tmp_path / "network.gexf"
    # when
    to_gexf(NETWORK, str(path))
    back = nx.read_gexf(path)
    # then
    assert (back.number_of_nodes(), back.number_of_edges()) == (3, 3)
    assert sorted(back.edges(keys=True)) == [("hn", "so", "l3"), ("so", "fest", "l1"), ("so", "fest", "l2")]
    assert back.nodes["fest"]["label"] == "Lễ hội thiết kế"
    assert back.edges["hn", "so", "l3"]["until"] == "2020-12-31"


def test_file_exports_do_not_depend_on_the_order_the_graph_grew_in():
    # given the same network built in reverse
    reverse = build_graph(NODES[::-1], LINKS[::-1])
    # when
    exports = []
    for graph in (NETWORK, reverse):
        buffer = io.BytesIO()
        to_graphml(graph, buffer)
        exports.append(buffer.getvalue())
    # then
    assert exports[0] == exports[1]
    assert exports[0].index(b'id="fest"') < exports[0].index(b'id="hn"') < exports[0].index(b'id="so"')


def test_node_link_is_json_with_iso_dates_and_nulls_and_reads_back():
    # when
    data = json.loads(json.dumps(to_node_link(NETWORK)))
    # then
    assert [node["id"] for node in data["nodes"]] == ["fest", "hn", "so"]
    assert data["links"][0] == {
        "source": "so",
        "target": "fest",
        "key": "l1",
        "kind": "SUPPORTS",
        "role": "SPONSOR",
        "since": None,
        "until": None,
    }
    back = nx.node_link_graph(data, edges="links")
    assert (back.is_multigraph(), back.is_directed()) == (True, True)
    assert (back.number_of_nodes(), back.number_of_edges()) == (3, 3)
    assert back.edges["so", "fest", "l2"]["since"] == "2023-11-01"


def test_exporting_a_dated_view_leaves_out_expired_links():
    data = to_node_link(as_of(NETWORK, date(2024, 1, 1)))
    assert [link["key"] for link in data["links"]] == ["l1", "l2"]
    assert len(data["nodes"]) == 3
