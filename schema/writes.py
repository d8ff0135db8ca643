"""Running a mutation: one write transaction, refusals turned into `userErrors`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from hub.access import require_writer
from hub.errors import ErrorCode, HubError
from hub.validation import InvalidInput
from schema.access import authorize
from schema.context import Info
from schema.errors import UserError, graphql_error

T = TypeVar("T")


def user_errors(problem: HubError | InvalidInput) -> list[UserError]:
    """`input.nameVi` becomes the path ["input", "nameVi"], as clients expect."""
    errors = problem.errors if isinstance(problem, InvalidInput) else [problem]
    return [UserError(field=error.field.split(".") if error.field else None, message=error.message, code=error.code) for error in errors]


async def run_write(info: Info, work: Callable[[AsyncSession], Awaitable[T]]) -> tuple[T | None, list[UserError]]:
    """Do `work` in its own transaction: committed whole, or rolled back whole with the reasons.

    Every write needs a token. A refusal by an access rule inside `work` is not a mistake in the
    input: it becomes a top-level error and the mutation returns no data.
    """
    authorize(info, require_writer)
    try:
        async with info.context.database.write() as session:
            result = await work(session)
    except HubError as problem:
        if problem.code in (ErrorCode.FORBIDDEN, ErrorCode.UNAUTHENTICATED):
            raise graphql_error(problem) from None
        return None, user_errors(problem)
    except InvalidInput as problem:
        return None, user_errors(problem)
    return result, []


def given_fields(input_object: Any) -> dict[str, Any]:
    """The fields a client actually sent, by GraphQL name: absent ones stay out, explicit nulls stay in."""
    definition = input_object.__strawberry_definition__
    return {
        field.graphql_name or _camel(field.python_name): getattr(input_object, field.python_name)
        for field in definition.fields
        if getattr(input_object, field.python_name) is not strawberry.UNSET
    }


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)
