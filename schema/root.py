"""The root Query: lookups by ID, search, and the directory lists."""

from typing import Annotated

import strawberry

from hub.access import require_admin
from hub.audit import AuditTarget
from hub.ids import KIND_BY_TYPE_NAME, LINK_TYPE_NAME, REPORT_TYPE_NAME, from_global_id, node_row_id
from hub.models import NodeKind as Kind
from hub.search import search as search_nodes
from schema import directory
from schema.access import authorize
from schema.audit import AuditEntry, audit_connection
from schema.context import Info
from schema.enums import NodeKind
from schema.errors import hub_refusals
from schema.monitoring import MonitoringQueries
from schema.network import NetworkQueries
from schema.node import After, Before, First, Last, Node, page_request
from schema.relay import Connection
from schema.reports import ReportQueries
from schema.viewer import ViewerQueries


@strawberry.type(description="Read the network.")
class Query(ReportQueries, MonitoringQueries, NetworkQueries, ViewerQueries):
    plans = directory.plans
    initiatives = directory.initiatives
    tasks = directory.tasks
    agencies = directory.agencies
    spaces = directory.spaces
    designers = directory.designers
    cities = directory.cities
    events = directory.events

    @strawberry.field(description="Every write, newest first; narrow it to one node or link, or to one actor.")
    async def audit_log(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        target: Annotated[strawberry.ID | None, strawberry.argument(description="Global ID of a node or link.")] = None,
        actor: Annotated[str | None, strawberry.argument(description="Only writes by this actor.")] = None,
    ) -> Connection[AuditEntry]:
        authorize(info, require_admin, "Read the audit log")
        request = page_request(first, after, last, before)
        target_key = None
        if target is not None:
            with hub_refusals():
                type_name, row_id = from_global_id(target, field="target")
            audit_type = {LINK_TYPE_NAME: AuditTarget.LINK.value, REPORT_TYPE_NAME: AuditTarget.REPORT.value}.get(type_name)
            target_key = (audit_type or KIND_BY_TYPE_NAME[type_name].value, row_id)
        return await audit_connection(info, request, target=target_key, actor=actor)

    @strawberry.field(description="A node by its global ID; null when there is none.")
    async def node(self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="Global ID.")]) -> Node | None:
        with hub_refusals():
            row_id = node_row_id(id)
        return await info.context.loaders.node.load(row_id)

    @strawberry.field(description="Nodes by global ID, in the order asked; null for each ID with no node.")
    async def nodes(
        self, info: Info, ids: Annotated[list[strawberry.ID], strawberry.argument(description="Up to 100 global IDs.")]
    ) -> list[Node | None]:
        with hub_refusals():
            row_ids = [node_row_id(global_id, field="ids") for global_id in ids]
        return await info.context.loaders.node.load_many(row_ids)

    @strawberry.field(
        description='Find nodes by name or alias, ignoring case and diacritics: "ha noi", "HA NOI", "Hà Nội" and "Hanoi" all find Hà Nội.'
    )
    async def search(
        self,
        info: Info,
        text: Annotated[str, strawberry.argument(description="What to look for.")],
        kinds: Annotated[list[NodeKind] | None, strawberry.argument(description="Only these kinds of node.")] = None,
        first: Annotated[int, strawberry.argument(description="At most this many results (1..100).")] = 20,
    ) -> list[Node]:
        wanted = [Kind(kind).value for kind in kinds or ()]
        with hub_refusals():
            return await info.context.read(lambda session: search_nodes(session, text=text, kinds=wanted, first=first))
