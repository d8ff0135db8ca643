"""`monitoringReport`: the Membership Monitoring Report draft as structured data and Markdown, with its sources."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from hub.monitoring import MonitoringReport as Draft
from hub.monitoring import build_report
from schema.context import Info
from schema.errors import hub_refusals
from schema.lang import Lang
from schema.node import Node
from schema.types import City


@strawberry.type(description="One entry of a report section, tied to the node it is about when there is one.")
class ReportItem:
    title: str = strawberry.field(description="What the entry is about.")
    lines: list[str] = strawberry.field(description="The facts recorded about it.")
    node_id: strawberry.Private[int | None]

    @strawberry.field(description="The node the entry is about, if any.")
    async def node(self, info: Info) -> Node | None:
        return await info.context.loaders.node.load(self.node_id) if self.node_id else None


@strawberry.type(description="A section of the Membership Monitoring Report.")
class ReportSection:
    key: str = strawberry.field(description="GENERAL, GLOBAL_MANAGEMENT, LOCAL_INITIATIVES, INTERNATIONAL_INITIATIVES or ACTION_PLAN.")
    title: str = strawberry.field(description="The section's heading in the asked language.")
    items: list[ReportItem] = strawberry.field(description="The section's entries.")


@strawberry.type(description="A draft of UNESCO's four-yearly Membership Monitoring Report, built from the hub's data.")
class MonitoringReport:
    draft: strawberry.Private[Draft]

    @strawberry.field(description="The member city reported on.")
    def city(self) -> City:
        return self.draft.city

    @strawberry.field(name="from", description="First day of the period reported on.")
    def from_(self) -> date:
        return self.draft.date_from

    @strawberry.field(description="Last day of the period reported on.")
    def to(self) -> date:
        return self.draft.date_to

    @strawberry.field(description="The year this report falls due: the designation year plus a multiple of four.")
    def due_year(self) -> int:
        return self.draft.due_year

    @strawberry.field(description="The sources the draft cites, in order: the draft's [1] is the first.")
    def sources(self) -> list[str]:
        return self.draft.sources

    @strawberry.field(description="The sections, in UNESCO's order.")
    def sections(self) -> list[ReportSection]:
        return [
            ReportSection(key=s.key, title=s.title, items=[ReportItem(title=i.title, lines=i.lines, node_id=i.node_id) for i in s.items])
            for s in self.draft.sections
        ]

    @strawberry.field(description="The whole draft as Markdown.")
    def markdown(self) -> str:
        return self.draft.markdown()


@strawberry.type(description="Reporting to UNESCO.")
class MonitoringQueries:
    @strawberry.field(description="Draft the Membership Monitoring Report for a period, by default the term of the next report due.")
    async def monitoring_report(
        self,
        info: Info,
        from_: Annotated[
            date | None,
            strawberry.argument(
                name="from", description="First day of the period; with `to`, or neither for the term of the next report due."
            ),
        ] = None,
        to: Annotated[date | None, strawberry.argument(description="Last day of the period.")] = None,
        lang: Annotated[Lang | None, strawberry.argument(description="Language of the draft.")] = None,
    ) -> MonitoringReport:
        city = info.context.database.settings.home_city
        chosen = (lang or info.context.lang).value
        with hub_refusals():
            draft = await info.context.read(
                lambda session: build_report(session, city_identity=city, date_from=from_, date_to=to, lang=chosen)
            )
        return MonitoringReport(draft=draft)
