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
the chart and ``to_dict()`` validation grows with the number of layers.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

import altair as alt

from helpers.core.formatting import format_number, format_target
from helpers.core.numbers import number_or_none
from helpers.core.vocabulary import MARKER_MEANINGS
from helpers.engine.scorecard import Scorecard

__all__ = [
    "CHART_HEIGHT",
    "CHART_WIDTH",
    "COLOURS",
    "STATUS_MEANINGS",
    "chart_alt_text",
    "chart_id",
    "has_trend",
    "section_charts",
    "trend_chart",
]

CHART_WIDTH = 520
"""Width of the plotting area in pixels (the reference labels sit to its right)."""

CHART_HEIGHT = 160
"""Height of the plotting area in pixels."""

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
_DEFAULT_HEADINGS = {"comparator": "Comparator", "national": "National"}
_POLARITY_HINTS = {
    "H": "Higher is better",
    "L": "Lower is better",
    "T": "Closer to the target is better",
}
_DOT_PHRASES = {
    "previous": "the previous period",
    "same_period_last_year": "the same period last year",
}
_TITLE_LIMIT = 80
_LABEL_FONT_SIZE = 10
_LABEL_GAP = 12.0
_LABEL_LIMIT = 240
_LABEL_DX = 6
_Y_PADDING = 0.05


@dataclass(frozen=True)
class _Reference:
    """One reference line: what it is, where, how it is drawn and labelled."""

    name: str
    kind: str
    value: float
    label: str
    detail: str


