"""Automatic persisted queries: a document sent once by its hash is then run from the hash alone."""

from __future__ import annotations

import hashlib
import json

import httpx

QUERY = "{ plans(first: 1) { totalCount } }"
DIGEST = hashlib.sha256(QUERY.encode()).hexdigest()
BY_HASH = {"persistedQuery": {"version": 1, "sha256Hash": DIGEST}}


def post(url: str, body: dict) -> dict:
    return httpx.post(f"{url}/graphql", json=body, timeout=30).json()


def test_an_unknown_hash_is_not_found_then_the_document_registers_it(hub_server):
    first = post(hub_server.url, {"extensions": BY_HASH})
    assert first["errors"][0]["message"] == "PersistedQueryNotFound"
    assert first["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    registered = post(hub_server.url, {"query": QUERY, "extensions": BY_HASH})
    assert registered["data"]["plans"]["totalCount"] >= 1
    assert post(hub_server.url, {"extensions": BY_HASH}) == registered


def test_a_hash_also_works_over_get(hub_server):
    post(hub_server.url, {"query": QUERY, "extensions": BY_HASH})
    response = httpx.get(f"{hub_server.url}/graphql", params={"extensions": json.dumps(BY_HASH)}, timeout=30)
    assert response.json()["data"]["plans"]["totalCount"] >= 1


def test_a_document_that_does_not_match_its_hash_is_refused(hub_server):
    wrong = {"persistedQuery": {"version": 1, "sha256Hash": "0" * 64}}
    body = post(hub_server.url, {"query": QUERY, "extensions": wrong})
    assert "data" not in body or body["data"] is None
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "extensions.persistedQuery.sha256Hash"}
    assert post(hub_server.url, {"extensions": wrong})["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
