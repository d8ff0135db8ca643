"""Who is asking (`viewer`), and the admin's view of tokens."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from hub.access import require_admin
from hub.errors import bad_input
from hub.ids import TOKEN_TYPE_NAME, from_global_id, node_row_id, to_global_id
from hub.models import ApiToken as TokenRow
from hub.models import NodeKind
from hub.models import Role as RoleValue
from hub.tokens import create_token, list_tokens, revoke_token
from schema.access import authorize
from schema.context import Info
from schema.errors import UserError
from schema.types import Agency, City
from schema.writes import run_write

Role = strawberry.enum(RoleValue, description="What a caller may do: PUBLIC is a caller without a token.")


async def _scope_node(info: Info, node_id: int | None):
    return await info.context.loaders.node.load(node_id) if node_id else None


@strawberry.type(description="The caller of this request, as its token says.")
class Viewer:
    role: Role = strawberry.field(description="The caller's role.")
    name: str = strawberry.field(description='Who holds the token ("anonymous" without one).')
    city_id: strawberry.Private[int | None]
    agency_id: strawberry.Private[int | None]

    @strawberry.field(description="A partner's own city: the one it may update and link.")
    async def city(self, info: Info) -> City | None:
        return await _scope_node(info, self.city_id)

    @strawberry.field(description="A reporter's own agency: the one it reports for.")
    async def agency(self, info: Info) -> Agency | None:
        return await _scope_node(info, self.agency_id)


@strawberry.type(description="A bearer token, without its secret (only its first characters are kept to recognise it).")
class ApiToken:
    row: strawberry.Private[TokenRow]

    @strawberry.field(description="Global ID of the token.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(to_global_id(TOKEN_TYPE_NAME, self.row.id))

    @strawberry.field(description="Who holds it.")
    def name(self) -> str:
        return self.row.name

    @strawberry.field(description="What it may do.")
    def role(self) -> Role:
        return RoleValue(self.row.role)

    @strawberry.field(description="The token's first characters.")
    def prefix(self) -> str:
        return self.row.prefix

    @strawberry.field(description="A partner token's city.")
    async def city(self, info: Info) -> City | None:
        return await _scope_node(info, self.row.city_id)

    @strawberry.field(description="A reporter token's agency.")
    async def agency(self, info: Info) -> Agency | None:
        return await _scope_node(info, self.row.agency_id)

    @strawberry.field(description="When it was issued.")
    def created_at(self) -> datetime:
        return self.row.created_at

    @strawberry.field(description="When it was last used, to the minute; null if never.")
    def last_used_at(self) -> datetime | None:
        return self.row.last_used_at

    @strawberry.field(description="When it was revoked; null while it is valid.")
    def revoked_at(self) -> datetime | None:
        return self.row.revoked_at


@strawberry.input(description="A new token for a person or a partner's system.")
class TokenCreateInput:
    name: str = strawberry.field(description='Who will hold it, e.g. "Seoul city hall integration".')
    role: Role = strawberry.field(description="What it may do (not PUBLIC).")
    city: strawberry.ID | None = strawberry.field(default=None, description="The partner's city (PARTNER only).")
    agency: strawberry.ID | None = strawberry.field(default=None, description="The reporter's agency (REPORTER only).")


@strawberry.type(description="The result of tokenCreate.")
class TokenCreatePayload:
    token: ApiToken | None = strawberry.field(default=None, description="The token as stored; null when refused.")
    secret: str | None = strawberry.field(default=None, description="The token itself: shown this once, never again.")
    user_errors: list[UserError] = strawberry.field(default_factory=list, description="Why it was refused; empty on success.")


@strawberry.input(description="Which token to revoke.")
class TokenRevokeInput:
    id: strawberry.ID = strawberry.field(description="The token.")


@strawberry.type(description="The result of tokenRevoke.")
class TokenRevokePayload:
    token: ApiToken | None = strawberry.field(default=None, description="The revoked token; null when refused.")
    user_errors: list[UserError] = strawberry.field(default_factory=list, description="Why it was refused; empty on success.")


@strawberry.type(description="Who is asking, and tokens.")
class ViewerQueries:
    @strawberry.field(description="The caller of this request: its role and, for partners and reporters, its scope.")
    def viewer(self, info: Info) -> Viewer:
        who = info.context.viewer
        return Viewer(role=who.role, name=who.name, city_id=who.city_id, agency_id=who.agency_id)

    @strawberry.field(description="Every token ever issued, oldest first (admins only).")
    async def tokens(self, info: Info) -> list[ApiToken]:
        authorize(info, require_admin, "List tokens")
        return [ApiToken(row=row) for row in await info.context.read(list_tokens)]


def _token_row_id(global_id: str) -> int:
    type_name, row_id = from_global_id(global_id, field="input.id")
    if type_name != TOKEN_TYPE_NAME:
        raise bad_input(f"{global_id!r} is not the ID of a token.", field="input.id")
    return row_id


@strawberry.type(description="Issuing and revoking tokens (admins only).")
class TokenMutations:
    @strawberry.mutation(description="Issue a token; its secret is in the payload once and is stored only as a hash.")
    async def token_create(
        self, info: Info, input: Annotated[TokenCreateInput, strawberry.argument(description="The token.")]
    ) -> TokenCreatePayload:
        authorize(info, require_admin, "Issue tokens")

        async def work(session):
            if input.role is RoleValue.PUBLIC:
                raise bad_input("PUBLIC is the role of callers without a token; pick another.", field="input.role")
            return await create_token(
                session,
                role=input.role,
                name=input.name,
                city_id=node_row_id(input.city, field="input.city", kind=NodeKind.CITY) if input.city else None,
                agency_id=node_row_id(input.agency, field="input.agency", kind=NodeKind.AGENCY) if input.agency else None,
            )

        issued, errors = await run_write(info, work)
        if issued is None:
            return TokenCreatePayload(user_errors=errors)
        return TokenCreatePayload(token=ApiToken(row=issued.row), secret=issued.token)

    @strawberry.mutation(description="Revoke a token: every process refuses it from the next request on.")
    async def token_revoke(
        self, info: Info, input: Annotated[TokenRevokeInput, strawberry.argument(description="The token.")]
    ) -> TokenRevokePayload:
        authorize(info, require_admin, "Revoke tokens")
        row, errors = await run_write(info, lambda session: revoke_token(session, _token_row_id(input.id)))
        return TokenRevokePayload(token=ApiToken(row=row) if row else None, user_errors=errors)
