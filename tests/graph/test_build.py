"""Building the graph from records, changing it in place, viewing it by date, counting it."""

from __future__ import annotations

from datetime import date

import networkx as nx
import pytest

from graph.build import (
    LinkRecord as L,
)
from graph.build import (
    NodeRecord as N,
)
from graph.build import (
    apply_change,
    as_of,
    build_graph,
    exists,
    label,
    neighbours,
    simple_projection,
    starts_on,
    stats,
)
from tests.graph.tiny import network


def edges(graph):
    return sorted(graph.edges(keys=True))


NOT_A_CITY = {"creative_field": None, "region": None, "subregion": None}
UNDATED = {"starts": None, "ends": None}


def test_build_keys_nodes_by_id_and_edges_by_link_id_with_their_attributes():
    # given
    nodes = [N("a", "AGENCY", "Sở Văn hóa", "Department of Culture"), N("i", "INITIATIVE", "Lễ hội")]
    links = [L("l1", "RESPONSIBLE_FOR", "a", "i", role="LEAD", since=date(2023, 1, 1))]
    # when
    graph = build_graph(nodes, links)
    # then
    assert dict(graph.nodes(data=True)) == {
        "a": {"kind": "AGENCY", "name_vi": "Sở Văn hóa", "name_en": "Department of Culture", **NOT_A_CITY, **UNDATED},
        "i": {"kind": "INITIATIVE", "name_vi": "Lễ hội", "name_en": None, **NOT_A_CITY, **UNDATED},
    }
    assert graph.edges["a", "i", "l1"] == {
        "kind": "RESPONSIBLE_FOR",
        "role": "LEAD",
        "since": date(2023, 1, 1),
        "until": None,
    }


def test_build_leaves_out_archived_nodes_and_links_to_missing_nodes():
    # given an archived designer, and links to it and to a node never given
    nodes = [N("a", "AGENCY", "A"), N("d", "DESIGNER", "D", archived=True), N("i", "INITIATIVE", "I")]
    links = [
        L("l1", "MEMBER_OF", "d", "a"),
        L("l2", "RESPONSIBLE_FOR", "a", "ghost"),
        L("l3", "RESPONSIBLE_FOR", "a", "i"),
    ]
    # when
    graph = build_graph(nodes, links)
    # then
    assert sorted(graph) == ["a", "i"]
    assert edges(graph) == [("a", "i", "l3")]


def test_upserting_a_node_renames_it_in_place():
    graph = network({"a": "AGENCY"})
    apply_change(graph, upsert_nodes=[N("a", "AGENCY", "Sở mới", "New department")])
    assert graph.nodes["a"] == {"kind": "AGENCY", "name_vi": "Sở mới", "name_en": "New department", **NOT_A_CITY, **UNDATED}


def test_upserting_a_link_updates_its_attributes_without_duplicating_it():
    graph = network({"a": "AGENCY", "i": "INITIATIVE"}, L("l1", "RESPONSIBLE_FOR", "a", "i", role="SUPPORT"))
    apply_change(graph, upsert_links=[L("l1", "RESPONSIBLE_FOR", "a", "i", role="LEAD", until=date(2025, 12, 31))])
    assert edges(graph) == [("a", "i", "l1")]
    assert graph.edges["a", "i", "l1"]["role"] == "LEAD"
    assert graph.edges["a", "i", "l1"]["until"] == date(2025, 12, 31)


def test_upserting_a_link_with_new_ends_moves_it():
    graph = network({"a": "AGENCY", "b": "AGENCY", "i": "INITIATIVE"}, L("l1", "RESPONSIBLE_FOR", "a", "i"))
    apply_change(graph, upsert_links=[L("l1", "RESPONSIBLE_FOR", "b", "i")])
    assert edges(graph) == [("b", "i", "l1")]


