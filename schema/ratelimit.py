"""Rate limits in GraphQL: each validated operation is charged to its caller before it runs."""

from __future__ import annotations

from graphql import ExecutionResult, GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from hub.errors import ErrorCode, HubError
from schema.context import Context
from schema.errors import graphql_error


class RateLimit(SchemaExtension):
    """Charge the operation (a write `write_cost` points, anything else 1) to the caller's token or address.

    It runs once the document is valid, so a malformed request costs nothing here (the parser's own
    limits bound it). Over budget, the operation does not run: the answer is HTTP 429 with
    Retry-After and a LIMIT_EXCEEDED error naming the limit, its value and the seconds to wait.
    """

    async def on_execute(self):
        context: Context = self.execution_context.context
        if context.rate_limiter is not None:
            cost = context.settings.rate_limits.write_cost if self.execution_context.operation_type is OperationType.MUTATION else 1
            refused = await charge(context, cost)
            if refused is not None:
                error, retry_after = refused
                self.execution_context.result = ExecutionResult(data=None, errors=[error])
                context.answer_http(429, {"Retry-After": str(retry_after)})
        yield


async def charge(context: Context, cost: int) -> tuple[GraphQLError, int] | None:
    """Charge `cost` points to the caller's token or address: None within budget, else the error and seconds to wait."""
    rates = context.settings.rate_limits
    if context.viewer.token_id is not None:
        key, limit, budget = f"token:{context.viewer.token_id}", "rate_limits.token", rates.token
    else:
        key, limit, budget = f"address:{client_address(context)}", "rate_limits.anonymous", rates.anonymous
    retry_after = await context.rate_limiter.charge(key, cost, budget)
    if retry_after is None:
        return None
    error = graphql_error(HubError(
        ErrorCode.LIMIT_EXCEEDED,
        f"Rate limit exceeded: {budget} points a minute (a read costs 1, a write {rates.write_cost}); "
        f"try again in {retry_after} s.",
    ))
    error.extensions.update(limit=limit, value=budget, retryAfter=retry_after)
    return error, retry_after


def client_address(context: Context) -> str:
    """The caller's IP address as the server saw it (behind a proxy, as uvicorn's --forwarded-allow-ips says)."""
    client = context.request.client if context.request is not None else None
    return client.host if client is not None else "unknown"
