"""Cross-file checks: warnings where the published figures contradict themselves."""

from __future__ import annotations

from pathlib import Path

from helpers.data.load import read_data


def _warnings(root: Path) -> list[str]:
    return [str(p) for p in read_data(root / "data", root).report.warnings]


def test_published_inconsistencies_are_warnings_not_errors(root: Path) -> None:
    files = read_data(root / "data", root)
    assert files.report.errors == []
    text = "\n".join(str(p) for p in files.report.warnings)
    # SISE4: numerator and denominator printed the wrong way round
    assert "ks2-rwm-expected 2024-25: numerator 18853 exceeds denominator 11694" in text
    assert "printed 62 but 18853 / 11694 gives 161" in text
    # EY15 printed two ways
    assert "eyfs-gld-fsm-gap 2021-22 is printed as 22.6 in table 'vulnerable-primary'" in text
    # printed code clashes
    assert "printed code SCS01 names more than one indicator" in text
    assert "prints code EH46 for primary-severe-absence" in text


def test_value_disagreeing_with_its_numerator_warns_and_is_kept(project: Path) -> None:
    path = project / "data/sample/kent/figures.csv"
    text = path.read_text().replace(
        'cic-kcc-foster-care,kent,2025-11,68.3,694,"1,016"',
        'cic-kcc-foster-care,kent,2025-11,70.3,694,"1,016"',
    )
    path.write_text(text)
    files = read_data(project / "data", project)
    assert files.report.errors == []
    assert any(
        "cic-kcc-foster-care 2025-11: printed 70.3 but 694 / 1016 gives 68.3" in str(w)
        for w in files.report.warnings
    )
    fig = files["figures"]
    assert (
        fig[(fig["id"] == "cic-kcc-foster-care") & (fig["period"] == "2025-11")].iloc[0]["value"]
        == 70.3
    )


def test_target_without_floor_warns(project: Path) -> None:
    path = project / "data/sample/targets.csv"
    text = path.read_text().replace(
        "returner-interviews,2025-26,90.0,85.0,", "returner-interviews,2025-26,90.0,,"
    )
    path.write_text(text)
    warnings = _warnings(project)
    assert any("returner-interviews 2025-26 has a target but no floor" in w for w in warnings)


def test_unknown_table_is_an_error(project: Path) -> None:
    path = project / "data/registry/rows.csv"
    path.write_text(path.read_text() + "no-such-table,1,eyfs-gld,2025-05,,\n")
    errors = read_data(project / "data", project).report.errors
    assert any(e.field == "table" and "unknown table 'no-such-table'" in e.message for e in errors)


def test_area_must_match_its_folder(project: Path) -> None:
    path = project / "data/sample/kent/figures.csv"
    path.write_text(path.read_text() + "cic-kcc-foster-care,dover,2024-11,70.0,,,,,,\n")
    errors = read_data(project / "data", project).report.errors
    assert any(e.field == "area" and "folder of area 'kent'" in e.message for e in errors)
