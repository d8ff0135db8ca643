"""Derived answers staff can trust on the seeded hub: where responsibility was found, what existed on a day,
what is isolated or dormant, and what a single point of failure would cut off."""

from __future__ import annotations

from datetime import date

import httpx

IDS = """
{
  plan: plans(filter: {code: "161/KH-UBND"}) { edges { node { id } } }
  festival: initiatives(filter: {text: "Le hoi Thiet ke sang tao Ha Noi"}) { edges { node { id } } }
  forum: initiatives(filter: {text: "Dien dan Mang luoi cac Thanh pho sang tao"}) { edges { node { id } } }
  week: events(filter: {text: "Tuan le Khoi nguon Sang tao 2021"}) { edges { node { id } } }
  edition2022: events(filter: {text: "Le hoi Thiet ke Sang tao Ha Noi 2022"}) { edges { node { id } } }
  edition2024: events(filter: {text: "Le hoi Thiet ke Sang tao Ha Noi 2024"}) { edges { node { id } } }
  edition2026: events(filter: {text: "Le hoi Thiet ke Sang tao Ha Noi 2026"}) { edges { node { id } } }
}
"""
NO_LEAD = "{ network { gaps { noLead { node { id kind name(lang: EN) } reason } } } }"
RESPONSIBILITY = """
query ($initiative: ID!) {
  network { responsibility(initiative: $initiative) { role reason agency { name(lang: EN) } through { id } } }
}
"""
MATRIX = """
query ($plan: ID!) {
  network { responsibilityMatrix(plan: $plan) { agency { name(lang: EN) } initiative { id } roles through { id } } }
}
"""
QUIET = """
{
  network {
    gaps {
      isolated { node { id links { totalCount } } reason }
      dormant { node { id kind } reason lastEnded }
    }
  }
}
"""
TODAY = "query ($of: ID!, $day: Date!) { network(asOf: $day) { neighborhood(of: $of) { edges { kind } } } }"
STATS = "query ($day: Date) { network(asOf: $day) { stats { nodesByKind { kind count } } } }"
CUT_POINTS = "{ network { gaps { singlePointsOfFailure { node { kind name(lang: EN) } reason cutOff { id } } } } }"
DEPARTMENT = "Hanoi Department of Culture and Sports"


def ids(api) -> dict[str, str]:
    return {name: found["edges"][0]["node"]["id"] for name, found in api.data(IDS).items()}


def test_no_lead_leaves_out_initiatives_led_through_their_events(api):
    # given the festival, led through its editions, and the forum, led through the 2023 forum event
    found = ids(api)
    # when
    no_lead = {gap["node"]["id"]: gap for gap in api.data(NO_LEAD)["network"]["gaps"]["noLead"]}
    # then neither is a gap, while the plan's other initiatives, with no lead anywhere below them, are
    assert found["festival"] not in no_lead and found["forum"] not in no_lead
    initiatives = sorted(gap["node"]["name"] for gap in no_lead.values() if gap["node"]["kind"] == "INITIATIVE")
    assert initiatives == [
        "Building Hanoi Creative Design Center",
        "Building and supporting creative hubs in Hanoi",
        "Hanoi Creative Talent TV show",
        "Network of Young Creative Designers",
    ]
    # and each says what was looked at
    hubs = next(gap for gap in no_lead.values() if gap["node"]["name"] == "Building and supporting creative hubs in Hanoi")
    assert hubs["reason"].startswith("no lead agency on it or on its 2 events (responsible: ")
    assert all(gap["reason"].startswith("no lead agency on it") for gap in no_lead.values())


