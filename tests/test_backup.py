"""`creative-hub export` and `import all`: a backup that loses nothing, and an import that is all or nothing."""

from __future__ import annotations

import json
import re
import signal
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from hub.backup import code_revision
from tests.support import GraphQLClient, HubServer, drop_database, fresh_database, hub_command, issue_token, run_at_terminal

AGENCY_CREATE = """
mutation { agencyCreate(input: {nameVi: "Trung tâm Lưu trữ", agencyKind: OTHER}) { agency { id } userErrors { code } } }
"""
SPACES = """{ spaces(first: 1) { edges { node { id } } } }"""
LINK_CREATE = """
mutation ($from: ID!, $to: ID!) {
  linkCreate(input: {from: $from, to: $to, kind: OPERATES}) { link { id } userErrors { code } }
}
"""
AGENCY_COUNT = """{ agencies(first: 1) { totalCount } }"""
OTHER_BACKEND = {"sqlite": "postgres", "postgres": "sqlite"}
SYNTHETIC_LINKS = 100_000


@dataclass(frozen=True)
class Source:
    """The source hub's database and the backup exported from it."""

    url: str
    backup: Path

    @property
    def text(self) -> str:
        return self.backup.read_text(encoding="utf-8")

    @property
    def document(self) -> dict:
        return json.loads(self.text)


@pytest.fixture(scope="module")
def source(backend, tmp_path_factory) -> Source:
    """A seeded hub with writes made through the API (so it has an audit trail), exported once."""
    folder = tmp_path_factory.mktemp(f"{backend}-backup")
    url = fresh_database(backend, folder)
    hub_command(url, "db", "upgrade")
    hub_command(url, "seed")
    server = HubServer(url, backend).start()
    api = GraphQLClient(server.url, issue_token(url, "staff", "Archivist"))
    try:
        create_agency_and_link(api)
    finally:
        api.close()
        server.stop()
    hub_command(url, "export", str(folder / "backup.json"))
    yield Source(url, folder / "backup.json")
    drop_database(url)


@pytest.fixture
def new_database(tmp_path) -> Callable[[str], str]:
    """Make migrated, empty databases on any backend, dropped after the test."""
    made = []

    def make(backend: str) -> str:
        url = fresh_database(backend, tmp_path)
        made.append(url)
        hub_command(url, "db", "upgrade")
        return url

    yield make
    for url in made:
        drop_database(url)


def create_agency_and_link(api: GraphQLClient) -> None:
    agency = api.data(AGENCY_CREATE)["agencyCreate"]
    space = api.data(SPACES)["spaces"]["edges"][0]["node"]["id"]
    link = api.data(LINK_CREATE, {"from": agency["agency"]["id"], "to": space})["linkCreate"]
    assert agency["userErrors"] == link["userErrors"] == []


def without_export_time(backup: str) -> list[str]:
    return [line for line in backup.splitlines() if not line.startswith(' "exportedAt": ')]


def row_counts(summary: str) -> dict[str, int]:
    """The "table: N rows" lines that export and import print."""
    return {name: int(count) for name, count in re.findall(r"^(\w+): (\d+) rows$", summary, re.MULTILINE)}


def exported(url: str) -> dict:
    return json.loads(hub_command(url, "export", "-").stdout)


def test_the_backup_holds_every_table_with_the_audit_trail(source):
    document = source.document
    assert [document[key] for key in ("format", "formatVersion", "schemaRevision")] == ["creative-city-hub-backup", 1, code_revision()]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z", document["exportedAt"])
    tables = document["tables"]
    assert {"nodes", "links", "audit_log", "data_version", "progress_reports"} <= tables.keys()
    ours = tables["audit_log"][-2:]
    assert [(entry["action"], entry["target_type"]) for entry in ours] == [("CREATE", "AGENCY"), ("CREATE", "LINK")]
    assert tables["nodes"][0]["created_at"].endswith("Z") and isinstance(tables["nodes"][0]["aliases"], list)
    assert [row["id"] for row in tables["nodes"]] == sorted(row["id"] for row in tables["nodes"])


