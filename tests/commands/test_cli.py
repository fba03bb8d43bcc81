"""The ``scorecard`` command: exit codes, messages and the ratings CSV."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.commands.cli import main

RATINGS_COLUMNS = [
    "id",
    "code",
    "title",
    "section",
    "polarity",
    "value",
    "target",
    "floor",
    "rag",
    "dot",
]


@pytest.fixture
def in_project(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SCORECARD_ROOT", str(project))
    return project


def test_ratings_csv(in_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ratings", "--month", "2025-11", "--area", "kent", "--csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert set(RATINGS_COLUMNS) <= set(rows[0])
    row = next(r for r in rows if r["id"] == "cic-kcc-foster-care")
    assert (row["code"], row["value"], row["target"], row["floor"], row["rag"], row["dot"]) == (
        "SCS19",
        "68.3",
        "85.0",
        "75.0",
        "RED",
        "worsened",
    )
    assert len(rows) == 89
    assert (in_project / "build/scorecard.duckdb").exists()


def test_validate_exit_codes(in_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate"]) == 0
    assert "0 errors" in capsys.readouterr().out
    path = in_project / "data/sample/kent/figures.csv"
    path.write_text(path.read_text() + "cic-kcc-foster-care,kent,2025-11,abc,,,,,,\n")
    assert main(["validate"]) == 1
    err = capsys.readouterr().err
    assert "data/sample/kent/figures.csv" in err and "field 'value'" in err


def test_bad_data_stops_ratings_and_keeps_the_store(
    in_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["store"]) == 0
    store = in_project / "build/scorecard.duckdb"
    before = store.read_bytes()
    path = in_project / "data/sample/kent/figures.csv"
    path.write_text(path.read_text() + "nope,kent,2025-11,1,,,,,,\n")
    assert main(["ratings", "--month", "2025-11"]) == 1
    assert "unknown indicator id 'nope'" in capsys.readouterr().err
    assert store.read_bytes() == before


def test_unknown_month_and_area(in_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ratings", "--month", "2031-01"]) == 2
    assert "no data for kent in 2031-01" in capsys.readouterr().err
    assert main(["ratings", "--month", "2025-11", "--area", "atlantis"]) == 2
    assert "unknown area 'atlantis'" in capsys.readouterr().err


def test_console_script_is_installed(root: Path) -> None:
    exe = Path(sys.executable).with_name("scorecard")
    result = subprocess.run(
        [str(exe), "ratings", "--month", "2025-11", "--csv"],
        capture_output=True,
        text=True,
        cwd=root,
        check=False,
        env={**os.environ, "SCORECARD_ROOT": str(root)},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("id,code,title,section")


def test_synthetic_regenerates_the_committed_data(
    in_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    figures = in_project / "data" / "synthetic" / "ashford" / "figures.csv"
    committed = figures.read_bytes()
    figures.write_text("id,area\n", encoding="utf-8")  # damaged by hand
    assert main(["synthetic"]) == 0
    assert "under data/synthetic/ (seed" in capsys.readouterr().out
    assert figures.read_bytes() == committed
