"""The row record: every field the engine hands to the renderers, declared once.

:func:`helpers.engine.scorecard.build_scorecard` builds one :class:`Row` per indicator
row of every published table (``Scorecard.rows``, one column per field); renderers read
rows only through :meth:`~helpers.engine.scorecard.Scorecard.records` and
:meth:`~helpers.engine.scorecard.Scorecard.row`, with missing values as None, and read
only these fields (``tests/engine/test_rows.py`` checks it on a whole scorecard).

Figures are unformatted; ``*_dp`` fields are the decimals a figure is printed with,
``*_status`` a marker status (:data:`helpers.core.vocabulary.MARKERS`) printed instead.
"""

from __future__ import annotations

from typing import TypedDict

import pandas as pd


class Row(TypedDict):
    """One indicator row of one published table (None: not set)."""

    # where it is printed
    table: str
    section: str
    position: int
    # what it is (registry)
    id: str
    code: str
    title: str  # as printed in this table
    definition: str
    polarity: str  # H, L, T or "" (no preferred direction)
    data_period: str
    qpr: bool
    unit: str
    measure: str
    decimals: int
    district_breakdown: bool
    dot_method: str
    # the latest figure
    period: str | None
    period_label: str | None
    value: float | None
    status: str  # "", a caveat status or a marker status
    numerator: float | None
    denominator: float | None
    note: str
    # direction of travel and rating
    previous_period: str | None
    previous_value: float | None
    dot: str | None  # a helpers.rules.travel.Direction value
    year: str | None  # the reporting year of the latest figure
    rag: str | None  # RED, AMBER, GREEN
    # this year's thresholds
    target: float | None
    floor: float | None
    target_low: float | None
    target_high: float | None
    floor_low: float | None
    floor_high: float | None
    target_dp: float | None
    target_comparator: str
    target_status: str
    floor_derived: bool
    # the previous reporting year (in-year tables)
    previous_year: str | None
    previous_year_value: float | None
    previous_year_target: float | None
    previous_year_target_dp: float | None
    previous_year_target_comparator: str | None
    previous_year_rag: str | None
    # the next reporting year (annual tables)
    next_year: str | None
    next_year_target: float | None
    next_year_target_dp: float | None
    next_year_target_comparator: str | None
    next_year_target_status: str | None
    # benchmarks
    comparator: float | None
    comparator_dp: float | None
    comparator_status: str | None
    national: float | None
    national_dp: float | None
    national_status: str | None


ROW_FIELDS: tuple[str, ...] = tuple(Row.__annotations__)
"""The fields of :class:`Row`, in the order of ``Scorecard.rows``' columns."""


IDENTITY_FIELDS = ("id", "code", "title", "section", "table", "polarity", "data_period")
"""What a row is and where it is printed: the first columns of every export."""
PREVIOUS_YEAR_FIELDS = (
    "previous_year",
    "previous_year_value",
    "previous_year_target",
    "previous_year_rag",
)
"""The previous reporting year's outturn, target and rating."""

RATINGS_COLUMNS: tuple[str, ...] = (
    *IDENTITY_FIELDS,
    *("period", "value", "target", "floor", "rag", "dot"),
    *PREVIOUS_YEAR_FIELDS,
)
"""The fields of ``scorecard ratings`` (a subset of :data:`ROW_FIELDS`)."""


def ratings_frame(rows: pd.DataFrame) -> pd.DataFrame:
    """The ratings of a scorecard's rows (``Scorecard.rows``), numbers unformatted."""
    return rows.loc[:, list(RATINGS_COLUMNS)]
