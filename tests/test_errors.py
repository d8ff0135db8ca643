"""What errors tell the client: unexpected failures masked with a request id, planned refusals kept."""

from __future__ import annotations

import logging

import httpx

from tests.support import GraphQLClient, HubServer

CITIES = "{ cities(first: 1) { totalCount } }"
MISSPELT = "{ cities(first: 1) { edges { node { nmae } } } }"


def test_an_unexpected_failure_is_masked_and_logged_with_its_request_id(broken_server, caplog):
    with caplog.at_level(logging.ERROR, logger="hub"):
        response = httpx.post(f"{broken_server.url}/graphql", json={"query": CITIES}, timeout=30)
    [error] = response.json()["errors"]
    request_id = response.headers["x-request-id"]
    assert error["message"] == "internal error"
    assert error["extensions"] == {"code": "INTERNAL", "requestId": request_id}
    assert error["path"] == ["cities"]
    assert "cities" not in error["message"] and "Traceback" not in response.text
    [record] = [r for r in caplog.records if r.exc_info]  # logged once, by the hub, under the request id
    assert record.name == "hub" and request_id in record.getMessage()
    assert "cities" in str(record.exc_info[1]).lower()  # the database's own complaint is in the log only
    assert "Traceback" in caplog.text


def test_planned_refusals_are_not_logged(api, caplog):
    with caplog.at_level(logging.INFO):
        body = api("{ cities(first: 1000) { totalCount } }")
        misspelt = api(MISSPELT)
    assert body["errors"] and misspelt["errors"]
    assert [record for record in caplog.records if record.levelno >= logging.WARNING] == []


def test_every_response_has_its_own_request_id(api, hub_server):
    first = httpx.post(f"{hub_server.url}/graphql", json={"query": CITIES}, timeout=30)
    second = httpx.post(f"{hub_server.url}/graphql", json={"query": CITIES}, timeout=30)
    assert first.headers["x-request-id"] != second.headers["x-request-id"]
    assert "errors" not in first.json()


def test_planned_refusals_keep_their_message_and_code(api):
    body = api('{ node(id: "not-an-id") { id } }')
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert body["errors"][0]["message"] != "internal error"


def test_validation_messages_are_kept_with_suggestions_in_development(api):
    body = api(MISSPELT)
    assert body["data"] is None
    assert body["errors"][0]["message"] == "Cannot query field 'nmae' on type 'City'. Did you mean 'name'?"


def test_production_drops_suggestions_but_keeps_the_message(seeded_database, backend):
    server = HubServer(seeded_database, backend, env="production").start()
    client = GraphQLClient(server.url)
    try:
        misspelt = client(MISSPELT)
        enum = client("query ($order: CityOrder) { cities(first: 1, orderBy: $order) { totalCount } }", {"order": {"field": "NAM"}})
    finally:
        client.close()
        server.stop()
    assert misspelt["errors"][0]["message"] == "Cannot query field 'nmae' on type 'City'."
    assert "Did you mean" not in enum["errors"][0]["message"]
    assert "NAM" in enum["errors"][0]["message"]
