"""Creating, updating, archiving and restoring nodes: checked, versioned and audited.

Every function runs inside the caller's write transaction and never commits, so a refusal at any
point leaves nothing half-written.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from hub.audit import Action, record, snapshot
from hub.concurrency import claim_version
from hub.errors import ErrorCode, HubError
from hub.kinds import DATE_RANGES, FieldSpec, Value, check_value, fields_of
from hub.links import new_link
from hub.models import NODE_CLASSES, Link, LinkKind, Node, NodeKind
from hub.nodes import apply_values, load_node
from hub.validation import Checker


async def _checked_values(
    session: AsyncSession, kind: NodeKind, given: dict[str, Any], *, existing: Node | None
) -> tuple[dict[str, Any], dict[FieldSpec, int | None]]:
    """Column values and PART_OF targets for the given input fields, all checked at once."""
    checker = Checker()
    values: dict[str, Any] = {}
    part_of: dict[FieldSpec, int | None] = {}
    for spec in fields_of(kind):
        if spec.input_name not in given and not (existing is None and spec.required):
            continue
        value = check_value(checker, kind, spec, given.get(spec.input_name), creating=existing is None)
        if spec.value in (Value.NODE, Value.PART_OF) and value is not None:
            target = await session.get(Node, value)
            if target is None or target.kind != spec.target.value:
                checker.refuse(f"input.{spec.input_name}", f"No {spec.target.value.lower()} has this ID.", ErrorCode.NOT_FOUND)
            elif target.archived_at is not None:
                checker.refuse(f"input.{spec.input_name}", "That node is archived; restore it first.")
        if spec.value is Value.PART_OF:
            part_of[spec] = value
        else:
            values[spec.attribute] = value
    input_names = {spec.attribute: spec.input_name for spec in fields_of(kind)}
    for start, end in DATE_RANGES:
        if start in input_names and (start in values or end in values):
            first = values.get(start, getattr(existing, start, None))
            last = values.get(end, getattr(existing, end, None))
            checker.ordered(f"input.{input_names[start]}", first, f"input.{input_names[end]}", last)
    checker.done()
    return values, part_of


async def _set_part_of(session: AsyncSession, node: Node, targets: dict[FieldSpec, int | None], actor: str) -> None:
    """Point the node's PART_OF link for each reference at its new target (or remove it)."""
    for spec, target_id in targets.items():
        old_links = await session.scalars(
            select(Link)
            .join(Node, Node.id == Link.to_id)
            .where(Link.from_id == node.id, Link.kind == LinkKind.PART_OF.value, Node.kind == spec.target.value)
        )
        for link in old_links:
            if link.to_id == target_id:
                target_id = None  # already there
                continue
            before = snapshot(link)
            await session.execute(delete(Link).where(Link.id == link.id))
            await record(session, actor=actor, action=Action.DELETE, row=link, before=before)
        if target_id is not None:
            link = new_link(kind=LinkKind.PART_OF, from_id=node.id, to_id=target_id)
            session.add(link)
            await session.flush()
            await record(session, actor=actor, action=Action.CREATE, row=link, before=None)


async def create_node(session: AsyncSession, *, kind: NodeKind, given: dict[str, Any], actor: str) -> Node:
    """A new node of `kind` from input fields keyed by their GraphQL names."""
    values, part_of = await _checked_values(session, kind, given, existing=None)
    node = NODE_CLASSES[kind]()
    apply_values(node, values)
    session.add(node)
    await session.flush()
    await record(session, actor=actor, action=Action.CREATE, row=node, before=None)
    await _set_part_of(session, node, part_of, actor)
    return node


async def update_node(
    session: AsyncSession, *, node_id: int, version: int, given: dict[str, Any], actor: str, kind: NodeKind | None = None
) -> Node:
    """Change the given fields of a node read at `version`; fields not given stay as they are."""
    node = await load_node(session, node_id, kind=kind)
    kind = NodeKind(node.kind)
    values, part_of = await _checked_values(session, kind, given, existing=node)
    before = snapshot(node)
    await claim_version(session, type(node), node.id, version)
    node.version = version + 1
    apply_values(node, values)
    await session.flush()
    await record(session, actor=actor, action=Action.UPDATE, row=node, before=before)
    await _set_part_of(session, node, part_of, actor)
    return node


async def archive_node(session: AsyncSession, *, node_id: int, version: int, actor: str, kind: NodeKind | None = None) -> Node:
    """Hide a node from lists, search and the network, keeping it and its links for a restore."""
    node = await load_node(session, node_id, kind=kind)
    if node.archived_at is not None:
        raise HubError(ErrorCode.BAD_USER_INPUT, "This node is already archived.", field="input.id")
    before = snapshot(node)
    await claim_version(session, type(node), node.id, version)
    node.version = version + 1
    node.archived_at = datetime.now(UTC)
    await session.flush()
    await record(session, actor=actor, action=Action.ARCHIVE, row=node, before=before)
    return node


async def restore_node(session: AsyncSession, *, node_id: int, version: int, actor: str) -> Node:
    """Bring an archived node back."""
    node = await load_node(session, node_id)
    if node.archived_at is None:
        raise HubError(ErrorCode.BAD_USER_INPUT, "This node is not archived.", field="input.id")
    before = snapshot(node)
    await claim_version(session, type(node), node.id, version)
    node.version = version + 1
    node.archived_at = None
    await session.flush()
    await record(session, actor=actor, action=Action.RESTORE, row=node, before=before)
    return node
