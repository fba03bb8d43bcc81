"""Making Data Count for the scorecard: history, row SPC, table cells, summary, report, DOT."""

from __future__ import annotations

import csv
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest
from support import ROOT

from helpers.core.config import resolve_chart_style
from helpers.core.vocabulary import ASSURANCE_LABELS, VARIATION_LABELS
from helpers.data.store import CsvSource
from helpers.data.synthetic import step_changes
from helpers.engine import mdc
from helpers.engine.scorecard import HISTORY_COLUMNS, Scorecard, build_scorecard
from helpers.notebook.guidance import dot_methods
from helpers.notebook.section import Section, open_section
from helpers.render import mdc_views
from helpers.render.charts import chart_id
from helpers.render.tables import scorecard_table, summary_table

SVG = "{http://www.w3.org/2000/svg}svg"


@pytest.fixture(scope="module")
def kent() -> Scorecard:
    return build_scorecard(CsvSource(ROOT / "data"), "2025-11", "kent")


@pytest.fixture(scope="module")
def dover() -> Scorecard:
    return build_scorecard(CsvSource(ROOT / "data"), "2025-11", "dover")


# --------------------------------------------------------------------------- history


def test_history_holds_every_figure_of_the_tables_frequency(kent: Scorecard) -> None:
    assert tuple(kent.history.columns) == HISTORY_COLUMNS
    foster = kent.history[kent.history["id"] == "cic-kcc-foster-care"]
    assert list(foster["period"]) == [f"2025-{m:02d}" for m in range(5, 12)]
    assert list(foster["value"]) == [71.5, 70.9, 70.0, 69.9, 69.3, 69.0, 68.3]
    termly = kent.history[kent.history["id"] == "two-year-old-take-up"]
    assert list(termly["label"])[-1] == "Autumn 25-26" and len(termly) == 4


def test_history_is_longer_than_the_trend_for_districts(dover: Scorecard) -> None:
    rows = dover.history[
        (dover.history["table"] == "ics-monthly") & (dover.history["id"] == "csws-re-referrals")
    ]
    trend = dover.trend[
        (dover.trend["table"] == "ics-monthly") & (dover.trend["id"] == "csws-re-referrals")
    ]
    assert len(rows) == 43 > len(trend)
    assert list(rows["period"]) == sorted(rows["period"])  # oldest first
    assert rows["period"].iloc[-1] == "2025-11"


def test_history_stops_at_the_report_month() -> None:
    card = build_scorecard(CsvSource(ROOT / "data"), "2025-08", "dover")
    assert card.history.loc[card.history["id"] == "csws-re-referrals", "period"].max() == "2025-08"


# --------------------------------------------------------------------------- row SPC


def test_kent_rows_have_trial_limits(kent: Scorecard) -> None:
    result = mdc.row_spc(kent, "ics-monthly", "cic-kcc-foster-care")
    assert result is not None
    assert len(result.table) == 7 and result.trial_limits
    assert result.improvement_direction == "increase" and result.target == 85.0
    assert result.variation == "concern_low"
    assert result.assurance == "consistent_fail"
    assert mdc.row_spc(kent, "ics-monthly", "cic-kcc-foster-care") is result  # cached


def test_polarity_sets_the_improvement_direction(kent: Scorecard) -> None:
    low = mdc.row_spc(kent, "ics-monthly", "cic-team-caseload")
    assert low is not None and low.improvement_direction == "decrease"
    assert low.variation == "improvement_low"
    target_polarity = mdc.row_spc(kent, "ics-monthly", "cp-plan-second-time")
    assert target_polarity is not None
    assert target_polarity.improvement_direction == "neutral"
    assert target_polarity.target is None and target_polarity.assurance is None


