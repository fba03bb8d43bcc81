"""The DuckDB store and the sources that read it (or the text files, or SQLite)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pandas as pd
import pytest
from support import ROOT

from helpers.data.problems import DataError
from helpers.data.store import (
    CsvSource,
    DuckDBSource,
    SqliteSource,
    build_store,
    load_data_sources,
    load_indicators,
    load_layout,
    open_source,
)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = ROOT
    path = tmp_path_factory.mktemp("store") / "scorecard.duckdb"
    build_store(root / "data", path)
    return path


def test_store_holds_every_table(store: Path) -> None:
    source = DuckDBSource(store)
    assert len(source.read("indicators")) == 88
    figures = source.read("figures")
    assert {"source_file", "source_line", "value", "value_dp", "dataset"} <= set(figures.columns)
    assert source.read("meta")["key"].tolist() == ["data_fingerprint"]


def test_store_and_text_files_give_the_same_frames(store: Path, root: Path) -> None:
    for table in ("figures", "targets", "versions"):
        a = DuckDBSource(store).read(table).reset_index(drop=True)
        b = CsvSource(root / "data").read(table).reset_index(drop=True)
        pd.testing.assert_frame_equal(a, b, check_dtype=False)


def test_sqlite_source_reads_the_same_tables(store: Path, tmp_path: Path) -> None:
    db = tmp_path / "warehouse.db"
    with sqlite3.connect(db) as con:
        for table in ("indicators", "versions"):
            DuckDBSource(store).read(table).to_sql(table, con, index=False)
    month = "2025-11"
    a = load_indicators(SqliteSource(db), month).reset_index(drop=True)
    b = load_indicators(DuckDBSource(store), month).reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b, check_dtype=False)


def test_open_source_by_url(store: Path, root: Path) -> None:
    assert isinstance(open_source(f"duckdb:///{store}"), DuckDBSource)
    assert isinstance(open_source(store), DuckDBSource)
    assert isinstance(open_source(root / "data"), CsvSource)
    assert isinstance(open_source("sqlite:///x.db"), SqliteSource)
    with pytest.raises(ValueError, match="known schemes"):
        open_source("postgresql://warehouse/scorecard")


def test_failed_build_leaves_the_old_store(project: Path, store: Path) -> None:
    target = project / "build" / "scorecard.duckdb"
    target.parent.mkdir()
    shutil.copy(store, target)
    before = target.read_bytes()
    figures = project / "data/sample/kent/figures.csv"
    figures.write_text(figures.read_text() + "no-such-indicator,kent,2025-11,1,,,,,,\n")
    with pytest.raises(DataError, match="unknown indicator id"):
        build_store(project / "data", target)
    assert target.read_bytes() == before
    assert not target.with_name("scorecard.duckdb.tmp").exists()


def test_codes_titles_and_definitions_follow_the_month(store: Path) -> None:
    source = DuckDBSource(store)
    in_2019 = load_indicators(source, "2019-02").set_index("id")
    in_2025 = load_indicators(source, "2025-11").set_index("id")
    assert in_2019.loc["csws-re-referrals", "code"] == "SCS03"
    assert in_2025.loc["csws-re-referrals", "code"] == "SCS01"
    assert in_2019.loc["eh-unit-re-referrals", "code"] == "EH22 - C"
    assert in_2025.loc["eh-unit-re-referrals", "code"] == "EH72-F"
    # retired and new indicators
    assert "primary-surplus-places" in in_2019.index
    assert "primary-surplus-places" not in in_2025.index
    assert "eh-closures-positive-outcome" in in_2019.index
    assert "eh-closures-positive-outcome" not in in_2025.index
    assert "eh-closures-returning-3-months" not in in_2019.index
    assert (
        "eh-closures-returning-3-months" in load_indicators(source, "2020-05").set_index("id").index
    )


def test_layout_of_november_2025(store: Path) -> None:
    tables, rows = load_layout(DuckDBSource(store), "2025-11")
    assert tables["table"].tolist()[:4] == [
        "activity",
        "send-monthly",
        "ics-monthly",
        "ics-quarterly",
    ]
    ics = rows[rows["table"] == "ics-monthly"]
    assert len(ics) == 16
    assert ics.iloc[0]["id"] == "csws-re-referrals"


def test_data_sources_of_the_month(store: Path) -> None:
    frame = load_data_sources(DuckDBSource(store), "sample", "2025-11")
    assert len(frame) == 75
    assert frame.iloc[0]["group"] == "Activity-Volume Measures"
    # a month without its own edition gets the nearest one, and says which
    earlier = load_data_sources(DuckDBSource(store), "sample", "2025-10")
    assert set(earlier["report_month"]) == {"2025-11"}
