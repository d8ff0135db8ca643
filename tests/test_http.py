"""The /graphql endpoint's HTTP rules, as clients and browsers meet them on a real server.

Media types and status codes, the CSRF guard (JSON-only POST, queries only over GET), batching,
the body size limit, malformed bodies, CORS and WebSocket origins, and the request timeout.
"""

from __future__ import annotations

import asyncio
import json
import socket
from urllib.parse import urlsplit

import httpx
import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from hub.config import Limits, Settings
from hub.db import Database
from tests.support import HubServer, drop_database, fresh_database, hub_command, issue_token
from web.request_body import MAX_JSON_NESTING

GRAPHQL_RESPONSE = "application/graphql-response+json"
TYPENAME = {"query": "{ __typename }"}
MAX_BODY = 2048
TIMEOUT = 1.5
PARTNER = "https://partner.example"
STRANGER = "https://stranger.example"
CREATE_AGENCY = """
mutation Create($name: String!) {
  agencyCreate(input: {nameVi: $name, agencyKind: OTHER}) { agency { id } userErrors { code } }
}
"""
AGENCIES_NAMED = "query Named($name: String!) { agencies(filter: {text: $name}) { totalCount } }"
REQUEST_ERRORS = {
    "unparseable document": {"query": "{"},
    "unknown field": {"query": "{ noSuchField }"},
    "variables that do not fit": {"query": "query Q($id: ID!) { node(id: $id) { id } }", "variables": {"id": None}},
    "unknown operation name": {"query": "query A { __typename }", "operationName": "B"},
    "page size past its limit": {"query": "{ cities(first: 1000) { totalCount } }"},
}


@pytest.fixture(scope="module")
def http(hub_server):
    with httpx.Client(base_url=hub_server.url, timeout=30) as client:
        yield client


@pytest.fixture(scope="module")
def strict_server(backend, tmp_path_factory):
    """A hub of the module's own with a small body limit, a short timeout and one partner origin."""
    url = fresh_database(backend, tmp_path_factory.mktemp(f"{backend}-http"))
    hub_command(url, "db", "upgrade")
    limits = Limits(max_body_bytes=MAX_BODY, request_timeout=TIMEOUT)
    server = HubServer(url, backend, limits=limits, allowed_origins=(PARTNER,)).start()
    yield server
    server.stop()
    drop_database(url)


@pytest.fixture(scope="module")
def strict(strict_server):
    with httpx.Client(base_url=strict_server.url, timeout=30) as client:
        yield client


def body_of_size(size: int) -> bytes:
    """A valid request body of exactly `size` bytes (JSON may end in spaces)."""
    body = json.dumps(TYPENAME).encode()
    return body + b" " * (size - len(body))


def nested(levels: int) -> object:
    """Arrays inside one another, `levels` deep."""
    value: object = []
    for _ in range(levels - 1):
        value = [value]
    return value


# --- media types and status codes ---------------------------------------------------------------


def test_graphql_response_json_is_answered_in_that_media_type(http):
    response = http.post("/graphql", json=TYPENAME, headers={"Accept": GRAPHQL_RESPONSE})
    assert (response.status_code, response.headers["content-type"]) == (200, GRAPHQL_RESPONSE)
    assert response.json() == {"data": {"__typename": "Query"}}


@pytest.mark.parametrize("accept", [None, "application/json", "*/*", "text/html"])
def test_other_accept_headers_get_application_json(http, accept):
    response = http.post("/graphql", json=TYPENAME, headers={"Accept": accept} if accept else {})
    assert (response.status_code, response.headers["content-type"]) == (200, "application/json")


@pytest.mark.parametrize("case", sorted(REQUEST_ERRORS))
def test_request_errors_in_graphql_response_json_are_400_without_data(http, case):
    response = http.post("/graphql", json=REQUEST_ERRORS[case], headers={"Accept": GRAPHQL_RESPONSE})
    assert (response.status_code, response.headers["content-type"]) == (400, GRAPHQL_RESPONSE)
    body = response.json()
    assert "data" not in body and body["errors"][0]["message"]


