"""Shortest paths and neighbourhoods, over links in either direction."""

from __future__ import annotations

from datetime import date

import pytest

from graph.build import LinkRecord as L
from graph.build import as_of
from graph.paths import Hop, Neighborhood, Path, neighborhood, shortest_path
from tests.graph.tiny import network

# a ← l1 ─ i ─ l2 → c ─ l3 → d, plus a separate island x
CHAIN = network(
    {"a": "INITIATIVE", "i": "AGENCY", "c": "CITY", "d": "CITY", "x": "DESIGNER"},
    L("l1", "RESPONSIBLE_FOR", "i", "a"),
    L("l2", "PARTNERS_WITH", "i", "c"),
    L("l3", "PARTNERS_WITH", "c", "d"),
)


def test_the_path_follows_links_either_way_and_reports_their_stored_direction():
    path = shortest_path(CHAIN, "a", "d", max_hops=3)
    assert path == Path(
        nodes=["a", "i", "c", "d"],
        hops=[Hop("l1", source="i", target="a"), Hop("l2", source="i", target="c"), Hop("l3", source="c", target="d")],
    )


def test_no_path_between_separate_parts():
    assert shortest_path(CHAIN, "a", "x", max_hops=10) is None


def test_a_path_longer_than_max_hops_is_not_returned():
    assert shortest_path(CHAIN, "a", "d", max_hops=2) is None


def test_a_node_is_its_own_path_of_zero_hops():
    assert shortest_path(CHAIN, "c", "c", max_hops=0) == Path(nodes=["c"], hops=[])


def test_among_equal_paths_the_smallest_node_sequence_wins_and_the_smallest_parallel_link():
    # given two shortest routes s–m–t and s–n–t, inserted so that n comes first, and two links s–m
    graph = network(
        {"s": "AGENCY", "n": "INITIATIVE", "m": "INITIATIVE", "t": "AGENCY"},
        L("k1", "RESPONSIBLE_FOR", "s", "n"),
        L("k2", "RESPONSIBLE_FOR", "t", "n"),
        L("k9", "RESPONSIBLE_FOR", "s", "m"),
        L("k5", "SUPPORTS", "s", "m"),
        L("k3", "SUPPORTS", "t", "m"),
    )
    # when
    forward = shortest_path(graph, "s", "t", max_hops=2)
    backward = shortest_path(graph, "t", "s", max_hops=2)
    # then
    assert forward.nodes == ["s", "m", "t"]
    assert forward.hops == [Hop("k5", "s", "m"), Hop("k3", "t", "m")]
    assert backward.nodes == ["t", "m", "s"]


def test_kinds_limit_the_nodes_passed_through_but_not_the_ends():
    # given a short route through an initiative and a longer one through cities
    graph = network(
        {"a": "AGENCY", "i": "INITIATIVE", "b": "AGENCY", "c1": "CITY", "c2": "CITY"},
        L("1", "RESPONSIBLE_FOR", "a", "i"),
        L("2", "RESPONSIBLE_FOR", "b", "i"),
        L("3", "PARTNERS_WITH", "a", "c1"),
        L("4", "PARTNERS_WITH", "c1", "c2"),
        L("5", "PARTNERS_WITH", "c2", "b"),
    )
    # when / then
    assert shortest_path(graph, "a", "b", max_hops=5).nodes == ["a", "i", "b"]
    assert shortest_path(graph, "a", "b", max_hops=5, kinds=["CITY"]).nodes == ["a", "c1", "c2", "b"]
    assert shortest_path(graph, "a", "b", max_hops=5, kinds=["DESIGNER"]) is None


def test_expired_links_are_not_followed_on_a_dated_view():
    graph = network({"a": "CITY", "b": "CITY"}, L("1", "PARTNERS_WITH", "a", "b", until=date(2020, 1, 1)))
    assert shortest_path(graph, "a", "b", max_hops=1) is not None
    assert shortest_path(as_of(graph, date(2024, 1, 1)), "a", "b", max_hops=1) is None


def test_unknown_nodes_and_negative_hops_are_refused():
    with pytest.raises(KeyError):
        shortest_path(CHAIN, "a", "ghost", max_hops=3)
    with pytest.raises(KeyError):
        shortest_path(CHAIN, "ghost", "a", max_hops=3)
    with pytest.raises(ValueError):
        shortest_path(CHAIN, "a", "d", max_hops=-1)


def test_neighborhood_grows_with_depth_and_includes_links_among_its_nodes():
    # given a triangle c–d–e hanging off the chain
    graph = network(
        {"a": "INITIATIVE", "i": "AGENCY", "c": "CITY", "d": "CITY", "e": "CITY"},
        L("l1", "RESPONSIBLE_FOR", "i", "a"),
        L("l2", "PARTNERS_WITH", "i", "c"),
        L("l3", "PARTNERS_WITH", "c", "d"),
        L("l4", "PARTNERS_WITH", "c", "e"),
        L("l5", "PARTNERS_WITH", "d", "e"),
        L("l6", "PARTNERS_WITH", "e", "d"),
    )
    # when / then
    assert neighborhood(graph, "i", depth=0) == Neighborhood(nodes=["i"], links=[])
    assert neighborhood(graph, "i", depth=1) == Neighborhood(nodes=["a", "c", "i"], links=["l1", "l2"])
    assert neighborhood(graph, "c", depth=1) == Neighborhood(nodes=["c", "d", "e", "i"], links=["l2", "l3", "l4", "l5", "l6"])


def test_neighborhood_kinds_keep_the_center_and_only_pass_through_kept_kinds():
    # given a → i (initiative) ← b, and a partner city of a
    graph = network(
        {"a": "AGENCY", "i": "INITIATIVE", "b": "AGENCY", "c": "CITY"},
        L("1", "RESPONSIBLE_FOR", "a", "i"),
        L("2", "RESPONSIBLE_FOR", "b", "i"),
        L("3", "PARTNERS_WITH", "a", "c"),
    )
    # when / then
    assert neighborhood(graph, "i", depth=2, kinds=["CITY"]) == Neighborhood(nodes=["i"], links=[])
    assert neighborhood(graph, "a", depth=2, kinds=["AGENCY", "CITY"]) == Neighborhood(nodes=["a", "c"], links=["3"])
    assert neighborhood(graph, "b", depth=2, kinds=["AGENCY", "INITIATIVE"]) == Neighborhood(nodes=["a", "b", "i"], links=["1", "2"])


def test_neighborhood_refuses_unknown_center_and_negative_depth():
    with pytest.raises(KeyError):
        neighborhood(CHAIN, "ghost", depth=1)
    with pytest.raises(ValueError):
        neighborhood(CHAIN, "a", depth=-1)
