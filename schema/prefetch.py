"""Look-ahead loading: fetch the links and link ends a query asks for below some nodes, before execution walks down.

Without it, every nested level waits for its loader to gather keys over several event-loop turns,
and every field below is completed asynchronously. With it, each level is one batch loaded up
front, and the nested resolvers (`links`, `other`, `from`, `to`) find their rows and answer at once.
It is only a speed-up: whatever it does not load, the resolvers still load themselves.
"""

from __future__ import annotations

from collections.abc import Iterator

from graphql import FieldNode, GraphQLField, GraphQLResolveInfo, InlineFragmentNode, SelectionSetNode
from graphql.execution.values import get_argument_values

from hub.errors import HubError
from hub.links import Direction, LinkTuple
from hub.paging import PageRequest, page_list
from schema.context import Info
from schema.loaders import Loaders

LINK_ENDS = ("other", "from", "to")
Selections = list[SelectionSetNode]  # what a set of fields selects, fragments not yet looked through


def fields_named(info: GraphQLResolveInfo, selections: Selections, name: str) -> Iterator[FieldNode]:
    """The selected fields called `name`, looking through fragments (whatever their type condition)."""
    for selection_set in selections:
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode):
                if selection.name.value == name:
                    yield selection
            elif isinstance(selection, InlineFragmentNode):
                yield from fields_named(info, [selection.selection_set], name)
            else:
                yield from fields_named(info, [info.fragments[selection.name.value].selection_set], name)


def connection_nodes(info: GraphQLResolveInfo, fields: list[FieldNode]) -> Selections:
    """What connection fields select on their nodes (`edges { node { … } }`)."""
    edges = list(fields_named(info, [field.selection_set for field in fields], "edges"))
    return [node.selection_set for node in fields_named(info, [edge.selection_set for edge in edges], "node")]


def _page_of(rows: list[LinkTuple], arguments: dict) -> list[LinkTuple]:
    """The links the field's paging arguments show; all of them when the arguments are invalid (the resolver says why)."""
    try:
        request = PageRequest(**{name: arguments.get(name) for name in ("first", "after", "last", "before")})
        return page_list(rows, key_of=lambda link: link.id, request=request, order_name="links").items
    except HubError:
        return rows


def _end(link: LinkTuple, via: int, end: str) -> int:
    """The node at `end` of a link reached from `via`, as the `from`, `to` and `other` fields pick it."""
    if end == "from":
        return link.from_id
    if end == "to":
        return link.to_id
    return link.from_id if via == link.to_id else link.to_id


async def prefetch_below(info: GraphQLResolveInfo, links_def: GraphQLField, node_ids: list[int], selections: Selections) -> None:
    """Load, one batch per level, every node's selected links and the nodes at their selected ends."""
    loaders: Loaders = info.context.loaders
    for links_field in fields_named(info, selections, "links"):
        arguments = get_argument_values(links_def, links_field, info.variable_values)
        kinds = frozenset(arguments.get("kind") or ())
        keys = [(node_id, kinds, Direction(arguments["direction"])) for node_id in node_ids]
        links_of = await loaders.links.load_now(keys)
        link_selections = connection_nodes(info, [links_field])
        for end in LINK_ENDS:
            end_fields = list(fields_named(info, link_selections, end))
            if not end_fields:
                continue
            end_ids = list(
                dict.fromkeys(_end(link, node_id, end) for node_id, links in zip(node_ids, links_of) for link in _page_of(links, arguments))
            )
            await loaders.node.load_now(end_ids)
            await prefetch_below(info, links_def, end_ids, [field.selection_set for field in end_fields])


async def prefetch_for_connection(info: Info, node_ids: list[int]) -> None:
    """Look ahead below a connection of nodes the resolver has just read."""
    if not node_ids:
        return
    raw = info._raw_info  # graphql-core's own info: the field nodes, and the schema's types to coerce arguments with
    links_def = raw.schema.get_type("Node").fields["links"]
    try:
        await prefetch_below(raw, links_def, node_ids, connection_nodes(raw, list(raw.field_nodes)))
    except Exception:  # noqa: BLE001 — a failure here is met again, and reported in place, by the field's own resolver
        return
