"""Fuzzing: documents generated from the schema, for every root field, against the real app.

Queries go to the shared seeded hub, anonymously and with a staff token; mutations go, with a
staff token, to a hub of this module's own. Every response must be well-formed GraphQL, never a
5xx, and every error must carry a code the hub gives (see tests/fuzzing.py for the contract).
"""

from __future__ import annotations

import httpx
import pytest

from tests.fuzzing import MUTATION_FIELDS, QUERY_FIELDS, SAMPLE_IDS_QUERY, assert_sound, documents, fuzz, sample_ids
from tests.support import issue_token


def poster(url: str, token: str | None = None) -> httpx.Client:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.Client(base_url=url, timeout=30, headers=headers)


@pytest.fixture(scope="module")
def readers(hub_server, seeded_database):
    """An anonymous caller and a staff member on the shared seeded hub."""
    clients = [poster(hub_server.url), poster(hub_server.url, issue_token(seeded_database, "staff", "Fuzz reader"))]
    yield clients
    for client in clients:
        client.close()


@pytest.fixture(scope="module")
def writer(writable_server):
    client = poster(writable_server.url, issue_token(writable_server.database_url, "staff", "Fuzz writer"))
    yield client
    client.close()


def real_ids(client: httpx.Client) -> list[str]:
    return sample_ids(client.post("/graphql", json={"query": SAMPLE_IDS_QUERY}).json())


@pytest.fixture(scope="module")
def read_ids(readers) -> list[str]:
    return real_ids(readers[1])


@pytest.fixture(scope="module")
def write_ids(writer) -> list[str]:
    return real_ids(writer)


@pytest.mark.parametrize("field", QUERY_FIELDS)
def test_generated_queries_get_sound_answers(readers, read_ids, field):
    assert read_ids, "the seeded hub lists nodes to fuzz with"

    def check(document: str) -> None:
        for client in readers:
            assert_sound(client.post("/graphql", json={"query": document}), document)

    fuzz(documents(field, read_ids), check)


@pytest.mark.parametrize("field", MUTATION_FIELDS)
def test_generated_mutations_get_sound_answers(writer, write_ids, field):
    def check(document: str) -> None:
        assert_sound(writer.post("/graphql", json={"query": document}), document)

    fuzz(documents(field, write_ids), check)
