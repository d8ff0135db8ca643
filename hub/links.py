"""Reading links (every link touching a batch of nodes, in one statement, in a stable order) and writing them.

Reads for display return `LinkTuple`s, not ORM objects: a directory page shows hundreds of links,
and a named tuple costs a fraction of a tracked object to build and to read.
"""

from __future__ import annotations

import enum
from collections import defaultdict, namedtuple
from collections.abc import Iterable
from functools import cache

from sqlalchemy import Select, and_, bindparam, delete, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from hub.audit import Action, record, snapshot
from hub.concurrency import claim_version
from hub.errors import ErrorCode, HubError
from hub.models import Link, LinkKind, LinkRole, NodeKind
from hub.nodes import load_node
from hub.records import core_rows
from hub.validation import Checker

# A link as read for display: its columns, under the names of the ORM's attributes.
LinkTuple = namedtuple("LinkTuple", [column.key for column in Link.__table__.columns])
LINK_RECORDS = select(*Link.__table__.columns)


class Direction(str, enum.Enum):
    OUT = "OUT"
    IN = "IN"
    BOTH = "BOTH"


@cache
def _touching(direction: Direction, of_kinds: bool) -> Select:
    """The statement for links touching the nodes `ids` (of the `kinds`), built once per shape: its cache key too."""
    ids = bindparam("ids", expanding=True)
    ends = []
    if direction in (Direction.OUT, Direction.BOTH):
        ends.append(Link.from_id.in_(ids))
    if direction in (Direction.IN, Direction.BOTH):
        ends.append(Link.to_id.in_(ids))
    statement = LINK_RECORDS.where(or_(*ends)).order_by(Link.kind, Link.id)
    return statement.where(Link.kind.in_(bindparam("kinds", expanding=True))) if of_kinds else statement


async def links_touching(
    session: AsyncSession,
    node_ids: Iterable[int],
    *,
    kinds: frozenset[str] = frozenset(),
    direction: Direction = Direction.BOTH,
) -> dict[int, list[LinkTuple]]:
    """Links of each node (outgoing, incoming or both), ordered by kind then id, as records."""
    wanted = sorted(set(node_ids))
    found: dict[int, list[LinkTuple]] = defaultdict(list)
    if not wanted:
        return found
    parameters = {"ids": wanted, "kinds": sorted(kinds)} if kinds else {"ids": wanted}
    wanted_set = set(wanted)
    for link in map(LinkTuple._make, await core_rows(session, _touching(direction, bool(kinds)), parameters)):
        if direction != Direction.IN and link.from_id in wanted_set:
            found[link.from_id].append(link)
        if direction != Direction.OUT and link.to_id in wanted_set and link.to_id != link.from_id:
            found[link.to_id].append(link)
    return found


_LINKS_BY_ID = LINK_RECORDS.where(Link.id.in_(bindparam("ids", expanding=True)))


async def links_by_id(session: AsyncSession, ids: Iterable[int]) -> dict[int, LinkTuple]:
    """Links by id, as records."""
    rows = await core_rows(session, _LINKS_BY_ID, {"ids": sorted(set(ids))})
    return {link.id: link for link in map(LinkTuple._make, rows)}


