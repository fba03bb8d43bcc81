"""Trend charts of the scorecard's indicator rows, with their alternative text.

Each chart is an Altair layered chart of one indicator row's trend: the figures as a
line with points, in the order of the table's trend periods (the x axis is ordinal and
prints the period labels, so months, quarters, terms and years all work), and the
reference lines the row is rated against:

* the target (solid) and, for close-to-target (T) polarity, the target range as a
  shaded band;
* the floor standard (dashed), or for T polarity both ends of the floor range;
* the comparator and national benchmarks (dotted), labelled with the table's headings,
  where the value is known.

Reference lines are labelled in the right margin (``Target 85.0``), moved apart so
labels never overlap. Provisional and unpublished figures are drawn as hollow points,
named above the point and in the tooltip. The subtitle says which way is good.

The y scale is fixed here rather than by Vega: it covers the figures and every
reference line, starts at zero only for counts, and stays within 0-100 for
percentages. Fixing it makes the label positions exact and the spec deterministic.

Specs are deterministic: data is inline in the layer that draws it
(``alt.Data(values=...)``, which Altair leaves in place rather than moving it into
hash-named ``datasets``, so a snapshot diff shows a changed figure where it is drawn),
every layer has an explicit ``name``, there are no selections, parameters or dates, so
``chart.to_dict()`` is the same across calls and processes and can be snapshot-tested.
Nothing in a spec is loaded from a URL (the ``$schema`` key is an identifier, not
fetched), so the charts render offline with ``vl_convert``.

The lines show the thresholds of the reporting year of the row's latest figure (the
year the row is rated in); their tooltips say which year.

Speed: a report has about 60 charts. Layers are built with the ``alt.Chart``
constructor and typed channels, and the reference lines share one rule layer and one
text layer, because Altair's chained ``mark_*``/``encode`` calls copy and re-validate
the chart and ``to_dict()`` validation grows with the number of layers. The section
builders also switch off Altair's validation of every object as it is made
(:func:`unvalidated`): a quarter of the building time, and the spec is the same; the
chart tests validate every spec against the schema instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import altair as alt

from helpers.core.numbers import number_or_none
from helpers.core.vocabulary import MARKER_MEANINGS
from helpers.engine.scorecard import Scorecard
from helpers.render.chart_scale import CHART_HEIGHT, YScale, spread, y_scale
from helpers.render.chart_words import (
    Reference,
    alt_text,
    chart_title,
    figure,
    has_range,
    polarity_hint,
    print_range,
    references,
    threshold_dp,
    unit_title,
)

__all__ = [
    "CHART_HEIGHT",
    "CHART_WIDTH",
    "COLOURS",
    "STATUS_MEANINGS",
    "chart_alt_text",
    "chart_id",
    "chart_lines",
    "chart_points",
    "chart_title",
    "has_trend",
    "section_charts",
    "trend_chart",
    "unvalidated",
]

CHART_WIDTH = 520
"""Width of the plotting area in pixels (the reference labels sit to its right)."""


COLOURS: dict[str, str] = {
    "series": "#1f4e79",
    "target": "#1a1a1a",
    "floor": "#4d4d4d",
    "comparator": "#6a3d9a",
    "national": "#8c510a",
    "target_range": "#9ecae1",
    "grid": "#e0e0e0",
    "hollow": "#ffffff",
}
"""Colours: a dark blue series, near-black and grey thresholds, purple and brown
benchmarks, a pale blue target range. None is a RAG colour; every line colour has at
least 3:1 contrast on white, and lines also differ by dash pattern and label."""

STATUS_MEANINGS: dict[str, str] = {
    "": "Reported figure",
    "provisional": "Provisional - subject to change",
    "unpublished": "Unpublished - included for information",
    **MARKER_MEANINGS,
}
"""What a trend figure's status means, as said in tooltips."""

FONT = 'Arial, "Liberation Sans", Helvetica, sans-serif'
"""The page's font stack (``templates/scorecard.css``)."""

_MARKED = ("provisional", "unpublished")
_DASHES: dict[str, list[int]] = {
    "target": [1, 0],
    "floor": [6, 4],
    "comparator": [2, 3],
    "national": [2, 3],
}
_LABEL_FONT_SIZE = 10
_LABEL_GAP = 12.0
_LABEL_LIMIT = 240
_LABEL_DX = 6


# --------------------------------------------------------------------------- public


