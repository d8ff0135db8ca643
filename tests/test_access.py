"""Who may do what: every mutation and every guarded field, tried by each role.

Roles: the public (no token), a partner scoped to its city, a reporter scoped to its agency, staff
and an admin. A refusal is UNAUTHENTICATED for the public and FORBIDDEN for a token that does not
reach, always with no data, and a refused write leaves nothing behind.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from tests.support import GraphQLClient, issue_token
from tests.test_mutations_by_kind import KINDS

ROLES = ["public", "partner", "reporter", "staff", "admin"]
STAFF = {"staff", "admin"}
MUTATION_FIELDS = '{ __type(name: "Mutation") { fields { name } } }'
AUDIT_COUNT = "{ auditLog(first: 1) { totalCount } }"
_serial = itertools.count(1)
_months = itertools.count(0)


class World:
    """The module's hub, a token per role, and nodes made by the admin for each attempt."""

    def __init__(self, server) -> None:
        url = server.database_url
        self.admin = GraphQLClient(server.url, issue_token(url, "admin", "Matrix admin"))
        self.partner_city = self.create("city", {"nameVi": "Thành phố đối tác", "country": "Partnerland"})
        self.agency = self.create("agency", {"nameVi": "Sở báo cáo", "agencyKind": "DEPARTMENT"})
        self.other_agency = self.create("agency", {"nameVi": "Sở khác", "agencyKind": "DEPARTMENT"})
        self.initiative = self.create("initiative", {"nameVi": "Sáng kiến được giao", "scope": "LOCAL"})
        for agency in (self.agency, self.other_agency):
            self.link(agency, self.initiative, "RESPONSIBLE_FOR", role="LEAD")
        self.clients = {
            "public": GraphQLClient(server.url),
            "partner": GraphQLClient(server.url, issue_token(url, "partner", "Partner city hall", "--city", self.partner_city["id"])),
            "reporter": GraphQLClient(server.url, issue_token(url, "reporter", "Department reporter", "--agency", self.agency["id"])),
            "staff": GraphQLClient(server.url, issue_token(url, "staff", "Matrix staff")),
            "admin": self.admin,
        }

    def create(self, noun: str, fields: dict | None = None) -> dict:
        type_name, defaults, _changes = KINDS[noun]
        document = f"mutation ($input: {type_name}CreateInput!) {{ {noun}Create(input: $input) {{ {noun} {{ id version }} userErrors {{ code }} }} }}"
        payload = self.admin.data(document, {"input": fields or {**defaults, "nameVi": f"{defaults['nameVi']} {next(_serial)}"}})[
            f"{noun}Create"
        ]
        assert payload["userErrors"] == []
        return payload[noun]

    def archived(self, noun: str) -> dict:
        node = self.create(noun)
        document = f"mutation ($input: NodeVersionInput!) {{ {noun}Archive(input: $input) {{ {noun} {{ id version }} }} }}"
        return self.admin.data(document, {"input": {"id": node["id"], "version": node["version"]}})[f"{noun}Archive"][noun]

    def link(self, origin: dict, target: dict, kind: str, **fields) -> dict:
        document = "mutation ($input: LinkCreateInput!) { linkCreate(input: $input) { link { id version } userErrors { code } } }"
        payload = self.admin.data(document, {"input": {"from": origin["id"], "to": target["id"], "kind": kind, **fields}})["linkCreate"]
        assert payload["userErrors"] == []
        return payload["link"]

    def version_of(self, node: dict) -> int:
        return self.admin.data("query ($id: ID!) { node(id: $id) { version } }", {"id": node["id"]})["node"]["version"]

    def close(self) -> None:
        for client in self.clients.values():
            client.close()


@dataclass(frozen=True)
class Operation:
    """One mutation as a role would try it: `attempt(world)` returns (document, variables)."""

    label: str
    mutation: str
    allowed: frozenset[str]
    attempt: Callable[[World], tuple[str, dict]]


def _doc(mutation: str, input_type: str, selection: str = "__typename") -> str:
    return f"mutation ($input: {input_type}!) {{ {mutation}(input: $input) {{ {selection} userErrors {{ field code }} }} }}"


def _node_operations() -> list[Operation]:
    operations = []
    for noun, (type_name, _create, changes) in sorted(KINDS.items()):
        operations += [
            Operation(
                f"{noun}Create",
                f"{noun}Create",
                frozenset(STAFF),
                lambda w, n=noun, t=type_name: (
                    _doc(f"{n}Create", f"{t}CreateInput"),
                    {"input": {**KINDS[n][1], "nameVi": f"{KINDS[n][1]['nameVi']} {next(_serial)}"}},
                ),
            ),
            Operation(
                f"{noun}Update",
                f"{noun}Update",
                frozenset(STAFF),
                lambda w, n=noun, t=type_name, c=changes: (
                    _doc(f"{n}Update", f"{t}UpdateInput"),
                    {"input": {"id": (node := w.create(n))["id"], "version": node["version"], **c}},
                ),
            ),
            Operation(
                f"{noun}Archive",
                f"{noun}Archive",
                frozenset(STAFF),
                lambda w, n=noun: (
                    _doc(f"{n}Archive", "NodeVersionInput"),
                    {"input": {"id": (node := w.create(n))["id"], "version": node["version"]}},
                ),
            ),
        ]
    return operations


