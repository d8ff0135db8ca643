"""Louvain communities: stable order, modularity that adds up, and degenerate networks."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.build import LinkRecord as L
from graph.build import NodeRecord as N
from graph.build import build_graph, simple_projection
from graph.communities import Community, Partition, communities
from tests.graph.tiny import network

TRIANGLES = [("a", "b"), ("b", "c"), ("c", "a"), ("x", "y"), ("y", "z"), ("z", "x"), ("w", "x"), ("c", "x")]


def triangles(order: int = 1):
    nodes = [N(key, "AGENCY", key) for key in "abcwxyz"][::order]
    links = [L(f"{index}", "PARTNERS_WITH", *pair) for index, pair in enumerate(TRIANGLES)][::order]
    return build_graph(nodes, links)


def test_two_triangles_are_two_communities_largest_first():
    split = communities(triangles())
    assert [community.members for community in split.communities] == [["w", "x", "y", "z"], ["a", "b", "c"]]


def test_modularity_is_networkx_modularity_and_the_sum_of_the_shares():
    # when
    split = communities(triangles())
    # then
    groups = [set(community.members) for community in split.communities]
    assert split.modularity == pytest.approx(nx.community.modularity(simple_projection(triangles()), groups))
    assert split.modularity == pytest.approx(sum(community.modularity for community in split.communities))


def test_the_answer_does_not_depend_on_insertion_order():
    assert communities(triangles(1), seed=3) == communities(triangles(-1), seed=3)


def test_parallel_links_count_once():
    graph = triangles()
    doubled = build_graph(
        [N(key, "AGENCY", key) for key in graph],
        [*(L(key, "PARTNERS_WITH", a, b) for a, b, key in graph.edges(keys=True)), L("extra", "PART_OF", "a", "b")],
    )
    assert communities(doubled) == communities(graph)


def test_a_higher_resolution_splits_more():
    assert len(communities(triangles(), resolution=5.0).communities) > len(communities(triangles()).communities)


def test_equal_sizes_are_ordered_by_first_key():
    graph = network(
        {"m": "CITY", "n": "CITY", "b": "CITY", "c": "CITY"},
        L("1", "PARTNERS_WITH", "m", "n"),
        L("2", "PARTNERS_WITH", "c", "b"),
    )
    assert [community.members for community in communities(graph).communities] == [["b", "c"], ["m", "n"]]


def test_networks_without_links():
    assert communities(network({})) == Partition(communities=[], modularity=0.0)
    assert communities(network({"b": "DESIGNER", "a": "DESIGNER"})) == Partition(
        communities=[Community(["a"], 0.0), Community(["b"], 0.0)], modularity=0.0
    )
