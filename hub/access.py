"""Who may do what: the roles of DESIGN.md and the scope of partner and reporter tokens.

Every rule raises a HubError: UNAUTHENTICATED for a caller without a token (a token would help),
FORBIDDEN for a caller whose token does not reach (another token would be needed).
"""

from __future__ import annotations

from dataclasses import dataclass

from hub.errors import ErrorCode, HubError
from hub.models import NodeKind, Role

_STAFF = (Role.STAFF, Role.ADMIN)


@dataclass(frozen=True)
class Viewer:
    """The caller of one request, as its token says; a caller without a token is PUBLIC."""

    role: Role = Role.PUBLIC
    name: str = "anonymous"
    token_id: int | None = None
    city_id: int | None = None  # a partner's city
    agency_id: int | None = None  # a reporter's agency

    @property
    def actor(self) -> str:
        """How the audit log names the caller: the role and the token's name, which says who holds it."""
        return "anonymous" if self.token_id is None else f"{self.role.value.lower()}:{self.name}"

    @property
    def is_staff(self) -> bool:
        return self.role in _STAFF


PUBLIC = Viewer()


def _refuse(viewer: Viewer, what: str) -> HubError:
    if viewer.role is Role.PUBLIC:
        return HubError(ErrorCode.UNAUTHENTICATED, f"{what} needs a token: send `Authorization: Bearer <token>`.")
    return HubError(ErrorCode.FORBIDDEN, f"A {viewer.role.value.lower()} token may not {what[0].lower()}{what[1:]}.")


def require_reader(viewer: Viewer, *, public_reads: bool) -> None:
    """Reading non-personal data is open to all unless the operator closed it to callers without a token."""
    if viewer.role is Role.PUBLIC and not public_reads:
        raise HubError(ErrorCode.UNAUTHENTICATED, "This hub answers only callers with a token: send `Authorization: Bearer <token>`.")


def require_staff(viewer: Viewer, what: str) -> None:
    if not viewer.is_staff:
        raise _refuse(viewer, what)


def require_admin(viewer: Viewer, what: str) -> None:
    if viewer.role is not Role.ADMIN:
        raise _refuse(viewer, what)


def require_writer(viewer: Viewer) -> None:
    """Every write needs a token; what the token reaches is checked by the rules below."""
    if viewer.role is Role.PUBLIC:
        raise _refuse(viewer, "Writing")


def require_node_update(viewer: Viewer, *, kind: NodeKind, node_id: int) -> None:
    """Staff change any node; a partner changes its own city's profile and focal point."""
    if viewer.is_staff or (viewer.role is Role.PARTNER and kind is NodeKind.CITY and node_id == viewer.city_id):
        return
    what = "Change a city other than your own" if viewer.role is Role.PARTNER and kind is NodeKind.CITY else f"Change {_noun(kind)}"
    raise _refuse(viewer, what)


def _noun(kind: NodeKind) -> str:
    words = kind.value.lower().replace("_", " ")
    return f"{'an' if words[0] in 'aeiou' else 'a'} {words}"


def require_link_write(viewer: Viewer, *, ends: tuple[int, int]) -> None:
    """Staff write any link; a partner creates, changes and ends links that touch its own city."""
    if viewer.is_staff or (viewer.role is Role.PARTNER and viewer.city_id in ends):
        return
    raise _refuse(viewer, "Write a link that does not touch your own city" if viewer.role is Role.PARTNER else "Write links")


def require_report(viewer: Viewer, *, agency_id: int) -> None:
    """Staff report for anyone; a reporter reports for its own agency's assignments only."""
    if viewer.is_staff or (viewer.role is Role.REPORTER and viewer.agency_id == agency_id):
        return
    raise _refuse(viewer, "Report for another agency" if viewer.role is Role.REPORTER else "Submit progress reports")
