"""The shape of src/helpers: no import cycle anywhere, and no module longer than 600 lines.

The layers contract itself (no upward import) is ``lint-imports`` (pyproject.toml), run by
``make test``; these tests add what a layers contract cannot see: cycles inside a layer.
"""

from __future__ import annotations

import grimp
import pytest
from support import ROOT

MAX_LINES = 600
PACKAGE = ROOT / "src" / "helpers"


def _cycles(graph: grimp.ImportGraph) -> list[tuple[str, str]]:
    """Pairs (a, b) where a imports b directly and b leads back to a."""
    return sorted(
        (module, imported)
        for module in graph.modules
        for imported in graph.find_modules_directly_imported_by(module)
        if graph.chain_exists(importer=imported, imported=module)
    )


def test_no_import_cycle_in_helpers() -> None:
    graph = grimp.build_graph("helpers")
    assert len(graph.modules) > 50
    cycles = _cycles(graph)
    assert cycles == [], "\n".join(
        f"{a} -> {b} -> ... -> {a}: {graph.find_shortest_chain(importer=b, imported=a)}"
        for a, b in cycles
    )


def test_the_cycle_check_finds_a_cycle() -> None:
    graph = grimp.ImportGraph()
    for name in ("pkg", "pkg.a", "pkg.b", "pkg.c"):
        graph.add_module(name)
    graph.add_import(importer="pkg.a", imported="pkg.b")
    graph.add_import(importer="pkg.b", imported="pkg.c")
    graph.add_import(importer="pkg.c", imported="pkg.a")
    assert ("pkg.a", "pkg.b") in _cycles(graph)


@pytest.mark.parametrize(
    "module", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE))
)
def test_no_module_is_longer_than_600_lines(module) -> None:
    lines = len(module.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{module.relative_to(ROOT)} has {lines} lines: split it by job"
