"""Serving repeated queries from the response cache (hub.response_cache), after the door checks.

The extension runs after access and rate checks have passed, so a cached answer is refused,
counted and scoped exactly like a fresh one. It keys by the caller's audience (role and scope),
language and the store's data version (read after the request arrived, one read shared by
concurrent requests); queries that select something that changes without a write (`viewer`,
`tokens`) are never cached, nor are answers with errors.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import orjson

from graphql import ExecutionResult, FieldNode, visit, Visitor
from graphql.language import parse
from graphql.utilities import strip_ignored_characters
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from hub.response_cache import Audience, response_key

UNCACHEABLE_FIELDS = frozenset({"viewer", "tokens", "lastUsedAt"})  # change without a data version bump


@lru_cache(maxsize=1000)
def _normalised(document: str) -> tuple[str, bool]:
    """The document without insignificant characters, and whether its answers may be cached."""
    fields: set[str] = set()

    class FieldNames(Visitor):
        def enter_field(self, node: FieldNode, *_args) -> None:
            fields.add(node.name.value)

    visit(parse(document), FieldNames())
    return strip_ignored_characters(document), not (fields & UNCACHEABLE_FIELDS)


class ResponseCaching(SchemaExtension):
    """Answer a query from the cache when its key is there; keep a clean fresh answer for next time."""

    async def on_execute(self):
        execution = self.execution_context
        context = execution.context
        cache = context.responses
        key = None
        if cache is not None and execution.result is None and execution.operation_type is OperationType.QUERY:
            document, cacheable = _normalised(execution.query)
            if cacheable:
                viewer = context.viewer
                key = response_key(
                    document=document,
                    operation_name=execution.operation_name,
                    variables=execution.variables,
                    audience=Audience(viewer.role.value, viewer.city_id, viewer.agency_id),
                    lang=context.lang.value,
                    data_version=await context.database.data_version(),
                    today=date.today(),
                )
                data = cache.get(key)
                if data is not None:
                    execution.result = ExecutionResult(data=data)
                    context.add_http_headers({"X-Cache": "hit"})
                    key = None
                else:
                    context.add_http_headers({"X-Cache": "miss"})
        yield
        result = execution.result
        if key is not None and result is not None and not result.errors and result.data is not None:
            cache.put(key, result.data, len(orjson.dumps(result.data)))
