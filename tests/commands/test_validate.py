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