# Which node kinds each link kind may join, and the roles it may carry (DESIGN.md §2).
_AGENCY, _CITY = NodeKind.AGENCY, NodeKind.CITY
LINK_RULES: dict[LinkKind, tuple[frozenset[NodeKind], frozenset[NodeKind], frozenset[LinkRole]]] = {
    LinkKind.RESPONSIBLE_FOR: (
        frozenset({_AGENCY}),
        frozenset({NodeKind.INITIATIVE, NodeKind.TASK, NodeKind.EVENT}),
        frozenset({LinkRole.DIRECT, LinkRole.LEAD, LinkRole.CO_LEAD, LinkRole.COORDINATE, LinkRole.SUPPORT}),
    ),
    LinkKind.PART_OF: (
        frozenset({_AGENCY, NodeKind.INITIATIVE, NodeKind.TASK, NodeKind.EVENT}),
        frozenset({_AGENCY, NodeKind.PLAN, NodeKind.INITIATIVE}),
        frozenset(),
    ),
    LinkKind.PARTNERS_WITH: (frozenset({_CITY, _AGENCY}), frozenset({_CITY, _AGENCY}), frozenset({LinkRole.SIGNATORY})),
    LinkKind.PARTICIPATES_IN: (
        frozenset({NodeKind.DESIGNER, _CITY, _AGENCY, NodeKind.CREATIVE_SPACE}),
        frozenset({NodeKind.INITIATIVE, NodeKind.EVENT}),
        frozenset(),
    ),
    LinkKind.HOSTS: (frozenset({NodeKind.CREATIVE_SPACE}), frozenset({NodeKind.EVENT, NodeKind.INITIATIVE}), frozenset({LinkRole.VENUE})),
    LinkKind.OPERATES: (frozenset({_AGENCY}), frozenset({NodeKind.CREATIVE_SPACE}), frozenset()),
    LinkKind.MEMBER_OF: (frozenset({NodeKind.DESIGNER}), frozenset({NodeKind.INITIATIVE, _AGENCY}), frozenset()),
    LinkKind.SUPPORTS: (
        frozenset({_AGENCY}),
        frozenset({NodeKind.INITIATIVE, NodeKind.EVENT, NodeKind.CREATIVE_SPACE}),
        frozenset({LinkRole.SPONSOR, LinkRole.PARTNER, LinkRole.BROADCAST}),
    ),
}
# PART_OF joins only these pairs (an initiative is part of a plan, not of an agency).
_PART_OF_PAIRS = {
    (_AGENCY, _AGENCY),
    (NodeKind.INITIATIVE, NodeKind.PLAN),
    (NodeKind.TASK, NodeKind.INITIATIVE),
    (NodeKind.TASK, NodeKind.PLAN),
    (NodeKind.EVENT, NodeKind.INITIATIVE),
}


def link_problems(kind: LinkKind, from_kind: NodeKind, to_kind: NodeKind, role: LinkRole | None) -> list[tuple[str, str]]:
    """(field, message) for each way this link breaks the rules; empty when it is allowed.

    >>> link_problems(LinkKind.HOSTS, NodeKind.AGENCY, NodeKind.EVENT, None)
    [('input.from', 'A HOSTS link must start at CREATIVE_SPACE; this one starts at AGENCY.')]
    """
    sources, targets, _roles = LINK_RULES[kind]
    problems = []
    if from_kind not in sources:
        problems.append(("input.from", f"A {kind.value} link must start at {_one_of(sources)}; this one starts at {from_kind.value}."))
    if to_kind not in targets:
        problems.append(("input.to", f"A {kind.value} link must end at {_one_of(targets)}; this one ends at {to_kind.value}."))
    elif kind is LinkKind.PART_OF and from_kind in sources and (from_kind, to_kind) not in _PART_OF_PAIRS:
        problems.append(("input.to", f"PART_OF cannot join {from_kind.value} to {to_kind.value}."))
    problems += role_problems(kind, role)
    return problems


def role_problems(kind: LinkKind, role: LinkRole | None) -> list[tuple[str, str]]:
    """A refusal when `role` is not one this kind of link carries."""
    roles = LINK_RULES[kind][2]
    if role is None or role in roles:
        return []
    allowed = ", ".join(sorted(r.value for r in roles)) or "no role"
    return [("input.role", f"A {kind.value} link takes {allowed}; got {role.value}.")]


def _one_of(kinds: frozenset[NodeKind]) -> str:
    names = sorted(k.value for k in kinds)
    return names[0] if len(names) == 1 else "one of " + ", ".join(names)


def new_link(*, kind: LinkKind, from_id: int, to_id: int, **values) -> Link:
    return Link(kind=kind.value, from_id=from_id, to_id=to_id, **values)


