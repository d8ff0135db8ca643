"""Errors the hub's rules raise; the GraphQL layer maps each code to a userError or a GraphQL error."""

from __future__ import annotations

import enum


class ErrorCode(str, enum.Enum):
    BAD_USER_INPUT = "BAD_USER_INPUT"
    NOT_FOUND = "NOT_FOUND"
    CONFLICT = "CONFLICT"
    INVALID_LINK = "INVALID_LINK"
    FORBIDDEN = "FORBIDDEN"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    LIMIT_EXCEEDED = "LIMIT_EXCEEDED"
    INTERNAL = "INTERNAL"  # an unexpected failure, masked; the log has it under the request id
    PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"


class HubError(Exception):
    """A refusal with a machine-readable code and the input field it concerns."""

    def __init__(self, code: ErrorCode, message: str, *, field: str | None = None, extensions: dict[str, object] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
        self.extensions = extensions or {}  # more machine-readable detail, e.g. the limit and its value


def bad_input(message: str, *, field: str | None = None) -> HubError:
    return HubError(ErrorCode.BAD_USER_INPUT, message, field=field)


class RequestRefused(HubError):
    """An HTTP request refused before any GraphQL work, with the status code that says why."""

    def __init__(
        self,
        status: int,
        code: ErrorCode,
        message: str,
        *,
        extensions: dict[str, object] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(code, message, extensions=extensions)
        self.status = status
        self.headers = headers or {}
