"""Read and check the text files that are the source of truth for the scorecard.

The registry (``data/registry/*.csv``) says what every indicator is and how the
published tables are laid out; each data set (``data/sample/``, real published
figures, and ``data/synthetic/``, generated demonstration data) holds figures per
area, targets, benchmarks and the Data Sources table. This module reads them all,
checks every cell against a schema, and returns typed pandas frames. Every problem
names the file, the line (the header is line 1) and the field.

Numbers are kept as printed: ``"25.0"`` is read as 25.0 with one decimal, so that a
target or benchmark is shown exactly as the council published it. Each number
column ``x`` therefore comes with an ``x_dp`` column of printed decimals.
"""

from __future__ import annotations

import codecs
import csv
import functools
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from helpers.core.numbers import decimals_of, or_none, parse_number
from helpers.core.periods import PeriodError, parse_period
from helpers.core.vocabulary import (
    DATA_PERIODS,
    FIGURE_STATUSES,
    MONTH_PATTERN,
    POLARITIES,
    TARGET_STATUSES,
)
from helpers.data.problems import Level, Problem

FREQUENCIES = ("month", "quarter", "term", "year")
MEASURES = ("percent", "rate_per_10000", "average", "count", "none")
YEAR_BASES = ("financial", "academic")
DOT_METHODS = ("previous", "same_period_last_year", "trend", "none")
LAYOUTS = ("volume", "in_year", "termly", "annual")
AREA_KINDS = ("county", "district")

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_YEAR = re.compile(r"(\d{4})-(\d{2})")


# --------------------------------------------------------------------------- schemas

Check = Callable[[str], str | None]
"""A cell check: returns a message when the text is wrong, else None."""


def _choice(options: Iterable[str], allow_empty: bool = False) -> Check:
    allowed = tuple(options)

    def check(text: str) -> str | None:
        if text == "" and allow_empty:
            return None
        if text not in allowed:
            return f"'{text}' is not one of: {', '.join(allowed)}"
        return None

    return check


def _pattern(regex: re.Pattern[str], what: str) -> Check:
    def check(text: str) -> str | None:
        return None if regex.fullmatch(text) else f"'{text}' is not {what}"

    return check


def _number(text: str) -> str | None:
    try:
        parse_number(text)
    except ValueError:
        return f"'{text}' is not a number"
    return None


def _integer(text: str) -> str | None:
    return None if text.isdigit() else f"'{text}' is not a whole number"


def _year(text: str) -> str | None:
    found = _YEAR.fullmatch(text)
    if not found or (int(found.group(1)) + 1) % 100 != int(found.group(2)):
        return f"'{text}' is not a reporting year such as 2025-26"
    return None


@dataclass(frozen=True)
class Column:
    """A column of a data file: whether it must be filled, and how its text is checked."""

    name: str
    required: bool = False
    check: Check | None = None
    number: bool = False


def _text(name: str, required: bool = False) -> Column:
    return Column(name, required)


def _num(name: str, required: bool = False) -> Column:
    return Column(name, required, _number, number=True)


_MONTH_CHECK = _pattern(MONTH_PATTERN, "a month such as 2025-11")
_YESNO = _choice(("yes", "no"))

