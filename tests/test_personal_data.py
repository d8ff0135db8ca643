"""Personal data (designers' e-mails and phones, cities' focal points) reaches staff and nobody else.

Staff store distinctive contacts; then the public, a partner of another city, a partner of the very
city whose focal point was stored, and a reporter try every way in: every root field and every
field below it (generated from introspection, so a new field is covered as soon as it exists),
search and every text filter, every ordering, mutation payloads and refusals, the audit trail, the
network exports and the HTML pages. No response may carry the contacts or a recognisable part of
them, not even inside an opaque cursor; staff, asked the same, get them (so the probes can fail).
"""

from __future__ import annotations

import base64
import binascii
import itertools
import json
import re

import httpx
import pytest

from hub.config import Limits
from tests.support import HubServer, drop_database, fresh_database, hub_command, issue_token

DESIGNER_EMAIL = "quokka.lumen@privatecanary.example"
DESIGNER_PHONE = "+84 913 572 468"
SECOND_EMAIL = "marmot.vesper@hiddenmailbox.example"
SECOND_PHONE = "(024) 3971 8264"
FOCAL_POINT = "Ms Zephyrine Quillfeather, zephyrine.q@focalcanary.example, +84 24 3825 7719"
# The values and the parts someone could recognise them by.
SECRETS = (
    DESIGNER_EMAIL,
    "quokka.lumen",
    "privatecanary",
    DESIGNER_PHONE,
    "913 572 468",
    "913572468",
    SECOND_EMAIL,
    "marmot.vesper",
    "hiddenmailbox",
    SECOND_PHONE,
    "3971 8264",
    "39718264",
    FOCAL_POINT,
    "Zephyrine",
    "Quillfeather",
    "zephyrine.q",
    "focalcanary",
    "3825 7719",
    "38257719",
)
# What a caller might type into a search box or a text filter to find them.
PROBES = (
    DESIGNER_EMAIL,
    "quokka",
    "privatecanary.example",
    "913 572 468",
    "913572468",
    SECOND_EMAIL,
    "39718264",
    "Quillfeather",
    "Zephyrine Quillfeather",
    "focalcanary",
    "3825 7719",
)
OUTSIDERS = ["public", "partner elsewhere", "partner of the city", "reporter"]
PERSONAL_NAME = re.compile(r"mail|phone|focal|contact", re.IGNORECASE)
REFUSED = {"UNAUTHENTICATED", "FORBIDDEN"}
STAFF_ONLY_NESTED = frozenset({"history"})
# The generated documents are far larger than any client's; the limits must not be what refuses them.
ROOMY = Limits(max_depth=100, max_aliases=1_000_000, max_tokens=10_000_000, max_directives=10_000, max_nodes=10**12)
_serial = itertools.count(1)


# -- what a response reveals -------------------------------------------------------------------


def _decoded(text: str) -> str:
    """`text` and what its base64-looking pieces (cursors, IDs) decode to."""
    pieces = [text]
    for candidate in re.findall(r"[A-Za-z0-9+/_-]{8,}={0,2}", text):
        for decode in (base64.b64decode, base64.urlsafe_b64decode):
            try:
                pieces.append(decode(candidate + "=" * (-len(candidate) % 4)).decode("utf-8"))
            except (binascii.Error, UnicodeDecodeError, ValueError):
                continue
    return "\n".join(pieces)


def revealed(text: str) -> list[str]:
    """The secrets (or parts of them) found in a response body, cursors and IDs decoded."""
    haystack = _decoded(text)
    try:
        haystack += "\n" + json.dumps(json.loads(text), ensure_ascii=False)  # escapes undone
    except ValueError:
        pass
    haystack = haystack.casefold()
    return [secret for secret in SECRETS if secret.casefold() in haystack]


