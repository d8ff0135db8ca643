"""GraphQL over WebSocket (graphql-transport-ws): each operation on a socket passes the door (web.door) on its own.

strawberry's handler speaks the protocol (init, ping, subscribe, complete, close codes); what an
operation is allowed to do is decided here, per operation, exactly as over HTTP:

- the caller is authenticated again for every operation, from the credentials the socket
  presented (the `connection_init` payload, else the upgrade request's Authorization header);
- while operations run, the socket's token is checked again every second: once it is revoked,
  the socket is closed (4403) and its operations end;
- limits, rate charges and masking are the door's, so a subscription is measured and charged
  like a query, and no error frame leaves unmasked;
- a message larger than the HTTP body limit closes the socket (1009) before it is decoded.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncGenerator
from contextlib import aclosing, suppress
from dataclasses import dataclass, field
from datetime import timedelta

import orjson
from graphql import GraphQLError, OperationType
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState
from strawberry.asgi import ASGIWebSocketAdapter
from strawberry.http.exceptions import NonJsonMessageReceived, NonTextMessageReceived
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import BaseGraphQLTransportWSHandler, Operation
from strawberry.types.unset import UNSET, UnsetType

from hub.errors import ErrorCode
from schema.lang import lang_from_header
from web.door import Door, OperationRequest, Refused
from web.origins import OriginPolicy

REVALIDATE_EVERY = 1.0  # seconds between checks of a socket's token while its operations run
CONNECTION_INIT_WAIT = timedelta(seconds=10)
MESSAGE_TOO_BIG = 1009  # RFC 6455


@dataclass
class SocketCaller:
    """What a socket presented to say who it is, kept to authenticate each of its operations again."""

    authorization: str | None  # the upgrade request's header
    address: str
    lang_header: str | None
    connection_params: dict = field(default_factory=dict)  # the `connection_init` payload (set by strawberry)

    def credentials(self) -> dict[str, str | None]:
        """A token in the `connection_init` payload stands in for the upgrade request's header."""
        fields = {str(key).lower(): value for key, value in self.connection_params.items()}
        for name in ("authorization", "token"):
            value = fields.get(name)
            if isinstance(value, str) and value.strip():
                return {name: value.strip()}
        return {"authorization": self.authorization}

    @property
    def has_token(self) -> bool:
        return any(self.credentials().values())


class SocketEndpoint:
    """`/graphql` over WebSocket (an ASGI app)."""

    def __init__(self, door: Door, origins: OriginPolicy) -> None:
        self.door = door
        self.origins = origins
        self.max_message_bytes = door.settings.limits.max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        websocket = WebSocket(scope, receive, send)
        origin = websocket.headers.get("origin")
        if origin is not None and not self.origins.allows(origin, websocket.headers.get("host")):
            await websocket.close(code=1008)  # before accepting: the handshake is answered 403
            return
        if GRAPHQL_TRANSPORT_WS_PROTOCOL not in scope.get("subprotocols", ()):
            await websocket.accept()
            await websocket.close(4406, "Subprotocol not acceptable")
            return
        await websocket.accept(subprotocol=GRAPHQL_TRANSPORT_WS_PROTOCOL)
        caller = SocketCaller(
            authorization=websocket.headers.get("authorization"),
            address=websocket.client.host if websocket.client else "unknown",
            lang_header=websocket.headers.get("accept-language"),
        )
        adapter = BoundedSocketAdapter(self, websocket, websocket)
        await OperationsOverSocket(
            view=self,
            websocket=adapter,
            context=caller,
            root_value=None,
            schema=self.door.schema,
            connection_init_wait_timeout=CONNECTION_INIT_WAIT,
        ).handle()

    async def on_ws_connect(self, caller: SocketCaller) -> UnsetType:
        """Acknowledge without a payload; the credentials are checked per operation, not once here."""
        return UNSET

    def decode_json(self, data: str | bytes) -> object:
        return orjson.loads(data)

    def encode_json(self, data: object) -> str:
        return orjson.dumps(data).decode()


