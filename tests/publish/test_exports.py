"""scorecard.csv and scorecard.xlsx: every row, trend columns by period, deterministic."""

from __future__ import annotations

import csv
import datetime
from pathlib import Path

from openpyxl import load_workbook

from helpers.engine.scorecard import Scorecard
from helpers.publish.exports import scorecard_frame, write_csv, write_xlsx

REQUIRED = [
    "id",
    "code",
    "title",
    "section",
    "polarity",
    "data_period",
    "value",
    "numerator",
    "denominator",
    "target",
    "floor",
    "rag",
    "dot",
]


def test_csv_has_every_row_and_trend_columns(november: Scorecard, tmp_path: Path) -> None:
    path = write_csv(november, tmp_path / "scorecard.csv")
    rows = list(csv.DictReader(path.open()))
    assert len(rows) == len(november.rows) == 89
    assert set(REQUIRED) <= set(rows[0])
    for label in ("May-25", "Nov-25", "Q2 25-26", "Autumn 25-26", "2021-22", "2024-25"):
        assert label in rows[0]
    row = next(r for r in rows if r["id"] == "cic-kcc-foster-care")
    assert (row["May-25"], row["Nov-25"], row["numerator"], row["rag"]) == (
        "71.5",
        "68.3",
        "694.0",
        "RED",
    )
    vl = next(
        r for r in rows if r["id"] == "eyfs-gld-fsm-gap" and r["table"] == "vulnerable-primary"
    )
    assert vl["2021-22"] == "22.6"  # the figure printed in that table


def test_frame_is_unformatted(november: Scorecard) -> None:
    frame = scorecard_frame(november)
    assert frame.loc[frame["id"] == "send-independent-placements", "numerator"].iloc[0] == 2274


def test_xlsx_sheets_and_determinism(november: Scorecard, tmp_path: Path) -> None:
    day = datetime.date(2025, 12, 22)
    a = write_xlsx(november, tmp_path / "a.xlsx", day)
    b = write_xlsx(november, tmp_path / "b.xlsx", day)
    assert a.read_bytes() == b.read_bytes()
    book = load_workbook(a)
    assert book.sheetnames == [
        "Activity-Volume",
        "SEND",
        "Integrated Childrens Services",
        "Education",
        "Vulnerable Learners",
    ]
    first = [c.value for c in book["Integrated Childrens Services"][1]]
    assert first[0].startswith("Integrated Children's Services Monthly Indicators")


def test_files_from_synthetic_data_say_so(root: Path, tmp_path: Path) -> None:
    from helpers.data.store import CsvSource
    from helpers.engine.scorecard import build_scorecard

    district = build_scorecard(CsvSource(root / "data"), "2025-11", "dover")
    rows = list(csv.DictReader(write_csv(district, tmp_path / "d.csv").open()))
    assert {r["data_status"] for r in rows} == {"synthetic demonstration data"}
    book = load_workbook(write_xlsx(district, tmp_path / "d.xlsx", datetime.date(2025, 12, 22)))
    for sheet in book.worksheets:
        assert sheet["A1"].value.startswith("SYNTHETIC DEMONSTRATION DATA: the figures for Dover")


def test_files_from_published_data_carry_no_banner(november: Scorecard, tmp_path: Path) -> None:
    rows = list(csv.DictReader(write_csv(november, tmp_path / "k.csv").open()))
    assert {r["data_status"] for r in rows} == {"published"}
    book = load_workbook(write_xlsx(november, tmp_path / "k.xlsx", datetime.date(2025, 12, 22)))
    assert not any("SYNTHETIC" in str(s["A1"].value) for s in book.worksheets)
