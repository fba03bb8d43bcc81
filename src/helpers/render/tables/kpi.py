"""The published scorecard tables (Activity/Volume, monthly, quarterly, termly, annual KPIs).

How the published layout is kept: two header rows. The first holds the single-row
headings (``rowspan=2``) and the column groups ("Monthly Trends", "Latest Month", ...);
the second the trend periods and Measure / Numerator / Denominator. As in the published
table the latest trend period *is* the "Measure" column of "Latest Month": its heading
reads "Measure" over the period label ("Nov-25"), and the trend group spans the earlier
periods only. Every row has the id ``row-{table}-{indicator}`` for links from the
commentary.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from helpers.core.numbers import number_or_none, text_or_empty
from helpers.engine.rows import Row
from helpers.engine.scorecard import Scorecard
from helpers.render.tables import cells
from helpers.render.tables.cells import RowContext, Trend
from helpers.render.tables.model import BodyRow, Cell, Heading
from helpers.render.tables.table import Table

_TREND_GROUPS = {
    "month": ("Monthly Trends", "Latest Month"),
    "quarter": ("Quarterly Trends", "Latest Quarter"),
    "term": ("Termly Trends", "Latest Term"),
    "year": ("Annual Trends", "Latest Year"),
}

# Typst column widths (landscape A4 with 12 mm margins leaves 273 mm; the indicator
# title takes what the others leave).
_W_CODE = "12mm"
_W_TITLE = "1fr"
_W_KEY = "9.5mm"
_W_QPR = "5.5mm"
_W_FIGURE = "8.5mm"
_W_MEASURE = "10mm"
_W_COUNT = "13mm"
_W_DOT = "6mm"
_W_TARGET = "10mm"
_W_RAG = "11.5mm"
_W_BENCHMARK = "12mm"
_W_SPC = "13mm"


@dataclass(frozen=True)
class _Column:
    heading: str  # lines separated by "\n"
    group: str | None
    width: str
    align: str  # Typst alignment of the body cells: left, right, center
    cell: Callable[[RowContext], Cell]


@dataclass(frozen=True)
class _Years:
    """The reporting years a table's headings name ("2025-26", ...) and the latest term."""

    year: str
    previous: str
    next: str
    term: str


def _trend_columns(labels: list[str], frequency: str) -> list[_Column]:
    """One column per trend period; the last one is the Measure of the latest period."""
    trends, latest = _TREND_GROUPS.get(frequency, ("Trends", "Latest"))
    columns = [
        _Column(label, trends, _W_FIGURE, "right", lambda ctx, i=i: cells.figure_at(ctx, i))
        for i, label in enumerate(labels[:-1])
    ]
    heading = f"Measure\n{labels[-1]}" if labels else "Measure"
    last = len(labels) - 1
    columns.append(
        _Column(heading, latest, _W_MEASURE, "right", lambda ctx: cells.figure_at(ctx, last))
    )
    return columns


def _key_columns() -> list[_Column]:
    return [
        _Column("Code", None, _W_CODE, "left", cells.code),
        _Column("Indicator", None, _W_TITLE, "left", cells.title),
        _Column("Polarity", None, _W_KEY, "center", cells.polarity),
        _Column("Data Period", None, _W_KEY, "center", cells.data_period),
        _Column("QPR", None, _W_QPR, "center", cells.qpr),
    ]


def _latest_columns(labels: list[str], frequency: str) -> list[_Column]:
    latest = _TREND_GROUPS.get(frequency, ("Trends", "Latest"))[1]
    return [
        *_trend_columns(labels, frequency),
        _Column("Numerator", latest, _W_COUNT, "right", lambda ctx: cells.count(ctx, "numerator")),
        _Column(
            "Denominator", latest, _W_COUNT, "right", lambda ctx: cells.count(ctx, "denominator")
        ),
    ]


def _benchmark_columns(meta: Mapping[str, Any]) -> list[_Column]:
    columns = []
    for column, heading in (("comparator", "comparator_heading"), ("national", "national_heading")):
        if text_or_empty(meta[heading]):
            columns.append(
                _Column(
                    text_or_empty(meta[heading]),
                    None,
                    _W_BENCHMARK,
                    "right",
                    lambda ctx, c=column: cells.benchmark(ctx, c),
                )
            )
    return columns


def _dot_columns() -> list[_Column]:
    """The DOT column, then the Making Data Count variation and assurance of the row."""
    return [
        _Column("DOT", None, _W_DOT, "center", lambda ctx: cells.dot(ctx.row["dot"])),
        _Column("Variation", None, _W_SPC, "left", cells.variation),
        _Column("Assurance", None, _W_SPC, "left", cells.assurance),
    ]


def _rag_column(heading: str) -> _Column:
    return _Column(heading, None, _W_RAG, "center", lambda ctx: cells.rag(ctx.row["rag"]))


def _in_year_columns(card: Scorecard, meta: Mapping[str, Any], years: _Years) -> list[_Column]:
    return [
        *_key_columns(),
        *_latest_columns(list(meta["labels"]), meta["frequency"]),
        *_dot_columns(),
        _Column(f"Target {years.year}", None, _W_TARGET, "right", cells.current_target),
        _rag_column(f"RAG {years.year}"),
        _Column(
            f"{card.area_name} Outturn {years.previous}", None, _W_TARGET, "right", cells.outturn
        ),
        _Column(f"Target {years.previous}", None, _W_TARGET, "right", cells.previous_target),
        _Column(
            f"RAG {years.previous}",
            None,
            _W_RAG,
            "center",
            lambda ctx: cells.rag(ctx.row["previous_year_rag"], previous=True),
        ),
        *_benchmark_columns(meta),
    ]