@pytest.mark.parametrize("target", ["same backend", "other backend"])
def test_export_import_export_gives_the_same_file(source, new_database, backend, target, tmp_path):
    # given the source exported, and an empty database
    url = new_database(backend if target == "same backend" else OTHER_BACKEND[backend])
    # when the backup is imported there and exported again
    imported = hub_command(url, "import", "all", str(source.backup))
    again = hub_command(url, "export", str(tmp_path / "again.json"))
    # then the two files are the same but for the export time, and so are the counts per table
    written = (tmp_path / "again.json").read_text(encoding="utf-8")
    assert without_export_time(written) == without_export_time(source.text)
    counts = {name: len(rows) for name, rows in source.document["tables"].items()}
    assert row_counts(imported.stdout) == row_counts(again.stdout) == counts
    assert f"importing {sum(counts.values())} rows in one transaction" in imported.stdout
    assert not (tmp_path / "again.json.tmp").exists()


def test_an_imported_hub_goes_on_creating_nodes_and_links(source, new_database, backend):
    # given the backup imported into an empty database
    url = new_database(backend)
    hub_command(url, "import", "all", str(source.backup))
    largest = {name: max((row["id"] for row in rows), default=0) for name, rows in source.document["tables"].items()}
    server = HubServer(url, backend).start()
    api = GraphQLClient(server.url, issue_token(url, "staff", "Archivist after the move"))
    try:
        before = api.data(AGENCY_COUNT)["agencies"]["totalCount"]
        # when
        create_agency_and_link(api)
        after = api.data(AGENCY_COUNT)["agencies"]["totalCount"]
    finally:
        api.close()
        server.stop()
    # then the new rows got ids after the restored ones
    assert after == before + 1
    audit = exported(url)["tables"]["audit_log"]
    assert [entry["id"] for entry in audit[-2:]] == [largest["audit_log"] + 1, largest["audit_log"] + 2]
    assert [(entry["target_type"], entry["target_id"]) for entry in audit[-2:]] == [
        ("AGENCY", largest["nodes"] + 1),
        ("LINK", largest["links"] + 1),
    ]


def test_an_import_into_a_database_with_data_is_refused_and_changes_nothing(source):
    # when the source's own backup is imported into it again
    result = hub_command(source.url, "import", "all", str(source.backup), check=False)
    # then
    assert result.returncode == 2
    assert "the database is not empty" in result.stderr and "nothing imported" in result.stderr
    assert without_export_time(hub_command(source.url, "export", "-").stdout) == without_export_time(source.text)


def test_an_import_into_a_database_never_migrated_is_refused(source, backend, tmp_path):
    url = fresh_database(backend, tmp_path)
    try:
        result = hub_command(url, "import", "all", str(source.backup), check=False)
    finally:
        drop_database(url)
    assert result.returncode == 2 and "run `creative-hub db upgrade` first" in result.stderr


def spoil(document: dict, table: str, change: Callable[[dict], None]) -> str:
    """The document with one change made to the last row of `table`, as JSON."""
    change(document["tables"][table][-1])
    return json.dumps(document)


BAD_FILES = {
    "no file": (lambda _document: None, r"cannot read \S+bad.json: No such file or directory"),
    "not JSON": (
        lambda _document: "city,country\nHanoi,Vietnam\n",
        r"bad.json is not a backup: it is not JSON \(Expecting value: line 1 column 1",
    ),
    "other JSON": (lambda document: json.dumps(document["tables"]), 'has no "format": "creative-city-hub-backup"'),
    "a newer format": (lambda document: json.dumps({**document, "formatVersion": 2}), "is backup format version 2"),
    "another schema": (lambda document: json.dumps({**document, "schemaRevision": "0001"}), "exported at schema revision 0001"),
    "a missing column": (
        lambda document: spoil(document, "nodes", lambda row: row.pop("sort_name")),
        r"table nodes, row \d+: not the table's columns \(missing sort_name\)",
    ),
    "a bad date": (
        lambda document: spoil(document, "links", lambda row: row.update(since="soon")),
        r"table links, row \d+, column since: Invalid isoformat string: 'soon'",
    ),
}


@pytest.fixture(scope="module")
def untouched_database(backend, tmp_path_factory) -> str:
    """An empty, migrated database that the refused imports below must leave empty."""
    url = fresh_database(backend, tmp_path_factory.mktemp(f"{backend}-untouched"))
    hub_command(url, "db", "upgrade")
    yield url
    drop_database(url)


