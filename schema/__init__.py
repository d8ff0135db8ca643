"""The GraphQL schema: thin resolvers over the hub's rules."""

import strawberry
from strawberry.extensions import SchemaExtension

from schema.access import AccessGate
from schema.mutations import Mutation
from schema.root import Query
from schema.types import NODE_TYPES


class CloseSession(SchemaExtension):
    """Give the request's database session back once the operation is done."""

    async def on_operation(self):
        yield
        await self.execution_context.context.close()


schema = strawberry.Schema(query=Query, mutation=Mutation, types=NODE_TYPES, extensions=[AccessGate, CloseSession])
