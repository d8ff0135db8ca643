"""Costly network questions run off the event loop, one at a time, and their answers are kept per data version."""

from __future__ import annotations

import threading
import time

import httpx
import pytest

from hub.config import Limits
from tests.support import GraphQLClient, HubServer, drop_database, fresh_database, hub_command, issue_token

pytestmark = pytest.mark.slow  # left out of `make test-fast`

FIVE_BETWEENNESS = (
    "{ "
    + " ".join(f"{alias}: network {{ centrality(measure: BETWEENNESS, top: 5) {{ node {{ id }} score rank }} }}" for alias in "abcde")
    + " }"
)
BETWEENNESS = """
query ($kinds: [NodeKind!]) { network { centrality(measure: BETWEENNESS, kinds: $kinds, top: 3) { node { id } score rank } } }
"""
TWO_BETWEENNESS = """
{
  agencies: network { centrality(measure: BETWEENNESS, kinds: [AGENCY], top: 3) { rank } }
  events: network { centrality(measure: BETWEENNESS, kinds: [EVENT], top: 3) { rank } }
}
"""
EVENT_CREATE = 'mutation { eventCreate(input: {nameVi: "Sự kiện mới"}) { event { id } userErrors { code } } }'
HEALTH_BOUND = 0.5  # seconds /healthz may take while a question computes


@pytest.fixture(scope="module")
def synthetic_database(backend, tmp_path_factory):
    """1,000 synthetic nodes loaded through the CLI: exact betweenness takes a second or two."""
    url = fresh_database(backend, tmp_path_factory.mktemp(f"{backend}-synthetic"))
    hub_command(url, "db", "upgrade")
    hub_command(url, "seed", "--synthetic", "1000")
    yield url
    drop_database(url)


@pytest.fixture
def serve(synthetic_database, backend):
    """Start hubs on the synthetic network with the response cache off, so every answer comes from the network questions."""
    started: list[tuple[HubServer, GraphQLClient]] = []

    def start(**settings) -> tuple[HubServer, GraphQLClient]:
        server = HubServer(synthetic_database, backend, response_cache_entries=0, **settings).start()
        started.append((server, GraphQLClient(server.url)))
        return started[-1]

    yield start
    for server, client in started:
        client.close()
        server.stop()


def questions(server: HubServer):
    return server.app.state.network.questions


def timed(ask, *args):
    started = time.perf_counter()
    answer = ask(*args)
    return answer, time.perf_counter() - started


def poll_health(url: str, stop: threading.Event, seen: list[tuple[float, float]]) -> None:
    """GET /healthz every 20 ms until `stop`, noting when each began and how long it took."""
    with httpx.Client(base_url=url, timeout=30) as client:
        while not stop.is_set():
            began = time.perf_counter()
            assert client.get("/healthz").status_code == 200
            seen.append((began, time.perf_counter() - began))
            time.sleep(0.02)


def test_health_is_answered_while_five_betweenness_rankings_compute(serve):
    # given a hub whose graph is built, and /healthz polled from another thread
    server, api = serve()
    api.data("{ network { stats { nodes } } }")
    stop, seen = threading.Event(), []
    poller = threading.Thread(target=poll_health, args=(server.url, stop, seen))
    poller.start()
    # when one request asks for five betweenness rankings
    try:
        began = time.perf_counter()
        found = api.data(FIVE_BETWEENNESS)
        ended = time.perf_counter()
    finally:
        stop.set()
        poller.join()
    # then the question was computed once, for longer than /healthz may take, and /healthz answered quickly all along
    assert questions(server).computed == 2  # the stats, then one ranking shared by the five aliases
    assert ended - began > HEALTH_BOUND
    during = [seconds for start, seconds in seen if began <= start and start + seconds <= ended]
    assert len(during) >= 5
    assert max(seconds for _start, seconds in seen) < HEALTH_BOUND
    rankings = [found[alias]["centrality"] for alias in "abcde"]
    assert all(ranking == rankings[0] for ranking in rankings) and [r["rank"] for r in rankings[0]] == [1, 2, 3, 4, 5]


