"""The GraphQL schema: thin resolvers over the hub's rules."""

from __future__ import annotations

from strawberry.extensions import SchemaExtension

from hub.config import Settings
from schema.access import AccessGate
from web.caching import ResponseCaching
from schema.limits import BoundedParser, QueryLimits, bounded_validation
from schema.masking import ErrorLoggingSchema, ErrorMasking
from schema.mutations import Mutation
from schema.plain import install_plain_resolvers
from schema.ratelimit import RateLimit
from schema.root import Query
from schema.subscriptions import Subscription
from schema.types import NODE_TYPES


class CloseSession(SchemaExtension):
    """Give the request's database session back once the operation is done."""

    async def on_operation(self):
        yield
        await self.execution_context.context.close()


def build_schema(settings: Settings) -> ErrorLoggingSchema:
    """The schema with the extensions `settings` asks for (limits, rate limits, error masking)."""
    extensions = [AccessGate, RateLimit, CloseSession]
    limits = settings.limits
    extensions += [
        lambda: BoundedParser(limits),
        lambda: bounded_validation(limits),
        lambda: QueryLimits(limits),
        lambda: ErrorMasking(settings.production),
        ResponseCaching,  # last: answers only what passed every check above
    ]
    schema = ErrorLoggingSchema(query=Query, mutation=Mutation, subscription=Subscription, types=NODE_TYPES, extensions=extensions)
    install_plain_resolvers(schema)
    return schema


schema = build_schema(Settings())  # the default schema, for the printed SDL
