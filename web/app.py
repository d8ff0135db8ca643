"""The ASGI application: GraphQL over HTTP and WebSocket, health checks, metrics, exports and pages.

This is the composition root: it builds the door (web.door) that every way in shares, and mounts
the transports on it. Files and metrics pass the same door as GraphQL: the caller is
authenticated, and an export is charged to its rate budget like the query it stands for.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute

from hub.access import Viewer, require_admin, require_staff
from hub.config import Settings
from hub.db import Database
from hub.errors import HubError
from hub.listener import ChangeListener
from hub.mmr_document import MEDIA_TYPES, render
from hub.models import Role
from hub.monitoring import build_report
from hub.network import NetworkCache
from web.answers import AnswerCache
from web.door import Door, Refused
from web.explore import explore_page
from web.graphql_http import GraphQLEndpoint
from web.origins import OriginPolicy
from web.pages import StaticFilesFramedNowhere
from web.socket import SocketEndpoint

logger = logging.getLogger("hub")
STATIC_DIR = Path(__file__).parent / "static"
EXPORT_TYPES = {"graphml": "application/graphml+xml", "gexf": "application/gexf+xml", "json": "application/json"}
EXPORT_COST = 10  # rate points: a whole-network file is the work of many pages of queries
METRICS_RULES = {"admin": require_admin, "staff": require_staff}
REPORT_COST = 10  # rate points: a report reads the whole network, like an export


def create_app(settings: Settings | None = None) -> Starlette:
    """Build the app for `settings` (from the environment when not given)."""
    settings = settings or Settings.from_env()
    database = Database(settings)
    network = NetworkCache()
    door = Door(settings, database, network)
    answers = AnswerCache(settings.response_cache_entries, settings.response_cache_bytes)
    origins = OriginPolicy(settings.allowed_origins)

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
        await door.dispose()

    async def healthz(_request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    async def readyz(_request: Request) -> JSONResponse:
        try:
            await database.ping()
        except Exception:  # any failure means "not ready"; the reason goes to the log
            logger.exception("readiness check failed")
            return JSONResponse({"status": "unavailable", "database": "unreachable"}, status_code=503)
        return JSONResponse({"status": "ok", "database": "ok"})

    async def through_door(request: Request, cost: int, rule: Callable[[Viewer], None] | None = None) -> Response | None:
        """Pass a file, report or metrics request through the door: None when admitted, else the refusal to send."""
        try:
            await door.admit_request(address=_address(request), authorization=request.headers.get("authorization"), cost=cost, rule=rule)
        except Refused as refusal:
            return _refused(refusal)
        return None

    async def export_network(request: Request) -> Response:
        """The network as a file for Gephi, yEd, Cytoscape or NetworkX (no personal data is in the graph); `asOf` shows one day."""
        fmt = request.path_params["format"]
        if fmt not in EXPORT_TYPES:
            return JSONResponse({"error": f"unknown format {fmt!r}; use graphml, gexf or json"}, status_code=404)
        try:
            day = date.fromisoformat(request.query_params["asOf"]) if "asOf" in request.query_params else None
        except ValueError:
            return JSONResponse({"error": "`asOf` is a day written YYYY-MM-DD"}, status_code=400)
        if (refused := await through_door(request, EXPORT_COST)) is not None:
            return refused
        async with database.read() as session:
            snapshot = await network.current(session)
        return Response(
            snapshot.export(fmt, day),
            media_type=EXPORT_TYPES[fmt],
            headers={"Content-Disposition": f'attachment; filename="network.{fmt}"'},
        )

    async def metrics(request: Request) -> Response:
        """This process's answer-cache counters, in the Prometheus text format, for whom HUB_METRICS_READERS names."""
        if (refused := await through_door(request, 1, metrics_rule(settings.metrics_readers))) is not None:
            return refused
        stats = vars(answers.stats())
        lines = [f"hub_response_cache_{name} {value}" for name, value in stats.items()]
        return PlainTextResponse("\n".join(lines) + "\n")

    async def monitoring_report(request: Request) -> Response:
        """The Membership Monitoring Report draft as a file for staff: /reports/mmr.{md,docx}?from=&to=&lang=."""
        fmt = request.path_params["format"]
        if fmt not in MEDIA_TYPES:
            return JSONResponse({"error": f"unknown format {fmt!r}; use md or docx"}, status_code=404)
        # a draft is the secretariat's work in progress: staff only
        if (
            refused := await through_door(request, REPORT_COST, lambda viewer: require_staff(viewer, "Download the monitoring report"))
        ) is not None:
            return refused
        query = request.query_params
        lang = query.get("lang", "vi")
        try:
            days = {name: date.fromisoformat(query[name]) if query.get(name) else None for name in ("from", "to")}
        except ValueError:
            return JSONResponse({"error": "`from` and `to` are days written YYYY-MM-DD"}, status_code=400)
        if lang not in ("vi", "en"):
            return JSONResponse({"error": "`lang` is vi or en"}, status_code=400)
        try:
            async with database.read() as session:
                draft = await build_report(session, city_identity=settings.home_city, date_from=days["from"], date_to=days["to"], lang=lang)
        except HubError as error:
            return JSONResponse({"error": error.message}, status_code=400)
        name = f"mmr-{draft.date_from}-{draft.date_to}-{lang}.{fmt}"
        return Response(render(draft, fmt), media_type=MEDIA_TYPES[fmt], headers={"Content-Disposition": f'attachment; filename="{name}"'})

    app = Starlette(
        routes=[
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/graphql", GraphQLEndpoint(door, answers, origins), methods=None),
            WebSocketRoute("/graphql", SocketEndpoint(door, origins)),
            Route("/metrics", metrics),
            Route("/export/network.{format}", export_network),
            Route("/reports/mmr.{format}", monitoring_report),
            Route("/explore", explore_page),
            Mount("/static", StaticFilesFramedNowhere(directory=STATIC_DIR), name="static"),
        ],
        lifespan=lifespan,
    )
    app.state.database = database
    app.state.network = network
    app.state.door = door
    return app


def metrics_rule(readers: str) -> Callable[[Viewer], None] | None:
    """Metrics show what the process serves; an operator names who may read them (admins by default, and
    an unknown setting keeps them closed). None: everyone may."""
    if readers == Role.PUBLIC.value.lower():
        return None
    rule = METRICS_RULES.get(readers, require_admin)
    return lambda viewer: rule(viewer, "Read the metrics")


def _address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _refused(refusal: Refused) -> Response:
    """A refusal of a file or metrics request: its status, headers and message as JSON."""
    outcome = refusal.outcome
    message = outcome.result.errors[0].message if outcome.result.errors else "refused"
    return JSONResponse({"error": message}, status_code=outcome.status or 403, headers=outcome.headers)


def freeze_startup_objects() -> None:
    """Keep what start-up built (modules, the schema, mappers: live as long as the process) out of garbage collection.

    Otherwise each full collection walks them all again: about 0.15 s each, some 15 ms per directory
    answer under load (bench/load.py).
    """
    gc.collect()
    gc.freeze()
