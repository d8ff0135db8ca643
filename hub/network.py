"""The network graph of this process, kept at the newest data version (DESIGN.md §5, §7).

The first read builds it from the store; later reads that find a newer data version replay only
the writes since (from the audit log, which records each write's version), so the graph is never
rebuilt per write and a write from any process is seen by the next read here. Questions about
the graph are answered through `questions` (hub.network_questions), which keeps their answers.
"""

from __future__ import annotations

import asyncio
from datetime import date

import networkx as nx
from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from graph.snapshot import GraphSnapshot, LinkRecord, NodeRecord
from hub.audit import AuditTarget, is_node_target
from hub.db import Database, current_data_version
from hub.errors import ErrorCode, HubError, bad_input
from hub.ids import LINK_TYPE_NAME, node_key, to_global_id
from hub.models import AuditEntry, City, Event, Initiative, Link, Node, Plan
from hub.network_questions import NetworkQuestions
from hub.nodes import ANY_NODE

# Past this many writes to replay, a fresh build is cheaper than catching up.
REPLAY_LIMIT = 5000

# When a node of each kind begins and ends in the network (DESIGN.md §3a), by the columns that say so; a city
# begins on 1 January of its designation year. Other kinds, tasks too (they record only a due date), have
# no dates of their own and begin with what they are PART_OF.
LIFESPANS = {
    "PLAN": (Plan.issued_on, None),
    "INITIATIVE": (Initiative.starts_on, None),
    "EVENT": (Event.starts_on, Event.ends_on),
    "CITY": (City.designation_year, None),
}


def node_record(node: Node) -> NodeRecord:
    return NodeRecord(
        node_key(node.kind, node.id),
        node.kind,
        node.name_vi,
        node.name_en,
        archived=node.archived_at is not None,
        **_city_facts(node if isinstance(node, City) else None),
        **_lifespan(*(getattr(node, column.key) if column is not None else None for column in LIFESPANS.get(node.kind, (None, None)))),
    )


def _lifespan(starts: date | int | None, ends: date | None = None) -> dict[str, date | None]:
    return {"starts": date(starts, 1, 1) if isinstance(starts, int) else starts, "ends": ends}


async def _lifespans(session: AsyncSession) -> dict[int, dict[str, date | None]]:
    """Every dated node's `_lifespan`, by node id."""
    found = {}
    for starts, ends in LIFESPANS.values():
        for row in await session.execute(select(starts.class_.id, starts, *([ends] if ends is not None else []))):
            found[row[0]] = _lifespan(*row[1:])
    return found


def _city_facts(city) -> dict[str, str | None]:
    """What suggestions weigh about a city (a City or a row of its columns); nothing for other kinds."""
    return {} if city is None else {"creative_field": city.creative_field, "region": city.region, "subregion": city.subregion}


def link_record(link: Link, kinds: dict[int, str]) -> LinkRecord:
    return LinkRecord(
        to_global_id(LINK_TYPE_NAME, link.id),
        link.kind,
        node_key(kinds[link.from_id], link.from_id),
        node_key(kinds[link.to_id], link.to_id),
        link.role,
        link.since,
        link.until,
    )


async def _build(session: AsyncSession, version: int) -> GraphSnapshot:
    nodes = list((await session.execute(select(Node.id, Node.kind, Node.name_vi, Node.name_en, Node.archived_at))).all())
    kinds = {row.id: row.kind for row in nodes}
    cities = {row.id: row for row in await session.execute(select(City.id, City.creative_field, City.region, City.subregion))}
    spans = await _lifespans(session)
    records = [
        NodeRecord(
            node_key(r.kind, r.id),
            r.kind,
            r.name_vi,
            r.name_en,
            archived=r.archived_at is not None,
            **_city_facts(cities.get(r.id)),
            **spans.get(r.id, {}),
        )
        for r in nodes
    ]
    links = [link_record(link, kinds) for link in await session.scalars(select(Link))]
    return GraphSnapshot.build(records, links, version=version)


async def _replay(session: AsyncSession, snapshot: GraphSnapshot, version: int) -> bool:
    """Apply the writes numbered after the snapshot's version up to `version`; False if too many."""
    touched = list(
        (
            await session.execute(
                select(AuditEntry.target_type, AuditEntry.target_id)
                .where(AuditEntry.data_version > snapshot.version, AuditEntry.data_version <= version)
                .limit(REPLAY_LIMIT + 1)
            )
        ).all()
    )
    if len(touched) > REPLAY_LIMIT:
        return False
    node_ids = {row.target_id for row in touched if is_node_target(row.target_type)}
    link_ids = {row.target_id for row in touched if row.target_type == AuditTarget.LINK}
    nodes = {
        node.id: node for node in await session.scalars(select(ANY_NODE).where(ANY_NODE.id.in_(node_ids)))
    }  # never deleted, only archived
    # A node that comes back (restored) brings its links back with it.
    links = list(
        await session.scalars(select(Link).where(or_(Link.id.in_(link_ids), Link.from_id.in_(node_ids), Link.to_id.in_(node_ids))))
    )
    ends = {end for link in links for end in (link.from_id, link.to_id)}
    kinds = dict((await session.execute(select(Node.id, Node.kind).where(Node.id.in_(ends)))).all())
    kinds.update({node.id: node.kind for node in nodes.values()})
    found_links = {link.id for link in links}
    snapshot.advance(
        version,
        upsert_nodes=[node_record(node) for node in nodes.values()],
        upsert_links=[link_record(link, kinds) for link in links],
        remove_links=[to_global_id(LINK_TYPE_NAME, link_id) for link_id in link_ids - found_links],
    )
    return True


class NetworkCache:
    """One graph per process; `current` returns it at the store's newest data version."""

    def __init__(self) -> None:
        self._snapshot: GraphSnapshot | None = None
        self._lock = asyncio.Lock()
        self.questions = NetworkQuestions()

    async def current(self, session: AsyncSession) -> GraphSnapshot:
        version = await current_data_version(session)
        snapshot = self._snapshot
        if snapshot is not None and snapshot.version >= version:
            return snapshot
        async with self._lock:
            if self._snapshot is None or not await _replay(session, self._snapshot, version):
                self._snapshot = await _build(session, version)
            return self._snapshot

    async def refresh(self, database: Database) -> None:
        """Catch up now, told by another process that a newer version exists, so the next request finds it ready."""
        if self._snapshot is not None:
            async with database.read() as session:
                await self.current(session)


# Bounds on network questions, so no request can ask for unbounded work.
MAX_HOPS = 10
MAX_DEPTH = 3
MAX_TOP = 100


def check_bound(field: str, value: float, low: float, high: float) -> float:
    if not low <= value <= high:
        raise bad_input(f"`{field}` must be between {low} and {high}; got {value}.", field=field)
    return value


def known(graph: nx.MultiDiGraph, key: str, field: str, kind: str | None = None) -> str:
    """`key` if the node is in the network (archived nodes are not), else NOT_FOUND naming `field`;
    when `kind` is given, a node of another kind is BAD_USER_INPUT."""
    if key not in graph:
        raise HubError(ErrorCode.NOT_FOUND, "No node in the network has this ID.", field=field)
    if kind is not None and graph.nodes[key]["kind"] != kind:
        raise bad_input(f"`{field}` must be a node of kind {kind}, not {graph.nodes[key]['kind']}.", field=field)
    return key
