"""Gaps: missing leads, stale reporting, isolated actors, single points of failure, overload."""

from __future__ import annotations

from datetime import date

from graph.build import LinkRecord as L
from graph.build import NodeRecord as N
from graph.build import build_graph
from graph.gaps import CutPoint, Dormant, Gap, gaps
from tests.graph.tiny import network

DAY = date(2024, 6, 30)  # the cutoff for 120 days is 2024-03-02


def test_initiatives_and_tasks_with_no_lead_on_them_or_below_them():
    # given
    graph = network(
        {
            "led": "INITIATIVE",
            "co_led": "INITIATIVE",
            "orphan": "INITIATIVE",
            "old_lead": "TASK",
            "via_task": "INITIATIVE",
            "task": "TASK",
            "dept": "AGENCY",
            "tv": "AGENCY",
            "event": "EVENT",
        },
        L("1", "RESPONSIBLE_FOR", "dept", "led", role="LEAD"),
        L("2", "RESPONSIBLE_FOR", "dept", "co_led", role="CO_LEAD"),
        L("3", "RESPONSIBLE_FOR", "tv", "co_led"),
        L("4", "RESPONSIBLE_FOR", "dept", "old_lead", role="LEAD", until=date(2023, 12, 31)),
        L("5", "PART_OF", "task", "via_task"),
        L("6", "RESPONSIBLE_FOR", "dept", "task", role="LEAD"),
    )
    # when
    found = gaps(graph, as_of=DAY)
    # then events need no lead, a lead that ended while its task goes on is none, and a lead on a task leads its initiative
    assert found.no_lead == [
        Gap("co_led", "no lead agency on it (responsible: DEPT co-leads it, TV answers for it)"),
        Gap("old_lead", "no lead agency on it"),
        Gap("orphan", "no lead agency on it"),
    ]


def test_no_lead_says_what_was_looked_at_and_counts_direct_and_finished_leads():
    # given an initiative whose parts hold only co-leads, and one led through an edition that has ended
    graph = build_graph(
        [
            N("spaces", "INITIATIVE", "Spaces"),
            N("contest", "EVENT", "Contest"),
            N("launch", "EVENT", "Launch"),
            N("survey", "TASK", "Survey"),
            N("forum", "INITIATIVE", "Forum"),
            N("forum2023", "EVENT", "Forum 2023", starts=date(2023, 11, 18), ends=date(2023, 11, 18)),
            N("later", "INITIATIVE", "Later", starts=date(2025, 1, 1)),
            N("dept", "AGENCY", "Dept"),
        ],
        [
            L("1", "PART_OF", "contest", "spaces"),
            L("2", "PART_OF", "launch", "spaces"),
            L("3", "PART_OF", "survey", "contest"),
            L("4", "RESPONSIBLE_FOR", "dept", "contest", role="CO_LEAD"),
            L("5", "PART_OF", "forum2023", "forum", since=date(2023, 11, 18), until=date(2023, 11, 18)),
            L("6", "RESPONSIBLE_FOR", "dept", "forum2023", role="LEAD", since=date(2023, 11, 18), until=date(2023, 11, 18)),
        ],
    )
    # when
    found = gaps(graph, as_of=DAY)
    # then the forum is led through its finished edition, and what does not exist yet is not judged
    assert found.no_lead == [
        Gap("spaces", "no lead agency on it or on its 2 events and 1 task (responsible: Dept co-leads Contest)"),
        Gap("survey", "no lead agency on it"),
    ]


def test_assignments_without_a_recent_report():
    # given
    graph = network(
        {"dept": "AGENCY", "i": "INITIATIVE", "j": "INITIATIVE"},
        L("fresh", "RESPONSIBLE_FOR", "dept", "i", role="LEAD"),
        L("old", "RESPONSIBLE_FOR", "dept", "j", role="LEAD"),
        L("never", "RESPONSIBLE_FOR", "dept", "i", role="SUPPORT", since=date(2024, 1, 1)),
        L("new", "RESPONSIBLE_FOR", "dept", "j", role="SUPPORT", since=date(2024, 5, 1)),
        L("ended", "RESPONSIBLE_FOR", "dept", "j", role="DIRECT", until=date(2024, 1, 1)),
        L("edge", "RESPONSIBLE_FOR", "dept", "j", role="COORDINATE"),
        L("other", "SUPPORTS", "dept", "i"),
    )
    reports = {"fresh": date(2024, 6, 1), "old": date(2023, 11, 5), "edge": date(2024, 3, 2)}
    # when
    found = gaps(graph, as_of=DAY, last_reports=reports)
    # then
    assert found.stale_assignments == [
        Gap("never", "DEPT has not reported on I since 2024-03-02 (no report yet)"),
        Gap("old", "DEPT has not reported on J since 2024-03-02 (last report 2023-11-05)"),
    ]
    assert [gap.key for gap in gaps(graph, as_of=DAY, last_reports=reports, stale_after_days=30).stale_assignments] == [
        "edge",
        "never",
        "new",
        "old",
    ]
    assert gaps(graph, as_of=DAY).stale_assignments == []


