"""Import a return into an area's figures file: all or nothing, checked, logged.

The text files stay the source of truth: an import rewrites
``data/<dataset>/<area>/figures.csv`` and appends to the audit log. Every row is
resolved (indicator, period, numbers), checked as a new figure
(:mod:`helpers.data.figure_checks`), compared with what the file already holds (a
figure that exists is a revision and needs ``revise``), and the rewritten file is read
back through the data layer's own checks before it replaces the old one. Any error
anywhere changes nothing.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from helpers.core.numbers import parse_number, round_half_up
from helpers.core.periods import Period, parse_period
from helpers.core.vocabulary import MARKER_STATUSES
from helpers.data.audit import LogEntry, append_log
from helpers.data.checks import check_figures, check_measures, check_references
from helpers.data.datafiles import (
    DATASET_FILES,
    REGISTRY_FILES,
    SCHEMAS,
    DataFiles,
    Report,
    read_file,
)
from helpers.data.figure_checks import check_new_figure
from helpers.data.problems import DataError
from helpers.data.resolve import (
    Lookup,
    ResolveError,
    months_printed,
    parse_period_for,
    period_key,
    typed_number,
    typed_status,
)
from helpers.data.returns import Return, ReturnProblem, ReturnRow, Where
from helpers.rules.measures import compute_measure

FIGURE_COLUMNS = tuple(c.name for c in SCHEMAS["figures"])
IMPORT_CHECKS = Path("registry") / "import_checks.csv"
"""Per-indicator thresholds for jumps with a short history (``id, max_change, reason``)."""


class ImportRefusedError(DataError):
    """A return with errors (or unacknowledged warnings): nothing was changed."""

    def __init__(self, problems: list[ReturnProblem]) -> None:
        errors = [p for p in problems if p.level == "error"]
        self.problems = sorted(  # type: ignore[misc]
            errors, key=lambda p: (p.where.file, p.where.sheet or "", p.where.row or 0)
        )
        Exception.__init__(self, "\n".join(str(p) for p in self.problems))

    def verdict(self) -> str:
        """What the command did about it: refused, and nothing changed."""
        return f"refused, {len(self.problems)} error(s); nothing was changed"


@dataclass
class Figure:
    """One resolved figure of a return, as it will be written."""

    where: Where
    id: str
    area: str
    period: Period
    cells: dict[str, str]
    values: dict[str, float | None]
    computed_value: bool = False

    @property
    def key(self) -> tuple[str, str, str]:
        """(id, area, period key)."""
        return (self.id, self.area, self.period.key)


@dataclass
class Change:
    """What an import does to one figure."""

    kind: str  # "new", "revised" or "unchanged"
    figure: Figure
    old: dict[str, str] | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class ImportResult:
    """The outcome of an import (or of a dry run)."""

    changes: list[Change]
    written: list[Path]
    log: list[LogEntry]

    def count(self, kind: str) -> int:
        """How many figures are ``new``, ``revised`` or ``unchanged``."""
        return sum(1 for c in self.changes if c.kind == kind)


@dataclass
class Options:
    """How to import: default area, revisions allowed, acknowledgement, who, dry run."""

    area: str = "kent"
    revise: bool = False
    accept: str = ""
    by: str = ""
    action: str = "import"
    dry_run: bool = False


# --------------------------------------------------------------------------- the data


class FiguresFile:
    """An area's figures file as text rows, so that a rewrite keeps every other byte."""

    def __init__(self, path: Path) -> None:
        self.path = path
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        lines = list(csv.reader(text.splitlines())) if text else [list(FIGURE_COLUMNS)]
        self.header = lines[0]
        self.rows = [dict(zip(self.header, r, strict=False)) for r in lines[1:] if any(r)]

    def find(self, indicator: str, period: str) -> int | None:
        """Index of the general (not table-scoped) figure of an indicator and period."""
        for i, row in enumerate(self.rows):
            if row["id"] == indicator and row["period"] == period and not row.get("table"):
                return i
        return None

    def put(self, figure: Figure, index: int | None) -> int:
        """Replace row ``index`` or insert after the indicator's last row; return the index."""
        row = {c: figure.cells.get(c, "") for c in self.header}
        if index is not None:
            row["released"] = self.rows[index].get("released", "")
            self.rows[index] = row
            return index
        last = max((i for i, r in enumerate(self.rows) if r["id"] == figure.id), default=None)
        at = len(self.rows) if last is None else last + 1
        self.rows.insert(at, row)
        return at

    def text(self) -> str:
        """The file's text: CSV with Unix line ends, quoting only where needed."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.header)
        writer.writerows([r.get(c, "") for c in self.header] for r in self.rows)
        return out.getvalue()

    def history(self, indicator: str, period: Period, basis: str) -> list[float]:
        """Earlier values of the same period kind, oldest first."""
        found = []
        for row in self.rows:
            if row["id"] != indicator or row.get("table") or not row.get("value"):
                continue
            other = parse_period(row["period"], basis)  # type: ignore[arg-type]
            if other.kind == period.kind and other < period:
                found.append((other, parse_number(row["value"])))
        return [v for _, v in sorted(found)]


class Workspace:
    """The registry and the areas' figures files of a project, for one import."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.data_dir = root / "data"
        report = Report()
        self.frames = {
            name: read_file(self.data_dir / "registry" / f"{name}.csv", name, root, report)
            for name in REGISTRY_FILES
        }
        if report.errors:
            raise DataError(report.problems)
        self.lookup = Lookup(
            self.frames["indicators"],
            self.frames["versions"],
            self.frames["printed_names"],
            self.frames["rows"],
        )
        areas = self.frames["areas"]
        self.datasets = dict(zip(areas["area"], areas["dataset"], strict=True))
        self.max_change = read_import_checks(root, set(self.lookup.meta), report)
        if report.errors:
            raise DataError(report.problems)
        self._files: dict[str, FiguresFile] = {}

    def figures(self, area: str) -> FiguresFile:
        """The figures file of an area (read once)."""
        if area not in self._files:
            path = self.data_dir / self.datasets[area] / area / "figures.csv"
            self._files[area] = FiguresFile(path)
        return self._files[area]


