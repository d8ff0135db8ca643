"""One GraphQL object type per node kind; each resolves straight from a node's record (hub.records) or ORM row."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from hub import models
from hub.links import Direction
from hub.models import LinkKind as LinkKindValue
from hub.records import NodeTuple, is_node_of_kind
from schema.access import personal
from schema.context import Info
from schema.enums import AgencyKind, CreativeField, Scope, SpaceKind, WorkStatus
from schema.lang import Lang
from schema.node import Node, implements, in_lang
from schema.reports import ProgressReport


async def _part_of_target(info: Info, node_id: int, kind: models.NodeKind) -> NodeTuple | None:
    """The first node of `kind` this node is PART_OF (its plan, its parent agency…)."""
    links = await info.context.loaders.links.load((node_id, frozenset({LinkKindValue.PART_OF.value}), Direction.OUT))
    targets = await info.context.loaders.node.load_many([link.to_id for link in links])
    return next((target for target in targets if is_node_of_kind(target, kind)), None)


async def _latest_report(info: Info, node_id: int) -> ProgressReport | None:
    row = await info.context.loaders.latest_report.load(node_id)
    return ProgressReport(row=row) if row else None


@strawberry.type(description="A city plan, such as Plan 161/KH-UBND (2023).")
class Plan(Node):
    is_type_of = implements(models.NodeKind.PLAN)
    code: str | None = strawberry.field(description="The plan's official number, e.g. 161/KH-UBND.")
    issued_on: date | None = strawberry.field(description="Date the plan was issued.")

    @strawberry.field(description="The agency that issued the plan.")
    async def issuer(self, info: Info) -> Node | None:
        return await info.context.loaders.node.load(self.issuer_id) if self.issuer_id else None

    @strawberry.field(description="The plan this one carries out.")
    async def parent(self, info: Info) -> Plan | None:
        return await info.context.loaders.node.load(self.parent_id) if self.parent_id else None


@strawberry.type(description="One of a plan's initiatives.")
class Initiative(Node):
    is_type_of = implements(models.NodeKind.INITIATIVE)
    scope: Scope = strawberry.field(description="LOCAL or INTERNATIONAL.")
    status: WorkStatus | None = strawberry.field(description="Where the initiative stands, when known.")
    starts_on: date | None = strawberry.field(description="First day, when known.")
    ends_on: date | None = strawberry.field(description="Last day, when known.")

    @strawberry.field(description="The latest progress report on this initiative.")
    async def latest_report(self, info: Info) -> ProgressReport | None:
        return await _latest_report(info, self.id)

    @strawberry.field(description="The plan the initiative belongs to (its PART_OF link).")
    async def plan(self, info: Info) -> Plan | None:
        return await _part_of_target(info, self.id, models.NodeKind.PLAN)


@strawberry.type(description="A concrete duty with a due date, such as the Membership Monitoring Report.")
class Task(Node):
    is_type_of = implements(models.NodeKind.TASK)
    due_on: date | None = strawberry.field(description="When it is due, when known.")
    status: WorkStatus | None = strawberry.field(description="Where the task stands, when known.")

    @strawberry.field(description="The latest progress report on this task.")
    async def latest_report(self, info: Info) -> ProgressReport | None:
        return await _latest_report(info, self.id)


@strawberry.type(description="A ministry, People's Committee, department, district, office, university, company or association.")
class Agency(Node):
    is_type_of = implements(models.NodeKind.AGENCY)
    agency_kind: AgencyKind = strawberry.field(description="What sort of body it is.")

    @strawberry.field(description="The agency this one is part of.")
    async def parent(self, info: Info) -> Agency | None:
        return await _part_of_target(info, self.id, models.NodeKind.AGENCY)


@strawberry.type(description="A creative space or hub: museum, gallery, co-working space, heritage venue…")
class CreativeSpace(Node):
    is_type_of = implements(models.NodeKind.CREATIVE_SPACE)
    space_kind: SpaceKind = strawberry.field(description="What sort of place it is.")
    district: str | None = strawberry.field(description="District of Hanoi, when known.")
    address: str | None = strawberry.field(description="Street address, when known.")
    latitude: float | None = strawberry.field(description="Latitude in degrees (WGS 84), when known.")
    longitude: float | None = strawberry.field(description="Longitude in degrees (WGS 84), when known.")
    website: str | None = strawberry.field(description="Web site, when known.")


@strawberry.type(description="A young designer in the network.")
class Designer(Node):
    is_type_of = implements(models.NodeKind.DESIGNER)
    discipline: str | None = strawberry.field(description="Field of design, when known.")

    @strawberry.field(description="E-mail address (personal data: staff only).")
    def email(self, info: Info) -> str | None:
        return personal(info, self.email)

    @strawberry.field(description="Phone number (personal data: staff only).")
    def phone(self, info: Info) -> str | None:
        return personal(info, self.phone)


@strawberry.type(description="A UNESCO Creative City.")
class City(Node):
    is_type_of = implements(models.NodeKind.CITY)
    country: str | None = strawberry.field(description="Country, when known.")
    region: str | None = strawberry.field(
        description="UNESCO region (Africa, Arab States, Asia and the Pacific, Europe and North America, Latin America and "
        "the Caribbean), when known; seeding and city imports fill it from the country (seeds/country_regions.csv)."
    )
    subregion: str | None = strawberry.field(
        description="UN M49 subregion, e.g. South-eastern Asia, when known; filled from the country like `region`."
    )
    designation_year: int | None = strawberry.field(description="Year the city joined the network, when known.")

    @strawberry.field(description="The city's creative field.")
    def field(self) -> CreativeField | None:
        return self.creative_field

    @strawberry.field(description="The focal point's name and contact (personal data: staff only).")
    def focal_point(self, info: Info) -> str | None:
        return personal(info, self.focal_point)


@strawberry.type(description="A festival edition, forum, contest or meeting.")
class Event(Node):
    is_type_of = implements(models.NodeKind.EVENT)
    starts_on: date | None = strawberry.field(description="First day, when known.")
    ends_on: date | None = strawberry.field(description="Last day, when known.")

    @strawberry.field(description="The event's theme in the asked language, when it has one.")
    def theme(
        self, info: Info, lang: Annotated[Lang | None, strawberry.argument(description="Language of the theme.")] = None
    ) -> str | None:
        return in_lang(info, lang, self.theme_vi, self.theme_en)

    @strawberry.field(description="What came of it (figures as reported) in the asked language, when recorded.")
    def outcomes(
        self, info: Info, lang: Annotated[Lang | None, strawberry.argument(description="Language of the outcomes.")] = None
    ) -> str | None:
        return in_lang(info, lang, self.outcomes_vi, self.outcomes_en)

    outcomes_source: str | None = strawberry.field(description="Where the outcomes are reported.")


NODE_TYPES = [Plan, Initiative, Task, Agency, CreativeSpace, Designer, City, Event]