def test_one_change_can_add_a_node_and_a_link_to_it():
    graph = network({"a": "AGENCY"})
    apply_change(graph, upsert_nodes=[N("s", "CREATIVE_SPACE", "S")], upsert_links=[L("l1", "OPERATES", "a", "s")])
    assert edges(graph) == [("a", "s", "l1")]


def test_removing_links_and_nodes_by_key_and_ignoring_unknown_keys():
    # given
    graph = network(
        {"a": "AGENCY", "b": "AGENCY", "c": "CITY"},
        L("l1", "PART_OF", "a", "b"),
        L("l2", "PARTNERS_WITH", "c", "a"),
        L("l3", "PARTNERS_WITH", "b", "c"),
    )
    # when
    apply_change(graph, remove_links=["l1", "nope"], remove_nodes=["c", "ghost"])
    # then
    assert sorted(graph) == ["a", "b"]
    assert edges(graph) == []


def test_archiving_a_node_removes_it_and_restoring_it_with_its_links_brings_them_back():
    # given
    graph = network({"a": "AGENCY", "d": "DESIGNER"}, L("l1", "MEMBER_OF", "d", "a"))
    # when archived
    apply_change(graph, upsert_nodes=[N("d", "DESIGNER", "D", archived=True)])
    # then
    assert sorted(graph) == ["a"]
    # when restored with its link
    apply_change(graph, upsert_nodes=[N("d", "DESIGNER", "D")], upsert_links=[L("l1", "MEMBER_OF", "d", "a")])
    # then
    assert edges(graph) == [("d", "a", "l1")]


def test_a_removed_node_forgets_its_links_so_their_keys_can_be_reused():
    graph = network({"a": "AGENCY", "b": "AGENCY", "c": "AGENCY"}, L("l1", "PART_OF", "a", "b"))
    apply_change(graph, remove_nodes=["b"])
    apply_change(graph, upsert_links=[L("l1", "PART_OF", "a", "c")])
    assert edges(graph) == [("a", "c", "l1")]
    apply_change(graph, remove_links=["l1"])
    assert edges(graph) == []


def test_as_of_keeps_links_valid_on_the_day_bounds_included():
    # given
    graph = network(
        {"a": "AGENCY", "i": "INITIATIVE"},
        L("open", "SUPPORTS", "a", "i"),
        L("expired", "RESPONSIBLE_FOR", "a", "i", until=date(2022, 12, 31)),
        L("future", "PARTICIPATES_IN", "a", "i", since=date(2025, 1, 1)),
        L("window", "RESPONSIBLE_FOR", "a", "i", since=date(2023, 1, 1), until=date(2023, 12, 31)),
    )
    # when / then
    assert sorted(key for *_ends, key in as_of(graph, date(2022, 12, 31)).edges(keys=True)) == ["expired", "open"]
    assert sorted(key for *_ends, key in as_of(graph, date(2023, 1, 1)).edges(keys=True)) == ["open", "window"]
    assert sorted(key for *_ends, key in as_of(graph, date(2025, 1, 1)).edges(keys=True)) == ["future", "open"]
    assert sorted(as_of(graph, date(2030, 1, 1))) == ["a", "i"]


def test_as_of_keeps_the_nodes_that_exist_on_the_day():
    # given a plan from 2023, an initiative of it and an edition of that (both undated), a dated past event
    graph = build_graph(
        [
            N("plan", "PLAN", "P", starts=date(2023, 5, 31)),
            N("fest", "INITIATIVE", "F"),
            N("ed2026", "EVENT", "E"),
            N("ed2021", "EVENT", "W", starts=date(2021, 12, 24), ends=date(2021, 12, 31)),
            N("dept", "AGENCY", "D"),
        ],
        [
            L("1", "PART_OF", "fest", "plan"),
            L("2", "PART_OF", "ed2026", "fest"),
            L("3", "PART_OF", "ed2021", "fest", since=date(2021, 12, 24), until=date(2021, 12, 31)),
            L("4", "RESPONSIBLE_FOR", "dept", "ed2026"),
        ],
    )
    # when / then undated nodes begin with what they are PART_OF; an undated link lasts while both its ends exist
    assert starts_on(graph, "ed2026") == date(2023, 5, 31)
    assert (sorted(as_of(graph, date(2021, 12, 28))), as_of(graph, date(2021, 12, 28)).number_of_edges()) == (["dept", "ed2021"], 0)
    assert sorted(as_of(graph, date(2024, 1, 1)).edges(keys=True)) == [
        ("dept", "ed2026", "4"),
        ("ed2026", "fest", "2"),
        ("fest", "plan", "1"),
    ]
    assert exists(graph, "ed2021", date(2021, 12, 31)) and not exists(graph, "ed2021", date(2022, 1, 1))


