"""Reading links: every link touching a batch of nodes, in one statement, in a stable order."""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from hub.models import Link


class Direction(str, enum.Enum):
    OUT = "OUT"
    IN = "IN"
    BOTH = "BOTH"


async def links_touching(
    session: AsyncSession,
    node_ids: Iterable[int],
    *,
    kinds: frozenset[str] = frozenset(),
    direction: Direction = Direction.BOTH,
) -> dict[int, list[Link]]:
    """Links of each node (outgoing, incoming or both), ordered by kind then id."""
    wanted = sorted(set(node_ids))
    found: dict[int, list[Link]] = defaultdict(list)
    if not wanted:
        return found
    ends = []
    if direction in (Direction.OUT, Direction.BOTH):
        ends.append(Link.from_id.in_(wanted))
    if direction in (Direction.IN, Direction.BOTH):
        ends.append(Link.to_id.in_(wanted))
    statement = select(Link).where(or_(*ends)).order_by(Link.kind, Link.id)
    if kinds:
        statement = statement.where(Link.kind.in_(sorted(kinds)))
    wanted_set = set(wanted)
    for link in await session.scalars(statement):
        if direction != Direction.IN and link.from_id in wanted_set:
            found[link.from_id].append(link)
        if direction != Direction.OUT and link.to_id in wanted_set and link.to_id != link.from_id:
            found[link.to_id].append(link)
    return found