def test_responsibility_says_where_it_was_found(api):
    # given
    found = ids(api)
    # when
    festival = api.data(RESPONSIBILITY, {"initiative": found["festival"]})["network"]["responsibility"]
    forum = api.data(RESPONSIBILITY, {"initiative": found["forum"]})["network"]["responsibility"]
    # then the Department leads the 2024 edition, and the forum through its event
    lead = next(entry for entry in festival if entry["role"] == "LEAD")
    assert (lead["agency"]["name"], lead["reason"]) == (DEPARTMENT, "leads Hanoi Creative Design Festival 2024")
    assert [item["id"] for item in lead["through"]] == [found["edition2024"]]
    assert [(entry["role"], entry["reason"]) for entry in forum if entry["agency"]["name"] == DEPARTMENT] == [
        ("LEAD", "leads UCCN Southeast Asia Forum 2023")
    ]


def test_the_matrix_names_the_items_each_role_was_found_on(api):
    found = ids(api)
    cells = api.data(MATRIX, {"plan": found["plan"]})["network"]["responsibilityMatrix"]
    department = next(c for c in cells if c["agency"]["name"] == DEPARTMENT and c["initiative"]["id"] == found["festival"])
    assert department["roles"] == ["LEAD", "CO_LEAD"]
    assert {found["edition2022"], found["edition2024"], found["edition2026"]} <= {item["id"] for item in department["through"]}


def test_isolated_nodes_have_no_links_and_past_venues_are_dormant(api):
    # when
    gaps = api.data(QUIET)["network"]["gaps"]
    # then nothing listed isolated has a link, today or ever
    today = date.today().isoformat()
    for gap in gaps["isolated"]:
        assert gap["node"]["links"]["totalCount"] == 0
        assert api.data(TODAY, {"of": gap["node"]["id"], "day": today})["network"]["neighborhood"]["edges"] == []
    # and the venues of past editions are dormant, with the day their last link ended
    assert len(gaps["dormant"]) == 12 and {gap["node"]["kind"] for gap in gaps["dormant"]} == {"CREATIVE_SPACE"}
    assert sorted({gap["lastEnded"] for gap in gaps["dormant"]}) == ["2022-02-28", "2023-11-26", "2024-11-17"]
    assert all(f"the last on {gap['lastEnded']}" in gap["reason"] for gap in gaps["dormant"])


def test_the_network_on_a_past_day_holds_only_what_existed_then(api, hub_server):
    # given
    found = ids(api)
    # when the network is exported as it stood on 1 January 2022, while the 2021 week's exhibitions ran, and after them
    during = {node["id"] for node in httpx.get(f"{hub_server.url}/export/network.json?asOf=2022-01-01").json()["nodes"]}
    after = {node["id"] for node in httpx.get(f"{hub_server.url}/export/network.json?asOf=2022-03-01").json()["nodes"]}
    # then the 2021 edition is there while it ran, and Plan 161 (issued 31 May 2023) and later editions are not
    assert found["week"] in during and found["week"] not in after
    for later in ("plan", "festival", "edition2022", "edition2024", "edition2026"):
        assert found[later] not in during and found[later] not in after
    plans = {k["kind"]: k["count"] for k in api.data(STATS, {"day": "2022-01-01"})["network"]["stats"]["nodesByKind"]}["PLAN"]
    assert plans == 1  # 134/KH-UBND (2019); 102/KH-UBND came on 1 April 2022


def test_a_bad_export_day_is_a_400_with_a_json_error(hub_server):
    response = httpx.get(f"{hub_server.url}/export/network.json?asOf=yesterday")
    assert response.status_code == 400
    assert response.json() == {"error": "`asOf` is a day written YYYY-MM-DD"}


def test_single_points_of_failure_say_what_they_would_cut_off(api):
    # when
    points = api.data(CUT_POINTS)["network"]["gaps"]["singlePointsOfFailure"]
    # then each cuts something off, says how much, and the worst come first
    assert points
    for point in points:
        count = len(point["cutOff"])
        assert count > 0 and point["node"]["kind"] == "AGENCY"
        assert point["reason"] == f"its loss would cut off {count} node{'' if count == 1 else 's'} from the rest of the network"
    assert [len(p["cutOff"]) for p in points] == sorted((len(p["cutOff"]) for p in points), reverse=True)
