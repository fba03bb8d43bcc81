"""The exploring API on the sample, checked against the published November 2025 figures.

Kent's figures are the published ones (reference/seeds/, the November 2025 scorecard as
printed, and reference/published/2025-11-kent-ratings.csv); the districts' are read here
straight from data/synthetic/<area>/figures.csv, independently of the engine.
"""

from __future__ import annotations

import csv
import inspect
import itertools
import re
import statistics

import pandas as pd
import pytest
from support import ROOT
from support.seedtext import SEED_2025, table_rows

from helpers.data.names import NameLookupError
from helpers.data.store import build_store
from helpers.engine.mdc import summary_frame
from helpers.engine.scorecard import NoDataError, Scorecard
from helpers.notebook import explore
from helpers.notebook.explore import (
    Frames,
    areas,
    chart,
    compare,
    history,
    indicators,
    load,
    spc_table,
)
from helpers.render.charts import trend_chart
from helpers.render.mdc_views import section_spc_charts
from helpers.rules.travel import parse_arrow

MONTH = "2025-11"
SCS19 = "cic-kcc-foster-care"
MONTH_KEY = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


def _seed_row(code: str) -> list[str]:
    return next(cells for _, cells in table_rows(SEED_2025) if cells[0].strip() == code)


def _printed_trend(code: str) -> list[float]:
    """The seven monthly trend figures printed on the row (columns after the QPR tick)."""
    return [float(c) for c in _seed_row(code)[5:12]]


def _published(indicator: str, table: str) -> dict[str, str]:
    path = ROOT / "reference/published/2025-11-kent-ratings.csv"
    with path.open(encoding="utf-8") as handle:
        return next(
            r for r in csv.DictReader(handle) if (r["id"], r["table"]) == (indicator, table)
        )


def _synthetic(area: str, indicator: str) -> dict[str, float]:
    path = ROOT / "data/synthetic" / area / "figures.csv"
    with path.open(encoding="utf-8") as handle:
        return {
            r["period"]: float(r["value"].replace(",", ""))
            for r in csv.DictReader(handle)
            if r["id"] == indicator and r["value"] and MONTH_KEY.fullmatch(r["period"])
        }


def _listed(frame: pd.DataFrame) -> list[list[object]]:
    return frame.astype(object).where(frame.notna(), None).values.tolist()


