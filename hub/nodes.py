"""Reading and writing nodes of any kind: lookups in batches, names and search keys, seeded upserts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import with_polymorphic

from hub.errors import ErrorCode, HubError
from hub.models import Node, NodeKind
from hub.records import ANY_KIND, NodeTuple, any_kind_record, core_rows
from hub.text import clean, fold, search_key

ANY_NODE = with_polymorphic(Node, "*")


_NODES_BY_ID = ANY_KIND.where(Node.id.in_(bindparam("ids", expanding=True)))  # built once: its cache key too


async def get_nodes(session: AsyncSession, ids: Iterable[int]) -> dict[int, NodeTuple]:
    """Nodes by id, whatever their kind, in one statement, as records (hub.records)."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = await core_rows(session, _NODES_BY_ID, {"ids": wanted})
    return {node.id: node for node in map(any_kind_record, rows)}


def set_names(node: Node, *, name_vi: str, name_en: str | None, aliases: Sequence[str] = ()) -> None:
    """Store names cleaned to NFC, and derive the sort name and search key from them."""
    node.name_vi = clean(name_vi)
    node.name_en = clean(name_en) if name_en else None
    unique_aliases: list[str] = []
    for alias in (clean(a) for a in aliases):
        if alias and alias not in unique_aliases:
            unique_aliases.append(alias)
    node.aliases = unique_aliases
    node.sort_name = fold(node.name_vi)
    node.search_key = search_key(node.name_vi, node.name_en, *unique_aliases)


def apply_values(node: Node, values: dict[str, Any]) -> bool:
    """Set attributes (names included) and say whether anything changed; the caller bumps `version`."""
    names = {
        "name_vi": values.get("name_vi", node.name_vi),
        "name_en": values.get("name_en", node.name_en),
        "aliases": values.get("aliases", node.aliases or []),
    }
    before = {attr: getattr(node, attr, None) for attr in (*values, "name_vi", "name_en", "aliases")}
    set_names(node, **names)
    for attr, value in values.items():
        if attr not in names:
            setattr(node, attr, clean(value) if isinstance(value, str) else value)
    return any(getattr(node, attr) != old for attr, old in before.items())


def bump_version(row: Any) -> None:
    """Count one more revision of a stored row (a new row starts at version 1 by default)."""
    if row.id is not None:
        row.version += 1


async def load_node(session: AsyncSession, node_id: int, *, kind: NodeKind | None = None, field: str = "input.id") -> Node:
    """The node with this id (of this kind), or NOT_FOUND naming `field`."""
    node = (await session.scalars(select(ANY_NODE).where(ANY_NODE.id == node_id))).one_or_none()
    if node is None or (kind is not None and node.kind != kind.value):
        what = f"{kind.value.lower().replace('_', ' ')}" if kind else "node"
        raise HubError(ErrorCode.NOT_FOUND, f"No {what} has this ID.", field=field)
    return node
