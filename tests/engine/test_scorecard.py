"""The scorecard builder: ratings are computed from the files, never stored."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.data.store import CsvSource
from helpers.engine.scorecard import NoDataError, Scorecard, build_scorecard


def _row(card: Scorecard, table: str, indicator: str) -> dict:
    return next(r for r in card.records(table) if r["id"] == indicator)


def test_november_row_is_rated_from_its_figures(november: Scorecard) -> None:
    row = _row(november, "ics-monthly", "cic-kcc-foster-care")
    assert row["value"] == 68.3
    assert row["numerator"] == 694 and row["denominator"] == 1016
    assert (row["target"], row["floor"], row["rag"], row["dot"]) == (85.0, 75.0, "RED", "worsened")
    assert row["previous_year"] == "2024-25"
    assert (row["previous_year_value"], row["previous_year_rag"]) == (72.8, "RED")


def test_trend_columns_per_table(november: Scorecard) -> None:
    labels = dict(zip(november.tables["table"], november.tables["labels"], strict=True))
    assert labels["ics-monthly"] == [
        "May-25",
        "Jun-25",
        "Jul-25",
        "Aug-25",
        "Sep-25",
        "Oct-25",
        "Nov-25",
    ]
    assert labels["ics-quarterly"] == ["Q3 24-25", "Q4 24-25", "Q1 25-26", "Q2 25-26"]
    assert labels["education-termly"] == [
        "Autumn 24-25",
        "Spring 24-25",
        "Summer 24-25",
        "Autumn 25-26",
    ]
    assert labels["education-annual"] == ["2021-22", "2022-23", "2023-24", "2024-25"]


def test_t_polarity_inside_and_outside_the_range(november: Scorecard) -> None:
    row = _row(november, "ics-monthly", "cp-plan-second-time")
    assert (row["target_low"], row["target_high"]) == (17.5, 22.5)
    assert row["rag"] == "AMBER"  # 26.9 outside 17.5-22.5, inside the floor range
    assert row["dot"] == "improved"  # 27.4 -> 26.9 is nearer the target of 20.0


def test_annual_results_rated_against_their_own_year(november: Scorecard) -> None:
    row = _row(november, "education-annual", "eyfs-gld")
    assert (row["period"], row["year"], row["target"], row["rag"]) == (
        "2024-25",
        "2024-25",
        69.0,
        "AMBER",
    )
    assert row["next_year_target"] == 71.0


def test_table_scoped_figure_shows_in_its_table_only(november: Scorecard) -> None:
    trend = november.trend
    ey15 = trend[(trend["id"] == "eyfs-gld-fsm-gap") & (trend["period"] == "2021-22")]
    values = dict(zip(ey15["table"], ey15["value"], strict=True))
    assert values == {"education-annual": 23.2, "vulnerable-primary": 22.6}


def test_activity_rows_are_to_be_supplied(november: Scorecard) -> None:
    rows = november.records("activity")
    assert len(rows) == 26
    assert {r["status"] for r in rows} == {"to_be_supplied"}


def _edit(project: Path, relative: str, old: str, new: str) -> None:
    path = project / relative
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def _rating(project: Path, table: str, indicator: str) -> dict:
    card = build_scorecard(CsvSource(project / "data"), "2025-11", "kent")
    return _row(card, table, indicator)


def test_changing_a_figure_changes_the_rating(project: Path) -> None:
    assert _rating(project, "ics-monthly", "cic-kcc-foster-care")["rag"] == "RED"
    _edit(
        project,
        "data/sample/kent/figures.csv",
        'cic-kcc-foster-care,kent,2025-11,68.3,694,"1,016"',
        "cic-kcc-foster-care,kent,2025-11,86.0,,",
    )
    row = _rating(project, "ics-monthly", "cic-kcc-foster-care")
    assert (row["rag"], row["dot"]) == ("GREEN", "improved")


def test_changing_a_target_changes_the_rating(project: Path) -> None:
    _edit(
        project,
        "data/sample/targets.csv",
        "cic-kcc-foster-care,2025-26,85.0,75.0",
        "cic-kcc-foster-care,2025-26,68.0,60.0",
    )
    assert _rating(project, "ics-monthly", "cic-kcc-foster-care")["rag"] == "GREEN"


def test_changing_a_floor_changes_the_rating(project: Path) -> None:
    _edit(
        project,
        "data/sample/targets.csv",
        "cic-kcc-foster-care,2025-26,85.0,75.0",
        "cic-kcc-foster-care,2025-26,85.0,65.0",
    )
    assert _rating(project, "ics-monthly", "cic-kcc-foster-care")["rag"] == "AMBER"


def test_changing_polarity_changes_the_arrow(project: Path) -> None:
    assert _rating(project, "send-monthly", "ehcp-average-days")["dot"] == "worsened"
    _edit(
        project,
        "data/registry/indicators.csv",
        "ehcp-average-days,send,send-monthly,L,",
        "ehcp-average-days,send,send-monthly,H,",
    )
    assert _rating(project, "send-monthly", "ehcp-average-days")["dot"] == "improved"


def test_thresholds_that_contradict_polarity_are_a_data_error(project: Path) -> None:
    from helpers.data.load import read_data

    _edit(
        project,
        "data/registry/indicators.csv",
        "cic-kcc-foster-care,ics,ics-monthly,H,",
        "cic-kcc-foster-care,ics,ics-monthly,L,",
    )
    errors = read_data(project / "data", project).report.errors
    assert any(
        e.file == "data/sample/targets.csv"
        and e.field == "floor"
        and "do not fit polarity L" in e.message
        for e in errors
    )


def test_earlier_month_shrinks_and_hides_later_releases(root: Path) -> None:
    card = build_scorecard(CsvSource(root / "data"), "2025-05", "kent")
    labels = dict(zip(card.tables["table"], card.tables["labels"], strict=True))
    assert labels["ics-monthly"][-1] == "May-25"
    row = _row(card, "ics-monthly", "cic-kcc-foster-care")
    assert row["value"] == 71.5 and row["dot"] is None  # April 2025 is not in the sample
    annual = _row(card, "education-annual", "eyfs-gld")
    assert annual["period"] == "2023-24"  # the 2024-25 results were released in Nov 2025


def test_month_without_data_is_refused(root: Path) -> None:
    with pytest.raises(NoDataError, match="no data for kent in 2031-01"):
        build_scorecard(CsvSource(root / "data"), "2031-01", "kent")


def test_unknown_area_is_refused(root: Path) -> None:
    with pytest.raises(KeyError, match="unknown area 'atlantis'"):
        build_scorecard(CsvSource(root / "data"), "2025-11", "atlantis")


def test_lookups_agree_with_the_frames_and_hand_out_copies(november: Scorecard) -> None:
    """``row``, ``table_record`` and ``trend_of`` answer from indexes made once."""
    rows = november.rows
    first = rows.iloc[0]
    record = november.row(first["table"], first["id"])
    assert record["code"] == (first["code"] if isinstance(first["code"], str) else None)
    record["code"] = "changed"
    assert november.row(first["table"], first["id"])["code"] != "changed"
    table = november.table_record(first["table"])
    assert list(table["periods"]) == list(
        november.tables.loc[november.tables["table"] == first["table"], "periods"].iloc[0]
    )
    trend = november.trend_of(first["table"], first["id"])
    expected = november.trend[
        (november.trend["table"] == first["table"]) & (november.trend["id"] == first["id"])
    ]
    assert [t["period"] for t in trend] == list(expected["period"]) and trend
    assert november.trend_of(first["table"], "no-such-row") == []
    with pytest.raises(KeyError, match="no row"):
        november.row(first["table"], "no-such-row")
    with pytest.raises(KeyError, match="no table"):
        november.table_record("no-such-table")