class Caller:
    """One role's HTTP client: every answer is kept, so the test can check all it was told."""

    def __init__(self, url: str, token: str | None = None) -> None:
        self.http = httpx.Client(base_url=url, timeout=60, headers={"Authorization": f"Bearer {token}"} if token else {})
        self.bodies: list[str] = []

    def __call__(self, query: str, variables: dict | None = None) -> dict:
        response = self.http.post("/graphql", json={"query": query, "variables": variables or {}})
        self.bodies.append(response.text)
        return response.json()

    def get(self, path: str, **headers) -> httpx.Response:
        response = self.http.get(path, headers=headers)
        self.bodies.append(response.text)
        return response

    def close(self) -> None:
        self.http.close()

    def revealed(self) -> list[str]:
        return sorted({secret for body in self.bodies for secret in revealed(body)})


def error_codes(body: dict) -> set[str]:
    return {error.get("extensions", {}).get("code") for error in body.get("errors", [])}


def ids_in(value) -> set[str]:
    """Every `id` anywhere in a response's data."""
    if isinstance(value, dict):
        return {v for k, v in value.items() if k == "id" and isinstance(v, str)} | {i for v in value.values() for i in ids_in(v)}
    if isinstance(value, list):
        return {i for v in value for i in ids_in(v)}
    return set()


# -- documents from introspection --------------------------------------------------------------

INTROSPECTION = """
fragment Ref on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }
{ __schema { queryType { name } mutationType { name } types {
    kind name possibleTypes { name }
    enumValues { name }
    inputFields { name type { ...Ref } }
    fields { name type { ...Ref } args { name defaultValue type { ...Ref } } }
} } }
"""


def _named(ref: dict) -> str:
    while ref.get("ofType"):
        ref = ref["ofType"]
    return ref["name"]


def _is_list(ref: dict) -> bool:
    while ref:
        if ref["kind"] == "LIST":
            return True
        ref = ref.get("ofType")
    return False


class Schema:
    """The served schema, and selections of everything a type offers down to a depth."""

    def __init__(self, caller, *, leave_out: frozenset[str] = frozenset()) -> None:
        self.leave_out = leave_out
        found = caller(INTROSPECTION)["data"]["__schema"]
        self.types = {t["name"]: t for t in found["types"]}
        self.query = self.types[found["queryType"]["name"]]
        self.mutation = self.types[found["mutationType"]["name"]]

    def selection(self, type_name: str, depth: int, arguments) -> str:
        """Every field of the type (and of each type an interface may be), nested `depth` objects deep.

        Fields below an interface are aliased by their type, so fields of one name and different
        types on two kinds never clash. Fields whose required arguments `arguments` cannot fill
        are left out.
        """
        kind = self.types[type_name]
        parts = ["__typename"]
        if kind["kind"] == "OBJECT":
            parts += self._fields(kind, depth, arguments, alias="")
        else:
            for possible in kind["possibleTypes"] or []:
                inner = self._fields(self.types[possible["name"]], depth, arguments, alias=f"{possible['name']}_")
                parts.append(f"... on {possible['name']} {{ {' '.join(inner)} }}")
        return " ".join(parts)

    def _fields(self, kind: dict, depth: int, arguments, *, alias: str) -> list[str]:
        parts = []
        for field in kind["fields"] or []:
            if field["name"].startswith("__") or field["name"] in self.leave_out:
                continue
            given = self.arguments(field, arguments)
            if given is None:
                continue
            head = f"{alias}{field['name']}: {field['name']}{given}" if alias else f"{field['name']}{given}"
            target = self.types[_named(field["type"])]
            if target["kind"] in ("SCALAR", "ENUM"):
                parts.append(head)
            elif depth > 0:
                parts.append(f"{head} {{ {self.selection(target['name'], depth - 1, arguments)} }}")
        return parts

    @staticmethod
    def arguments(field: dict, arguments) -> str | None:
        """`(name: value, …)` for the required arguments, or None when one cannot be filled."""
        given = []
        for arg in field["args"]:
            if arg["type"]["kind"] != "NON_NULL" or arg["defaultValue"] is not None:
                continue
            value = arguments(arg["name"], _named(arg["type"]), _is_list(arg["type"]))
            if value is None:
                return None
            given.append(f"{arg['name']}: {json.dumps(value)}")
        return f"({', '.join(given)})" if given else ""

    def input_fields(self, type_name: str) -> list[tuple[str, str]]:
        return [(f["name"], _named(f["type"])) for f in self.types[type_name]["inputFields"]]

    def enum_values(self, type_name: str) -> list[str]:
        return [v["name"] for v in self.types[type_name]["enumValues"]]

    def argument_type(self, field: str, argument: str) -> str:
        found = next(f for f in self.query["fields"] if f["name"] == field)
        return _named(next(a for a in found["args"] if a["name"] == argument)["type"])