def _termly_columns(card: Scorecard, meta: Mapping[str, Any], years: _Years) -> list[_Column]:
    term = years.term
    target_heading = f"Target {term} {years.year}" if term else f"Target {years.year}"
    return [
        *_key_columns(),
        *_latest_columns(list(meta["labels"]), meta["frequency"]),
        *_dot_columns(),
        _Column(target_heading, None, _W_TARGET, "right", cells.current_target),
        _rag_column(f"RAG {years.year}"),
        *_benchmark_columns(meta),
    ]


def _annual_columns(card: Scorecard, meta: Mapping[str, Any], years: _Years) -> list[_Column]:
    return [
        *_key_columns(),
        *_latest_columns(list(meta["labels"]), meta["frequency"]),
        _Column(f"Target {years.year}", None, _W_TARGET, "right", cells.current_target),
        _rag_column(f"RAG {years.year}"),
        *_dot_columns(),
        _Column(f"Target {years.next}", None, _W_TARGET, "right", cells.next_target),
        *_benchmark_columns(meta),
    ]


def _volume_columns(card: Scorecard, meta: Mapping[str, Any], years: _Years) -> list[_Column]:
    return [
        _Column("Code", None, _W_CODE, "left", cells.code),
        _Column("Indicator", None, _W_TITLE, "left", cells.title),
        *_trend_columns(list(meta["labels"]), meta["frequency"]),
    ]


_LAYOUTS: Mapping[str, Callable[[Scorecard, Mapping[str, Any], _Years], list[_Column]]] = {
    "in_year": _in_year_columns,
    "termly": _termly_columns,
    "annual": _annual_columns,
    "volume": _volume_columns,
}


def _first(rows: list[Row], field: str) -> str:
    values = [text_or_empty(row[field]) for row in rows]  # type: ignore[literal-required]
    return next((v for v in values if v), "")


def _years(rows: list[Row], meta: Mapping[str, Any]) -> _Years:
    periods = list(meta["periods"])
    term = periods[-1].split(" ", 1)[1] if meta["frequency"] == "term" and periods else ""
    return _Years(
        _first(rows, "year"), _first(rows, "previous_year"), _first(rows, "next_year"), term
    )


def _table_meta(card: Scorecard, table_id: str) -> Mapping[str, Any]:
    match = card.tables[card.tables["table"] == table_id]
    if not len(match):
        known = ", ".join(card.tables["table"])
        raise KeyError(f"no table '{table_id}' in the {card.month} scorecard; known: {known}")
    return match.iloc[0].to_dict()


def _trends(card: Scorecard, table_id: str) -> dict[str, list[Trend]]:
    trend = card.trend[card.trend["table"] == table_id]
    out: dict[str, list[Trend]] = {}
    for record in trend.to_dict("records"):
        out.setdefault(record["id"], []).append(
            Trend(
                record["label"],
                number_or_none(record["value"]),
                text_or_empty(record["status"]),
                text_or_empty(record["note"]),
            )
        )
    return out


def _headings(columns: list[_Column]) -> list[list[Heading]]:
    """Header rows: groups over their columns, single columns spanning both rows."""
    if not any(c.group for c in columns):
        return [[Heading(c.heading) for c in columns]]
    top: list[Heading] = []
    bottom: list[Heading] = []
    for group, members in itertools.groupby(columns, key=lambda c: c.group):
        members = list(members)
        if group is None:
            top.extend(Heading(c.heading, rowspan=2) for c in members)
        else:
            top.append(Heading(group, colspan=len(members), scope="colgroup"))
            bottom.extend(Heading(c.heading) for c in members)
    return [top, bottom]


def scorecard_table(card: Scorecard, table_id: str) -> Table:
    """One published table of the scorecard, laid out as published.

    Parameters
    ----------
    card : Scorecard
        A built scorecard (:func:`helpers.engine.scorecard.build_scorecard`).
    table_id : str
        The table's id in the registry (``card.tables["table"]``).

    Returns
    -------
    Table
        Two header rows, one body row per indicator row (``row-{table}-{indicator}``)
        and the notes of figures marked provisional or unpublished; print it with
        ``.to_html()`` or ``.to_typst()``.

    Raises
    ------
    KeyError
        If the scorecard has no such table.
    ValueError
        If the table's layout is unknown.
    """
    meta = _table_meta(card, table_id)
    layout = _LAYOUTS.get(meta["layout"])
    if layout is None:
        raise ValueError(
            f"table '{table_id}' has unknown layout {meta['layout']!r}; "
            f"expected one of {tuple(_LAYOUTS)}"
        )
    rows = card.records(table_id)
    columns = layout(card, meta, _years(rows, meta))
    trends = _trends(card, table_id)
    notes = cells.Notes(table_id)
    body = []
    for row in rows:
        ctx = RowContext(
            row, trends.get(row["id"], []), text_or_empty(meta["missing_numerator"]), notes, card
        )
        body.append(BodyRow(f"row-{table_id}-{row['id']}", [c.cell(ctx) for c in columns]))
    return Table(
        table_id=table_id,
        title=text_or_empty(meta["title"]),
        css_class=f"scorecard-kpi layout-{meta['layout'].replace('_', '-')}",
        headings=_headings(columns),
        widths=[c.width for c in columns],
        aligns=[c.align for c in columns],
        bodies=[("", body)],
        notes=[(n.note_id, n.line()) for n in notes.entries],
    )
