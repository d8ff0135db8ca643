"""Rate limits: points a minute per token and per client address, refused with 429 once spent.

The hub runs with small budgets (anonymous 5, token 7, a write costs 3). The limiter's clock is held
still at a fresh minute for each test, so no test straddles two windows, and is moved on to show a
budget comes back with the next window.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time

import httpx
import pytest
from websockets.sync.client import connect

from hub.config import RateLimits
from hub.ratelimit import PostgresRateStore
from tests.support import HubServer, drop_database, fresh_database, hub_command, issue_token

LIMITS = RateLimits(anonymous=5, token=7, write_cost=3)
READ = "{ __typename }"
WRITE = "mutation ($input: AgencyCreateInput!) { agencyCreate(input: $input) { agency { id } userErrors { code } } }"
AGENCIES = "query ($text: String!) { agencies(filter: {text: $text}) { totalCount } }"
_minutes = itertools.count(int(time.time() // 60) + 1, 10)  # later and later windows: the stores never go back


class Clock:
    """The limiter's time: 30.25 s into a minute no other test used, so Retry-After is 30."""

    def __init__(self) -> None:
        self.now = next(_minutes) * 60 + 30.25

    def __call__(self) -> float:
        return self.now

    def next_minute(self) -> None:
        self.now += 60


def hold_clock(*servers: HubServer) -> Clock:
    clock = Clock()
    for server in servers:
        server.app.state.door.rate_limiter.clock = clock
    return clock


@pytest.fixture(scope="module")
def database(backend, tmp_path_factory):
    url = fresh_database(backend, tmp_path_factory.mktemp(f"{backend}-rates"))
    hub_command(url, "db", "upgrade")
    yield url
    drop_database(url)


@pytest.fixture(scope="module")
def server(database, backend):
    server = HubServer(database, backend, rate_limits=LIMITS).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def tokens(database) -> list[str]:
    return [issue_token(database, "staff", f"Rated staff {number}") for number in (1, 2)]


def post(url: str, query: str, variables: dict | None = None, *, token: str | None = None, address: str = "127.0.0.1"):
    """One request from a chosen loopback address (every 127.x.y.z reaches the server on Linux)."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    transport = httpx.HTTPTransport(local_address=address)
    with httpx.Client(base_url=url, headers=headers, transport=transport, timeout=30) as client:
        return client.post("/graphql", json={"query": query, "variables": variables or {}})


def assert_accepted(response: httpx.Response) -> dict:
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    return body["data"]


def assert_refused(response: httpx.Response, limit: str, value: int) -> None:
    assert response.status_code == 429, response.text
    assert response.headers["retry-after"] == "30"
    body = response.json()
    assert body["data"] is None
    [error] = body["errors"]
    assert error["extensions"] == {"code": "LIMIT_EXCEEDED", "limit": limit, "value": value, "retryAfter": 30}
    assert f"{value} points a minute" in error["message"]


def test_an_anonymous_address_gets_its_budget_then_429_until_the_next_minute(server):
    clock = hold_clock(server)
    for _ in range(LIMITS.anonymous):
        assert assert_accepted(post(server.url, READ)) == {"__typename": "Query"}
    assert_refused(post(server.url, READ), "rate_limits.anonymous", LIMITS.anonymous)
    assert_refused(post(server.url, READ), "rate_limits.anonymous", LIMITS.anonymous)
    clock.next_minute()
    assert_accepted(post(server.url, READ))


def test_each_token_and_each_address_has_a_budget_of_its_own(server, tokens):
    hold_clock(server)
    first, second = tokens
    for _ in range(LIMITS.anonymous):
        assert_accepted(post(server.url, READ))
    assert_refused(post(server.url, READ), "rate_limits.anonymous", LIMITS.anonymous)
    # the spent address still serves its tokens, each with its own budget
    for _ in range(LIMITS.token):
        assert_accepted(post(server.url, READ, token=first))
    assert_refused(post(server.url, READ, token=first), "rate_limits.token", LIMITS.token)
    assert_accepted(post(server.url, READ, token=second))
    # a token's budget follows it to any address, and another address has a budget of its own
    assert_refused(post(server.url, READ, token=first, address="127.0.0.2"), "rate_limits.token", LIMITS.token)
    assert_accepted(post(server.url, READ, address="127.0.0.2"))


def test_a_write_costs_write_cost_and_a_refused_write_writes_nothing(server, tokens):
    clock = hold_clock(server)
    token = tokens[0]
    for number in (1, 2):  # 3 + 3 points
        payload = assert_accepted(
            post(server.url, WRITE, {"input": {"nameVi": f"Sở hạn mức {number}", "agencyKind": "DEPARTMENT"}}, token=token)
        )
        assert payload["agencyCreate"]["userErrors"] == []
    assert_accepted(post(server.url, READ, token=token))  # the 7th point
    refused = post(server.url, WRITE, {"input": {"nameVi": "Sở bị từ chối", "agencyKind": "DEPARTMENT"}}, token=token)
    assert_refused(refused, "rate_limits.token", LIMITS.token)
    clock.next_minute()
    created = assert_accepted(post(server.url, AGENCIES, {"text": "So han muc"}, token=token))
    refused_write = assert_accepted(post(server.url, AGENCIES, {"text": "So bi tu choi"}, token=token))
    assert (created["agencies"]["totalCount"], refused_write["agencies"]["totalCount"]) == (2, 0)


def test_a_refused_token_is_charged_to_its_address(server):
    """Guessing tokens costs the guesser's address: a wrong token is 401 within the budget, 429 past it."""
    hold_clock(server)
    for _ in range(LIMITS.anonymous):
        response = post(server.url, READ, token="not-a-token", address="127.0.0.3")
        assert response.status_code == 401 and response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert_refused(post(server.url, READ, address="127.0.0.3"), "rate_limits.anonymous", LIMITS.anonymous)