@dataclass(frozen=True)
class _YScale:
    """An explicit y domain with its tick values and tick format."""

    low: float
    high: float
    ticks: list[float]
    tick_format: str
    zero: bool

    def pixel(self, value: float) -> float:
        """Distance of a value from the top of the plotting area, in pixels."""
        return CHART_HEIGHT * (self.high - value) / (self.high - self.low)

    def value_at(self, pixel: float) -> float:
        """The value drawn ``pixel`` pixels from the top of the plotting area."""
        return self.high - pixel * (self.high - self.low) / CHART_HEIGHT


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

    Parameters
    ----------
    card : Scorecard
        The month's scorecard.
    table_id, indicator_id : str
        The row.

    Returns
    -------
    bool
        True when at least two trend periods have a figure.

    Raises
    ------
    KeyError
        If the table has no such row.
    """
    return _subject(card, table_id, indicator_id).charted


def trend_chart(card: Scorecard, table_id: str, indicator_id: str) -> alt.LayerChart:
    """Draw an indicator row's trend with its target, floor standard and benchmarks.

    Parameters
    ----------
    card : Scorecard
        The month's scorecard.
    table_id, indicator_id : str
        The row.

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

    Parameters
    ----------
    card : Scorecard
        The month's scorecard.
    table_id, indicator_id : str
        The row.

    Returns
    -------
    str
        What the chart shows: the periods, first and last figures, lowest and highest,
        target (or target range) and floor standard, benchmarks, provisional,
        unpublished or missing figures, and the direction of travel. For example
        ``"Line chart of ... for Kent, May-25 to Nov-25: from 71.5% to 68.3%, lowest
        68.3% (Nov-25), highest 71.5% (May-25); target 85.0%, floor standard 75.0%;
        performance worsened on the previous period."``

    Raises
    ------
    KeyError
        If the table has no such row.
    """
    return _alt_text(_subject(card, table_id, indicator_id))


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
    for indicator_id in card.table(table_id)["id"]:
        subject = _subject(card, table_id, indicator_id)
        if subject.charted:
            out.append((chart_id(table_id, indicator_id), _chart(subject), _alt_text(subject)))
    if not out and card.tables[card.tables["table"] == table_id].empty:
        raise KeyError(f"the {card.month} scorecard has no table {table_id!r}")
    return out


# --------------------------------------------------------------------------- lookups


def _table(card: Scorecard, table_id: str) -> dict[str, Any]:
    tables = card.tables[card.tables["table"] == table_id]
    if tables.empty:
        raise KeyError(f"the {card.month} scorecard has no table {table_id!r}")
    return tables.iloc[0].to_dict()


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


def _points(card: Scorecard, table_id: str, indicator_id: str) -> list[dict[str, Any]]:
    """The row's trend in the table's period order: label, value, status, note."""
    trend = card.trend[(card.trend["table"] == table_id) & (card.trend["id"] == indicator_id)]
    order = {key: i for i, key in enumerate(_table(card, table_id)["periods"])}
    trend = trend.assign(_order=trend["period"].map(order)).sort_values("_order", kind="stable")
    return [
        {
            "label": str(t["label"]),
            "value": number_or_none(t["value"]),
            "status": str(t["status"] or ""),
            "note": str(t.get("note") or ""),
        }
        for t in trend.to_dict("records")
    ]


# --------------------------------------------------------------------------- words


def _decimals(value: Any, fallback: int) -> int:
    return fallback if value is None else int(value)


def _with_unit(number: str, unit: str) -> str:
    """Percentages carry a % sign; other units are named once (axis title, alt text)."""
    return f"{number}%" if unit == "percent" and number else number


def _figure(value: float, row: dict[str, Any]) -> str:
    return _with_unit(format_number(value, int(row["decimals"])), row["unit"])


def _unit_words(unit: str) -> str:
    """The unit in words, with thousands commas: ``rate per 10000`` -> ``rate per 10,000``."""
    return re.sub(r"\d{4,}", lambda m: format_number(int(m.group()), 0), unit)


def unit_title(unit: str) -> str:
    """The y-axis title of a unit ("Percent", "Days"), shared by every chart of a row."""
    words = _unit_words(unit)
    return words[:1].upper() + words[1:]


def short_title(row: dict[str, Any]) -> str:
    """The code and the title, cut at a word before ``_TITLE_LIMIT`` characters.

    Shared by every chart of a row (trend and Making Data Count), so both are titled alike.
    """
    title = " ".join(str(row["title"]).split())
    if len(title) > _TITLE_LIMIT:
        title = title[: _TITLE_LIMIT - 1].rsplit(" ", 1)[0].rstrip(" ,;:-(") + "…"
    return f"{row['code']} {title}" if row["code"] else title


def _polarity_hint(row: dict[str, Any]) -> str:
    """Which way is good, for rows that are rated or have a direction of travel.

    Context rows (no target, no arrow, such as a count shown beside a percentage) get
    no hint: their polarity is not a judgement the scorecard makes.
    """
    rated = row["target"] is not None or (row.get("dot_method") or "none") != "none"
    return _POLARITY_HINTS.get(row["polarity"] or "", "") if rated else ""


def _print_target(value: float, dp: int, comparator: str = "") -> str:
    return format_target(value, dp, comparator or "").replace("<=", "≤").replace(">=", "≥")


def _threshold_dp(row: dict[str, Any]) -> int:
    return _decimals(row.get("target_dp"), int(row["decimals"]))


# --------------------------------------------------------------------------- references


def _references(row: dict[str, Any], table: dict[str, Any]) -> list[_Reference]:
    """Every reference line of a row, thresholds first, then benchmarks."""
    return _threshold_references(row) + _benchmark_references(row, table)


def _threshold_references(row: dict[str, Any]) -> list[_Reference]:
    if row.get("target_status"):
        return []
    dp, unit, year = _threshold_dp(row), row["unit"], row.get("year") or ""
    suffix = f" for {year}" if year else ""
    refs = []
    if row["target"] is not None:
        printed = _print_target(row["target"], dp, row.get("target_comparator") or "")
        label = f"Target {printed}"
        if row["polarity"] == "T" and _has_range(row, "target"):
            label += f" (range {_print_range(row, 'target', dp)})"
        refs.append(
            _Reference(
                "target",
                "target",
                row["target"],
                label,
                f"Target{suffix}: {_with_unit(printed, unit)}",
            )
        )
    derived = " (derived, not published)" if row.get("floor_derived") else ""
    if row["polarity"] == "T" and _has_range(row, "floor"):
        for end in ("low", "high"):
            printed = format_number(row[f"floor_{end}"], dp)
            refs.append(
                _Reference(
                    f"floor-{end}",
                    "floor",
                    row[f"floor_{end}"],
                    f"Floor {printed}",
                    f"Floor standard{suffix} ({end} end): {_with_unit(printed, unit)}{derived}",
                )
            )
    elif row["floor"] is not None:
        printed = format_number(row["floor"], dp)
        refs.append(
            _Reference(
                "floor",
                "floor",
                row["floor"],
                f"Floor {printed}",
                f"Floor standard{suffix}: {_with_unit(printed, unit)}{derived}",
            )
        )
    return refs


def _has_range(row: dict[str, Any], kind: str) -> bool:
    return row.get(f"{kind}_low") is not None and row.get(f"{kind}_high") is not None


def _print_range(
    row: dict[str, Any], kind: str, dp: int, joiner: str = "–", unit: bool = False
) -> str:
    low, high = format_number(row[f"{kind}_low"], dp), format_number(row[f"{kind}_high"], dp)
    if unit:
        low, high = _with_unit(low, row["unit"]), _with_unit(high, row["unit"])
    return f"{low}{joiner}{high}"


def _benchmark_references(row: dict[str, Any], table: dict[str, Any]) -> list[_Reference]:
    refs = []
    for column in ("comparator", "national"):
        value = row.get(column)
        if value is None or row.get(f"{column}_status"):
            continue
        heading = " ".join(str(table.get(f"{column}_heading") or "").split())
        heading = heading or _DEFAULT_HEADINGS[column]
        printed = format_number(value, _decimals(row.get(f"{column}_dp"), int(row["decimals"])))
        refs.append(
            _Reference(
                column,
                column,
                value,
                f"{heading} {printed}",
                f"{heading}: {_with_unit(printed, row['unit'])}",
            )
        )
    return refs


# --------------------------------------------------------------------------- scale


def _nice_step(rough: float) -> float:
    """The 1, 2 or 5 times a power of ten nearest above ``rough``."""
    power = 10.0 ** math.floor(math.log10(rough))
    for factor in (1.0, 2.0, 5.0, 10.0):
        if rough <= factor * power:
            return factor * power
    return 10.0 * power  # pragma: no cover - the loop always returns


def _y_scale(values: list[float], row: dict[str, Any]) -> _YScale:
    """A domain covering every figure and reference line, rounded out to whole ticks."""
    low, high = min(values), max(values)
    counts = row["measure"] == "count"
    if counts:  # a count's axis starts at zero
        low = min(low, 0.0)
    span = (high - low) or max(abs(high) * 0.1, 1.0)
    step = _nice_step(span / 4)
    padding = 0.0 if low == 0 else span * _Y_PADDING
    bottom = math.floor((low - padding) / step) * step
    top = math.ceil((high + span * _Y_PADDING) / step) * step
    if low >= 0:
        bottom = max(bottom, 0.0)
    if row["unit"] == "percent" and high <= 100:
        top = min(top, 100.0)
    count = round((top - bottom) / step)
    ticks = [round(bottom + i * step, 10) for i in range(count + 1)]
    places = max(0, -math.floor(math.log10(step) + 1e-9)) if step < 1 else 0
    return _YScale(round(bottom, 10), round(top, 10), ticks, f",.{places}f", counts)


def _y(scale: _YScale, title: str) -> alt.Y:
    """The y encoding every layer shares (set once, on the layered chart)."""
    return alt.Y(
        "value:Q",
        title=title,
        scale=alt.Scale(domain=[scale.low, scale.high], nice=False, zero=scale.zero),
        axis=alt.Axis(values=scale.ticks, format=scale.tick_format, grid=True),
    )


def _spread(positions: list[float], gap: float, limit: float) -> list[float]:
    """Move label positions (pixels from the top) apart by ``gap``, within 0..limit."""
    order = sorted(range(len(positions)), key=lambda i: (positions[i], i))
    placed = [positions[i] for i in order]
    for k in range(1, len(placed)):
        placed[k] = max(placed[k], placed[k - 1] + gap)
    if placed and placed[-1] > limit:
        placed[-1] = limit
        for k in range(len(placed) - 2, -1, -1):
            placed[k] = min(placed[k], placed[k + 1] - gap)
    out = [0.0] * len(positions)
    for k, i in enumerate(order):
        out[i] = placed[k]
    return out


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
    if row["polarity"] != "T" or row.get("target_status") or not _has_range(row, "target"):
        return None
    detail = f"Target range: {_print_range(row, 'target', _threshold_dp(row), unit=True)}"
    return _layer(
        "target-range",
        alt.MarkDef(type="rect", color=COLOURS["target_range"], opacity=0.45),
        _inline([{"value": row["target_low"], "high": row["target_high"], "detail": detail}]),
        y2=alt.Y2("high"),
        tooltip=_tip("detail"),
    )


def _reference_layers(refs: list[_Reference], scale: _YScale) -> list[alt.Chart]:
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
    placed = _spread([scale.pixel(r.value) for r in refs], _LABEL_GAP, CHART_HEIGHT + 6)
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
            "value_text": "" if p["value"] is None else _figure(p["value"], row),
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
    references = _references(row, table)
    scale = _y_scale(present + [r.value for r in references], row)
    values = _series_values(subject.points, row)
    band = _range_layer(row)
    layers = [band] if band is not None else []
    rules_and_labels = _reference_layers(references, scale)
    layers += rules_and_labels[:1]
    layers += _series_layers(values, list(table["labels"]))
    layers += rules_and_labels[1:]
    subtitle = _polarity_hint(row)
    title = alt.Title(
        short_title(row),
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
        description=_alt_text(subject),
        config=_CONFIG,
    )


# --------------------------------------------------------------------------- alt text


def _alt_text(subject: _Subject) -> str:
    row, points = subject.row, subject.points
    clauses = [
        _series_clause(points, row, subject.area_name),
        _threshold_clause(row),
        _benchmark_clause(row, subject.table),
        _status_clause(points),
        _dot_clause(row),
    ]
    return "; ".join(c for c in clauses if c) + "."


def _labels_of(points: list[dict[str, Any]], value: float, dp: int) -> str:
    printed = format_number(value, dp)
    return ", ".join(
        p["label"]
        for p in points
        if p["value"] is not None and format_number(p["value"], dp) == printed
    )


def _series_clause(points: list[dict[str, Any]], row: dict[str, Any], area: str) -> str:
    present = [p for p in points if p["value"] is not None]
    unit = "" if row["unit"] == "percent" else f" ({_unit_words(row['unit'])})"
    head = f"Line chart of {' '.join(str(row['title']).split())}{unit} for {area}"
    if not present:
        return f"{head}: no figures"
    first, last = present[0], present[-1]
    if len(present) == 1:
        return f"{head}, {first['label']}: {_figure(first['value'], row)}"
    head = f"{head}, {first['label']} to {last['label']}"
    dp = int(row["decimals"])
    values = [p["value"] for p in present]
    low, high = min(values), max(values)
    if format_number(low, dp) == format_number(high, dp):
        return f"{head}: unchanged at {_figure(low, row)}"
    return (
        f"{head}: from {_figure(first['value'], row)} to {_figure(last['value'], row)}, "
        f"lowest {_figure(low, row)} ({_labels_of(present, low, dp)}), "
        f"highest {_figure(high, row)} ({_labels_of(present, high, dp)})"
    )


def _threshold_clause(row: dict[str, Any]) -> str:
    status = row.get("target_status")
    if status:
        return f"target {MARKER_MEANINGS.get(status, status).lower()}"
    dp, unit, parts = _threshold_dp(row), row["unit"], []
    if row["target"] is not None:
        comparator = {"<=": "at most ", ">=": "at least "}.get(row.get("target_comparator"), "")
        parts.append(f"target {comparator}{_with_unit(format_number(row['target'], dp), unit)}")
        if row["polarity"] == "T" and _has_range(row, "target"):
            parts[-1] += f" (range {_print_range(row, 'target', dp, ' to ', unit=True)})"
    if row["polarity"] == "T" and _has_range(row, "floor"):
        parts.append(f"floor standard range {_print_range(row, 'floor', dp, ' to ', unit=True)}")
    elif row["floor"] is not None:
        parts.append(f"floor standard {_with_unit(format_number(row['floor'], dp), unit)}")
    return ", ".join(parts)


def _benchmark_clause(row: dict[str, Any], table: dict[str, Any]) -> str:
    refs = _benchmark_references(row, table)
    if not refs:
        return ""
    texts = [r.detail.replace(": ", " ", 1) for r in refs]
    return "benchmarks " + " and ".join(texts)


def _status_clause(points: list[dict[str, Any]]) -> str:
    present = [i for i, p in enumerate(points) if p["value"] is not None]
    parts = [
        f"the {p['label']} figure is {p['status']}"
        for p in points
        if p["value"] is not None and p["status"] in _MARKED
    ]
    if present:
        gaps = [p["label"] for p in points[present[0] : present[-1] + 1] if p["value"] is None]
        if gaps:
            parts.append(f"no figure for {', '.join(gaps)}")
    return ", ".join(parts)


def _dot_clause(row: dict[str, Any]) -> str:
    dot, method = row.get("dot"), row.get("dot_method")
    if not dot:
        return ""
    if method == "trend":
        verb = "stayed the same" if dot == "same" else dot
        return f"performance {verb} over the trend of recent periods"
    against = _DOT_PHRASES.get(method or "", "the previous period")
    if dot == "same":
        return f"performance was the same as {against}"
    return f"performance {dot} on {against}"
