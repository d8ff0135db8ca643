"""Live updates over graphql-transport-ws: what each subscription sends, to whom, and only once a write commits."""

from __future__ import annotations

import asyncio
import time
from datetime import date, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from hub.config import Limits
from tests.support import HubServer, LiveClient, issue_token, wait_for_subscribers

NETWORK_CHANGED = "subscription ($kinds: [NodeKind!]) { networkChanged(kinds: $kinds) { target kind id action dataVersion } }"
PROGRESS_REPORTED = """
subscription ($initiative: ID!) { progressReported(initiative: $initiative) { id percent status target { id } agency { id } } }
"""
AUDIT_APPENDED = "subscription { auditAppended { action actor targetId after } }"
CREATE_INITIATIVE = """
mutation ($input: InitiativeCreateInput!) { initiativeCreate(input: $input) { initiative { id } userErrors { field code } } }
"""
CREATE_CITY = """
mutation ($input: CityCreateInput!) { cityCreate(input: $input) { city { id } userErrors { field code } } }
"""
ARCHIVE_INITIATIVE = """
mutation ($input: NodeVersionInput!) { initiativeArchive(input: $input) { initiative { id version } userErrors { code } } }
"""
IDS = """
{
  department: agencies(filter: {text: "So Van hoa va The thao Ha Noi"}) { edges { node { id } } }
  festival: initiatives(filter: {text: "Le hoi Thiet ke sang tao Ha Noi"}) { edges { node { id } } }
  network: initiatives(filter: {text: "Mang luoi cac nha thiet ke"}) { edges { node { id } } }
}
"""
ASSIGN = "mutation ($input: LinkCreateInput!) { linkCreate(input: $input) { link { id } userErrors { field code } } }"
SUBMIT = """
mutation ($input: ProgressReportSubmitInput!) { progressReportSubmit(input: $input) { progressReport { id } userErrors { field code } } }
"""
LAST_MONTH = (date.today().replace(day=1) - timedelta(days=1)).strftime("%Y-%m")


@pytest.fixture(scope="module")
def tokens(writable_server) -> dict[str, str]:
    url = writable_server.database_url
    return {role: issue_token(url, role, f"Live {role}") for role in ("admin", "staff")}


@pytest.fixture(scope="module")
def ids(write_api) -> dict[str, str]:
    return {name: value["edges"][0]["node"]["id"] for name, value in write_api.data(IDS).items()}


@pytest.fixture
def live(writable_server, tokens):
    """Opens connections (staff by default) and closes them after the test."""
    opened = []

    def connect(payload: dict | None = None, **options) -> LiveClient:
        client = LiveClient(writable_server.url, {"token": tokens["staff"]} if payload is None else payload, **options)
        opened.append(client)
        return client

    yield connect
    for client in opened:
        client.close()


def create_initiative(api, name: str) -> dict:
    return api.data(CREATE_INITIATIVE, {"input": {"nameVi": name, "scope": "LOCAL"}})["initiativeCreate"]


def test_network_changed_sends_a_created_node_of_the_kinds_asked_for(writable_server, write_api, live):
    client = live()
    operation = client.subscribe(NETWORK_CHANGED, {"kinds": ["INITIATIVE"]})
    wait_for_subscribers(writable_server, 1)
    write_api.data(CREATE_CITY, {"input": {"nameVi": "Thành phố thử", "country": "Nowhere", "field": "DESIGN", "designationYear": 2020}})
    created = create_initiative(write_api, "Sáng kiến trực tiếp")["initiative"]

    message = client.receive()

    assert message["type"] == "next" and message["id"] == operation
    change = message["payload"]["data"]["networkChanged"]
    assert (change["target"], change["kind"], change["id"], change["action"]) == ("NODE", "INITIATIVE", created["id"], "CREATED")
    assert change["dataVersion"] > 0


