"""Who answers for an initiative (by role, with parent agencies) and across a plan."""

from __future__ import annotations

import pytest

from graph.build import LinkRecord as L
from graph.responsibility import ResponsibleAgency, responsibility, responsibility_matrix
from tests.graph.tiny import network

NETWORK = network(
    {
        "plan": "PLAN",
        "other_plan": "PLAN",
        "week": "INITIATIVE",
        "fest": "INITIATIVE",
        "idle": "INITIATIVE",
        "report": "TASK",
        "plan_task": "TASK",
        "opening": "EVENT",
        "city": "AGENCY",
        "ministry": "AGENCY",
        "dept": "AGENCY",
        "district": "AGENCY",
        "tv": "AGENCY",
        "zone9": "CREATIVE_SPACE",
    },
    L("p1", "PART_OF", "week", "plan"),
    L("p2", "PART_OF", "fest", "plan"),
    L("p3", "PART_OF", "idle", "plan"),
    L("p4", "PART_OF", "report", "week"),
    L("p5", "PART_OF", "opening", "week"),
    L("p6", "PART_OF", "plan_task", "plan"),
    L("p7", "PART_OF", "dept", "city"),
    L("p8", "PART_OF", "city", "ministry"),
    L("p9", "PART_OF", "district", "city"),
    L("r1", "RESPONSIBLE_FOR", "dept", "week", role="LEAD"),
    L("r2", "RESPONSIBLE_FOR", "dept", "report", role="LEAD"),
    L("r3", "RESPONSIBLE_FOR", "district", "opening", role="SUPPORT"),
    L("r4", "RESPONSIBLE_FOR", "city", "week", role="DIRECT"),
    L("r5", "RESPONSIBLE_FOR", "tv", "opening", role="BROADCAST"),
    L("r6", "RESPONSIBLE_FOR", "tv", "week"),
    L("r7", "RESPONSIBLE_FOR", "district", "week", role="CO_LEAD"),
    L("r8", "RESPONSIBLE_FOR", "ministry", "plan_task", role="LEAD"),
    L("r9", "RESPONSIBLE_FOR", "dept", "fest", role="SUPPORT"),
    L("r10", "RESPONSIBLE_FOR", "tv", "fest", role="SUPPORT"),
    L("h1", "HOSTS", "zone9", "opening"),
)


def test_agencies_are_grouped_by_role_in_role_order_with_their_items_and_parents():
    # when
    result = responsibility(NETWORK, "week")
    # then
    assert result.initiative == "week"
    assert list(result.roles) == ["LEAD", "CO_LEAD", "SUPPORT", "DIRECT", "BROADCAST", None]
    assert result.roles["LEAD"] == [
        ResponsibleAgency("dept", items=["report", "week"], links=["r1", "r2"], parents=["city", "ministry"])
    ]
    assert result.roles["CO_LEAD"] == [ResponsibleAgency("district", ["week"], ["r7"], ["city", "ministry"])]
    assert result.roles["SUPPORT"] == [ResponsibleAgency("district", ["opening"], ["r3"], ["city", "ministry"])]
    assert result.roles["DIRECT"] == [ResponsibleAgency("city", ["week"], ["r4"], ["ministry"])]
    assert result.roles["BROADCAST"] == [ResponsibleAgency("tv", ["opening"], ["r5"], [])]
    assert result.roles[None] == [ResponsibleAgency("tv", ["week"], ["r6"], [])]


def test_an_initiative_nobody_answers_for_has_no_roles():
    assert responsibility(NETWORK, "idle").roles == {}


def test_parent_chains_stop_at_a_cycle_and_follow_the_smallest_parent():
    # given a → b → c → a, and a second parent z of a
    graph = network(
        {"i": "INITIATIVE", "a": "AGENCY", "b": "AGENCY", "c": "AGENCY", "z": "AGENCY"},
        L("r", "RESPONSIBLE_FOR", "a", "i", role="LEAD"),
        L("1", "PART_OF", "a", "b"),
        L("2", "PART_OF", "b", "c"),
        L("3", "PART_OF", "c", "a"),
        L("4", "PART_OF", "a", "z"),
    )
    assert responsibility(graph, "i").roles["LEAD"][0].parents == ["b", "c"]


def test_responsibility_refuses_unknown_nodes_and_other_kinds():
    with pytest.raises(KeyError):
        responsibility(NETWORK, "ghost")
    with pytest.raises(ValueError, match="is of kind TASK, expected INITIATIVE"):
        responsibility(NETWORK, "report")


def test_the_matrix_has_the_plans_initiatives_as_columns_and_roles_in_cells():
    # when
    matrix = responsibility_matrix(NETWORK, "plan")
    # then plan_task (PART_OF the plan directly) is no column, and the ministry holds no cell
    assert matrix.plan == "plan"
    assert matrix.initiatives == ["fest", "idle", "week"]
    assert matrix.agencies == ["city", "dept", "district", "tv"]
    assert matrix.cells == {
        "city": {"week": ["DIRECT"]},
        "dept": {"fest": ["SUPPORT"], "week": ["LEAD"]},
        "district": {"week": ["CO_LEAD", "SUPPORT"]},
        "tv": {"fest": ["SUPPORT"], "week": ["BROADCAST", None]},
    }


def test_the_matrix_of_an_empty_plan_and_wrong_kinds():
    assert responsibility_matrix(NETWORK, "other_plan").cells == {}
    with pytest.raises(ValueError):
        responsibility_matrix(NETWORK, "week")
    with pytest.raises(KeyError):
        responsibility_matrix(NETWORK, "ghost")