# -- the hub, its secrets and its callers ------------------------------------------------------


class Scene:
    """The module's hub after staff stored the contacts, with a caller per role."""

    def __init__(self, server: HubServer) -> None:
        url, db = server.url, server.database_url
        self.url, self.database_url = url, db
        self.staff = Caller(url, issue_token(db, "staff", "Contacts keeper"))
        self.event = self.create("event", "Event", {"nameVi": "Hội thảo liên hệ riêng", "startsOn": "2024-05-01"})
        self.designer = self.create(
            "designer",
            "Designer",
            {"nameVi": "Nhà thiết kế Kín Đáo", "discipline": "Graphic", "email": DESIGNER_EMAIL, "phone": DESIGNER_PHONE},
        )
        self.plain_designer = self.create("designer", "Designer", {"nameVi": "Nhà thiết kế Không Liên Hệ"})
        self.second = self.create("designer", "Designer", {"nameVi": "Nhà thiết kế Thứ Hai", "discipline": "Graphic"})
        self.update("designer", "Designer", self.second, {"email": SECOND_EMAIL, "phone": SECOND_PHONE})
        self.city = self.create("city", "City", {"nameVi": "Thành phố Đầu Mối", "country": "Canaryland", "region": "Asia"})
        self.update("city", "City", self.city, {"focalPoint": FOCAL_POINT})
        self.elsewhere = self.create("city", "City", {"nameVi": "Thành phố Nơi Khác", "country": "Canaryland"})
        self.agency = self.create("agency", "Agency", {"nameVi": "Sở Liên Hệ", "agencyKind": "DEPARTMENT"})
        for node in (self.designer, self.second, self.city):
            self.link(node, self.event, "PARTICIPATES_IN")
        self.initiative = self.first_id("initiatives")
        self.plan = self.first_id("plans")
        self.callers = {
            "public": Caller(url),
            "partner elsewhere": Caller(url, issue_token(db, "partner", "Elsewhere city hall", "--city", self.elsewhere["id"])),
            "partner of the city": Caller(url, issue_token(db, "partner", "Focal city hall", "--city", self.city["id"])),
            "reporter": Caller(url, issue_token(db, "reporter", "Contacts reporter", "--agency", self.agency["id"])),
        }
        self.schema = Schema(self.staff)
        # What outsiders are asked below the root: all but `history`, whose refusal would null the
        # node around it (it is non-null) and so hide the fields next to it; it has a test of its own.
        self.outsiders_schema = Schema(self.staff, leave_out=STAFF_ONLY_NESTED)

    def fresh(self, role: str) -> Caller:
        """The role's caller, with nothing heard yet: each test checks only what it was told."""
        caller = self.callers[role]
        caller.bodies.clear()
        return caller

    def create(self, noun: str, type_name: str, fields: dict) -> dict:
        document = f"mutation ($input: {type_name}CreateInput!) {{ {noun}Create(input: $input) {{ {noun} {{ id version }} userErrors {{ message }} }} }}"
        payload = self.staff(document, {"input": fields})["data"][f"{noun}Create"]
        assert payload["userErrors"] == []
        return payload[noun]

    def update(self, noun: str, type_name: str, node: dict, fields: dict) -> None:
        document = f"mutation ($input: {type_name}UpdateInput!) {{ {noun}Update(input: $input) {{ {noun} {{ id version }} userErrors {{ message }} }} }}"
        payload = self.staff(document, {"input": {"id": node["id"], "version": node["version"], **fields}})["data"][f"{noun}Update"]
        assert payload["userErrors"] == []
        node.update(payload[noun])

    def link(self, origin: dict, target: dict, kind: str) -> None:
        document = "mutation ($input: LinkCreateInput!) { linkCreate(input: $input) { userErrors { message } } }"
        body = self.staff(document, {"input": {"from": origin["id"], "to": target["id"], "kind": kind}})
        assert body["data"]["linkCreate"]["userErrors"] == []

    def first_id(self, field: str) -> str:
        return self.staff(f"{{ {field}(first: 1) {{ edges {{ node {{ id }} }} }} }}")["data"][field]["edges"][0]["node"]["id"]

    def version_of(self, node: dict) -> int:
        return self.staff("query ($id: ID!) { node(id: $id) { version } }", {"id": node["id"]})["data"]["node"]["version"]

    def arguments(self, subject: dict, other: dict):
        """How the generated documents fill required arguments, aimed at `subject`."""

        def fill(name: str, type_name: str, is_list: bool):
            if type_name == "ID":
                if is_list:
                    return [subject["id"], other["id"]]
                return {"initiative": self.initiative, "plan": self.plan, "to": other["id"]}.get(name, subject["id"])
            if type_name == "Date":
                return {"from": "2000-01-01", "to": "2100-12-31"}.get(name, "2030-01-01")
            if type_name == "String":
                return "quokka"  # a search for part of a contact
            return None

        return fill


