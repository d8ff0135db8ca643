"""What one GraphQL request may ask of the server (DESIGN.md §6), refused before any resolver runs.

Every refusal is a GraphQL error with `extensions.code` LIMIT_EXCEEDED, the name of the setting it
hit (`extensions.limit`, e.g. "max_depth") and its configured value (`extensions.value`), so a client
can tell which knob it ran into and an operator which one to turn.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLNamedType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    Node,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    get_operation_ast,
    value_from_ast_untyped,
)

from hub.config import Limits
from hub.errors import ErrorCode, HubError
from hub.paging import DEFAULT_PAGE_SIZE
from schema.errors import graphql_error

INTROSPECTION_ROOTS = frozenset({"__schema", "__type"})  # exempt from the depth limit
PAGE_SIZE_ARGUMENTS = ("first", "last")
ID_LIST_ARGUMENT = "ids"  # `nodes(ids:)` returns one node per ID asked for
FieldCost = Callable[[str, str, dict[str, Any]], int]  # (parent type name, field name, arguments) -> rate points


def limit_error(limit: str, value: int, message: str, node: Node | None = None) -> GraphQLError:
    """A LIMIT_EXCEEDED error naming the setting and its configured value, located at `node` when one is to blame."""
    return graphql_error(HubError(ErrorCode.LIMIT_EXCEEDED, message, extensions={"limit": limit, "value": value}), node)


def _refusal(limit: str, value: int, what: str, found: int, node: Node | None = None) -> GraphQLError:
    return limit_error(limit, value, f"{what} is {found}, above the limit {limit} = {value}.", node)


@dataclass(frozen=True)
class Shape:
    """What a selection set asks for: its depth, aliases, directives, and how many nodes it may return.

    `nodes` is relative to one parent: the sum, over every paged field, of the product of the page
    sizes from here down to it; a parent asking for n items multiplies it by n.
    """

    depth: int = 0
    aliases: int = 0
    directives: int = 0
    nodes: int = 0
    cost: int = 0  # rate points of the costly fields asked (network questions), beyond the operation's own

    def beside(self, other: Shape) -> Shape:
        return Shape(
            max(self.depth, other.depth),
            self.aliases + other.aliases,
            self.directives + other.directives,
            self.nodes + other.nodes,
            self.cost + other.cost,
        )


class RequestMeasure:
    """Walks the operation to run, following fragments (each measured once), checking page sizes on the way."""

    def __init__(
        self,
        schema: GraphQLSchema,
        document: DocumentNode,
        operation: OperationDefinitionNode,
        variables: Mapping[str, Any],
        max_page_size: int,
        field_cost: FieldCost,
    ) -> None:
        self.schema = schema
        self.variables = dict(variables)
        for definition in operation.variable_definitions or ():
            name = definition.variable.name.value
            if name not in self.variables and definition.default_value is not None:
                self.variables[name] = value_from_ast_untyped(definition.default_value)
        self.max_page_size = max_page_size
        self.field_cost = field_cost
        self.fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        self.fragment_shapes: dict[str, Shape] = {}

    def selection_set(self, selection_set: SelectionSetNode | None, parent: GraphQLNamedType | None) -> Shape:
        shape = Shape()
        for selection in selection_set.selections if selection_set else ():
            shape = shape.beside(Shape(directives=len(selection.directives or ())))
            if isinstance(selection, FieldNode):
                shape = shape.beside(self.field(selection, parent))
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                inner = self.schema.get_type(condition.name.value) if condition else parent
                shape = shape.beside(self.selection_set(selection.selection_set, inner))
            elif isinstance(selection, FragmentSpreadNode):
                shape = shape.beside(self.fragment(selection.name.value))
        return shape

    def fragment(self, name: str) -> Shape:
        if name not in self.fragment_shapes:
            definition = self.fragments[name]
            self.fragment_shapes[name] = Shape(directives=len(definition.directives or ())).beside(
                self.selection_set(definition.selection_set, self.schema.get_type(definition.type_condition.name.value))
            )
        return self.fragment_shapes[name]

    def field(self, field: FieldNode, parent: GraphQLNamedType | None) -> Shape:
        name = field.name.value
        definition = getattr(parent, "fields", {}).get(name)
        child_type = get_named_type(definition.type) if definition else _introspection_type(self.schema, name)
        inner = self.selection_set(field.selection_set, child_type)
        size = self.page_size(field, definition)
        own = Shape(aliases=1 if field.alias else 0, cost=self.cost(field, parent))
        if name in INTROSPECTION_ROOTS:
            return own.beside(Shape(aliases=inner.aliases, directives=inner.directives))
        nodes = inner.nodes if size is None else size + size * inner.nodes
        return own.beside(Shape(1 + inner.depth, inner.aliases, inner.directives, nodes))

    def cost(self, field: FieldNode, parent: GraphQLNamedType | None) -> int:
        """The rate points `field` costs beyond the operation's own, with its arguments as the request gives them."""
        arguments = {argument.name.value: self.value(argument.value) for argument in field.arguments or ()}
        return self.field_cost(getattr(parent, "name", ""), field.name.value, arguments)

    def page_size(self, field: FieldNode, definition) -> int | None:
        """How many items the field may return when it is paged (else None); refuses sizes past the limit."""
        arguments = {argument.name.value: argument for argument in field.arguments or ()}
        defined = getattr(definition, "args", {})
        if ID_LIST_ARGUMENT in defined and ID_LIST_ARGUMENT in arguments:
            ids = self.value(arguments[ID_LIST_ARGUMENT].value)
            count = len(ids) if isinstance(ids, list) else 1
            self.check_page_size(f"The number of `{ID_LIST_ARGUMENT}`", count, arguments[ID_LIST_ARGUMENT])
            return count
        if not any(name in defined for name in PAGE_SIZE_ARGUMENTS):
            return None
        sizes = []
        for name in PAGE_SIZE_ARGUMENTS:
            if name not in defined:
                continue
            value = self.value(arguments[name].value) if name in arguments else defined[name].default_value
            if _is_count(value):
                self.check_page_size(f"`{name}`", value, arguments.get(name, field))
                sizes.append(value)
        return max((size for size in sizes if size > 0), default=DEFAULT_PAGE_SIZE)

    def check_page_size(self, what: str, found: int, node: Node) -> None:
        if found > self.max_page_size:
            raise _refusal("max_page_size", self.max_page_size, what, found, node)

    def value(self, node) -> Any:
        if isinstance(node, VariableNode):
            return self.variables.get(node.name.value)
        if isinstance(node, IntValueNode):
            return int(node.value)
        if isinstance(node, ListValueNode):
            return [self.value(item) for item in node.values]
        return value_from_ast_untyped(node, self.variables)


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _introspection_type(schema: GraphQLSchema, name: str) -> GraphQLNamedType | None:
    """The type under `__schema` / `__type`, which object types do not list among their fields."""
    return {"__schema": schema.get_type("__Schema"), "__type": schema.get_type("__Type")}.get(name)