def test_network_changed_sends_archive_and_link_changes_in_commit_order(writable_server, write_api, live, ids):
    client = live()
    client.subscribe(NETWORK_CHANGED)
    wait_for_subscribers(writable_server, 1)
    created = create_initiative(write_api, "Sáng kiến lưu trữ")["initiative"]
    write_api.data(ARCHIVE_INITIATIVE, {"input": {"id": created["id"], "version": 1}})
    link = write_api.data(ASSIGN, {"input": {"from": ids["department"], "to": ids["network"], "kind": "SUPPORTS"}})["linkCreate"]["link"]

    changes = [client.receive()["payload"]["data"]["networkChanged"] for _ in range(3)]

    assert [(c["target"], c["id"], c["action"]) for c in changes] == [
        ("NODE", created["id"], "CREATED"),
        ("NODE", created["id"], "ARCHIVED"),
        ("LINK", link["id"], "CREATED"),
    ]
    assert changes[2]["kind"] == "SUPPORTS"
    assert changes[0]["dataVersion"] < changes[1]["dataVersion"] < changes[2]["dataVersion"]


def test_a_write_refused_by_validation_publishes_nothing(writable_server, write_api, live):
    client = live()
    client.subscribe(NETWORK_CHANGED)
    wait_for_subscribers(writable_server, 1)
    refused = write_api.data(CREATE_INITIATIVE, {"input": {"nameVi": "", "scope": "LOCAL"}})["initiativeCreate"]
    assert refused["userErrors"]
    created = create_initiative(write_api, "Sáng kiến hợp lệ")["initiative"]

    change = client.receive()["payload"]["data"]["networkChanged"]

    assert change["id"] == created["id"]  # the refused write came first and sent nothing


def test_progress_reported_sends_reports_on_the_initiative_only(writable_server, write_api, live, ids):
    for target in ("festival", "network"):
        assigned = write_api.data(
            ASSIGN,
            {
                "input": {
                    "from": ids["department"],
                    "to": ids[target],
                    "kind": "RESPONSIBLE_FOR",
                    "role": "LEAD",
                    "reportingCadence": "MONTHLY",
                    "since": "2024-01-01",
                }
            },
        )["linkCreate"]
        assert assigned["userErrors"] == []
    client = live()
    operation = client.subscribe(PROGRESS_REPORTED, {"initiative": ids["festival"]})
    wait_for_subscribers(writable_server, 1)
    report = {"agency": ids["department"], "period": LAST_MONTH, "status": "ON_TRACK", "summaryVi": "Đúng tiến độ"}
    write_api.data(SUBMIT, {"input": {**report, "target": ids["network"], "percent": 10}})
    submitted = write_api.data(SUBMIT, {"input": {**report, "target": ids["festival"], "percent": 55}})["progressReportSubmit"]

    message = client.receive()

    assert message["id"] == operation
    sent = message["payload"]["data"]["progressReported"]
    assert sent == {
        "id": submitted["progressReport"]["id"],
        "percent": 55,
        "status": "ON_TRACK",
        "target": {"id": ids["festival"]},
        "agency": {"id": ids["department"]},
    }


def test_progress_reported_refuses_an_id_that_is_not_an_initiative(live, ids):
    client = live()
    client.subscribe(PROGRESS_REPORTED, {"initiative": ids["department"]})

    message = client.receive()

    assert message["type"] in ("next", "error")
    errors = message["payload"]["errors"] if message["type"] == "next" else message["payload"]
    assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT"


@pytest.mark.parametrize("payload", ["authorization", "token", "header"])
def test_audit_appended_reaches_an_admin_authenticated_any_way(writable_server, write_api, live, tokens, payload):
    if payload == "header":
        client = live({}, headers={"Authorization": f"Bearer {tokens['admin']}"})
    else:
        client = live({"authorization": f"Bearer {tokens['admin']}"} if payload == "authorization" else {"token": tokens["admin"]})
    client.subscribe(AUDIT_APPENDED)
    wait_for_subscribers(writable_server, 1)
    created = create_initiative(write_api, f"Sáng kiến kiểm toán {payload}")["initiative"]

    entry = client.receive()["payload"]["data"]["auditAppended"]

    assert (entry["action"], entry["actor"], entry["targetId"]) == ("CREATE", "staff:Staff writer", created["id"])
    assert entry["after"]["name_vi"] == f"Sáng kiến kiểm toán {payload}"


@pytest.mark.parametrize(("who", "code"), [("staff", "FORBIDDEN"), (None, "UNAUTHENTICATED")])
def test_audit_appended_is_for_admins_only(live, tokens, who, code):
    client = live({"token": tokens[who]} if who else {})
    operation = client.subscribe(AUDIT_APPENDED)

    message = client.receive()

    assert message["id"] == operation
    errors = message["payload"]["errors"] if message["type"] == "next" else message["payload"]
    assert errors[0]["extensions"]["code"] == code


