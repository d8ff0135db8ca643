"""Nodes as the API reads them for display: one named tuple type per kind, instead of ORM objects.

A directory answer shows a page of nodes and the nodes at the far end of their links. As ORM
objects (identity map, instance state, instrumented attributes) they cost several times more to
build and to read than plain tuples. A record holds the columns of the node and of its kind's
table under the ORM's attribute names, plus `global_id`, so whatever reads a node reads either.
Writes keep the ORM (hub.nodes.load_node).
"""

from __future__ import annotations

from collections import namedtuple
from functools import cache
from operator import itemgetter

from sqlalchemy import Row, Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from hub.ids import node_key
from hub.models import NODE_CLASSES, Node, NodeKind

_NODES = Node.__table__


def _own_columns(model: type[Node]) -> list:
    """The columns of a kind's own table, its key (the node's id) left out."""
    return [column for column in model.__table__.columns if column.key != "id"]


class NodeTuple(tuple):
    """What every kind's record shares; each kind's type adds its columns as named fields."""

    __slots__ = ()
    id: int
    kind: str

    @property
    def global_id(self) -> str:
        """The ID clients name this node by."""
        return node_key(self.kind, self.id)


def _record_type(model: type[Node]) -> type[NodeTuple]:
    fields = [column.key for column in (*_NODES.columns, *_own_columns(model))]
    named = namedtuple(f"{model.__name__}Fields", fields)
    return type(f"{model.__name__}Tuple", (named, NodeTuple), {"__slots__": (), "__doc__": f"A {model.__name__} node as read for display."})


RECORD_TYPES: dict[NodeKind, type[NodeTuple]] = {kind: _record_type(model) for kind, model in NODE_CLASSES.items()}
_RECORD_TYPE_BY_KIND_VALUE = {kind.value: record_type for kind, record_type in RECORD_TYPES.items()}


async def core_rows(session: AsyncSession, statement: Select, parameters: dict | None = None) -> list[Row]:
    """Run a Core statement on the session's connection: its rows, with none of the ORM's work per row."""
    return (await (await session.connection()).execute(statement, parameters)).all()


def is_node_of_kind(thing: object, kind: NodeKind) -> bool:
    """Whether an ORM node or a record is a node of `kind`."""
    return isinstance(thing, (NODE_CLASSES[kind], RECORD_TYPES[kind]))


@cache
def kind_select(kind: NodeKind) -> Select:
    """Nodes of one kind, with their kind's columns, in the order of the kind's record fields (built once per kind)."""
    model = NODE_CLASSES[kind]
    table = model.__table__
    return select(*_NODES.columns, *_own_columns(model)).select_from(_NODES.join(table, table.c.id == _NODES.c.id))


def kind_record(kind: NodeKind, row: Row) -> NodeTuple:
    """The record of a row of `kind_select(kind)`."""
    return RECORD_TYPES[kind]._make(row)


def _any_kind_select() -> tuple[Select, dict[str, itemgetter]]:
    """Nodes of every kind (each kind's table joined), and where each kind's record fields sit in a row."""
    joined, columns = _NODES, list(_NODES.columns)
    positions: dict[str, list[int]] = {}
    for kind, model in NODE_CLASSES.items():
        table = model.__table__
        joined = joined.outerjoin(table, table.c.id == _NODES.c.id)
        own = _own_columns(model)
        positions[kind.value] = [*range(len(_NODES.columns)), *range(len(columns), len(columns) + len(own))]
        columns += [column.label(f"{table.name}_{column.key}") for column in own]
    return select(*columns).select_from(joined), {kind: itemgetter(*where) for kind, where in positions.items()}


ANY_KIND, _FIELDS_OF_KIND = _any_kind_select()
_KIND_POSITION = list(_NODES.columns).index(_NODES.c.kind)


def any_kind_record(row: Row) -> NodeTuple:
    """The record of a row of `ANY_KIND`, of the row's own kind."""
    kind = row[_KIND_POSITION]
    return _RECORD_TYPE_BY_KIND_VALUE[kind]._make(_FIELDS_OF_KIND[kind](row))