@pytest.fixture(scope="module")
def scene(backend, tmp_path_factory):
    url = fresh_database(backend, tmp_path_factory.mktemp(f"{backend}-personal"))
    hub_command(url, "db", "upgrade")
    hub_command(url, "seed")
    server = HubServer(url, backend, limits=ROOMY).start()
    scene = Scene(server)
    yield scene
    for caller in (scene.staff, *scene.callers.values()):
        caller.close()
    server.stop()
    drop_database(url)


def subjects(scene: Scene) -> list[tuple[dict, dict]]:
    return [(scene.designer, scene.city), (scene.second, scene.designer), (scene.city, scene.designer)]


# -- the probes --------------------------------------------------------------------------------


def test_staff_read_the_contacts_the_probes_look_for(scene):
    """The control: the secrets are stored and the same generated documents reach them for staff."""
    for subject, other in subjects(scene):
        document = f"{{ node(id: {json.dumps(subject['id'])}) {{ {scene.schema.selection('Node', 1, scene.arguments(subject, other))} }} }}"
        body = scene.staff(document)
        assert "errors" not in body, body["errors"]
    seen = set(scene.staff.revealed())
    assert {DESIGNER_EMAIL, DESIGNER_PHONE, SECOND_EMAIL, SECOND_PHONE, FOCAL_POINT} <= seen


@pytest.mark.parametrize("role", OUTSIDERS)
def test_no_query_field_reveals_contacts(scene, role):
    """Every root field, with everything below it three objects deep, aimed at each subject."""
    caller = scene.fresh(role)
    fields = [field for field in scene.schema.query["fields"] if not field["name"].startswith("__")]
    asked: dict[str, set[str]] = {field["name"]: set() for field in fields}
    for subject, other in subjects(scene):
        fill = scene.arguments(subject, other)
        for field in fields:
            given = Schema.arguments(field, fill)
            assert given is not None, f"cannot fill the arguments of {field['name']}: teach Scene.arguments"
            target = scene.outsiders_schema.types[_named(field["type"])]
            selection = "" if target["kind"] in ("SCALAR", "ENUM") else f"{{ {scene.outsiders_schema.selection(target['name'], 3, fill)} }}"
            document = f"{{ {field['name']}{given} {selection} }}"
            if document not in asked[field["name"]]:  # a field without IDs to aim is asked once
                asked[field["name"]].add(document)
                body = caller(document)
                assert error_codes(body) <= REFUSED, body
    assert caller.revealed() == []