@dataclass(frozen=True)
class Measured:
    """What the door learns of an operation before running it: the first limit it exceeds, and its extra cost."""

    error: GraphQLError | None
    cost: int = 0


def measure_request(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: Mapping[str, Any] | None,
    limits: Limits,
    field_cost: FieldCost = lambda _type, _field, _arguments: 0,
) -> Measured:
    """The operation's first exceeded limit (an error to answer with; None within them all) and the extra
    rate points its costly fields ask (`field_cost(type name, field name, arguments)`)."""
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        return Measured(None)
    measure = RequestMeasure(schema, document, operation, variables or {}, limits.max_page_size, field_cost)
    try:
        shape = Shape(directives=len(operation.directives or ())).beside(
            measure.selection_set(operation.selection_set, schema.get_root_type(operation.operation))
        )
    except GraphQLError as error:
        return Measured(error)
    for limit, found, what in (
        ("max_depth", shape.depth, "The selection depth"),
        ("max_aliases", shape.aliases, "The number of aliases"),
        ("max_directives", shape.directives, "The number of directives"),
        ("max_nodes", shape.nodes, "The number of nodes the request may return (nested page sizes multiplied)"),
    ):
        if found > getattr(limits, limit):
            return Measured(_refusal(limit, getattr(limits, limit), what, found, operation))
    return Measured(None, shape.cost)
