"""Mutations: `<kind>Create`, `<kind>Update`, `<kind>Archive` for every node kind, `nodeRestore`, and links.

The node inputs are generated from the hub's field table (hub.kinds), so the GraphQL inputs and
the rules that check them cannot drift apart.
"""

import re
from datetime import date
from typing import Annotated, Any

import strawberry

from hub.access import require_link_write, require_node_update, require_staff
from hub.errors import bad_input
from hub.ids import LINK_TYPE_NAME, TYPE_NAMES, from_global_id, node_row_id
from hub.kinds import FieldSpec, Value, fields_of
from hub.links import create_link, delete_link, update_link
from hub.models import Link as LinkRow
from hub.models import NodeKind as Kind
from hub.writes import archive_node, create_node, restore_node, update_node
from schema import enums
from schema.access import authorize
from schema.context import Info
from schema.errors import UserError
from schema.node import Link, Node
from schema.reports import ReportMutations
from schema.types import NODE_TYPES
from schema.viewer import TokenMutations
from schema.writes import given_fields, run_write

_ENUM_TYPES = {t.__name__: t for t in (enums.Scope, enums.WorkStatus, enums.AgencyKind, enums.SpaceKind, enums.CreativeField)}
_PLAIN_TYPES = {
    Value.NAMES: list[str],
    Value.DATE: date,
    Value.YEAR: int,
    Value.LATITUDE: float,
    Value.LONGITUDE: float,
    Value.NODE: strawberry.ID,
    Value.PART_OF: strawberry.ID,
}
_ERRORS = "Why the mutation was refused; empty when it succeeded."
_INPUT = strawberry.argument(description="Everything the mutation needs, in one object.")
_VERSION = "The version you read; if it has moved on, someone else changed it and you get CONFLICT."


def _a(noun: str) -> str:
    return f"{'an' if noun[0] in 'AEIOU' else 'a'} {noun}"


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _python_type(spec: FieldSpec) -> Any:
    return _ENUM_TYPES[spec.enum_type.__name__] if spec.value is Value.ENUM else _PLAIN_TYPES.get(spec.value, str)


def _make(decorator, name: str, description: str, fields: dict[str, tuple[Any, Any]]) -> type:
    """A strawberry type or input called `name`; `fields` maps python names to (annotation, strawberry.field)."""
    namespace: dict[str, Any] = {"__annotations__": {n: annotation for n, (annotation, _) in fields.items()}}
    namespace.update({n: field for n, (_, field) in fields.items()})
    return decorator(type(name, (), namespace), name=name, description=description)


def _optional(description: str) -> Any:
    return strawberry.field(default=strawberry.UNSET, description=description)


def _create_input(kind: Kind, type_name: str) -> type:
    specs = sorted(fields_of(kind), key=lambda spec: not spec.required)  # fields without defaults first
    fields = {
        _snake(spec.input_name): (
            (_python_type(spec), strawberry.field(description=spec.description))
            if spec.required
            else (_python_type(spec) | None, _optional(spec.description))
        )
        for spec in specs
    }
    return _make(strawberry.input, f"{type_name}CreateInput", f"A new {type_name}.", fields)


def _update_input(kind: Kind, type_name: str) -> type:
    fields = {
        "id": (strawberry.ID, strawberry.field(description=f"The {type_name} to change.")),
        "version": (int, strawberry.field(description=_VERSION)),
    }
    for spec in fields_of(kind):
        fields[_snake(spec.input_name)] = (_python_type(spec) | None, _optional(f"{spec.description} Leave out to keep; null clears."))
    return _make(strawberry.input, f"{type_name}UpdateInput", f"Changes to {_a(type_name)}: only the fields sent change.", fields)


@strawberry.input(description="Which node to archive or restore, at the version you read.")
class NodeVersionInput:
    id: strawberry.ID = strawberry.field(description="The node.")
    version: int = strawberry.field(description=_VERSION)


def _payload(name: str, object_field: str, object_type: Any, description: str) -> type:
    return _make(
        strawberry.type,
        name,
        description,
        {
            object_field: (object_type | None, strawberry.field(default=None, description="The result as stored now; null when refused.")),
            "user_errors": (list[UserError], strawberry.field(default_factory=list, description=_ERRORS)),
        },
    )


def _hub_fields(kind: Kind, given: dict[str, Any]) -> dict[str, Any]:
    """Node references arrive as global IDs; the hub takes row ids."""
    for spec in fields_of(kind):
        if spec.value in (Value.NODE, Value.PART_OF) and given.get(spec.input_name) is not None:
            given[spec.input_name] = node_row_id(given[spec.input_name], field=f"input.{spec.input_name}", kind=spec.target)
    return given