SCHEMAS: dict[str, tuple[Column, ...]] = {
    "indicators": (
        Column("id", True, _pattern(_SLUG, "a lower-case id such as care-leavers-eet")),
        Column("section", True),  # a section of sections.csv
        Column("table", True),
        Column("polarity", False, _choice(POLARITIES, allow_empty=True)),
        Column("data_period", False, _choice(DATA_PERIODS, allow_empty=True)),
        Column("frequency", True, _choice(FREQUENCIES)),
        _text("unit", True),
        Column("measure", True, _choice(MEASURES)),
        Column("decimals", True, _integer),
        Column("year_basis", True, _choice(YEAR_BASES)),
        Column("qpr", True, _YESNO),
        Column("district_breakdown", True, _YESNO),
        _text("source_system"),
        Column("dot_method", True, _choice(DOT_METHODS)),
        _num("trend_threshold"),
        Column("seasonal", True, _YESNO),
        _text("note"),
    ),
    "versions": (
        Column("id", True),
        Column("valid_from", True, _MONTH_CHECK),
        Column("valid_to", False, _MONTH_CHECK),
        _text("code"),
        _text("title", True),
        _text("definition"),
        _text("note"),
    ),
    "printed_names": (
        Column("id", True),
        _text("code"),
        _text("title", True),
        _text("printed_in", True),
    ),
    "tables": (
        Column("table", True, _pattern(_SLUG, "a lower-case table id")),
        Column("section", True),  # a section of sections.csv
        Column("position", True, _integer),
        _text("title", True),
        Column("frequency", True, _choice(FREQUENCIES)),
        Column("year_basis", True, _choice(YEAR_BASES)),
        Column("trend_length", True, _integer),
        Column("layout", True, _choice(LAYOUTS)),
        _text("comparator_heading"),
        _text("national_heading"),
        Column("missing_numerator", False, _choice(("N/A",), allow_empty=True)),
        Column("valid_from", True, _MONTH_CHECK),
        Column("valid_to", False, _MONTH_CHECK),
    ),
    "rows": (
        Column("table", True),
        Column("position", True, _integer),
        Column("id", True),
        Column("valid_from", True, _MONTH_CHECK),
        Column("valid_to", False, _MONTH_CHECK),
        _text("printed_title"),
    ),
    "sections": (
        Column("section", True, _pattern(_SLUG, "a lower-case section id such as ics")),
        Column("position", True, _integer),
        _text("heading", True),
        _text("sheet", True),
        _text("commentary"),
    ),
    "areas": (
        Column("area", True, _pattern(_SLUG, "a lower-case area id such as folkestone-and-hythe")),
        _text("name", True),
        Column("kind", True, _choice(AREA_KINDS)),
        Column("dataset", True, _pattern(_SLUG, "a data set folder name")),
    ),
    "targets": (
        Column("id", True),
        Column("year", True, _year),
        _num("target"),
        _num("floor"),
        _num("target_low"),
        _num("target_high"),
        _num("floor_low"),
        _num("floor_high"),
        Column("comparator", False, _choice(("<=", ">="), allow_empty=True)),
        Column("status", False, _choice(TARGET_STATUSES, allow_empty=True)),
        Column("floor_derived", True, _YESNO),
        _text("floor_reason"),
        _text("source"),
        _text("note"),
    ),
    "benchmarks": (
        Column("id", True),
        Column("column", True, _choice(("comparator", "national"))),
        _num("value"),
        Column("status", False, _choice(("not_available",), allow_empty=True)),
        Column("table"),
    ),
    "data_sources": (
        Column("report_month", True, _MONTH_CHECK),
        _text("group", True),
        Column("position", True, _integer),
        Column("id", True),
        _text("source"),
        _text("latest_data"),
        _text("released"),
    ),
    "figures": (
        Column("id", True),
        Column("area", True),
        Column("period", True),
        _num("value"),
        _num("numerator"),
        _num("denominator"),
        Column("status", False, _choice(FIGURE_STATUSES, allow_empty=True)),
        Column("released", False, _MONTH_CHECK),
        Column("table"),
        _text("note"),
    ),
}

REGISTRY_FILES = (
    "sections",
    "indicators",
    "versions",
    "printed_names",
    "tables",
    "rows",
    "areas",
)
DATASET_FILES = ("targets", "benchmarks", "data_sources")


# --------------------------------------------------------------------------- reading


