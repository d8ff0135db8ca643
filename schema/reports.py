"""Progress reports in GraphQL: submitting them, listing them, and what is overdue."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import strawberry

from hub.access import require_report
from hub.ids import REPORT_TYPE_NAME, node_row_id, to_global_id
from hub.models import NodeKind
from hub.models import ProgressReport as ReportRow
from hub.models import ReportStatus as ReportStatusValue
from hub.reports import count_reports, overdue_reports, report_page, submit_report
from schema.context import Info
from schema.errors import UserError, hub_refusals
from schema.lang import Lang, pick
from schema.node import After, Before, First, Last, Link, Node, page_request
from schema.relay import Connection, connection_from_page
from schema.writes import run_write

ReportStatus = strawberry.enum(ReportStatusValue, description="How an assignment is going, as its agency reports it.")


@strawberry.type(description="An agency's report on one of its assignments for one period.")
class ProgressReport:
    row: strawberry.Private[ReportRow]

    @strawberry.field(description="Global ID of the report.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(to_global_id(REPORT_TYPE_NAME, self.row.id))

    @strawberry.field(description="The RESPONSIBLE_FOR link reported on.")
    async def assignment(self, info: Info) -> Link | None:
        row = await info.context.loaders.link.load(self.row.assignment_id)
        return Link.from_row(row, via=self.row.agency_id) if row else None

    @strawberry.field(description="The reporting agency.")
    async def agency(self, info: Info) -> Node | None:
        return await info.context.loaders.node.load(self.row.agency_id)

    @strawberry.field(description="The initiative, task or event reported on.")
    async def target(self, info: Info) -> Node | None:
        return await info.context.loaders.node.load(self.row.target_id)

    @strawberry.field(description='The period covered: "2024", "2024-H1", "2024-Q3" or "2024-07".')
    def period(self) -> str:
        return self.row.period

    @strawberry.field(description="First day of the period.")
    def period_start(self) -> date:
        return self.row.period_start

    @strawberry.field(description="Last day of the period.")
    def period_end(self) -> date:
        return self.row.period_end

    @strawberry.field(description="Share of the work done, 0..100.")
    def percent(self) -> int:
        return self.row.percent

    @strawberry.field(description="How it is going.")
    def status(self) -> ReportStatus:
        return self.row.status

    @strawberry.field(description="The summary in the asked language (falls back to the other).")
    def summary(self, info: Info, lang: Annotated[Lang | None, strawberry.argument(description="Language.")] = None) -> str | None:
        return pick(lang or info.context.lang, self.row.summary_vi, self.row.summary_en)

    @strawberry.field(description="Summary in Vietnamese.")
    def summary_vi(self) -> str | None:
        return self.row.summary_vi

    @strawberry.field(description="Summary in English.")
    def summary_en(self) -> str | None:
        return self.row.summary_en

    @strawberry.field(description="Links to evidence (documents, photos, press).")
    def evidence(self) -> list[str]:
        return list(self.row.evidence or [])

    @strawberry.field(description="When the report was submitted.")
    def submitted_at(self) -> datetime:
        return self.row.submitted_at


@strawberry.type(description="An assignment whose cadence asked for a report that has not come.")
class OverdueReport:
    assignment: Link = strawberry.field(description="The RESPONSIBLE_FOR link concerned.")
    period: str = strawberry.field(description="The period whose report is missing.")
    due_on: date = strawberry.field(description="When the report fell due (the period's last day).")
    days_late: int = strawberry.field(description="Days since it fell due.")
    last_reported_through: date | None = strawberry.field(description="End of the latest period reported, if any.")


@strawberry.input(description="A progress report on an assignment.")
class ProgressReportSubmitInput:
    agency: strawberry.ID = strawberry.field(description="The reporting agency.")
    target: strawberry.ID = strawberry.field(description="The initiative, task or event it is responsible for.")
    period: str = strawberry.field(description='The period covered: "2024", "2024-H1", "2024-Q3" or "2024-07".')
    percent: int = strawberry.field(description="Share of the work done, 0..100.")
    status: ReportStatus = strawberry.field(description="How it is going.")
    summary_vi: str | None = strawberry.field(default=None, description="Summary in Vietnamese.")
    summary_en: str | None = strawberry.field(default=None, description="Summary in English.")
    evidence: list[str] | None = strawberry.field(default=None, description="Links to evidence (http or https URLs).")


@strawberry.type(description="The result of progressReportSubmit.")
class ProgressReportSubmitPayload:
    progress_report: ProgressReport | None = strawberry.field(default=None, description="The stored report; null when refused.")
    user_errors: list[UserError] = strawberry.field(default_factory=list, description="Why it was refused; empty on success.")


@strawberry.input(description="Filters for progress reports.")
class ProgressReportFilter:
    agency: strawberry.ID | None = strawberry.field(default=None, description="Reports by this agency.")
    target: strawberry.ID | None = strawberry.field(default=None, description="Reports on this initiative, task or event.")
    status: ReportStatus | None = strawberry.field(default=None, description="Reports with this status.")


@strawberry.type(description="Submitting progress.")
class ReportMutations:
    @strawberry.mutation(description="Record an agency's progress on an assignment it holds.")
    async def progress_report_submit(
        self,
        info: Info,
        input: Annotated[ProgressReportSubmitInput, strawberry.argument(description="The report.")],
    ) -> ProgressReportSubmitPayload:

        async def work(session):
            agency_id = node_row_id(input.agency, field="input.agency", kind=NodeKind.AGENCY)
            require_report(info.context.viewer, agency_id=agency_id)
            return await submit_report(
                session,
                agency_id=agency_id,
                target_id=node_row_id(input.target, field="input.target"),
                period=input.period,
                percent=input.percent,
                status=input.status,
                summary_vi=input.summary_vi,
                summary_en=input.summary_en,
                evidence=input.evidence,
                actor=info.context.actor,
                today=date.today(),
            )

        report, errors = await run_write(info, work)
        return ProgressReportSubmitPayload(progress_report=ProgressReport(row=report) if report else None, user_errors=errors)


def _filters(given: ProgressReportFilter | None) -> dict:
    if given is None:
        return {}
    return {
        "agency_id": node_row_id(given.agency, field="filter.agency") if given.agency else None,
        "target_id": node_row_id(given.target, field="filter.target") if given.target else None,
        "status": given.status.value if given.status else None,
    }


@strawberry.type(description="Reading progress.")
class ReportQueries:
    @strawberry.field(description="Progress reports, latest period first.")
    async def progress_reports(
        self,
        info: Info,
        filter: Annotated[ProgressReportFilter | None, strawberry.argument(description="Narrow the list.")] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[ProgressReport]:
        request = page_request(first, after, last, before)
        with hub_refusals():
            filters = _filters(filter)
            page = await info.context.read(lambda session: report_page(session, page=request, **filters))
        return connection_from_page(
            page, lambda: info.context.read(lambda session: count_reports(session, **filters)), wrap=lambda row: ProgressReport(row=row)
        )

    @strawberry.field(description="Every assignment whose reporting cadence asked for a report that has not come, most late first.")
    async def overdue_reports(
        self,
        info: Info,
        as_of: Annotated[date | None, strawberry.argument(description="The day to judge lateness on (default: today).")] = None,
    ) -> list[OverdueReport]:
        day = as_of or date.today()
        with hub_refusals():
            found = await info.context.read(lambda session: overdue_reports(session, as_of=day))
        return [
            OverdueReport(
                assignment=Link.from_row(item.assignment, via=item.assignment.from_id),
                period=item.period.label,
                due_on=item.period.end,
                days_late=item.days_late,
                last_reported_through=item.last_reported,
            )
            for item in found
        ]
