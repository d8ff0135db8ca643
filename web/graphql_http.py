"""The GraphQL HTTP/WebSocket endpoint: the hub's HTTP rules around strawberry's view, and GraphiQL offline.

The rules themselves live in hub/: negotiation (media types and status codes), origins (CORS and
WebSocket origins), body_limit and request_body (what a POST may carry), deadline (the timeout).
"""

from __future__ import annotations

import orjson
from cross_web import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.types import ExecutionResult
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL

from hub.access import PUBLIC
from web.body_limit import check_declared_length, limit_body
from hub.config import Settings
from hub.db import Database
from web.deadline import OperationTimedOut, within
from hub.errors import ErrorCode, HubError, RequestRefused
from web.negotiation import ResponseFormat, negotiate
from hub.network import NetworkCache
from web.response_cache import ResponseCache
from hub.ratelimit import RateLimiter
from web.origins import OriginPolicy
from web.persisted_queries import PersistedQueries
from web.request_body import decode_json_object, require_json_content_type
from hub.tokens import authenticate_header, authenticate_payload
from schema import build_schema
from web.caching import AnswerCache
from schema.context import Context
from schema.errors import graphql_error
from schema.lang import lang_from_header
from schema.subscriptions import LimitedTransportWS

EXAMPLE_QUERY = """\
# Creative City Hub: Hanoi's UNESCO Creative City network.
# Press the run button (or Ctrl-Enter): Plan 161's six initiatives, who
# organised the festival editions (text search ignores diacritics, so
# "le hoi thiet ke" finds "Lễ hội Thiết kế"), and Vietnam's Creative Cities.
{
  initiatives(first: 6) {
    totalCount
    edges { node { name scope plan { code } } }
  }
  events(filter: {text: "le hoi thiet ke sang tao"}, orderBy: {field: STARTS_ON}) {
    edges {
      node {
        name
        startsOn
        links(kind: RESPONSIBLE_FOR, direction: IN, first: 5) {
          edges { node { role other { name } } }
        }
      }
    }
  }
  cities(filter: {country: "Vietnam"}) {
    edges { node { name nameEn field designationYear } }
  }
}
"""


