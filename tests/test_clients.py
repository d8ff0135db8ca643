"""Real clients of the API: Python's `gql` and JavaScript's `graphql-ws`, with a token, over HTTP and WebSocket."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess

import pytest
from gql import Client, gql
from gql.transport.httpx import HTTPXAsyncTransport
from gql.transport.websockets import WebsocketsTransport

from tests.support import ROOT, issue_token, skip_or_fail, wait_for_subscribers

CLIENTS = ROOT / "tests" / "clients"
VIEWER = "{ viewer { role name } initiatives(first: 1) { totalCount } }"
NETWORK_CHANGED = "subscription { networkChanged(kinds: [INITIATIVE]) { target kind id action } }"
CREATE_INITIATIVE = """
mutation ($input: InitiativeCreateInput!) { initiativeCreate(input: $input) { initiative { id } userErrors { field code } } }
"""


@pytest.fixture(scope="module")
def partner_token(writable_server) -> str:
    return issue_token(writable_server.database_url, "staff", "Partner integration")


def test_gql_runs_a_query_over_http_and_a_subscription_over_websocket(writable_server, write_api, partner_token):
    async def scenario() -> tuple[dict, dict]:
        http = HTTPXAsyncTransport(url=writable_server.url + "/graphql", headers={"Authorization": f"Bearer {partner_token}"})
        async with Client(transport=http) as session:
            answered = await session.execute(gql(VIEWER))
        socket = WebsocketsTransport(
            url=writable_server.url.replace("http", "ws", 1) + "/graphql",
            init_payload={"authorization": f"Bearer {partner_token}"},
            subprotocols=[WebsocketsTransport.GRAPHQLWS_SUBPROTOCOL],
        )
        async with Client(transport=socket) as session:
            events = session.subscribe(gql(NETWORK_CHANGED))
            first = asyncio.ensure_future(events.__anext__())
            await asyncio.to_thread(wait_for_subscribers, writable_server, 1)
            created = await asyncio.to_thread(
                write_api.data, CREATE_INITIATIVE, {"input": {"nameVi": "Sáng kiến từ gql", "scope": "LOCAL"}}
            )
            event = await asyncio.wait_for(first, 20)
            await events.aclose()
        return answered, {"created": created["initiativeCreate"]["initiative"]["id"], **event}

    answered, event = asyncio.run(scenario())

    assert answered["viewer"] == {"role": "STAFF", "name": "Partner integration"}
    assert answered["initiatives"]["totalCount"] > 0
    assert event["networkChanged"] == {"target": "NODE", "kind": "INITIATIVE", "id": event["created"], "action": "CREATED"}


@pytest.fixture(scope="module")
def node_client() -> str:
    """The JavaScript client's dependencies, installed exactly as locked."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        skip_or_fail("the JavaScript client test needs Node.js and npm")
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=CLIENTS, check=True, capture_output=True, timeout=300)
    return str(CLIENTS / "live.mjs")


def test_graphql_ws_runs_a_query_and_receives_a_subscription_event(writable_server, write_api, partner_token, node_client):
    url = writable_server.url.replace("http", "ws", 1) + "/graphql"
    process = subprocess.Popen(["node", node_client, url, partner_token], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        query = json.loads(process.stdout.readline())["query"]
        assert json.loads(process.stdout.readline()) == {"subscribed": True}
        wait_for_subscribers(writable_server, 1)
        created = write_api.data(CREATE_INITIATIVE, {"input": {"nameVi": "Sáng kiến từ graphql-ws", "scope": "LOCAL"}})
        event = json.loads(process.stdout.readline())["event"]
        assert process.wait(20) == 0, process.stderr.read()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stdout.close()
        process.stderr.close()

    assert query["data"]["viewer"] == {"role": "STAFF", "name": "Partner integration"}
    assert query["data"]["initiatives"]["totalCount"] > 0
    change = event["data"]["networkChanged"]
    assert (change["target"], change["kind"], change["id"], change["action"]) == (
        "NODE",
        "INITIATIVE",
        created["initiativeCreate"]["initiative"]["id"],
        "CREATED",
    )
    assert change["dataVersion"] > 0
