"""Bad inputs for the command-line tests: a small scratch project, edits that break it, a runner.

Shared by ``tests/commands/test_bad_inputs.py`` (refused with file, line and field) and
``tests/publish/test_safety_runs.py`` (an earlier report left byte-identical).
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Callable
from pathlib import Path

from helpers.commands.cli import main
from support.scratch import make_project

FIGURES = "data/sample/kent/figures.csv"
TARGETS = "data/sample/targets.csv"
BENCHMARKS = "data/sample/benchmarks.csv"
VERSIONS = "data/registry/versions.csv"
ROWS = "data/registry/rows.csv"
AREAS = "data/registry/areas.csv"
INDICATORS = "data/registry/indicators.csv"
PARAMS = "params/2025-11.yml"
ICS = "params/2025-11/commentary-ics.md"
SEND = "params/2025-11/commentary-send.md"
MINI_PARTS = ("_quarto.yml", "data/registry", "data/sample", "params", "notebooks")
TARGET_TAIL = ",,,,,,,no,,,"  # comparator .. note after target and floor


def make_mini_project(target: Path) -> Path:
    """The registry, Kent's data set and the month parameters; areas.csv lists Kent only."""
    make_project(target, MINI_PARTS)
    areas = target / AREAS
    lines = areas.read_text(encoding="utf-8").splitlines()
    areas.write_text("\n".join(lines[:2]) + "\n", encoding="utf-8")
    return target


def run_cli(project: Path, *argv: str) -> tuple[int, str]:
    """Run ``scorecard ARGV`` on ``project``; return the exit status and everything printed."""
    out, err = io.StringIO(), io.StringIO()
    old = os.environ.get("SCORECARD_ROOT")
    os.environ["SCORECARD_ROOT"] = str(project)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(list(argv))
    finally:
        if old is None:
            del os.environ["SCORECARD_ROOT"]
        else:
            os.environ["SCORECARD_ROOT"] = old
    return code, out.getvalue() + err.getvalue()


# --------------------------------------------------------------------------- edits


def append(relative: str, row: str) -> Callable[[Path], int]:
    """Add a row at the end of a file; the edit returns its line number."""

    def edit(project: Path) -> int:
        path = project / relative
        text = path.read_text(encoding="utf-8")
        text = text if text.endswith("\n") else text + "\n"
        path.write_text(text + row + "\n", encoding="utf-8")
        return text.count("\n") + 1

    return edit


def replace(relative: str, old: str, new: str, line: int | None = None) -> Callable[[Path], int]:
    """Replace the first ``old`` in a file; the edit returns its line (or ``line``)."""

    def edit(project: Path) -> int:
        path = project / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} is not in {relative}"
        found = text[: text.index(old)].count("\n") + 1
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return line or found

    return edit


def write_bytes(relative: str, make: Callable[[bytes], bytes], line: int) -> Callable[[Path], int]:
    def edit(project: Path) -> int:
        path = project / relative
        path.write_bytes(make(path.read_bytes()))
        return line

    return edit


def second_line_with(relative: str, suffix: bytes) -> Callable[[Path], int]:
    """Append raw bytes to line 3 of a file (its second data row)."""

    def make(data: bytes) -> bytes:
        lines = data.split(b"\n")
        lines[2] += suffix
        return b"\n".join(lines)

    return write_bytes(relative, make, 3)


def figure(value: str, numerator: str = "", denominator: str = "", ident: str = "") -> str:
    ident = ident or "ehcp-issued-within-20-weeks"
    return f"{ident},kent,2025-04,{value},{numerator},{denominator},,,,"


def area_folder(name: str, area: str) -> Callable[[Path], int]:
    def edit(project: Path) -> int:
        folder = project / "data" / "sample" / name
        folder.mkdir()
        lines = (project / FIGURES).read_text(encoding="utf-8").splitlines()
        rows = [lines[0]] + [line.replace(",kent,", f",{area},", 1) for line in lines[1:3]]
        (folder / "figures.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
        return 2

    return edit


def link(relative: str, to: Callable[[Path], Path]) -> Callable[[Path], int]:
    def edit(project: Path) -> int:
        (project / relative).symlink_to(to(project))
        return 0

    return edit


def both(*edits: Callable[[Path], int]) -> Callable[[Path], int]:
    def edit(project: Path) -> int:
        return [e(project) for e in edits][-1]

    return edit


def outside(project: Path) -> Path:
    folder = project.parent / "elsewhere"
    folder.mkdir(exist_ok=True)
    (folder / "figures.csv").write_text(
        (project / FIGURES).read_text(encoding="utf-8"), encoding="utf-8"
    )
    (folder / "secret.md").write_text("### cic-kcc-foster-care\n\nsecret\n", encoding="utf-8")
    return folder
