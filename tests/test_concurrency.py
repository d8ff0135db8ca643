"""Optimistic concurrency: of several updates sent at once against one version, exactly one wins."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx

CREATE = """
mutation { agencyCreate(input: {nameVi: "Cơ quan thử đồng thời", agencyKind: OTHER}) { agency { id version } userErrors { code } } }
"""
UPDATE = """
mutation ($input: AgencyUpdateInput!) { agencyUpdate(input: $input) { agency { nameEn version } userErrors { field code } } }
"""
LINK_CREATE = """
mutation ($input: LinkCreateInput!) { linkCreate(input: $input) { link { id version } userErrors { code } } }
"""
LINK_UPDATE = """
mutation ($input: LinkUpdateInput!) { linkUpdate(input: $input) { link { note version } userErrors { field code } } }
"""
CONTENDERS = 8


def send_at_once(api, query: str, inputs: list[dict]) -> list[dict]:
    """Each input from a client of its own, all with `api`'s token."""

    def send(variables: dict) -> dict:
        with httpx.Client(base_url=api.http.base_url, headers=api.http.headers, timeout=60) as client:
            return client.post("/graphql", json={"query": query, "variables": {"input": variables}}).json()

    with ThreadPoolExecutor(max_workers=len(inputs)) as pool:
        return list(pool.map(send, inputs))


def test_exactly_one_of_concurrent_node_updates_wins(write_api):
    # given an agency at version 1
    agency = write_api.data(CREATE)["agencyCreate"]["agency"]
    # when eight clients update it at once, all having read version 1
    answers = send_at_once(write_api, UPDATE, [{"id": agency["id"], "version": 1, "nameEn": f"Writer {n}"} for n in range(CONTENDERS)])
    # then one wins, the others get CONFLICT, and the stored name is the winner's
    payloads = [answer["data"]["agencyUpdate"] for answer in answers]
    winners = [p["agency"] for p in payloads if p["agency"]]
    losers = [p["userErrors"] for p in payloads if not p["agency"]]
    assert len(winners) == 1 and winners[0]["version"] == 2
    assert losers == [[{"field": ["input", "version"], "code": "CONFLICT"}]] * (CONTENDERS - 1)
    stored = write_api.data("query ($id: ID!) { node(id: $id) { nameEn version } }", {"id": agency["id"]})["node"]
    assert stored == {"nameEn": winners[0]["nameEn"], "version": 2}


def test_exactly_one_of_concurrent_link_updates_wins(write_api):
    # given a link at version 1
    agency = write_api.data(CREATE.replace("đồng thời", "liên kết"))["agencyCreate"]["agency"]
    parent = write_api.data('{ agencies(filter: {text: "UBND thanh pho Ha Noi"}) { edges { node { id } } } }')
    link = write_api.data(
        LINK_CREATE, {"input": {"from": agency["id"], "to": parent["agencies"]["edges"][0]["node"]["id"], "kind": "PART_OF"}}
    )["linkCreate"]["link"]
    # when
    answers = send_at_once(write_api, LINK_UPDATE, [{"id": link["id"], "version": 1, "note": f"note {n}"} for n in range(CONTENDERS)])
    # then
    payloads = [answer["data"]["linkUpdate"] for answer in answers]
    assert sum(1 for p in payloads if p["link"]) == 1
    assert sum(1 for p in payloads if p["userErrors"] == [{"field": ["input", "version"], "code": "CONFLICT"}]) == CONTENDERS - 1
