"""The reporting regime: agencies report on their assignments, period by period, and lateness is visible.

An assignment is a RESPONSIBLE_FOR link; its reporting cadence says which calendar periods need a
report. A report is due when its period ends; an assignment is overdue when the last period that
has ended by a given day has no report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Select, and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from hub.audit import Action, record
from hub.errors import bad_input
from hub.ids import LINK_TYPE_NAME, to_global_id
from hub.models import Link, LinkKind, Node, ProgressReport, ReportingCadence, ReportStatus
from hub.nodes import load_node
from hub.paging import Page, PageRequest, SortKey, count, paginate
from hub.validation import Checker

_PERIOD = re.compile(r"^(\d{4})(?:-(?:(0[1-9]|1[0-2])|Q([1-4])|H([12])))?$")
MAX_EVIDENCE = 20
_MONTHS_PER_PERIOD = {
    ReportingCadence.MONTHLY: 1,
    ReportingCadence.QUARTERLY: 3,
    ReportingCadence.HALF_YEARLY: 6,
    ReportingCadence.YEARLY: 12,
}


@dataclass(frozen=True)
class Period:
    """A calendar period: "2024", "2024-H1", "2024-Q3" or "2024-07"."""

    label: str
    start: date
    end: date


def _month_start(year: int, month: int) -> date:
    return date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def _months(year: int, first_month: int, months: int) -> tuple[date, date]:
    return _month_start(year, first_month), _month_start(year, first_month + months) - timedelta(days=1)


def parse_period(label: str) -> Period:
    """The period a label names; ValueError for anything else.

    >>> parse_period("2024-Q3")
    Period(label='2024-Q3', start=datetime.date(2024, 7, 1), end=datetime.date(2024, 9, 30))
    >>> parse_period("2023-H2").end
    datetime.date(2023, 12, 31)
    """
    found = _PERIOD.match(label.strip())
    if not found:
        raise ValueError(f"{label!r} is not a period: write 2024, 2024-H1, 2024-Q3 or 2024-07")
    year, month, quarter, half = found.groups()
    year = int(year)
    if month:
        start, end = _months(year, int(month), 1)
    elif quarter:
        start, end = _months(year, 3 * int(quarter) - 2, 3)
    elif half:
        start, end = _months(year, 6 * int(half) - 5, 6)
    else:
        start, end = _months(year, 1, 12)
    return Period(label.strip(), start, end)


def period_containing(day: date, cadence: ReportingCadence) -> Period:
    """The calendar period of `cadence` that `day` falls in."""
    size = _MONTHS_PER_PERIOD[cadence]
    first_month = (day.month - 1) // size * size + 1
    start, end = _months(day.year, first_month, size)
    label = {
        ReportingCadence.MONTHLY: f"{day.year}-{day.month:02d}",
        ReportingCadence.QUARTERLY: f"{day.year}-Q{(first_month + 2) // 3}",
        ReportingCadence.HALF_YEARLY: f"{day.year}-H{(first_month + 5) // 6}",
        ReportingCadence.YEARLY: f"{day.year}",
    }[cadence]
    return Period(label, start, end)


def last_period_due(assignment: Link, as_of: date) -> Period | None:
    """The latest period of the assignment's cadence, overlapping the time it was in force, that ended before `as_of`."""
    cadence = ReportingCadence(assignment.reporting_cadence or ReportingCadence.NONE.value)
    if cadence is ReportingCadence.NONE:
        return None
    began = assignment.since or assignment.created_at.date()
    last_day = min(as_of - timedelta(days=1), assignment.until or as_of)
    if last_day < began:
        return None
    period = period_containing(last_day, cadence)
    if period.end >= as_of:  # still running on `as_of`: the one before it is the last that ended
        period = period_containing(period.start - timedelta(days=1), cadence)
    return period if period.end >= began else None


