"""Collaborators: actors sharing initiatives or events, and declared partners."""

from __future__ import annotations

import pytest

from graph.build import LinkRecord as L
from graph.collaboration import Collaborator, collaborators
from tests.graph.tiny import network

NETWORK = network(
    {
        "dept": "AGENCY",
        "uni": "AGENCY",
        "zone9": "CREATIVE_SPACE",
        "minh": "DESIGNER",
        "bologna": "CITY",
        "fest": "EVENT",
        "week": "INITIATIVE",
        "plan": "PLAN",
        "task": "TASK",
    },
    L("1", "RESPONSIBLE_FOR", "dept", "fest", role="LEAD"),
    L("2", "RESPONSIBLE_FOR", "dept", "week", role="LEAD"),
    L("3", "SUPPORTS", "uni", "fest", role="PARTNER"),
    L("4", "PARTICIPATES_IN", "uni", "week"),
    L("5", "HOSTS", "zone9", "fest"),
    L("6", "MEMBER_OF", "minh", "week"),
    L("7", "PARTNERS_WITH", "bologna", "dept"),
    L("8", "PARTICIPATES_IN", "bologna", "week"),
    L("9", "RESPONSIBLE_FOR", "uni", "task"),
    L("10", "RESPONSIBLE_FOR", "dept", "task"),
    L("11", "OPERATES", "dept", "zone9"),
    L("12", "PART_OF", "week", "plan"),
    L("13", "MEMBER_OF", "minh", "uni"),
)


def test_collaborators_are_weighted_by_shared_items_plus_partnership_and_sorted():
    assert collaborators(NETWORK, "dept") == [
        Collaborator("bologna", "CITY", weight=2, shared=["week"], partner=True),
        Collaborator("uni", "AGENCY", weight=2, shared=["fest", "week"], partner=False),
        Collaborator("minh", "DESIGNER", weight=1, shared=["week"], partner=False),
        Collaborator("zone9", "CREATIVE_SPACE", weight=1, shared=["fest"], partner=False),
    ]


def test_tasks_agencies_and_operating_links_are_not_shared_items():
    # the university shares the task with dept and has minh as a member: neither counts
    assert [(found.key, found.shared) for found in collaborators(NETWORK, "minh")] == [
        ("bologna", ["week"]),
        ("dept", ["week"]),
        ("uni", ["week"]),
    ]


def test_partnership_counts_from_either_end():
    first = collaborators(NETWORK, "bologna")[0]
    assert first == Collaborator("dept", "AGENCY", weight=2, shared=["week"], partner=True)


def test_nodes_with_no_collaborators_and_unknown_nodes():
    assert collaborators(NETWORK, "plan") == []
    with pytest.raises(KeyError):
        collaborators(NETWORK, "ghost")