def websocket_answers(server: HubServer, query: str, times: int, token: str | None = None) -> list[dict]:
    """Run `query` `times` times over one graphql-transport-ws connection; the payload of each answer."""
    url = server.url.replace("http://", "ws://") + "/graphql"
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    answers = []
    with connect(url, subprotocols=["graphql-transport-ws"], additional_headers=headers) as socket:
        socket.send(json.dumps({"type": "connection_init"}))
        assert json.loads(socket.recv(timeout=10))["type"] == "connection_ack"
        for number in range(times):
            socket.send(json.dumps({"id": str(number), "type": "subscribe", "payload": {"query": query}}))
            message = json.loads(socket.recv(timeout=10))
            if message["type"] == "error":  # refused before execution: the error ends the operation
                answers.append({"errors": message["payload"]})
                continue
            assert message["type"] == "next", message
            answers.append(message["payload"])
            assert json.loads(socket.recv(timeout=10)) == {"id": str(number), "type": "complete"}
    return answers


def test_over_a_websocket_the_limit_refuses_with_the_error_alone(server):
    """A WebSocket has no HTTP status or headers: the refusal is the operation's error message, and the connection lives on."""
    hold_clock(server)
    answers = websocket_answers(server, READ, LIMITS.anonymous + 2)
    assert [answer.get("data") for answer in answers[: LIMITS.anonymous]] == [{"__typename": "Query"}] * LIMITS.anonymous
    for answer in answers[LIMITS.anonymous :]:
        assert "data" not in answer
        assert answer["errors"][0]["extensions"] == {
            "code": "LIMIT_EXCEEDED",
            "limit": "rate_limits.anonymous",
            "value": LIMITS.anonymous,
            "retryAfter": 30,
        }


def test_over_a_websocket_a_refused_token_is_unauthenticated(server):
    hold_clock(server)
    [answer] = websocket_answers(server, READ, 1, token="not-a-token")
    assert "data" not in answer and answer["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def test_hubs_sharing_a_postgresql_database_share_each_budget(tmp_path):
    # given two hub processes' apps serving one PostgreSQL database
    url = fresh_database("postgres", tmp_path)
    hub_command(url, "db", "upgrade")
    before = json.loads(hub_command(url, "export", "-").stdout)["tables"]
    servers = [HubServer(url, "postgres", rate_limits=LIMITS).start() for _ in range(2)]
    try:
        hold_clock(*servers)
        # when the anonymous budget is spent across both
        for number in range(LIMITS.anonymous):
            assert_accepted(post(servers[number % 2].url, READ))
        # then each of them refuses the next request
        for server in servers:
            assert_refused(post(server.url, READ), "rate_limits.anonymous", LIMITS.anonymous)
        # and the points are operational state, not data: no write counted, none audited, none backed up
        backup = json.loads(hub_command(url, "export", "-").stdout)["tables"]
        assert (backup["data_version"], backup["audit_log"]) == (before["data_version"], [])
        assert "rate_buckets" not in backup
    finally:
        for server in servers:
            server.stop()
        drop_database(url)


def test_concurrent_charges_share_statements_and_each_sees_its_own_total(tmp_path):
    # given the shared store, and 40 charges of two callers made at once
    url = fresh_database("postgres", tmp_path)
    hub_command(url, "db", "upgrade")
    store = PostgresRateStore(url)

    async def charge_all() -> list[int]:
        try:
            return await asyncio.gather(*(store.spend(f"caller:{n % 2}", 1, 1 + n % 2) for n in range(40)))
        finally:
            await store.dispose()

    try:
        totals = asyncio.run(charge_all())
    finally:
        drop_database(url)
    # then every charge is answered the total after it, as if made alone: costs 1 and 2 add up in turn
    assert sorted(totals[0::2]) == list(range(1, 21))
    assert sorted(totals[1::2]) == list(range(2, 41, 2))
    # and far fewer statements ran than charges were made
    assert 1 <= store.charges.batches < 40
