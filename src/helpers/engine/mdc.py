"""Making Data Count for the scorecard: SPC of every row's history, for tables and charts.

Each indicator row of a :class:`~helpers.engine.scorecard.Scorecard` has a history (every figure
of its table's frequency up to the row's latest period, ``Scorecard.history``). This
module runs the XmR chart of :func:`helpers.rules.spc.xmr` over it, with the improvement
direction taken from the indicator's polarity and the assurance judged against the row's
target, and turns the result into what the tables show: a small icon and a short label
for the variation and the assurance of the latest point.

Polarity to improvement direction: H (highest possible) is "increase", L (lowest
possible) is "decrease", T (close to a target) and no polarity are "neutral". A neutral
indicator, or one without a target, has no assurance.

Results are cached per scorecard, so a table, the summary and the charts of a section
run each row's SPC once.
"""

from __future__ import annotations

import weakref
from typing import Any

import pandas as pd

from helpers.core.numbers import is_missing
from helpers.core.vocabulary import ASSURANCE_LABELS, VARIATION_LABELS
from helpers.engine.scorecard import Scorecard
from helpers.rules.spc import SpcResult, xmr

__all__ = [
    "IMPROVEMENT_DIRECTIONS",
    "MIN_POINTS",
    "SUMMARY_COLUMNS",
    "row_history",
    "row_spc",
    "summary_frame",
]

IMPROVEMENT_DIRECTIONS = {"H": "increase", "L": "decrease", "T": "neutral"}
"""Improvement direction of each polarity; no polarity is neutral."""

MIN_POINTS = 2
"""Fewest figures an XmR chart needs: limits come from at least one moving range."""

SPC_COLUMNS = (
    "points",
    "trial_limits",
    "variation",
    "variation_label",
    "assurance",
    "assurance_label",
)
"""A row's Making Data Count verdict: points charted, trial limits, variation, assurance."""

SUMMARY_COLUMNS = (
    *("table", "id", "code", "title", "period_label", "value", "decimals", "unit", "rag", "dot"),
    *SPC_COLUMNS,
)
"""Columns of :func:`summary_frame`."""

_CACHE: dict[int, dict[str, Any]] = {}


def _card_cache(card: Scorecard) -> dict[str, Any]:
    """The per-card cache: histories by row, SPC results by row; dropped with the card."""
    key = id(card)
    if key not in _CACHE:
        histories: dict[tuple[str, str], list[tuple[str, float]]] = {}
        for table, indicator, label, value in zip(
            card.history["table"],
            card.history["id"],
            card.history["label"],
            card.history["value"],
            strict=True,
        ):
            if not is_missing(value):
                histories.setdefault((table, indicator), []).append((label, float(value)))
        _CACHE[key] = {"history": histories, "spc": {}}
        weakref.finalize(card, _CACHE.pop, key, None)
    return _CACHE[key]


def row_history(card: Scorecard, table_id: str, indicator_id: str) -> list[tuple[str, float]]:
    """The figures of a row's history that have a value, oldest first.

    ``card`` is the month's scorecard; ``table_id`` and ``indicator_id`` name the row.

    Returns
    -------
    list of (str, float)
        ``(period label, value)`` pairs; periods without a value are skipped.
    """
    return list(_card_cache(card)["history"].get((table_id, indicator_id), []))


def _target(row: dict[str, Any], direction: str) -> float | None:
    if direction == "neutral" or row.get("target_status") or row.get("target") is None:
        return None
    return float(row["target"])


def row_spc(card: Scorecard, table_id: str, indicator_id: str) -> SpcResult | None:
    """The XmR chart of an indicator row's history (Making Data Count).

    ``card`` is the month's scorecard; ``table_id`` and ``indicator_id`` name the row.

    Returns
    -------
    SpcResult or None
        The result of :func:`helpers.rules.spc.xmr` over the row's values (periods without a
        value skipped), improving in the polarity's direction, with the row's target
        (none for T polarity or a target to be confirmed); None when the row has fewer
        than :data:`MIN_POINTS` figures, or no figure for its latest period (a verdict
        on last month's figure would read as this month's).

    Raises
    ------
    KeyError
        If the scorecard has no such row.
    """
    cache = _card_cache(card)["spc"]
    key = (table_id, indicator_id)
    if key not in cache:
        row = card.row(table_id, indicator_id)
        values = [v for _, v in row_history(card, table_id, indicator_id)]
        if len(values) < MIN_POINTS or row["value"] is None:
            cache[key] = None
        else:
            direction = IMPROVEMENT_DIRECTIONS.get(row["polarity"] or "", "neutral")
            cache[key] = xmr(values, direction, _target(row, direction))
    return cache[key]


def summary_frame(card: Scorecard) -> pd.DataFrame:
    """One row per indicator row that has a trend, with its variation and assurance.

    Parameters
    ----------
    card : Scorecard
        The month's scorecard.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`SUMMARY_COLUMNS`, in the scorecard's table and row order. Volume
        tables (measures without ratings) are left out. ``assurance`` and
        ``assurance_label`` are empty without a target.
    """
    volume = set(card.tables.loc[card.tables["layout"] == "volume", "table"])
    out = []
    for row in card.records():
        if row["table"] in volume:
            continue
        result = row_spc(card, row["table"], row["id"])
        if result is None:
            continue
        out.append(
            {
                **{c: row[c] for c in SUMMARY_COLUMNS[:10]},
                "points": len(result.table),
                "trial_limits": result.trial_limits,
                "variation": result.variation,
                "variation_label": VARIATION_LABELS[result.variation],
                "assurance": result.assurance or "",
                "assurance_label": ASSURANCE_LABELS[result.assurance] if result.assurance else "",
            }
        )
    return pd.DataFrame(out, columns=list(SUMMARY_COLUMNS))
