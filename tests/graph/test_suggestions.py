"""Suggestions: cities alike in field and place, nodes that share the most and rarest neighbours, and why."""

from __future__ import annotations

import math

import networkx as nx
import pytest

from graph.build import LinkRecord as L
from graph.build import NodeRecord as N
from graph.build import build_graph, simple_projection
from graph.suggestions import Suggestion, suggestions
from tests.graph.tiny import network

# dept leads week and fest; uni shares both, tv shares fest only, hub_city shares week only;
# week is also linked to many others, which makes it a weaker hint (Adamic–Adar)
NETWORK = network(
    {
        "dept": "AGENCY",
        "uni": "AGENCY",
        "tv": "AGENCY",
        "hanoi": "CITY",
        "week": "INITIATIVE",
        "fest": "EVENT",
        "plan": "PLAN",
        "task": "TASK",
        "minh": "DESIGNER",
        "lan": "DESIGNER",
        "zone9": "CREATIVE_SPACE",
    },
    L("1", "RESPONSIBLE_FOR", "dept", "week", role="LEAD"),
    L("2", "RESPONSIBLE_FOR", "dept", "fest", role="LEAD"),
    L("3", "PARTICIPATES_IN", "uni", "week"),
    L("4", "SUPPORTS", "uni", "fest"),
    L("5", "SUPPORTS", "tv", "fest"),
    L("6", "PARTICIPATES_IN", "hanoi", "week"),
    L("7", "PART_OF", "week", "plan"),
    L("8", "PART_OF", "task", "week"),
    L("9", "MEMBER_OF", "minh", "week"),
    L("10", "MEMBER_OF", "lan", "week"),
    L("11", "HOSTS", "zone9", "fest"),
    L("12", "PARTNERS_WITH", "hanoi", "dept"),
)


def test_candidates_two_hops_away_ranked_by_the_combined_score():
    found = suggestions(NETWORK, "dept")
    # hanoi is already a partner, plan and task are skipped
    assert [suggestion.key for suggestion in found] == ["uni", "tv", "zone9", "lan", "minh"]
    assert found[0] == Suggestion(
        key="uni",
        kind="AGENCY",
        score=1.0,
        jaccard=0.666666666667,
        adamic_adar=pytest.approx(1 / math.log(4) + 1 / math.log(7)),  # fest has 4 neighbours, week 7
        common=["fest", "week"],
        factors=["met at 1 event: FEST", "shares 1 neighbour: WEEK"],
        reason="met at 1 event: FEST; shares 1 neighbour: WEEK",
    )


def test_the_scores_are_networkx_jaccard_and_adamic_adar_on_the_projection():
    # given
    simple = simple_projection(NETWORK)
    found = suggestions(NETWORK, "dept")
    pairs = [("dept", suggestion.key) for suggestion in found]
    # then
    assert [suggestion.jaccard for suggestion in found] == pytest.approx([score for *_pair, score in nx.jaccard_coefficient(simple, pairs)])
    assert [suggestion.adamic_adar for suggestion in found] == pytest.approx(
        [score for *_pair, score in nx.adamic_adar_index(simple, pairs)]
    )


def test_top_cuts_the_list_and_ties_are_ordered_by_key():
    # when
    found = suggestions(NETWORK, "dept", top=4)
    # then tv and zone9 share only fest with dept: same scores, key order
    assert [suggestion.key for suggestion in found] == ["uni", "tv", "zone9", "lan"]
    assert (found[1].score, found[1].common) == (found[2].score, found[2].common) == (found[1].score, ["fest"])


def test_a_neighbour_with_nothing_else_is_the_best_match():
    # minh's only neighbour is week: lan (only week too) matches best, dept (three neighbours) least
    found = suggestions(NETWORK, "minh")
    assert [(suggestion.key, suggestion.score) for suggestion in found] == [
        ("lan", 1.0),
        ("hanoi", 0.75),
        ("uni", 0.75),
        ("dept", 0.666666666667),
    ]


def test_the_reason_names_a_few_shared_neighbours():
    graph = network(
        {"a": "AGENCY", "b": "AGENCY", **{f"i{n}": "INITIATIVE" for n in range(5)}},
        *(L(f"a{n}", "RESPONSIBLE_FOR", "a", f"i{n}") for n in range(5)),
        *(L(f"b{n}", "SUPPORTS", "b", f"i{n}") for n in range(5)),
    )
    assert suggestions(graph, "a")[0].reason == "shares 5 neighbours: I0, I1, I2 and 2 more"


