"""Read a return: a spreadsheet or CSV of figures as an analyst or a service sends them.

A return has the columns ``code, indicator, period, value, numerator, denominator,
status, note`` (and optionally ``area``), in a ``.csv`` file or on any sheet of an
``.xlsx`` workbook (the template written by ``scorecard template``, or any sheet with
the same headings). This module only reads: every cell becomes text or a number with
the place it came from (file, sheet, row, field), so that every later message can name
it. Resolving codes, periods and numbers is :mod:`helpers.data.resolve`'s job.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

RETURN_COLUMNS = (
    "code",
    "indicator",
    "period",
    "value",
    "numerator",
    "denominator",
    "status",
    "note",
    "area",
)
"""The headings a return may have; ``code`` or ``indicator``, and ``period``, are needed."""

INPUT_COLUMNS = ("value", "numerator", "denominator", "status")
"""A row with all of these empty is not a figure (an unfilled template row)."""

_HEADER_SEARCH_ROWS = 12
"""How far down a sheet the heading row is looked for (templates have a title above)."""

_ALIASES = {"indicator title": "indicator", "title": "indicator", "period key": "period_key"}


@dataclass(frozen=True)
class Where:
    """The place a cell came from: file, sheet (workbooks only), row and field."""

    file: str
    row: int | None = None
    sheet: str | None = None

    def __str__(self) -> str:
        """``file, sheet 'X', row N``."""
        out = self.file
        if self.sheet:
            out += f", sheet '{self.sheet}'"
        if self.row is not None:
            out += f", row {self.row}"
        return out


@dataclass(frozen=True)
class ReturnProblem:
    """One thing wrong with a return (error) or to be acknowledged (warning)."""

    level: str
    where: Where
    field: str | None
    message: str

    @property
    def file(self) -> str:
        """The return's file (problems are capped per level, file and field)."""
        return self.where.file

    def __str__(self) -> str:
        """``ERROR: file, sheet 'X', row N, field 'value': message``."""
        field_text = f", field '{self.field}'" if self.field else ""
        return f"{self.level.upper()}: {self.where}{field_text}: {self.message}"


@dataclass
class ReturnRow:
    """One row of a return, cells as read (text, a number, a date, or None)."""

    where: Where
    cells: dict[str, Any]
    formats: dict[str, str] = field(default_factory=dict)

    def text(self, name: str) -> str:
        """A cell as stripped text ('' when empty)."""
        value = self.cells.get(name)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value).strip()

    def empty(self, name: str) -> bool:
        """Whether a cell is empty."""
        return self.text(name) == ""


@dataclass
class Return:
    """A return as read: its rows, its file's SHA-256, and problems reading it."""

    path: Path
    shown: str
    sha256: str
    rows: list[ReturnRow]
    problems: list[ReturnProblem]


class ReturnReadError(ValueError):
    """A return that cannot be read at all (wrong type, unreadable, no heading row)."""


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, as hex."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _heading(text: Any) -> str:
    name = str(text or "").strip().lower().replace("_", " ")
    name = _ALIASES.get(name, name)
    return name.replace(" ", "_")


def _header_map(cells: list[Any]) -> dict[int, str] | None:
    names = {i: _heading(c) for i, c in enumerate(cells)}
    wanted = {i: n for i, n in names.items() if n in (*RETURN_COLUMNS, "period_key")}
    found = set(wanted.values())
    if "period" in found and ({"code", "indicator"} & found):
        return wanted
    return None


def _missing_headings(where: Where, found: dict[int, str]) -> list[ReturnProblem]:
    present = set(found.values())
    if not present & set(INPUT_COLUMNS):
        return [
            ReturnProblem(
                "error",
                where,
                None,
                "the heading row has none of the columns value, numerator, denominator, status",
            )
        ]
    return []