@pytest.mark.parametrize("role", [*OUTSIDERS, "staff"])
def test_links_lead_to_no_contacts(scene, role):
    """From a node, along each of its links to the node at the other end, and to both ends."""
    caller = scene.staff if role == "staff" else scene.fresh(role)
    caller.bodies.clear()
    for start in (scene.event, scene.designer, scene.city):
        node = scene.outsiders_schema.selection("Node", 1, scene.arguments(start, scene.designer))
        body = caller(
            "query ($id: ID!) { node(id: $id) { links(first: 100) { edges { node { "
            f"id kind other {{ {node} }} from {{ {node} }} to {{ {node} }} }} }} }} }} }}",
            {"id": start["id"]},
        )
        assert body["data"]["node"]["links"]["edges"], body
    if role == "staff":  # the control: the walk does reach every contact
        assert {DESIGNER_EMAIL, DESIGNER_PHONE, SECOND_EMAIL, FOCAL_POINT} <= set(caller.revealed())
    else:
        assert caller.revealed() == []


@pytest.mark.parametrize("role", OUTSIDERS)
def test_personal_fields_are_refused_not_empty(scene, role):
    """Asked for directly, each personal field is null with a refusal, for the city's own partner too."""
    caller = scene.fresh(role)
    body = caller(
        "query ($d: ID!, $c: ID!) { d: node(id: $d) { ... on Designer { email phone } } c: node(id: $c) { ... on City { focalPoint } } }",
        {"d": scene.designer["id"], "c": scene.city["id"]},
    )
    assert body["data"] == {"d": {"email": None, "phone": None}, "c": {"focalPoint": None}}
    assert len(body["errors"]) == 3 and error_codes(body) == {"UNAUTHENTICATED" if role == "public" else "FORBIDDEN"}
    # A node without contacts is refused alike: the answer does not even say whether there are any.
    without = caller(
        "query ($d: ID!, $c: ID!) { d: node(id: $d) { ... on Designer { email phone } } c: node(id: $c) { ... on City { focalPoint } } }",
        {"d": scene.plain_designer["id"], "c": scene.elsewhere["id"]},
    )
    assert without == body
    assert caller.revealed() == []


@pytest.mark.parametrize("role", OUTSIDERS)
def test_a_staff_answer_is_never_served_to_outsiders(scene, role):
    """The same document, asked by staff first (and so possibly kept), then by an outsider."""
    document = "query ($d: ID!, $c: ID!) { d: node(id: $d) { ... on Designer { nameVi email phone } } c: node(id: $c) { ... on City { focalPoint } } }"
    variables = {"d": scene.designer["id"], "c": scene.city["id"]}
    for _ in range(2):
        assert scene.staff(document, variables)["data"]["d"]["email"] == DESIGNER_EMAIL
    caller = scene.fresh(role)
    body = caller(document, variables)
    assert body["data"] == {"d": {"nameVi": "Nhà thiết kế Kín Đáo", "email": None, "phone": None}, "c": {"focalPoint": None}}
    assert caller.revealed() == []


@pytest.mark.parametrize("role", OUTSIDERS)
def test_search_does_not_find_nodes_by_their_contacts(scene, role):
    caller = scene.fresh(role)
    hidden = {scene.designer["id"], scene.second["id"], scene.city["id"]}
    for probe in PROBES:
        for kinds in (None, ["DESIGNER", "CITY"]):
            body = caller(
                "query ($t: String!, $k: [NodeKind!]) { search(text: $t, kinds: $k, first: 100) { id name } }", {"t": probe, "k": kinds}
            )
            assert not ids_in(body.get("data")) & hidden, (probe, body)
    named = caller('{ search(text: "Kín Đáo", first: 100) { id } }')  # the names still find them
    assert scene.designer["id"] in ids_in(named["data"])
    assert caller.revealed() == []


