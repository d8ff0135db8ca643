"""The `creative-hub` command: migrate, seed, import, back up and serve."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from hub.config import Settings

if TYPE_CHECKING:
    from hub.cities import ImportReport


def _db_upgrade(settings: Settings, _args: argparse.Namespace) -> int:
    from hub.migrate import upgrade

    before, after = upgrade(settings.database_url)
    if before == after:
        print(f"database already at revision {after}")
    else:
        print(f"database upgraded from revision {before or '<none>'} to {after}")
    return 0


async def _seed(settings: Settings) -> int:
    from hub.cities import import_cities, read_city_file
    from hub.db import Database
    from hub.seed import load_network
    from seeds import HANOI_NETWORK, UCCN_CITIES_SAMPLE

    database = Database(settings)
    try:
        async with database.write() as session:
            network = await load_network(session, HANOI_NETWORK)
            rows, rejected = read_city_file(UCCN_CITIES_SAMPLE)
            cities = await import_cities(session, rows)
        print(
            f"network: {network.nodes_created} nodes created, {network.nodes_updated} updated; "
            f"{network.links_created} links created, {network.links_updated} updated; {network.unchanged} unchanged"
        )
        print(f"cities: {cities.created} created, {cities.updated} updated, {cities.unchanged} unchanged")
        _print_regions(cities)
        return 1 if rejected or cities.rejected else 0
    finally:
        await database.dispose()


async def _seed_synthetic(settings: Settings, size: int) -> int:
    from hub.db import Database
    from hub.errors import HubError
    from hub.synthetic_load import load_synthetic
    from seeds.synthetic import MIN_SIZE

    if size < MIN_SIZE:
        print(f"error: --synthetic needs at least {MIN_SIZE} nodes (one of each kind); got {size}", file=sys.stderr)
        return 2
    database = Database(settings)
    try:
        async with database.write() as session:
            loaded = await load_synthetic(session=session, size=size)
    except HubError as problem:
        print(f"error: {problem.message}", file=sys.stderr)
        return 2
    finally:
        await database.dispose()
    print(f"synthetic network: {loaded.nodes} nodes, {loaded.links} links")
    return 0


async def _import_cities(settings: Settings, args: argparse.Namespace) -> int:
    from hub.cities import CityFileError, import_cities, read_city_file
    from hub.db import Database
    from hub.progress import ProgressBar

    try:
        rows, rejected = read_city_file(Path(args.file))
    except (CityFileError, OSError) as problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    database = Database(settings)
    try:
        async with database.write() as session:
            report = await import_cities(session, rows, progress=ProgressBar(len(rows), "importing cities"))
            rejected = sorted(rejected + report.rejected)
            if rejected and args.strict:
                raise _NothingImported
    except _NothingImported:
        _print_rejected(rejected)
        print("nothing imported (--strict): fix the lines above and run again", file=sys.stderr)
        return 1
    finally:
        await database.dispose()
    _print_rejected(rejected)
    print(f"created {report.created}, updated {report.updated}, unchanged {report.unchanged}, rejected {len(rejected)}")
    _print_regions(report)
    return 1 if rejected else 0


class _NothingImported(Exception):
    """Raised inside the write transaction so that --strict rolls all of it back."""


def _print_rejected(rejected: list[tuple[int, str]]) -> None:
    for line, reason in rejected:
        print(f"line {line}: rejected: {reason}", file=sys.stderr)


def _print_regions(report: ImportReport) -> None:
    print(f"regions: {report.regions_filled} cities given their country's region")
    if report.unknown_countries:
        print(
            f"regions: no region known for {', '.join(report.unknown_countries)} (add them to seeds/country_regions.csv)", file=sys.stderr
        )


async def _export(settings: Settings, args: argparse.Namespace) -> int:
    from functools import partial

    from hub.backup import BackupError, export_backup, write_backup
    from hub.db import Database
    from hub.progress import ProgressBar

    database = Database(settings)
    try:
        async with database.read() as session:
            document = await export_backup(session=session, progress=partial(ProgressBar, label="exporting"))
        write_backup(document, args.file)
    except BackupError as problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    finally:
        await database.dispose()
    summary = sys.stderr if args.file == "-" else sys.stdout
    _print_counts({name: len(rows) for name, rows in document["tables"].items()}, summary)
    print(f"exported to {'stdout' if args.file == '-' else args.file}", file=summary)
    return 0


async def _import_all(settings: Settings, args: argparse.Namespace) -> int:
    from hub.backup import BackupError, check_empty, check_schema, read_backup, restore
    from hub.db import Database
    from hub.progress import ProgressBar

    database = Database(settings)
    try:
        backup = read_backup(Path(args.file))
        async with database.read() as session:  # before a write transaction, which needs the schema
            await check_schema(session=session)
        async with database.write() as session:
            await check_empty(session=session)
            total = sum(backup.counts.values())
            print(f"importing {total} rows in one transaction", flush=True)
            await restore(session=session, backup=backup, progress=ProgressBar(total, "importing"))
    except BackupError as problem:
        print(f"error: {problem}", file=sys.stderr)
        print("nothing imported", file=sys.stderr)
        return 2
    finally:
        await database.dispose()
    _print_counts(backup.counts, sys.stdout)
    print(f"imported {args.file}")
    return 0


def _print_counts(counts: dict[str, int], stream: TextIO) -> None:
    for name, count in counts.items():
        print(f"{name}: {count} rows", file=stream)


async def _report_mmr(settings: Settings, args: argparse.Namespace) -> int:
    from hub.db import Database
    from hub.errors import HubError
    from hub.mmr_document import render
    from hub.monitoring import build_report

    database = Database(settings)
    try:
        async with database.read() as session:
            draft = await build_report(
                session, city_identity=settings.home_city, date_from=args.date_from, date_to=args.date_to, lang=args.lang
            )
    except HubError as problem:
        print(f"error: {problem.message}", file=sys.stderr)
        return 2
    finally:
        await database.dispose()
    if args.output:
        Path(args.output).write_bytes(render(draft, args.format))
    elif args.format == "md":
        sys.stdout.write(draft.markdown())
    else:
        print("error: a Word document needs --output FILE", file=sys.stderr)
        return 2
    return 0


async def _export_network(settings: Settings, args: argparse.Namespace) -> int:
    from hub.db import Database
    from hub.network import NetworkCache

    database = Database(settings)
    try:
        async with database.read() as session:
            snapshot = await NetworkCache().current(session)
    finally:
        await database.dispose()
    Path(args.file).write_bytes(snapshot.export(args.format))
    print(f"{snapshot.graph.number_of_nodes()} nodes, {snapshot.graph.number_of_edges()} links written to {args.file}")
    return 0


async def _token_create(settings: Settings, args: argparse.Namespace) -> int:
    from hub.db import Database
    from hub.errors import HubError
    from hub.ids import TOKEN_TYPE_NAME, node_row_id, to_global_id
    from hub.models import NodeKind, Role
    from hub.tokens import create_token

    database = Database(settings)
    try:
        city = node_row_id(args.city, field="city", kind=NodeKind.CITY) if args.city else None
        agency = node_row_id(args.agency, field="agency", kind=NodeKind.AGENCY) if args.agency else None
        async with database.write() as session:
            issued = await create_token(session, role=Role(args.role.upper()), name=args.name, city_id=city, agency_id=agency)
    except HubError as problem:
        print(f"error: {problem.message}", file=sys.stderr)
        return 2
    finally:
        await database.dispose()
    print(f"token {to_global_id(TOKEN_TYPE_NAME, issued.row.id)} for {issued.row.name} ({args.role}); it is shown once, keep it secret:")
    print(issued.token)
    return 0


async def _token_list(settings: Settings, _args: argparse.Namespace) -> int:
    from hub.db import Database
    from hub.ids import TOKEN_TYPE_NAME, to_global_id
    from hub.tokens import list_tokens

    database = Database(settings)
    try:
        async with database.read() as session:
            rows = await list_tokens(session)
    finally:
        await database.dispose()
    print("id\tprefix\trole\tname\tscope\tcreated\tlast used\trevoked")
    for row in rows:
        scope = f"city {row.city_id}" if row.city_id else f"agency {row.agency_id}" if row.agency_id else "-"
        moments = [f"{moment:%Y-%m-%d %H:%M}" if moment else "-" for moment in (row.created_at, row.last_used_at, row.revoked_at)]
        print("\t".join([to_global_id(TOKEN_TYPE_NAME, row.id), row.prefix, row.role.lower(), row.name, scope, *moments]))
    return 0


async def _token_revoke(settings: Settings, args: argparse.Namespace) -> int:
    from hub.db import Database
    from hub.errors import HubError
    from hub.ids import TOKEN_TYPE_NAME, from_global_id
    from hub.tokens import revoke_token

    database = Database(settings)
    try:
        type_name, row_id = from_global_id(args.id)
        if type_name != TOKEN_TYPE_NAME:
            print(f"error: {args.id} is not a token ID (see `token list`)", file=sys.stderr)
            return 2
        async with database.write() as session:
            row = await revoke_token(session, row_id)
    except HubError as problem:
        print(f"error: {problem.message}", file=sys.stderr)
        return 2
    finally:
        await database.dispose()
    print(f"revoked {args.id} ({row.name}) at {row.revoked_at:%Y-%m-%d %H:%M:%S} UTC")
    return 0


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn
    from sqlalchemy.engine import make_url

    if args.workers < 1:
        print("error: --workers must be 1 or more", file=sys.stderr)
        return 2
    if args.workers > 1 and make_url(settings.database_url).get_backend_name() == "sqlite":
        print(
            "error: --workers above 1 needs PostgreSQL: SQLite serves one process, whose subscribers hear only its own "
            "writes. Set HUB_DATABASE_URL=postgresql://... or serve with --workers 1.",
            file=sys.stderr,
        )
        return 2
    uvicorn.run(
        "web.app:create_app",
        factory=True,
        host=args.host or settings.host,
        port=args.port or settings.port,
        workers=args.workers,
        log_level="info",
        loop="web.event_loop:DeepStackLoop",
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="creative-hub", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    db = commands.add_parser("db", help="database schema").add_subparsers(dest="db_command", required=True)
    db.add_parser("upgrade", help="apply migrations up to the newest").set_defaults(run=_db_upgrade)

    seed = commands.add_parser("seed", help="load Hanoi's network and the UNESCO city sample (idempotent)")
    seed.add_argument(
        "--synthetic",
        type=int,
        metavar="N",
        help="instead load a deterministic synthetic network of N nodes into an empty database (benchmarks, load tests)",
    )
    seed.set_defaults(
        run=lambda settings, args: asyncio.run(_seed(settings) if args.synthetic is None else _seed_synthetic(settings, args.synthetic))
    )

    imports = commands.add_parser("import", help="import data").add_subparsers(dest="import_command", required=True)
    cities = imports.add_parser("cities", help="import a city,country,field,year,source CSV")
    cities.add_argument("file")
    cities.add_argument("--strict", action="store_true", help="import nothing if any line is rejected")
    cities.set_defaults(run=lambda settings, args: asyncio.run(_import_cities(settings, args)))

    everything = imports.add_parser("all", help="load a backup made by `export` into an empty, migrated database")
    everything.add_argument("file")
    everything.set_defaults(run=lambda settings, args: asyncio.run(_import_all(settings, args)))

    export = commands.add_parser("export", help="write every table to a JSON backup file (- for stdout)")
    export.add_argument("file")
    export.set_defaults(run=lambda settings, args: asyncio.run(_export(settings, args)))

    network = commands.add_parser("export-network", help="write the network graph as GraphML, GEXF or node-link JSON")
    network.add_argument("format", choices=["graphml", "gexf", "json"])
    network.add_argument("file")
    network.set_defaults(run=lambda settings, args: asyncio.run(_export_network(settings, args)))

    report = commands.add_parser("report", help="draft reports").add_subparsers(dest="report_command", required=True)
    mmr = report.add_parser("mmr", help="draft UNESCO's Membership Monitoring Report as Markdown or a Word document")
    mmr.add_argument("--from", dest="date_from", type=date.fromisoformat, help="first day, YYYY-MM-DD (default: the next report's term)")
    mmr.add_argument("--to", dest="date_to", type=date.fromisoformat, help="last day, YYYY-MM-DD (default: the next report's term)")
    mmr.add_argument("--lang", choices=["vi", "en"], default="vi")
    mmr.add_argument("--format", choices=["md", "docx"], default="md")
    mmr.add_argument("--output", metavar="FILE", help="write the draft to FILE (Markdown goes to stdout without it)")
    mmr.set_defaults(run=lambda settings, args: asyncio.run(_report_mmr(settings, args)))

    tokens = commands.add_parser("token", help="API tokens").add_subparsers(dest="token_command", required=True)
    create = tokens.add_parser("create", help="issue a token; it is printed once, alone on the last line")
    create.add_argument("--role", required=True, choices=["partner", "reporter", "staff", "admin"])
    create.add_argument("--name", required=True, help="who holds it")
    create.add_argument("--city", help="a partner's city (global ID)")
    create.add_argument("--agency", help="a reporter's agency (global ID)")
    create.set_defaults(run=lambda settings, args: asyncio.run(_token_create(settings, args)))
    tokens.add_parser("list", help="every token, without secrets").set_defaults(
        run=lambda settings, args: asyncio.run(_token_list(settings, args))
    )
    revoke = tokens.add_parser("revoke", help="revoke a token at once, in every process")
    revoke.add_argument("id", help="the token's ID from `token list`")
    revoke.set_defaults(run=lambda settings, args: asyncio.run(_token_revoke(settings, args)))

    serve = commands.add_parser("serve", help="serve the GraphQL API")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.add_argument("--workers", type=int, default=1, help="server processes on one port (PostgreSQL only above 1)")
    serve.set_defaults(run=_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = Settings.from_env()
    except ValueError as problem:  # a setting that cannot be used: say which, not where in the code
        print(f"error: {problem}", file=sys.stderr)
        return 2
    return args.run(settings, args)
