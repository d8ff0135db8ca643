"""Public identifiers: opaque global IDs ("Relay" style) for nodes, links and reports.

They live in the hub, not only in the GraphQL layer, because the network graph and its exports
name nodes by the same IDs that clients use.
"""

from __future__ import annotations

import base64
import binascii
from functools import lru_cache

from hub.errors import bad_input
from hub.node_kinds import NodeKind

# GraphQL type name of each node kind, as it appears inside global IDs.
TYPE_NAMES: dict[NodeKind, str] = {
    NodeKind.PLAN: "Plan",
    NodeKind.INITIATIVE: "Initiative",
    NodeKind.TASK: "Task",
    NodeKind.AGENCY: "Agency",
    NodeKind.CREATIVE_SPACE: "CreativeSpace",
    NodeKind.DESIGNER: "Designer",
    NodeKind.CITY: "City",
    NodeKind.EVENT: "Event",
}
KIND_BY_TYPE_NAME = {name: kind for kind, name in TYPE_NAMES.items()}
LINK_TYPE_NAME = "Link"
REPORT_TYPE_NAME = "ProgressReport"
TOKEN_TYPE_NAME = "ApiToken"
# Row ids are 32-bit integer keys on every store; an ID naming a row past them was never issued.
MAX_ROW_ID = 2**31 - 1


@lru_cache(maxsize=1 << 15)
def to_global_id(type_name: str, row_id: int) -> str:
    """The global ID of a row; kept for the rows named most, as a list names each of its nodes and their neighbours again and again."""
    return base64.b64encode(f"{type_name}:{row_id}".encode()).decode()


def from_global_id(global_id: str, *, field: str = "id") -> tuple[str, int]:
    """(type name, row id) of a global ID; a malformed one is refused naming `field`."""
    try:
        type_name, _, raw_id = base64.b64decode(global_id, validate=True).decode().partition(":")
        row_id = int(raw_id)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise bad_input(f"{global_id!r} is not a valid ID.", field=field) from None
    known_type = type_name in KIND_BY_TYPE_NAME or type_name in (LINK_TYPE_NAME, REPORT_TYPE_NAME, TOKEN_TYPE_NAME)
    if not known_type or not 1 <= row_id <= MAX_ROW_ID:
        raise bad_input(f"{global_id!r} is not a valid ID.", field=field)
    return type_name, row_id


def node_row_id(global_id: str, *, field: str = "id", kind: NodeKind | None = None) -> int:
    """The row id behind a node's global ID, optionally insisting on its kind."""
    type_name, row_id = from_global_id(global_id, field=field)
    expected = TYPE_NAMES[kind] if kind else None
    if type_name not in KIND_BY_TYPE_NAME or (expected and type_name != expected):
        raise bad_input(f"{global_id!r} is not the ID of {'a ' + expected if expected else 'a node'}.", field=field)
    return row_id


def node_key(kind: str, row_id: int) -> str:
    """The global ID of a node row, from its stored kind (NodeKind is a str enum: the string is its key)."""
    return to_global_id(TYPE_NAMES[kind], row_id)