def read_import_checks(root: Path, known: set[str], report: Report) -> dict[str, float]:
    """``max_change`` by indicator from ``data/registry/import_checks.csv`` (optional file).

    Problems (an unknown id, a threshold that is not a positive number) go to ``report``
    naming the file, line and field.
    """
    path = root / "data" / IMPORT_CHECKS
    if not path.exists():
        return {}
    shown = str(Path("data") / IMPORT_CHECKS)
    out = {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            if row.get("id") not in known:
                report.add("error", shown, line, "id", f"unknown indicator id '{row.get('id')}'")
                continue
            try:
                value = parse_number(row.get("max_change") or "")
            except ValueError:
                value = -1.0
            if value <= 0:
                report.add("error", shown, line, "max_change", "is not a positive number")
                continue
            out[row["id"]] = value
    return out


# --------------------------------------------------------------------------- resolving


def _problem(where: Where, fld: str | None, message: str, level: str = "error") -> ReturnProblem:
    return ReturnProblem(level, where, fld, message)


def _resolve_indicator(ws: Workspace, row: ReturnRow) -> str:
    try:
        rough = parse_period(period_key(row.cells.get("period"), "financial"), "financial")
        months = months_printed(rough)
    except (ResolveError, ValueError):
        months = ("0001-01", "9999-12")
    return ws.lookup.indicator(row.text("code"), row.text("indicator"), months)


def _numbers(row: ReturnRow, meta: dict, problems: list[ReturnProblem]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in ("value", "numerator", "denominator"):
        if row.empty(name):
            out[name] = None
            continue
        percent = "%" in row.formats.get(name, "") and name == "value"
        decimals = int(meta["decimals"]) if name == "value" else None
        try:
            out[name] = typed_number(row.cells[name], percent, decimals)
        except ResolveError as exc:
            problems.append(_problem(row.where, name, str(exc)))
    return out


def _complete_value(figure_numbers: dict[str, Any], meta: dict) -> tuple[float | None, str, bool]:
    typed = figure_numbers.get("value")
    if typed is not None:
        return typed.value, typed.text, False
    num, den = figure_numbers.get("numerator"), figure_numbers.get("denominator")
    computed = compute_measure(
        None if num is None else num.value, None if den is None else den.value, meta["measure"]
    )
    if computed is None:
        return None, "", False
    decimals = int(meta["decimals"])
    value = round_half_up(computed, decimals)
    return value, f"{value:.{decimals}f}", True


def resolve_row(
    ws: Workspace, row: ReturnRow, default_area: str, problems: list[ReturnProblem]
) -> Figure | None:
    """One return row to a figure, or None (problems recorded) when it cannot be."""
    area = row.text("area") or default_area
    if area not in ws.datasets:
        problems.append(
            _problem(row.where, "area", f"unknown area '{area}' (see data/registry/areas.csv)")
        )
        return None
    try:
        indicator = _resolve_indicator(ws, row)
    except ResolveError as exc:
        problems.append(_problem(row.where, "code" if row.text("code") else "indicator", str(exc)))
        return None
    meta = ws.lookup.meta[indicator]
    try:
        period = parse_period_for(row.cells.get("period"), meta["frequency"], meta["year_basis"])
    except ResolveError as exc:
        problems.append(_problem(row.where, "period", str(exc)))
        return None
    before = len(problems)
    try:
        status = typed_status(row.text("status"))
    except ResolveError as exc:
        problems.append(_problem(row.where, "status", str(exc)))
        status = ""
    numbers = _numbers(row, meta, problems)
    if len(problems) > before:
        return None
    value, value_text, computed = _complete_value(numbers, meta)
    if status in MARKER_STATUSES and value is not None:
        problems.append(
            _problem(row.where, "value", f"a figure marked '{status}' must leave value empty")
        )
        return None
    if status not in MARKER_STATUSES and value is None:
        problems.append(
            _problem(
                row.where,
                "value",
                "is empty: give a number (or numerator and denominator), or a status saying "
                "why (not_available, to_be_supplied, new_indicator)",
            )
        )
        return None
    cells = {
        "id": indicator,
        "area": area,
        "period": period.key,
        "value": value_text,
        "numerator": numbers["numerator"].text if numbers["numerator"] else "",
        "denominator": numbers["denominator"].text if numbers["denominator"] else "",
        "status": status,
        "released": "",
        "table": "",
        "note": row.text("note"),
    }
    values = {
        "value": value,
        "numerator": numbers["numerator"].value if numbers["numerator"] else None,
        "denominator": numbers["denominator"].value if numbers["denominator"] else None,
    }
    return Figure(row.where, indicator, area, period, cells, values, computed)


# --------------------------------------------------------------------------- planning


def _same(old: dict[str, str], new: dict[str, str]) -> bool:
    def num(text: str) -> float | None:
        return parse_number(text) if text else None

    if any(num(old[c]) != num(new[c]) for c in ("value", "numerator", "denominator")):
        return False
    return old["status"] == new["status"] and old["note"] == new["note"]


def _change(ws: Workspace, figure: Figure, options: Options, problems: list) -> Change | None:
    file = ws.figures(figure.area)
    index = file.find(figure.id, figure.period.key)
    old = None if index is None else file.rows[index]
    if old is not None and _same(old, figure.cells):
        return Change("unchanged", figure, old)
    if old is not None and not options.revise:
        problems.append(
            _problem(
                figure.where,
                "period",
                f"{figure.id} already has a figure for {figure.period.label} "
                f"(value {old['value'] or old['status']}, "
                f"{file.path.relative_to(ws.root)} line {index + 2}): a revision needs --revise",
            )
        )
        return None
    meta = ws.lookup.meta[figure.id]
    history = file.history(figure.id, figure.period, meta["year_basis"])
    findings = check_new_figure(
        figure.values["value"],
        figure.values["numerator"],
        figure.values["denominator"],
        meta,
        history,
        ws.max_change.get(figure.id),
    )
    warnings = []
    for finding in findings:
        if finding.level == "error":
            problems.append(
                _problem(figure.where, finding.field, f"{figure.id}: {finding.message}")
            )
        else:
            warnings.append(f"{figure.id} {figure.period.label}: {finding.message}")
    return Change("new" if old is None else "revised", figure, old, warnings)


def plan(ws: Workspace, ret: Return, options: Options) -> list[Change]:
    """Resolve and check every row of a return; raise ImportRefusedError on any error.

    Warnings (jumps outside the process limits) are refused too unless
    ``options.accept`` gives a reason.
    """
    problems: list[ReturnProblem] = list(ret.problems)
    figures: dict[tuple[str, str, str], Figure] = {}
    for row in ret.rows:
        figure = resolve_row(ws, row, options.area, problems)
        if figure is None:
            continue
        if figure.key in figures:
            problems.append(
                _problem(
                    row.where,
                    "period",
                    f"{figure.id} {figure.period.label} is already given on "
                    f"{figures[figure.key].where}",
                )
            )
            continue
        figures[figure.key] = figure
    if not ret.rows and not problems:
        problems.append(_problem(Where(ret.shown), None, "has no figures (every row is empty)"))
    changes = [c for f in figures.values() if (c := _change(ws, f, options, problems))]
    if not options.accept:
        for change in changes:
            for warning in change.warnings:
                problems.append(
                    _problem(
                        change.figure.where,
                        "value",
                        f'{warning}: check it, then import again with --accept "reason"',
                    )
                )
    if any(p.level == "error" for p in problems):
        raise ImportRefusedError(problems)
    return changes


# --------------------------------------------------------------------------- writing


def _check_written(ws: Workspace, area: str, text: str, lines: dict[int, Where]) -> None:
    """Read the rewritten file back through the data layer's checks before it lands."""
    file = ws.figures(area)
    tmp = file.path.with_name(".figures.csv.checking")
    tmp.write_text(text, encoding="utf-8")
    try:
        report = Report()
        frame = read_file(tmp, "figures", ws.root, report)
        frame = frame.assign(dataset=ws.datasets[area], _area_dir=area)
        empty = {
            n: pd.DataFrame(columns=[*(c.name for c in SCHEMAS[n]), "_file", "_line", "dataset"])
            for n in DATASET_FILES
        }
        files = DataFiles(ws.root, {**ws.frames, **empty, "figures": frame}, report)
        check_references(files)
        check_figures(files)
        check_measures(files)
    finally:
        tmp.unlink(missing_ok=True)
    errors = [p for p in report.problems if p.level == "error"]
    if errors:
        raise ImportRefusedError(
            [
                _problem(
                    lines.get(p.line or 0, Where(str(file.path.relative_to(ws.root)), p.line)),
                    p.field,
                    p.message,
                )
                for p in errors
            ]
        )


def _write_all(texts: dict[Path, str]) -> None:
    """Write every file beside itself first, then move them all into place."""
    staged = []
    try:
        for path, text in texts.items():
            tmp = path.with_name(f".{path.name}.new")
            tmp.write_text(text, encoding="utf-8")
            staged.append((tmp, path))
    except OSError:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    for tmp, path in staged:
        os.replace(tmp, path)


def apply(ws: Workspace, ret: Return, changes: list[Change], options: Options) -> ImportResult:
    """Write the changed figures files and append the log (unless a dry run)."""
    areas = []
    for change in changes:
        if change.kind == "unchanged":
            continue
        file = ws.figures(change.figure.area)
        file.put(change.figure, file.find(change.figure.id, change.figure.period.key))
        areas.append(change.figure.area)
    texts = {}
    for area in dict.fromkeys(areas):
        texts[area] = ws.figures(area).text()
        _check_written(ws, area, texts[area], _line_map(ws, area, changes))
    entries = _log_entries(ws, ret, changes, options)
    if options.dry_run:
        return ImportResult(changes, [], entries)
    paths = {ws.figures(area).path: text for area, text in texts.items()}
    _write_all(paths)
    append_log(ws.data_dir, entries)
    return ImportResult(changes, list(paths), entries)


def _line_map(ws: Workspace, area: str, changes: list[Change]) -> dict[int, Where]:
    file = ws.figures(area)
    out = {}
    for change in changes:
        if change.figure.area == area:
            index = file.find(change.figure.id, change.figure.period.key)
            if index is not None:
                out[index + 2] = change.figure.where
    return out


def _compact(cells: dict[str, str] | None) -> str:
    if cells is None:
        return ""
    text = cells["value"] or cells["status"]
    if cells["numerator"] or cells["denominator"]:
        text += f" ({cells['numerator'] or '?'} / {cells['denominator'] or '?'})"
    if cells["value"] and cells["status"]:
        text += f" {cells['status']}"
    return text


def _log_entries(
    ws: Workspace, ret: Return, changes: list[Change], options: Options
) -> list[LogEntry]:
    base = {"action": options.action, "by": options.by, "source": ret.shown, "sha256": ret.sha256}
    out = []
    for change in changes:
        if change.kind == "unchanged":
            continue
        fig = change.figure
        reason = ""
        if change.warnings:
            reason = f"accepted: {'; '.join(change.warnings)}; reason: {options.accept}"
        out.append(
            LogEntry.now(
                **base,
                area=fig.area,
                id=fig.id,
                code=ws.lookup.code_of(fig.id, fig.period.key[:7]),
                period=fig.period.key,
                change=change.kind,
                old=_compact(change.old),
                new=_compact(fig.cells),
                reason=reason,
            )
        )
    if not out:
        out.append(
            LogEntry.now(
                **base,
                area=options.area,
                change="nothing",
                reason=f"{len(changes)} figure(s), all already held",
            )
        )
    return out


def import_return(root: Path, ret: Return, options: Options) -> ImportResult:
    """Check a return and write it into the figures files (see the module docstring).

    Raises
    ------
    ImportRefusedError
        With every problem found; no file is changed.
    """
    ws = Workspace(root)
    changes = plan(ws, ret, options)
    return apply(ws, ret, changes, options)
