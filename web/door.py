"""The one door every GraphQL operation passes, whatever carried it.

HTTP GET and POST, a persisted query, a kept answer and each operation on a WebSocket (query,
mutation or subscription) all take the same steps, written once here:

    authenticate → decode within bounds → parse → validate → limits (on coerced variable values)
    → rate charge → execute, or serve the kept answer → mask

Transports only turn their bytes into an `OperationRequest` and an `Outcome` back into bytes. No
check lives in a transport or in a schema extension, so choosing another way in skips none. Each
operation is authenticated afresh (on a socket too), so a revoked token stops working at once.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    ExecutionResult,
    GraphQLError,
    OperationDefinitionNode,
    OperationType,
    execute,
    get_operation_ast,
    subscribe,
)
from graphql.execution.values import get_variable_values
from strawberry.execution import optimized_is_awaitable

from hub.access import PUBLIC, Viewer, require_reader
from hub.config import Settings
from hub.db import Database
from hub.errors import ErrorCode, HubError, RequestRefused
from hub.network import NetworkCache
from hub.network_questions import question_cost
from hub.ratelimit import RateLimiter
from hub.tokens import authenticate, authenticate_header
from schema import build_schema
from schema.context import Context
from schema.errors import graphql_error
from schema.lang import Lang
from schema.limits import Measured, measure_request
from schema.masking import public_errors
from web.answers import cacheable
from web.deadline import OperationTimedOut, within
from web.documents import Checked, Documents
from web.persisted_queries import PersistedQueries

ALL_OPERATIONS = frozenset(OperationType)
OPERATION_NOUNS = {OperationType.QUERY: "Queries", OperationType.MUTATION: "Mutations", OperationType.SUBSCRIPTION: "Subscriptions"}


@dataclass(frozen=True)
class OperationRequest:
    """One operation as a transport received it, before any check."""

    query: str | None
    operation_name: str | None = None
    variables: dict[str, Any] | None = None
    extensions: dict[str, Any] | None = None

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> OperationRequest:
        """The operation a decoded JSON object (a POST body, a socket's `subscribe` payload) asks for; 400 when malformed."""
        query, name = payload.get("query"), payload.get("operationName")
        variables, extensions = payload.get("variables"), payload.get("extensions")
        for key, value, kind in (
            ("query", query, str),
            ("operationName", name, str),
            ("variables", variables, dict),
            ("extensions", extensions, dict),
        ):
            if value is not None and not isinstance(value, kind):
                noun = "a string" if kind is str else "a JSON object"
                raise Refused.of(RequestRefused(400, ErrorCode.BAD_USER_INPUT, f"`{key}` must be {noun} (or left out)."))
        return cls(query, name, variables, extensions)


@dataclass
class Outcome:
    """What the door answers: a GraphQL result, and the HTTP status and headers its refusal implies (if any)."""

    result: ExecutionResult
    status: int | None = None  # set for refusals that have their own status (401, 405, 429…); else the media type decides
    headers: dict[str, str] = field(default_factory=dict)
    timed_out: bool = False
    before_graphql: bool = False  # refused while decoding the request: there never was a GraphQL response to have `data`

    @property
    def produced_data(self) -> bool:
        """Whether execution began and gave a `data` entry (possibly null); False for request errors and stopped work."""
        result = self.result
        return result.data is not None or any(error.path for error in result.errors or ())


class Refused(Exception):
    """An operation turned away at one of the door's steps."""

    def __init__(
        self, errors: list[GraphQLError], status: int | None = None, headers: dict[str, str] | None = None, *, before_graphql: bool = False
    ) -> None:
        super().__init__(errors[0].message)
        self.outcome = Outcome(ExecutionResult(data=None, errors=errors), status, headers or {}, before_graphql=before_graphql)

    @classmethod
    def of(cls, error: HubError) -> Refused:
        """A hub refusal with the status it implies."""
        if isinstance(error, RequestRefused):
            return cls([graphql_error(error)], error.status, error.headers, before_graphql=True)
        if error.code is ErrorCode.UNAUTHENTICATED:
            return cls([graphql_error(error)], 401, {"WWW-Authenticate": "Bearer"})
        return cls([graphql_error(error)])


@dataclass(frozen=True)
class Admitted:
    """An operation that passed every check before execution."""

    document: DocumentNode
    operation: OperationDefinitionNode
    request: OperationRequest
    normalised: str  # the document's text without insignificant characters
    cacheable: bool  # a query whose answer may be kept (web.answers)

    @property
    def kind(self) -> OperationType:
        return self.operation.operation


class Door:
    """The checks and the execution every transport shares, for one process."""

    def __init__(self, settings: Settings, database: Database, network: NetworkCache) -> None:
        self.settings = settings
        self.database = database
        self.network = network
        self.schema = build_schema()
        self.documents = Documents(self.schema._schema, settings.limits, hide_suggestions=settings.production)
        self.persisted_queries = PersistedQueries(max_entries=settings.limits.cache_size, max_bytes=settings.limits.document_cache_bytes)
        self.rate_limiter = RateLimiter.for_database(settings.database_url)

    # authenticate
    async def caller(self, *, address: str, authorization: str | None = None, token: str | None = None) -> Viewer:
        """The caller a bearer header (or a bare token) stands for, admitted to read; refused with 401 otherwise.

        A refused token is charged to the address it came from, so guessing tokens spends a budget.
        """
        try:
            viewer = await (authenticate(self.database, token) if token else authenticate_header(self.database, authorization))
            require_reader(viewer, public_reads=self.settings.public_reads)
        except HubError as error:
            await self.charge(PUBLIC, address, 1)
            raise Refused.of(error) from None
        return viewer

    async def admit_request(
        self, *, address: str, authorization: str | None, cost: int, rule: Callable[[Viewer], None] | None = None
    ) -> Viewer:
        """A way in that is not GraphQL (a file, a report, metrics): the caller authenticated, held to `rule`
        (a hub.access rule raising HubError), and charged `cost` points."""
        viewer = await self.caller(address=address, authorization=authorization)
        if rule is not None:
            try:
                rule(viewer)
            except HubError as error:
                raise Refused.of(error) from None
        await self.charge(viewer, address, cost)
        return viewer

    def context(self, viewer: Viewer, lang: Lang, request_id: str) -> Context:
        """A fresh context for one operation of an authenticated caller."""
        return Context(
            settings=self.settings, database=self.database, network=self.network, lang=lang, viewer=viewer, request_id=request_id
        )

    # decode → parse → validate → limits → charge
    async def admit(
        self, request: OperationRequest, *, viewer: Viewer, address: str, allowed: frozenset[OperationType] = ALL_OPERATIONS
    ) -> Admitted:
        """Every check before execution, in order, then the charge; a refused operation is charged a read."""
        try:
            admitted, cost = self._check(request, allowed)
        except Refused:
            await self.charge(viewer, address, 1)  # sending junk is not free
            raise
        rates = self.settings.rate_limits
        await self.charge(viewer, address, (rates.write_cost if admitted.kind is OperationType.MUTATION else 1) + cost)
        return admitted

    def _check(self, request: OperationRequest, allowed: frozenset[OperationType]) -> tuple[Admitted, int]:
        """Decode, parse, validate and measure: the operation and its extra cost, or Refused."""
        try:
            text = self.persisted_queries.resolve(request.query, request.extensions)
        except HubError as error:
            raise Refused.of(error) from None
        if not text:
            raise Refused.of(RequestRefused(400, ErrorCode.BAD_USER_INPUT, "No GraphQL query found in the request."))
        checked = self.documents.check(text)
        if checked.document is None or checked.errors:
            raise Refused(checked.errors)
        operation = get_operation_ast(checked.document, request.operation_name)
        if operation is None:
            message = (
                f"Unknown operation named '{request.operation_name}'."
                if request.operation_name
                else ("Must provide operation name if query contains multiple operations.")
            )
            raise Refused.of(RequestRefused(400, ErrorCode.BAD_USER_INPUT, message))
        if operation.operation not in allowed:
            noun = OPERATION_NOUNS[operation.operation]
            raise Refused.of(
                RequestRefused(
                    405, ErrorCode.BAD_USER_INPUT, f"{noun} are not allowed here: send them with POST.", headers={"Allow": "POST"}
                )
            )
        measured = self._measure(checked, operation, request)
        if measured.error is not None:
            raise Refused([measured.error])
        if request.query is not None and request.extensions:  # a persisted query is remembered only once it passed every limit
            self.persisted_queries.remember(request.query, request.extensions)
        if ("cacheable", request.operation_name) not in checked.memo:
            checked.memo["cacheable", request.operation_name] = operation.operation is OperationType.QUERY and cacheable(checked.document)
        admitted = Admitted(checked.document, operation, request, checked.normalised, checked.memo["cacheable", request.operation_name])
        return admitted, measured.cost

    def _measure(self, checked: Checked, operation: OperationDefinitionNode, request: OperationRequest) -> Measured:
        """The operation's limits and cost on its coerced variables; remembered with the document when it has none."""
        if operation.variable_definitions:
            variables = self.coerced_variables(operation, request.variables)
        elif ("measured", request.operation_name) in checked.memo:
            return checked.memo["measured", request.operation_name]
        else:
            variables = {}
        measured = measure_request(
            self.schema._schema, checked.document, request.operation_name, variables, self.settings.limits, field_cost
        )
        if not operation.variable_definitions:
            checked.memo["measured", request.operation_name] = measured
        return measured

    def coerced_variables(self, operation: OperationDefinitionNode, variables: dict[str, Any] | None) -> dict[str, Any]:
        """The variables as execution will see them (an Int sent as 1000.0 is 1000), so limits judge real values."""
        coerced = get_variable_values(
            self.schema._schema,
            operation.variable_definitions or (),
            variables or {},
            max_errors=50,
            hide_suggestions=self.settings.production,
        )
        if isinstance(coerced, list):
            raise Refused(coerced)
        return coerced.coerced

    async def charge(self, viewer: Viewer, address: str, cost: int) -> None:
        """Charge `cost` points to the caller's token (or address, without one); over budget, refuse with 429."""
        rates = self.settings.rate_limits
        if viewer.token_id is not None:
            key, limit, budget = f"token:{viewer.token_id}", "rate_limits.token", rates.token
        else:
            key, limit, budget = f"address:{address}", "rate_limits.anonymous", rates.anonymous
        retry_after = await self.rate_limiter.charge(key, cost, budget)
        if retry_after is None:
            return
        error = graphql_error(
            HubError(
                ErrorCode.LIMIT_EXCEEDED,
                f"Rate limit exceeded: {budget} points a minute (a read costs 1, a write {rates.write_cost}, "
                f"a network question more); try again in {retry_after} s.",
                extensions={"limit": limit, "value": budget, "retryAfter": retry_after},
            )
        )
        raise Refused([error], 429, {"Retry-After": str(retry_after)})

    # execute → mask
    async def execute(self, admitted: Admitted, context: Context) -> Outcome:
        """Run a query or mutation within the request timeout, its errors masked."""
        try:
            result = await within(self.settings.limits.request_timeout, self._execute(admitted, context), after_stop=context.close)
        except OperationTimedOut as error:
            return Outcome(ExecutionResult(data=None, errors=[graphql_error(error)]), timed_out=True)
        return Outcome(self.mask(result, context))

    async def _execute(self, admitted: Admitted, context: Context) -> ExecutionResult:
        try:
            result = execute(
                self.schema._schema,
                admitted.document,
                context_value=context,
                variable_values=admitted.request.variables,
                operation_name=admitted.request.operation_name,
                executor_class=self.schema.execution_context_class,
                is_awaitable=optimized_is_awaitable,
                hide_suggestions=self.settings.production,
            )
            return await result if optimized_is_awaitable(result) else result
        finally:
            await context.close()

    async def subscribe(self, admitted: Admitted, context: Context) -> AsyncIterator[ExecutionResult]:
        """A subscription's events, each masked; a refusal from its resolver comes as one result with errors."""
        source = subscribe(
            self.schema._schema,
            admitted.document,
            context_value=context,
            variable_values=admitted.request.variables,
            operation_name=admitted.request.operation_name,
            executor_class=self.schema.execution_context_class,
            hide_suggestions=self.settings.production,
        )
        if optimized_is_awaitable(source):
            source = await source
        if isinstance(source, ExecutionResult):
            yield self.mask(source, context)
            return
        try:
            async for result in source:
                yield self.mask(result, context)
        except GraphQLError as error:  # a refusal raised by the resolver once its events began (graphql-core passes it on)
            yield self.mask(ExecutionResult(data=None, errors=[error]), context)
        except Exception as error:  # an unexpected failure: masked, and logged under the request id
            yield self.mask(ExecutionResult(data=None, errors=[GraphQLError(str(error), original_error=error)]), context)
        finally:
            await source.aclose()

    def mask(self, result: ExecutionResult, context: Context) -> ExecutionResult:
        """The result as the client may see it (schema.masking)."""
        if result.errors:
            result.errors = public_errors(result.errors, request_id=context.request_id)
        return result

    async def dispose(self) -> None:
        await self.rate_limiter.dispose()


def field_cost(type_name: str, field_name: str, arguments: dict[str, Any]) -> int:
    """Rate points a field costs beyond its operation's own point: network questions cost in proportion to their work
    (hub.network_questions), and a cheap one adds nothing."""
    return question_cost(field_name, arguments) - 1 if type_name == "Network" else 0