@dataclass
class Report:
    """Problems collected while reading and checking."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, level: Level, file: str, line: int | None, fld: str | None, message: str) -> None:
        """Record one problem."""
        self.problems.append(Problem(level, file, line, fld, message))

    @property
    def errors(self) -> list[Problem]:
        """The problems that stop a run."""
        return [p for p in self.problems if p.level == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """The problems that are reported but do not stop a run."""
        return [p for p in self.problems if p.level == "warning"]


def _display(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def _read_rows(path: Path, name: str, shown: str, report: Report) -> list[dict[str, str]] | None:
    """Read a CSV file strictly: UTF-8, the schema's header, one cell per column.

    A UTF-8 byte-order mark and CRLF line ends (what Excel writes) are accepted. Bytes
    that are not UTF-8 and malformed quoting are reported with their line and column.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        report.add("error", shown, None, None, "file is missing")
        return None
    except OSError as exc:
        report.add("error", shown, None, None, f"cannot be read: {exc.strerror}")
        return None
    text = _decode(data.removeprefix(codecs.BOM_UTF8), shown, report)
    records = None if text is None else _records(text, shown, report)
    if records is None:
        return None
    if not records:
        report.add("error", shown, 1, None, "malformed file: it is empty (no header)")
        return None
    return _rows_from_lines(records, SCHEMAS[name], shown, report)


def _decode(data: bytes, shown: str, report: Report) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        begins = data.rfind(b"\n", 0, exc.start) + 1
        before = data[begins : exc.start].decode("utf-8", "replace")
        header = data.split(b"\n", 1)[0].decode("utf-8", "replace")
        byte = f"0x{data[exc.start]:02x}"
        why = f"not UTF-8 text, byte {byte} cannot be read (save the file as CSV UTF-8)"
        _malformed(report, (shown, line), header, _cell_at(before), why)
        return None


def _records(text: str, shown: str, report: Report) -> list[tuple[int, list[str]]] | None:
    """The CSV records with the line each starts on; None (reported) on malformed quoting."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records, start = [], 1
    try:
        for cells in reader:
            records.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        lines = text.splitlines()
        line = lines[start - 1] if start <= len(lines) else ""
        header = lines[0] if lines else ""
        why = (
            f"bad quoting, {exc} (a cell holding a comma, quote or line break must be "
            'enclosed in double quotes, with each quote inside it doubled: "")'
        )
        _malformed(report, (shown, start), header, _bad_quote_cell(line), why)
        return None
    return records


def _malformed(report: Report, at: tuple[str, int], header: str, cell: int, why: str) -> None:
    """Report a file that cannot be read as CSV at (file, line).

    Past the header line, the field is the name ``header`` gives the ``cell``-th cell.
    """
    field = _column(header, cell) if at[1] > 1 else None
    report.add("error", at[0], at[1], field, f"malformed file: {why}")


def _cell_at(prefix: str) -> int:
    """The index of the cell a line's text ``prefix`` ends in."""
    return len(next(csv.reader([prefix]), [""])) - 1 if prefix else 0


def _bad_quote_cell(line: str) -> int:
    """The index of the cell whose quoting is malformed in one line of a CSV file."""
    cell, opened, quoted, i = 0, 0, False, 0
    while i < len(line):
        char = line[i]
        if quoted and char == '"' and line[i + 1 : i + 2] == '"':
            i += 1
        elif quoted and char == '"':
            quoted = False
            if line[i + 1 : i + 2] not in ("", ","):
                return cell
        elif not quoted and char == '"':
            quoted, opened = True, cell
        elif not quoted and char == ",":
            cell += 1
        i += 1
    return opened if quoted else cell


def _column(header_line: str, index: int) -> str | None:
    names = next(csv.reader([header_line]), [])
    return names[index].strip() if 0 <= index < len(names) else None


def _rows_from_lines(
    records: list[tuple[int, list[str]]], schema: tuple[Column, ...], shown: str, report: Report
) -> list[dict[str, str]] | None:
    header = [h.strip() for h in records[0][1]]
    expected = [c.name for c in schema]
    missing = [c for c in expected if c not in header]
    if missing:
        report.add(
            "error", shown, 1, missing[0], f"malformed file: the header lacks {', '.join(missing)}"
        )
        return None
    twice = [h for h in dict.fromkeys(header) if header.count(h) > 1]
    if twice:
        report.add("error", shown, 1, twice[0], "malformed file: the header names it twice")
        return None
    rows: list[dict[str, str]] = []
    for number, cells in records[1:]:
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            report.add(
                "error",
                shown,
                number,
                header[len(cells)] if len(cells) < len(header) else None,
                f"malformed file: {len(cells)} cells where the header has {len(header)}",
            )
            continue
        row = {h: c.strip() for h, c in zip(header, cells, strict=True)}
        row["_line"] = str(number)
        rows.append(row)
    return rows


