"""Reading the text files: schemas, and one small broken fixture per error kind."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support import FIXTURES

from helpers.data.load import read_data
from helpers.data.problems import Problem

BROKEN = FIXTURES / "broken"
FIGURES = Path("data/sample/kent/figures.csv")
TARGETS = Path("data/sample/targets.csv")


def test_sample_data_has_no_errors(root: Path) -> None:
    files = read_data(root / "data", root)
    assert files.report.errors == []
    assert len(files["indicators"]) == 88
    assert len(files["figures"]) > 300


def test_numbers_keep_their_printed_decimals(root: Path) -> None:
    targets = read_data(root / "data", root)["targets"]
    row = targets[(targets["id"] == "csws-re-referrals") & (targets["year"] == "2025-26")].iloc[0]
    assert row["target"] == 25.0
    assert row["target_dp"] == 1
    figures = read_data(root / "data", root)["figures"]
    fig = figures[
        (figures["id"] == "send-independent-placements") & (figures["period"] == "2025-11")
    ]
    assert fig.iloc[0]["numerator"] == 2274.0


def _errors_with(project: Path, fixture: str, target: Path) -> list[Problem]:
    shutil.copy(BROKEN / fixture, project / target)
    return read_data(project / "data", project).report.errors


CASES = [
    # fixture, file replaced, expected line, field, words in the message
    ("unknown_id.figures.csv", FIGURES, 3, "id", "unknown indicator id 'no-such-indicator'"),
    ("duplicate.figures.csv", FIGURES, 3, "period", "duplicate figure"),
    ("non_numeric.figures.csv", FIGURES, 3, "value", "'sixty-eight' is not a number"),
    ("bad_period.figures.csv", FIGURES, 3, "period", "period does not exist"),
    ("numerator_exceeds.figures.csv", FIGURES, 2, "numerator", "exceeds denominator"),
    ("no_target_year.targets.csv", TARGETS, 3, "year", "is empty but required"),
]


@pytest.mark.parametrize(("fixture", "target", "line", "field", "words"), CASES)
def test_each_error_names_file_line_and_field(
    project: Path, fixture: str, target: Path, line: int, field: str, words: str
) -> None:
    errors = _errors_with(project, fixture, target)
    assert errors, f"{fixture} should be refused"
    match = [e for e in errors if words in e.message]
    assert match, [str(e) for e in errors]
    problem = match[0]
    assert problem.file == str(target)
    assert problem.line == line
    assert problem.field == field
    assert str(target) in str(problem) and f"line {line}" in str(problem)


def test_malformed_file_is_refused(project: Path) -> None:
    errors = _errors_with(project, "malformed.figures.csv", FIGURES)
    assert any("malformed file" in e.message and e.file == str(FIGURES) for e in errors)


def test_missing_column_is_malformed(project: Path) -> None:
    path = project / TARGETS
    text = path.read_text().replace("floor_derived,", "", 1)
    path.write_text(text)
    errors = read_data(project / "data", project).report.errors
    assert any(
        e.file == str(TARGETS) and e.line == 1 and "floor_derived" in e.message for e in errors
    )


def test_wrong_number_of_cells_is_malformed(project: Path) -> None:
    path = project / FIGURES
    path.write_text(path.read_text() + "cic-kcc-foster-care,kent,2024-11,70.0\n")
    errors = read_data(project / "data", project).report.errors
    assert any("4 cells where the header has 10" in e.message for e in errors)


def test_value_or_status_required(project: Path) -> None:
    path = project / FIGURES
    path.write_text(path.read_text() + "cic-kcc-foster-care,kent,2024-11,,,,,,,\n")
    errors = read_data(project / "data", project).report.errors
    assert any(e.field == "value" and "status saying why" in e.message for e in errors)


def test_marker_status_cannot_carry_a_value(project: Path) -> None:
    path = project / FIGURES
    path.write_text(path.read_text() + "cic-kcc-foster-care,kent,2024-11,70.0,,,not_available,,,\n")
    errors = read_data(project / "data", project).report.errors
    assert any("must leave value empty" in e.message for e in errors)


def test_quarter_for_a_monthly_indicator_is_refused(project: Path) -> None:
    path = project / FIGURES
    path.write_text(path.read_text() + "cic-kcc-foster-care,kent,2025-26 Q1,70.0,,,,,,\n")
    errors = read_data(project / "data", project).report.errors
    assert any("reported by month" in e.message for e in errors)


def test_not_utf8_is_malformed(project: Path) -> None:
    (project / FIGURES).write_bytes("id,area\n\xff\xfe".encode("latin-1"))
    errors = read_data(project / "data", project).report.errors
    assert any("not UTF-8" in e.message for e in errors)