def _node_mutations(kind: Kind, node_type: type) -> dict[str, Any]:
    """The create, update and archive fields of one kind, named as in DESIGN.md §4."""
    type_name = TYPE_NAMES[kind]
    noun = type_name[0].lower() + type_name[1:]
    create_input, update_input = _create_input(kind, type_name), _update_input(kind, type_name)
    payloads = {
        action: _payload(f"{type_name}{action}Payload", noun, node_type, f"The result of {noun}{action}.")
        for action in ("Create", "Update", "Archive")
    }

    async def create(info: Info, input: Annotated[create_input, _INPUT]) -> payloads["Create"]:  # noqa: F821 -- strawberry reads the payload type from the dict
        authorize(info, require_staff, f"Create {_a(type_name)}")
        given = given_fields(input)
        node, errors = await run_write(
            info, lambda session: create_node(session, kind=kind, given=_hub_fields(kind, given), actor=info.context.actor)
        )
        return payloads["Create"](**{noun: node, "user_errors": errors})

    async def update(info: Info, input: Annotated[update_input, _INPUT]) -> payloads["Update"]:  # noqa: F821 -- strawberry reads the payload type from the dict
        given = given_fields(input)
        global_id, version = given.pop("id"), given.pop("version")

        async def work(session):
            node_id = node_row_id(global_id, field="input.id", kind=kind)
            require_node_update(info.context.viewer, kind=kind, node_id=node_id)
            return await update_node(
                session, node_id=node_id, version=version, given=_hub_fields(kind, given), actor=info.context.actor, kind=kind
            )

        node, errors = await run_write(info, work)
        return payloads["Update"](**{noun: node, "user_errors": errors})

    async def archive(info: Info, input: Annotated[NodeVersionInput, _INPUT]) -> payloads["Archive"]:  # noqa: F821 -- strawberry reads the payload type from the dict
        authorize(info, require_staff, f"Archive {_a(type_name)}")
        node, errors = await run_write(
            info,
            lambda session: archive_node(
                session,
                node_id=node_row_id(input.id, field="input.id", kind=kind),
                version=input.version,
                actor=info.context.actor,
                kind=kind,
            ),
        )
        return payloads["Archive"](**{noun: node, "user_errors": errors})

    return {
        f"{noun}_create": strawberry.mutation(resolver=create, description=f"Record a new {type_name}."),
        f"{noun}_update": strawberry.mutation(resolver=update, description=f"Change {_a(type_name)} read at a known version."),
        f"{noun}_archive": strawberry.mutation(
            resolver=archive, description=f"Archive {_a(type_name)}: it leaves lists, search and the network until restored."
        ),
    }


NodeRestorePayload = _payload("NodeRestorePayload", "node", Node, "The result of nodeRestore.")


@strawberry.input(description="A new link between two nodes; which kinds it may join is fixed per link kind.")
class LinkCreateInput:
    from_: strawberry.ID = strawberry.field(name="from", description="The node the link starts from.")
    to: strawberry.ID = strawberry.field(description="The node the link points to.")
    kind: enums.LinkKind = strawberry.field(description="What the link says.")
    role: enums.LinkRole | None = strawberry.field(default=None, description="The part the `from` node plays.")
    since: date | None = strawberry.field(default=None, description="First day the link holds.")
    until: date | None = strawberry.field(default=None, description="Last day the link holds (not before `since`).")
    note: str | None = strawberry.field(default=None, description="A short note.")
    source: str | None = strawberry.field(default=None, description="Where the fact comes from (http or https URL).")
    reporting_cadence: enums.ReportingCadence | None = strawberry.field(
        default=None, description="How often the agency reports (RESPONSIBLE_FOR only)."
    )


@strawberry.input(description="Changes to a link: only the fields sent change; its ends and kind stay.")
class LinkUpdateInput:
    id: strawberry.ID = strawberry.field(description="The link.")
    version: int = strawberry.field(description=_VERSION)
    role: enums.LinkRole | None = _optional("The part the `from` node plays.")
    since: date | None = _optional("First day the link holds.")
    until: date | None = _optional("Last day the link holds.")
    note: str | None = _optional("A short note.")
    source: str | None = _optional("Where the fact comes from (http or https URL).")
    reporting_cadence: enums.ReportingCadence | None = _optional("How often the agency reports (RESPONSIBLE_FOR only).")


