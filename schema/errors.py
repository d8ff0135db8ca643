"""Turning the hub's refusals into GraphQL errors with a code and the offending field."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import strawberry
from graphql import GraphQLError, Node

from hub.errors import ErrorCode, HubError

ErrorCodeType = strawberry.enum(ErrorCode, name="ErrorCode", description="Why a request was refused.")


@strawberry.type(description="A problem with the input of a mutation, pointing at the field concerned.")
class UserError:
    field: list[str] | None = strawberry.field(description='Path to the input field, e.g. ["input", "nameVi"].')
    message: str = strawberry.field(description="What is wrong, in plain words.")
    code: ErrorCodeType = strawberry.field(description="A machine-readable code.")


def graphql_error(error: HubError, node: Node | None = None) -> GraphQLError:
    """A top-level GraphQL error carrying `extensions.code` and, when known, `extensions.field`, located at `node` if given."""
    extensions: dict[str, object] = {"code": error.code.value}
    if error.field:
        extensions["field"] = error.field
    extensions.update(error.extensions)
    return GraphQLError(error.message, node, extensions=extensions)


@contextmanager
def hub_refusals() -> Iterator[None]:
    """A refusal by the hub inside the block becomes a top-level GraphQL error; anything else passes unchanged."""
    try:
        yield
    except HubError as error:
        raise graphql_error(error) from None
