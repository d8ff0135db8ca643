"""Optimistic concurrency: a write names the version it read, and loses if the row has moved on."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from hub.errors import ErrorCode, HubError
from hub.models import Link, Node


async def claim_version(session: AsyncSession, model: type[Node] | type[Link], row_id: int, version: int) -> None:
    """Move the row from `version` to the next one, or refuse with CONFLICT if someone got there first.

    The conditional UPDATE is the compare-and-set: on PostgreSQL a concurrent writer waits for the
    row lock, then finds the version moved and matches nothing.
    """
    base = Node if issubclass(model, Node) else Link
    result = await session.execute(
        update(base).where(base.id == row_id, base.version == version).values(version=version + 1),
        execution_options={"synchronize_session": False},
    )
    if result.rowcount != 1:
        raise HubError(
            ErrorCode.CONFLICT, "This was changed by someone else since you read it; read it again and retry.", field="input.version"
        )
