"""Keyset pagination over any ordered query, in both directions, with opaque cursors.

Keyset (not offset) paging keeps a page stable while other clients insert rows. Nullable sort
columns sort last whatever the direction, and the row id breaks ties, so every order is total.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import BigInteger, Date, DateTime, Integer, Row, Select, String, and_, false, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from hub.errors import bad_input
from hub.records import core_rows

T = TypeVar("T")
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100  # the store's own ceiling, whatever the caller checked; Settings.limits.max_page_size may only be lower
MAX_CURSOR_LENGTH = 16_384  # past the longest cursor the hub issues (two 300-character names, every character escaped)


@dataclass(frozen=True)
class PageRequest:
    first: int | None = None
    after: str | None = None
    last: int | None = None
    before: str | None = None

    def size(self) -> int:
        """The page size asked for, 1 to MAX_PAGE_SIZE; the configured maximum, if lower, is refused before execution."""
        if self.first is not None and self.last is not None:
            raise bad_input("Pass either `first` or `last`, not both.", field="first")
        for name in ("first", "last"):
            value = getattr(self, name)
            if value is not None and not 1 <= value <= MAX_PAGE_SIZE:
                raise bad_input(f"`{name}` must be 1 to {MAX_PAGE_SIZE}; got {value}.", field=name)
        return self.last or self.first or DEFAULT_PAGE_SIZE

    @property
    def backwards(self) -> bool:
        return self.last is not None or (self.before is not None and self.first is None)


@dataclass(frozen=True)
class SortKey:
    """One column of an ordering; the row id is always appended as the last key."""

    column: ColumnElement
    descending: bool = False


@dataclass
class Page(Generic[T]):
    """One page of items; a cursor is encoded only when asked for (most answers never show one)."""

    items: list[T]
    cursor_of: Callable[[T], str]
    has_next_page: bool
    has_previous_page: bool


def encode_cursor(order_name: str, values: list[Any]) -> str:
    payload = json.dumps([order_name, [v.isoformat() if isinstance(v, (date, datetime)) else v for v in values]])
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def _decode_cursor(cursor: str, order_name: str, keys: list[SortKey], field: str) -> list[Any]:
    try:
        if len(cursor) > MAX_CURSOR_LENGTH:
            raise ValueError
        padded = cursor + "=" * (-len(cursor) % 4)
        name, raw = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if name != order_name or len(raw) != len(keys):
            raise ValueError
        return [_parse(value, key.column) for value, key in zip(raw, keys)]
    except (ValueError, TypeError, RecursionError, json.JSONDecodeError, UnicodeDecodeError):  # RecursionError: nested too deep
        raise bad_input("This cursor is not valid for this list and order.", field=field) from None


def _parse(value: Any, column: ColumnElement) -> Any:
    """A cursor's value for `column`, refused (ValueError) unless the store can compare the column with it."""
    if value is None:
        return None
    column_type = getattr(column, "type", None)
    if isinstance(column_type, DateTime):
        return datetime.fromisoformat(value)
    if isinstance(column_type, Date):
        return date.fromisoformat(value)
    if isinstance(column_type, Integer):
        bits = 63 if isinstance(column_type, BigInteger) else 31
        if type(value) is not int or not -(2**bits) <= value < 2**bits:
            raise ValueError
        return value
    if isinstance(column_type, String) and (type(value) is not str or "\x00" in value):
        raise ValueError
    if type(value) not in (str, int, float):
        raise ValueError
    return value


def _beyond(keys: list[SortKey], values: list[Any], forward: bool) -> ColumnElement:
    """Rows strictly past `values` in key order (forward) or strictly before it (not forward)."""
    key, value, rest = keys[0], values[0], keys[1:]
    deeper = _beyond(rest, values[1:], forward) if rest else false()
    column = key.column
    if value is None:  # the cursor sits in the trailing block of nulls
        if forward:
            return and_(column.is_(None), deeper)
        return or_(column.is_not(None), and_(column.is_(None), deeper))
    ahead = (column < value) if key.descending == forward else (column > value)
    if forward:
        ahead = or_(ahead, column.is_(None))
    return or_(ahead, and_(column == value, deeper))


def _order_by(keys: list[SortKey], reverse: bool) -> list[ColumnElement]:
    clauses: list[ColumnElement] = []
    for key in keys:
        nulls_block = key.column.is_(None)
        clauses.append(nulls_block.desc() if reverse else nulls_block.asc())
        clauses.append(key.column.asc() if key.descending == reverse else key.column.desc())
    return clauses


async def paginate(
    session: AsyncSession,
    statement: Select,
    *,
    order_name: str,
    keys: list[SortKey],
    id_column: ColumnElement,
    request: PageRequest,
    item_of: Callable[[Row], Any] | None = None,
) -> Page:
    """Run one page of `statement`, whose items carry every sort key as an attribute.

    An ORM statement's items are its entities; a Core statement's are made of its rows by `item_of`.
    """
    size = request.size()
    if not keys or keys[-1].column is not id_column:
        keys = [*keys, SortKey(id_column, keys[0].descending if keys else False)]
    reverse = request.backwards
    for cursor, field, forward in ((request.after, "after", True), (request.before, "before", False)):
        if cursor is not None:
            statement = statement.where(_beyond(keys, _decode_cursor(cursor, order_name, keys, field), forward))
    statement = statement.order_by(*_order_by(keys, reverse)).limit(size + 1)
    if item_of:
        rows = list(map(item_of, await core_rows(session, statement)))
    else:
        rows = list((await session.scalars(statement)).unique())
    more = len(rows) > size
    rows = rows[:size]
    if reverse:
        rows.reverse()
    return Page(
        items=rows,
        cursor_of=lambda row: encode_cursor(order_name, [getattr(row, key.column.key) for key in keys]),
        has_next_page=more if not reverse else request.before is not None,
        has_previous_page=more if reverse else request.after is not None,
    )


async def count(session: AsyncSession, statement: Select) -> int:
    """How many rows `statement` selects, ignoring any ordering."""
    return (await session.execute(select(func.count()).select_from(statement.order_by(None).subquery()))).scalar_one()


def page_list(items: list[T], *, key_of: Callable[[T], Any], request: PageRequest, order_name: str) -> Page[T]:
    """A page of an in-memory list already in its final order (by `key_of`), with the same cursor rules as SQL paging."""
    size = request.size()

    def cursor_of(item: T) -> str:
        return encode_cursor(order_name, [key_of(item)])

    def position_of(cursor: str, field: str) -> int:
        for position, item in enumerate(items):
            if cursor_of(item) == cursor:
                return position
        raise bad_input("This cursor does not point into this list.", field=field)

    start, end = 0, len(items)
    if request.after is not None:
        start = position_of(request.after, "after") + 1
    if request.before is not None:
        end = min(end, position_of(request.before, "before"))
    window = range(start, end)
    chosen = window[-size:] if request.backwards else window[:size]
    return Page(
        items=[items[i] for i in chosen],
        cursor_of=cursor_of,
        has_next_page=(chosen[-1] < end - 1 if chosen else False) or (request.before is not None and end < len(items)),
        has_previous_page=(chosen[0] > start if chosen else False) or (request.after is not None and start > 0),
    )
