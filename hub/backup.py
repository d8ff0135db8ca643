"""Backup that loses nothing: every table of data to one JSON file, and back into an empty database.

The tables come from the models' metadata, not from a list kept here, so a table added with its
migration is backed up without touching this module; only operational state (rate-limit points)
is left out. A backup is tied to the schema revision it was taken at: it is restored only into a
database migrated to that same revision.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from alembic.script import ScriptDirectory
from sqlalchemy import Date, DateTime, Table, exists, func, insert, inspect, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from hub.db import mark_written
from hub.migrate import MIGRATIONS_DIR
from hub.models import Base, DataVersion, RateBucket

FORMAT = "creative-city-hub-backup"
FORMAT_VERSION = 1
BATCH_ROWS = 1_000
# Tables whose rows the migrations create: an import updates them instead of finding them in the way.
_MIGRATION_ROWS = frozenset({DataVersion.__tablename__})
# Operational state, not data: points spent against rate limits in the current minute.
_NOT_BACKED_UP = frozenset({RateBucket.__tablename__})

Progress = Callable[[int], None]


class BackupError(Exception):
    """The file or the database is not fit for the operation; nothing was written."""


@dataclass(frozen=True)
class Backup:
    """A backup file read and checked: rows per table with Python values, ready to insert."""

    tables: dict[str, list[dict[str, Any]]]

    @property
    def counts(self) -> dict[str, int]:
        return {name: len(rows) for name, rows in self.tables.items()}


def _tables() -> list[Table]:
    """Every table of data in foreign-key order (parents first), as the inserts need them."""
    return [table for table in Base.metadata.sorted_tables if table.name not in _NOT_BACKED_UP]


def code_revision() -> str:
    """The newest migration this code knows: data and schema must both be at it."""
    return ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()


async def _database_revision(session: AsyncSession) -> str | None:
    """The schema revision the database was migrated to; None when it never was."""
    connection = await session.connection()
    if not await connection.run_sync(lambda sync: inspect(sync).has_table("alembic_version")):
        return None
    return (await session.execute(text("SELECT version_num FROM alembic_version"))).scalar_one_or_none()


async def check_schema(*, session: AsyncSession) -> str:
    """Refuse a database whose tables are not the ones this code reads and writes."""
    found, expected = await _database_revision(session), code_revision()
    if found is None:
        raise BackupError("the database has no schema yet: run `creative-hub db upgrade` first")
    if found != expected:
        raise BackupError(f"the database is at schema revision {found}, this hub at {expected}: run `creative-hub db upgrade` first")
    return found


async def export_backup(*, session: AsyncSession, progress: Callable[[int], Progress]) -> dict[str, Any]:
    """Every row of every table as a JSON-ready document, read from one snapshot of the database.

    `progress` is given the total number of rows and returns the callback told how many are done.
    Call it on a fresh session: on PostgreSQL it asks for a repeatable-read transaction, so rows
    written while the export runs cannot leave a link without its node.
    """
    if session.bind.dialect.name == "postgresql":
        await session.connection(execution_options={"isolation_level": "REPEATABLE READ", "postgresql_readonly": True})
    revision = await check_schema(session=session)
    counts = [(await session.execute(select(func.count()).select_from(table))).scalar_one() for table in _tables()]
    report = progress(sum(counts))
    done = 0
    document = {
        "format": FORMAT,
        "formatVersion": FORMAT_VERSION,
        "schemaRevision": revision,
        "exportedAt": _utc_text(datetime.now(UTC)),
        "tables": {},
    }
    for table in _tables():
        names = [column.name for column in table.columns]
        rows = document["tables"][table.name] = []
        result = await session.stream(select(table).order_by(*table.primary_key.columns))
        async for partition in result.partitions(BATCH_ROWS):
            rows += [{name: _json_value(value) for name, value in zip(names, row)} for row in partition]
            done += len(partition)
            report(done)
    return document


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return _utc_text(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _utc_text(moment: datetime) -> str:
    """One spelling for one instant on both stores: SQLite hands back naive UTC, PostgreSQL aware times."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def write_backup(document: dict[str, Any], target: str) -> None:
    """Write to `target` ("-" for stdout) through a temporary file, so a crash never leaves half a backup."""
    if target == "-":
        sys.stdout.buffer.writelines(piece.encode("utf-8") for piece in backup_text(document))
        sys.stdout.buffer.flush()
        return
    path = Path(target)
    temporary = path.with_name(path.name + ".tmp")
    try:
        with temporary.open("w", encoding="utf-8") as handle:
            handle.writelines(backup_text(document))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as problem:
        temporary.unlink(missing_ok=True)
        raise BackupError(f"cannot write {path}: {problem.strerror}") from problem


