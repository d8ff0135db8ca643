"""The request body limit (Limits.max_body_bytes), enforced while the body is read.

A declared Content-Length over the limit is refused before reading anything; a body without one
(chunked) is counted as it arrives and refused as soon as it passes the limit, so a client cannot
make the server buffer more than the limit by streaming.
"""

from __future__ import annotations

from starlette.types import Message, Receive

from hub.errors import ErrorCode, RequestRefused


def too_large(max_bytes: int) -> RequestRefused:
    return RequestRefused(
        413,
        ErrorCode.LIMIT_EXCEEDED,
        f"The request body is larger than the limit of {max_bytes} bytes.",
        extensions={"limit": "max_body_bytes", "value": max_bytes},
    )


def check_declared_length(content_length: str | None, max_bytes: int) -> None:
    """Refuse a request whose Content-Length already says it is too large."""
    if content_length is None:
        return
    try:
        declared = int(content_length)
    except ValueError:
        raise RequestRefused(400, ErrorCode.BAD_USER_INPUT, "The Content-Length header is not a number.") from None
    if declared > max_bytes:
        raise too_large(max_bytes)


def limit_body(receive: Receive, max_bytes: int) -> Receive:
    """`receive`, counting body bytes and raising RequestRefused (413) once they pass `max_bytes`."""
    received = 0

    async def receive_within_limit() -> Message:
        nonlocal received
        message = await receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > max_bytes:
                raise too_large(max_bytes)
        return message

    return receive_within_limit