def test_a_refused_token_in_connection_init_refuses_every_operation(live):
    client = live({"authorization": "Bearer cch_not-a-token"})
    client.subscribe(NETWORK_CHANGED)

    message = client.receive()

    errors = message["payload"]["errors"] if message["type"] == "next" else message["payload"]
    assert errors[0]["extensions"]["code"] == "UNAUTHENTICATED"


def test_closed_public_reads_refuse_anonymous_subscribers_but_not_token_holders(writable_server, backend, tokens):
    server = HubServer(writable_server.database_url, backend, public_reads=False).start()
    anonymous, member = LiveClient(server.url), LiveClient(server.url, {"token": tokens["staff"]})
    try:
        anonymous.subscribe(NETWORK_CHANGED)
        message = anonymous.receive()
        errors = message["payload"]["errors"] if message["type"] == "next" else message["payload"]
        assert errors[0]["extensions"]["code"] == "UNAUTHENTICATED"

        member.subscribe(NETWORK_CHANGED)
        wait_for_subscribers(server, 1)
    finally:
        anonymous.close()
        member.close()
        server.stop()


def test_subscriptions_per_socket_are_capped_at_the_limit(writable_server, backend, tokens):
    server = HubServer(writable_server.database_url, backend, limits=Limits(max_subscriptions=3)).start()
    client = LiveClient(server.url, {"token": tokens["staff"]})
    try:
        first, *_ = [client.subscribe(NETWORK_CHANGED) for _ in range(3)]
        wait_for_subscribers(server, 3)  # just at the limit: all three listen

        refused = client.subscribe(NETWORK_CHANGED)
        message = client.receive()

        assert (message["type"], message["id"]) == ("error", refused)
        assert message["payload"][0]["extensions"] == {"code": "LIMIT_EXCEEDED", "limit": "max_subscriptions", "value": 3}
        client.complete(first)
        client.subscribe(NETWORK_CHANGED)  # a freed place can be taken again
        wait_for_subscribers(server, 3)
    finally:
        client.close()
        server.stop()


def test_a_dropped_listener_reconnects_and_sends_what_was_committed_meanwhile(writable_server, backend, write_api, live):
    listener = writable_server.app.state.listener
    if backend == "sqlite":  # one process, whose writes hand their changes straight to its subscribers
        assert listener is None
        return
    listener.first_retry = 1.0  # long enough for the writes below to commit while nobody listens
    client = live()
    client.subscribe(NETWORK_CHANGED, {"kinds": ["INITIATIVE"]})
    wait_for_subscribers(writable_server, 1)
    listened = listener.connections

    asyncio.run(_terminate(writable_server.database_url, listener.connection.get_server_pid()))
    _wait_until(lambda: listener.connection is None)
    created = [create_initiative(write_api, f"Sáng kiến khi mất kết nối {n}")["initiative"]["id"] for n in range(3)]

    received = [client.receive()["payload"]["data"]["networkChanged"]["id"] for _ in range(3)]
    assert received == created
    assert listener.connections == listened + 1


async def _terminate(database_url: str, pid: int) -> None:
    engine = create_async_engine(database_url)
    try:
        async with engine.connect() as connection:
            assert (await connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})).scalar_one()
    finally:
        await engine.dispose()


def _wait_until(condition, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the condition did not come true"
        time.sleep(0.01)


def test_queries_on_one_socket_each_read_afresh_beside_a_running_subscription(writable_server, write_api, live):
    client = live()
    client.subscribe("subscription { networkChanged(kinds: [PLAN]) { id } }")
    wait_for_subscribers(writable_server, 1)
    count = "{ initiatives(first: 1) { totalCount } }"
    answers = []
    for round_ in range(2):
        operation = client.subscribe(count)
        reply = client.receive()
        assert (reply["id"], reply["type"]) == (operation, "next"), reply
        answers.append(reply["payload"]["data"]["initiatives"]["totalCount"])
        assert client.receive() == {"id": operation, "type": "complete"}
        create_initiative(write_api, f"Sáng kiến trên cùng kết nối {round_}")
    assert answers[1] == answers[0] + 1
