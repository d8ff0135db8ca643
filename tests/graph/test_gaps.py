"""Gaps: missing leads, stale reporting, isolated actors, single points of failure, overload."""

from __future__ import annotations

from datetime import date

from graph.build import LinkRecord as L
from graph.gaps import Gap, gaps
from tests.graph.tiny import network

DAY = date(2024, 6, 30)  # the cutoff for 120 days is 2024-03-02


def test_initiatives_and_tasks_without_a_valid_direct_lead():
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
    # then events need no lead, and a lead on a task is not a lead on its initiative
    assert found.no_lead == [
        Gap("co_led", "no agency has the LEAD role (responsible: DEPT as CO_LEAD, TV as no role)"),
        Gap("old_lead", "no agency has the LEAD role"),
        Gap("orphan", "no agency has the LEAD role"),
        Gap("via_task", "no agency has the LEAD role"),
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


def test_spaces_and_designers_with_no_valid_links_are_isolated():
    graph = network(
        {"space": "CREATIVE_SPACE", "lapsed": "DESIGNER", "active": "DESIGNER", "agency": "AGENCY", "i": "INITIATIVE"},
        L("1", "MEMBER_OF", "lapsed", "i", until=date(2023, 1, 1)),
        L("2", "MEMBER_OF", "active", "i"),
    )
    assert gaps(graph, as_of=DAY).isolated == [
        Gap("lapsed", "designer with no links"),
        Gap("space", "creative space with no links"),
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
    assert gaps(graph, as_of=DAY).single_points_of_failure == [
        Gap("dept", "removing it splits its part of the network into 3 pieces")
    ]


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
    assert found.no_lead == found.stale_assignments == found.isolated == []
    assert found.single_points_of_failure == found.overloaded == []
