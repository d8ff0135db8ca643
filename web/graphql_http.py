"""GraphQL over HTTP: a request's bytes into one operation for the door (web.door), its outcome back into bytes.

The transport's own rules come first and are HTTP's alone: CORS preflight and origins, a JSON-only
POST (the CSRF guard), the body size, GET for queries only, and which media type and status code
the answer takes (web.negotiation). Everything else is the door's. GraphiQL answers a browser's GET.
"""

from __future__ import annotations

import uuid

import orjson
from graphql import ExecutionResult, OperationType
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from hub.errors import ErrorCode, RequestRefused
from schema.lang import lang_from_header
from web.answers import AnswerCache, KeptAnswer, request_identity
from web.body_limit import check_declared_length, limit_body
from web.door import Door, OperationRequest, Outcome, Refused
from web.graphiql import graphiql_response
from web.negotiation import ResponseFormat, negotiate
from web.origins import OriginPolicy
from web.request_body import decode_json_object, require_json_content_type

ALLOWED_BY_METHOD = {"GET": frozenset({OperationType.QUERY}), "POST": frozenset({OperationType.QUERY, OperationType.MUTATION})}
VARIED_BY = ("Origin", "Accept", "Accept-Language", "Authorization")  # each can change the answer

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


class GraphQLEndpoint:
    """`/graphql` over HTTP (an ASGI app)."""

    def __init__(self, door: Door, answers: AnswerCache, origins: OriginPolicy) -> None:
        self.door = door
        self.answers = answers
        self.origins = origins
        self.max_body_bytes = door.settings.limits.max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive=limit_body(receive, self.max_body_bytes))
        response_format = negotiate(request.headers.get("accept"))
        request_id = uuid.uuid4().hex
        try:
            if request.method == "OPTIONS":
                response = self.preflight(request)
            elif request.method == "GET" and wants_graphiql(request):
                response = graphiql_response(EXAMPLE_QUERY)
            elif request.method not in ALLOWED_BY_METHOD:
                raise RequestRefused(
                    405,
                    ErrorCode.BAD_USER_INPUT,
                    f"{request.method} is not supported: use GET or POST.",
                    headers={"Allow": "GET, POST, OPTIONS"},
                )
            else:
                response = await self.answer(request, response_format, request_id)
        except RequestRefused as refusal:
            response = self.respond(Refused.of(refusal).outcome, response_format, request_id)
        except Refused as refusal:
            response = self.respond(refusal.outcome, response_format, request_id)
        response.headers.update(self.origins.cors_headers(request.headers.get("origin"), request.headers.get("host")))
        for header in VARIED_BY:
            response.headers.add_vary_header(header)
        await response(scope, receive, send)

    async def answer(self, request: Request, response_format: ResponseFormat, request_id: str) -> Response:
        """Through the door: the caller, the operation, a kept answer if there is one, else the operation's own."""
        door = self.door
        address = request.client.host if request.client else "unknown"
        viewer = await door.caller(address=address, authorization=request.headers.get("authorization"))
        operation = await read_operation(request, self.max_body_bytes)
        admitted = await door.admit(operation, viewer=viewer, address=address, allowed=ALLOWED_BY_METHOD[request.method])
        lang = lang_from_header(request.headers.get("accept-language"))
        key = version = None
        if self.answers.enabled and admitted.cacheable:
            identity = request_identity(request.method, admitted.normalised, operation.operation_name, operation.variables)
            key = self.answers.key(identity=identity, media_type=response_format.media_type, viewer=viewer, lang=lang.value)
        if key is not None:  # read before the answer is computed, so a kept answer is current and a new one at least this new
            version = await door.database.data_version()
            kept = self.answers.kept(key)
            if kept is not None and kept.data_version == version:
                self.answers.hit()
                return Response(kept.body, kept.status, {"X-Request-Id": request_id, "X-Cache": "hit"}, kept.media_type)
        outcome = await door.execute(admitted, door.context(viewer, lang, request_id))
        response = self.respond(outcome, response_format, request_id, cache="miss" if key is not None else None)
        if key is not None:
            clean = not outcome.result.errors and outcome.result.data is not None
            answer = KeptAnswer(response.status_code, response_format.media_type, response.body, version) if clean else None
            self.answers.keep(key, answer)
        return response

    def respond(self, outcome: Outcome, response_format: ResponseFormat, request_id: str, cache: str | None = None) -> Response:
        """The outcome in the negotiated media type; a request refused before GraphQL saw it has no `data` entry."""
        produced = outcome.produced_data
        status = outcome.status or response_format.status(produced_data=produced, timed_out=outcome.timed_out)
        with_data = not outcome.before_graphql and response_format.keeps_data_entry(produced_data=produced)
        body = graphql_body(outcome.result, with_data=with_data)
        headers = {"X-Request-Id": request_id, **outcome.headers}
        if cache:
            headers["X-Cache"] = cache
        return Response(body, status, headers, response_format.media_type)

    def preflight(self, request: Request) -> Response:
        """A CORS preflight from an allowed origin gets its headers; one from elsewhere a 403."""
        origin = request.headers.get("origin")
        headers = self.origins.preflight_headers(origin, request.headers.get("host"))
        if origin is not None and "access-control-request-method" in request.headers and not headers:
            raise RequestRefused(403, ErrorCode.FORBIDDEN, f"Pages on {origin} may not call this API (see HUB_ALLOWED_ORIGINS).")
        return Response(status_code=204, headers={"Allow": "GET, POST, OPTIONS", **headers})


async def read_operation(request: Request, max_bytes: int) -> OperationRequest:
    """The operation a GET's parameters or a POST's JSON body carry (web.request_body's rules), within the body limit."""
    if request.method == "POST":
        require_json_content_type(request.headers.get("content-type"))
        check_declared_length(request.headers.get("content-length"), max_bytes)
        return OperationRequest.from_payload(decode_json_object(await request.body()))
    params = request.query_params
    payload: dict[str, object] = {"query": params.get("query"), "operationName": params.get("operationName")}
    for name in ("variables", "extensions"):
        payload[name] = decode_json_object(params[name]) if params.get(name) else None
    return OperationRequest.from_payload(payload)


def wants_graphiql(request: Request) -> bool:
    """A browser's visit: HTML accepted, and neither a document nor a persisted query's hash to run."""
    accept = request.headers.get("accept", "")
    params = request.query_params
    return "text/html" in accept and params.get("query") is None and params.get("extensions") is None


def graphql_body(result: ExecutionResult, *, with_data: bool) -> bytes:
    """A GraphQL response body: `errors` first when there are any, `data` when it belongs."""
    body: dict[str, object] = {}
    if result.errors:
        body["errors"] = [error.formatted for error in result.errors]
    if with_data:
        body["data"] = result.data
    return orjson.dumps(body)
