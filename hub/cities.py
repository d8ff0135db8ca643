"""UNESCO Creative Cities: importing city lists and matching them to the cities already known.

A city is the same city when its country and one of its names or aliases agree, ignoring case
and diacritics, so importing "Hanoi, Vietnam" updates the seeded "Hà Nội" instead of adding one.
A city's UNESCO region and M49 subregion follow from its country (seeds/country_regions.csv); a
country the table does not know leaves them empty and is reported, never guessed.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from hub.audit import BulkChanges
from hub.models import City, CreativeField
from hub.nodes import apply_values, bump_version
from hub.text import clean, compact_key, fold
from hub.validation import FIRST_DESIGNATION_YEAR, latest_designation_year
from seeds import COUNTRY_REGIONS

COLUMNS = ("city", "country", "field", "year", "source")
MAX_NAME = 300
MAX_SOURCE = 10_000
_FIELDS_BY_NAME = {fold(f.value.replace("_", " ")): f for f in CreativeField}


class CityFileError(Exception):
    """The file as a whole cannot be read (missing columns, not CSV, not UTF-8)."""


@dataclass(frozen=True)
class CityRow:
    line: int
    name: str
    country: str | None
    field: CreativeField
    year: int | None
    source: str | None


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)
    by_field: Counter = field(default_factory=Counter)
    regions_filled: int = 0
    unknown_countries: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Region:
    region: str
    subregion: str | None


def read_region_table(path: Path = COUNTRY_REGIONS) -> dict[str, Region]:
    """The `country,region,subregion,source` table, keyed by the folded country name."""
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            compact_key(row["country"]): Region(clean(row["region"]), clean(row["subregion"]) or None) for row in csv.DictReader(handle)
        }


def parse_field(text: str) -> CreativeField:
    """'Crafts and Folk Art', 'crafts_and_folk_art' and 'MEDIA ARTS' all name a field."""
    found = _FIELDS_BY_NAME.get(fold(text.replace("_", " ")))
    if found is None:
        names = ", ".join(f.value for f in CreativeField)
        raise ValueError(f"unknown creative field {text!r} (expected one of {names})")
    return found


def _parse_row(line: int, raw: dict[str, str | None]) -> CityRow:
    values = {column: clean(raw.get(column) or "") for column in COLUMNS}
    if not values["city"]:
        raise ValueError("the city name is blank")
    if len(values["city"]) > MAX_NAME:
        raise ValueError(f"the city name is longer than {MAX_NAME} characters")
    if not values["field"]:
        raise ValueError("the creative field is blank")
    year = None
    if values["year"]:
        if not values["year"].isdigit():
            raise ValueError(f"the year {values['year']!r} is not a whole number")
        year = int(values["year"])
        if not FIRST_DESIGNATION_YEAR <= year <= latest_designation_year():
            raise ValueError(f"the year {year} is outside {FIRST_DESIGNATION_YEAR}..{latest_designation_year()}")
    if len(values["source"]) > MAX_SOURCE:
        raise ValueError(f"the source is longer than {MAX_SOURCE} characters")
    return CityRow(
        line=line,
        name=values["city"],
        country=values["country"] or None,
        field=parse_field(values["field"]),
        year=year,
        source=values["source"] or None,
    )


def read_city_file(path: Path) -> tuple[list[CityRow], list[tuple[int, str]]]:
    """Parse a `city,country,field,year,source` CSV: good rows, and (line number, reason) for bad ones."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise CityFileError(f"{path}: missing column(s) {', '.join(missing)}; expected {','.join(COLUMNS)}")
            rows, rejected = [], []
            for raw in reader:
                try:
                    rows.append(_parse_row(reader.line_num, raw))
                except ValueError as problem:
                    rejected.append((reader.line_num, str(problem)))
            return rows, rejected
    except UnicodeDecodeError as problem:
        raise CityFileError(f"{path}: not UTF-8 text ({problem.reason} at byte {problem.start})") from None
    except csv.Error as problem:
        raise CityFileError(f"{path}: not a readable CSV file ({problem})") from None