def test_spaces_and_designers_with_no_links_are_isolated_and_those_whose_links_ended_dormant():
    # given a designer whose membership ended, a venue of a finished event, a space linked only from next year
    graph = build_graph(
        [
            N("space", "CREATIVE_SPACE", "Space"),
            N("venue", "CREATIVE_SPACE", "Venue"),
            N("soon", "CREATIVE_SPACE", "Soon"),
            N("lapsed", "DESIGNER", "Lapsed"),
            N("active", "DESIGNER", "Active"),
            N("i", "INITIATIVE", "I"),
            N("fest", "EVENT", "Fest", starts=date(2023, 11, 17), ends=date(2023, 11, 26)),
        ],
        [
            L("1", "MEMBER_OF", "lapsed", "i", until=date(2023, 1, 1)),
            L("2", "MEMBER_OF", "active", "i"),
            L("3", "HOSTS", "venue", "fest"),
            L("4", "HOSTS", "venue", "fest", until=date(2023, 11, 20)),
            L("5", "HOSTS", "soon", "i", since=date(2025, 1, 1)),
        ],
    )
    # when
    found = gaps(graph, as_of=DAY)
    # then an undated link ends with the event it points at
    assert found.isolated == [Gap("soon", "creative space with no links"), Gap("space", "creative space with no links")]
    assert found.dormant == [
        Dormant("lapsed", "designer whose links ended: 1 link, the last on 2023-01-01", date(2023, 1, 1)),
        Dormant("venue", "creative space whose links ended: 2 links, the last on 2023-11-26", date(2023, 11, 26)),
    ]


def test_agencies_holding_the_network_together_are_single_points_of_failure():
    # given dept joins three parts; initiative i is also a cut node, but not an agency
    graph = network(
        {"dept": "AGENCY", "i": "INITIATIVE", "j": "INITIATIVE", "city": "CITY", "tv": "AGENCY", "uni": "AGENCY"},
        L("1", "RESPONSIBLE_FOR", "dept", "i"),
        L("2", "RESPONSIBLE_FOR", "dept", "j"),
        L("3", "PARTNERS_WITH", "city", "dept"),
        L("4", "SUPPORTS", "tv", "i"),
        L("5", "SUPPORTS", "uni", "j"),
        L("6", "PARTICIPATES_IN", "uni", "j"),
    )
    # then without dept, {i, tv} and {j, uni} are equally large: the one holding the smallest key stays
    assert gaps(graph, as_of=DAY).single_points_of_failure == [
        CutPoint("dept", "its loss would cut off 3 nodes from the rest of the network", ["city", "j", "uni"])
    ]


def test_single_points_of_failure_come_most_cutting_first():
    # given a chain of agencies a - b - c - d - e with a spur x on b
    graph = network(
        {key: "AGENCY" for key in "abcdex"},
        L("1", "PARTNERS_WITH", "a", "b"),
        L("2", "PARTNERS_WITH", "b", "c"),
        L("3", "PARTNERS_WITH", "c", "d"),
        L("4", "PARTNERS_WITH", "d", "e"),
        L("5", "PARTNERS_WITH", "x", "b"),
    )
    # when
    found = gaps(graph, as_of=DAY).single_points_of_failure
    # then c leaves {a, b, x} against {d, e}; b leaves {c, d, e} against {a} and {x}
    assert [(point.key, point.cut_off) for point in found] == [("b", ["a", "x"]), ("c", ["d", "e"]), ("d", ["e"])]
    assert found[2].reason == "its loss would cut off 1 node from the rest of the network"


def test_agencies_with_more_assignments_than_the_threshold_are_overloaded():
    graph = network(
        {"busy": "AGENCY", "calm": "AGENCY", "a": "INITIATIVE", "b": "INITIATIVE", "c": "TASK"},
        L("1", "RESPONSIBLE_FOR", "busy", "a"),
        L("2", "RESPONSIBLE_FOR", "busy", "b"),
        L("3", "RESPONSIBLE_FOR", "busy", "c"),
        L("4", "RESPONSIBLE_FOR", "calm", "a"),
        L("5", "RESPONSIBLE_FOR", "calm", "b"),
        L("6", "RESPONSIBLE_FOR", "calm", "c", until=date(2020, 1, 1)),
    )
    found = gaps(graph, as_of=DAY, overload_threshold=2)
    assert found.overloaded == [Gap("busy", "holds 3 assignments (threshold 2)")]
    assert gaps(graph, as_of=DAY).overloaded == []


def test_an_empty_network_has_no_gaps():
    found = gaps(network({}), as_of=DAY, last_reports={})
    assert found.as_of == DAY
    assert found.no_lead == found.stale_assignments == found.isolated == found.dormant == []
    assert found.single_points_of_failure == found.overloaded == []
