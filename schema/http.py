"""The GraphQL HTTP/WebSocket endpoint: builds each request's context and serves GraphiQL offline."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL

from hub.access import PUBLIC
from hub.config import Settings
from hub.db import Database
from hub.errors import HubError
from hub.network import NetworkCache
from hub.tokens import authenticate_header, authenticate_payload
from schema import build_schema
from schema.context import Context
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

    async def get_context(self, request: Request | WebSocket, response: Response | None = None) -> Context:
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
            response=response,
        )

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
        from hub.graphiql import graphiql_page

        return HTMLResponse(graphiql_page(default_query=EXAMPLE_QUERY))
