"""Imports point one way (DESIGN.md §3): web → schema → hub → graph, and no module imports itself round a cycle.

Every import counts, a lazy one inside a function as much as one at the top of a module.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("web", "schema", "hub", "graph", "seeds")
FORBIDDEN = {
    "hub": {"web", "schema", "strawberry", "starlette"},
    "schema": {"web", "starlette", "uvicorn"},
    "graph": {"web", "schema", "hub", "strawberry", "sqlalchemy", "starlette"},
}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path) -> set[str]:
    """Every module `path` imports, by absolute name (relative imports resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
    return found


def project_modules() -> dict[str, Path]:
    return {module_name(path): path for package in PACKAGES for path in (ROOT / package).rglob("*.py") if "migrations" not in path.parts}


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_does_not_import_what_sits_above_it(package):
    offenders = {
        str(path.relative_to(ROOT)): sorted({name.split(".")[0] for name in imported_modules(path)} & FORBIDDEN[package])
        for path in (ROOT / package).rglob("*.py")
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_no_import_cycles_between_the_projects_modules():
    modules = project_modules()
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for name, path in modules.items():
        graph.add_edges_from((name, target) for target in imported_modules(path) if target in modules and target != name)
    cycles = [cycle for cycle in nx.simple_cycles(graph) if not _package_and_its_module(cycle)]
    assert cycles == []


def _package_and_its_module(cycle: list[str]) -> bool:
    """A package's __init__ importing its own module, which names the package: how Python spells submodules."""
    return len(cycle) == 2 and any(a.startswith(b + ".") for a, b in (cycle, cycle[::-1]))


def test_hub_reaches_graph_only_through_its_snapshot():
    reaching = {
        str(path.relative_to(ROOT))
        for path in (ROOT / "hub").rglob("*.py")
        if any(module.startswith("graph.") and module.split(".")[1] != "snapshot" for module in imported_modules(path))
    }
    assert reaching == set()


def test_the_checker_sees_imports():
    assert {"web.documents", "hub.errors", "schema.context"} <= imported_modules(ROOT / "web" / "door.py")


def test_no_module_is_over_400_lines():
    long = {name: lines for name, path in project_modules().items() if (lines := len(path.read_text(encoding="utf-8").splitlines())) > 400}
    assert long == {}