async def _find_duplicate(session: AsyncSession, link: Link) -> Link | None:
    """A stored link saying the same thing (for PARTNERS_WITH, in either direction)."""
    ends = [and_(Link.from_id == link.from_id, Link.to_id == link.to_id)]
    if link.kind == LinkKind.PARTNERS_WITH.value:
        ends.append(and_(Link.from_id == link.to_id, Link.to_id == link.from_id))
    role = Link.role.is_(None) if link.role is None else Link.role == link.role
    statement = select(Link).where(Link.kind == link.kind, or_(*ends), role)
    if link.id is not None:
        statement = statement.where(Link.id != link.id)
    return (await session.scalars(statement.limit(1))).first()


def _check_details(checker: Checker, link: Link) -> None:
    """Dates, texts and cadence of a link, whether new or changed."""
    checker.ordered("input.since", link.since, "input.until", link.until)
    link.note = checker.text("input.note", link.note)
    link.source = checker.url("input.source", link.source)
    if link.reporting_cadence is not None and link.kind != LinkKind.RESPONSIBLE_FOR.value:
        checker.refuse("input.reportingCadence", "Only RESPONSIBLE_FOR links have a reporting cadence.")


async def create_link(
    session: AsyncSession, *, kind: LinkKind, from_id: int, to_id: int, actor: str, role: LinkRole | None = None, **details
) -> Link:
    """A new link, refused with INVALID_LINK when the kinds of its ends do not fit DESIGN.md §2."""
    source = await load_node(session, from_id, field="input.from")
    target = await load_node(session, to_id, field="input.to")
    checker = Checker()
    if source.id == target.id:
        checker.refuse("input.to", "A link needs two different nodes.", ErrorCode.INVALID_LINK)
    for field, message in link_problems(kind, NodeKind(source.kind), NodeKind(target.kind), role):
        checker.refuse(field, message, ErrorCode.INVALID_LINK)
    for field, node in (("input.from", source), ("input.to", target)):
        if node.archived_at is not None:
            checker.refuse(field, "That node is archived; restore it before linking it.", ErrorCode.INVALID_LINK)
    link = new_link(kind=kind, from_id=source.id, to_id=target.id, role=role.value if role else None, **details)
    _check_details(checker, link)
    checker.done()
    if await _find_duplicate(session, link) is not None:
        raise HubError(ErrorCode.CONFLICT, "The same link already exists.", field="input.to")
    session.add(link)
    await session.flush()
    await record(session, actor=actor, action=Action.CREATE, row=link, before=None)
    return link


async def load_link(session: AsyncSession, link_id: int) -> Link:
    link = await session.get(Link, link_id)
    if link is None:
        raise HubError(ErrorCode.NOT_FOUND, "No link has this ID.", field="input.id")
    return link


async def update_link(session: AsyncSession, *, link_id: int, version: int, changes: dict, actor: str) -> Link:
    """Change a link's role, dates, note, source or cadence (its ends and kind stay: make a new link)."""
    link = await load_link(session, link_id)
    before = snapshot(link)
    checker = Checker()
    if "role" in changes:
        role = changes.pop("role")
        for field, message in role_problems(LinkKind(link.kind), role):
            checker.refuse(field, message, ErrorCode.INVALID_LINK)
        link.role = role.value if role else None
    for name, value in changes.items():
        setattr(link, name, value)
    _check_details(checker, link)
    checker.done()
    if await _find_duplicate(session, link) is not None:
        raise HubError(ErrorCode.CONFLICT, "The same link already exists.", field="input.role")
    await claim_version(session, Link, link.id, version)
    link.version = version + 1
    await session.flush()
    await record(session, actor=actor, action=Action.UPDATE, row=link, before=before)
    return link


async def delete_link(session: AsyncSession, *, link_id: int, version: int, actor: str) -> Link:
    """Remove a link for good; the audit trail keeps what it said."""
    link = await load_link(session, link_id)
    before = snapshot(link)
    await claim_version(session, Link, link.id, version)
    await session.execute(delete(Link).where(Link.id == link.id))
    await record(session, actor=actor, action=Action.DELETE, row=link, before=before)
    return link
