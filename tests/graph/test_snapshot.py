"""The per-process cached graph: advanced in place by data version, safe to replay."""

from __future__ import annotations

import threading
from datetime import date

from graph.build import LinkRecord as L
from graph.build import NodeRecord as N
from graph.snapshot import GraphSnapshot

PAIR = [N("a", "AGENCY", "A"), N("b", "AGENCY", "B")]


def test_build_reflects_the_records_and_version():
    snapshot = GraphSnapshot.build(PAIR, [L("l1", "PART_OF", "a", "b")], version=3)
    assert (snapshot.version, sorted(snapshot.graph), snapshot.graph.number_of_edges()) == (3, ["a", "b"], 1)


def test_advance_applies_the_change_in_place_and_moves_the_version():
    # given
    snapshot = GraphSnapshot.build([N("a", "AGENCY", "A")], [], version=1)
    graph = snapshot.graph
    # when
    applied = snapshot.advance(2, upsert_nodes=[N("c", "CITY", "C")], upsert_links=[L("l1", "PARTNERS_WITH", "a", "c")])
    # then
    assert applied is True
    assert snapshot.version == 2
    assert snapshot.graph is graph
    assert sorted(graph.edges(keys=True)) == [("a", "c", "l1")]


def test_advance_may_skip_versions_and_removes_too():
    snapshot = GraphSnapshot.build(PAIR, [L("l1", "PART_OF", "a", "b")], version=1)
    assert snapshot.advance(5, remove_links=["l1"], remove_nodes=["b"]) is True
    assert (snapshot.version, sorted(snapshot.graph), snapshot.graph.number_of_edges()) == (5, ["a"], 0)


def test_a_replayed_or_older_version_is_ignored():
    snapshot = GraphSnapshot.build([N("a", "AGENCY", "A")], [], version=4)
    assert snapshot.advance(4, remove_nodes=["a"]) is False
    assert snapshot.advance(3, remove_nodes=["a"]) is False
    assert (snapshot.version, sorted(snapshot.graph)) == (4, ["a"])


def test_advance_waits_for_a_reader_holding_the_lock():
    # given a reader on another thread holding the lock
    snapshot = GraphSnapshot.build([N("a", "AGENCY", "A")], [], version=1)
    writer = threading.Thread(target=snapshot.advance, args=(2,), kwargs={"remove_nodes": ["a"]})
    with snapshot.lock:
        writer.start()
        writer.join(timeout=0.2)
        # then the write has not happened while the reader reads
        assert (snapshot.version, sorted(snapshot.graph)) == (1, ["a"])
    writer.join()
    assert (snapshot.version, sorted(snapshot.graph)) == (2, [])


def test_a_frozen_copy_stays_as_it_was_while_the_snapshot_advances():
    # given a copy taken at version 1
    snapshot = GraphSnapshot.build(PAIR, [L("l1", "PART_OF", "a", "b")], version=1)
    copy = snapshot.frozen()
    # when the snapshot removes the link and adds a node
    snapshot.advance(2, remove_links=["l1"], upsert_nodes=[N("c", "CITY", "C")])
    # then the copy still has the link, its ends and its version
    assert (copy.version, sorted(copy.graph), list(copy.graph.edges(keys=True))) == (1, ["a", "b"], [("a", "b", "l1")])
    assert copy.graph.graph["link_ends"] == {"l1": ("a", "b")}
    assert (snapshot.version, sorted(snapshot.graph), snapshot.graph.number_of_edges()) == (2, ["a", "b", "c"], 0)


def test_a_frozen_copy_waits_for_an_advance_under_way():
    # given a writer holding the lock
    snapshot = GraphSnapshot.build([N("a", "AGENCY", "A")], [], version=1)
    copies = []
    reader = threading.Thread(target=lambda: copies.append(snapshot.frozen()))
    with snapshot.lock:
        reader.start()
        reader.join(timeout=0.2)
        assert copies == []
        snapshot.advance(2, remove_nodes=["a"])
    # then the copy is taken after the write, whole
    reader.join()
    assert (copies[0].version, sorted(copies[0].graph)) == (2, [])


def test_ask_answers_a_named_question_on_the_graph_as_of_a_day():
    snapshot = GraphSnapshot.build(PAIR, [L("l1", "PART_OF", "a", "b", until=date(2020, 12, 31))], version=1)
    assert snapshot.ask("stats", None, {}).links == 1
    assert snapshot.ask("stats", date(2024, 1, 1), {}).links == 0
    assert snapshot.ask("path", date(2024, 1, 1), {"source": "a", "target": "b", "max_hops": 3}) is None


def test_questions_that_judge_the_day_see_the_whole_graph_and_exports_show_one_day():
    # given an agency that led an event which has ended
    snapshot = GraphSnapshot.build(
        [N("a", "AGENCY", "A"), N("i", "INITIATIVE", "I"), N("e", "EVENT", "E", starts=date(2023, 11, 18), ends=date(2023, 11, 18))],
        [L("p", "PART_OF", "e", "i"), L("r", "RESPONSIBLE_FOR", "a", "e", role="LEAD", until=date(2023, 11, 18))],
        version=1,
    )
    # when / then the lead still counts a year later, while the event is no longer in the day's view
    assert list(snapshot.ask("responsibility", date(2024, 11, 18), {"initiative": "i"}).roles) == ["LEAD"]
    assert snapshot.ask("gaps", date(2024, 11, 18), {}).no_lead == []
    assert '"id": "e"' not in snapshot.export("json", date(2024, 11, 18)).decode()
    assert '"id": "e"' in snapshot.export("json").decode()