def _report(world: World, agency: dict) -> tuple[str, dict]:
    """A report for a month no other attempt used."""
    month = next(_months)
    return _doc("progressReportSubmit", "ProgressReportSubmitInput"), {
        "input": {
            "agency": agency["id"],
            "target": world.initiative["id"],
            "period": f"{2015 + month // 12}-{month % 12 + 1:02d}",
            "percent": 10,
            "status": "ON_TRACK",
            "summaryEn": "Going well",
        }
    }


OPERATIONS = _node_operations() + [
    Operation(
        "cityUpdate (the partner's own city)",
        "cityUpdate",
        frozenset({"partner", *STAFF}),
        lambda w: (
            _doc("cityUpdate", "CityUpdateInput"),
            {"input": {"id": w.partner_city["id"], "version": w.version_of(w.partner_city), "focalPoint": f"Focal point {next(_serial)}"}},
        ),
    ),
    Operation(
        "nodeRestore",
        "nodeRestore",
        frozenset(STAFF),
        lambda w: (
            _doc("nodeRestore", "NodeVersionInput"),
            {"input": {"id": (node := w.archived("event"))["id"], "version": node["version"]}},
        ),
    ),
    Operation(
        "linkCreate (not touching the partner's city)",
        "linkCreate",
        frozenset(STAFF),
        lambda w: (
            _doc("linkCreate", "LinkCreateInput"),
            {"input": {"from": w.create("city")["id"], "to": w.create("city")["id"], "kind": "PARTNERS_WITH"}},
        ),
    ),
    Operation(
        "linkCreate (touching the partner's city)",
        "linkCreate",
        frozenset({"partner", *STAFF}),
        lambda w: (
            _doc("linkCreate", "LinkCreateInput"),
            {"input": {"from": w.partner_city["id"], "to": w.create("city")["id"], "kind": "PARTNERS_WITH"}},
        ),
    ),
    Operation(
        "linkUpdate (not touching the partner's city)",
        "linkUpdate",
        frozenset(STAFF),
        lambda w: (
            _doc("linkUpdate", "LinkUpdateInput"),
            {
                "input": {
                    "id": (link := w.link(w.create("city"), w.create("city"), "PARTNERS_WITH"))["id"],
                    "version": link["version"],
                    "note": "changed",
                }
            },
        ),
    ),
    Operation(
        "linkUpdate (touching the partner's city)",
        "linkUpdate",
        frozenset({"partner", *STAFF}),
        lambda w: (
            _doc("linkUpdate", "LinkUpdateInput"),
            {
                "input": {
                    "id": (link := w.link(w.partner_city, w.create("city"), "PARTNERS_WITH"))["id"],
                    "version": link["version"],
                    "until": "2030-12-31",
                }
            },
        ),
    ),
    Operation(
        "linkDelete (not touching the partner's city)",
        "linkDelete",
        frozenset(STAFF),
        lambda w: (
            _doc("linkDelete", "LinkDeleteInput"),
            {"input": {"id": (link := w.link(w.create("city"), w.create("city"), "PARTNERS_WITH"))["id"], "version": link["version"]}},
        ),
    ),
    Operation(
        "linkDelete (touching the partner's city)",
        "linkDelete",
        frozenset({"partner", *STAFF}),
        lambda w: (
            _doc("linkDelete", "LinkDeleteInput"),
            {"input": {"id": (link := w.link(w.create("city"), w.partner_city, "PARTNERS_WITH"))["id"], "version": link["version"]}},
        ),
    ),
    Operation(
        "progressReportSubmit (the reporter's own agency)",
        "progressReportSubmit",
        frozenset({"reporter", *STAFF}),
        lambda w: _report(w, w.agency),
    ),
    Operation("progressReportSubmit (another agency)", "progressReportSubmit", frozenset(STAFF), lambda w: _report(w, w.other_agency)),
    Operation(
        "tokenCreate",
        "tokenCreate",
        frozenset({"admin"}),
        lambda w: (
            _doc("tokenCreate", "TokenCreateInput", "secret"),
            {"input": {"name": f"Another staff member {next(_serial)}", "role": "STAFF"}},
        ),
    ),
    Operation(
        "tokenRevoke",
        "tokenRevoke",
        frozenset({"admin"}),
        lambda w: (
            _doc("tokenRevoke", "TokenRevokeInput"),
            {
                "input": {
                    "id": w.admin.data(
                        _doc("tokenCreate", "TokenCreateInput", "token { id }"),
                        {"input": {"name": f"Short-lived {next(_serial)}", "role": "STAFF"}},
                    )["tokenCreate"]["token"]["id"]
                }
            },
        ),
    ),
]


