"""The reporting regime: reports on assignments, refusals, latest status, and overdue detection."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from hub.models import Link
from hub.reports import last_period_due

IDS = """
{
  department: agencies(filter: {text: "So Van hoa va The thao Ha Noi"}) { edges { node { id } } }
  museum_agency: agencies(filter: {text: "Dai Phat thanh"}) { edges { node { id } } }
  festival: initiatives(filter: {text: "Le hoi Thiet ke sang tao Ha Noi"}) { edges { node { id } } }
  network: initiatives(filter: {text: "Mang luoi cac nha thiet ke"}) { edges { node { id } } }
  mmr: tasks(first: 1) { edges { node { id } } }
}
"""
ASSIGN = """
mutation ($input: LinkCreateInput!) { linkCreate(input: $input) { link { id } userErrors { field code } } }
"""
SUBMIT = """
mutation ($input: ProgressReportSubmitInput!) {
  progressReportSubmit(input: $input) {
    progressReport { id period periodStart periodEnd percent status summary evidence agency { id } target { id } assignment { id } }
    userErrors { field message code }
  }
}
"""
LATEST = """
query ($id: ID!) { node(id: $id) { ... on Initiative { latestReport { period percent status } } } }
"""
OVERDUE = """
query ($asOf: Date) { overdueReports(asOf: $asOf) { period dueOn daysLate lastReportedThrough assignment { id reportingCadence } } }
"""
REPORTS = """
query ($filter: ProgressReportFilter) { progressReports(filter: $filter) { totalCount edges { node { period } } } }
"""


def quarter(day: date) -> tuple[str, date, date]:
    first_month = (day.month - 1) // 3 * 3 + 1
    start = date(day.year, first_month, 1)
    next_start = date(day.year + (first_month + 3 > 12), (first_month + 2) % 12 + 1, 1)
    return f"{day.year}-Q{(first_month + 2) // 3}", start, next_start - timedelta(days=1)


TODAY = date.today()
THIS_QUARTER = quarter(TODAY)
LAST_QUARTER = quarter(THIS_QUARTER[1] - timedelta(days=1))


@pytest.fixture(scope="module")
def ids(write_api) -> dict[str, str]:
    return {name: value["edges"][0]["node"]["id"] for name, value in write_api.data(IDS).items()}


@pytest.fixture(scope="module")
def assignments(write_api, ids) -> dict[str, str]:
    """The department reports quarterly on the festival, yearly on the designers' network (until last year)."""
    made = {}
    for name, target, cadence, since, until in (
        ("quarterly", "festival", "QUARTERLY", LAST_QUARTER[1].isoformat(), None),
        ("yearly", "network", "YEARLY", "2023-03-01", f"{TODAY.year - 1}-06-30"),
        ("silent", "mmr", "NONE", "2023-01-01", None),
    ):
        payload = write_api.data(
            ASSIGN,
            {
                "input": {
                    "from": ids["department"],
                    "to": ids[target],
                    "kind": "RESPONSIBLE_FOR",
                    "role": "LEAD",
                    "reportingCadence": cadence,
                    "since": since,
                    "until": until,
                }
            },
        )["linkCreate"]
        assert payload["userErrors"] == []
        made[name] = payload["link"]["id"]
    return made


def submit(api, **fields) -> dict:
    return api.data(SUBMIT, {"input": fields})["progressReportSubmit"]


