"""The reporting term: the year a member city's report falls due, and the period it covers.

UNESCO asks for a report every four years following the year of designation (docs/sources.md), so
the due year is the designation year plus a multiple of four, and the default period is the term
that report covers.
"""

from __future__ import annotations

from datetime import date

from hub.errors import bad_input
from hub.records import NodeTuple

TERM_YEARS = 4  # UNESCO's reporting cycle, counted from the designation year
FIRST_YEAR, LAST_YEAR = 2000, 2100  # the days the hub's reports cover


def due_year(designation_year: int, on_or_after: int) -> int:
    """The first year a report falls due (designation year + 4·k, k ≥ 1) that is not before `on_or_after`."""
    terms = max(1, -(-(on_or_after - designation_year) // TERM_YEARS))
    return designation_year + TERM_YEARS * terms


def term_of(designation_year: int, due: int) -> tuple[date, date]:
    """The period a report due in `due` covers: from the designation year, or the year after the last report."""
    first = designation_year if due - TERM_YEARS == designation_year else due - TERM_YEARS + 1
    return date(first, 1, 1), date(due, 12, 31)


def report_period(city: NodeTuple, date_from: date | None, date_to: date | None, today: date) -> tuple[date, date, int]:
    """The period asked for, or else the term of the next report due; and the year that report is due."""
    if (date_from is None) != (date_to is None):
        raise bad_input(
            "Give both `from` and `to`, or neither for the term of the next report due.", field="from" if date_from is None else "to"
        )
    for name, day in (("from", date_from), ("to", date_to)):
        if day is not None and not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise bad_input(f"`{name}` must be a day between {FIRST_YEAR} and {LAST_YEAR}.", field=name)
    if date_from is not None and date_to is not None and date_to < date_from:
        raise bad_input("`to` is before `from`.", field="to")
    designated = city.designation_year
    if designated is None:
        if date_from is None or date_to is None:
            raise bad_input("The city has no designation year recorded, so give `from` and `to`.", field="from")
        return date_from, date_to, date_to.year
    if date_from is None or date_to is None:
        due = due_year(designated, today.year)
        return (*term_of(designated, due), due)
    return date_from, date_to, due_year(designated, date_to.year)
