"""Who answers for an initiative (by role, with parent agencies) and across a plan."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from graph.build import LinkRecord as L
from graph.build import NodeRecord as N
from graph.build import build_graph
from graph.responsibility import MatrixCell, ResponsibleAgency, assignments, parts, responsibility, responsibility_matrix
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
    assert unexplained(result.roles["LEAD"]) == [
        ResponsibleAgency("dept", items=["report", "week"], links=["r1", "r2"], parents=["city", "ministry"])
    ]
    assert unexplained(result.roles["CO_LEAD"]) == [ResponsibleAgency("district", ["week"], ["r7"], ["city", "ministry"])]
    assert unexplained(result.roles["SUPPORT"]) == [ResponsibleAgency("district", ["opening"], ["r3"], ["city", "ministry"])]
    assert unexplained(result.roles["DIRECT"]) == [ResponsibleAgency("city", ["week"], ["r4"], ["ministry"])]
    assert unexplained(result.roles["BROADCAST"]) == [ResponsibleAgency("tv", ["opening"], ["r5"], [])]
    assert unexplained(result.roles[None]) == [ResponsibleAgency("tv", ["week"], ["r6"], [])]


def unexplained(agencies: list[ResponsibleAgency]) -> list[ResponsibleAgency]:
    return [replace(agency, reason="") for agency in agencies]


def test_each_agency_says_where_its_role_was_found():
    result = responsibility(NETWORK, "week")
    assert [agency.reason for agency in result.roles["LEAD"]] == ["leads the initiative itself and REPORT"]
    assert [agency.reason for agency in result.roles["SUPPORT"]] == ["supports OPENING"]
    assert [agency.reason for agency in result.roles[None]] == ["answers for the initiative itself"]


# A festival: editions (one finished, one to come) PART_OF it, a task PART_OF the finished edition.
FESTIVAL = build_graph(
    [
        N("fest", "INITIATIVE", "Festival"),
        N("ed2023", "EVENT", "Festival 2023", starts=date(2023, 11, 17), ends=date(2023, 11, 26)),
        N("report", "TASK", "Report 2023"),
        N("ed2026", "EVENT", "Festival 2026", starts=date(2026, 11, 1)),
        N("dept", "AGENCY", "Dept"),
        N("city", "AGENCY", "City"),
    ],
    [
        L("p1", "PART_OF", "ed2023", "fest", since=date(2023, 11, 17), until=date(2023, 11, 26)),
        L("p2", "PART_OF", "report", "ed2023"),
        L("p3", "PART_OF", "ed2026", "fest"),
        L("r1", "RESPONSIBLE_FOR", "dept", "ed2023", role="LEAD", since=date(2023, 11, 17), until=date(2023, 11, 26)),
        L("r2", "RESPONSIBLE_FOR", "city", "ed2026", role="DIRECT"),
        L("r3", "RESPONSIBLE_FOR", "dept", "report", role="CO_LEAD", until=date(2023, 12, 31)),
    ],
)


def test_responsibility_rolls_up_along_part_of_transitively():
    # when asked without a day, everything on record counts
    result = responsibility(FESTIVAL, "fest")
    # then the task PART_OF an edition counts for the festival too
    assert parts(FESTIVAL, "fest") == ["ed2023", "ed2026", "report"]
    assert [(role, [a.agency for a in agencies]) for role, agencies in result.roles.items()] == [
        ("LEAD", ["dept"]),
        ("CO_LEAD", ["dept"]),
        ("DIRECT", ["city"]),
    ]
    assert result.roles["CO_LEAD"][0].reason == "co-leads Report 2023"


def test_a_finished_part_keeps_the_lead_it_had_on_its_last_day():
    # given a day after the 2023 edition ended, before the 2026 edition begins
    day = date(2025, 1, 1)
    # when
    found = assignments(FESTIVAL, "fest", as_of=day)
    # then the 2023 edition is judged on 2023-11-26; its task has no end, so its link that ended no longer counts;
    # the 2026 edition has not begun
    assert parts(FESTIVAL, "fest", as_of=day) == ["ed2023", "report"]
    assert [(a.agency, a.role, a.item) for a in found] == [("dept", "LEAD", "ed2023")]


def test_parts_not_yet_begun_and_links_not_yet_in_force_do_not_count():
    assert parts(FESTIVAL, "fest", as_of=date(2023, 1, 1)) == []
    assert [a.item for a in assignments(FESTIVAL, "fest", as_of=date(2026, 11, 2))] == ["ed2023", "ed2026"]


def test_the_matrix_judges_the_day_too():
    matrix = responsibility_matrix(
        build_graph(
            [N("plan", "PLAN", "P"), N("fest", "INITIATIVE", "F"), N("dept", "AGENCY", "D")],
            [L("p", "PART_OF", "fest", "plan"), L("r", "RESPONSIBLE_FOR", "dept", "fest", role="LEAD", since=date(2024, 1, 1))],
        ),
        "plan",
        as_of=date(2023, 1, 1),
    )
    assert (matrix.initiatives, matrix.cells) == (["fest"], {})


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
        "city": {"week": MatrixCell(["DIRECT"], ["week"])},
        "dept": {"fest": MatrixCell(["SUPPORT"], ["fest"]), "week": MatrixCell(["LEAD"], ["report", "week"])},
        "district": {"week": MatrixCell(["CO_LEAD", "SUPPORT"], ["opening", "week"])},
        "tv": {"fest": MatrixCell(["SUPPORT"], ["fest"]), "week": MatrixCell(["BROADCAST", None], ["opening", "week"])},
    }


def test_the_matrix_of_an_empty_plan_and_wrong_kinds():
    assert responsibility_matrix(NETWORK, "other_plan").cells == {}
    with pytest.raises(ValueError):
        responsibility_matrix(NETWORK, "week")
    with pytest.raises(KeyError):
        responsibility_matrix(NETWORK, "ghost")
