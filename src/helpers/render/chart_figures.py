"""The figures behind each chart, as an HTML table a keyboard and a screen reader reach.

Each chart of the page is followed by a ``<details>`` element (keyboard-operable without
script): its summary names the chart, and it opens on a table of every plotted figure with
its status in words and a symbol (``* provisional``, ``† unpublished``), then the lines
drawn across the chart in words: the target, the floor standard (saying when it was
derived rather than published) and the benchmarks, or for a Making Data Count chart the
mean and the process limits. The drawing itself is hidden from assistive technology
(:func:`helpers.render.display.chart_bundle`), so these figures and the caption are its
text alternative.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from helpers.core.formatting import format_number
from helpers.core.vocabulary import FIGURE_MARK_WORDS, MARKER_MEANINGS, POINT_TYPE_LABELS
from helpers.engine.mdc import row_history, row_spc
from helpers.engine.scorecard import Scorecard
from helpers.render.chart_words import short_title
from helpers.render.charts import chart_lines, chart_points

__all__ = ["FIGURE_STATUS_WORDS", "spc_figures_html", "trend_figures_html"]

FIGURE_STATUS_WORDS: dict[str, str] = {**MARKER_MEANINGS, **FIGURE_MARK_WORDS}
"""A figure's status as printed beside it: a symbol and words, never colour alone."""


def _with_unit(text: str, unit: str) -> str:
    return f"{text}%" if unit == "percent" and text else text


def _details(
    title: str, headings: Sequence[str], rows: Sequence[Sequence[str]], lines: list[str]
) -> str:
    head = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in headings)
    body = "".join(
        f'<tr><th scope="row">{html.escape(row[0])}</th>'
        + "".join(f"<td>{html.escape(cell)}</td>" for cell in row[1:])
        + "</tr>"
        for row in rows
    )
    notes = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
    name = html.escape(title, quote=True)
    return (
        '<details class="chart-data">'
        f'<summary>Figures of this chart<span class="visually-hidden">: {name}</span></summary>\n'
        f'<div class="table-scroll" role="region" aria-label="Figures: {name}" tabindex="0">'
        f'<table class="chart-figures"><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>\n"
        + (f"<ul>{notes}</ul>\n" if notes else "")
        + "</details>"
    )


def trend_figures_html(card: Scorecard, table_id: str, indicator_id: str) -> str:
    """The figures of a row's trend chart, its target, floor standard and benchmarks.

    Parameters
    ----------
    card : Scorecard
        The month's scorecard.
    table_id, indicator_id : str
        The row.

    Returns
    -------
    str
        A ``<details>`` element holding a table (period, figure, status) and a list of
        the chart's reference lines in words.
    """
    row, points = chart_points(card, table_id, indicator_id)
    decimals, unit = int(row["decimals"]), row["unit"]
    rows = [
        (
            p["label"],
            _with_unit(format_number(p["value"], decimals), unit) if p["value"] is not None else "",
            FIGURE_STATUS_WORDS.get(p["status"], "") if p["status"] else "",
        )
        for p in points
    ]
    return _details(
        short_title(row),
        ("Period", "Figure", "Status"),
        rows,
        chart_lines(card, table_id, indicator_id),
    )


def spc_figures_html(card: Scorecard, table_id: str, indicator_id: str) -> str:
    """The figures of a row's Making Data Count chart, with its mean and process limits.

    Takes what :func:`trend_figures_html` takes (the row must have a trend) and returns a
    ``<details>`` element holding a table (period, figure, mean, lower and upper process
    limits, what the point shows) and the target in words.
    """
    row, _ = chart_points(card, table_id, indicator_id)
    result = row_spc(card, table_id, indicator_id)
    if result is None:
        raise ValueError(f"row {indicator_id!r} of table {table_id!r} has no trend to chart")
    decimals, unit = int(row["decimals"]) + 1, row["unit"]
    labels = [label for label, _ in row_history(card, table_id, indicator_id)]

    def number(value: float, dp: int = decimals) -> str:
        return _with_unit(format_number(value, dp), unit)

    rows = [
        (
            label,
            number(point["y"], decimals - 1),
            number(point["mean"]),
            number(point["lpl"]),
            number(point["upl"]),
            POINT_TYPE_LABELS.get(point["point_type"], ""),
        )
        for label, point in zip(labels, result.table.to_dict("records"), strict=True)
    ]
    limits = "Trial limits (fewer than 12 points)" if result.trial_limits else "Process limits"
    lines = [f"{limits}: mean ± 2.66 times the mean moving range."]
    if result.target is not None:
        lines.append(f"Target: {number(result.target, decimals - 1)}")
    headings = ("Period", "Figure", "Mean", "Lower limit", "Upper limit", "Point")
    return _details(short_title(row), headings, rows, lines)