@pytest.mark.parametrize("role", OUTSIDERS)
@pytest.mark.parametrize("field", ["designers", "cities"])
def test_no_text_filter_matches_contacts(scene, role, field):
    """Every text field of the filter input, probed with each recognisable part of the contacts."""
    caller = scene.fresh(role)
    filter_type = scene.schema.argument_type(field, "filter")
    text_fields = [name for name, type_name in scene.schema.input_fields(filter_type) if type_name == "String"]
    assert "text" in text_fields
    hidden = {scene.designer["id"], scene.second["id"], scene.city["id"]}
    for name in text_fields:
        for probe in PROBES:
            body = caller(
                f"query ($f: {filter_type}) {{ {field}(filter: $f, first: 100) {{ totalCount edges {{ cursor node {{ id }} }} }} }}",
                {"f": {name: probe}},
            )
            assert "errors" not in body or error_codes(body) <= REFUSED | {"BAD_USER_INPUT"}, body
            assert not ids_in(body.get("data")) & hidden, (name, probe, body)
    assert caller.revealed() == []


def test_filters_and_orderings_offer_no_personal_field(scene):
    """No filter or order is named after a contact: one added later must be made staff-only here first."""
    for field in ("designers", "cities"):
        filter_fields = [name for name, _ in scene.schema.input_fields(scene.schema.argument_type(field, "filter"))]
        order_type = scene.schema.argument_type(field, "orderBy")
        order_values = scene.schema.enum_values(dict(scene.schema.input_fields(order_type))["field"])
        assert not [name for name in filter_fields + order_values if PERSONAL_NAME.search(name)]


@pytest.mark.parametrize("role", OUTSIDERS)
@pytest.mark.parametrize("field", ["designers", "cities"])
def test_no_ordering_sorts_by_or_reveals_contacts(scene, role, field):
    """Every order, both ways, paged two at a time so cursors are issued for every position."""
    caller = scene.fresh(role)
    order_type = scene.schema.argument_type(field, "orderBy")
    field_enum = dict(scene.schema.input_fields(order_type))["field"]
    narrow = ', filter: {country: "Canaryland"}' if field == "cities" else ""
    document = (
        f"query ($o: {order_type}, $a: String, $n: Int) {{ {field}(orderBy: $o, first: $n, after: $a{narrow}) "
        "{ edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }"
    )
    for value in scene.schema.enum_values(field_enum):
        for direction in ("ASC", "DESC"):
            order = {"field": value, "direction": direction}
            seen, after = [], None
            while True:
                page = caller(document, {"o": order, "a": after, "n": 2})
                assert "errors" not in page, page
                page = page["data"][field]
                seen += [edge["node"]["id"] for edge in page["edges"]]
                if not page["pageInfo"]["hasNextPage"]:
                    break
                after = page["pageInfo"]["endCursor"]
            everything = scene.staff(document, {"o": order, "n": 100})["data"][field]
            if not everything["pageInfo"]["hasNextPage"]:  # one page holds all: the outsider's order is the staff's
                assert seen == [edge["node"]["id"] for edge in everything["edges"]], (value, direction)
    assert caller.revealed() == []


@pytest.mark.parametrize("role", OUTSIDERS)
def test_network_and_reports_reveal_no_contacts(scene, role):
    """Every network query, the exports, the monitoring report in each language and the overdue list."""
    caller = scene.fresh(role)
    fill = scene.arguments(scene.designer, scene.city)
    network = next(f for f in scene.schema.query["fields"] if f["name"] == "network")
    for subject, other in subjects(scene):
        fill = scene.arguments(subject, other)
        body = caller(f"{{ network {{ {scene.outsiders_schema.selection(_named(network['type']), 4, fill)} }} }}")
        assert "data" in body and body["data"] is not None, body
    for lang in scene.schema.enum_values("Lang"):
        body = caller(
            f'{{ monitoringReport(from: "2000-01-01", to: "2100-12-31", lang: {lang}) {{ markdown {scene.outsiders_schema.selection("MonitoringReport", 3, fill)} }} }}'
        )
        assert body["data"]["monitoringReport"]["markdown"], body
    body = caller(f"{{ overdueReports {{ {scene.outsiders_schema.selection('OverdueReport', 3, fill)} }} }}")
    assert "data" in body, body
    for fmt in ("graphml", "gexf", "json"):
        response = caller.get(f"/export/network.{fmt}")
        assert response.status_code == 200 and "Kín Đáo" in response.text  # the designer is in the graph, not its contacts
    assert caller.revealed() == []


