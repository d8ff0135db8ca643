"""The GraphQL HTTP/WebSocket endpoint: builds each request's context and serves GraphiQL offline."""

from __future__ import annotations

import orjson
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from hub.access import PUBLIC
from hub.config import Settings
from hub.db import Database
from hub.errors import HubError
from hub.network import NetworkCache
from hub.response_cache import ResponseCache
from hub.tokens import authenticate_header
from schema import build_schema
from schema.context import Context
from schema.lang import lang_from_header

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

    def __init__(self, settings: Settings, database: Database, network: NetworkCache) -> None:
        super().__init__(build_schema(settings))
        self.settings = settings
        self.database = database
        self.network = network
        self.responses = ResponseCache(settings.response_cache_entries, settings.response_cache_bytes)

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
            responses=self.responses,
        )

    def encode_json(self, data: object) -> bytes:
        """orjson: several times faster than the standard encoder on large answers."""
        return orjson.dumps(data)

    async def render_graphql_ide(self, request: Request) -> HTMLResponse:
        from hub.graphiql import graphiql_page

        return HTMLResponse(graphiql_page(default_query=EXAMPLE_QUERY))