@pytest.fixture(scope="module")
def at(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Where the calls read: a store built from the project's text files, once."""
    path = tmp_path_factory.mktemp("store") / "scorecard.duckdb"
    build_store(ROOT / "data", path)
    return {"source": f"duckdb:///{path}", "root": ROOT}


@pytest.fixture(scope="module")
def kent(at: dict[str, object]) -> Frames:
    return load(MONTH, "kent", **at)


@pytest.fixture(scope="module")
def scs19_everywhere(at: dict[str, object]) -> pd.DataFrame:
    return compare("SCS19", MONTH, **at)


# --------------------------------------------------------------------------- load


def test_load_scs19_is_the_published_row(kent: Frames) -> None:
    seed = _seed_row("SCS19")
    figure = kent.figures.set_index("id").loc[SCS19]
    assert (figure["period"], figure["value"], figure["status"]) == ("2025-11", 68.3, "")
    assert (figure["numerator"], figure["denominator"]) == (694, 1016)
    assert float(seed[11]) == figure["value"]
    rating = kent.ratings.set_index("id").loc[SCS19]
    published = _published(SCS19, "ics-monthly")
    assert rating["rag"] == published["rag_printed"] == "RED"
    assert rating["dot"] == parse_arrow(published["dot_printed"]).value == "worsened"
    assert (rating["target"], rating["floor"]) == (85.0, 75.0)
    trend = kent.trend[kent.trend["id"] == SCS19]
    assert trend["value"].tolist() == _printed_trend("SCS19")
    assert trend["label"].tolist()[-1] == "Nov-25"


def test_load_frames_are_the_engines_scorecard(kent: Frames, november: Scorecard) -> None:
    """Every rating and arrow is the engine's, row for row, and the MDC verdicts too."""
    for frame, keys in ((kent.figures, ["value", "status"]), (kent.ratings, ["rag", "dot"])):
        keys = ["table", "id", *keys]
        assert _listed(frame[keys]) == _listed(november.rows[keys])
    verdicts = summary_frame(november).set_index(["table", "id"])["variation_label"]
    rated = kent.ratings.dropna(subset=["variation"]).set_index(["table", "id"])
    assert rated["variation_label"].to_dict() == verdicts.to_dict()
    assert set(kent.figures["area"]) == {"kent"}
    assert len(kent.history) > len(kent.trend[kent.trend["value"].notna()]) - 1


def test_load_frames_columns_and_repr(kent: Frames) -> None:
    assert tuple(kent.figures.columns) == explore.FIGURE_COLUMNS
    assert tuple(kent.ratings.columns) == explore.RATING_COLUMNS
    assert list(kent.history.columns[:4]) == ["area", "table", "id", "code"]
    figures, _, _, past = kent  # a named tuple unpacks
    assert figures is kent.figures and past is kent.history
    assert repr(kent).startswith("Frames(figures: 89 rows, ratings: 89 rows")


# --------------------------------------------------------------------------- compare


def test_compare_every_area_against_the_data(
    scs19_everywhere: pd.DataFrame, at: dict[str, object]
) -> None:
    frame = scs19_everywhere.set_index("area")
    assert list(frame.index) == list(areas(**at)["area"])
    assert frame.loc["kent", "value"] == 68.3
    assert frame.loc["kent", ["rag", "dot"]].tolist() == ["RED", "worsened"]
    assert not frame.loc["kent", "synthetic"]
    for area in frame.index.drop("kent"):
        assert frame.loc[area, "value"] == _synthetic(area, SCS19)["2025-11"], area
        assert frame.loc[area, "synthetic"]
    expected = (85.0 - frame["value"]).round(1)
    assert frame["short_of_target"].tolist() == expected.tolist()


def test_compare_ranks_districts_by_polarity(scs19_everywhere: pd.DataFrame) -> None:
    districts = scs19_everywhere[scs19_everywhere["kind"] == "district"]
    assert sorted(districts["rank"]) == list(range(1, 13))
    best = districts.loc[districts["rank"] == 1, "value"].iloc[0]
    assert best == districts["value"].max()  # SCS19 is H: higher is better
    kent = scs19_everywhere[scs19_everywhere["area"] == "kent"]
    assert kent["rank"].tolist() == [1]  # ranked alone


def test_compare_mdc_verdicts(scs19_everywhere: pd.DataFrame) -> None:
    kent = scs19_everywhere.set_index("area").loc["kent"]
    assert (kent["points"], kent["trial_limits"]) == (7, True)
    assert kent["variation_label"] == "Concerning (low)"
    assert kent["assurance_label"] == "Consistently failing"
    districts = scs19_everywhere[scs19_everywhere["kind"] == "district"]
    assert (districts["points"] == 43).all() and not districts["trial_limits"].any()


def test_compare_lower_is_better_ranks_lowest_first(at: dict[str, object]) -> None:
    frame = compare("SCS01", MONTH, ["ashford", "dover", "swale"], table="ics-monthly", **at)
    assert set(frame["id"]) == {"csws-re-referrals"}
    best = frame.loc[frame["rank"] == 1, "value"].iloc[0]
    assert best == frame["value"].min()
    assert frame["short_of_target"].tolist() == (frame["value"] - frame["target"]).round(1).tolist()


def test_compare_close_to_target_measures_outside_the_range(at: dict[str, object]) -> None:
    """SCS13 (T polarity): target 20.0 inside the range 17.5-22.5 (data/sample/targets.csv)."""
    frame = compare("SCS13", MONTH, **at)
    for value, short in zip(frame["value"], frame["short_of_target"], strict=True):
        assert short == round(max(17.5 - value, value - 22.5, 0.0), 1), value
    assert (frame.loc[frame["rag"] == "GREEN", "short_of_target"] == 0).all()
    districts = frame[frame["kind"] == "district"]
    closest = districts.loc[districts["rank"] == 1, "value"].iloc[0]
    assert abs(closest - 20.0) == (districts["value"] - 20.0).abs().min()


# --------------------------------------------------------------------------- names


def test_ambiguous_code_lists_the_candidates(at: dict[str, object]) -> None:
    with pytest.raises(NameLookupError) as info:
        compare("SCS01", MONTH, "kent", **at)
    message = str(info.value)
    assert "'SCS01' names 2 indicators in 2025-11" in message
    assert "csws-re-referrals" in message and "table ics-monthly" in message
    assert "social-work-open-cases" in message and "table activity" in message


def test_codes_in_any_case_and_ids_name_the_same_row(at: dict[str, object]) -> None:
    by_code = compare("scs19", MONTH, "kent", **at)
    by_id = compare(SCS19, MONTH, "kent", **at)
    assert by_code.equals(by_id)


def test_unknown_names_say_what_exists(at: dict[str, object]) -> None:
    with pytest.raises(NameLookupError, match=r"no indicator 'SCS1'.*Did you mean SCS19"):
        chart("SCS1", MONTH, **at)
    with pytest.raises(NameLookupError, match=r"unknown area 'kentish'.*known areas are kent"):
        history("SCS19", MONTH, "kentish", **at)
    with pytest.raises(NameLookupError, match=r"unknown area 'Swale'.*swale"):
        load(MONTH, "Swale", **at)
    with pytest.raises(NameLookupError, match=r"no row in table 'activity'"):
        spc_table("SCS19", MONTH, table="activity", **at)
    with pytest.raises(NameLookupError, match=r"no scorecard for 2018-01"):
        compare("SCS19", "2018-01", **at)
    with pytest.raises(NoDataError, match=r"no data for kent in 2024-01"):
        load("2024-01", **at)


def test_an_indicator_in_two_tables_means_its_home_table(at: dict[str, object]) -> None:
    names = indicators(MONTH, **at)
    tables = names.loc[names["code"] == "SISE16", "table"].tolist()
    assert tables == ["education-annual", "vulnerable-primary"]
    home = compare("SISE16", MONTH, "kent", **at)
    other = compare("SISE16", MONTH, "kent", table="vulnerable-primary", **at)
    assert (home["table"].iloc[0], other["table"].iloc[0]) == tuple(tables)


def test_indicators_lists_every_row_with_its_printed_code(
    november: Scorecard, at: dict[str, object]
) -> None:
    names = indicators(MONTH, **at)
    assert names[["table", "id"]].values.tolist() == november.rows[["table", "id"]].values.tolist()
    assert names.set_index("id").loc[SCS19, "code"] == "SCS19"


# --------------------------------------------------------------------------- history


def test_history_of_kent_is_the_published_trend(at: dict[str, object]) -> None:
    frame = history("SCS19", MONTH, **at)
    assert frame["value"].tolist() == _printed_trend("SCS19")
    assert frame["period"].tolist() == [f"2025-{m:02d}" for m in range(5, 12)]
    assert set(frame["code"]) == {"SCS19"} and set(frame["area_name"]) == {"Kent"}


def test_history_of_several_areas_holds_all_their_figures(at: dict[str, object]) -> None:
    frame = history("SCS19", MONTH, ["swale", "kent"], **at)
    assert list(dict.fromkeys(frame["area"])) == ["swale", "kent"]
    swale = frame[frame["area"] == "swale"]
    figures = _synthetic("swale", SCS19)
    assert len(swale) == 43 and swale["period"].iloc[-1] == "2025-11"
    assert dict(zip(swale["period"], swale["value"], strict=True)) == {
        p: v for p, v in figures.items() if p <= "2025-11"
    }


# --------------------------------------------------------------------------- chart


def test_chart_draws_what_the_report_draws(november: Scorecard, at: dict[str, object]) -> None:
    trend = chart("SCS19", MONTH, **at)
    assert trend.to_dict() == trend_chart(november, "ics-monthly", SCS19).to_dict()
    mdc = chart("SCS19", MONTH, style="mdc", **at)
    drawn = {cid: c for cid, c, _ in section_spc_charts(november, "ics-monthly")}
    assert mdc.to_dict() == drawn[f"chart-ics-monthly-{SCS19}"].to_dict()


def test_chart_of_a_district_in_mdc_style(at: dict[str, object]) -> None:
    spec = chart("SCS19", MONTH, "swale", style="mdc", **at).to_dict()
    labels = [v["label"] for v in spec["data"]["values"]]
    assert len(labels) == 43 and labels[-1] == "Nov-25"


def test_chart_refuses_an_unknown_style_and_a_row_without_a_trend(
    november: Scorecard, at: dict[str, object]
) -> None:
    with pytest.raises(ValueError, match="unknown chart style 'bars'"):
        chart("SCS19", MONTH, style="bars", **at)
    flat = next(r for r in november.records() if r["status"] == "to_be_supplied")
    with pytest.raises(ValueError, match="fewer than two figures"):
        chart(flat["id"], MONTH, table=flat["table"], **at)


# --------------------------------------------------------------------------- spc_table


def test_spc_table_of_kent_scs19_by_hand(at: dict[str, object]) -> None:
    values = _printed_trend("SCS19")
    frame = spc_table("SCS19", MONTH, **at)
    assert frame["value"].tolist() == values
    months = ("May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov")
    assert frame["label"].tolist() == [f"{m}-25" for m in months]
    mean = statistics.fmean(values)
    mean_range = statistics.fmean(abs(b - a) for a, b in itertools.pairwise(values))
    assert frame["mean"].iloc[0] == pytest.approx(mean)
    assert frame["upl"].iloc[0] == pytest.approx(mean + 2.66 * mean_range)
    assert frame["lpl"].iloc[0] == pytest.approx(mean - 2.66 * mean_range)
    # 71.5 is above the upper limit (higher is better), 68.3 below the lower limit
    assert frame["point_type"].iloc[0] == "special_cause_improvement"
    assert frame["point_type"].iloc[-1] == "special_cause_concern"
    assert frame.attrs == {
        "variation": "concern_low",
        "assurance": "consistent_fail",
        "trial_limits": True,
    }


def test_spc_table_of_any_series_matches_the_indicators(at: dict[str, object]) -> None:
    past = history("SCS19", MONTH, "dover", **at)
    series = pd.Series(past["value"].tolist(), index=past["label"])
    mine = spc_table(series, improvement="increase", target=85.0)
    theirs = spc_table("SCS19", MONTH, "dover", **at)
    pd.testing.assert_frame_equal(mine, theirs)
    assert spc_table(series)["point_type"].str.startswith(("common", "special")).all()


# --------------------------------------------------------------------------- docs


@pytest.mark.parametrize("function", [load, compare, history, chart, spc_table, indicators, areas])
def test_public_functions_are_documented_for_question_mark(function: object) -> None:
    doc = inspect.getdoc(function) or ""
    assert "Parameters\n----------" in doc and "Returns\n-------" in doc, function
    assert function.__name__ in explore.__all__  # type: ignore[attr-defined]