class GraphQLEndpoint(GraphQL):
    """Strawberry's ASGI view bound to the hub's database."""

    graphql_transport_ws_handler_class = LimitedTransportWS

    def __init__(self, settings: Settings, database: Database, network: NetworkCache) -> None:
        super().__init__(build_schema(settings), subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,))
        self.settings = settings
        self.database = database
        self.network = network
        self.responses = ResponseCache(settings.response_cache_entries, settings.response_cache_bytes)
        self.answers = AnswerCache(self.responses)
        self.rate_limiter = RateLimiter.for_database(settings.database_url)
        self.origins = OriginPolicy(settings.allowed_origins)
        self.persisted_queries = PersistedQueries(settings.limits.cache_size)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """HTTP requests pass the transport rules (preflight, content type, body size) before GraphQL sees them."""
        if scope["type"] != "http":
            return await super().__call__(scope, receive, send)
        max_bytes = self.settings.limits.max_body_bytes
        request = Request(scope, receive=limit_body(receive, max_bytes))
        origin, host = request.headers.get("origin"), request.headers.get("host")
        try:
            if request.method == "OPTIONS":
                response = self.preflight(request)
            else:
                if request.method == "POST":
                    require_json_content_type(request.headers.get("content-type"))
                    check_declared_length(request.headers.get("content-length"), max_bytes)
                response = await self.answer(request)
        except HTTPException as error:  # strawberry's own refusals, in the same shape as the hub's
            response = self.refusal(request, refused_by_strawberry(error))
        except RequestRefused as refusal:
            response = self.refusal(request, refusal)
        response.headers.update(self.origins.cors_headers(origin, host))
        for header in ("Origin", "Accept", "Accept-Language", "Authorization"):  # each can change the answer
            response.headers.add_vary_header(header)
        await response(scope, receive, send)

    async def answer(self, request: Request) -> Response:
        """A kept answer when there is one (web.caching), else GraphQL's, kept for next time when it may be."""
        context = request.state.context = await self.new_context(request)
        kept = await self.answers.look_up(request, context, response_format(request).media_type)
        if kept is not None:
            return kept
        response = await self.run(request)
        self.answers.keep(context, response)
        return response

    def preflight(self, request: Request) -> Response:
        """Answer OPTIONS: a CORS preflight from an allowed origin gets its headers, one from elsewhere a 403."""
        origin = request.headers.get("origin")
        headers = self.origins.preflight_headers(origin, request.headers.get("host"))
        if origin is not None and "access-control-request-method" in request.headers and not headers:
            raise RequestRefused(
                403, ErrorCode.FORBIDDEN, f"Pages on {origin} may not call this API (see HUB_ALLOWED_ORIGINS)."
            )
        return Response(status_code=204, headers={"Allow": "GET, POST, OPTIONS", **headers})

    def refusal(self, request: Request, refusal: RequestRefused) -> Response:
        """A request refused before execution: its status, and a GraphQL-shaped body without `data`."""
        body = {"errors": [graphql_error(refusal).formatted]}
        media_type = response_format(request).media_type
        return Response(self.encode_json(body), status_code=refusal.status, headers=refusal.headers, media_type=media_type)

    def parse_json(self, data: str | bytes) -> dict:
        """A POST body, or a GET `variables`/`extensions` parameter: one JSON object (web.request_body's rules)."""
        return decode_json_object(data)

    async def execute_operation(self, request, request_adapter, request_data, context, root_value, sub_response):
        """Run the operation within the request timeout, and set the status its outcome implies."""
        timed_out = False
        try:
            request_data.query = self.persisted_queries.resolve(request_data.query, request_data.extensions)
            operation = super().execute_operation(
                request=request,
                request_adapter=request_adapter,
                request_data=request_data,
                context=context,
                root_value=root_value,
                sub_response=sub_response,
            )
            result = await within(self.settings.limits.request_timeout, operation, after_stop=context.close)
        except OperationTimedOut as error:
            result, timed_out = ExecutionResult(data=None, errors=[graphql_error(error)]), True
        except HubError as error:  # a persisted query unknown here, or not matching its hash
            result = ExecutionResult(data=None, errors=[graphql_error(error)])
        if sub_response.status_code is None:  # a status set during the operation (401, 429…) stands
            status = response_format(request).status(produced_data=produced_data(result), timed_out=timed_out)
            sub_response.status_code = status
        return result

    async def process_result(self, request: Request, result: ExecutionResult) -> GraphQLHTTPResponse:
        body = await super().process_result(request, result)
        if not response_format(request).keeps_data_entry(produced_data=produced_data(result)):
            del body["data"]
        return body

    async def get_sub_response(self, request: Request) -> Response:
        sub_response = await super().get_sub_response(request)
        sub_response.media_type = response_format(request).media_type
        return sub_response

    def create_response(self, response_data: GraphQLHTTPResponse, sub_response: Response) -> Response:
        response = super().create_response(response_data, sub_response)
        response.headers["content-type"] = sub_response.media_type
        return response

    def is_websocket_origin_allowed(self, request: WebSocket, origin: str) -> bool:
        """Cross-origin WebSocket handshakes follow the CORS list; refused ones get 403 before any work."""
        return self.origins.allows(origin, request.headers.get("host"))

    async def get_context(self, request: Request | WebSocket, response: Response | None = None) -> Context:
        context = getattr(request.state, "context", None)  # made by `answer` for an HTTP request
        if context is None:
            return await self.new_context(request, response)
        context.attach_response(response)
        return context

    async def new_context(self, request: Request | WebSocket, response: Response | None = None) -> Context:
        """The caller (from its token), language and the hub's services, for one request or WebSocket."""
        viewer, auth_error = PUBLIC, None
        try:
            viewer = await authenticate_header(self.database, request.headers.get("authorization"))
        except HubError as error:
            auth_error = error
        return Context(
            viewer=viewer,
            auth_error=auth_error,
            settings=self.settings,
            database=self.database,
            network=self.network,
            request=request,
            lang=lang_from_header(request.headers.get("accept-language")),
            response=response if isinstance(response, Response) else None,  # a WebSocket has no HTTP response
            rate_limiter=self.rate_limiter,
        )

    def encode_json(self, data: object) -> str:
        """orjson: several times faster than the standard encoder on large answers (text, for WebSocket frames too)."""
        return orjson.dumps(data).decode()

    def should_render_graphql_ide(self, request) -> bool:
        """A GET carrying a persisted query's hash (and no document) is an operation, not a visit to GraphiQL."""
        return super().should_render_graphql_ide(request) and request.query_params.get("extensions") is None
    async def on_ws_connect(self, context: Context):
        """A token in the `connection_init` payload stands in for the upgrade request's Authorization header."""
        try:
            viewer = await authenticate_payload(self.database, context.connection_params or {})
        except HubError as error:  # every operation on this socket is refused, as over HTTP
            context.viewer, context.auth_error = PUBLIC, error
        else:
            if viewer is not None:
                context.viewer, context.auth_error = viewer, None
        return await super().on_ws_connect(context)

    async def render_graphql_ide(self, request: Request) -> HTMLResponse:
        from web.graphiql import graphiql_response

        return graphiql_response(EXAMPLE_QUERY)


def response_format(request: Request) -> ResponseFormat:
    return negotiate(request.headers.get("accept"))


def produced_data(result: ExecutionResult) -> bool:
    """Whether execution began and gave a `data` entry (possibly null); False for request errors and stopped work."""
    return result.data is not None or any(error.path for error in result.errors or ())


def refused_by_strawberry(error: HTTPException) -> RequestRefused:
    """Strawberry's HTTP refusals as the hub's; an operation type the method does not allow is a 405."""
    if isinstance(error.__cause__, InvalidOperationTypeError):
        return RequestRefused(
            405, ErrorCode.BAD_USER_INPUT, f"{error.reason[:1].upper()}{error.reason[1:]}: send them with POST.",
            headers={"Allow": "POST"},
        )
    headers = {"Allow": "GET, POST, OPTIONS"} if error.status_code == 405 else None
    return RequestRefused(error.status_code, ErrorCode.BAD_USER_INPUT, error.reason, headers=headers)