def read_csv(path: Path, shown: str) -> tuple[list[ReturnRow], list[ReturnProblem]]:
    """Read a CSV return (UTF-8, a heading row first)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReturnReadError(f"{shown}: not UTF-8 text ({exc.reason})") from None
    try:
        lines = list(csv.reader(text.splitlines(), strict=True))
    except csv.Error as exc:
        raise ReturnReadError(f"{shown}: malformed CSV: {exc}") from None
    if not lines:
        raise ReturnReadError(f"{shown}: the file is empty")
    header = _header_map(lines[0])
    if header is None:
        raise ReturnReadError(
            f"{shown}, row 1: the heading row needs 'period' and 'code' or 'indicator' "
            f"(columns: {', '.join(RETURN_COLUMNS)})"
        )
    problems = _missing_headings(Where(shown, 1), header)
    rows = []
    for number, cells in enumerate(lines[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        where = Where(shown, number)
        if len(cells) > len(lines[0]):
            problems.append(
                ReturnProblem(
                    "error",
                    where,
                    None,
                    f"{len(cells)} cells where the heading row has {len(lines[0])}",
                )
            )
            continue
        values = {name: (cells[i] if i < len(cells) else "") for i, name in header.items()}
        rows.append(ReturnRow(where, values))
    return rows, problems


def _cell_value(cell: Any) -> Any:
    value = cell.value
    if isinstance(value, datetime.datetime):
        return value.date()
    return value


def _sheet_rows(sheet: Any, shown: str) -> tuple[list[ReturnRow], list[ReturnProblem]] | None:
    header: dict[int, str] | None = None
    rows: list[ReturnRow] = []
    problems: list[ReturnProblem] = []
    for number, cells in enumerate(sheet.iter_rows(), start=1):
        if header is None:
            if number > _HEADER_SEARCH_ROWS:
                return None
            header = _header_map([c.value for c in cells])
            if header is not None:
                problems += _missing_headings(Where(shown, number, sheet.title), header)
            continue
        values = {n: _cell_value(cells[i]) for i, n in header.items() if i < len(cells)}
        formats = {
            n: str(getattr(cells[i], "number_format", "") or "")
            for i, n in header.items()
            if i < len(cells)
        }
        row = ReturnRow(Where(shown, number, sheet.title), values, formats)
        if all(row.empty(n) for n in INPUT_COLUMNS):
            continue
        rows.append(row)
    if header is None:
        return None
    return rows, problems


def read_xlsx(path: Path, shown: str) -> tuple[list[ReturnRow], list[ReturnProblem]]:
    """Read every sheet of a workbook that has a heading row (others are skipped)."""
    import openpyxl  # slow: openpyxl; only imports of workbooks need it

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise ReturnReadError(f"{shown}: not a readable .xlsx workbook ({exc})") from None
    rows: list[ReturnRow] = []
    problems: list[ReturnProblem] = []
    used = 0
    try:
        for sheet in book.worksheets:
            found = _sheet_rows(sheet, shown)
            if found is None:
                continue
            used += 1
            rows += found[0]
            problems += found[1]
    finally:
        book.close()
    if not used:
        raise ReturnReadError(
            f"{shown}: no sheet has a heading row with 'period' and 'code' or 'indicator' "
            f"in its first {_HEADER_SEARCH_ROWS} rows"
        )
    return rows, problems


def read_return(path: Path, root: Path | None = None) -> Return:
    """Read a ``.csv`` or ``.xlsx`` return.

    Parameters
    ----------
    path
        The file.
    root
        Names the file relative to this folder in messages, when inside it.

    Returns
    -------
    Return
        Rows with their places, the file's SHA-256, and problems found while reading.

    Raises
    ------
    ReturnReadError
        When the file is missing, of another type, or has no heading row.
    """
    shown = str(path)
    if root is not None and path.resolve().is_relative_to(root.resolve()):
        shown = str(path.resolve().relative_to(root.resolve()))
    if not path.is_file():
        raise ReturnReadError(f"{shown}: no such file")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows, problems = read_csv(path, shown)
    elif suffix in (".xlsx", ".xlsm"):
        rows, problems = read_xlsx(path, shown)
    else:
        raise ReturnReadError(f"{shown}: a return must be a .csv or .xlsx file, not '{suffix}'")
    return Return(path, shown, file_sha256(path), rows, problems)