@pytest.fixture(scope="module")
def world(writable_server):
    built = World(writable_server)
    yield built
    built.close()


def refusal_for(role: str) -> str:
    return "UNAUTHENTICATED" if role == "public" else "FORBIDDEN"


def test_the_matrix_covers_every_mutation(api):
    fields = {field["name"] for field in api.data(MUTATION_FIELDS)["__type"]["fields"]}
    assert fields == {operation.mutation for operation in OPERATIONS}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: operation.label)
def test_each_role_may_do_exactly_what_its_token_reaches(world, operation, role):
    # given
    document, variables = operation.attempt(world)
    written_before = world.admin.data(AUDIT_COUNT)["auditLog"]["totalCount"]
    # when
    body = world.clients[role](document, variables)
    # then
    if role in operation.allowed:
        assert "errors" not in body, body
        assert body["data"][operation.mutation]["userErrors"] == []
    else:
        assert body["data"] is None, body
        assert [error["extensions"]["code"] for error in body["errors"]] == [refusal_for(role)]
        assert world.admin.data(AUDIT_COUNT)["auditLog"]["totalCount"] == written_before


PERSONAL = """
query ($designer: ID!, $city: ID!) {
  designer: node(id: $designer) { ... on Designer { email phone } }
  city: node(id: $city) { ... on City { focalPoint } }
}
"""


@pytest.mark.parametrize("role", ROLES)
def test_personal_fields_are_for_staff_only(world, role):
    # given a designer and a city with contacts
    designer = world.create("designer", {"nameVi": "Nhà thiết kế riêng tư", "email": "private@example.org", "phone": "+84 912 345 678"})
    world.admin.data(
        _doc("cityUpdate", "CityUpdateInput"),
        {"input": {"id": world.partner_city["id"], "version": world.version_of(world.partner_city), "focalPoint": "Ms Focal"}},
    )
    # when
    body = world.clients[role](PERSONAL, {"designer": designer["id"], "city": world.partner_city["id"]})
    # then
    if role in STAFF:
        assert "errors" not in body
        assert body["data"] == {
            "designer": {"email": "private@example.org", "phone": "+84 912 345 678"},
            "city": {"focalPoint": "Ms Focal"},
        }
    else:
        assert body["data"] == {"designer": {"email": None, "phone": None}, "city": {"focalPoint": None}}
        assert sorted((e["path"][-1], e["extensions"]["code"]) for e in body["errors"]) == [
            ("email", refusal_for(role)),
            ("focalPoint", refusal_for(role)),
            ("phone", refusal_for(role)),
        ]


GUARDED_READS = {
    "auditLog": ("{ auditLog(first: 1) { totalCount } }", {"admin"}),
    "tokens": ("{ tokens { name role } }", {"admin"}),
    "history": ("query ($id: ID!) { node(id: $id) { history(first: 1) { totalCount } } }", STAFF),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("field", sorted(GUARDED_READS))
def test_the_audit_trail_and_tokens_are_guarded(world, field, role):
    document, allowed = GUARDED_READS[field]
    body = world.clients[role](document, {"id": world.initiative["id"]} if "$id" in document else None)
    if role in allowed:
        assert "errors" not in body, body
    else:
        assert [error["extensions"]["code"] for error in body["errors"]] == [refusal_for(role)]
        assert body["data"] in (None, {"node": None})


@pytest.mark.parametrize("role", ROLES)
def test_viewer_says_who_is_asking(world, role):
    viewer = world.clients[role].data("{ viewer { role name city { nameVi } agency { nameVi } } }")["viewer"]
    expected = {
        "public": ("PUBLIC", "anonymous", None, None),
        "partner": ("PARTNER", "Partner city hall", {"nameVi": "Thành phố đối tác"}, None),
        "reporter": ("REPORTER", "Department reporter", None, {"nameVi": "Sở báo cáo"}),
        "staff": ("STAFF", "Matrix staff", None, None),
        "admin": ("ADMIN", "Matrix admin", None, None),
    }[role]
    assert (viewer["role"], viewer["name"], viewer["city"], viewer["agency"]) == expected


def test_writes_are_audited_under_the_token_holders_name(world):
    world.clients["partner"].data(
        _doc("cityUpdate", "CityUpdateInput"),
        {"input": {"id": world.partner_city["id"], "version": world.version_of(world.partner_city), "nameEn": "Partner City"}},
    )
    log = world.admin.data('{ auditLog(first: 1, actor: "partner:Partner city hall") { edges { node { action after } } } }')
    assert log["auditLog"]["edges"][0]["node"]["action"] == "UPDATE"
    assert log["auditLog"]["edges"][0]["node"]["after"]["name_en"] == "Partner City"