def _check_cells(rows: list[dict[str, str]], name: str, shown: str, report: Report) -> None:
    for row in rows:
        line = int(row["_line"])
        for column in SCHEMAS[name]:
            text = row[column.name]
            if text == "":
                if column.required:
                    report.add("error", shown, line, column.name, "is empty but required")
                continue
            message = column.check(text) if column.check else None
            if message:
                report.add("error", shown, line, column.name, message)


def _frame(rows: list[dict[str, str]], name: str) -> pd.DataFrame:
    """Rows to a frame with numbers parsed (and their printed decimals) and lines kept."""
    columns = [c.name for c in SCHEMAS[name]]
    frame = pd.DataFrame(rows, columns=[*columns, "_line"])
    frame["_line"] = frame["_line"].astype(int)
    for column in SCHEMAS[name]:
        if column.number:
            texts = frame[column.name]
            frame[column.name] = [_safe_number(t) for t in texts]
            frame[f"{column.name}_dp"] = [
                decimals_of(t) if _safe_number(t) is not None else None for t in texts
            ]
    for column in ("position", "decimals", "trend_length"):
        if column in frame:
            frame[column] = [int(v) if str(v).isdigit() else None for v in frame[column]]
    return frame


def _safe_number(text: str) -> float | None:
    if text == "":
        return None
    try:
        return parse_number(text)
    except ValueError:
        return None


def read_file(path: Path, name: str, root: Path, report: Report) -> pd.DataFrame:
    """Read one data file against its schema; problems go to ``report``.

    Parameters
    ----------
    path
        The CSV file.
    name
        Its schema name (a key of ``SCHEMAS``).
    root
        The project root, so that messages name the file as a user sees it.
    report
        Where problems are recorded.

    Returns
    -------
    pandas.DataFrame
        The rows with numbers parsed; ``_line`` holds each row's line in the file and
        ``_file`` the file's name. Empty (with the schema's columns) when unreadable.
    """
    shown = _display(path, root)
    rows = _read_rows(path, name, shown, report)
    if rows is None:
        rows = []
    else:
        _check_cells(rows, name, shown, report)
    frame = _frame(rows, name)
    frame["_file"] = shown
    return frame


# --------------------------------------------------------------------------- the data set


@dataclass
class DataFiles:
    """Every data file read and checked, as frames, with the problems found."""

    root: Path
    frames: dict[str, pd.DataFrame]
    report: Report
    _records: dict[str, list[dict[str, Any]]] = field(default_factory=dict, repr=False)

    def __getitem__(self, name: str) -> pd.DataFrame:
        """The frame of one file kind (``"indicators"``, ``"figures"``, ...)."""
        return self.frames[name]

    def records(self, name: str) -> list[dict[str, Any]]:
        """The rows of one file kind as dicts, converted once (see :func:`records`)."""
        if name not in self._records:
            self._records[name] = records(self.frames[name])
        return self._records[name]


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A frame's rows as dicts, missing values (NaN) as None.

    Built from column lists: much faster than ``DataFrame.to_dict("records")``, which
    pandas 3 builds cell by cell.
    """
    columns = list(frame.columns)
    values = [[or_none(v) for v in frame[c].tolist()] for c in columns]
    return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]


@functools.lru_cache(maxsize=4096)
def period_problem(period: str, frequency: str, year_basis: str) -> str | None:
    """Say why ``period`` is not a valid period for an indicator, or None if it is.

    A figure's period must exist and be of the indicator's frequency; a year period
    (an outturn for the reporting year) is accepted for any frequency.
    """
    try:
        parsed = parse_period(period, year_basis)  # type: ignore[arg-type]
    except PeriodError as exc:
        return f"period does not exist: {exc}"
    if parsed.kind not in (frequency, "year"):
        return f"'{period}' is a {parsed.kind} but this indicator is reported by {frequency}"
    return None