def test_the_same_question_at_the_same_data_version_is_answered_from_the_kept_result(serve):
    # given a ranking asked once
    server, api = serve()
    first, computing = timed(api.data, BETWEENNESS, {"kinds": ["AGENCY"]})
    computed = questions(server).computed
    # when it is asked again before any write
    again, kept = timed(api.data, BETWEENNESS, {"kinds": ["AGENCY"]})
    # then the kept answer comes back at once, without computing
    assert again == first
    assert questions(server).computed == computed
    assert kept < computing / 5


def test_a_write_makes_the_question_computed_afresh(serve, synthetic_database):
    # given a ranking asked once
    server, api = serve()
    api.data(BETWEENNESS, {"kinds": ["CITY"]})
    computed = questions(server).computed
    # when a write moves the data version on
    staff = GraphQLClient(server.url, issue_token(synthetic_database, "staff", "Offload writer"))
    try:
        assert staff.data(EVENT_CREATE)["eventCreate"]["userErrors"] == []
    finally:
        staff.close()
    found = api.data(BETWEENNESS, {"kinds": ["CITY"]})["network"]["centrality"]
    # then the ranking is computed again
    assert questions(server).computed == computed + 1
    assert [entry["rank"] for entry in found] == [1, 2, 3]


def test_a_question_past_the_timeout_is_refused_while_its_computation_goes_on_and_is_kept(serve):
    # given a hub with a request timeout well under a betweenness ranking's time
    server, api = serve(limits=Limits(request_timeout=0.3))
    api.data("{ network { stats { nodes } } }")
    computed = questions(server).computed
    # when a ranking is asked
    refused, waited = timed(api, BETWEENNESS, {"kinds": ["DESIGNER"]})
    # then the caller is told at the timeout, and the server stays healthy
    assert [error["extensions"]["code"] for error in refused["errors"]] == ["LIMIT_EXCEEDED"]
    assert waited < 0.3 + HEALTH_BOUND
    assert api.http.get("/healthz").status_code == 200
    # and the computation finishes in the background; its answer is kept for the next asker
    deadline = time.monotonic() + 30
    while questions(server).computed == computed and time.monotonic() < deadline:
        time.sleep(0.05)
    found = api.data(BETWEENNESS, {"kinds": ["DESIGNER"]})["network"]["centrality"]
    assert [entry["rank"] for entry in found] == [1, 2, 3]
    assert questions(server).computed == computed + 1


def test_a_question_beyond_the_queue_is_refused_at_once(serve):
    # given a hub where one costly question may wait, and a request whose two rankings fill the worker and the queue
    server, api = serve(limits=Limits(network_queue=1))
    api.data("{ network { stats { nodes } } }")
    other = GraphQLClient(server.url)
    answers = {}
    filling = threading.Thread(target=lambda: answers.update(both=other.data(TWO_BETWEENNESS)))
    filling.start()
    try:
        deadline = time.monotonic() + 10
        while questions(server).waiting < 1 and time.monotonic() < deadline:
            time.sleep(0.01)
        # when a third ranking is asked meanwhile
        refused, waited = timed(api, BETWEENNESS, {"kinds": ["CREATIVE_SPACE"]})
    finally:
        filling.join()
        other.close()
    # then it is refused at once, naming the limit, and the first request gets both rankings
    assert [error["extensions"] for error in refused["errors"]] == [{"code": "LIMIT_EXCEEDED", "limit": "network_queue", "value": 1}]
    assert waited < HEALTH_BOUND
    assert [entry["rank"] for entry in answers["both"]["agencies"]["centrality"]] == [1, 2, 3]
    assert [entry["rank"] for entry in answers["both"]["events"]["centrality"]] == [1, 2, 3]
