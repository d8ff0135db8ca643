"""Bearer tokens: issued once, kept only as a SHA-256, scoped to a role and, for some roles, a node."""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from hub.access import PUBLIC, Viewer
from hub.db import Database
from hub.errors import ErrorCode, HubError, bad_input
from hub.models import ApiToken, NodeKind, Role, utcnow
from hub.nodes import load_node

logger = logging.getLogger("hub")
TOKEN_PREFIX = "cch_"
# Recording every use would turn each read into a write; a minute's precision is enough to audit.
LAST_USE_PRECISION = timedelta(minutes=1)
# Which node a role is scoped to, and the kind that node must be.
SCOPES = {Role.PARTNER: ("city_id", NodeKind.CITY), Role.REPORTER: ("agency_id", NodeKind.AGENCY)}


def token_hash(token: str) -> str:
    """Tokens carry 256 random bits, so a fast hash is as safe as a slow one and costs nothing per request."""
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    row: ApiToken
    token: str  # shown once, never stored


async def create_token(
    session: AsyncSession, *, role: Role, name: str, city_id: int | None = None, agency_id: int | None = None
) -> IssuedToken:
    """A new token; a partner needs its city and a reporter its agency, and no other role takes either."""
    name = (name or "").strip()
    if not name or len(name) > 200:
        raise bad_input("A token needs a name of 1 to 200 characters, saying who holds it.", field="name")
    given = {"city_id": city_id, "agency_id": agency_id}
    needed = SCOPES.get(role)
    for column, value in given.items():
        if value is not None and (needed is None or needed[0] != column):
            raise bad_input(f"A {role.value.lower()} token takes no {column.removesuffix('_id')}.", field=column.removesuffix("_id"))
    if needed:
        column, kind = needed
        if given[column] is None:
            raise bad_input(f"A {role.value.lower()} token needs its {kind.value.lower()}.", field=column.removesuffix("_id"))
        await load_node(session, given[column], kind=kind, field=column.removesuffix("_id"))
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(name=name, role=role.value, token_hash=token_hash(token), prefix=token[:12], **given)
    session.add(row)
    await session.flush()
    return IssuedToken(row=row, token=token)


async def list_tokens(session: AsyncSession) -> list[ApiToken]:
    return list((await session.scalars(select(ApiToken).order_by(ApiToken.id))).all())


async def revoke_token(session: AsyncSession, token_id: int) -> ApiToken:
    """Revoking is immediate for every process: each request looks its token up."""
    row = await session.get(ApiToken, token_id)
    if row is None:
        raise HubError(ErrorCode.NOT_FOUND, f"There is no token {token_id}.", field="id")
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        await session.flush()
    return row


def viewer_of(row: ApiToken) -> Viewer:
    return Viewer(role=Role(row.role), name=row.name, token_id=row.id, city_id=row.city_id, agency_id=row.agency_id)


async def authenticate(database: Database, token: str) -> Viewer:
    """The viewer a presented token stands for; an unknown or revoked token is refused, never downgraded."""
    async with database.read() as session:
        row = await session.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash(token)))
    if row is None or row.revoked_at is not None:
        raise HubError(ErrorCode.UNAUTHENTICATED, "The token is unknown or revoked.")
    if not _used_recently(row.last_used_at):
        await _record_use(database, row.id)
    return viewer_of(row)


async def _record_use(database: Database, token_id: int) -> None:
    """Outside the data's write path: a token's last use is not a change anyone subscribes to."""
    try:
        async with database.engine.begin() as connection:
            await connection.execute(update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=utcnow()))
    except Exception:  # a busy store must not turn a valid request away; the next request records it
        logger.warning("could not record the use of token %s", token_id, exc_info=True)


def _used_recently(last_used: datetime | None) -> bool:
    return last_used is not None and utcnow() - _aware(last_used) < LAST_USE_PRECISION


def _aware(moment: datetime) -> datetime:
    """SQLite gives back naive datetimes for what was stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


async def authenticate_header(database: Database, authorization: str | None) -> Viewer:
    """The viewer an `Authorization` header stands for: PUBLIC without one, refused when it is not a valid bearer token."""
    if not authorization or not authorization.strip():
        return PUBLIC
    scheme, _, token = authorization.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise HubError(ErrorCode.UNAUTHENTICATED, "Send the token as `Authorization: Bearer <token>`.")
    return await authenticate(database, token.strip())


async def authenticate_payload(database: Database, payload: dict) -> Viewer | None:
    """The viewer a WebSocket's `connection_init` payload names, as `authorization: Bearer <token>` or
    `token: <token>`; None when it names none, so the upgrade request's header decides."""
    fields = {str(key).lower(): value for key, value in payload.items()}
    if isinstance(fields.get("authorization"), str) and fields["authorization"].strip():
        return await authenticate_header(database, fields["authorization"])
    if isinstance(fields.get("token"), str) and fields["token"].strip():
        return await authenticate(database, fields["token"].strip())
    return None
