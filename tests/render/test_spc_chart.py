"""Tests of helpers.render.spc_chart, asserting on the Vega-Lite spec (chart.to_dict())."""

import json

import altair as alt
import pytest

from helpers.render.spc_chart import TRIAL_LIMITS_SUBTITLE, spc_chart
from helpers.rules.spc import xmr

BASELINE = [1.0, -1.0] * 6
LABELS_13 = [f"M{i:02d}" for i in range(13)]


def chart_dict(*values, labels=None, **kwargs) -> dict:
    result = xmr(list(values), **kwargs.pop("xmr", {}))
    labels = labels or [f"M{i:02d}" for i in range(len(values))]
    return spc_chart(result, labels, "Title", **kwargs).to_dict()


def marks(spec: dict) -> list[str]:
    return [layer["mark"]["type"] for layer in spec["layer"]]


def test_layers_without_a_target():
    spec = chart_dict(*BASELINE, 9.0, xmr={"fix_after_n_points": 12}, y_title="Rate")
    assert marks(spec) == ["line", "line", "line", "line", "point"]
    fields = [layer["encoding"]["y"]["field"] for layer in spec["layer"]]
    assert fields == ["upl", "lpl", "mean", "y", "y"]
    upl, lpl, mean, values, _ = spec["layer"]
    assert upl["mark"] == {
        "type": "line",
        "color": "#a6a6a6",
        "strokeDash": [6, 4],
        "strokeWidth": 1.5,
    }
    assert lpl["mark"]["strokeDash"] == [6, 4]
    assert mean["mark"]["color"] == "#000000" and "strokeDash" not in mean["mark"]
    assert values["mark"]["color"] == "#a6a6a6" and "strokeDash" not in values["mark"]
    # every y axis shares one title and one scale
    assert {json.dumps(layer["encoding"]["y"]["title"]) for layer in spec["layer"]} == {'"Rate"'}
    assert all(layer["encoding"]["y"]["scale"] == {"zero": False} for layer in spec["layer"])


def test_lines_break_at_each_rebase():
    spec = chart_dict(*BASELINE, *BASELINE, xmr={"rebase": [12]})
    for layer in spec["layer"][:4]:
        assert layer["encoding"]["detail"] == {"field": "rebase_group", "type": "nominal"}
    groups = [row["rebase_group"] for row in spec["data"]["values"]]
    assert groups == [0] * 12 + [1] * 12


def test_target_line_and_label():
    spec = chart_dict(*BASELINE, 0.0, target=4.5)
    assert marks(spec) == ["line", "line", "line", "rule", "text", "line", "point"]
    rule, text = spec["layer"][3:5]
    assert rule["mark"]["color"] == "#212b32" and rule["mark"]["strokeDash"] == [2, 3]
    assert rule["encoding"] == {"y": {"datum": 4.5}}
    assert text["mark"]["text"] == "Target"
    assert text["encoding"]["y"] == {"datum": 4.5}
    assert "#de1b1b" not in json.dumps(spec)  # no RAG red


def test_target_defaults_to_the_result_target():
    spec = chart_dict(*BASELINE, 0.0, xmr={"target": -2.0})
    assert spec["layer"][3]["encoding"] == {"y": {"datum": -2.0}}


def test_points_are_coloured_and_shaped_by_point_type():
    spec = chart_dict(*BASELINE, 9.0, -9.0, xmr={"fix_after_n_points": 12})
    encoding = spec["layer"][-1]["encoding"]
    assert spec["layer"][-1]["mark"] == {"type": "point", "filled": True, "opacity": 1, "size": 60}
    assert encoding["color"]["field"] == "point_type_label"
    assert encoding["color"]["scale"] == {
        "domain": ["Common cause", "Special cause: improvement", "Special cause: concern"],
        "range": ["#a6a6a6", "#00b0f0", "#e46c0a"],
    }
    assert encoding["shape"]["scale"]["range"] == ["circle", "diamond", "square"]
    labels = [row["point_type_label"] for row in spec["data"]["values"]]
    assert labels[-2:] == ["Special cause: improvement", "Special cause: concern"]


def test_neutral_direction_uses_purple():
    spec = chart_dict(
        *BASELINE, 9.0, xmr={"fix_after_n_points": 12, "improvement_direction": "neutral"}
    )
    scale = spec["layer"][-1]["encoding"]["color"]["scale"]
    assert scale == {
        "domain": ["Common cause", "Special cause: high", "Special cause: low"],
        "range": ["#a6a6a6", "#490092", "#490092"],
    }
    assert spec["layer"][-1]["encoding"]["shape"]["scale"]["range"] == [
        "circle",
        "triangle-up",
        "triangle-down",
    ]


def test_tooltips():
    spec = chart_dict(*BASELINE, 9.0, y_title="Rate")
    assert spec["layer"][-1]["encoding"]["tooltip"] == [
        {"field": "label", "title": "Period", "type": "nominal"},
        {"field": "y", "title": "Rate", "type": "quantitative"},
        {"field": "point_type_label", "title": "Point type", "type": "nominal"},
    ]
    assert chart_dict(*BASELINE)["layer"][-1]["encoding"]["tooltip"][1]["title"] == "Value"


def test_x_axis_is_the_period_labels_in_order():
    labels = ["Nov 2024", "Dec 2024", "Jan 2025", "Feb 2025"]
    spec = chart_dict(4.0, 5.0, 6.0, 5.0, labels=labels)
    for layer in (spec["layer"][0], spec["layer"][-1]):
        assert layer["encoding"]["x"] == {
            "field": "label",
            "sort": labels,
            "title": None,
            "type": "ordinal",
        }
    assert [row["label"] for row in spec["data"]["values"]] == labels


def test_inline_data_with_missing_limits_as_null():
    spec = chart_dict(5.0)  # one point: no moving range, so no limits
    assert "datasets" not in spec
    assert spec["data"]["values"] == [
        {
            "x": 0,
            "label": "M00",
            "y": 5.0,
            "rebase_group": 0,
            "mean": 5.0,
            "lpl": None,
            "upl": None,
            "point_type": "common_cause",
            "point_type_label": "Common cause",
        }
    ]
    json.dumps(spec, allow_nan=False)


def test_title_and_trial_limits_subtitle():
    trial = chart_dict(*BASELINE[:11])
    assert trial["title"] == {
        "text": "Title",
        "subtitle": [TRIAL_LIMITS_SUBTITLE],
        "anchor": "start",
    }
    assert TRIAL_LIMITS_SUBTITLE == "Trial limits: fewer than 12 points"
    full = chart_dict(*BASELINE)
    assert full["title"]["text"] == "Title"
    assert full["title"]["subtitle"] == []
    assert (full["width"], full["height"]) == (560, 280)


def test_spec_is_deterministic_and_independent_of_data_transformers():
    result = xmr([*BASELINE, 9.0], fix_after_n_points=12, target=3.0)
    first = spc_chart(result, LABELS_13, "Title").to_dict()
    with alt.data_transformers.enable("default", max_rows=1):
        second = spc_chart(result, LABELS_13, "Title").to_dict()
    assert first == second
    text = json.dumps(first)
    assert '"params"' not in text and "selection" not in text and "data-" not in text


@pytest.mark.parametrize(
    ("labels", "message"),
    [(LABELS_13[:12], "labels has 12 items; the series has 13"), (["a"] * 13, "distinct")],
)
def test_bad_labels_raise(labels, message):
    with pytest.raises(ValueError, match=message):
        spc_chart(xmr([*BASELINE, 9.0]), labels, "Title")
