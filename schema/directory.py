"""Listing the directory: a filter input, an order input and a connection field per node kind."""

import enum
from dataclasses import asdict
from datetime import date
from typing import Annotated, Any

import strawberry

from hub.directory import COMMON_ORDERS, KIND_ORDERS, NodeFilter, count_nodes, list_nodes
from hub.ids import node_row_id
from hub.models import NodeKind as Kind
from schema.context import Info
from schema.enums import AgencyKind, CreativeField, OrderDirection, Scope, SpaceKind, WorkStatus
from schema.errors import hub_refusals
from schema.node import After, Before, First, Last, page_request
from schema.prefetch import prefetch_for_connection
from schema.relay import Connection, connection_from_page
from schema.types import Agency, City, CreativeSpace, Designer, Event, Initiative, Plan, Task


@strawberry.input(description="Filters every list shares.")
class CommonFilter:
    text: str | None = strawberry.field(default=None, description="Names or aliases containing this text, ignoring case and diacritics.")
    include_archived: bool = strawberry.field(default=False, description="Include archived nodes.")


@strawberry.input(description="Filters for plans.")
class PlanFilter(CommonFilter):
    code: str | None = strawberry.field(default=None, description="Exact plan number, e.g. 161/KH-UBND.")


@strawberry.input(description="Filters for initiatives.")
class InitiativeFilter(CommonFilter):
    scope: Scope | None = strawberry.field(default=None, description="LOCAL or INTERNATIONAL.")
    status: WorkStatus | None = strawberry.field(default=None, description="Where the initiative stands.")
    plan: strawberry.ID | None = strawberry.field(default=None, description="Only initiatives PART_OF this plan.")


@strawberry.input(description="Filters for tasks.")
class TaskFilter(CommonFilter):
    status: WorkStatus | None = strawberry.field(default=None, description="Where the task stands.")
    due_before: date | None = strawberry.field(default=None, description="Only tasks due before this day.")


@strawberry.input(description="Filters for agencies.")
class AgencyFilter(CommonFilter):
    agency_kind: AgencyKind | None = strawberry.field(default=None, description="What sort of body.")
    parent: strawberry.ID | None = strawberry.field(default=None, description="Only agencies PART_OF this agency.")


@strawberry.input(description="Filters for creative spaces.")
class SpaceFilter(CommonFilter):
    space_kind: SpaceKind | None = strawberry.field(default=None, description="What sort of place.")
    district: str | None = strawberry.field(default=None, description="Exact district name.")


@strawberry.input(description="Filters for designers.")
class DesignerFilter(CommonFilter):
    discipline: str | None = strawberry.field(default=None, description="Exact discipline.")


@strawberry.input(description="Filters for cities.")
class CityFilter(CommonFilter):
    field: CreativeField | None = strawberry.field(default=None, description="Creative field.")
    country: str | None = strawberry.field(default=None, description="Country, ignoring case and diacritics.")
    designation_year: int | None = strawberry.field(default=None, description="Year of joining the network.")
    region: str | None = strawberry.field(default=None, description="Exact UNESCO region, e.g. Asia and the Pacific.")
    subregion: str | None = strawberry.field(default=None, description="Exact UN M49 subregion, e.g. South-eastern Asia.")


@strawberry.input(description="Filters for events.")
class EventFilter(CommonFilter):
    starts_from: date | None = strawberry.field(default=None, description="Only events starting on or after this day.")
    starts_to: date | None = strawberry.field(default=None, description="Only events starting on or before this day.")
    initiative: strawberry.ID | None = strawberry.field(default=None, description="Only events PART_OF this initiative.")


# Filter fields holding a node ID, the hub filter field they become, and the kind they must name.
_ID_FILTERS = {"plan": ("plan_id", Kind.PLAN), "parent": ("parent_id", Kind.AGENCY), "initiative": ("initiative_id", Kind.INITIATIVE)}


def _hub_filter(given: Any) -> NodeFilter:
    """The hub's filter for a GraphQL filter input: enums to values, IDs to row ids."""
    if given is None:
        return NodeFilter()
    values: dict[str, Any] = {}
    for name, value in asdict(given).items():
        if name in _ID_FILTERS and value is not None:
            target, kind = _ID_FILTERS[name]
            values[target] = node_row_id(value, field=f"filter.{name}", kind=kind)
        elif name not in _ID_FILTERS:
            values[name] = value.value if isinstance(value, enum.Enum) else value
    return NodeFilter(**values)


def _order_input(kind: Kind, type_name: str) -> type:
    """An `<Type>Order` input whose field enum lists exactly the orders the hub offers for `kind`."""
    fields = enum.Enum(f"{type_name}OrderField", {name: name for name in (*COMMON_ORDERS, *KIND_ORDERS.get(kind, {}))})
    field_enum = strawberry.enum(fields, description=f"What {type_name} lists can be ordered by.")

    @strawberry.input(name=f"{type_name}Order", description=f"How to order {type_name} lists.")
    class Order:
        field: field_enum = strawberry.field(default=field_enum.NAME, description="The value to order by.")
        direction: OrderDirection = strawberry.field(default=OrderDirection.ASC, description="Ascending or descending.")

    return Order


def list_field(kind: Kind, node_type: type, filter_type: type, description: str):
    """A root field listing nodes of `kind` as a connection, filtered and ordered."""
    order_type = _order_input(kind, node_type.__name__)

    async def resolve(
        info: Info,
        filter: Annotated[filter_type | None, strawberry.argument(description="Narrow the list.")] = None,
        order_by: Annotated[order_type | None, strawberry.argument(description="Order of the list (default: by name).")] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[node_type]:
        request = page_request(first, after, last, before)
        with hub_refusals():
            hub_filter = _hub_filter(filter)
            page = await info.context.read(
                lambda session: list_nodes(
                    session,
                    kind=kind,
                    filter=hub_filter,
                    order=order_by.field.value if order_by else "NAME",
                    descending=bool(order_by and order_by.direction is OrderDirection.DESC),
                    page=request,
                )
            )
        await prefetch_for_connection(info, [row.id for row in page.items])
        return connection_from_page(page, lambda: info.context.read(lambda session: count_nodes(session, kind=kind, filter=hub_filter)))

    return strawberry.field(resolver=resolve, description=description)


plans = list_field(Kind.PLAN, Plan, PlanFilter, "City plans.")
initiatives = list_field(Kind.INITIATIVE, Initiative, InitiativeFilter, "Initiatives of the plans.")
tasks = list_field(Kind.TASK, Task, TaskFilter, "Tasks with due dates.")
agencies = list_field(Kind.AGENCY, Agency, AgencyFilter, "Agencies: ministries, committees, departments, partners.")
spaces = list_field(Kind.CREATIVE_SPACE, CreativeSpace, SpaceFilter, "Creative spaces and hubs.")
designers = list_field(Kind.DESIGNER, Designer, DesignerFilter, "Young designers in the network.")
cities = list_field(Kind.CITY, City, CityFilter, "UNESCO Creative Cities.")
events = list_field(Kind.EVENT, Event, EventFilter, "Festival editions, forums, contests and meetings.")
