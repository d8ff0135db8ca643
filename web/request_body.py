"""What a GraphQL request body must be: one JSON object, sent as application/json, in UTF-8.

Only JSON is taken on POST because a browser sends a cross-site form (urlencoded, multipart or
text/plain) without asking first; an application/json request from another site needs a CORS
preflight, which only allowed origins pass. That makes the content type the hub's CSRF guard.
"""

from __future__ import annotations

import json
import re

from hub.errors import ErrorCode, RequestRefused

MAX_JSON_NESTING = 100  # arrays and objects inside one another; real variables stay far below
JSON_INTEGERS = range(-(2**63), 2**63)  # what encoders and stores carry; GraphQL's own Int is 32-bit
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")  # decoding joins every escaped pair, so one left is alone


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
        value = json.loads(text, parse_int=_integer, parse_constant=_not_json)
    except json.JSONDecodeError as error:
        raise _bad_request(f"The request is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}.") from None
    except RecursionError:
        raise _too_deep() from None
    _refuse_unanswerable(value)
    if isinstance(value, list):
        raise _bad_request("Batched operations (a JSON array) are not supported: send one operation per request.")
    if not isinstance(value, dict):
        raise _bad_request(f"Expected a JSON object with a `query`, got {_json_kind(value)}.")
    return value


def _integer(digits: str) -> int:
    """A JSON integer within JSON_INTEGERS; Python would take any size, but no answer or store could carry it.

    >>> _integer("-42")
    -42
    >>> _integer("18446744073709551616")
    Traceback (most recent call last):
    hub.errors.RequestRefused: The request holds the integer 18446744073709551616, past what 64 bits hold.
    """
    if len(digits) <= 20:  # longer ones are past the range anyway, and int() of a huge one is slow
        value = int(digits)
        if value in JSON_INTEGERS:
            return value
    shown = digits if len(digits) <= 30 else digits[:30] + "…"
    raise _bad_request(f"The request holds the integer {shown}, past what 64 bits hold.")


def _not_json(constant: str) -> float:
    """NaN and Infinity, which Python's decoder would take, are not JSON."""
    raise _bad_request(f"The request is not valid JSON: {constant} is not a JSON value.")


def _refuse_unanswerable(value: object) -> None:
    r"""Refuse arrays and objects nested past MAX_JSON_NESTING, and text with a lone surrogate, which UTF-8 cannot carry.

    Walked without recursion, keys included.

    >>> _refuse_unanswerable({"a": [1, {"b": ["Hà Nội 😀"]}]})
    >>> _refuse_unanswerable({"a": [{"\ud800": 1}]})
    Traceback (most recent call last):
    hub.errors.RequestRefused: The request holds a lone surrogate (an escaped \uD800 to \uDFFF without its pair), which is not text.
    """
    pending = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, str) and _LONE_SURROGATE.search(item):
            raise _bad_request("The request holds a lone surrogate (an escaped \\uD800 to \\uDFFF without its pair), which is not text.")
        if isinstance(item, (dict, list)):
            if depth > MAX_JSON_NESTING:
                raise _too_deep()
            children = [*item, *item.values()] if isinstance(item, dict) else item  # an object's keys are text too
            pending.extend((child, depth + 1) for child in children)


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
