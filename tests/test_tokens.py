"""Tokens as an operator and a caller meet them: issued once, listed without secrets, revoked at once."""

from __future__ import annotations

import hashlib
import re

import httpx
import pytest

from tests.support import GraphQLClient, HubServer, hub_command, issue_token

VIEWER = "{ viewer { role name } }"
TOKEN_LINE = re.compile(r"^cch_[A-Za-z0-9_-]{43}$")


def test_create_prints_the_token_once_alone_on_its_last_line_and_keeps_only_a_hash(empty_database):
    # when
    result = hub_command(empty_database, "token", "create", "--role", "staff", "--name", "Nguyễn Thị Lan")
    # then
    token = result.stdout.strip().splitlines()[-1]
    assert TOKEN_LINE.match(token)
    backup = hub_command(empty_database, "export", "-").stdout
    assert token not in backup and hashlib.sha256(token.encode()).hexdigest() in backup
    listing = hub_command(empty_database, "token", "list").stdout
    assert token not in listing and token[:12] in listing and "Nguyễn Thị Lan" in listing and "staff" in listing


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "partner", "--name", "Seoul"], "A partner token needs its city."),
        (["--role", "reporter", "--name", "Sở"], "A reporter token needs its agency."),
        (["--role", "staff", "--name", "Lan", "--city", "Q2l0eTox"], "A staff token takes no city."),
        (["--role", "partner", "--name", "Nowhere", "--city", "Q2l0eTo5OTk5"], "NOT_FOUND"),
        (["--role", "staff", "--name", "  "], "A token needs a name"),
    ],
)
def test_create_refuses_a_token_without_its_scope_or_name(empty_database, args, message):
    result = hub_command(empty_database, "token", "create", *args, check=False)
    assert result.returncode == 2
    assert result.stdout == ""
    assert message in result.stderr or (message == "NOT_FOUND" and "no city" in result.stderr.lower()), result.stderr


@pytest.fixture
def served(empty_database, backend):
    server = HubServer(empty_database, backend).start()
    yield server
    server.stop()


def test_a_revoked_token_is_refused_from_the_next_request_on(served):
    # given a token that works
    token = issue_token(served.database_url, "staff", "Leaving staff member")
    client = GraphQLClient(served.url, token)
    assert client.data(VIEWER)["viewer"] == {"role": "STAFF", "name": "Leaving staff member"}
    token_id = hub_command(served.database_url, "token", "list").stdout.splitlines()[1].split("\t")[0]
    # when
    revoked = hub_command(served.database_url, "token", "revoke", token_id)
    # then
    assert "revoked" in revoked.stdout
    response = client.http.post("/graphql", json={"query": VIEWER})
    assert response.status_code == 401 and response.headers["www-authenticate"] == "Bearer"
    assert response.json()["data"] is None
    assert [e["extensions"]["code"] for e in response.json()["errors"]] == ["UNAUTHENTICATED"]
    assert "revoked" in hub_command(served.database_url, "token", "list").stdout.splitlines()[0]
    client.close()


@pytest.mark.parametrize(
    "header",
    ["Bearer cch_not-a-real-token", "Basic dXNlcjpwYXNz", "Bearer", "cch_no-scheme"],
    ids=["unknown", "basic", "empty", "no scheme"],
)
def test_a_bad_token_is_refused_never_treated_as_public(served, header):
    response = httpx.post(f"{served.url}/graphql", json={"query": VIEWER}, headers={"Authorization": header})
    assert response.status_code == 401
    assert response.json()["data"] is None
    assert [e["extensions"]["code"] for e in response.json()["errors"]] == ["UNAUTHENTICATED"]


def test_last_use_is_recorded_and_admins_see_tokens_without_secrets(served):
    admin_token = issue_token(served.database_url, "admin", "Hub administrator")
    staff_token = issue_token(served.database_url, "staff", "Desk officer")
    admin = GraphQLClient(served.url, admin_token)
    before = {t["name"]: t for t in admin.data("{ tokens { name prefix lastUsedAt revokedAt } }")["tokens"]}
    assert before["Desk officer"]["lastUsedAt"] is None
    # when the staff token is used
    staff = GraphQLClient(served.url, staff_token)
    staff.data(VIEWER)
    staff.close()
    # then
    after = {t["name"]: t for t in admin.data("{ tokens { name prefix lastUsedAt revokedAt } }")["tokens"]}
    assert after["Desk officer"]["lastUsedAt"] is not None and after["Desk officer"]["prefix"] == staff_token[:12]
    assert staff_token not in admin.http.post("/graphql", json={"query": "{ tokens { name prefix } }"}).text
    admin.close()


def test_an_admin_issues_and_revokes_tokens_through_the_api(served):
    admin = GraphQLClient(served.url, issue_token(served.database_url, "admin", "Hub administrator"))
    issued = admin.data(
        'mutation { tokenCreate(input: {name: "Desk officer", role: STAFF}) { token { id role name } secret userErrors { code } } }'
    )["tokenCreate"]
    assert TOKEN_LINE.match(issued["secret"]) and issued["token"]["role"] == "STAFF"
    holder = GraphQLClient(served.url, issued["secret"])
    assert holder.data(VIEWER)["viewer"]["name"] == "Desk officer"
    holder.close()
    refused = admin.data('mutation { tokenCreate(input: {name: "Nobody", role: PARTNER}) { secret userErrors { field code } } }')[
        "tokenCreate"
    ]
    assert refused == {"secret": None, "userErrors": [{"field": ["city"], "code": "BAD_USER_INPUT"}]}
    revoked = admin.data(
        "mutation ($id: ID!) { tokenRevoke(input: {id: $id}) { token { revokedAt } userErrors { code } } }", {"id": issued["token"]["id"]}
    )["tokenRevoke"]
    assert revoked["token"]["revokedAt"] and revoked["userErrors"] == []
    assert (
        httpx.post(f"{served.url}/graphql", json={"query": VIEWER}, headers={"Authorization": f"Bearer {issued['secret']}"}).status_code
        == 401
    )
    admin.close()


def test_public_reads_can_be_switched_off(empty_database, backend):
    server = HubServer(empty_database, backend, public_reads=False).start()
    try:
        anonymous = httpx.post(f"{server.url}/graphql", json={"query": "{ cities(first: 1) { totalCount } }"})
        assert anonymous.status_code == 401 and anonymous.json()["data"] is None
        assert anonymous.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        token = issue_token(empty_database, "staff", "Reader")
        reader = GraphQLClient(server.url, token)
        assert reader.data("{ cities(first: 1) { totalCount } }") == {"cities": {"totalCount": 0}}
        reader.close()
        for fmt in ("json", "graphml", "gexf"):  # the network files keep the same door
            assert httpx.get(f"{server.url}/export/network.{fmt}").status_code == 401
            assert httpx.get(f"{server.url}/export/network.{fmt}", headers={"Authorization": "Bearer nope"}).status_code == 401
            assert httpx.get(f"{server.url}/export/network.{fmt}", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    finally:
        server.stop()
