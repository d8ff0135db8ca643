"""Access in GraphQL: the caller checked at the door, and hub.access refusals turned into GraphQL errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from graphql import ExecutionResult
from strawberry.extensions import SchemaExtension

from hub.access import require_staff
from hub.errors import ErrorCode, HubError
from schema.context import Info
from schema.errors import graphql_error

T = TypeVar("T")


class AccessGate(SchemaExtension):
    """Refuse the whole operation, with no data, for a refused token or an anonymous caller where reads are closed."""

    def on_execute(self):
        context = self.execution_context.context
        try:
            context.admit()
        except HubError as error:
            self.execution_context.result = ExecutionResult(data=None, errors=[graphql_error(error)])
            if error.code is ErrorCode.UNAUTHENTICATED:
                context.answer_http(401, {"WWW-Authenticate": "Bearer"})
        yield


def authorize(info: Info, rule: Callable[..., None], *args, **kwargs) -> None:
    """Apply a hub.access rule to the caller; a refusal becomes a top-level error and the field gets no data."""
    try:
        rule(info.context.viewer, *args, **kwargs)
    except HubError as error:
        raise graphql_error(error) from None


def personal(info: Info, value: T) -> T:
    """Personal data (contacts) goes to staff only; everyone else gets null and an error."""
    authorize(info, require_staff, "Read personal data")
    return value
