"""The GraphQL schema: types and thin resolvers over the hub's rules.

Every check an operation passes before and after execution (authentication, limits, rate charges,
masking) is the door's (web.door): the schema carries no extension, so no way in can skip one.
"""

from __future__ import annotations

import strawberry

from schema.mutations import Mutation
from schema.plain import install_plain_resolvers
from schema.root import Query
from schema.subscriptions import Subscription
from schema.types import NODE_TYPES


def build_schema() -> strawberry.Schema:
    """The schema, its hot fields resolved by plain resolvers (schema.plain)."""
    built = strawberry.Schema(query=Query, mutation=Mutation, subscription=Subscription, types=NODE_TYPES)
    install_plain_resolvers(built)
    return built


schema = build_schema()  # the schema every process serves, and the printed SDL