@pytest.mark.parametrize("role", OUTSIDERS)
def test_audit_trail_is_refused(scene, role):
    """The trail holds every stored value, contacts included: history is staff's, the log the admin's."""
    caller = scene.fresh(role)
    expected = {"UNAUTHENTICATED" if role == "public" else "FORBIDDEN"}
    for subject, _ in subjects(scene):
        body = caller(
            "query ($id: ID!) { node(id: $id) { history(first: 100) { edges { node { before after } } } } }", {"id": subject["id"]}
        )
        assert body["data"] in (None, {"node": None}) and error_codes(body) == expected  # `history` is non-null
    body = caller("query ($t: ID) { auditLog(first: 100, target: $t) { edges { node { before after } } } }", {"t": scene.city["id"]})
    assert body["data"] is None and error_codes(body) == expected
    assert caller.revealed() == []
    history = scene.staff(
        "query ($id: ID!) { node(id: $id) { history(first: 100) { edges { node { after } } } } }", {"id": scene.city["id"]}
    )
    assert FOCAL_POINT in json.dumps(history, ensure_ascii=False)  # the control: staff do read it there


@pytest.mark.parametrize("role", OUTSIDERS)
def test_writes_echo_no_contacts(scene, role):
    """Refused and accepted writes, with every payload field, never show a stored contact.

    A refused write does not echo even the caller's own attempt at a contact.
    """
    caller = scene.fresh(role)
    attempt = f"intruder{next(_serial)}@echo-probe.example"
    payload = {
        noun: scene.outsiders_schema.selection(
            _named(next(f for f in scene.schema.mutation["fields"] if f["name"] == f"{noun}Update")["type"]),
            3,
            scene.arguments(scene.designer, scene.city),
        )
        for noun in ("designer", "city")
    }
    body = caller(
        f"mutation ($input: DesignerUpdateInput!) {{ designerUpdate(input: $input) {{ {payload['designer']} }} }}",
        {"input": {"id": scene.designer["id"], "version": scene.version_of(scene.designer), "email": attempt, "phone": "+84 000 000 000"}},
    )
    assert body["data"] is None or body["data"]["designerUpdate"] is None
    assert error_codes(body) == {"UNAUTHENTICATED" if role == "public" else "FORBIDDEN"}
    assert attempt not in json.dumps(body)
    body = caller(
        f"mutation ($input: DesignerCreateInput!) {{ designerCreate(input: $input) {{ {payload['designer']} }} }}",
        {"input": {"nameVi": "Kẻ thử", "email": attempt}},
    )
    assert error_codes(body) <= REFUSED and body.get("errors") and attempt not in json.dumps(body)

    own_city = role == "partner of the city"
    # Too long for its column (but not for other short texts); then at a stale version (CONFLICT).
    for version_offset, focal_point in ((0, (attempt * 20)[:501]), (-1, attempt)):
        version = scene.version_of(scene.city) + version_offset
        body = caller(
            f"mutation ($input: CityUpdateInput!) {{ cityUpdate(input: $input) {{ {payload['city']} }} }}",
            {"input": {"id": scene.city["id"], "version": version, "region": "Asia", "focalPoint": focal_point}},
        )
        if own_city:  # may change its focal point, and is told what is wrong, yet reads back no contact
            codes = {error["code"] for error in body["data"]["cityUpdate"]["userErrors"]}
            assert codes == ({"BAD_USER_INPUT"} if version_offset == 0 else {"CONFLICT"}), body
        else:
            assert error_codes(body) == {"UNAUTHENTICATED" if role == "public" else "FORBIDDEN"}
            assert attempt not in json.dumps(body)
    if own_city:
        body = caller(
            f"mutation ($input: CityUpdateInput!) {{ cityUpdate(input: $input) {{ {payload['city']} }} }}",
            {"input": {"id": scene.city["id"], "version": scene.version_of(scene.city), "region": "Asia"}},
        )
        assert body["data"]["cityUpdate"]["userErrors"] == [] and body["data"]["cityUpdate"]["city"]["focalPoint"] is None
        link = caller(
            f"mutation ($input: LinkCreateInput!) {{ linkCreate(input: $input) {{ {scene.outsiders_schema.selection('LinkCreatePayload', 3, scene.arguments(scene.city, scene.designer))} }} }}",
            {"input": {"from": scene.city["id"], "to": scene.elsewhere["id"], "kind": "PARTNERS_WITH"}},
        )
        assert link["data"]["linkCreate"]["link"] is not None, link
    assert caller.revealed() == []
    assert (
        scene.staff("query ($id: ID!) { node(id: $id) { ... on City { focalPoint } } }", {"id": scene.city["id"]})["data"]["node"][
            "focalPoint"
        ]
        == FOCAL_POINT
    )