async def submit_report(
    session: AsyncSession,
    *,
    agency_id: int,
    target_id: int,
    period: str,
    percent: int,
    status: ReportStatus,
    summary_vi: str | None,
    summary_en: str | None,
    evidence: list[str] | None,
    actor: str,
    today: date,
) -> ProgressReport:
    """Record a report; the agency must be responsible for the target."""
    agency = await load_node(session, agency_id, field="input.agency")
    target = await load_node(session, target_id, field="input.target")
    checker = Checker()
    parsed = None
    try:
        parsed = parse_period(period)
        if parsed.start > today:
            checker.refuse("input.period", f"The period {parsed.label} has not begun yet.")
    except ValueError as problem:
        checker.refuse("input.period", str(problem))
    checker.number_in("input.percent", percent, 0, 100)
    summaries = {name: checker.text(f"input.{name}", value) for name, value in (("summaryVi", summary_vi), ("summaryEn", summary_en))}
    if not any(summaries.values()):
        checker.refuse("input.summaryVi", "Write a summary in Vietnamese or English.")
    evidence = [url for url in (checker.url("input.evidence", item) for item in evidence or []) if url]
    if len(evidence) > MAX_EVIDENCE:
        checker.refuse("input.evidence", f"At most {MAX_EVIDENCE} evidence links.")
    assignment = await _assignment(session, agency.id, target.id)
    if assignment is None:
        checker.refuse("input.target", f"{agency.name_vi} holds no responsibility for {target.name_vi}.")
    checker.done()
    report = ProgressReport(
        assignment_id=assignment.id,
        agency_id=agency.id,
        target_id=target.id,
        period=parsed.label,
        period_start=parsed.start,
        period_end=parsed.end,
        percent=percent,
        status=ReportStatus(status).value,
        summary_vi=summaries["summaryVi"],
        summary_en=summaries["summaryEn"],
        evidence=evidence,
        submitted_by=actor,
    )
    session.add(report)
    await session.flush()
    await record(session, actor=actor, action=Action.CREATE, row=report, before=None)
    return report


async def _assignment(session: AsyncSession, agency_id: int, target_id: int) -> Link | None:
    statement = select(Link).where(Link.kind == LinkKind.RESPONSIBLE_FOR.value, Link.from_id == agency_id, Link.to_id == target_id)
    return (await session.scalars(statement.order_by(Link.id).limit(1))).first()


def _reports(*, agency_id: int | None = None, target_id: int | None = None, status: str | None = None) -> Select:
    statement = select(ProgressReport)
    for column, value in ((ProgressReport.agency_id, agency_id), (ProgressReport.target_id, target_id), (ProgressReport.status, status)):
        if value is not None:
            statement = statement.where(column == value)
    return statement


async def report_page(session: AsyncSession, *, page: PageRequest, **filters) -> Page[ProgressReport]:
    """Reports, latest period first."""
    return await paginate(
        session,
        _reports(**filters),
        order_name="reports",
        keys=[SortKey(ProgressReport.period_end, descending=True)],
        id_column=ProgressReport.id,
        request=page,
    )


async def count_reports(session: AsyncSession, **filters) -> int:
    return await count(session, _reports(**filters))


async def latest_reports(session: AsyncSession, target_ids: list[int]) -> dict[int, ProgressReport]:
    """The latest report on each target (by period, then submission), in one statement."""
    ranked = (
        select(
            ProgressReport.id,
            func.row_number()
            .over(partition_by=ProgressReport.target_id, order_by=(ProgressReport.period_end.desc(), ProgressReport.id.desc()))
            .label("rank"),
        )
        .where(ProgressReport.target_id.in_(target_ids))
        .subquery()
    )
    rows = await session.scalars(select(ProgressReport).join(ranked, and_(ranked.c.id == ProgressReport.id, ranked.c.rank == 1)))
    return {report.target_id: report for report in rows}


@dataclass(frozen=True)
class OverdueReport:
    assignment: Link
    period: Period
    days_late: int
    last_reported: date | None


async def overdue_reports(session: AsyncSession, *, as_of: date) -> list[OverdueReport]:
    """Assignments whose last ended period has no report by `as_of`, most late first."""
    if not 2000 <= as_of.year <= 2100:
        raise bad_input("`asOf` must be a day between 2000 and 2100.", field="asOf")
    archived = select(Node.id).where(Node.archived_at.is_not(None))
    assignments = list(
        await session.scalars(
            select(Link).where(
                Link.kind == LinkKind.RESPONSIBLE_FOR.value,
                Link.reporting_cadence.is_not(None),
                Link.reporting_cadence != ReportingCadence.NONE.value,
                Link.from_id.not_in(archived),
                Link.to_id.not_in(archived),
            )
        )
    )
    last_reported = dict(
        (
            await session.execute(
                select(ProgressReport.assignment_id, func.max(ProgressReport.period_end))
                .where(ProgressReport.submitted_at < datetime.combine(as_of + timedelta(days=1), time.min, tzinfo=UTC))
                .group_by(ProgressReport.assignment_id)
            )
        ).all()
    )
    found = []
    for assignment in assignments:
        due = last_period_due(assignment, as_of)
        reported = last_reported.get(assignment.id)
        if due is not None and (reported is None or reported < due.end):
            found.append(OverdueReport(assignment, due, (as_of - due.end).days, reported))
    return sorted(found, key=lambda o: (-o.days_late, o.assignment.id))


async def last_report_ends(session: AsyncSession) -> dict[str, date]:
    """For each assignment with reports, keyed by the link's global ID, the end of its latest period reported."""
    rows = await session.execute(
        select(ProgressReport.assignment_id, func.max(ProgressReport.period_end)).group_by(ProgressReport.assignment_id)
    )
    return {to_global_id(LINK_TYPE_NAME, link_id): last for link_id, last in rows.all()}
