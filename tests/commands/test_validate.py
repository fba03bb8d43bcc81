"""``scorecard validate``: passes on the sample, warns about each published inconsistency."""

from __future__ import annotations

from pathlib import Path

from helpers.commands.validate import validate


def test_sample_validates_with_warnings(root: Path) -> None:
    report = validate(root)
    assert report.errors == []
    text = "\n".join(str(p) for p in report.warnings)
    for words in (
        "numerator 18853 exceeds denominator 11694",
        "eyfs-gld-fsm-gap 2021-22 is printed as 22.6",
        "printed code SCS01 names more than one indicator",
        "eh-unit-caseload-families (ics-monthly): published AMBER but the figures give GREEN",
        "SISE4 (education-annual): published improved but the figures give same",
    ):
        assert words in text


def test_stale_store_is_reported(project: Path) -> None:
    from helpers.data.store import build_store

    build_store(project / "data", project / "build/scorecard.duckdb")
    assert not any("out of date" in str(w) for w in validate(project).warnings)
    path = project / "data/sample/targets.csv"
    path.write_text(path.read_text() + "\n")
    assert any("out of date" in str(w) for w in validate(project).warnings)


def test_published_inconsistencies_collapse_to_one_line(root: Path, capsys) -> None:
    from helpers.commands.cli import main

    assert main(["validate"]) == 0
    err = capsys.readouterr().err
    assert "known inconsistencies in the published figures" in err
    assert "docs/data-notes.md" in err
    assert "exceeds denominator" not in err


def test_a_new_figure_that_contradicts_itself_is_an_error(project: Path) -> None:
    path = project / "data/sample/kent/figures.csv"
    path.write_text(path.read_text() + 'csws-re-referrals,kent,2025-12,26.2,"5,350","23,672",,,,\n')
    errors = [str(e) for e in validate(project).errors]
    assert any("2025-12 (not yet published)" in e and "disagrees" in e for e in errors), errors
