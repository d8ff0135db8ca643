"""Access in GraphQL: hub.access rules applied to the caller the door admitted, refusals as GraphQL errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from hub.access import require_staff
from schema.context import Info
from schema.errors import hub_refusals

T = TypeVar("T")


def authorize(info: Info, rule: Callable[..., None], *args, **kwargs) -> None:
    """Apply a hub.access rule to the caller; a refusal becomes a top-level error and the field gets no data."""
    with hub_refusals():
        rule(info.context.viewer, *args, **kwargs)


def personal(info: Info, value: T) -> T:
    """Personal data (contacts) goes to staff only; everyone else gets null and an error."""
    authorize(info, require_staff, "Read personal data")
    return value
