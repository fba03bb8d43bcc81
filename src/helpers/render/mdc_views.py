"""Making Data Count for the reader: table cells with icons, chart descriptions, SPC charts."""

from __future__ import annotations

import altair as alt

from helpers.core.formatting import format_number
from helpers.core.vocabulary import ASSURANCE_LABELS, VARIATION_LABELS
from helpers.engine.mdc import row_history, row_spc
from helpers.engine.scorecard import Scorecard
from helpers.render.chart_words import chart_title, unit_title
from helpers.render.charts import chart_alt_text, chart_id, unvalidated
from helpers.render.spc_chart import spc_chart
from helpers.render.spc_icons import assurance_icon_svg, variation_icon_svg
from helpers.rules.spc import SpcResult

ICON_SIZE = 14
"""Width and height (pixels) of the icons in table cells."""


def variation_cell(result: SpcResult | None) -> tuple[str, str]:
    """The variation icon (a small inline SVG) and its label, or ``("", "")``.

    Parameters
    ----------
    result : SpcResult or None
        A row's SPC (None when the row has no trend).

    Returns
    -------
    (str, str)
        ``(svg, label)``, for example an icon and ``"Improving (high)"``.
    """
    if result is None:
        return "", ""
    return variation_icon_svg(result.variation, ICON_SIZE), VARIATION_LABELS[result.variation]


def assurance_cell(result: SpcResult | None) -> tuple[str, str]:
    """The assurance icon and its label, or ``("", "")`` without a trend or a target.

    Parameters
    ----------
    result : SpcResult or None
        A row's SPC.

    Returns
    -------
    (str, str)
        ``(svg, label)``, for example an icon and ``"Hit and miss"``.
    """
    if result is None or result.assurance is None:
        return "", ""
    return assurance_icon_svg(result.assurance, ICON_SIZE), ASSURANCE_LABELS[result.assurance]


def spc_alt_text(card: Scorecard, table_id: str, indicator_id: str) -> str:
    """Describe a row's Making Data Count chart: what it plots, its verdicts, its figures.

    For a row of ``card`` (``table_id``, ``indicator_id``) that has a trend, for example
    ``"Statistical process control (XmR) chart of 43 figures, May-22 to Nov-25, with the
    mean and process limits; variation: No significant change; assurance: Hit and miss.
    Line chart of ..."`` (the trend chart's alt text follows).
    """
    result = row_spc(card, table_id, indicator_id)
    if result is None:
        raise ValueError(f"row {indicator_id!r} of table {table_id!r} has no trend to chart")
    history = row_history(card, table_id, indicator_id)
    limits = "trial limits (fewer than 12 points)" if result.trial_limits else "process limits"
    assurance = assurance_cell(result)[1] or "not assessed (no target)"
    last = result.table.iloc[-1]
    row = next(r for r in card.records(table_id) if r["id"] == indicator_id)
    dp = int(row["decimals"]) + 1  # limits: one decimal more than the figures
    return (
        f"Statistical process control (XmR) chart of {len(history)} figures, "
        f"{history[0][0]} to {history[-1][0]}, with the mean ({format_number(last['mean'], dp)}) "
        f"and {limits} ({format_number(last['lpl'], dp)} to {format_number(last['upl'], dp)}); "
        f"variation: {VARIATION_LABELS[result.variation]}; assurance: {assurance}. "
        f"{chart_alt_text(card, table_id, indicator_id)}"
    )


def section_spc_charts(card: Scorecard, table_id: str) -> list[tuple[str, alt.LayerChart, str]]:
    """Build the Making Data Count chart of every row of a table that has a trend.

    As :func:`helpers.render.charts.section_charts` (the same chart ids and order), for
    the SPC charts: rows without a trend are left out.
    """
    out = []
    for row in card.records(table_id):
        chart = _row_chart(card, table_id, row)
        if chart is not None:
            out.append(
                (chart_id(table_id, row["id"]), chart, spc_alt_text(card, table_id, row["id"]))
            )
    return out


def row_spc_chart(card: Scorecard, table_id: str, indicator_id: str) -> alt.LayerChart:
    """Draw the Making Data Count chart of one indicator row's whole history.

    ``card`` is the month's scorecard; ``table_id`` and ``indicator_id`` name the row.

    Returns
    -------
    altair.LayerChart
        The chart :func:`section_spc_charts` draws for the row.

    Raises
    ------
    KeyError
        If the scorecard has no such row.
    ValueError
        If the row has fewer than two figures.
    """
    rows = [r for r in card.records(table_id) if r["id"] == indicator_id]
    if not rows:
        raise KeyError(
            f"the {card.month} scorecard for {card.area} has no row {indicator_id!r} "
            f"in table {table_id!r}"
        )
    chart = _row_chart(card, table_id, rows[0])
    if chart is None:
        raise ValueError(f"row {indicator_id!r} of table {table_id!r} has no trend to chart")
    return chart


def _row_chart(card: Scorecard, table_id: str, row: dict) -> alt.LayerChart | None:
    result = row_spc(card, table_id, row["id"])
    if result is None:
        return None
    labels = [label for label, _ in row_history(card, table_id, row["id"])]
    with unvalidated():  # the same spec, a quarter faster (see charts.unvalidated)
        return spc_chart(result, labels, chart_title(row), y_title=unit_title(row["unit"]))
