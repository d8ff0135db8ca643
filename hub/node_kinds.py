"""The kinds of node the hub knows, apart from the store's tables so that identifiers can name them too."""

from __future__ import annotations

import enum


class NodeKind(str, enum.Enum):
    PLAN = "PLAN"
    INITIATIVE = "INITIATIVE"
    TASK = "TASK"
    AGENCY = "AGENCY"
    CREATIVE_SPACE = "CREATIVE_SPACE"
    DESIGNER = "DESIGNER"
    CITY = "CITY"
    EVENT = "EVENT"
