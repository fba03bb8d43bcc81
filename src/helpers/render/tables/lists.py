"""The list tables: Data Sources and Indicator Definitions, grouped, and their templates."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from helpers.core.numbers import text_or_empty
from helpers.core.periods import month as parse_month
from helpers.render.tables.model import BodyRow, Cell, Heading
from helpers.render.tables.table import Table

NO_DEFINITION = "Definition not published."

_TEMPLATE = re.compile(r"\{([^{}]*)\}")
# (heading, frame column, Typst width, align); sized for a portrait A4 page
_DATA_SOURCE_COLUMNS = [
    ("Code", "code", "14mm", "left"),
    ("Indicator", "title", "1fr", "left"),
    ("Source Description", "source", "38mm", "left"),
    ("Latest Data Description", "latest_data", "42mm", "left"),
    ("Latest Data release date", "released", "17mm", "left"),
]
_DEFINITION_COLUMNS = [
    ("Code", "code", "14mm", "left"),
    ("Indicator", "title", "55mm", "left"),
    ("Definition", "definition", "1fr", "left"),
]


def _require(frame: pd.DataFrame, columns: Iterable[str], what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(
            f"the {what} frame lacks column(s) {', '.join(missing)}; "
            f"it has {', '.join(map(str, frame.columns))}"
        )


def _month_label(key: str) -> str:
    return parse_month(key).start.strftime("%b %Y")


def fill_data_source_templates(
    frame: pd.DataFrame, month: str, publication_month: str
) -> pd.DataFrame:
    """Fill the ``{month}`` and ``{release}`` templates of the Data Sources table.

    Parameters
    ----------
    frame : pandas.DataFrame
        Data sources (``helpers.data.store.load_data_sources``) with text columns
        ``latest_data`` and ``released``.
    month : str
        The report month, ``"YYYY-MM"``; ``{month}`` becomes ``"Nov 2025"``.
    publication_month : str
        The month the report is published, ``"YYYY-MM"``; ``{release}`` becomes
        ``"Dec 2025"``.

    Returns
    -------
    pandas.DataFrame
        A copy with the templates filled.

    Raises
    ------
    ValueError
        If a cell holds any other ``{...}`` template, naming the row and column.
    """
    _require(frame, ("latest_data", "released"), "data sources")
    values = {"month": _month_label(month), "release": _month_label(publication_month)}
    out = frame.copy()
    for column in ("latest_data", "released"):
        out[column] = [
            _fill(text_or_empty(value), values, column, position)
            for position, value in enumerate(out[column])
        ]
    return out


def _fill(value: str, values: Mapping[str, str], column: str, position: int) -> str:
    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            raise ValueError(
                f"data sources row {position + 1}, column '{column}': unknown template "
                f"'{{{name}}}' in {value!r}; known: {', '.join('{' + k + '}' for k in values)}"
            )
        return values[name]

    return _TEMPLATE.sub(replace, value)


def _list_cell(record: Mapping[str, Any], column: tuple[str, str, str, str], i: int) -> Cell:
    name = column[1]
    value = text_or_empty(record.get(name))
    if name == "definition" and not value.strip():
        value = NO_DEFINITION
    return Cell(value, classes=("text",), row_header=i == 1)


def _list_table(
    frame: pd.DataFrame,
    table_id: str,
    title: str,
    columns: list[tuple[str, str, str, str]],
    group_column: str,
    group_names: Mapping[str, str] | None = None,
) -> Table:
    """A grouped list table, rows in frame order, a group heading starting each run."""
    bodies: list[tuple[str, list[BodyRow]]] = []
    seen: dict[str, int] = {}
    for position, record in enumerate(frame.to_dict("records")):
        group = text_or_empty(record.get(group_column))
        heading = (group_names or {}).get(group, group)
        if not bodies or bodies[-1][0] != heading:
            bodies.append((heading, []))
        row_id = f"{table_id}-{text_or_empty(record.get('id')) or position + 1}"
        seen[row_id] = seen.get(row_id, 0) + 1
        if seen[row_id] > 1:  # an indicator listed in two groups
            row_id = f"{row_id}-{seen[row_id]}"
        row_cells = [_list_cell(record, column, i) for i, column in enumerate(columns)]
        bodies[-1][1].append(BodyRow(row_id, row_cells))
    return Table(
        table_id=table_id,
        title=title,
        css_class=f"scorecard-list {table_id}",
        headings=[[Heading(heading) for heading, *_ in columns]],
        widths=[width for _, _, width, _ in columns],
        aligns=[align for *_, align in columns],
        bodies=bodies,
        notes=[],
    )


def data_sources_table(
    frame: pd.DataFrame, caption: str = "Data Sources for Current Report"
) -> Table:
    """The Data Sources table, one group per data source group.

    Parameters
    ----------
    frame : pandas.DataFrame
        Data sources with templates filled (:func:`fill_data_source_templates`) and
        joined with the indicators' ``code`` and ``title``: columns ``group``, ``code``,
        ``title``, ``source``, ``latest_data``, ``released`` (``id`` optional, for row
        ids ``data-sources-{id}``).
    caption : str, optional
        The table's title.

    Returns
    -------
    Table
        Sized for a portrait A4 page in Typst. A missing column is a ValueError.
    """
    _require(frame, ("group", *(c[1] for c in _DATA_SOURCE_COLUMNS)), "data sources")
    return _list_table(frame, "data-sources", caption, _DATA_SOURCE_COLUMNS, "group")


def definitions_table(
    frame: pd.DataFrame,
    caption: str = "Indicator Definitions",
    group_column: str | None = None,
    group_names: Mapping[str, str] | None = None,
) -> Table:
    """The Indicator Definitions table, grouped.

    Parameters
    ----------
    frame : pandas.DataFrame
        Indicators (``helpers.data.store.load_indicators``) with ``code``, ``title``,
        ``definition`` and a grouping column; ``id`` optional, for row ids
        ``definitions-{id}``. An empty definition prints :data:`NO_DEFINITION`.
    caption : str, optional
        The table's title.
    group_column : str, optional
        The column to group by. By default ``group`` (the Data Sources groups, as
        published) when present, else ``section``.
    group_names : mapping, optional
        The printed name of each group, e.g. the section headings
        (:meth:`helpers.engine.scorecard.Scorecard.section_headings`); by default the
        group's value.

    Returns
    -------
    Table
        Like :func:`data_sources_table`'s, one group per value of ``group_column``.
    """
    if group_column is None:
        group_column = "group" if "group" in frame.columns else "section"
    _require(frame, (group_column, *(c[1] for c in _DEFINITION_COLUMNS)), "definitions")
    return _list_table(
        frame, "definitions", caption, _DEFINITION_COLUMNS, group_column, group_names
    )