def test_a_bad_contact_is_echoed_to_staff_only(scene):
    """Staff are told which value was wrong; nobody else can reach that message."""
    body = scene.staff(
        "mutation ($input: DesignerUpdateInput!) { designerUpdate(input: $input) { userErrors { field message } } }",
        {"input": {"id": scene.designer["id"], "version": scene.version_of(scene.designer), "email": "no-at-sign.privatecanary"}},
    )
    assert body["data"]["designerUpdate"]["userErrors"][0]["field"] == ["input", "email"]


def test_overlong_values_are_refused_before_the_database(scene):
    """Each store refuses a value longer than its column with a message, never with the database's
    error, which would quote the statement and every value sent with it, contacts included."""
    body = scene.staff(
        "mutation ($input: DesignerCreateInput!) { designerCreate(input: $input) { designer { id } userErrors { field code } } }",
        {"input": {"nameVi": "Nhà thiết kế Dài Dòng", "discipline": "d" * 201, "email": "overlong@privatecanary.example"}},
    )
    assert body["data"]["designerCreate"] == {
        "designer": None,
        "userErrors": [{"field": ["input", "discipline"], "code": "BAD_USER_INPUT"}],
    }
    body = scene.staff(
        "mutation ($input: CityUpdateInput!) { cityUpdate(input: $input) { city { id } userErrors { field code } } }",
        {"input": {"id": scene.city["id"], "version": scene.version_of(scene.city), "focalPoint": "f" * 501}},
    )
    assert body["data"]["cityUpdate"] == {"city": None, "userErrors": [{"field": ["input", "focalPoint"], "code": "BAD_USER_INPUT"}]}


def test_files_the_command_writes_for_others_carry_no_contacts(scene, tmp_path):
    """The network files and the monitoring report are made to be handed on; only a backup holds contacts."""
    written = []
    for fmt in ("graphml", "gexf", "json"):
        hub_command(scene.database_url, "export-network", fmt, str(tmp_path / f"network.{fmt}"))
        written.append((tmp_path / f"network.{fmt}").read_text(encoding="utf-8"))
    written += [
        hub_command(scene.database_url, "report", "mmr", "--from", "2000-01-01", "--to", "2100-12-31", "--lang", lang).stdout
        for lang in ("vi", "en")
    ]
    assert all(written) and not [secret for text in written for secret in revealed(text)]
    assert DESIGNER_EMAIL in hub_command(scene.database_url, "export", "-").stdout  # the control: a backup is complete


@pytest.mark.parametrize("role", OUTSIDERS)
def test_pages_carry_no_contacts(scene, role):
    caller = scene.fresh(role)
    assert caller.get("/graphql", accept="text/html").status_code == 200
    assert caller.get("/explore").status_code == 200
    assert caller.revealed() == []
