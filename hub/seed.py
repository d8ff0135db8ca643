"""Loading the seed network: nodes upserted by their stable key, links by their endpoints and role.

Running it again changes nothing, so operators can re-seed after an upgrade without duplicates.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from hub.audit import BulkChanges
from hub.models import NODE_CLASSES, Link, NodeKind
from hub.nodes import ANY_NODE, apply_values, bump_version
from hub.text import clean

# Seed fields that name another node by key, and the column holding its id.
_REFERENCES = {"issuer": "issuer_id", "parent": "parent_id"}
_DATE_FIELDS = {"issued_on", "starts_on", "ends_on", "due_on"}
_LINK_FIELDS = ("since", "until", "note", "source", "reporting_cadence")


@dataclass
class SeedReport:
    nodes_created: int = 0
    nodes_updated: int = 0
    links_created: int = 0
    links_updated: int = 0
    unchanged: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _as_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _node_values(entry: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str | None]]:
    """A seed entry's own values, and the keys of the nodes it references (resolved later)."""
    values: dict[str, Any] = {
        "name_vi": entry["nameVi"],
        "name_en": entry.get("nameEn"),
        "aliases": entry.get("aliases") or [],
        "description_vi": entry.get("descriptionVi"),
        "description_en": entry.get("descriptionEn"),
        "source": entry.get("source"),
    }
    references: dict[str, str | None] = {}
    for name, value in (entry.get("fields") or {}).items():
        if name in _REFERENCES:
            references[_REFERENCES[name]] = value
        else:
            attribute = _snake(name)
            values[attribute] = _as_date(value) if attribute in _DATE_FIELDS else value
    return values, references


async def load_network(session: AsyncSession, path: Path, *, actor: str = "creative-hub seed") -> SeedReport:
    """Upsert every node and link of a seed file (format: see seeds/README.md), auditing each change."""
    data = json.loads(path.read_text(encoding="utf-8"))
    report = SeedReport()
    audit = BulkChanges(actor)
    nodes = {node.key: node for node in await session.scalars(select(ANY_NODE).where(ANY_NODE.key.is_not(None)))}
    references: dict[str, dict[str, str | None]] = {}
    changed: set[str] = set()
    for entry in data["nodes"]:
        key, kind = entry["key"], entry["kind"]
        values, references[key] = _node_values(entry)
        report.by_kind[kind] = report.by_kind.get(kind, 0) + 1
        if key not in nodes:
            nodes[key] = NODE_CLASSES[NodeKind(kind)](key=key)
            session.add(nodes[key])
            report.nodes_created += 1
        audit.watch(nodes[key])
        if apply_values(nodes[key], values):
            bump_version(nodes[key])
            changed.add(key)
    await session.flush()  # every node has an id now, so references can be resolved
    ids = {key: node.id for key, node in nodes.items()}
    for key, refs in references.items():
        node = nodes[key]
        for column, target in refs.items():
            target_id = ids[target] if target else None
            if getattr(node, column) != target_id:
                setattr(node, column, target_id)
                if key not in changed:
                    bump_version(node)
                changed.add(key)
    report.nodes_updated = len(changed) - report.nodes_created
    report.unchanged += len(references) - len(changed)
    for key in changed:
        audit.changed(nodes[key])
    await _load_links(session, data["links"], ids, report, audit)
    await audit.record(session)
    return report


async def _load_links(session: AsyncSession, entries: list[dict], ids: dict[str, int], report: SeedReport, audit: BulkChanges) -> None:
    links = {
        (link.kind, link.from_id, link.to_id, link.role): link
        for link in await session.scalars(select(Link).where(Link.from_id.in_(ids.values())))
    }
    for entry in entries:
        identity = (entry["kind"], ids[entry["from"]], ids[entry["to"]], entry.get("role"))
        values = {
            "since": _as_date(entry.get("since")),
            "until": _as_date(entry.get("until")),
            "note": clean(entry["note"]) if entry.get("note") else None,
            "source": entry.get("source"),
            "reporting_cadence": entry.get("reportingCadence"),
        }
        link = links.get(identity)
        if link is None:
            kind, from_id, to_id, role = identity
            link = Link(kind=kind, from_id=from_id, to_id=to_id, role=role, **values)
            session.add(link)
            links[identity] = link
            audit.changed(link)
            report.links_created += 1
        elif any(getattr(link, name) != values[name] for name in _LINK_FIELDS):
            audit.watch(link)
            audit.changed(link)
            for name in _LINK_FIELDS:
                setattr(link, name, values[name])
            bump_version(link)
            report.links_updated += 1
        else:
            report.unchanged += 1