def assert_empty(url: str) -> None:
    tables = exported(url)["tables"]
    assert tables.pop("data_version") == [{"id": 1, "version": 0}]
    assert all(rows == [] for rows in tables.values())


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
def test_a_file_that_is_not_a_backup_for_this_hub_is_refused_saying_why(source, untouched_database, tmp_path, case):
    # given a file made from a real backup, spoilt
    content = BAD_FILES[case][0](source.document)
    if content is not None:
        (tmp_path / "bad.json").write_text(content, encoding="utf-8")
    # when
    result = hub_command(untouched_database, "import", "all", str(tmp_path / "bad.json"), check=False)
    # then
    assert result.returncode == 2
    assert re.search(BAD_FILES[case][1], result.stderr) and "nothing imported" in result.stderr


def test_a_row_the_database_refuses_undoes_the_rows_inserted_before_it(source, untouched_database, tmp_path):
    # given a backup whose last link points to a node that is not in it
    nowhere = spoil(source.document, "links", lambda row: row.update(to_id=999_999))
    (tmp_path / "bad.json").write_text(nowhere, encoding="utf-8")
    # when
    result = hub_command(untouched_database, "import", "all", str(tmp_path / "bad.json"), check=False)
    # then the nodes and the other links, inserted before that link, are gone too
    assert result.returncode == 2
    assert "the database refused a row of table links" in result.stderr and "nothing imported" in result.stderr
    assert_empty(untouched_database)


def test_an_export_that_cannot_be_written_leaves_no_file(source, tmp_path):
    result = hub_command(source.url, "export", str(tmp_path / "missing" / "backup.json"), check=False)
    assert result.returncode == 2 and "cannot write" in result.stderr and "No such file" in result.stderr
    assert not (tmp_path / "missing").exists()


def test_a_terminal_sees_progress_bars_and_export_dash_writes_to_stdout(source, empty_database, tmp_path):
    total = sum(len(rows) for rows in source.document["tables"].values())
    # when an operator exports to stdout and imports, watching a terminal
    with (tmp_path / "stdout.json").open("wb") as stdout:
        export, export_drawn = run_at_terminal(source.url, "export", "-", stdout=stdout)
    with (tmp_path / "import.txt").open("wb") as stdout:
        load, import_drawn = run_at_terminal(empty_database, "import", "all", str(tmp_path / "stdout.json"), stdout=stdout)
    # then
    assert export.wait(timeout=60) == load.wait(timeout=60) == 0
    written = (tmp_path / "stdout.json").read_text(encoding="utf-8")
    assert without_export_time(written) == without_export_time(source.text)
    assert "exporting [" in export_drawn and f"] {total}/{total}" in export_drawn
    assert "exported to stdout" in export_drawn
    assert "importing [" in import_drawn and f"] {total}/{total}" in import_drawn


def rows_done(drawn: str) -> int:
    """The rows the progress bar last said were inserted."""
    counts = re.findall(r"\] (\d+)/\d+", drawn)
    return int(counts[-1]) if counts else 0


def test_an_import_killed_half_way_leaves_nothing_and_a_second_one_loads_everything(source, empty_database, tmp_path):
    """The whole import or none of it, even when its process dies without a chance to clean up.

    The import runs in the `creative-hub import all` process, not in the server, so that is the
    process killed here, with SIGKILL. The database must then hold none of the backup: neither the
    tables inserted before the kill nor the part of the table being inserted at the time.
    """
    # given a large backup: the real one with many more links, which come after all the nodes
    document = source.document
    links = document["tables"]["links"]
    last_id = links[-1]["id"]
    links += [{**links[i % len(links)], "id": last_id + i + 1} for i in range(SYNTHETIC_LINKS)]
    (tmp_path / "big.json").write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    names = list(document["tables"])
    before_links = sum(len(document["tables"][name]) for name in names[: names.index("links")])
    # when the import has inserted every node and half the links, it is killed
    process, drawn = run_at_terminal(
        empty_database,
        "import",
        "all",
        str(tmp_path / "big.json"),
        stdout=subprocess.DEVNULL,
        until=lambda drawn: rows_done(drawn) >= before_links + SYNTHETIC_LINKS // 2,
    )
    process.kill()
    # then it was killed mid-import, and nothing of it is in the database
    assert process.wait(timeout=30) == -signal.SIGKILL, drawn
    assert_empty(empty_database)
    # and when it runs again, undisturbed, all of it is there
    hub_command(empty_database, "import", "all", str(tmp_path / "big.json"))
    assert exported(empty_database)["tables"] == document["tables"]
