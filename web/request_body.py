"""What a GraphQL request body must be: one JSON object, sent as application/json, in UTF-8.

Only JSON is taken on POST because a browser sends a cross-site form (urlencoded, multipart or
text/plain) without asking first; an application/json request from another site needs a CORS
preflight, which only allowed origins pass. That makes the content type the hub's CSRF guard.
"""

from __future__ import annotations

import json

from hub.errors import ErrorCode, RequestRefused

MAX_JSON_NESTING = 100  # arrays and objects inside one another; real variables stay far below


def require_json_content_type(content_type: str | None) -> None:
    """Refuse (415) a POST body that is not declared as UTF-8 application/json.

    >>> require_json_content_type("application/json; charset=UTF-8")
    >>> require_json_content_type("text/plain")
    Traceback (most recent call last):
    hub.errors.RequestRefused: POST /graphql takes a JSON body ...
    """
    media_type, *params = (piece.strip().lower() for piece in (content_type or "").split(";"))
    charset = dict(param.partition("=")[::2] for param in params).get("charset", "utf-8").strip('" ')
    if media_type == "application/json" and charset in ("utf-8", "utf8"):
        return
    raise RequestRefused(
        415,
        ErrorCode.BAD_USER_INPUT,
        "POST /graphql takes a JSON body (Content-Type: application/json, UTF-8) "
        f"and got {content_type or 'no Content-Type'}. Forms, multipart and text/plain bodies are refused "
        "so that other sites cannot send requests on a visitor's behalf.",
    )


def decode_json_object(raw: bytes | str) -> dict:
    """The JSON object in a request body or a GET parameter; anything else is refused with a 400 that says why.

    >>> decode_json_object(b'{"query": "{ __typename }"}')
    {'query': '{ __typename }'}
    >>> decode_json_object(b'[{"query": "{ __typename }"}]')
    Traceback (most recent call last):
    hub.errors.RequestRefused: Batched operations (a JSON array) are not supported: send one operation per request.
    """
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError as error:
        raise _bad_request(f"The request is not valid UTF-8 (byte {error.start}).") from None
    if not text.strip():
        raise _bad_request("The request body is empty: send a JSON object with a `query`.")
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise _bad_request(f"The request is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}.") from None
    except RecursionError:
        raise _too_deep() from None
    if _nesting(value) > MAX_JSON_NESTING:
        raise _too_deep()
    if isinstance(value, list):
        raise _bad_request("Batched operations (a JSON array) are not supported: send one operation per request.")
    if not isinstance(value, dict):
        raise _bad_request(f"Expected a JSON object with a `query`, got {_json_kind(value)}.")
    return value


def _nesting(value: object) -> int:
    """How deeply arrays and objects nest in `value`, found without recursion.

    >>> _nesting({"a": [1, {"b": []}]})
    4
    """
    deepest, pending = 0, [(value, 1)]
    while pending:
        item, depth = pending.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is None:
            continue
        deepest = max(deepest, depth)
        pending.extend((child, depth + 1) for child in children)
    return deepest


def _too_deep() -> RequestRefused:
    return _bad_request(f"The JSON nests arrays and objects more than {MAX_JSON_NESTING} levels deep.")


def _json_kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, str):
        return "a string"
    return "a number"


def _bad_request(message: str) -> RequestRefused:
    return RequestRefused(400, ErrorCode.BAD_USER_INPUT, message)
