"""The ASGI application: GraphQL (with an offline GraphiQL), health checks and static assets."""

from __future__ import annotations

import gc
import logging
from contextlib import asynccontextmanager
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles

from hub.access import require_reader
from hub.config import Settings
from hub.errors import HubError
from hub.db import Database
from web.explore import explore_page
from hub.listener import ChangeListener
from hub.network import NetworkCache
from hub.tokens import authenticate_header

logger = logging.getLogger("hub")
STATIC_DIR = Path(__file__).parent / "static"


def create_app(settings: Settings | None = None) -> Starlette:
    """Build the app; the schema is imported here so `hub` itself never depends on strawberry."""
    from web.graphql_http import GraphQLEndpoint

    settings = settings or Settings.from_env()
    database = Database(settings)
    network = NetworkCache()

    @asynccontextmanager
    async def lifespan(_app: Starlette):
        listener = None
        if database.notifies:  # other processes' writes arrive through PostgreSQL's LISTEN
            listener = ChangeListener(database, on_version=lambda: network.refresh(database))
            await listener.start()
        app.state.listener = listener
        freeze_startup_objects()
        yield
        if listener is not None:
            await listener.stop()
        await database.dispose()
        await endpoint.rate_limiter.dispose()

    async def healthz(_request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    async def readyz(_request: Request) -> JSONResponse:
        try:
            await database.ping()
        except Exception:  # any failure means "not ready"; the reason goes to the log
            logger.exception("readiness check failed")
            return JSONResponse({"status": "unavailable", "database": "unreachable"}, status_code=503)
        return JSONResponse({"status": "ok", "database": "ok"})

    export_types = {"graphml": "application/graphml+xml", "gexf": "application/gexf+xml", "json": "application/json"}

    async def export_network(request: Request) -> Response:
        """The network as a file for Gephi, yEd, Cytoscape or NetworkX (no personal data is in the graph)."""
        fmt = request.path_params["format"]
        if fmt not in export_types:
            return JSONResponse({"error": f"unknown format {fmt!r}; use graphml, gexf or json"}, status_code=404)
        try:  # the same door as the API: a refused token, or no token where public reads are off, gets 401
            viewer = await authenticate_header(database, request.headers.get("authorization"))
            require_reader(viewer, public_reads=settings.public_reads)
        except HubError as error:
            return JSONResponse({"error": error.message}, status_code=401, headers={"WWW-Authenticate": "Bearer"})
        async with database.read() as session:
            snapshot = await network.current(session)
        return Response(
            snapshot.export(fmt),
            media_type=export_types[fmt],
            headers={"Content-Disposition": f'attachment; filename="network.{fmt}"'},
        )

    endpoint = GraphQLEndpoint(settings, database, network)

    async def metrics(_request: Request) -> PlainTextResponse:
        """This process's response-cache counters, in the Prometheus text format."""
        stats = vars(endpoint.responses.stats())
        lines = [f"hub_response_cache_{name} {value}" for name, value in stats.items()]
        return PlainTextResponse("\n".join(lines) + "\n")

    app = Starlette(
        routes=[
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/graphql", endpoint),
            WebSocketRoute("/graphql", endpoint),  # graphql-transport-ws; origins checked by the endpoint
            Route("/metrics", metrics),
            Route("/export/network.{format}", export_network),
            Route("/explore", explore_page),
            Mount("/static", StaticFiles(directory=STATIC_DIR), name="static"),
        ],
        lifespan=lifespan,
    )
    app.state.database = database
    app.state.network = network
    app.state.rate_limiter = endpoint.rate_limiter
    return app


def freeze_startup_objects() -> None:
    """Keep what start-up built (modules, the schema, mappers: live as long as the process) out of garbage collection.

    Otherwise each full collection walks them all again: about 0.15 s each, some 15 ms per directory
    answer under load (bench/load.py).
    """
    gc.collect()
    gc.freeze()
