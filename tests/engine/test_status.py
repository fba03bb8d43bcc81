"""Completeness: the figures due for a month, received and owed, and the template of them."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import FIXTURES

from helpers.core.periods import month, parse_period
from helpers.data.importer import Options, import_return
from helpers.data.returns import read_return
from helpers.data.store import CsvSource
from helpers.engine.status import OWED, RECEIVED, due_figures, due_period, owed

DECEMBER = FIXTURES / "returns" / "2025-12-kent.csv"


@pytest.mark.parametrize(
    ("report", "frequency", "basis", "due"),
    [
        ("2025-12", "month", "financial", "2025-12"),
        ("2025-12", "quarter", "financial", "2025-26 Q3"),
        ("2025-11", "quarter", "financial", "2025-26 Q2"),
        ("2026-01", "quarter", "financial", "2025-26 Q3"),
        ("2025-12", "term", "academic", "2025-26 Autumn"),
        ("2025-11", "term", "academic", "2024-25 Summer"),
        ("2025-12", "year", "academic", "2024-25"),
        ("2026-03", "year", "financial", "2025-26"),
    ],
)
def test_due_period(report: str, frequency: str, basis: str, due: str) -> None:
    assert due_period(month(report), frequency, basis) == parse_period(due, basis)


def test_december_before_and_after_the_return(project: Path) -> None:
    before = {d.id: d for d in due_figures(CsvSource(project / "data"), "2025-12", "kent")}
    assert before["proven-reoffending"].state == OWED
    assert before["proven-reoffending"].period_label == "Q3 25-26"
    assert before["csws-re-referrals"].state == OWED
    assert before["csws-re-referrals"].expected_release == "Jan 2026"
    assert before["eyfs-gld"].state == RECEIVED
    import_return(project, read_return(DECEMBER), Options())
    after = {d.id for d in owed(CsvSource(project / "data"), "2025-12", "kent")}
    assert "proven-reoffending" not in after and "csws-re-referrals" not in after
    assert {"cp-plan-second-time", "eh-unit-re-referrals"} <= after


def test_november_owes_only_what_was_printed_to_be_supplied(root: Path) -> None:
    dues = owed(CsvSource(root / "data"), "2025-11", "kent")
    assert {d.id for d in dues} and all(d.frequency == "month" for d in dues)
    assert "csws-re-referrals" not in {d.id for d in dues}


def test_status_and_template_commands(project: Path, monkeypatch, capsys, tmp_path) -> None:
    from openpyxl import load_workbook

    from helpers.commands.cli import main

    monkeypatch.setenv("SCORECARD_ROOT", str(project))
    assert main(["status", "--month", "2025-12"]) == 0
    out = capsys.readouterr().out
    assert "Liberi:" in out and "owed" in out and "Q3 25-26" in out
    out_file = tmp_path / "returns.xlsx"
    assert main(["template", "--month", "2025-12", "--out", str(out_file)]) == 0
    book = load_workbook(out_file)
    assert book.sheetnames[0] == "Read me"
    assert "Liberi" in book.sheetnames and "Ministry of Justice" in book.sheetnames
    assert book.security.lockStructure
    sheet = book["Liberi"]
    assert sheet.protection.sheet
    header = [c.value for c in sheet[4]]
    assert header[:6] == ["code", "indicator", "definition", "unit", "period", "period key"]
    value_col = header.index("value") + 1
    rows = list(sheet.iter_rows(min_row=5, values_only=True))
    scs19 = next(r for r in rows if r[0] == "SCS19")
    assert scs19[4] == "Dec-25" and scs19[5] == "2025-12"
    assert scs19[header.index("previous figure")] == "68.3 (Nov-25)"
    assert not sheet.cell(5, value_col).protection.locked
    assert sheet.cell(5, 1).protection.locked
    kinds = {v.type for v in sheet.data_validations.dataValidation}
    assert kinds == {"decimal", "list"}


def test_a_filled_template_imports(project: Path, monkeypatch, capsys, tmp_path) -> None:
    from openpyxl import load_workbook

    from helpers.commands.cli import main

    monkeypatch.setenv("SCORECARD_ROOT", str(project))
    path = tmp_path / "returns.xlsx"
    assert main(["template", "--month", "2025-12", "--source", "Liberi", "--out", str(path)]) == 0
    book = load_workbook(path)
    sheet = book["Liberi"]
    header = [c.value for c in sheet[4]]
    for row in sheet.iter_rows(min_row=5):
        if row[0].value == "SCS19":
            row[header.index("value")].value = 68.2
            row[header.index("numerator")].value = 690
            row[header.index("denominator")].value = 1012
        if row[0].value == "SCS18":
            row[header.index("value")].value = 0.732
    book.save(path)
    assert main(["import", str(path)]) == 1
    assert "returns.xlsx, sheet 'Liberi', row" in capsys.readouterr().err
    for row in sheet.iter_rows(min_row=5):
        if row[0].value == "SCS18":
            row[header.index("value")].value = 73.2
    book.save(path)
    assert main(["import", str(path)]) == 0
    assert "2 new" in capsys.readouterr().out


def test_run_prints_the_owed_list(project: Path, monkeypatch, capsys) -> None:
    from helpers.commands.monthly import owed_lines

    monkeypatch.setenv("SCORECARD_ROOT", str(project))
    import_return(project, read_return(DECEMBER), Options())
    out = "\n".join(owed_lines(project, "2025-12", "kent"))
    assert out.startswith("still owed for December 2025 (kent):")
    assert "Liberi (expected Jan 2026): " in out and "SCS13 Dec-25" in out
    assert "SCS19 Dec-25" not in out
