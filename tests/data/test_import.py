"""scorecard import: a December 2025 return goes in; every mistake is refused, naming its place."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pytest
from support import FIXTURES

from helpers.commands.cli import main
from helpers.data.audit import entries_for_month, read_log
from helpers.data.importer import ImportRefusedError, Options, import_return
from helpers.data.returns import read_return
from helpers.data.store import CsvSource
from helpers.engine.scorecard import build_scorecard

DECEMBER = FIXTURES / "returns" / "2025-12-kent.csv"
HEADER = "code,indicator,period,value,numerator,denominator,status,note\n"
SCS01_TITLE = (
    "Percentage re-referrals to Children's Social Work Services within 12 months of a "
    "previous referral (R12M)"
)


def _tree_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(folder)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture
def in_project(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SCORECARD_ROOT", str(project))
    return project


def _write(tmp_path: Path, body: str, name: str = "return.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_december_return_is_imported_rated_and_logged(in_project: Path, capsys) -> None:
    november_before = build_scorecard(CsvSource(in_project / "data"), "2025-11", "kent").rows
    assert main(["import", str(DECEMBER), "--by", "A. Analyst"]) == 0
    out = capsys.readouterr().out
    assert "14 new, 0 revised, 0 unchanged" in out
    card = build_scorecard(CsvSource(in_project / "data"), "2025-12", "kent")
    rows = {(r["table"], r["id"]): r for r in card.records()}
    rated = [r for r in card.records() if r["period"] == "2025-12" and r["rag"]]
    assert len({r["id"] for r in rated}) >= 10
    assert rows[("ics-monthly", "csws-re-referrals")]["value"] == 22.6
    assert rows[("ics-monthly", "csws-re-referrals")]["rag"] == "GREEN"
    assert rows[("ics-quarterly", "proven-reoffending")]["period"] == "2025-26 Q3"
    assert rows[("ics-quarterly", "proven-reoffending")]["value"] == 29.0
    entries = entries_for_month(read_log(in_project / "data"), "2025-12")
    assert len(entries) == 14
    digest = hashlib.sha256(DECEMBER.read_bytes()).hexdigest()
    assert {e.sha256 for e in entries} == {digest}
    assert {e.by for e in entries} == {"A. Analyst"}
    assert {e.period for e in entries} >= {"2025-12", "2025-26 Q3"}
    november_after = build_scorecard(CsvSource(in_project / "data"), "2025-11", "kent").rows
    assert november_after.equals(november_before)
    assert main(["log", "--month", "2025-12"]) == 0
    assert digest in capsys.readouterr().out


def test_importing_the_same_return_again_changes_nothing(in_project: Path, capsys) -> None:
    assert main(["import", str(DECEMBER)]) == 0
    figures = (in_project / "data" / "sample" / "kent" / "figures.csv").read_bytes()
    assert main(["import", str(DECEMBER)]) == 0
    assert "0 new, 0 revised, 14 unchanged" in capsys.readouterr().out
    assert (in_project / "data" / "sample" / "kent" / "figures.csv").read_bytes() == figures


def test_a_revision_needs_revise_and_keeps_the_old_value(
    in_project: Path, tmp_path, capsys
) -> None:
    path = _write(tmp_path, 'SCS19,,Nov-25,68.4,695,"1,016",,\n')
    assert main(["import", str(path)]) == 1
    err = capsys.readouterr().err
    assert "row 2, field 'period'" in err and "--revise" in err
    assert main(["import", str(path), "--revise", "--by", "MI"]) == 0
    revised = [e for e in read_log(in_project / "data") if e.change == "revised"]
    assert [(e.id, e.old, e.new) for e in revised] == [
        ("cic-kcc-foster-care", "68.3 (694 / 1,016)", "68.4 (695 / 1,016)")
    ]


MISTAKES = {
    "26.2 typed for 22.6": (
        f'SCS01,"{SCS01_TITLE}",Dec-25,26.2,"5,350","23,672",,\n',
        "field 'value'",
        "disagrees with 5,350 / 23,672",
    ),
    "a percentage typed as a fraction": ("SCS19,,Dec-25,0.682,,,,\n", "field 'value'", "fraction"),
    "the numerator typed into the denominator column": (
        'SCS08,,Dec-25,88.2,"1,561","1,561",,\n',
        "field 'value'",
        "the same number",
    ),
    "a caseload's numerator and denominator swapped": (
        'SCS43,,Dec-25,21.4,266.9,"5,702",,\n',
        "field 'value'",
        "look swapped",
    ),
    "a swapped percentage": (
        "SCS18,,Dec-25,,466,341,,\n",
        "field 'numerator'",
        "exceeds denominator",
    ),
    "an ambiguous code": ("SCS01,,Dec-25,22.6,,,,\n", "field 'code'", "social-work-open-cases"),
    "an unknown code": ("XYZ9,,Dec-25,1,,,,\n", "field 'code'", "unknown code"),
    "a period that is not one": ("SCS18,,Dex-25,73.2,,,,\n", "field 'period'", "not a period"),
    "a month for a quarterly indicator": (
        "CYPE8,,Dec-25,29.0,,,,\n",
        "field 'period'",
        "reported by quarter",
    ),
    "text for a number": ("SCS34,,Dec-25,abc,,,,\n", "field 'value'", "not a number"),
    "an unknown status": ("EH52-F,,Dec-25,,,,maybe,\n", "field 'status'", "not a status"),
    "no value and no status": ("EH52-F,,Dec-25,,,,,\n", "field 'value'", "is empty"),
    "a value with a marker": (
        "EH52-F,,Dec-25,92.3,,,to_be_supplied,\n",
        "field 'value'",
        "must leave value empty",
    ),
    "an unknown area": ("SCS18,,Dec-25,73.2,,,,\n", "field 'area'", "unknown area"),
}


@pytest.mark.parametrize("mistake", MISTAKES)
def test_each_mistake_is_refused_and_nothing_changes(
    mistake: str, in_project: Path, tmp_path: Path, capsys
) -> None:
    body, where, message = MISTAKES[mistake]
    good = 'SCS29,,Dec-25,429.2,"21,890",51,,\n'
    path = _write(tmp_path, good + body)
    before = _tree_hash(in_project / "data")
    args = ["import", str(path)] + (["--area", "nowhere"] if "area" in mistake else [])
    assert main(args) == 1
    err = capsys.readouterr().err
    assert f"return.csv, row 3, {where}" in err, err
    assert message in err
    assert "nothing was changed" in err
    assert _tree_hash(in_project / "data") == before


def test_values_as_typed(in_project: Path, tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        'SCS08,,December 2025,88.2%,"1,561","1,770",,\n'
        "SCS18,,2025-12,,341,466,,computed\n"
        "EY2,,Spring 25-26,70.1,,,,\n",
    )
    result = import_return(in_project, read_return(path), Options(dry_run=True))
    cells = {c.figure.id: c.figure.cells for c in result.changes}
    assert cells["returner-interviews"]["value"] == "88.2"
    assert cells["returner-interviews"]["numerator"] == "1,561"
    assert cells["cic-placement-stability"]["value"] == "73.2"
    assert cells["two-year-old-take-up"]["period"] == "2025-26 Spring"


def test_a_jump_outside_the_expected_change_needs_accept(
    in_project: Path, tmp_path, capsys
) -> None:
    (in_project / "data" / "registry" / "import_checks.csv").write_text(
        "id,max_change,reason\ncic-kcc-foster-care,2.0,test\n", encoding="utf-8"
    )
    path = _write(tmp_path, 'SCS19,,Dec-25,58.0,580,"1,000",,\n')
    assert main(["import", str(path)]) == 1
    assert "--accept" in capsys.readouterr().err
    assert main(["import", str(path), "--accept", "new placements framework"]) == 0
    entry = read_log(in_project / "data")[-1]
    assert "new placements framework" in entry.reason and "accepted" in entry.reason


def test_workbook_errors_name_the_sheet(in_project: Path, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Liberi"
    sheet = book.active
    sheet.append(["Returns for December 2025"])
    sheet.append([])
    sheet.append(["code", "indicator", "period", "value", "numerator", "denominator", "status"])
    sheet.append(["SCS19", "", "Dec-25", 0.682])
    path = tmp_path / "return.xlsx"
    book.save(path)
    with pytest.raises(ImportRefusedError) as caught:
        import_return(in_project, read_return(path), Options())
    assert "return.xlsx, sheet 'Liberi', row 4, field 'value'" in str(caught.value)


def test_the_fixture_is_a_plain_csv() -> None:
    with DECEMBER.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len([r for r in rows if r["period"] == "Dec-25"]) >= 10
    assert any(r["code"] == "CYPE8" and r["period"] == "Q3 25-26" for r in rows)


def test_a_bad_threshold_file_is_named(in_project: Path, tmp_path: Path, capsys) -> None:
    (in_project / "data" / "registry" / "import_checks.csv").write_text(
        "id,max_change,reason\nno-such-id,2,x\ncic-kcc-foster-care,lots,x\n", encoding="utf-8"
    )
    assert main(["import", str(DECEMBER)]) == 1
    err = capsys.readouterr().err
    assert "data/registry/import_checks.csv, line 2, field 'id'" in err
    assert "data/registry/import_checks.csv, line 3, field 'max_change'" in err
