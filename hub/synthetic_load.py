"""Loading the synthetic network (seeds.synthetic) into an empty database, for benchmarks and load tests.

Rows go in with bulk statements, as the ORM would take minutes at 100k nodes. The store is left
as any write leaves it: the caller's write transaction bumps the data version once, and every
node and link created gets its CREATE entry in the audit log, so a running hub's graph catches
up from the log as after any write (rebuilding, past its replay limit) and the trail says where
the rows came from.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Table, exists, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from hub.audit import Action, AuditTarget
from hub.db import mark_written
from hub.errors import ErrorCode, HubError
from hub.models import NODE_CLASSES, AuditEntry, Link, Node, NodeKind
from hub.text import fold, search_key
from seeds.synthetic import synthetic_network

ACTOR = "creative-hub seed --synthetic"
BATCH_ROWS = 5000
# Columns a kind's own table requires, with the value the synthetic nodes get.
REQUIRED = {"INITIATIVE": {"scope": "LOCAL"}, "AGENCY": {"agency_kind": "OTHER"}, "CREATIVE_SPACE": {"space_kind": "OTHER"}}


@dataclass(frozen=True)
class SyntheticLoad:
    """What was loaded: node ids by kind (ascending), and how many links."""

    node_ids: dict[str, list[int]]
    links: int

    @property
    def nodes(self) -> int:
        return sum(len(ids) for ids in self.node_ids.values())


async def load_synthetic(*, session: AsyncSession, size: int, seed: int = 0) -> SyntheticLoad:
    """Insert `synthetic_network(size, seed=seed)` in the caller's write transaction; CONFLICT if nodes exist.

    Ids are the generator's (1…size for nodes, 1…links for links), which an empty store leaves free.
    """
    if await session.scalar(select(exists().select_from(Node))):
        raise HubError(ErrorCode.CONFLICT, "The database already has nodes: load the synthetic network into a new, migrated database.")
    net = synthetic_network(size, seed=seed)
    now = datetime.now(UTC)
    version = session.info.get("data_version")
    node_ids: dict[str, list[int]] = {}
    for node in net.nodes:
        node_ids.setdefault(node["kind"], []).append(node["id"])
    nodes = [
        {
            "id": n["id"],
            "kind": n["kind"],
            "name_vi": n["name"],
            "sort_name": fold(n["name"]),
            "search_key": search_key(n["name"]),
            "aliases": [],
            "version": 1,
            "created_at": now,
            "updated_at": now,
        }
        for n in net.nodes
    ]
    await _insert(session, Node.__table__, nodes)
    for kind, ids in node_ids.items():
        await _insert(session, NODE_CLASSES[NodeKind(kind)].__table__, [{"id": i, **REQUIRED.get(kind, {})} for i in ids])
    links = [
        {
            "id": number,
            "kind": link["kind"],
            "from_id": link["from"],
            "to_id": link["to"],
            "role": link["role"],
            "version": 1,
            "created_at": now,
            "updated_at": now,
        }
        for number, link in enumerate(net.links, start=1)
    ]
    await _insert(session, Link.__table__, links)
    audit = [_created(node["kind"], node, ("kind", "name_vi", "version"), version, now) for node in nodes]
    audit += [_created(AuditTarget.LINK.value, link, ("kind", "from_id", "to_id", "role", "version"), version, now) for link in links]
    await _insert(session, AuditEntry.__table__, audit)
    if session.bind.dialect.name == "postgresql":  # explicit ids leave the sequences behind
        for table in (Node.__table__, Link.__table__):
            await session.execute(select(func.setval(func.pg_get_serial_sequence(table.name, "id"), func.max(table.c.id))))
    mark_written(session)
    return SyntheticLoad(node_ids=node_ids, links=len(links))


async def _insert(session: AsyncSession, table: Table, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), BATCH_ROWS):
        await session.execute(insert(table), rows[start : start + BATCH_ROWS])


def _created(target_type: str, row: dict[str, Any], shown: tuple[str, ...], version: int | None, now: datetime) -> dict[str, Any]:
    """The audit row of one created node or link, with the values a reader of the trail needs."""
    after = {"id": row["id"], **{name: row[name] for name in shown}}
    return {
        "at": now,
        "actor": ACTOR,
        "action": Action.CREATE.value,
        "target_type": target_type,
        "target_id": row["id"],
        "before": None,
        "after": after,
        "data_version": version,
    }
