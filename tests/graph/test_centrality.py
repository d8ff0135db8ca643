"""Centrality rankings: scores, ranks, kinds, sampling and the eigenvector fallback."""

from __future__ import annotations

import networkx as nx
import pytest

from graph import centrality as centrality_module
from graph.build import LinkRecord as L
from graph.build import simple_projection
from graph.centrality import CentralityResult, Ranked, centrality, pagerank
from tests.graph.tiny import network

# a star: agency "hub" responsible for three initiatives, one of them twice
STAR = network(
    {"hub": "AGENCY", "x": "INITIATIVE", "y": "INITIATIVE", "z": "INITIATIVE"},
    L("1", "RESPONSIBLE_FOR", "hub", "x"),
    L("2", "RESPONSIBLE_FOR", "hub", "y"),
    L("3", "RESPONSIBLE_FOR", "hub", "z"),
    L("4", "SUPPORTS", "hub", "z"),
)


def chain(length: int):
    """n0 – n1 – … as agencies linked PART_OF."""
    return network(
        {f"n{index:02}": "AGENCY" for index in range(length)},
        *(L(f"l{index}", "PART_OF", f"n{index:02}", f"n{index + 1:02}") for index in range(length - 1)),
    )


def test_degree_counts_each_linked_pair_once_and_ranks_ties_by_key():
    assert centrality(STAR, "DEGREE") == CentralityResult(
        measure="DEGREE",
        computed="DEGREE",
        sampled=False,
        k=None,
        ranking=[
            Ranked("hub", 1.0, 1),
            Ranked("x", 0.333333333333, 2),
            Ranked("y", 0.333333333333, 3),
            Ranked("z", 0.333333333333, 4),
        ],
    )


def test_top_and_kinds_cut_the_ranking_but_not_the_scores():
    result = centrality(STAR, "BETWEENNESS", kinds=["INITIATIVE"], top=2)
    assert result.ranking == [Ranked("x", 0.0, 1), Ranked("y", 0.0, 2)]
    assert centrality(STAR, "BETWEENNESS", top=1).ranking == [Ranked("hub", 1.0, 1)]


def test_exact_betweenness_up_to_the_threshold():
    result = centrality(chain(5), "BETWEENNESS", top=3, sample_above=5)
    assert (result.sampled, result.k) == (False, None)
    assert result.ranking == [Ranked("n02", 0.666666666667, 1), Ranked("n01", 0.5, 2), Ranked("n03", 0.5, 3)]


def test_betweenness_samples_above_the_threshold_and_says_with_which_k():
    # given 30 nodes and a threshold of 10: k = 10² // 30 = 3
    graph = chain(30)
    # when
    first = centrality(graph, "BETWEENNESS", top=5, sample_above=10, seed=1)
    again = centrality(graph, "BETWEENNESS", top=5, sample_above=10, seed=1)
    # then
    assert (first.sampled, first.k) == (True, 3)
    assert first == again
    assert [ranked.rank for ranked in first.ranking] == [1, 2, 3, 4, 5]


def test_pagerank_matches_the_closed_form_on_a_star():
    # a centre with two leaves: c = 0.05 + 0.85·2l, l = 0.05 + 0.85·c/2
    ranks = pagerank(nx.Graph([("c", "a"), ("c", "b")]))
    centre = 0.135 / 0.2775
    assert ranks["c"] == pytest.approx(centre, abs=1e-8)
    assert ranks["a"] == pytest.approx(0.05 + 0.425 * centre, abs=1e-8)
    assert sum(ranks.values()) == pytest.approx(1.0)


def test_pagerank_spreads_isolated_nodes_rank_and_sums_to_one():
    graph = network({"a": "AGENCY", "b": "AGENCY", "lone": "DESIGNER"}, L("1", "PART_OF", "a", "b"))
    ranks = pagerank(simple_projection(graph))
    assert sum(ranks.values()) == pytest.approx(1.0)
    assert ranks["a"] == pytest.approx(ranks["b"])
    assert centrality(graph, "PAGERANK").ranking[0].key == "a"


def test_eigenvector_on_a_disconnected_graph_does_not_fail():
    # given the star and a separate pair
    graph = network(
        {"hub": "AGENCY", "x": "INITIATIVE", "y": "INITIATIVE", "z": "INITIATIVE", "p": "CITY", "q": "CITY"},
        L("1", "RESPONSIBLE_FOR", "hub", "x"),
        L("2", "RESPONSIBLE_FOR", "hub", "y"),
        L("3", "RESPONSIBLE_FOR", "hub", "z"),
        L("4", "PARTNERS_WITH", "p", "q"),
    )
    # when
    result = centrality(graph, "EIGENVECTOR", top=6)
    # then
    assert result.computed == "EIGENVECTOR"
    assert result.ranking[0].key == "hub"
    assert [ranked.key for ranked in result.ranking[-2:]] == ["p", "q"]


def test_eigenvector_falls_back_to_pagerank_when_it_does_not_converge(monkeypatch):
    # given power iteration that never converges
    def never_converges(*_args, **_kwargs):
        raise nx.PowerIterationFailedConvergence(200)

    monkeypatch.setattr(centrality_module.nx, "eigenvector_centrality", never_converges)
    # when
    result = centrality(STAR, "EIGENVECTOR", top=4)
    # then
    assert (result.measure, result.computed) == ("EIGENVECTOR", "PAGERANK")
    assert result.ranking == centrality(STAR, "PAGERANK", top=4).ranking


def test_an_empty_graph_ranks_nothing():
    empty = network({})
    assert [centrality(empty, measure).ranking for measure in centrality_module.MEASURES] == [[], [], [], []]


@pytest.mark.parametrize("measure", centrality_module.MEASURES)
def test_a_single_node_ranks_first_with_a_float_score(measure):
    ranking = centrality(network({"a": "AGENCY"}), measure).ranking
    assert [(ranked.key, ranked.rank, type(ranked.score)) for ranked in ranking] == [("a", 1, float)]


def test_unknown_measure_and_bad_top_are_refused():
    with pytest.raises(ValueError, match="unknown measure"):
        centrality(STAR, "CLOSENESS")
    with pytest.raises(ValueError):
        centrality(STAR, "DEGREE", top=0)