def chart_id(table_id: str, indicator_id: str) -> str:
    """Return the stable HTML id of an indicator row's trend chart.

    Parameters
    ----------
    table_id : str
        The published table, for example ``"ics-monthly"``.
    indicator_id : str
        The indicator row's id. One indicator can appear in several tables, so the
        id names both.

    Returns
    -------
    str
        ``"chart-<table>-<indicator>"`` in lower case, letters, digits and hyphens.

    Examples
    --------
    >>> chart_id("ics-monthly", "cic-kcc-foster-care")
    'chart-ics-monthly-cic-kcc-foster-care'
    """
    slug = re.sub(r"[^a-z0-9]+", "-", f"{table_id}-{indicator_id}".lower()).strip("-")
    return f"chart-{slug}"


def has_trend(card: Scorecard, table_id: str, indicator_id: str) -> bool:
    """Say whether an indicator row has a trend worth drawing (two or more figures).

    ``card`` is the month's scorecard; ``table_id`` and ``indicator_id`` name the row.

    Returns
    -------
    bool
        True when at least two trend periods have a figure (KeyError for an unknown row).
    """
    return _subject(card, table_id, indicator_id).charted


def trend_chart(card: Scorecard, table_id: str, indicator_id: str) -> alt.LayerChart:
    """Draw an indicator row's trend with its target, floor standard and benchmarks.

    ``card`` is the month's scorecard; ``table_id`` and ``indicator_id`` name the row.

    Returns
    -------
    altair.LayerChart
        Named layers, bottom to top: ``target-range`` (T polarity only, a shaded
        band), ``references`` (one rule per reference line; each data row has a
        ``name``: ``target``, ``floor`` or ``floor-low``/``floor-high`` for T,
        ``comparator``, ``national``), ``series-line``, ``series-points``,
        ``series-marked`` (the words "Provisional" or "Unpublished" above such points,
        when there are any) and ``reference-labels``. Layers without anything to draw
        are left out. The series is the layered chart's data; the y encoding is shared
        by every layer. The chart's ``description`` is its alt text.

    Raises
    ------
    KeyError
        If the table has no such row.
    ValueError
        If the row has no figure in any trend period.
    """
    return _chart(_subject(card, table_id, indicator_id))


def chart_alt_text(card: Scorecard, table_id: str, indicator_id: str) -> str:
    """Describe an indicator row's trend chart in one sentence.

    ``card`` is the month's scorecard; ``table_id`` and ``indicator_id`` name the row.

    Returns
    -------
    str
        What the chart shows: the periods, first and last figures, lowest and highest,
        target (or target range) and floor standard, benchmarks, provisional,
        unpublished or missing figures, and the direction of travel. For example
        ``"Line chart of ... for Kent, May-25 to Nov-25: from 71.5% to 68.3%, lowest
        68.3% (Nov-25), highest 71.5% (May-25); target 85.0%, floor standard 75.0%;
        performance worsened on the previous period."`` A row the table does not
        have is a KeyError.
    """
    return _alt(_subject(card, table_id, indicator_id))


def section_charts(card: Scorecard, table_id: str) -> list[tuple[str, alt.LayerChart, str]]:
    """Build the trend chart of every row of a table that has a trend.

    Parameters
    ----------
    card : Scorecard
        The month's scorecard.
    table_id : str
        The published table.

    Returns
    -------
    list of (str, altair.LayerChart, str)
        ``(chart id, chart, alt text)`` in the table's row order; rows with fewer than
        two figures are left out.

    Raises
    ------
    KeyError
        If the scorecard has no such table.
    """
    out = []
    with unvalidated():
        for indicator_id in card.table(table_id)["id"]:
            subject = _subject(card, table_id, indicator_id)
            if subject.charted:
                out.append((chart_id(table_id, indicator_id), _chart(subject), _alt(subject)))
    if not out and card.tables[card.tables["table"] == table_id].empty:
        raise KeyError(f"the {card.month} scorecard has no table {table_id!r}")
    return out


@contextmanager
def unvalidated() -> Iterator[None]:
    """Build Altair charts without validating each object as it is made.

    Altair validates every schema object on construction while its debug mode is on (the
    default). The spec is the same either way; only the time differs (about a quarter of
    a section's chart building). The chart tests validate every finished spec instead.
    """
    with alt.utils.schemapi.debug_mode(False):
        yield


