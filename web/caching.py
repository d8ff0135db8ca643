"""Whole answers served again before GraphQL runs (web.response_cache), and what may be kept.

A request the endpoint has answered before, for the same audience (role and scope), language and
media type, is answered with the same bytes at once if the data version is still the one that
answer was computed at: its caller is identified and charged a read like any other, but nothing
is parsed, validated or executed. The version is read after the request arrived (one read shared
by concurrent requests), so a write through any process is seen by the next request; a request
never answered before reads it only once it has passed every check. What misses runs as usual;
the extension below says whether its answer may be kept: a query, with nothing that changes
without a write (`viewer`, `tokens`), and without errors.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import orjson
from graphql import FieldNode, GraphQLError, Visitor, visit
from graphql.language import parse
from graphql.utilities import strip_ignored_characters
from starlette.requests import Request
from starlette.responses import Response
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from hub.errors import HubError, RequestRefused
from web.request_body import decode_json_object
from web.response_cache import Audience, CachedAnswer, ResponseCache, response_key
from schema.context import Context
from schema.ratelimit import charge

UNCACHEABLE_FIELDS = frozenset({"viewer", "tokens", "lastUsedAt"})  # change without a data version bump


@lru_cache(maxsize=1000)
def _normalised(document: str) -> str:
    """The document without insignificant characters: spacing and comments do not make another request."""
    return strip_ignored_characters(document)


def _identity(request: Request, body: bytes) -> bytes | None:
    """What the request asks, whatever its spacing or key order; None when it is not a well-formed operation."""
    try:
        if request.method == "POST":
            payload = decode_json_object(body)
        else:
            params = request.query_params
            payload = {name: params.get(name) for name in ("query", "operationName")}
            for name in ("variables", "extensions"):
                payload[name] = decode_json_object(params[name]) if params.get(name) else None
        document = payload.get("query")
        document = _normalised(document) if isinstance(document, str) else document
    except (RequestRefused, GraphQLError):  # the operation's own checks answer it
        return None
    parts = [request.method, document, payload.get("operationName"), payload.get("variables"), payload.get("extensions")]
    return orjson.dumps(parts, option=orjson.OPT_SORT_KEYS)


@lru_cache(maxsize=1000)
def _cacheable(document: str) -> bool:
    """Whether answers to `document` may be kept: it selects nothing that changes without a write."""
    fields: set[str] = set()

    class FieldNames(Visitor):
        def enter_field(self, node: FieldNode, *_args) -> None:
            fields.add(node.name.value)

    visit(parse(document), FieldNames())
    return not (fields & UNCACHEABLE_FIELDS)


class ResponseCaching(SchemaExtension):
    """Mark a clean answer to a cacheable query as one the endpoint may keep (`X-Cache: miss` says it was not kept yet)."""

    async def on_execute(self):
        execution = self.execution_context
        context = execution.context
        candidate = (
            context.cache_key is not None
            and execution.result is None  # not refused by an earlier check
            and execution.operation_type is OperationType.QUERY
            and _cacheable(execution.query)
        )
        if candidate:
            context.add_http_headers({"X-Cache": "miss"})
            if context.cache_version is None:  # read before the answer is computed, so the answer is at least this new
                context.cache_version = await context.database.data_version()
        yield
        result = execution.result
        context.answer_cacheable = candidate and result is not None and not result.errors and result.data is not None


@dataclass
class AnswerCache:
    """The endpoint's side of the cache: look a request up before GraphQL, keep its answer after."""

    responses: ResponseCache

    async def look_up(self, request: Request, context: Context, media_type: str) -> Response | None:
        """The kept answer to this request, charged to its caller; None to run it (with `context.cache_key` set
        when its answer could be kept)."""
        if not self.responses.enabled or request.method not in ("GET", "POST"):
            return None
        try:
            context.admit()
        except HubError:  # the operation's own checks answer the refusal
            return None
        identity = _identity(request, await request.body())
        if identity is None:
            return None
        viewer = context.viewer
        context.cache_key = key = response_key(
            request=identity,
            media_type=media_type,
            audience=Audience(viewer.role.value, viewer.city_id, viewer.agency_id),
            lang=context.lang.value,
            today=date.today(),
        )
        answer = self.responses.kept(key)
        if answer is None:
            return None
        context.cache_version = await context.database.data_version()
        if answer.data_version != context.cache_version:
            return None
        if context.rate_limiter is not None and await charge(context, 1) is not None:
            return None  # over budget: the operation is run to answer the refusal (and is charged again)
        self.responses.hit(key)
        return Response(
            answer.body,
            status_code=answer.status,
            media_type=answer.media_type,
            headers={"X-Request-Id": context.request_id, "X-Cache": "hit"},
        )

    def keep(self, context: Context, response: Response) -> None:
        """Keep the answer GraphQL just gave, if the extension found it cacheable (counting the miss)."""
        if context.cache_key is None or context.cache_version is None:  # not a cacheable query
            return
        self.responses.miss()
        if context.answer_cacheable:
            answer = CachedAnswer(response.status_code, response.headers["content-type"], response.body, context.cache_version)
            self.responses.put(context.cache_key, answer)