def test_a_part_of_cycle_counts_as_undated():
    graph = build_graph([N("a", "TASK", "A"), N("b", "TASK", "B")], [L("1", "PART_OF", "a", "b"), L("2", "PART_OF", "b", "a")])
    assert (starts_on(graph, "a"), starts_on(graph, "b")) == (None, None)


def test_as_of_is_a_read_only_view_that_follows_the_graph():
    graph = network({"a": "AGENCY", "i": "INITIATIVE"})
    view = as_of(graph, date(2024, 1, 1))
    apply_change(graph, upsert_links=[L("l1", "SUPPORTS", "a", "i")])
    assert view.number_of_edges() == 1
    with pytest.raises(nx.NetworkXError):
        view.add_node("x")


def test_stats_count_by_kind_and_respect_the_date():
    graph = network(
        {"a": "AGENCY", "b": "AGENCY", "c": "CITY"},
        L("l1", "PART_OF", "a", "b"),
        L("l2", "PARTNERS_WITH", "c", "a", until=date(2020, 1, 1)),
    )
    assert stats(graph).links_by_kind == {"PART_OF": 1, "PARTNERS_WITH": 1}
    now = stats(as_of(graph, date(2024, 1, 1)))
    assert (now.nodes, now.links) == (3, 1)
    assert (now.nodes_by_kind, now.links_by_kind) == ({"AGENCY": 2, "CITY": 1}, {"PART_OF": 1})


def test_neighbours_ignore_direction_and_self_links():
    graph = network(
        {"a": "AGENCY", "b": "AGENCY", "c": "AGENCY"},
        L("l1", "PART_OF", "a", "b"),
        L("l2", "PART_OF", "c", "a"),
        L("l3", "PART_OF", "a", "a"),
    )
    assert neighbours(graph, "a") == {"b", "c"}
    with pytest.raises(KeyError):
        neighbours(graph, "ghost")


def test_simple_projection_counts_each_pair_once_and_does_not_depend_on_insertion_order():
    # given the same network built in two orders, with parallel, opposite and self links
    nodes = [N("b", "AGENCY", "B"), N("a", "CITY", "A"), N("c", "AGENCY", "C")]
    links = [
        L("1", "PARTNERS_WITH", "b", "a"),
        L("2", "PARTNERS_WITH", "a", "b"),
        L("3", "PART_OF", "c", "b"),
        L("4", "PART_OF", "c", "c"),
    ]
    # when
    one = simple_projection(build_graph(nodes, links))
    other = simple_projection(build_graph(nodes[::-1], links[::-1]))
    # then
    assert list(one.nodes(data="kind")) == [("a", "CITY"), ("b", "AGENCY"), ("c", "AGENCY")]
    assert list(other.nodes(data="kind")) == list(one.nodes(data="kind"))
    assert list(one.edges) == list(other.edges) == [("a", "b"), ("b", "c")]


def test_label_prefers_the_english_name():
    graph = build_graph([N("c", "CITY", "Hà Nội", "Hanoi"), N("d", "DESIGNER", "Minh")], [])
    assert (label(graph, "c"), label(graph, "d")) == ("Hanoi", "Minh")
