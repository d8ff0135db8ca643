"""What error text reaches the client and the log: unexpected failures masked, under a request id.

A resolver that fails in a way the hub did not plan for answers "internal error" with a request id;
the traceback goes to the "hub" log under the same id, once, so an operator can find it from a
user's report without the client learning anything about the server's insides. Refusals the hub
means to give (validation, HubError-based errors, userErrors) reach the client unchanged, and are
answers, not faults: they are not logged. Suggestions ("Did you mean …?") are never written in
production (graphql-core's `hide_suggestions`), so nothing here rewrites a message.
"""

from __future__ import annotations

import logging

from graphql import GraphQLError

from hub.errors import ErrorCode, HubError

logger = logging.getLogger("hub")

INTERNAL_MESSAGE = "internal error"


def is_unexpected(error: GraphQLError) -> bool:
    """An exception a resolver raised that is no planned refusal.

    Input coercion also wraps exceptions (a scalar's ValueError), but those errors point at the
    document without a response path and their message is meant for the client.
    """
    original = error.original_error
    if original is None or isinstance(original, (GraphQLError, HubError)):
        return False
    return error.path is not None or not error.nodes


def public_errors(errors: list[GraphQLError], *, request_id: str) -> list[GraphQLError]:
    """`errors` as the client may see them: each unexpected one logged and masked."""
    return [_masked(error, request_id) if is_unexpected(error) else error for error in errors]


def _masked(error: GraphQLError, request_id: str) -> GraphQLError:
    original = error.original_error
    logger.error("internal error, request %s, at %s", request_id, error.path, exc_info=(type(original), original, original.__traceback__))
    return GraphQLError(
        INTERNAL_MESSAGE,
        error.nodes,
        error.source,
        error.positions,
        error.path,
        extensions={"code": ErrorCode.INTERNAL.value, "requestId": request_id},
    )