@pytest.mark.parametrize("case", ["unparseable document", "unknown field", "variables that do not fit", "page size past its limit"])
@pytest.mark.parametrize("accept", [None, "application/json"])
def test_request_errors_in_application_json_stay_200_with_null_data(http, case, accept):
    response = http.post("/graphql", json=REQUEST_ERRORS[case], headers={"Accept": accept} if accept else {})
    assert (response.status_code, response.headers["content-type"]) == (200, "application/json")
    body = response.json()
    assert body["data"] is None and body["errors"][0]["message"]


@pytest.mark.parametrize("accept", [GRAPHQL_RESPONSE, "application/json"])
def test_a_missing_query_is_400_in_both_media_types(http, accept):
    response = http.post("/graphql", json={"variables": {}}, headers={"Accept": accept})
    assert (response.status_code, response.headers["content-type"]) == (400, accept)
    assert "data" not in response.json()


def test_field_errors_keep_200_and_the_data_in_graphql_response_json(http):
    # given an anonymous caller asking for a personal field
    query = "{ cities(first: 1) { edges { node { name focalPoint } } } }"
    # when
    response = http.post("/graphql", json={"query": query}, headers={"Accept": GRAPHQL_RESPONSE})
    # then execution ran: the data is there, with the refused field null and its error
    assert response.status_code == 200
    body = response.json()
    assert body["data"]["cities"]["edges"][0]["node"]["focalPoint"] is None
    assert body["errors"][0]["path"][-1] == "focalPoint"


@pytest.mark.parametrize("accept", [GRAPHQL_RESPONSE, "application/json"])
def test_a_refused_token_keeps_401(http, accept):
    response = http.post("/graphql", json=TYPENAME, headers={"Accept": accept, "Authorization": "Bearer nonsense"})
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


# --- CSRF: what a POST may carry, what a GET may do ---------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        {"data": {"query": "{ __typename }"}},  # application/x-www-form-urlencoded
        {"files": {"query": (None, "{ __typename }")}},  # multipart/form-data
        {"content": json.dumps(TYPENAME), "headers": {"Content-Type": "text/plain"}},
        {"content": json.dumps(TYPENAME), "headers": {"Content-Type": ""}},
        {"content": json.dumps(TYPENAME), "headers": {"Content-Type": "application/json; charset=latin-1"}},
    ],
    ids=["form", "multipart", "text-plain", "no-content-type", "latin-1"],
)
def test_post_takes_json_bodies_only(http, content):
    response = http.post("/graphql", **content)
    assert response.status_code == 415
    error = response.json()["errors"][0]
    assert "application/json" in error["message"] and error["extensions"]["code"] == "BAD_USER_INPUT"


def test_get_runs_queries(http):
    response = http.get("/graphql", params={"query": "{ __typename }"}, headers={"Accept": GRAPHQL_RESPONSE})
    assert (response.status_code, response.json()) == (200, {"data": {"__typename": "Query"}})


@pytest.mark.parametrize("accept", [GRAPHQL_RESPONSE, "application/json"])
def test_get_refuses_mutations_with_405(http, accept):
    response = http.get("/graphql", params={"query": CREATE_AGENCY, "variables": '{"name": "x"}'}, headers={"Accept": accept})
    assert (response.status_code, response.headers["allow"]) == (405, "POST")
    assert "POST" in response.json()["errors"][0]["message"]


