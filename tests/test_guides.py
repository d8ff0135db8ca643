"""Every GraphQL example in the three guides (docs/guide-*.md) runs as written on a freshly seeded hub.

Query blocks go to the shared read-only seeded server and must answer with data; mutation blocks go
to this module's own seeded server, in the order the guides show them, and must report no
userErrors. A ```json fence right after a ```graphql fence holds that block's variables.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.support import GraphQLClient, issue_token

DOCS = Path(__file__).resolve().parent.parent / "docs"
GUIDES = ["guide-staff.md", "guide-partners.md", "guide-operators.md"]
FENCE = re.compile(r"```graphql\n(?P<query>.*?)```(?:\s*```json\n(?P<variables>.*?)```)?", re.DOTALL)

# Top-level fields that are empty on a freshly seeded hub, and why; each is checked elsewhere below.
EMPTY_ON_A_FRESH_HUB = {
    "overdueReports": "the seeded assignments have no reporting cadence",
    "progressReports": "no progress report is seeded",
}


def blocks(guide: str) -> list[tuple[str, dict | None]]:
    text = (DOCS / guide).read_text(encoding="utf-8")
    return [(m["query"], json.loads(m["variables"]) if m["variables"] else None) for m in FENCE.finditer(text)]


def is_mutation(query: str) -> bool:
    return query.lstrip().startswith("mutation")


def cases(mutations: bool) -> list:
    found = []
    for guide in GUIDES:
        for number, (query, variables) in enumerate(blocks(guide), start=1):
            if is_mutation(query) == mutations:
                found.append(pytest.param(guide, query, variables, id=f"{guide.removesuffix('.md')}-{number}"))
    return found


QUERIES = cases(mutations=False)
MUTATIONS = cases(mutations=True)


def non_empty(value) -> bool:
    if isinstance(value, dict) and "edges" in value:
        return bool(value["edges"])
    return bool(value)


def test_each_guide_exists_and_shows_graphql_examples():
    for guide in GUIDES:
        assert (DOCS / guide).is_file(), guide
    assert len(blocks("guide-staff.md")) >= 15
    assert len(blocks("guide-partners.md")) >= 5
    assert any(is_mutation(query) for query, _ in blocks("guide-staff.md"))


def test_variables_are_only_given_to_blocks_that_declare_them():
    for guide in GUIDES:
        for query, variables in blocks(guide):
            for name in variables or {}:
                assert f"${name}" in query, f"{guide}: variable {name} is not used by its block"


# The partner of the partners' guide: Covilhã on a freshly seeded hub.
PARTNER_CITY = "Q2l0eToxMzE="


def weakest_role_for(query: str) -> str:
    """The guides say which token each example needs: the audit log is for admins, histories for staff,
    and `viewer` shows a partner its own city."""
    if "auditLog" in query:
        return "admin"
    if "history" in query:
        return "staff"
    return "partner" if "viewer" in query else "public"


@pytest.fixture(scope="module")
def partner_api(hub_server, seeded_database):
    """The partners' guide's reader: a partner token for its city on the shared seeded hub."""
    client = GraphQLClient(hub_server.url, issue_token(seeded_database, "partner", "Guide partner", "--city", PARTNER_CITY))
    yield client
    client.close()


@pytest.fixture(scope="module")
def partner_write_api(writable_server):
    """The partners' guide's writer: its mutations must go through with a partner's token, not staff's."""
    token = issue_token(writable_server.database_url, "partner", "Guide partner", "--city", PARTNER_CITY)
    client = GraphQLClient(writable_server.url, token)
    yield client
    client.close()


@pytest.mark.parametrize(("guide", "query", "variables"), QUERIES)
def test_each_guide_query_answers_with_data(api, partner_api, staff_api, admin_api, guide, query, variables):
    client = {"public": api, "partner": partner_api, "staff": staff_api, "admin": admin_api}[weakest_role_for(query)]
    data = client.data(query, variables) if variables else client.data(query)
    assert data
    for name, value in data.items():
        if name in EMPTY_ON_A_FRESH_HUB:
            continue
        if name in ("network", "before", "now") or isinstance(value, dict) and "edges" not in value:
            assert value and all(non_empty(v) or v == 0 for v in value.values()), f"{name} came back empty: {value}"
        else:
            assert non_empty(value), f"{name} came back empty"


@pytest.mark.parametrize(("guide", "query", "variables"), MUTATIONS)
def test_each_guide_mutation_succeeds(write_api, partner_write_api, guide, query, variables):
    client = partner_write_api if guide == "guide-partners.md" else write_api
    data = client.data(query, variables) if variables else client.data(query)
    assert data
    for payload in data.values():
        assert payload["userErrors"] == []


def test_after_the_staff_mutations_the_report_shows_and_the_next_one_is_overdue(write_api):
    """Runs after the mutation blocks above (same module server): the queries empty on a fresh hub now answer."""
    staff = [(q, v) for q, v in blocks("guide-staff.md") if not is_mutation(q)]
    overdue = next(q for q, _ in staff if "overdueReports" in q)
    late = write_api.data(overdue)["overdueReports"]
    assert [(o["period"], o["assignment"]["role"], o["assignment"]["reportingCadence"]) for o in late] == [("2026-Q3", "LEAD", "QUARTERLY")]
    standing = next(q for q, _ in staff if "latestReport" in q)
    reports = [e["node"]["latestReport"] for e in write_api.data(standing)["initiatives"]["edges"]]
    assert {"period": "2026-Q2", "percent": 30} in [{"period": r["period"], "percent": r["percent"]} for r in reports if r]
