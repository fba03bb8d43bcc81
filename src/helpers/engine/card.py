"""The scorecard of one month and area: the value the engine hands to every renderer.

:func:`helpers.engine.scorecard.build_scorecard` builds it; renderers read its frames
through the accessors here (``records``, ``row``, ``table``, ``table_record``,
``trend_of``), which answer from indexes made once.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from helpers.data.datafiles import records
from helpers.engine.rows import Row

HISTORY_COLUMNS = ("table", "id", "period", "label", "value", "status")
"""Columns of :attr:`Scorecard.history`."""
SECTION_COLUMNS = ("section", "position", "heading", "sheet", "commentary")
"""Columns of :attr:`Scorecard.sections` (``data/registry/sections.csv``)."""


@dataclass(frozen=True)
class Scorecard:
    """A month's scorecard for one area.

    Attributes
    ----------
    month, area, area_name, dataset
        What was built.
    publication_month
        The month the report is published in; figures released later are left out.
    tables
        One row per published table, in order, with its trend period keys and labels.
    rows
        One row per indicator row of every table, with latest figures, thresholds, RAG
        and direction of travel: one column per field of
        :class:`helpers.engine.rows.Row` (``ROW_FIELDS``).
    trend
        Long frame: one row per (table row, trend period) with value and status.
    history
        Long frame (``HISTORY_COLUMNS``): for every table row, every available figure of
        the table's frequency up to the row's latest period, oldest first. It is longer
        than the trend (all the history the data holds) and feeds the SPC charts.
    sections
        The sections of the registry (``SECTION_COLUMNS``), in published order.
    """

    month: str
    area: str
    area_name: str
    dataset: str
    publication_month: str
    tables: pd.DataFrame
    rows: pd.DataFrame
    trend: pd.DataFrame
    history: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=HISTORY_COLUMNS))
    sections: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=SECTION_COLUMNS))

    @property
    def synthetic(self) -> bool:
        """Whether the figures are synthetic demonstration data."""
        return self.dataset != "sample"

    def records(self, table_id: str | None = None) -> list[Row]:
        """Rows (of one table, or all) as row records, with missing values as None."""
        frame = self.rows if table_id is None else self.table(table_id)
        return records(frame)  # type: ignore[return-value]

    def row(self, table_id: str, indicator_id: str) -> Row:
        """The row record of one indicator in one table, missing values as None.

        Raises
        ------
        KeyError
            If the table has no row for the indicator.
        """
        record = self._row_index.get((table_id, indicator_id))
        if record is None:
            raise KeyError(
                f"the {self.month} scorecard for {self.area} has no row {indicator_id!r} "
                f"in table {table_id!r}"
            )
        return dict(record)  # type: ignore[return-value]

    def table_record(self, table_id: str) -> dict[str, Any]:
        """One published table's record: title, layout, trend ``periods`` and labels...

        Raises
        ------
        KeyError
            If the scorecard has no such table.
        """
        record = self._table_index.get(table_id)
        if record is None:
            raise KeyError(f"the {self.month} scorecard has no table {table_id!r}")
        return dict(record)

    def trend_of(self, table_id: str, indicator_id: str) -> list[dict[str, Any]]:
        """The trend records of one row (``period``, ``label``, ``value``, ``status``...).

        In the order of the trend frame; empty when the row has none.
        """
        return [dict(r) for r in self._trend_index.get((table_id, indicator_id), ())]

    # The frames are not changed once built, so each lookup table is made once, on first
    # use: a section notebook asks for the same rows several times per chart.
    @functools.cached_property
    def _row_index(self) -> dict[tuple[str, str], dict[str, Any]]:
        index: dict[tuple[str, str], dict[str, Any]] = {}
        for record in records(self.rows):
            index.setdefault((record["table"], record["id"]), record)
        return index

    @functools.cached_property
    def _table_index(self) -> dict[str, dict[str, Any]]:
        index: dict[str, dict[str, Any]] = {}
        for record in self.tables.to_dict("records"):
            index.setdefault(record["table"], record)
        return index

    @functools.cached_property
    def _trend_index(self) -> dict[tuple[str, str], list[dict[str, Any]]]:
        index: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for record in self.trend.to_dict("records"):
            index.setdefault((record["table"], record["id"]), []).append(record)
        return index

    def table(self, table_id: str) -> pd.DataFrame:
        """The rows of one table."""
        return self.rows[self.rows["table"] == table_id].reset_index(drop=True)

    def section_headings(self) -> dict[str, str]:
        """Section id to its printed heading ("ics": "Integrated Children's Services ...")."""
        return dict(zip(self.sections["section"], self.sections["heading"], strict=True))

    def commentary_sections(self, commentary: str) -> tuple[str, ...]:
        """The sections whose rows a commentary section speaks for ("education": two)."""
        frame = self.sections[self.sections["commentary"] == commentary]
        return tuple(frame["section"]) or (commentary,)