def test_batches_are_refused(http):
    response = http.post("/graphql", json=[TYPENAME, TYPENAME])
    assert response.status_code == 400
    assert "Batched operations" in response.json()["errors"][0]["message"]


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (b'"x"', "got a string"),
        (b"5", "got a number"),
        (b"null", "got null"),
        (b"true", "got a boolean"),
        (b"[]", "Batched operations"),
        (b"", "empty"),
        (b'{"query": ', "not valid JSON"),
        (b'{"query": "{ __typename }", "operationName": "caf\xe9"}', "not valid UTF-8"),
        (b"[" * 100_000 + b"]" * 100_000, f"more than {MAX_JSON_NESTING} levels"),
    ],
    ids=["string", "number", "null", "boolean", "empty-array", "empty", "truncated", "latin-1-bytes", "very-deep"],
)
def test_malformed_bodies_get_400_with_a_reason(http, body, says):
    response = http.post("/graphql", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert says in response.json()["errors"][0]["message"]


def test_json_nesting_is_accepted_at_its_limit_and_refused_past_it(http):
    # the body object is one level; its `extensions` carry the rest
    at_limit = {**TYPENAME, "extensions": {"deep": nested(MAX_JSON_NESTING - 2)}}
    past_limit = {**TYPENAME, "extensions": {"deep": nested(MAX_JSON_NESTING - 1)}}
    assert http.post("/graphql", json=at_limit).json() == {"data": {"__typename": "Query"}}
    refused = http.post("/graphql", json=past_limit)
    assert refused.status_code == 400 and "levels deep" in refused.json()["errors"][0]["message"]


def test_get_variables_must_be_a_json_object(http):
    response = http.get("/graphql", params={"query": "{ __typename }", "variables": "[1]"})
    assert response.status_code == 400


# --- the body size limit ------------------------------------------------------------------------


def test_a_body_of_exactly_the_limit_is_accepted_and_one_byte_more_refused(strict):
    accepted = strict.post("/graphql", content=body_of_size(MAX_BODY), headers={"Content-Type": "application/json"})
    assert accepted.json() == {"data": {"__typename": "Query"}}
    refused = strict.post("/graphql", content=body_of_size(MAX_BODY + 1), headers={"Content-Type": "application/json"})
    assert refused.status_code == 413
    assert refused.json()["errors"][0]["extensions"] == {"code": "LIMIT_EXCEEDED", "limit": "max_body_bytes", "value": MAX_BODY}


def test_the_limit_holds_for_chunked_bodies_without_content_length(strict):
    def chunked(size: int):
        body = body_of_size(size)
        yield from (body[start : start + 100] for start in range(0, len(body), 100))

    accepted = strict.post("/graphql", content=chunked(MAX_BODY), headers={"Content-Type": "application/json"})
    assert accepted.request.headers["transfer-encoding"] == "chunked"
    assert accepted.json() == {"data": {"__typename": "Query"}}
    refused = strict.post("/graphql", content=chunked(MAX_BODY + 1), headers={"Content-Type": "application/json"})
    assert refused.status_code == 413


def test_a_streamed_body_is_refused_as_soon_as_it_passes_the_limit(strict_server):
    # given a chunked body that has just passed the limit and is still open (no final chunk)
    head = b"POST /graphql HTTP/1.1\r\nHost: hub\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    payload = body_of_size(MAX_BODY + 1)
    # when / then the server answers without waiting for the rest
    assert raw_status(strict_server.url, head + b"%x\r\n%s\r\n" % (len(payload), payload)) == 413


def test_a_declared_length_over_the_limit_is_refused_before_the_body_arrives(strict_server):
    head = f"POST /graphql HTTP/1.1\r\nHost: hub\r\nContent-Type: application/json\r\nContent-Length: {MAX_BODY + 1}\r\n\r\n"
    assert raw_status(strict_server.url, head.encode()) == 413


def raw_status(url: str, sent: bytes) -> int:
    """The status of the answer to `sent` over a plain socket that stays open for writing."""
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as connection:
        connection.sendall(sent)
        status_line = connection.makefile("rb").readline()  # times out if the server waits for more body
    return int(status_line.split()[1])


# --- origins ------------------------------------------------------------------------------------


def preflight(client: httpx.Client, origin: str) -> httpx.Response:
    return client.options(
        "/graphql",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    )


def test_a_preflight_from_an_allowed_origin_is_answered(strict):
    response = preflight(strict, PARTNER)
    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == PARTNER
    assert set(response.headers["access-control-allow-methods"].split(", ")) == {"GET", "POST"}
    allowed_headers = {name.lower() for name in response.headers["access-control-allow-headers"].split(", ")}
    assert {"authorization", "content-type"} <= allowed_headers


def test_a_preflight_from_another_origin_is_refused_without_cors_headers(strict):
    response = preflight(strict, STRANGER)
    assert response.status_code == 403
    assert not [name for name in response.headers if name.lower().startswith("access-control-")]


@pytest.mark.parametrize(("origin", "allowed"), [(PARTNER, True), ("https://PARTNER.example:443", True), (STRANGER, False)])
def test_responses_carry_cors_headers_for_allowed_origins_only(strict, origin, allowed):
    response = strict.post("/graphql", json=TYPENAME, headers={"Origin": origin})
    assert response.status_code == 200
    assert response.headers.get("access-control-allow-origin") == (origin if allowed else None)
    varies = {name.strip() for name in response.headers["vary"].split(",")}
    assert {"Origin", "Accept", "Accept-Language", "Authorization"} <= varies


def test_the_hubs_own_origin_is_always_allowed(strict, strict_server):
    response = strict.post("/graphql", json=TYPENAME, headers={"Origin": strict_server.url})
    assert response.headers["access-control-allow-origin"] == strict_server.url


def websocket_url(server: HubServer) -> str:
    return server.url.replace("http://", "ws://") + "/graphql"


@pytest.mark.parametrize("origin", [PARTNER, "same", None])
def test_websockets_open_from_allowed_origins_the_hubs_own_and_non_browsers(strict_server, origin):
    origin = strict_server.url if origin == "same" else origin
    with connect(websocket_url(strict_server), origin=origin, subprotocols=["graphql-transport-ws"]) as websocket:
        websocket.send(json.dumps({"type": "connection_init"}))
        assert json.loads(websocket.recv(timeout=10)) == {"type": "connection_ack"}


def test_websockets_from_other_origins_are_refused_with_403(strict_server):
    with pytest.raises(InvalidStatus) as refused:
        connect(websocket_url(strict_server), origin=STRANGER, subprotocols=["graphql-transport-ws"])
    assert refused.value.response.status_code == 403


def test_an_invalid_allowed_origin_is_refused_at_start_up(tmp_path):
    with pytest.raises(ValueError, match="not an origin"):
        HubServer(f"sqlite+aiosqlite:///{tmp_path / 'hub.sqlite3'}", "sqlite", allowed_origins=("partner.example/app",))


# --- the request timeout ------------------------------------------------------------------------


@pytest.mark.parametrize(("accept", "status"), [(GRAPHQL_RESPONSE, 504), ("application/json", 200)])
async def test_an_operation_past_the_timeout_is_stopped_and_answered(strict_server, accept, status):
    # given a staff writer whose writes go through, as long as nothing holds the store
    token = issue_token(strict_server.database_url, "staff", "Timeout tester")
    with httpx.Client(base_url=strict_server.url, timeout=30, headers={"Authorization": f"Bearer {token}"}) as client:

        def write(name: str) -> httpx.Response:
            return client.post("/graphql", json={"query": CREATE_AGENCY, "variables": {"name": name}}, headers={"Accept": accept})

        assert write(f"Before the lock {status}").json()["data"]["agencyCreate"]["userErrors"] == []

        # when the test holds a write transaction open, so the next write waits far past the timeout
        database = Database(Settings(database_url=strict_server.database_url))
        try:
            async with database.write():
                stopped = await asyncio.to_thread(write, f"Behind the lock {status}")
        finally:
            await database.dispose()

        # then it was answered with the timeout error, in the status its media type calls for
        assert stopped.status_code == status
        body = stopped.json()
        assert body["errors"][0]["extensions"] == {"code": "LIMIT_EXCEEDED", "limit": "request_timeout", "value": TIMEOUT}
        assert ("data" in body) == (accept == "application/json")
        # and it was stopped: once the lock is gone, the write never happened, and writes work again
        assert write(f"After the lock {status}").json()["data"]["agencyCreate"]["userErrors"] == []
        assert count_named(client, f"Behind the lock {status}") == 0


def count_named(client: httpx.Client, name: str) -> int:
    return client.post("/graphql", json={"query": AGENCIES_NAMED, "variables": {"name": name}}).json()["data"]["agencies"]["totalCount"]