class BoundedSocketAdapter(ASGIWebSocketAdapter):
    """strawberry's socket adapter, refusing a message larger than the body limit before decoding it."""

    async def iter_json(self, *, ignore_parsing_errors: bool = False) -> AsyncGenerator[object, None]:
        limit = self.view.max_message_bytes
        try:
            while self.ws.application_state != WebSocketState.DISCONNECTED:
                text = await self.ws.receive_text()
                if len(text) > limit:
                    await self.close(MESSAGE_TOO_BIG, f"A message may hold at most {limit} bytes.")
                    return
                try:
                    yield self.view.decode_json(text)
                except orjson.JSONDecodeError as error:
                    if not ignore_parsing_errors:
                        raise NonJsonMessageReceived from error
        except KeyError as error:
            raise NonTextMessageReceived from error
        except WebSocketDisconnect:
            pass


class OperationsOverSocket(BaseGraphQLTransportWSHandler):
    """graphql-transport-ws whose operations each pass the door, watched for a revoked token."""

    view: SocketEndpoint
    context: SocketCaller

    async def handle(self) -> None:
        watcher = asyncio.create_task(self.watch_token())
        try:
            await super().handle()
        finally:
            watcher.cancel()
            with suppress(asyncio.CancelledError):
                await watcher

    async def watch_token(self) -> None:
        """Close the socket, ending its operations, once its token stops being valid (revoked in any process)."""
        door = self.view.door
        while True:
            await asyncio.sleep(REVALIDATE_EVERY)
            if not self.operations or not self.context.has_token:
                continue
            try:
                await door.caller(address=self.context.address, **self.context.credentials())
            except Refused:
                await self.websocket.close(4403, "Forbidden: the token is no longer valid")
                return

    async def handle_subscribe(self, message) -> None:
        """Refuse an operation past the socket's limit with LIMIT_EXCEEDED; the rest go to the door."""
        limit = self.view.door.settings.limits.max_subscriptions
        if self.connection_acknowledged and message.get("id") not in self.operations and len(self.operations) >= limit:
            error = GraphQLError(
                f"At most {limit} subscriptions may be active on one connection; complete one first.",
                extensions={"code": ErrorCode.LIMIT_EXCEEDED.value, "limit": "max_subscriptions", "value": limit},
            )
            await self.send_message({"id": message["id"], "type": "error", "payload": [error.formatted]})
            return
        await super().handle_subscribe(message)

    async def run_operation(self, operation: Operation) -> None:
        """One operation through the door: the caller, the checks, then its result (or its events), masked."""
        door, caller = self.view.door, self.context
        try:
            try:
                viewer = await door.caller(address=caller.address, **caller.credentials())
                request = OperationRequest.from_payload(
                    {"query": operation.query, "operationName": operation.operation_name, "variables": operation.variables}
                )
                admitted = await door.admit(request, viewer=viewer, address=caller.address)
            except Refused as refusal:
                await operation.send_initial_errors(refusal.outcome.result.errors)
                return
            context = door.context(viewer, lang_from_header(caller.lang_header), uuid.uuid4().hex)
            if admitted.kind is OperationType.SUBSCRIPTION:
                async with aclosing(door.subscribe(admitted, context)) as results:
                    async for result in results:
                        await operation.send_next(result)
            else:
                await operation.send_next((await door.execute(admitted, context)).result)
            await operation.send_operation_message({"id": operation.id, "type": "complete"})
        except asyncio.CancelledError:
            raise
        except Exception as error:  # a fault of the transport itself: logged, and the operation completed
            await self.handle_task_exception(error)
            with suppress(Exception):
                await operation.send_operation_message({"id": operation.id, "type": "complete"})
            self.operations.pop(operation.id, None)