@strawberry.input(description="Which link to delete, at the version you read.")
class LinkDeleteInput:
    id: strawberry.ID = strawberry.field(description="The link.")
    version: int = strawberry.field(description=_VERSION)


LinkCreatePayload = _payload("LinkCreatePayload", "link", Link, "The result of linkCreate.")
LinkUpdatePayload = _payload("LinkUpdatePayload", "link", Link, "The result of linkUpdate.")


@strawberry.type(description="The result of linkDelete.")
class LinkDeletePayload:
    deleted_link_id: strawberry.ID | None = strawberry.field(default=None, description="ID of the deleted link; null when refused.")
    user_errors: list[UserError] = strawberry.field(default_factory=list, description=_ERRORS)


def _link_row_id(global_id: str) -> int:
    type_name, row_id = from_global_id(global_id, field="input.id")
    if type_name != LINK_TYPE_NAME:
        raise bad_input(f"{global_id!r} is not the ID of a link.", field="input.id")
    return row_id


async def _writable_link(info: Info, session, global_id: str) -> int:
    """The link's row id, once the caller may write it (its ends never change, so checking them first is safe)."""
    link_id = _link_row_id(global_id)
    link = await session.get(LinkRow, link_id)
    if link is not None:
        require_link_write(info.context.viewer, ends=(link.from_id, link.to_id))
    return link_id


def _link_details(given: dict[str, Any]) -> dict[str, Any]:
    names = {"reportingCadence": "reporting_cadence"}
    return {names.get(k, k): (v.value if k == "reportingCadence" and v is not None else v) for k, v in given.items()}


@strawberry.type(description="Mutations on links and restores (the node kinds' own are added below).")
class _SharedMutations:
    @strawberry.mutation(description="Bring an archived node back into lists, search and the network.")
    async def node_restore(self, info: Info, input: Annotated[NodeVersionInput, _INPUT]) -> NodeRestorePayload:
        authorize(info, require_staff, "Restore a node")
        node, errors = await run_write(
            info,
            lambda session: restore_node(
                session, node_id=node_row_id(input.id, field="input.id"), version=input.version, actor=info.context.actor
            ),
        )
        return NodeRestorePayload(node=node, user_errors=errors)

    @strawberry.mutation(description="Link two nodes; endpoint kinds and roles are checked (INVALID_LINK), duplicates refused.")
    async def link_create(self, info: Info, input: Annotated[LinkCreateInput, _INPUT]) -> LinkCreatePayload:
        details = _link_details(given_fields(input))
        for name in ("from", "to", "kind", "role"):
            details.pop(name, None)

        async def work(session):
            from_id, to_id = node_row_id(input.from_, field="input.from"), node_row_id(input.to, field="input.to")
            require_link_write(info.context.viewer, ends=(from_id, to_id))
            return await create_link(
                session, kind=input.kind, from_id=from_id, to_id=to_id, role=input.role, actor=info.context.actor, **details
            )

        link, errors = await run_write(info, work)
        return LinkCreatePayload(link=Link.from_row(link) if link else None, user_errors=errors)

    @strawberry.mutation(description="Change a link's role, dates, note, source or cadence.")
    async def link_update(self, info: Info, input: Annotated[LinkUpdateInput, _INPUT]) -> LinkUpdatePayload:
        changes = _link_details(given_fields(input))
        changes.pop("id"), changes.pop("version")

        async def work(session):
            link_id = await _writable_link(info, session, input.id)
            return await update_link(session, link_id=link_id, version=input.version, changes=changes, actor=info.context.actor)

        link, errors = await run_write(info, work)
        return LinkUpdatePayload(link=Link.from_row(link) if link else None, user_errors=errors)

    @strawberry.mutation(description="Delete a link for good (the audit log keeps what it said).")
    async def link_delete(self, info: Info, input: Annotated[LinkDeleteInput, _INPUT]) -> LinkDeletePayload:

        async def work(session):
            link_id = await _writable_link(info, session, input.id)
            return await delete_link(session, link_id=link_id, version=input.version, actor=info.context.actor)

        link, errors = await run_write(info, work)
        return LinkDeletePayload(deleted_link_id=input.id if link else None, user_errors=errors)


_TYPES_BY_NAME = {node_type.__name__: node_type for node_type in NODE_TYPES}
Mutation = strawberry.type(
    type(
        "Mutation",
        (_SharedMutations, ReportMutations, TokenMutations),
        {name: field for kind, type_name in TYPE_NAMES.items() for name, field in _node_mutations(kind, _TYPES_BY_NAME[type_name]).items()},
    ),
    description="Change the network. Every write is one transaction, versioned and audited.",
)
