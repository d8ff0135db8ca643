"""Search across node kinds: diacritics- and case-insensitive, alias-aware, best matches first."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import case, or_
from sqlalchemy.ext.asyncio import AsyncSession

from hub.errors import bad_input
from hub.models import Node
from hub.paging import MAX_PAGE_SIZE
from hub.records import ANY_KIND, NodeTuple, any_kind_record, core_rows
from hub.text import like_pattern, query_forms

MAX_QUERY_LENGTH = 200


async def search(session: AsyncSession, *, text: str, kinds: Collection[str] = (), first: int = 20) -> list[NodeTuple]:
    """Nodes (records: hub.records) whose name or alias contains `text`; exact names rank first, then prefixes."""
    if not 1 <= first <= MAX_PAGE_SIZE:  # the store's own ceiling, whatever was checked before execution
        raise bad_input(f"`first` must be between 1 and {MAX_PAGE_SIZE}; got {first}.", field="first")
    if len(text) > MAX_QUERY_LENGTH:
        raise bad_input(f"`text` is limited to {MAX_QUERY_LENGTH} characters.", field="text")
    forms = query_forms(text)
    if not forms:
        raise bad_input("`text` needs at least one letter or digit.", field="text")
    key = Node.search_key

    def containing(template: str):
        return or_(*(key.like(like_pattern(template.format(form)), escape="\\") for form in forms))

    rank = case((containing("|{}|"), 0), (containing("|{}"), 1), else_=2)
    statement = ANY_KIND.where(containing("{}"), Node.archived_at.is_(None)).order_by(rank, Node.sort_name, Node.id).limit(first)
    if kinds:
        statement = statement.where(Node.kind.in_(sorted(kinds)))
    return list(map(any_kind_record, await core_rows(session, statement)))