@pytest.mark.parametrize("step", step_changes(ROOT / "data"), ids=lambda s: s.id)
def test_synthetic_district_finds_the_step_change(dover: Scorecard, step) -> None:
    table = dover.rows.loc[dover.rows["id"] == step.id, "table"].iloc[0]
    result = mdc.row_spc(dover, table, step.id)
    assert result is not None
    assert len(result.table) == 43 and not result.trial_limits
    history = dover.history[(dover.history["table"] == table) & (dover.history["id"] == step.id)]
    before = (history["period"] < step.month).to_numpy()
    assert result.table.loc[before, "special_cause_flag"].any()


def test_too_few_figures_give_no_spc() -> None:
    card = build_scorecard(CsvSource(ROOT / "data"), "2025-05", "kent")
    assert mdc.row_spc(card, "ics-monthly", "cic-kcc-foster-care") is None
    assert mdc_views.variation_cell(None) == ("", "")
    assert mdc_views.assurance_cell(None) == ("", "")
    with pytest.raises(KeyError, match="no row"):
        mdc.row_spc(card, "ics-monthly", "no-such-indicator")


def test_cells_carry_icon_and_label(kent: Scorecard) -> None:
    result = mdc.row_spc(kent, "ics-monthly", "cic-kcc-foster-care")
    svg, label = mdc_views.variation_cell(result)
    assert label == VARIATION_LABELS["concern_low"] == "Concerning (low)"
    assert svg.startswith("<svg") and 'role="img"' in svg and "<text" not in svg
    svg, label = mdc_views.assurance_cell(result)
    assert label == ASSURANCE_LABELS["consistent_fail"] and 'width="14"' in svg
    no_target = mdc.row_spc(kent, "education-monthly", "neet-16-17")
    assert mdc_views.assurance_cell(no_target) == ("", "")
    assert mdc_views.variation_cell(no_target)[1] == "No significant change"


def test_summary_frame(kent: Scorecard) -> None:
    frame = mdc.summary_frame(kent)
    assert tuple(frame.columns) == mdc.SUMMARY_COLUMNS
    assert "activity" not in set(frame["table"])  # volume measures are not rated
    assert frame["trial_limits"].all()
    foster = frame[frame["id"] == "cic-kcc-foster-care"].iloc[0]
    assert foster["code"] == "SCS19" and foster["value"] == 68.3 and foster["rag"] == "RED"
    assert foster["dot"] == "worsened"
    assert foster["variation_label"] == "Concerning (low)"
    assert foster["assurance_label"] == "Consistently failing"
    neet = frame[frame["id"] == "neet-16-17"].iloc[0]
    assert neet["assurance_label"] == ""
    expected = sum(
        1
        for r in kent.records()
        if r["table"] != "activity" and mdc.row_spc(kent, r["table"], r["id"])
    )
    assert len(frame) == expected


def test_summary_frame_is_deterministic(kent: Scorecard) -> None:
    again = build_scorecard(CsvSource(ROOT / "data"), "2025-11", "kent")
    pd.testing.assert_frame_equal(mdc.summary_frame(kent), mdc.summary_frame(again))
    assert summary_table(kent).to_html() == summary_table(again).to_html()


# --------------------------------------------------------------------------- tables


def _row(html: str, row_id: str) -> ET.Element:
    found = ET.fromstring(html).find(f".//tr[@id='{row_id}']")
    assert found is not None
    return found


def _cells(tr: ET.Element) -> list[ET.Element]:
    return [c for c in tr if c.tag in ("td", "th")]


def _spc_cells(tr: ET.Element) -> list[ET.Element]:
    return [c for c in _cells(tr) if "spc" in c.get("class", "").split()]


def test_table_cells_have_an_svg_and_the_label(kent: Scorecard) -> None:
    tr = _row(scorecard_table(kent, "ics-monthly").to_html(), "row-ics-monthly-cic-kcc-foster-care")
    variation, assurance = _spc_cells(tr)
    for cell, label in ((variation, "Concerning (low)"), (assurance, "Consistently failing")):
        svg = cell.find(SVG)
        assert svg is not None and svg.get("role") == "img" and svg.get("aria-label")
        span = cell.find("span[@class='spc-label']")
        assert span is not None and span.text == label
    cells = _cells(tr)
    dot = next(i for i, c in enumerate(cells) if "dot" in c.get("class", "").split())
    assert cells[dot + 1] is variation and cells[dot + 2] is assurance