def backup_text(document: dict[str, Any]) -> Iterator[str]:
    """The document as JSON with one row per line: easy to diff and grep, and quick to write.

    `json.dumps` with an indent falls back to its pure-Python encoder, several times slower than
    encoding each row on one line.
    """
    yield "{\n"
    for key, value in document.items():
        if key != "tables":
            yield f" {_compact(key)}: {_compact(value)},\n"
    yield ' "tables": {'
    for number, (name, rows) in enumerate(document["tables"].items()):
        yield f"{',' if number else ''}\n  {_compact(name)}: ["
        yield ",".join(f"\n   {_compact(row)}" for row in rows)
        yield "\n  ]" if rows else "]"
    yield "\n }\n}\n"


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def read_backup(path: Path) -> Backup:
    """Read and check a whole backup before the database is touched, so a bad file changes nothing."""
    try:
        document = json.loads(path.read_bytes())
    except OSError as problem:
        raise BackupError(f"cannot read {path}: {problem.strerror}") from problem
    except ValueError as problem:
        raise BackupError(f"{path} is not a backup: it is not JSON ({problem})") from problem
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BackupError(f'{path} is not a backup: it has no "format": "{FORMAT}"')
    if document.get("formatVersion") != FORMAT_VERSION:
        raise BackupError(f"{path} is backup format version {document.get('formatVersion')}, this hub reads version {FORMAT_VERSION}")
    revision, expected = document.get("schemaRevision"), code_revision()
    if revision != expected:
        raise BackupError(
            f"{path} was exported at schema revision {revision}, this hub is at {expected}: "
            f"import it into a hub at revision {revision}, then upgrade that one"
        )
    found = document.get("tables")
    names = [table.name for table in _tables()]
    if not isinstance(found, dict) or sorted(found) != sorted(names):
        raise BackupError(f"{path} does not hold exactly the tables {', '.join(names)}")
    return Backup({table.name: _python_rows(table, found[table.name]) for table in _tables()})


def _python_rows(table: Table, rows: Any) -> list[dict[str, Any]]:
    """The file's rows with dates and times parsed back, checked to have exactly the table's columns."""
    columns = {column.name for column in table.columns}
    parsers = [
        (column.name, datetime.fromisoformat if isinstance(column.type, DateTime) else date.fromisoformat)
        for column in table.columns
        if isinstance(column.type, (Date, DateTime))
    ]
    if not isinstance(rows, list):
        raise BackupError(f"table {table.name}: rows must be a list")
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            raise BackupError(f"table {table.name}, row {number}: a row must be an object")
        if row.keys() != columns:
            problems = [f"missing {name}" for name in sorted(columns - row.keys())]
            problems += [f"unknown {name}" for name in sorted(row.keys() - columns)]
            raise BackupError(f"table {table.name}, row {number}: not the table's columns ({', '.join(problems)})")
        try:
            for name, parse in parsers:
                if row[name] is not None:
                    row[name] = parse(row[name])
        except (TypeError, ValueError) as problem:
            raise BackupError(f"table {table.name}, row {number}, column {name}: {problem}") from problem
    return rows


async def check_empty(*, session: AsyncSession) -> None:
    """Refuse to mix a backup with data already there: ids would collide and history would interleave."""
    for table in _tables():
        if table.name not in _MIGRATION_ROWS and (await session.execute(select(exists().select_from(table)))).scalar():
            raise BackupError(f"the database is not empty (table {table.name} has rows): import into a new, migrated database")


async def restore(*, session: AsyncSession, backup: Backup, progress: Progress) -> None:
    """Insert every row in batches, in the caller's transaction, and set the data version back as it was.

    The data version row is updated in place rather than replaced, so a writer waiting on its lock
    goes on to count from the restored version.
    """
    done = 0
    for table in _tables():
        rows = backup.tables[table.name]
        for start in range(0, len(rows), BATCH_ROWS):
            batch = rows[start : start + BATCH_ROWS]
            try:
                if table.name in _MIGRATION_ROWS:
                    await _update_rows(session, table, batch)
                else:
                    await session.execute(insert(table), batch)
            except IntegrityError as problem:
                raise BackupError(f"the database refused a row of table {table.name}: {problem.orig}") from problem
            done += len(batch)
            progress(done)
    if session.bind.dialect.name == "postgresql":
        await _continue_sequences(session)
    mark_written(session)


async def _update_rows(session: AsyncSession, table: Table, rows: list[dict[str, Any]]) -> None:
    for row in rows:
        key = [column == row[column.name] for column in table.primary_key.columns]
        await session.execute(update(table).where(*key).values(row))


async def _continue_sequences(session: AsyncSession) -> None:
    """Move each id sequence past the restored ids, so the next row created does not collide."""
    for table in _tables():
        if (column := table.autoincrement_column) is not None:
            sequence = func.pg_get_serial_sequence(table.name, column.name)
            await session.execute(select(func.setval(sequence, func.max(column))))  # NULL, a no-op, on an empty table