class _CityIndex:
    """Known cities by (folded country, folded name or alias), updated as the import adds cities."""

    def __init__(self, cities: Iterable[City]) -> None:
        self._by_country_name: dict[tuple[str, str], list[City]] = defaultdict(list)
        self._by_name: dict[str, list[City]] = defaultdict(list)
        for city in cities:
            self.add(city)

    def add(self, city: City) -> None:
        for name in {fold(n) for n in (city.name_vi, city.name_en, *(city.aliases or [])) if n}:
            self._by_country_name[(city.country_key, name)].append(city)
            self._by_name[name].append(city)

    def match(self, row: CityRow) -> City | None:
        """The one city this row names, None for a new one; ValueError when the row is ambiguous."""
        name = fold(row.name)
        if row.country is None:
            candidates = self._by_name.get(name, [])
        else:
            candidates = self._by_country_name.get((compact_key(row.country), name)) or self._by_country_name.get(("", name), [])
        unique = list({city.id or id(city): city for city in candidates}.values())
        if len(unique) > 1:
            countries = sorted(c.country or "no country" for c in unique)
            raise ValueError(f"{row.name!r} matches {len(unique)} cities ({', '.join(countries)}); give the country")
        return unique[0] if unique else None


def _row_values(row: CityRow, existing: City | None) -> dict:
    """What the row says; a blank never erases a known value, and a row that adds no new fact
    leaves the city's source alone (it still cites where those facts came from)."""
    facts: dict = {"creative_field": row.field.value}
    for attribute, value in (("country", row.country), ("designation_year", row.year)):
        if value is not None:
            facts[attribute] = value
    if existing is None:
        return {**facts, "name_vi": row.name, "name_en": row.name, "source": row.source}
    adds_facts = any(getattr(existing, attribute) != value for attribute, value in facts.items())
    if row.source and (adds_facts or not existing.source):
        facts["source"] = row.source
    return facts


async def import_cities(
    session: AsyncSession,
    rows: list[CityRow],
    *,
    progress: Callable[[int], None] | None = None,
    actor: str = "creative-hub import cities",
    regions: Mapping[str, Region] | None = None,
) -> ImportReport:
    """Create or update one city per row, then fill every city's empty region from its country, all
    audited; the caller's transaction makes it all-or-nothing."""
    report = ImportReport()
    audit = BulkChanges(actor)
    known = list(await session.scalars(select(City)))
    index = _CityIndex(known)
    revised: set[int] = set()
    for done, row in enumerate(rows, start=1):
        try:
            city = index.match(row)
        except ValueError as problem:
            report.rejected.append((row.line, str(problem)))
            continue
        if city is None:
            city = City()
            apply_values(city, _row_values(row, None))
            session.add(city)
            index.add(city)
            known.append(city)
            audit.changed(city)
            report.created += 1
        else:
            audit.watch(city)
            if apply_values(city, _row_values(row, city)):
                bump_version(city)
                audit.changed(city)
                revised.add(id(city))
                report.updated += 1
            else:
                report.unchanged += 1
        report.by_field[row.field.value] += 1
        if progress:
            progress(done)
    _fill_regions(known, read_region_table() if regions is None else regions, audit, revised, report)
    await audit.record(session)
    return report


def _fill_regions(cities: list[City], regions: Mapping[str, Region], audit: BulkChanges, revised: set[int], report: ImportReport) -> None:
    """Give each city with an empty region the one its country has; a region already set is kept."""
    unknown: set[str] = set()
    for city in cities:
        if not city.country or (city.region and city.subregion):
            continue
        found = regions.get(city.country_key)
        if found is None:
            unknown.add(city.country)
            continue
        audit.watch(city)
        if apply_values(city, {"region": city.region or found.region, "subregion": city.subregion or found.subregion}):
            if city.id is not None and id(city) not in revised:
                bump_version(city)
            audit.changed(city)
            report.regions_filled += 1
    report.unknown_countries = sorted(unknown)
