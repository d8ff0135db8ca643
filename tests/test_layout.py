"""Imports point one way (DESIGN.md §3): schema → hub, schema → graph, graph → neither."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# web.app is the composition root: it mounts the GraphQL endpoint, importing it at start-up.
COMPOSITION_ROOT = ROOT / "web" / "app.py"
FORBIDDEN = {"hub": {"strawberry", "schema"}, "graph": {"hub", "schema", "strawberry", "sqlalchemy"}}


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_does_not_import_what_sits_above_it(package):
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_packages(path) & FORBIDDEN[package])
        for path in (ROOT / package).rglob("*.py")
        if path != COMPOSITION_ROOT
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_hub_reaches_graph_only_through_its_snapshot():
    reaching = {
        str(path.relative_to(ROOT))
        for path in (ROOT / "hub").rglob("*.py")
        if any(module.startswith("graph.") and module != "graph.snapshot" for module in imported_modules(path))
    }
    assert reaching == set()


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}


def test_the_checker_sees_imports():
    assert {"schema", "strawberry"} <= imported_packages(ROOT / "web" / "graphql_http.py")
