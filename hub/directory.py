"""Listing the directory: what each node kind can be filtered and ordered by, one page at a time."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from hub.errors import bad_input
from hub.models import (
    NODE_CLASSES,
    Agency,
    City,
    CreativeSpace,
    Designer,
    Event,
    Initiative,
    Link,
    LinkKind,
    Node,
    NodeKind,
    Plan,
    Task,
)
from hub.paging import Page, PageRequest, SortKey, count, paginate
from hub.records import kind_record, kind_select
from hub.text import compact_key, like_pattern, query_forms

MAX_FILTER_TEXT = 200


@dataclass(frozen=True)
class NodeFilter:
    """Filters every kind shares; kind-specific fields are left None when not asked for."""

    text: str | None = None
    include_archived: bool = False
    # INITIATIVE, TASK
    status: str | None = None
    # INITIATIVE
    scope: str | None = None
    plan_id: int | None = None
    # TASK
    due_before: date | None = None
    # PLAN
    code: str | None = None
    # AGENCY
    agency_kind: str | None = None
    parent_id: int | None = None
    # CREATIVE_SPACE
    space_kind: str | None = None
    district: str | None = None
    # DESIGNER
    discipline: str | None = None
    # CITY
    field: str | None = None
    country: str | None = None
    designation_year: int | None = None
    region: str | None = None
    subregion: str | None = None
    # EVENT
    starts_from: date | None = None
    starts_to: date | None = None
    initiative_id: int | None = None


def _part_of(target_id: int) -> ColumnElement:
    """Nodes with a PART_OF link to `target_id`."""
    return Node.id.in_(select(Link.from_id).where(Link.kind == LinkKind.PART_OF.value, Link.to_id == target_id))


# For each filter field, how it narrows each kind that has it.
_FIELD_CONDITIONS: dict[str, dict[type[Node], Callable[[object], ColumnElement]]] = {
    "status": {Initiative: lambda v: Initiative.status == v, Task: lambda v: Task.status == v},
    "scope": {Initiative: lambda v: Initiative.scope == v},
    "plan_id": {Initiative: _part_of},
    "due_before": {Task: lambda v: Task.due_on < v},
    "code": {Plan: lambda v: Plan.code == v},
    "agency_kind": {Agency: lambda v: Agency.agency_kind == v},
    "parent_id": {Agency: _part_of},
    "space_kind": {CreativeSpace: lambda v: CreativeSpace.space_kind == v},
    "district": {CreativeSpace: lambda v: CreativeSpace.district == v},
    "discipline": {Designer: lambda v: Designer.discipline == v},
    "field": {City: lambda v: City.creative_field == v},
    "country": {City: lambda v: City.country_key == compact_key(v)},
    "designation_year": {City: lambda v: City.designation_year == v},
    "region": {City: lambda v: City.region == v},
    "subregion": {City: lambda v: City.subregion == v},
    "starts_from": {Event: lambda v: Event.starts_on >= v},
    "starts_to": {Event: lambda v: Event.starts_on <= v},
    "initiative_id": {Event: _part_of},
}


def conditions(kind: NodeKind, f: NodeFilter) -> list[ColumnElement]:
    """SQL conditions for a filter on one kind of node; fields the kind lacks are ignored."""
    model = NODE_CLASSES[kind]
    found: list[ColumnElement] = []
    if not f.include_archived:
        found.append(Node.archived_at.is_(None))
    if f.text is not None:
        if len(f.text) > MAX_FILTER_TEXT:
            raise bad_input(f"`text` is limited to {MAX_FILTER_TEXT} characters.", field="filter.text")
        forms = query_forms(f.text)
        if forms:
            found.append(or_(*(Node.search_key.like(like_pattern(form), escape="\\") for form in forms)))
    for name, by_model in _FIELD_CONDITIONS.items():
        value, build = getattr(f, name), by_model.get(model)
        if value is not None and build is not None:
            found.append(build(value))
    return found


# Orders every kind offers, then those that only make sense for one kind.
COMMON_ORDERS: dict[str, ColumnElement] = {
    "NAME": Node.sort_name,
    "CREATED_AT": Node.created_at,
    "UPDATED_AT": Node.updated_at,
}
KIND_ORDERS: dict[NodeKind, dict[str, ColumnElement]] = {
    NodeKind.PLAN: {"ISSUED_ON": Plan.issued_on},
    NodeKind.INITIATIVE: {"STARTS_ON": Initiative.starts_on},
    NodeKind.TASK: {"DUE_ON": Task.due_on},
    NodeKind.CITY: {"DESIGNATION_YEAR": City.designation_year, "COUNTRY": City.country_key},
    NodeKind.EVENT: {"STARTS_ON": Event.starts_on},
}


def order_keys(kind: NodeKind, order: str, descending: bool) -> list[SortKey]:
    """The sort keys of an order; the name breaks ties between equal values."""
    column = {**COMMON_ORDERS, **KIND_ORDERS.get(kind, {})}.get(order)
    if column is None:
        raise bad_input(f"{kind.value} lists cannot be ordered by {order}.", field="orderBy.field")
    keys = [SortKey(column, descending)]
    if column is not Node.sort_name:
        keys.append(SortKey(Node.sort_name, descending))
    return keys


def _statement(kind: NodeKind, f: NodeFilter) -> Select:
    return kind_select(kind).where(*conditions(kind, f))


async def list_nodes(
    session: AsyncSession,
    *,
    kind: NodeKind,
    filter: NodeFilter,
    order: str = "NAME",
    descending: bool = False,
    page: PageRequest,
) -> Page:
    """One page of nodes of a kind, as records (hub.records)."""
    return await paginate(
        session,
        _statement(kind, filter),
        order_name=f"{order}:{'DESC' if descending else 'ASC'}",
        keys=order_keys(kind, order, descending),
        id_column=Node.id,
        request=page,
        item_of=lambda row: kind_record(kind, row),
    )


async def count_nodes(session: AsyncSession, *, kind: NodeKind, filter: NodeFilter) -> int:
    return await count(session, _statement(kind, filter))
