"""Returns templates: an Excel workbook of the figures due for a month, to fill and import.

``scorecard template --month 2025-12 --out returns.xlsx`` writes one sheet per source
system with a row per figure due (:func:`helpers.engine.status.due_figures`): the
printed code, title, definition and unit, the period as printed and as a key, the last
two figures for reference, and empty value, numerator, denominator, status and note
cells. Input cells accept numbers only (status from a list); everything else is locked
(sheet protection, no password: it guards against slips, not people). ``scorecard
import`` reads the filled workbook back by its headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from helpers.data.datafiles import FIGURE_STATUSES

HEADINGS = (
    ("code", 10),
    ("indicator", 48),
    ("definition", 48),
    ("unit", 12),
    ("period", 12),
    ("period key", 14),
    ("area", 10),
    ("previous figure", 16),
    ("figure before", 16),
    ("value", 11),
    ("numerator", 12),
    ("denominator", 12),
    ("status", 16),
    ("note", 36),
)
INPUTS = ("value", "numerator", "denominator", "status", "note")
HEADER_ROW = 4
_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class TemplateRow:
    """One figure due, as the template shows it."""

    source_system: str
    code: str
    title: str
    definition: str
    unit: str
    period_label: str
    period: str
    area: str
    previous: str
    before: str


def sheet_name(source_system: str, used: set[str]) -> str:
    """A valid, unique Excel sheet name (31 characters, no brackets, colons, stars, slashes)."""
    base = _SHEET_CHARS.sub("-", source_system).strip() or "Figures"
    name = base[:31]
    number = 2
    while name.lower() in used:
        suffix = f" ({number})"
        name = base[: 31 - len(suffix)] + suffix
        number += 1
    used.add(name.lower())
    return name


def write_template(rows: list[TemplateRow], path: Path, title: str) -> list[str]:
    """Write the workbook; return the sheet names (after the read-me sheet).

    Parameters
    ----------
    rows
        The figures due, in order; one sheet per ``source_system``.
    path
        The ``.xlsx`` file to write (replaced when it exists).
    title
        The heading of every sheet, e.g. "Returns for December 2025, Kent".
    """
    from openpyxl import Workbook  # slow: openpyxl; only templates need it
    from openpyxl.workbook.protection import WorkbookProtection  # slow: as above

    book = Workbook()
    readme = book.active
    readme.title = "Read me"
    _readme(readme, title)
    used = {"read me"}
    names = []
    for source in dict.fromkeys(r.source_system for r in rows):
        sheet = book.create_sheet(sheet_name(source, used))
        names.append(sheet.title)
        _sheet(sheet, title, source, [r for r in rows if r.source_system == source])
    book.security = WorkbookProtection(lockStructure=True)
    tmp = path.with_name(f".{path.name}.tmp")
    book.save(tmp)
    tmp.replace(path)
    return names


def _readme(sheet, title: str) -> None:
    lines = (
        title,
        "",
        "One sheet per source system. Fill value, numerator and denominator (numbers only),",
        "or leave value empty and give numerator and denominator: the value is computed.",
        "Percentages as printed: 22.6 (not 0.226). Status only when there is no figure:",
        f"{', '.join(FIGURE_STATUSES)}.",
        "Then: scorecard import THIS-FILE.xlsx  (errors name the sheet, row and field;",
        "a file with any error changes nothing).",
    )
    for number, line in enumerate(lines, start=1):
        sheet.cell(number, 1, line)
    sheet.column_dimensions["A"].width = 100
    sheet.protection.sheet = True


def _sheet(sheet, title: str, source: str, rows: list[TemplateRow]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill, Protection  # slow: openpyxl
    from openpyxl.utils import get_column_letter  # slow: openpyxl
    from openpyxl.worksheet.datavalidation import DataValidation  # slow: openpyxl

    sheet.cell(1, 1, title).font = Font(bold=True, size=13)
    sheet.cell(2, 1, f"Source system: {source}. Fill the shaded cells only.")
    columns = {name: i for i, (name, _) in enumerate(HEADINGS, start=1)}
    for name, width in HEADINGS:
        cell = sheet.cell(HEADER_ROW, columns[name], name)
        cell.font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(columns[name])].width = width
    shaded = PatternFill("solid", fgColor="FFF2CC")
    for offset, row in enumerate(rows, start=1):
        number = HEADER_ROW + offset
        values = (
            row.code,
            row.title,
            row.definition,
            row.unit,
            row.period_label,
            row.period,
            row.area,
            row.previous,
            row.before,
        )
        for name, value in zip(
            (
                "code",
                "indicator",
                "definition",
                "unit",
                "period",
                "period key",
                "area",
                "previous figure",
                "figure before",
            ),
            values,
            strict=True,
        ):
            cell = sheet.cell(number, columns[name], value)
            cell.number_format = "@"
            cell.alignment = Alignment(
                wrap_text=name in ("indicator", "definition"), vertical="top"
            )
        for name in INPUTS:
            cell = sheet.cell(number, columns[name])
            cell.protection = Protection(locked=False)
            cell.fill = shaded
            if name in ("status", "note"):
                cell.number_format = "@"
    last = HEADER_ROW + max(len(rows), 1)
    numbers = DataValidation(
        type="decimal",
        operator="between",
        formula1="-1000000000",
        formula2="1000000000",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Numbers only",
        error="Type a number, such as 22.6 or 5350.",
    )
    statuses = DataValidation(
        type="list",
        formula1=f'"{",".join(FIGURE_STATUSES)}"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Status",
        error=f"Choose one of: {', '.join(FIGURE_STATUSES)}.",
    )
    for name in ("value", "numerator", "denominator"):
        letter = get_column_letter(columns[name])
        numbers.add(f"{letter}{HEADER_ROW + 1}:{letter}{last}")
    letter = get_column_letter(columns["status"])
    statuses.add(f"{letter}{HEADER_ROW + 1}:{letter}{last}")
    sheet.add_data_validation(numbers)
    sheet.add_data_validation(statuses)
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 3)
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
