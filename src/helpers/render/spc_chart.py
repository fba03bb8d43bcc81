"""Making Data Count style SPC chart (Altair) of an :class:`helpers.rules.spc.SpcResult`.

The layers follow the reference's ``ptd_create_ggplot()`` (NHSRplotthedots):
dashed process limits, the mean, an optional target, the value line and the
points coloured by point type; limit, mean and value lines break at each
rebase. Points also differ in shape, so the chart reads without colour.

The specification is deterministic: data are inlined with ``alt.Data`` (so the
global ``alt.data_transformers`` state does not matter) and there are no
parameters or selections whose names Altair would generate.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt

from helpers.core.numbers import number_or_none
from helpers.core.vocabulary import POINT_TYPE_LABELS
from helpers.render.spc_icons import SPC_COLOURS
from helpers.rules.spc import SpcResult

CHART_WIDTH = 560
CHART_HEIGHT = 280
TRIAL_LIMITS_SUBTITLE = "Trial limits: fewer than 12 points"

_POINT_STYLES = {
    "common_cause": ("common_cause", "circle"),
    "special_cause_improvement": ("special_cause_improvement", "diamond"),
    "special_cause_concern": ("special_cause_concern", "square"),
    "special_cause_neutral_high": ("special_cause_neutral", "triangle-up"),
    "special_cause_neutral_low": ("special_cause_neutral", "triangle-down"),
}
_LEGEND_POINT_TYPES = {
    "neutral": ("common_cause", "special_cause_neutral_high", "special_cause_neutral_low"),
    "directional": ("common_cause", "special_cause_improvement", "special_cause_concern"),
}


def _records(result: SpcResult, labels: Sequence[str]) -> list[dict[str, object]]:
    """Return one JSON-ready record per point for the chart's inline data."""
    columns = ["x", "y", "rebase_group", "mean", "lpl", "upl", "point_type"]
    rows = result.table[columns].to_dict("records")
    return [
        {
            "x": int(row["x"]),
            "label": str(label),
            "y": number_or_none(row["y"]),
            "rebase_group": int(row["rebase_group"]),
            "mean": number_or_none(row["mean"]),
            "lpl": number_or_none(row["lpl"]),
            "upl": number_or_none(row["upl"]),
            "point_type": row["point_type"],
            "point_type_label": POINT_TYPE_LABELS[row["point_type"]],
        }
        for row, label in zip(rows, labels, strict=True)
    ]


def _point_scales(improvement_direction: str) -> tuple[alt.Scale, alt.Scale]:
    """Return the colour and shape scales of the points, keyed by point type label."""
    key = "neutral" if improvement_direction == "neutral" else "directional"
    point_types = _LEGEND_POINT_TYPES[key]
    domain = [POINT_TYPE_LABELS[p] for p in point_types]
    colours = [SPC_COLOURS[_POINT_STYLES[p][0]] for p in point_types]
    shapes = [_POINT_STYLES[p][1] for p in point_types]
    return alt.Scale(domain=domain, range=colours), alt.Scale(domain=domain, range=shapes)


def _y(field: str, y_title: str) -> alt.Y:
    """Return the value-axis encoding; every layer shares its title and scale."""
    return alt.Y(f"{field}:Q", title=y_title, scale=alt.Scale(zero=False))


def _line(field: str, colour: str, x: alt.X, y_title: str, dashed: bool = False) -> alt.Chart:
    """Return a line layer of ``field``, broken at each rebase."""
    mark = {"color": colour, "strokeWidth": 1.5}
    if dashed:
        mark["strokeDash"] = [6, 4]
    return (
        alt.Chart()
        .mark_line(**mark)
        .encode(x=x, y=_y(field, y_title), detail=alt.Detail("rebase_group:N"))
    )


def _target_layers(target: float) -> list[alt.Chart]:
    """Return the dashed target rule and its text label at the right edge."""
    colour = SPC_COLOURS["target"]
    rule = alt.Chart().mark_rule(color=colour, strokeDash=[2, 3], strokeWidth=2)
    text = alt.Chart().mark_text(
        align="right", baseline="bottom", dy=-3, color=colour, fontSize=11, text="Target"
    )
    return [
        rule.encode(y=alt.datum(target)),
        text.encode(x=alt.value(CHART_WIDTH), y=alt.datum(target)),
    ]


def _points(x: alt.X, y_title: str, improvement_direction: str) -> alt.Chart:
    """Return the points, coloured and shaped by point type, with tooltips."""
    colour_scale, shape_scale = _point_scales(improvement_direction)
    legend = alt.Legend(title=None, orient="bottom")
    return (
        alt.Chart()
        .mark_point(filled=True, size=60, opacity=1)
        .encode(
            x=x,
            y=_y("y", y_title),
            color=alt.Color("point_type_label:N", scale=colour_scale, legend=legend),
            shape=alt.Shape("point_type_label:N", scale=shape_scale, legend=legend),
            tooltip=[
                alt.Tooltip("label:N", title="Period"),
                alt.Tooltip("y:Q", title=y_title or "Value"),
                alt.Tooltip("point_type_label:N", title="Point type"),
            ],
        )
    )


def spc_chart(
    result: SpcResult,
    labels: Sequence[str],
    title: str | list[str],
    target: float | None = None,
    y_title: str = "",
) -> alt.LayerChart:
    """Draw an XmR chart in the Making Data Count style.

    Parameters
    ----------
    result : SpcResult
        The output of :func:`helpers.rules.spc.xmr`.
    labels : sequence of str
        One distinct period label per point (e.g. "Nov 2025"), in order.
    title : str or list of str
        Chart title (a list: one line each).
    target : float, optional
        Draw a dashed target line; defaults to ``result.target``.
    y_title : str, default ""
        Title of the value axis (also the tooltip's name for the value).

    Returns
    -------
    altair.LayerChart
        Layers: upper and lower process limits (dashed), mean, target rule and
        its label (when there is a target), value line, points. When
        ``result.trial_limits`` the subtitle is "Trial limits: fewer than 12
        points".

    Raises
    ------
    ValueError
        When ``labels`` does not have one distinct label per point.
    """
    if len(labels) != len(result.table):
        raise ValueError(f"labels has {len(labels)} items; the series has {len(result.table)}")
    if len(set(labels)) != len(labels):
        raise ValueError("labels must be distinct: the x axis is ordinal")
    target = result.target if target is None else target

    x = alt.X("label:O", sort=[str(label) for label in labels], title=None)
    layers = [
        _line("upl", SPC_COLOURS["upl"], x, y_title, dashed=True),
        _line("lpl", SPC_COLOURS["lpl"], x, y_title, dashed=True),
        _line("mean", SPC_COLOURS["mean_line"], x, y_title),
        *([] if target is None else _target_layers(float(target))),
        _line("y", SPC_COLOURS["value_line"], x, y_title),
        _points(x, y_title, result.improvement_direction),
    ]
    subtitle = [TRIAL_LIMITS_SUBTITLE] if result.trial_limits else []
    return alt.layer(*layers, data=alt.Data(values=_records(result, labels))).properties(
        title=alt.TitleParams(text=title, subtitle=subtitle, anchor="start"),
        width=CHART_WIDTH,
        height=CHART_HEIGHT,
    )