def test_table_cells_are_empty_without_a_trend_or_a_target() -> None:
    may = build_scorecard(CsvSource(ROOT / "data"), "2025-05", "kent")
    tr = _row(scorecard_table(may, "ics-monthly").to_html(), "row-ics-monthly-cic-kcc-foster-care")
    html = ET.tostring(tr, encoding="unicode")
    assert "svg" not in html and "spc" not in html
    kent = build_scorecard(CsvSource(ROOT / "data"), "2025-11", "kent")
    tr = _row(
        scorecard_table(kent, "education-monthly").to_html(), "row-education-monthly-neet-16-17"
    )
    (variation,) = _spc_cells(tr)  # assurance blank: NEET has no target
    assert "spc-variation" in variation.get("class", "")


def test_volume_tables_have_no_spc_columns(kent: Scorecard) -> None:
    html = scorecard_table(kent, "activity").to_html()
    assert "Variation" not in html and "Assurance" not in html


def test_typst_cells_embed_the_svg(kent: Scorecard) -> None:
    code = scorecard_table(kent, "ics-monthly").to_typst()
    assert 'image(bytes("<svg' in code and 'format: "svg"' in code
    assert "Concern (low)" in code  # the short label: PDF cells are narrow, no arrow
    # beside the DOT arrow an arrow in the label would read as a judgement
    assert not re.search(r"(Improving|Concern|Unusual) [↑↓]", code)


def test_summary_table_html(kent: Scorecard) -> None:
    table = ET.fromstring(summary_table(kent).to_html())
    assert table.find("caption").text == "Summary: variation and assurance (Making Data Count)"
    rows = table.findall("./tbody/tr[@id]")
    assert len(rows) == len(mdc.summary_frame(kent))
    tr = table.find(".//tr[@id='summary-ics-monthly-cic-kcc-foster-care']")
    assert tr is not None and len(_spc_cells(tr)) == 2
    groups = [th.text for th in table.findall(".//tr[@class='group-heading']/th")]
    assert len(groups) == len(set(groups))  # two tables share a title; the section tells them apart


# --------------------------------------------------------------------------- report


def _project(project: Path) -> Path:
    shutil.copytree(ROOT / "params", project / "params")
    return project


def _section(project: Path, style: str | None = None) -> Section:
    return open_section(
        "2025-11", "kent", source=f"csv:///{project}/data", root=project, chart_style=style
    )


def test_summary_and_mdc_charts(project: Path, monkeypatch, capsys) -> None:
    shown: list[tuple[str, object]] = []
    from helpers.render import display

    monkeypatch.setattr(display, "show_table", lambda h, t, c="": shown.append(("table", h)))
    monkeypatch.setattr(display, "show_markdown", lambda text: shown.append(("md", text)))
    monkeypatch.setattr(
        display, "show_note", lambda text, kind="note": shown.append(("note", text))
    )
    monkeypatch.setattr(
        display,
        "show_chart",
        lambda chart, alt, cid, figures="", in_pdf=True: shown.append(
            ("chart", (chart, alt, cid, figures, in_pdf))
        ),
    )
    monkeypatch.setattr(display, "show_chart_grid", lambda charts: shown.append(("grid", charts)))
    section = _section(_project(project), "mdc")
    section.summary()
    assert shown[0][0] == "md" and "fewer than 12 points" in str(shown[0][1])
    assert shown[1][0] == "table" and "table-mdc-summary" in str(shown[1][1])
    shown.clear()
    section.charts("ics-monthly")
    charts = [item for kind, item in shown if kind == "chart"]
    assert len(charts) == 16
    chart, alt, cid, figures, in_pdf = charts[4]
    assert not in_pdf  # the PDF draws them as small multiples
    assert next(g for kind, g in shown if kind == "grid")[4][2] == cid
    # the mean and limits in words, in the caption and in the keyboard-reachable figures
    assert re.search(r"mean \([\d.]+\) and trial limits \(fewer .*\) \([\d.]+ to [\d.]+\)", alt)
    assert "<details" in figures and "Lower limit" in figures and "Upper limit" in figures
    assert cid == chart_id("ics-monthly", "cic-kcc-foster-care")
    assert len({c[2] for c in charts}) == len(charts)
    assert alt.startswith("Statistical process control (XmR) chart of 7 figures, May-25 to Nov-25")
    assert "variation: Concerning (low); assurance: Consistently failing" in alt
    assert "Line chart of" in alt
    spec = chart.to_dict()
    assert spec["title"]["subtitle"] == ["Trial limits: fewer than 12 points"]