def test_no_suggestions_unknown_nodes_and_bad_top():
    assert suggestions(network({"alone": "DESIGNER"}), "alone") == []
    with pytest.raises(KeyError):
        suggestions(NETWORK, "ghost")
    with pytest.raises(ValueError):
        suggestions(NETWORK, "dept", top=0)


ASIA, SEA = "Asia and the Pacific", "South-eastern Asia"


def city(key: str, field: str | None, region: str | None = None, subregion: str | None = None) -> N:
    return N(key, "CITY", key.upper(), creative_field=field, region=region, subregion=subregion)


# hanoi (Design, South-eastern Asia) partners with braga and met lyon at a forum; braga partners
# with bologna too; the other cities are alike only in field or place, or not at all
NETWORK_OF_CITIES = build_graph(
    [
        city("hanoi", "DESIGN", ASIA, SEA),
        city("bangkok", "DESIGN", ASIA, SEA),
        city("kobe", "DESIGN", ASIA, "Eastern Asia"),
        city("phuket", "GASTRONOMY", ASIA, SEA),
        city("graz", "DESIGN", "Europe and North America", "Western Europe"),
        city("braga", "MEDIA_ARTS", "Europe and North America", "Southern Europe"),
        city("bologna", "MUSIC", "Europe and North America", "Southern Europe"),
        city("lyon", "LITERATURE", "Europe and North America", "Western Europe"),
        city("nowhere", None),
        N("forum", "EVENT", "Forum"),
    ],
    [
        L("p1", "PARTNERS_WITH", "hanoi", "braga"),
        L("p2", "PARTNERS_WITH", "bologna", "braga"),
        L("e1", "PARTICIPATES_IN", "hanoi", "forum"),
        L("e2", "PARTICIPATES_IN", "lyon", "forum"),
    ],
)


def test_a_city_of_the_same_field_and_subregion_comes_first_and_says_so():
    # when
    found = suggestions(NETWORK_OF_CITIES, "hanoi")
    # then
    assert [(s.key, s.score) for s in found] == [
        ("bangkok", 2.0),  # field 1 + subregion 1
        ("kobe", 1.5),  # field 1 + region 0.5
        ("bologna", 1.0),  # a partner's partner
        ("graz", 1.0),  # field only
        ("lyon", 1.0),  # met at the forum
        ("phuket", 1.0),  # subregion only
    ]
    assert found[0].factors == ["also a City of Design", "also in South-eastern Asia"]
    assert found[0].reason == "also a City of Design; also in South-eastern Asia"
    assert (found[0].jaccard, found[0].adamic_adar, found[0].common) == (0.0, 0.0, [])
    assert found[1].factors == ["also a City of Design", "also in Asia and the Pacific"]


def test_shared_events_and_partners_are_named():
    found = {s.key: s for s in suggestions(NETWORK_OF_CITIES, "hanoi")}
    assert found["bologna"].factors == ["both partner with BRAGA"]
    assert found["lyon"].factors == ["met at 1 event: Forum"]
    assert found["lyon"].common == ["forum"]


def test_cities_already_linked_or_with_nothing_in_common_are_not_suggested():
    found = {s.key for s in suggestions(NETWORK_OF_CITIES, "hanoi")}
    assert not found & {"hanoi", "braga", "forum", "nowhere"}


def test_a_city_with_no_field_or_region_gets_only_network_suggestions():
    graph = build_graph(
        [city("a", None), city("b", "DESIGN", ASIA, SEA), city("c", None), N("x", "EVENT", "X")],
        [L("1", "PARTICIPATES_IN", "a", "x"), L("2", "PARTICIPATES_IN", "c", "x")],
    )
    assert [(s.key, s.reason) for s in suggestions(graph, "a")] == [("c", "met at 1 event: X")]


def test_field_and_place_weigh_only_between_cities():
    # given an agency that shares an event with a city of design
    graph = build_graph(
        [N("dept", "AGENCY", "Dept"), city("hanoi", "DESIGN", ASIA, SEA), city("bangkok", "DESIGN", ASIA, SEA), N("x", "EVENT", "X")],
        [L("1", "PARTICIPATES_IN", "dept", "x"), L("2", "PARTICIPATES_IN", "bangkok", "x")],
    )
    # then only the shared event counts
    assert [(s.key, s.score, s.factors) for s in suggestions(graph, "dept")] == [("bangkok", 1.0, ["met at 1 event: X"])]
