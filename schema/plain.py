"""Resolvers graphql-core calls directly, for fields asked for hundreds of times in one answer.

Strawberry converts every argument of a resolver on each call (all six of a node's `links`,
re-deriving each argument's GraphQL name); for a node's `name` and `links`, asked for once per node
and per link of a list, that was a quarter of a directory answer's time. A resolver marked `plain`
still declares its field to strawberry (types, defaults, descriptions: the SDL); once the schema is
built, graphql-core is handed the same function, which then receives graphql-core's coerced
arguments as they come (enum values rather than members). So a plain resolver takes `root` and
`info`, uses nothing of `info` but `info.context`, and names its parameters as GraphQL does.
"""

from __future__ import annotations

from collections.abc import Callable

import strawberry

PLAIN = "__plain_resolver__"


def plain(function: Callable) -> Callable:
    """Mark `function` as a resolver graphql-core may call directly (see the module's rules)."""
    setattr(function, PLAIN, True)
    return function


def attribute(name: str) -> Callable:
    """A resolver reading one attribute, in one call (strawberry's own takes three per field)."""

    def read(root: object, _info: object) -> object:
        return getattr(root, name)

    return read


def install_plain_resolvers(schema: strawberry.Schema) -> None:
    """Hand graphql-core every plain resolver of every object type, and an attribute reader for every field
    without a resolver, in place of strawberry's wrappers."""
    for concrete in schema.schema_converter.type_map.values():
        definition, implementation = concrete.definition, concrete.implementation
        if not hasattr(implementation, "fields") or getattr(definition, "is_interface", True):
            continue
        for field in definition.fields:
            graphql_field = implementation.fields.get(schema.config.name_converter.get_graphql_name(field))
            if graphql_field is None:  # not a GraphQL field (strawberry.Private)
                continue
            resolver = field.base_resolver.wrapped_func if field.base_resolver else None
            if getattr(resolver, PLAIN, False):
                graphql_field.resolve = resolver
            elif field.is_basic_field and not definition.is_input:
                graphql_field.resolve = attribute(field.python_name)
