"""The response cache is never stale and never shared wrongly (roles, scopes, languages, errors)."""

from __future__ import annotations

import httpx
import pytest

from tests.support import HubServer, issue_token

DESIGNERS = "{ designers(first: 5) { edges { node { name email } } } }"
INITIATIVES = "{ initiatives(first: 6) { totalCount edges { node { id name version } } } }"


@pytest.fixture(scope="module")
def servers(writable_server):
    """Two server processes' worth of apps on one database: a write through one, reads through the other."""
    other = HubServer(writable_server.database_url, writable_server.backend).start()
    yield writable_server, other
    other.stop()


@pytest.fixture(scope="module")
def tokens(writable_server):
    url = writable_server.database_url
    return {
        "staff": issue_token(url, "staff", "Cache staff"),
        "admin": issue_token(url, "admin", "Cache admin"),
        "partner": issue_token(url, "partner", "Cache partner", "--city", _hanoi(writable_server.url)),
    }


def _hanoi(url: str) -> str:
    body = httpx.post(f"{url}/graphql", json={"query": '{ cities(filter: {text: "Ha Noi"}, first: 1) { edges { node { id } } } }'}).json()
    return body["data"]["cities"]["edges"][0]["node"]["id"]


def ask(url: str, query: str, token: str | None = None, **headers: str) -> httpx.Response:
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return httpx.post(f"{url}/graphql", json={"query": query}, headers=headers, timeout=30)


def metrics(url: str, token: str) -> dict[str, str]:
    """The process's counters, as an administrator reads them."""
    response = httpx.get(f"{url}/metrics", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.text
    return dict(line.split() for line in response.text.splitlines())


def test_a_repeated_query_is_answered_from_the_cache_with_the_same_body(servers):
    url = servers[0].url
    query = "{ agencies(first: 3, orderBy: {field: NAME}) { edges { node { id name } } } }"
    first, second = ask(url, query), ask(url, "{ agencies(first: 3,  orderBy: {field: NAME}) {\n edges { node { id name } } } }")
    assert first.headers["x-cache"] == "miss"
    assert second.headers["x-cache"] == "hit"
    assert second.json() == first.json() and "errors" not in first.json()


def test_after_a_write_through_any_process_the_next_read_sees_it(servers, tokens):
    writer, reader = servers
    before = ask(reader.url, INITIATIVES).json()["data"]["initiatives"]["edges"][0]["node"]
    assert ask(reader.url, INITIATIVES).headers["x-cache"] == "hit"
    renamed = f"{before['name']} (đổi tên)"
    update = (
        "mutation($id: ID!, $version: Int!, $name: String!) { initiativeUpdate(input: {id: $id, version: $version, nameVi: $name}) "
        "{ userErrors { field message } } }"
    )
    response = httpx.post(
        f"{writer.url}/graphql",
        json={"query": update, "variables": {"id": before["id"], "version": before["version"], "name": renamed}},
        headers={"Authorization": f"Bearer {tokens['staff']}"},
    )
    assert response.json()["data"]["initiativeUpdate"]["userErrors"] == []
    counted = metrics(reader.url, tokens["admin"])
    for server in (reader, writer):
        after = ask(server.url, INITIATIVES)
        assert after.headers["x-cache"] == "miss"
        assert after.json()["data"]["initiatives"]["edges"][0]["node"]["name"] == renamed
    # and the out-of-date entry counted as a miss, not a hit
    now = metrics(reader.url, tokens["admin"])
    assert (now["hub_response_cache_hits"], int(now["hub_response_cache_misses"])) == (
        counted["hub_response_cache_hits"],
        int(counted["hub_response_cache_misses"]) + 1,
    )


def test_staff_entries_never_reach_partners_or_the_public(servers, tokens):
    url = servers[0].url
    create = 'mutation { designerCreate(input: {nameVi: "Nguyễn Văn Bộ Nhớ", email: "bo.nho@example.vn"}) { userErrors { field } } }'
    assert ask(url, create, tokens["staff"]).json()["data"]["designerCreate"]["userErrors"] == []
    staff = ask(url, DESIGNERS, tokens["staff"]).json()
    assert "errors" not in staff and staff["data"]["designers"]["edges"][0]["node"]["email"] == "bo.nho@example.vn"
    for caller in ("partner", None):
        response = ask(url, DESIGNERS, tokens.get(caller))
        assert response.headers["x-cache"] == "miss", caller
        body = response.json()
        assert body["errors"][0]["extensions"]["code"] in ("FORBIDDEN", "UNAUTHENTICATED")
        assert "bo.nho" not in response.text
    # another staff member (same audience) may share the entry; an admin is another audience
    assert ask(url, DESIGNERS, tokens["staff"]).headers["x-cache"] == "hit"
    assert ask(url, DESIGNERS, tokens["admin"]).headers["x-cache"] == "miss"


def test_vietnamese_and_english_answers_never_mix(servers):
    url = servers[0].url
    query = "{ plans(first: 1) { edges { node { name } } } }"
    vi = ask(url, query, **{"Accept-Language": "vi"}).json()
    en = ask(url, query, **{"Accept-Language": "en"})
    assert en.headers["x-cache"] == "miss"
    assert en.json() != vi
    assert ask(url, query, **{"Accept-Language": "vi"}).json() == vi


def test_an_answer_with_an_error_is_not_cached(servers):
    url = servers[0].url
    query = '{ node(id: "bm90LWEta2luZDox") { id } }'
    for _ in range(2):
        response = ask(url, query)
        assert response.json().get("errors"), response.text
        assert response.headers["x-cache"] == "miss"


def test_viewer_and_mutations_are_never_cached(servers, tokens):
    url = servers[0].url
    for _ in range(2):
        assert "x-cache" not in ask(url, "{ viewer { role name } }", tokens["staff"]).headers
    first = ask(url, "{ viewer { name } }", tokens["staff"]).json()["data"]["viewer"]["name"]
    second = ask(url, "{ viewer { name } }", tokens["admin"]).json()["data"]["viewer"]["name"]
    assert (first, second) == ("Cache staff", "Cache admin")
    mutation = 'mutation { linkDelete(input: {id: "TGluazo5OTk5OQ==", version: 1}) { userErrors { code } } }'
    assert "x-cache" not in ask(url, mutation, tokens["staff"]).headers


def test_metrics_count_hits_and_misses(servers, tokens):
    url = servers[1].url
    before = metrics(url, tokens["admin"])
    query = "{ events(first: 2) { totalCount } }"
    ask(url, query), ask(url, query), ask(url, query)
    after = metrics(url, tokens["admin"])
    assert int(after["hub_response_cache_hits"]) - int(before["hub_response_cache_hits"]) >= 2
    assert int(after["hub_response_cache_entries"]) >= 1 and int(after["hub_response_cache_bytes"]) > 0


def test_a_kept_answer_is_sent_after_reading_the_data_version_alone(servers):
    server = servers[0]
    query = "{ plans(first: 3) { edges { node { name code } } } }"
    ask(server.url, query)
    counter = server.count_statements()
    try:
        response = ask(server.url, query)
    finally:
        server.stop_counting(counter)
    assert response.headers["x-cache"] == "hit"
    assert response.json()["data"]["plans"]["edges"]
    reads = [statement for statement in counter.statements if statement != "BEGIN"]
    assert reads and all("data_version" in statement for statement in reads), counter.statements
