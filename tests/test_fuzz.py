"""Fuzzing: documents generated from the schema, for every root field, against the real app.

Two generators: hypothesis-graphql driven from the schema in code (with real and malformed IDs
and odd scalars), and schemathesis in GraphQL mode, which reads the schema the running app
serves by introspection. Queries go to the shared seeded hub, anonymously and with a staff token;
mutations go, with a staff token, to a hub of this module's own. Every response must be
well-formed GraphQL, never a 5xx, and every error must carry a code the hub gives (see
tests/fuzzing.py for the contract).
"""

from __future__ import annotations

import httpx
import pytest
import schemathesis

from tests.fuzzing import MUTATION_FIELDS, QUERY_FIELDS, SAMPLE_IDS_QUERY, assert_sound, documents, fuzz, sample_ids
from tests.support import issue_token

pytestmark = pytest.mark.slow  # left out of `make test-fast`


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


def served_operations(url: str, root: str) -> list:
    """The operations schemathesis finds in the schema the app serves at `url`, under `root` (Query or Mutation)."""
    loaded = schemathesis.graphql.from_url(f"{url}/graphql")
    operations = [result.ok() for result in loaded.get_all_operations()]
    return [operation for operation in operations if operation.label.startswith(f"{root}.")]


def test_schemathesis_queries_get_sound_answers(hub_server, readers):
    operations = served_operations(hub_server.url, "Query")
    assert {operation.label for operation in operations} == {f"Query.{field}" for field in QUERY_FIELDS}
    for operation in operations:

        def check(case) -> None:
            for client in readers:
                assert_sound(client.post("/graphql", json={"query": case.body}), case.body)

        fuzz(operation.as_strategy(), check)


def test_schemathesis_mutations_get_sound_answers(writable_server, writer):
    operations = served_operations(writable_server.url, "Mutation")
    assert {operation.label for operation in operations} == {f"Mutation.{field}" for field in MUTATION_FIELDS}
    for operation in operations:
        fuzz(operation.as_strategy(), lambda case: assert_sound(writer.post("/graphql", json={"query": case.body}), case.body))
