"""Every month the data supports renders; months without data are refused clearly."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from support.scratch import make_project

from helpers.data.months import new_month
from helpers.data.params import ParamsError, load_month_params
from helpers.engine.scorecard import NoDataError
from helpers.publish.run import run_report

MONTHS = ["2019-02", "2025-05", "2025-06", "2025-07", "2025-08", "2025-09", "2025-10", "2025-11"]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("months") / "project")


@pytest.mark.slow
@pytest.mark.parametrize("month", MONTHS)
def test_month_renders(project: Path, month: str) -> None:
    result = run_report(project, month, "kent")
    for path in result.outputs:
        assert path.stat().st_size > 1000, path
    with (result.folder / "scorecard.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    if month == "2019-02":
        codes = {r["code"] for r in rows}
        assert {"SCS03", "EH22 - C", "CYPE4", "EH new"} <= codes  # the 2019 set
        assert "SCS01" not in codes
        assert {r["status"] for r in rows} == {"not_available"}
        html = (result.folder / "scorecard.html").read_text(encoding="utf-8")
        assert "No figures of the February 2019 scorecard survive" in html
    else:
        row = next(r for r in rows if r["id"] == "cic-kcc-foster-care")
        assert row["period"] == month
        assert row[f"{_label(month)}"] == row["value"]
        assert "Dec-25" not in rows[0]


def _label(month: str) -> str:
    import datetime

    year, number = (int(p) for p in month.split("-"))
    return datetime.date(year, number, 1).strftime("%b-%y")


def test_month_without_parameters_is_refused(project: Path) -> None:
    with pytest.raises(ParamsError, match=r"no parameters for 2031-01"):
        run_report(project, "2031-01", "kent")


def test_month_without_data_is_refused(project: Path, tmp_path: Path) -> None:
    text = (
        (project / "params/2025-10.yml").read_text().replace('month: "2025-10"', 'month: "2024-01"')
    )
    (project / "params/2024-01.yml").write_text(text)
    try:
        with pytest.raises(NoDataError, match="no data for kent in 2024-01"):
            run_report(project, "2024-01", "kent")
    finally:
        (project / "params/2024-01.yml").unlink()
    assert not (project / "reports/2024-01/kent").exists()


def test_new_month_starts_from_the_previous(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    written = new_month(root, "2025-12")
    assert [p.name for p in written] == [
        "2025-12.yml",
        "commentary-send.md",
        "commentary-ics.md",
        "commentary-education.md",
    ]
    params = load_month_params(root, "2025-12")
    previous = load_month_params(root, "2025-11")
    assert params.publication_date.isoformat() == "2026-01-22"
    assert params.areas == previous.areas
    assert params.guidance_notes == previous.guidance_notes
    text = (root / "params/2025-12.yml").read_text()
    assert text.startswith("# Parameters of the December 2025 scorecard, started from 2025-11")
    assert "November" not in text.split("\n", 1)[1].split("month:")[0]
    with pytest.raises(ParamsError, match="never overwritten"):
        new_month(root, "2025-12")
    with pytest.raises(ParamsError, match="not a month"):
        new_month(root, "2025-13")