def test_chart_style_defaults_from_the_environment(monkeypatch) -> None:
    monkeypatch.delenv("SCORECARD_CHART_STYLE", raising=False)
    assert resolve_chart_style() == "trend"
    monkeypatch.setenv("SCORECARD_CHART_STYLE", "mdc")
    assert resolve_chart_style() == "mdc"
    assert resolve_chart_style("trend") == "trend"
    with pytest.raises(ValueError, match="unknown chart style"):
        resolve_chart_style("pie")


# --------------------------------------------------------------------------- DOT method


def _set_method(project: Path, indicator: str, method: str, threshold: str = "") -> None:
    path = project / "data" / "registry" / "indicators.csv"
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    fields = list(rows[0])
    for row in rows:
        if row["id"] == indicator:
            row["dot_method"], row["trend_threshold"] = method, threshold
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _dot(section: Section, table: str, indicator: str) -> str | None:
    rows = section.card.rows
    return rows[(rows["table"] == table) & (rows["id"] == indicator)]["dot"].iloc[0]


def test_trend_method_changes_arrow_and_guidance(project: Path) -> None:
    _project(project)
    before = _section(project)
    # SCS19 fell from 71.5 (May-25) to 68.3; 69.0 in Oct-25: worsened on the previous month
    assert _dot(before, "ics-monthly", "cic-kcc-foster-care") == "worsened"
    assert "SCS19" not in dot_methods(before.card.records())
    _set_method(project, "cic-kcc-foster-care", "trend", "5")  # a fitted fall of ~3 is "same"
    after = _section(project)
    assert _dot(after, "ics-monthly", "cic-kcc-foster-care") == "same"
    assert "the trend across the charted period (least-squares slope) for SCS19" in (
        dot_methods(after.card.records())
    )
    _set_method(project, "cic-kcc-foster-care", "trend", "")  # empty threshold is 0
    assert _dot(_section(project), "ics-monthly", "cic-kcc-foster-care") == "worsened"


def test_same_period_last_year_changes_arrow_and_guidance(project: Path) -> None:
    _project(project)
    before = _section(project)
    assert _dot(before, "education-termly", "two-year-old-take-up") == "improved"
    assert "same period of the previous year (seasonally impacted indicators) for EY2" in (
        dot_methods(before.card.records())
    )
    _set_method(project, "cic-kcc-foster-care", "same_period_last_year")
    after = _section(project)
    assert pd.isna(_dot(after, "ics-monthly", "cic-kcc-foster-care"))  # no Nov-24 figure
    assert "(seasonally impacted indicators) for SCS19, EY2" in dot_methods(after.card.records())
    _set_method(project, "two-year-old-take-up", "previous")
    again = _section(project)
    row = again.card.rows[again.card.rows["id"] == "two-year-old-take-up"].iloc[0]
    assert row["previous_period"] == "2024-25 Summer"  # 69.5 against 55.0: still improved
    assert "EY2" not in dot_methods(again.card.records())
