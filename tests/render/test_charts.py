"""Tests of helpers.render.charts: trend charts of the indicator rows and their alt text.

Most tests assert on ``chart.to_dict()`` of the November 2025 Kent scorecard (the
``november`` fixture in conftest.py); a few use a tiny hand-made card for cases the
real data does not have (gaps, a flat series, a "to be confirmed" target).

Snapshots: every chart spec of the November card is kept as sorted, indented JSON in
``tests/__snapshots__/charts/<chart id>.json`` and compared with the spec the code
builds now. After an intended change, rewrite them with

    UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/render/test_charts.py

and review the diff like code. Snapshot files for charts that no longer exist are
reported (and deleted when updating).

Rendering: one chart is rendered to SVG with ``vl_convert`` with no base URL allowed,
which proves the spec loads nothing. The test marked ``slow`` renders every chart and
prints how long that took.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import vl_convert

from helpers.engine.scorecard import Scorecard
from helpers.render.charts import (
    CHART_HEIGHT,
    CHART_WIDTH,
    STATUS_MEANINGS,
    chart_alt_text,
    chart_id,
    has_trend,
    section_charts,
    trend_chart,
)

FOSTER_CARE = ("ics-monthly", "cic-kcc-foster-care")
SECOND_PLAN = ("ics-monthly", "cp-plan-second-time")  # polarity T
RE_REFERRALS = ("ics-monthly", "csws-re-referrals")  # both benchmarks
REOFFENDING = ("ics-quarterly", "proven-reoffending")  # latest figure unpublished
NEET = ("education-monthly", "neet-16-17")  # provisional figure, target TBC
EXCLUSIONS = ("education-monthly", "primary-permanent-exclusions")  # count, "<=" target
TAKE_UP = ("education-termly", "two-year-old-take-up")  # termly periods

FOSTER_CARE_ALT = (
    "Line chart of Percentage of CIC Foster Care in KCC Foster Care/Rel & Friends "
    "placements (exc UASC) for Kent, May-25 to Nov-25: from 71.5% to 68.3%, lowest 68.3% "
    "(Nov-25), highest 71.5% (May-25); target 85.0%, floor standard 75.0%; performance "
    "worsened on the previous period."
)


# --------------------------------------------------------------------------- helpers


def spec_of(card: Scorecard, key: tuple[str, str]) -> dict[str, Any]:
    return trend_chart(card, *key).to_dict()


def layer(spec: dict[str, Any], name: str) -> dict[str, Any]:
    found = [item for item in spec["layer"] if item.get("name") == name]
    assert len(found) == 1, f"expected one layer named {name!r}, got {layer_names(spec)}"
    return found[0]


def layer_names(spec: dict[str, Any]) -> list[str]:
    return [item.get("name") for item in spec["layer"]]


def values(spec: dict[str, Any], item: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """The rows a layer draws (its own data, or the layered chart's)."""
    data = (item or {}).get("data") or spec["data"]
    if "values" in data:
        return data["values"]
    return spec["datasets"][data["name"]]


def references(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {row["name"]: row for row in values(spec, layer(spec, "references"))}


def walk(node: Any, path: str = "") -> Iterator[tuple[str, Any, Any]]:
    """Every (path, key, value) in a nested spec."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield path, key, value
            yield from walk(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from walk(value, f"{path}/{i}")


def every_chart(card: Scorecard) -> list[tuple[str, Any, str]]:
    return [c for table in card.tables["table"] for c in section_charts(card, table)]


@pytest.fixture(scope="module")
def charts(november: Scorecard) -> list[tuple[str, Any, str]]:
    return every_chart(november)


@pytest.fixture(scope="module")
def specs(charts: list[tuple[str, Any, str]]) -> dict[str, dict[str, Any]]:
    return {cid: chart.to_dict() for cid, chart, _ in charts}


# --------------------------------------------------------------------------- ids


def test_chart_id_names_table_and_indicator() -> None:
    assert chart_id(*FOSTER_CARE) == "chart-ics-monthly-cic-kcc-foster-care"
    assert chart_id("Education Annual", "KS2 rwm/fsm gap") == (
        "chart-education-annual-ks2-rwm-fsm-gap"
    )


def test_chart_ids_are_unique_and_valid_html_ids(specs: dict[str, dict[str, Any]]) -> None:
    # eyfs-gld appears in two tables, so the id must name the table too
    assert len(specs) == len(set(specs))
    assert all(re.fullmatch(r"chart-[a-z0-9]+(-[a-z0-9]+)*", cid) for cid in specs)
    assert "chart-education-annual-eyfs-gld" in specs
    assert "chart-vulnerable-primary-eyfs-gld" in specs


# --------------------------------------------------------------------------- has_trend


def test_has_trend(november: Scorecard) -> None:
    assert has_trend(november, *FOSTER_CARE)
    # activity/volume rows are "to be supplied" in every period
    assert not has_trend(november, "activity", "children-in-care")


def test_unknown_row_raises(november: Scorecard) -> None:
    with pytest.raises(KeyError, match="no row 'no-such-row'"):
        has_trend(november, "ics-monthly", "no-such-row")
    with pytest.raises(KeyError, match="no table 'no-such-table'"):
        section_charts(november, "no-such-table")


# --------------------------------------------------------------------------- layers


def test_layers_of_an_h_row(november: Scorecard) -> None:
    spec = spec_of(november, FOSTER_CARE)
    assert layer_names(spec) == [
        "references",
        "series-line",
        "series-points",
        "reference-labels",
    ]
    assert layer(spec, "series-line")["mark"]["type"] == "line"
    assert layer(spec, "series-line")["mark"]["color"] == "#1f4e79"
    assert layer(spec, "series-points")["mark"]["type"] == "point"
    assert layer(spec, "references")["mark"]["type"] == "rule"
    assert layer(spec, "reference-labels")["mark"]["type"] == "text"


def test_target_and_floor_rules(november: Scorecard) -> None:
    refs = references(spec_of(november, FOSTER_CARE))
    assert set(refs) == {"target", "floor"}  # benchmarks are "not available"
    assert refs["target"]["value"] == 85.0
    assert refs["target"]["label"] == "Target 85.0"
    assert refs["target"]["dash"] == [1, 0]  # solid
    assert refs["floor"]["value"] == 75.0
    assert refs["floor"]["label"] == "Floor 75.0"
    assert refs["floor"]["dash"] == [6, 4]  # dashed
    rules = layer(spec_of(november, FOSTER_CARE), "references")["encoding"]
    assert rules["strokeDash"] == {"field": "dash", "type": "nominal", "scale": None}
    assert rules["color"] == {"field": "colour", "type": "nominal", "scale": None}


def test_labels_sit_at_their_lines(november: Scorecard) -> None:
    spec = spec_of(november, FOSTER_CARE)
    labels = {row["name"]: row for row in values(spec, layer(spec, "reference-labels"))}
    assert labels["target"]["label"] == "Target 85.0"
    # far apart, so neither label moved off its line
    assert labels["target"]["value"] == labels["target"]["line"] == 85.0
    assert labels["floor"]["value"] == labels["floor"]["line"] == 75.0
    assert layer(spec, "reference-labels")["encoding"]["x"] == {"value": CHART_WIDTH}


def test_t_polarity_has_target_band_and_floor_range(november: Scorecard) -> None:
    spec = spec_of(november, SECOND_PLAN)
    assert layer_names(spec)[0] == "target-range"
    band = layer(spec, "target-range")
    assert band["mark"]["type"] == "rect"
    assert band["encoding"]["y2"] == {"field": "high"}
    [row] = values(spec, band)
    assert (row["value"], row["high"]) == (17.5, 22.5)
    refs = references(spec)
    assert refs["target"]["value"] == 20.0
    assert refs["target"]["label"] == "Target 20.0 (range 17.5–22.5)"
    assert (refs["floor-low"]["value"], refs["floor-high"]["value"]) == (10.0, 30.0)
    assert refs["floor-low"]["label"] == "Floor 10.0 (derived, not published)"  # visible


def test_only_t_rows_have_a_band(november: Scorecard, specs: dict[str, dict[str, Any]]) -> None:
    rows = november.rows.assign(
        cid=[chart_id(t, i) for t, i in november.rows[["table", "id"]].itertuples(index=False)]
    )
    t_rows = set(rows.loc[rows["polarity"] == "T", "cid"]) & set(specs)
    assert t_rows == {chart_id(*SECOND_PLAN)}
    banded = {cid for cid, spec in specs.items() if "target-range" in layer_names(spec)}
    assert banded == t_rows


def test_benchmarks_are_dotted_and_labelled_with_the_table_headings(
    november: Scorecard,
) -> None:
    refs = references(spec_of(november, RE_REFERRALS))
    assert refs["comparator"]["value"] == 19.2
    assert refs["comparator"]["label"] == "Benchmark Group 2023-24 (SN or SE) 19.2"
    assert refs["national"]["value"] == 22.4
    assert refs["national"]["label"] == "England 2023-24 22.4"
    assert refs["comparator"]["dash"] == refs["national"]["dash"] == [2, 3]
    assert refs["comparator"]["colour"] != refs["national"]["colour"]


def test_target_comparator_is_printed_and_tbc_target_has_no_line(november: Scorecard) -> None:
    assert references(spec_of(november, EXCLUSIONS))["target"]["label"] == "Target ≤ 25"
    assert set(references(spec_of(november, NEET))) == {"comparator", "national"}


def test_no_series_colour_is_a_rag_colour(specs: dict[str, dict[str, Any]]) -> None:
    rag = {"#ff0000", "#ffbf00", "#00b050", "#c00000", "#ffc000", "#92d050", "red", "green"}
    for spec in specs.values():
        colours = {str(v).lower() for _, k, v in walk(spec) if k in ("color", "colour", "stroke")}
        assert not colours & rag


# --------------------------------------------------------------------------- axes


@pytest.mark.parametrize("key", [FOSTER_CARE, REOFFENDING, TAKE_UP])
def test_x_is_ordinal_in_trend_order(november: Scorecard, key: tuple[str, str]) -> None:
    spec = spec_of(november, key)
    labels = list(november.tables.set_index("table").loc[key[0], "labels"])
    for name in ("series-line", "series-points"):
        x = layer(spec, name)["encoding"]["x"]
        assert x["type"] == "ordinal"
        assert x["field"] == "period"
        assert x["sort"] == labels
        assert x["scale"]["domain"] == labels
    assert [row["period"] for row in values(spec)] == labels


def test_x_labels_of_quarters_and_terms(november: Scorecard) -> None:
    x = layer(spec_of(november, REOFFENDING), "series-line")["encoding"]["x"]
    assert x["sort"] == ["Q3 24-25", "Q4 24-25", "Q1 25-26", "Q2 25-26"]
    x = layer(spec_of(november, TAKE_UP), "series-line")["encoding"]["x"]
    assert x["sort"] == ["Autumn 24-25", "Spring 24-25", "Summer 24-25", "Autumn 25-26"]


def test_y_is_titled_with_the_unit_and_covers_reference_lines(november: Scorecard) -> None:
    spec = spec_of(november, SECOND_PLAN)
    y = spec["encoding"]["y"]
    assert y["title"] == "Percent"
    assert y["scale"]["zero"] is False
    low, high = y["scale"]["domain"]
    assert low <= 10.0 and high >= 30.0  # the floor range, beyond every figure
    assert min(y["axis"]["values"]) == low and max(y["axis"]["values"]) == high


def test_y_starts_at_zero_for_counts(november: Scorecard) -> None:
    y = spec_of(november, EXCLUSIONS)["encoding"]["y"]
    assert y["title"] == "Pupils"
    assert y["scale"]["domain"][0] == 0
    assert y["scale"]["zero"] is True


def test_every_chart_shows_every_value_and_line(specs: dict[str, dict[str, Any]]) -> None:
    for cid, spec in specs.items():
        low, high = spec["encoding"]["y"]["scale"]["domain"]
        drawn = [r["value"] for r in values(spec) if r["value"] is not None]
        if "references" in layer_names(spec):
            drawn += [r["value"] for r in references(spec).values()]
        assert low <= min(drawn) and max(drawn) <= high, cid


def test_reference_labels_never_overlap(specs: dict[str, dict[str, Any]]) -> None:
    for cid, spec in specs.items():
        if "reference-labels" not in layer_names(spec):
            continue
        low, high = spec["encoding"]["y"]["scale"]["domain"]
        rows = values(spec, layer(spec, "reference-labels"))
        pixels = sorted(CHART_HEIGHT * (high - r["value"]) / (high - low) for r in rows)
        gaps = [b - a for a, b in itertools.pairwise(pixels)]
        assert all(gap >= 11.9 for gap in gaps), (cid, pixels)


# --------------------------------------------------------------------------- points


def test_point_tooltips(november: Scorecard) -> None:
    spec = spec_of(november, FOSTER_CARE)
    tooltip = layer(spec, "series-points")["encoding"]["tooltip"]
    assert [(t["field"], t["title"]) for t in tooltip] == [
        ("period", "Period"),
        ("value_text", "Value"),
        ("status", "Status"),
    ]
    last = values(spec)[-1]
    assert (last["period"], last["value_text"], last["status"]) == (
        "Nov-25",
        "68.3%",
        "Reported figure",
    )


def test_unpublished_point_is_hollow_and_said(november: Scorecard) -> None:
    spec = spec_of(november, REOFFENDING)
    last = values(spec)[-1]
    assert last["period"] == "Q2 25-26"
    assert last["figure"] == "unpublished"
    assert last["status"] == STATUS_MEANINGS["unpublished"]
    assert "Ministry of Justice" in last["note"]
    assert {r["figure"] for r in values(spec)[:-1]} == {"reported"}
    fill = layer(spec, "series-points")["encoding"]["fill"]
    mapping = dict(zip(fill["scale"]["domain"], fill["scale"]["range"], strict=True))
    assert mapping["reported"] == "#1f4e79"
    assert mapping["unpublished"] == mapping["provisional"] == "#ffffff"  # hollow
    tooltip = layer(spec, "series-points")["encoding"]["tooltip"]
    assert [t["field"] for t in tooltip] == ["period", "value_text", "status", "note"]
    [marked] = values(spec, layer(spec, "series-marked"))
    assert (marked["period"], marked["label"]) == ("Q2 25-26", "Unpublished")


def test_provisional_point(november: Scorecard) -> None:
    spec = spec_of(november, NEET)
    [marked] = values(spec, layer(spec, "series-marked"))
    assert (marked["period"], marked["label"]) == ("Sep-25", "Provisional")


def test_only_marked_points_are_labelled(specs: dict[str, dict[str, Any]]) -> None:
    marked = {cid for cid, spec in specs.items() if "series-marked" in layer_names(spec)}
    assert marked == {chart_id(*REOFFENDING), chart_id(*NEET)}


# --------------------------------------------------------------------------- alt text


def test_alt_text_of_a_real_row(november: Scorecard) -> None:
    assert chart_alt_text(november, *FOSTER_CARE) == FOSTER_CARE_ALT
    assert spec_of(november, FOSTER_CARE)["description"] == FOSTER_CARE_ALT


def test_alt_text_with_benchmarks_and_unpublished_figure(november: Scorecard) -> None:
    assert chart_alt_text(november, *REOFFENDING) == (
        "Line chart of Rate of proven re-offending by CYP for Kent, Q3 24-25 to Q2 25-26: "
        "from 33.5% to 29.3%, lowest 29.3% (Q2 25-26), highest 33.5% (Q3 24-25); "
        "target 32.9%, floor standard 35.0%; benchmarks South East as at Jan 2025 32.6% "
        "and England & Wales as at Jan 2025 32.5%; the Q2 25-26 figure is unpublished; "
        "performance improved on the previous period."
    )


def test_alt_text_of_t_polarity_gives_the_ranges(november: Scorecard) -> None:
    text = chart_alt_text(november, *SECOND_PLAN)
    assert "; target 20.0% (range 17.5% to 22.5%), floor standard range 10.0% to 30.0%;" in text
    assert "benchmarks Benchmark Group 2023-24 (SN or SE) 24.5% and England 2023-24 24.7%" in text


def test_alt_text_names_other_units_and_comparators(november: Scorecard) -> None:
    text = chart_alt_text(november, *EXCLUSIONS)
    assert "Year R to Year 6 pupils (pupils) for Kent, May-25 to Nov-25: from 30 to 36," in text
    assert "lowest 30 (May-25, Jul-25, Aug-25)" in text
    assert "; target at most 25, floor standard 28;" in text
    neet = chart_alt_text(november, *NEET)
    assert "; target to be confirmed;" in neet
    assert "the Sep-25 figure is provisional" in neet


# --------------------------------------------------------------------------- section_charts


def test_section_charts(november: Scorecard) -> None:
    charts = section_charts(november, "ics-monthly")
    ids = [cid for cid, _, _ in charts]
    rows = list(november.table("ics-monthly")["id"])
    assert ids == [chart_id("ics-monthly", r) for r in rows]  # every row has a trend
    _, chart, text = charts[ids.index(chart_id(*FOSTER_CARE))]
    assert text == FOSTER_CARE_ALT
    assert chart.to_dict()["description"] == text
    assert section_charts(november, "activity") == []


def test_about_sixty_charts(charts: list[tuple[str, Any, str]]) -> None:
    assert 55 <= len(charts) <= 70


# --------------------------------------------------------------------------- determinism


def test_no_url_and_nothing_loaded(specs: dict[str, dict[str, Any]]) -> None:
    for cid, spec in specs.items():
        assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v6")
        for path, key, value in walk(spec):
            assert key != "url", (cid, path)
            if isinstance(value, str) and "://" in value:
                assert (path, key) == ("", "$schema"), (cid, path, key)
        for _, key, value in walk(spec):
            if key == "data":
                assert set(value) <= {"name", "values"}, cid
                if "name" in value:
                    assert value["name"] in spec["datasets"], cid


def test_no_generated_names_params_or_dates(specs: dict[str, dict[str, Any]]) -> None:
    generated = re.compile(r"^(param|view|selector|layer|concat)_\d+$")
    for cid, spec in specs.items():
        for path, key, value in walk(spec):
            assert key not in ("params", "selection", "timeUnit"), (cid, path)
            assert not (key == "name" and isinstance(value, str) and generated.match(value))
            assert not (key == "type" and value == "temporal"), (cid, path)
        assert all(name for name in layer_names(spec)), cid


def test_to_dict_is_stable_across_calls(november: Scorecard) -> None:
    chart = trend_chart(november, *REOFFENDING)
    first = json.dumps(chart.to_dict(), sort_keys=True)
    assert json.dumps(chart.to_dict(), sort_keys=True) == first
    assert json.dumps(spec_of(november, REOFFENDING), sort_keys=True) == first


def test_to_dict_is_stable_across_processes(november: Scorecard, root: Path) -> None:
    code = (
        "import json, sys\n"
        "from helpers.render.charts import trend_chart\n"
        "from helpers.engine.scorecard import build_scorecard\n"
        "from helpers.data.store import open_source\n"
        "card = build_scorecard(open_source(sys.argv[1]), '2025-11', 'kent')\n"
        "specs = [trend_chart(card, *k).to_dict() for k in json.loads(sys.argv[2])]\n"
        "print(json.dumps(specs, sort_keys=True))\n"
    )
    keys = [REOFFENDING, SECOND_PLAN]
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run(
        [sys.executable, "-c", code, str(root / "data"), json.dumps(keys)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    ).stdout
    here = [spec_of(november, k) for k in keys]
    assert json.loads(out) == json.loads(json.dumps(here, sort_keys=True))


# --------------------------------------------------------------------------- snapshots


def snapshot_text(spec: dict[str, Any]) -> str:
    return json.dumps(spec, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def test_snapshots(specs: dict[str, dict[str, Any]], snapshots) -> None:
    """Every chart spec equals its snapshot (UPDATE_SNAPSHOTS=1 rewrites them)."""
    snapshots("charts").check_all(
        {cid: snapshot_text(spec) for cid, spec in specs.items()}, ".json"
    )


# --------------------------------------------------------------------------- rendering


def test_renders_to_svg_offline(november: Scorecard) -> None:
    spec = spec_of(november, FOSTER_CARE)
    start = time.perf_counter()
    # No base URL allowed: the render fails if the spec tries to load anything.
    svg = vl_convert.vegalite_to_svg(spec, vl_version="6.4", allowed_base_urls=[])
    seconds = time.perf_counter() - start
    print(f"\nSVG render of {chart_id(*FOSTER_CARE)}: {seconds:.3f} s (includes warm-up)")
    assert svg.startswith("<svg")
    for text in ("Target 85.0", "Floor 75.0", "Nov-25", "Percent", "SCS19"):
        assert text in svg
    assert seconds < 10


@pytest.mark.slow
def test_every_chart_renders(specs: dict[str, dict[str, Any]]) -> None:
    vl_convert.vegalite_to_svg(next(iter(specs.values())), vl_version="6.4")  # warm up
    start = time.perf_counter()
    for cid, spec in specs.items():
        svg = vl_convert.vegalite_to_svg(spec, vl_version="6.4", allowed_base_urls=[])
        assert svg.startswith("<svg"), cid
    seconds = time.perf_counter() - start
    print(
        f"\nSVG render of {len(specs)} charts: {seconds:.2f} s ({seconds / len(specs):.3f} s each)"
    )


# --------------------------------------------------------------------------- tiny cards


def tiny_card(
    series: list[float | None], statuses: list[str] | None = None, **row: Any
) -> Scorecard:
    """A one-row card: a monthly indicator with ``series`` as its trend."""
    labels = [f"M{i}" for i in range(1, len(series) + 1)]
    statuses = statuses or ["" if v is not None else "not_available" for v in series]
    base = {
        "table": "t",
        "id": "x",
        "code": "X1",
        "title": "Share of things",
        "polarity": "H",
        "unit": "percent",
        "measure": "percent",
        "decimals": 1,
        "target": None,
        "floor": None,
        "target_low": None,
        "target_high": None,
        "floor_low": None,
        "floor_high": None,
        "target_dp": None,
        "target_comparator": "",
        "target_status": "",
        "floor_derived": False,
        "year": "2025-26",
        "comparator": None,
        "comparator_dp": None,
        "comparator_status": "",
        "national": None,
        "national_dp": None,
        "national_status": "",
        "dot": None,
        "dot_method": "previous",
    }
    base.update(row)
    tables = pd.DataFrame(
        [
            {
                "table": "t",
                "title": "T",
                "comparator_heading": "",
                "national_heading": "",
                "periods": labels,
                "labels": labels,
            }
        ]
    )
    trend = pd.DataFrame(
        {
            "table": "t",
            "id": "x",
            "period": labels,
            "label": labels,
            "value": series,
            "status": statuses,
            "note": "",
        }
    )
    return Scorecard(
        "2025-11", "kent", "Kent", "sample", "2025-12", tables, pd.DataFrame([base]), trend
    )


def test_gaps_break_the_line_and_are_said() -> None:
    card = tiny_card([10.0, None, 12.0, 11.0], target=15.0, floor=8.0, target_dp=0)
    assert has_trend(card, "t", "x")
    spec = trend_chart(card, "t", "x").to_dict()
    assert layer(spec, "series-line")["mark"]["invalid"] == "break-paths-filter-domains"
    assert [r["value"] for r in values(spec)] == [10.0, None, 12.0, 11.0]
    assert chart_alt_text(card, "t", "x") == (
        "Line chart of Share of things for Kent, M1 to M4: from 10.0% to 11.0%, lowest 10.0% "
        "(M1), highest 12.0% (M3); target 15%, floor standard 8%; no figure for M2."
    )


def test_flat_series_and_directions() -> None:
    card = tiny_card([5.0, 5.0, 5.0], dot="same", unit="days", measure="average")
    assert chart_alt_text(card, "t", "x") == (
        "Line chart of Share of things (days) for Kent, M1 to M3: unchanged at 5.0; "
        "performance was the same as the previous period."
    )
    spec = trend_chart(card, "t", "x").to_dict()
    low, high = spec["encoding"]["y"]["scale"]["domain"]
    assert low < 5.0 < high
    card = tiny_card([5.0, 6.0], dot="improved", dot_method="same_period_last_year")
    assert chart_alt_text(card, "t", "x").endswith(
        "; performance improved on the same period last year."
    )


def test_polarity_hint_only_for_rated_rows() -> None:
    rated = trend_chart(tiny_card([1.0, 2.0], polarity="L"), "t", "x").to_dict()
    assert rated["title"]["subtitle"] == "Lower is better"
    assert rated["title"]["text"] == ["X1 Share of things"]
    context = tiny_card([1.0, 2.0], polarity="L", dot_method="none", code="")
    spec = trend_chart(context, "t", "x").to_dict()
    assert "subtitle" not in spec["title"]
    assert spec["title"]["text"] == ["Share of things"]


def test_long_titles_wrap_at_a_word_and_are_never_cut() -> None:
    title = "Percentage of " + "very " * 30 + "long things"
    lines = trend_chart(tiny_card([1.0, 2.0], title=title), "t", "x").to_dict()["title"]["text"]
    assert len(lines) > 1 and all(len(line) <= 80 for line in lines)
    assert " ".join(lines) == f"X1 {title}"
    assert "…" not in " ".join(lines)
    assert chart_alt_text(tiny_card([1.0, 2.0], title=title), "t", "x").count("very") == 30


def test_one_figure_is_not_a_trend() -> None:
    card = tiny_card([None, None, 7.5])
    assert not has_trend(card, "t", "x")
    assert section_charts(card, "t") == []
    assert chart_alt_text(card, "t", "x") == "Line chart of Share of things for Kent, M3: 7.5%."
    with pytest.raises(ValueError, match="no figures"):
        trend_chart(tiny_card([None, None]), "t", "x")


def test_percent_scale_stays_within_100_and_close_labels_separate() -> None:
    card = tiny_card([97.0, 99.5], target=99.0, floor=98.8, target_dp=1)
    spec = trend_chart(card, "t", "x").to_dict()
    low, high = spec["encoding"]["y"]["scale"]["domain"]
    assert high == 100.0
    rows = {r["name"]: r for r in values(spec, layer(spec, "reference-labels"))}
    pixels = [CHART_HEIGHT * (high - rows[n]["value"]) / (high - low) for n in ("target", "floor")]
    assert pixels[1] - pixels[0] == pytest.approx(12.0)


def test_chart_figures_say_status_and_lines_in_words(november: Scorecard) -> None:
    from helpers.render.chart_figures import trend_figures_html

    reoffending = trend_figures_html(november, "ics-quarterly", "proven-reoffending")
    assert reoffending.startswith('<details class="chart-data"><summary>Figures of this chart')
    assert '<th scope="row">Q2 25-26</th><td>29.3%</td><td>† unpublished</td>' in reoffending
    caseload = trend_figures_html(november, "ics-monthly", "cswt-caseload")
    assert "Floor standard for 2025-26: 25.0 (derived, not published)" in caseload
    assert caseload.count('<tr><th scope="row">') == 7  # one row per month plotted