def chart_points(
    card: Scorecard, table_id: str, indicator_id: str
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The row a chart draws and its points (``label``, ``value``, ``status``, ``note``)."""
    subject = _subject(card, table_id, indicator_id)
    return subject.row, subject.points


def chart_lines(card: Scorecard, table_id: str, indicator_id: str) -> list[str]:
    """The lines drawn across a row's trend chart, in words.

    For example ``["Target for 2025-26: 65%", "Floor standard for 2025-26: 55% (derived,
    not published)", "England Average: 46.4%"]``.
    """
    subject = _subject(card, table_id, indicator_id)
    return [reference.detail for reference in references(subject.row, subject.table)]


# --------------------------------------------------------------------------- lookups


def _table(card: Scorecard, table_id: str) -> dict[str, Any]:
    return card.table_record(table_id)


@dataclass(frozen=True)
class _Subject:
    """Everything one chart and its alt text need, looked up once."""

    row: dict[str, Any]
    table: dict[str, Any]
    points: list[dict[str, Any]]
    area_name: str

    @property
    def charted(self) -> bool:
        """Whether there are two or more figures to draw."""
        return sum(p["value"] is not None for p in self.points) >= 2


def _subject(card: Scorecard, table_id: str, indicator_id: str) -> _Subject:
    return _Subject(
        card.row(table_id, indicator_id),
        _table(card, table_id),
        _points(card, table_id, indicator_id),
        card.area_name,
    )


def _alt(subject: _Subject) -> str:
    return alt_text(subject.row, subject.table, subject.points, subject.area_name)


def _points(card: Scorecard, table_id: str, indicator_id: str) -> list[dict[str, Any]]:
    """The row's trend in the table's period order: label, value, status, note."""
    order = {key: i for i, key in enumerate(_table(card, table_id)["periods"])}
    last = len(order)  # periods outside the table's order go last, in trend order
    trend = sorted(
        card.trend_of(table_id, indicator_id), key=lambda t: order.get(t["period"], last)
    )
    return [
        {
            "label": str(t["label"]),
            "value": number_or_none(t["value"]),
            "status": str(t["status"] or ""),
            "note": str(t.get("note") or ""),
        }
        for t in trend
    ]


# --------------------------------------------------------------------------- scale


def _y(scale: YScale, title: str) -> alt.Y:
    """The y encoding every layer shares (set once, on the layered chart)."""
    return alt.Y(
        "value:Q",
        title=title,
        scale=alt.Scale(domain=[scale.low, scale.high], nice=False, zero=scale.zero),
        axis=alt.Axis(values=scale.ticks, format=scale.tick_format, grid=True),
    )


# --------------------------------------------------------------------------- layers


def _inline(values: list[dict[str, Any]]) -> alt.Data:
    return alt.Data(values=values)


def _layer(
    name: str, mark: alt.MarkDef, data: alt.Data | None = None, **channels: Any
) -> alt.Chart:
    """One named layer, built by the constructor with typed channels.

    ``Chart.mark_*`` and ``Chart.encode`` copy the chart and re-validate every channel;
    building the layer in one call is several times faster, which matters for the 60
    or so charts of a report.
    """
    return alt.Chart(
        data if data is not None else alt.Undefined,
        name=name,
        mark=mark,
        encoding=alt.FacetedEncoding(**channels),
    )


def _tip(field: str, title: str | None = None) -> alt.Tooltip:
    return alt.Tooltip(field, type="nominal", title=title if title else alt.Undefined)


def _range_layer(row: dict[str, Any]) -> alt.Chart | None:
    """The shaded target range of a close-to-target (T) row."""
    if row["polarity"] != "T" or row.get("target_status") or not has_range(row, "target"):
        return None
    detail = f"Target range: {print_range(row, 'target', threshold_dp(row), unit=True)}"
    return _layer(
        "target-range",
        alt.MarkDef(type="rect", color=COLOURS["target_range"], opacity=0.45),
        _inline([{"value": row["target_low"], "high": row["target_high"], "detail": detail}]),
        y2=alt.Y2("high"),
        tooltip=_tip("detail"),
    )


def _reference_layers(refs: list[Reference], scale: YScale) -> list[alt.Chart]:
    """All reference lines in one rule layer, and their labels in one text layer.

    Each row carries its own colour and dash pattern (used unscaled), so the spec says
    plainly how each line is drawn. Labels sit in the right margin at the height of
    their line, moved apart (in pixels, converted back to data units, since Vega-Lite
    has no per-datum vertical offset on a continuous scale) so none overlap.
    """
    if not refs:
        return []
    rows = [
        {
            "name": r.name,
            "kind": r.kind,
            "value": r.value,
            "label": r.label,
            "detail": r.detail,
            "colour": COLOURS[r.kind],
            "dash": _DASHES[r.kind],
        }
        for r in refs
    ]
    placed = spread([scale.pixel(r.value) for r in refs], _LABEL_GAP, CHART_HEIGHT + 6)
    labels = [
        {**row, "line": row["value"], "value": round(scale.value_at(px), 6)}
        for row, px in zip(rows, placed, strict=True)
    ]
    colour = alt.Color("colour", type="nominal", scale=None)
    rules = _layer(
        "references",
        alt.MarkDef(type="rule", strokeWidth=1.5),
        _inline(rows),
        color=colour,
        strokeDash=alt.StrokeDash("dash", type="nominal", scale=None),
        tooltip=_tip("detail"),
    )
    text = _layer(
        "reference-labels",
        alt.MarkDef(
            type="text",
            align="left",
            baseline="middle",
            dx=_LABEL_DX,
            fontSize=_LABEL_FONT_SIZE,
            limit=_LABEL_LIMIT,
        ),
        _inline(labels),
        x=alt.XValue(CHART_WIDTH),
        color=colour,
        text=alt.Text("label", type="nominal"),
        tooltip=_tip("detail"),
    )
    return [rules, text]


def _series_values(points: list[dict[str, Any]], row: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "period": p["label"],
            "value": p["value"],
            "value_text": "" if p["value"] is None else figure(p["value"], row),
            "figure": p["status"] if p["status"] in _MARKED else "reported",
            "status": STATUS_MEANINGS.get(p["status"], p["status"]),
            "note": p["note"],
        }
        for p in points
    ]


def _series_layers(values: list[dict[str, Any]], labels: list[str]) -> list[alt.Chart]:
    """The line, the points (hollow when provisional or unpublished) and their labels.

    The line and points use the layered chart's data (the series); the labels of
    provisional or unpublished points have their own.
    """
    x = alt.X(
        "period",
        type="ordinal",
        sort=labels,
        scale=alt.Scale(domain=labels),
        axis=alt.Axis(title=None, labelAngle=0, labelOverlap=False),
    )
    tooltip = [_tip("period", "Period"), _tip("value_text", "Value"), _tip("status", "Status")]
    if any(v["note"] for v in values):
        tooltip.append(_tip("note", "Note"))
    line = _layer(
        "series-line",
        alt.MarkDef(
            type="line",
            color=COLOURS["series"],
            strokeWidth=2,
            invalid="break-paths-filter-domains",
        ),
        x=x,
    )
    fill = alt.Fill(
        "figure",
        type="nominal",
        legend=None,
        scale=alt.Scale(
            domain=["reported", *_MARKED],
            range=[COLOURS["series"], COLOURS["hollow"], COLOURS["hollow"]],
        ),
    )
    dots = _layer(
        "series-points",
        alt.MarkDef(
            type="point",
            shape="circle",
            size=50,
            filled=False,
            opacity=1,
            stroke=COLOURS["series"],
            strokeWidth=1.5,
            invalid="filter",
        ),
        x=x,
        fill=fill,
        tooltip=tooltip,
    )
    marked = [
        {**v, "label": v["figure"].capitalize()}
        for v in values
        if v["figure"] in _MARKED and v["value"] is not None
    ]
    if not marked:
        return [line, dots]
    notes = _layer(
        "series-marked",
        alt.MarkDef(type="text", dy=-11, fontSize=9, color=COLOURS["series"], fontStyle="italic"),
        _inline(marked),
        x=x,
        text=alt.Text("label", type="nominal"),
        tooltip=tooltip,
    )
    return [line, dots, notes]


_CONFIG = alt.Config(
    font=FONT,
    background="#ffffff",
    padding=8,
    view=alt.ViewConfig(stroke=None),
    axis=alt.AxisConfig(
        labelFontSize=10,
        titleFontSize=10,
        labelColor="#1a1a1a",
        titleColor="#1a1a1a",
        gridColor=COLOURS["grid"],
        domainColor="#4d4d4d",
        tickColor="#4d4d4d",
    ),
    axisX=alt.AxisConfig(grid=False),
)


def _chart(subject: _Subject) -> alt.LayerChart:
    """Assemble the layered chart in one constructor call (each chained call copies it)."""
    row, table = subject.row, subject.table
    present = [p["value"] for p in subject.points if p["value"] is not None]
    if not present:
        raise ValueError(f"{row['table']}/{row['id']}: no figures to chart")
    refs = references(row, table)
    scale = y_scale(present + [r.value for r in refs], row)
    values = _series_values(subject.points, row)
    band = _range_layer(row)
    layers = [band] if band is not None else []
    rules_and_labels = _reference_layers(refs, scale)
    layers += rules_and_labels[:1]
    layers += _series_layers(values, list(table["labels"]))
    layers += rules_and_labels[1:]
    subtitle = polarity_hint(row)
    title = alt.Title(
        chart_title(row),
        subtitle=subtitle or alt.Undefined,
        anchor="start",
        fontSize=13,
        subtitleFontSize=10,
        subtitleColor="#4d4d4d",
        offset=6,
    )
    return alt.layer(
        *layers,
        data=_inline(values),
        encoding=alt.SharedEncoding(y=_y(scale, unit_title(row["unit"]))),
        width=CHART_WIDTH,
        height=CHART_HEIGHT,
        title=title,
        description=_alt(subject),
        config=_CONFIG,
    )
