"""What error text reaches the client and the log: unexpected failures masked, suggestions hidden in production.

A resolver that fails in a way the hub did not plan for answers "internal error" with a request id;
the traceback goes to the "hub" log under the same id, once, so an operator can find it from a
user's report without the client learning anything about the server's insides. Refusals the hub
means to give (validation, HubError-based errors, userErrors) reach the client unchanged, and are
answers, not faults: they are not logged.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

import strawberry
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionContext

from hub.errors import ErrorCode, HubError

logger = logging.getLogger("hub")

INTERNAL_MESSAGE = "internal error"
SUGGESTION = re.compile(r" Did you mean [^?]*\?")


def is_unexpected(error: GraphQLError) -> bool:
    """An exception a resolver raised that is no planned refusal.

    Input coercion also wraps exceptions (a scalar's ValueError), but those errors point at the
    document without a response path and their message is meant for the client.
    """
    original = error.original_error
    if original is None or isinstance(original, (GraphQLError, HubError)):
        return False
    return error.path is not None or not error.nodes


def without_suggestions(error: GraphQLError) -> GraphQLError:
    message = SUGGESTION.sub("", error.message)
    if message == error.message:
        return error
    return GraphQLError(
        message, error.nodes, error.source, error.positions, error.path, error.original_error, error.extensions
    )


class ErrorMasking(SchemaExtension):
    """Mask and log unexpected errors; in production, drop "Did you mean ...?" from messages."""

    def __init__(self, production: bool) -> None:
        self.production = production

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is not None and result.errors:
            result.errors = [self.public(error) for error in result.errors]

    def public(self, error: GraphQLError) -> GraphQLError:
        if is_unexpected(error):
            return self.masked(error)
        return without_suggestions(error) if self.production else error

    def masked(self, error: GraphQLError) -> GraphQLError:
        request_id = self.execution_context.context.request_id
        return GraphQLError(
            INTERNAL_MESSAGE, error.nodes, error.source, error.positions, error.path,
            extensions={"code": ErrorCode.INTERNAL.value, "requestId": request_id},
        )


class ErrorLoggingSchema(strawberry.Schema):
    """strawberry's schema, logging each unexpected failure once, under the request id its answer names.

    strawberry itself logs every error, refusals included, without the request id.
    """

    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        context = execution_context.context if execution_context else None
        request_id = getattr(context, "request_id", None)
        for error in filter(is_unexpected, errors):
            original = error.original_error
            logger.error(
                "internal error, request %s, at %s", request_id, error.path, exc_info=(type(original), original, original.__traceback__)
            )