def test_a_report_is_stored_and_becomes_the_latest_status(write_api, ids, assignments):
    payload = submit(
        write_api,
        agency=ids["department"],
        target=ids["festival"],
        period=LAST_QUARTER[0],
        percent=40,
        status="AT_RISK",
        summaryVi="Đang chuẩn bị địa điểm",
        evidence=["https://example.org/minutes.pdf"],
    )
    assert payload["userErrors"] == []
    report = payload["progressReport"]
    assert (report["period"], report["periodStart"], report["periodEnd"]) == (
        LAST_QUARTER[0],
        LAST_QUARTER[1].isoformat(),
        LAST_QUARTER[2].isoformat(),
    )
    assert (report["percent"], report["status"], report["summary"]) == (40, "AT_RISK", "Đang chuẩn bị địa điểm")
    assert report["assignment"]["id"] == assignments["quarterly"] and report["target"]["id"] == ids["festival"]
    latest = write_api.data(LATEST, {"id": ids["festival"]})["node"]["latestReport"]
    assert latest == {"period": LAST_QUARTER[0], "percent": 40, "status": "AT_RISK"}
    assert write_api.data(REPORTS, {"filter": {"target": ids["festival"]}})["progressReports"]["totalCount"] == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"target": "festival", "agency": "museum_agency"}, "input.target"),
        ({"period": "2024-Q5"}, "input.period"),
        ({"period": f"{TODAY.year + 1}"}, "input.period"),
        ({"percent": 101}, "input.percent"),
        ({"summaryVi": "  "}, "input.summaryVi"),
        ({"evidence": ["file:///etc/passwd"]}, "input.evidence"),
    ],
)
def test_bad_reports_are_refused_with_the_field(write_api, ids, assignments, change, field):
    fields = {
        "agency": ids["department"],
        "target": ids["festival"],
        "period": LAST_QUARTER[0],
        "percent": 50,
        "status": "ON_TRACK",
        "summaryVi": "Ổn",
    }
    fields.update({k: ids.get(v, v) if k in ("agency", "target") else v for k, v in change.items()})
    payload = submit(write_api, **fields)
    assert payload["progressReport"] is None
    assert [".".join(e["field"]) for e in payload["userErrors"]] == [field]


def test_overdue_follows_each_cadence_and_the_day_asked(write_api, ids, assignments):
    # given the last quarter reported (first test), nothing else
    submit(
        write_api,
        agency=ids["department"],
        target=ids["festival"],
        period=LAST_QUARTER[0],
        percent=60,
        status="ON_TRACK",
        summaryEn="On track",
    )
    # when asked today, the quarterly assignment is up to date; the yearly one missed last year's report
    today = {o["assignment"]["id"]: o for o in write_api.data(OVERDUE, {"asOf": TODAY.isoformat()})["overdueReports"]}
    # then
    assert assignments["quarterly"] not in today and assignments["silent"] not in today
    yearly = today[assignments["yearly"]]
    assert (yearly["period"], yearly["dueOn"], yearly["lastReportedThrough"]) == (str(TODAY.year - 1), f"{TODAY.year - 1}-12-31", None)
    assert yearly["daysLate"] == (TODAY - date(TODAY.year - 1, 12, 31)).days
    # when asked five days after this quarter ends, this quarter's report is missing
    later = THIS_QUARTER[2] + timedelta(days=5)
    overdue = {o["assignment"]["id"]: o for o in write_api.data(OVERDUE, {"asOf": later.isoformat()})["overdueReports"]}
    assert overdue[assignments["quarterly"]] | {"assignment": None} == {
        "period": THIS_QUARTER[0],
        "dueOn": THIS_QUARTER[2].isoformat(),
        "daysLate": 5,
        "lastReportedThrough": LAST_QUARTER[2].isoformat(),
        "assignment": None,
    }


@pytest.mark.parametrize(
    ("cadence", "since", "until", "as_of", "expected"),
    [
        ("MONTHLY", "2024-03-15", None, "2024-05-03", ("2024-04", "2024-04-30")),
        ("MONTHLY", "2024-03-15", None, "2024-04-01", ("2024-03", "2024-03-31")),
        ("MONTHLY", "2024-03-15", None, "2024-03-31", None),
        ("QUARTERLY", "2024-01-01", None, "2024-07-01", ("2024-Q2", "2024-06-30")),
        ("HALF_YEARLY", "2023-02-01", None, "2024-06-30", ("2023-H2", "2023-12-31")),
        ("HALF_YEARLY", "2023-02-01", None, "2024-07-01", ("2024-H1", "2024-06-30")),
        ("YEARLY", "2023-06-01", "2023-09-30", "2026-01-01", ("2023", "2023-12-31")),
        ("YEARLY", "2023-06-01", None, "2023-12-31", None),
        ("NONE", "2020-01-01", None, "2026-01-01", None),
    ],
)
def test_the_last_period_due_follows_each_cadence(cadence, since, until, as_of, expected):
    # given an assignment as stored (the rule is a pure function of it and the day)
    assignment = Link(
        kind="RESPONSIBLE_FOR",
        reporting_cadence=cadence,
        since=date.fromisoformat(since),
        until=date.fromisoformat(until) if until else None,
    )
    # when
    due = last_period_due(assignment, date.fromisoformat(as_of))
    # then
    assert (due and (due.label, due.end.isoformat())) == expected
