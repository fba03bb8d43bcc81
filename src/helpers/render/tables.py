"""The scorecard's tables as accessible HTML and as Typst, laid out as published.

Every published table (Activity/Volume, the monthly and quarterly KPI tables, the termly
and annual tables, Vulnerable Learners) is built from a :class:`~helpers.engine.scorecard.Scorecard`
by :func:`scorecard_table_html` and :func:`scorecard_table_typst`; the Data Sources and
Indicator Definitions tables by :func:`data_sources_html` / :func:`data_sources_typst`
and :func:`definitions_html` / :func:`definitions_typst`.

Both outputs are drawn from one description of the table (its columns, header rows,
body cells and notes), so the HTML page and the PDF cannot disagree.

How the published layout is kept
--------------------------------
- Two header rows. The first holds the single-row headings (``rowspan="2"``) and the
  column groups ("Monthly Trends", "Latest Month", ...); the second the trend periods
  and Measure / Numerator / Denominator. As in the published table the latest trend
  period *is* the "Measure" column of "Latest Month": its heading reads "Measure" over
  the period label ("Nov-25"), and the trend group spans the earlier periods only.
- Figures are printed by :mod:`helpers.core.formatting` at the indicator's decimals;
  targets and benchmarks at their own printed decimals (the ``*_dp`` columns).
- Previous-year figures (outturn, target, RAG) are italic: ``class="previous-year"``
  in HTML, ``emph`` in Typst.
- RAG cells carry the word (RED, AMBER, GREEN) as well as the colour.
- Provisional figures are marked ``*`` and unpublished ones ``†`` (and printed in red,
  ``class="unpublished"``); the notes of marked figures are listed under the table
  (``<tfoot>`` in HTML, small text below the table in Typst).

Accessibility (HTML)
--------------------
``<caption>`` with the table title; ``<th scope="col">`` / ``scope="colgroup"`` with
matching ``<colgroup>`` elements; the indicator title is the row header
(``<th scope="row">``); markers are ``<abbr>`` with their meaning; arrows and ticks are
``role="img"`` with a spoken ``aria-label`` ("improved", "worsened", "same", "yes");
footnote marks link to their note. Every row has an ``id`` ``row-{table}-{indicator}``
for links from the commentary.

Titles: the HTML table carries its title in ``<caption>`` (its accessible name). The Typst
expression has no title by default, because ``helpers.render.display.show_table(html, typst,
caption)`` prints the caption above it; pass ``title_row=True`` for a standalone table
whose title is the first header row, repeated on every page.

CSS classes used (styled by ``templates/scorecard.css``): ``rag rag-red|rag-amber|rag-green``,
``previous-year``, ``unpublished``; also ``text`` (left-aligned text cells),
``num``, ``marker``, ``symbol``, ``note-mark``, ``table-notes``, ``group-heading``.
"""

from __future__ import annotations

import html
import itertools
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pandas as pd

from helpers.core.formatting import (
    MARKER_MEANINGS,
    MARKERS,
    format_number,
    format_range,
    format_target,
)
from helpers.core.periods import month as parse_month
from helpers.core.vocabulary import (
    ASSURANCE_LABELS,
    ASSURANCE_SHORT,
    FIGURE_MARK_WORDS,
    VARIATION_LABELS,
    VARIATION_SHORT,
)
from helpers.engine.mdc import row_spc, summary_frame
from helpers.engine.scorecard import Scorecard
from helpers.render.display import typst_escape, typst_string
from helpers.render.mdc_views import assurance_cell, variation_cell
from helpers.rules.travel import Direction, arrow

__all__ = [
    "DATA_PERIOD_MEANINGS",
    "FIGURE_MARKS",
    "NO_DEFINITION",
    "POLARITY_MEANINGS",
    "SECTION_HEADINGS",
    "SUMMARY_TITLE",
    "data_sources_html",
    "data_sources_typst",
    "definitions_html",
    "definitions_typst",
    "fill_data_source_templates",
    "scorecard_table_html",
    "scorecard_table_typst",
    "summary_table_html",
    "summary_table_typst",
]

#: The scorecard's key to polarity (guidance notes), read out for the letter.
POLARITY_MEANINGS: Mapping[str, str] = {
    "H": "The aim of this indicator is to achieve the highest number/percentage possible",
    "L": "The aim of this indicator is to achieve the lowest number/percentage possible",
    "T": "The aim of this indicator is to stay close to the target that has been set",
}

#: The scorecard's key to data periods (guidance notes; T added for termly indicators).
DATA_PERIOD_MEANINGS: Mapping[str, str] = {
    "R12M": "Monthly Rolling 12 months",
    "MS": "Monthly Snapshot",
    "YTD": "Year To Date",
    "Q": "Quarterly",
    "T": "Termly",
    "A": "Annual",
}

#: Footnote marks of figures printed with a caveat, by figure status.
FIGURE_MARKS: Mapping[str, str] = {k: v.split(" ")[0] for k, v in FIGURE_MARK_WORDS.items()}

#: Headings of the Definitions table's groups when it is grouped by indicator section.
SECTION_HEADINGS: Mapping[str, str] = {
    "activity": "Activity/Volume Measures",
    "send": "SEND Indicators",
    "ics": "Integrated Children's Services Indicators",
    "education": "Education Indicators",
    "vulnerable-learners": "Vulnerable Learners Indicators",
}

NO_DEFINITION = "Definition not published."

_MARK_LABELS = {"provisional": "provisional figure", "unpublished": "unpublished figure"}
_DEFAULT_NOTES = {
    "provisional": "Provisional figure, subject to change.",
    "unpublished": "Not yet published; included for information.",
}
_MARKER_STATUSES = ("not_available", "to_be_supplied", "new_indicator", "small_cohort")
_TREND_GROUPS = {
    "month": ("Monthly Trends", "Latest Month"),
    "quarter": ("Quarterly Trends", "Latest Quarter"),
    "term": ("Termly Trends", "Latest Term"),
    "year": ("Annual Trends", "Latest Year"),
}
_RAG_FILLS = {"RED": "#b10e1e", "AMBER": "#ffbf47", "GREEN": "#00703c"}
_RAG_INK = {"RED": "white", "AMBER": "black", "GREEN": "white"}
_HEADER_FILL = "#1d3e5f"
_GROUP_FILL = "#f3f2f1"
_UNPUBLISHED_INK = "#b10e1e"
_TEMPLATE = re.compile(r"\{([^{}]*)\}")

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
_ICON_HEIGHT = "2.2mm"  # the SPC icons in Typst cells


# --------------------------------------------------------------------------- model


@dataclass(frozen=True)
class _Cell:
    """One body cell, described once for both renderers."""

    text: str = ""
    classes: tuple[str, ...] = ()
    abbr: str = ""  # expansion of a marker or key letter: <abbr title>
    label: str = ""  # spoken text of a symbol: role="img" aria-label
    rag: str = ""
    previous_year: bool = False
    unpublished: bool = False
    mark: str = ""
    mark_label: str = ""
    note_id: str = ""
    row_header: bool = False
    svg: str = ""  # an inline SVG icon printed before the text (SPC variation, assurance)
    short: str = ""  # a shorter text for the PDF's narrow cells (SPC labels)


@dataclass(frozen=True)
class _Heading:
    text: str
    colspan: int = 1
    rowspan: int = 1
    scope: str = "col"


@dataclass(frozen=True)
class _Row:
    row_id: str
    cells: list[_Cell]


@dataclass(frozen=True)
class _Column:
    heading: str  # lines separated by "\n"
    group: str | None
    width: str
    align: str  # Typst alignment of the body cells: left, right, center
    cell: Callable[[_RowContext], _Cell]


@dataclass
class _Note:
    note_id: str
    mark: str
    subject: str
    labels: list[str]
    text: str

    def line(self) -> str:
        return f"{self.mark} {self.subject} {', '.join(self.labels)}: {self.text}"


@dataclass
class _Notes:
    """The notes of marked figures of one table, in order of first appearance."""

    table_id: str
    entries: list[_Note] = field(default_factory=list)

    def add(self, status: str, subject: str, label: str, text: str) -> _Note:
        text = text or _DEFAULT_NOTES[status]
        mark = FIGURE_MARKS[status]
        for entry in self.entries:
            if (entry.mark, entry.subject, entry.text) == (mark, subject, text):
                if label not in entry.labels:
                    entry.labels.append(label)
                return entry
        entry = _Note(f"note-{self.table_id}-{len(self.entries) + 1}", mark, subject, [label], text)
        self.entries.append(entry)
        return entry


@dataclass(frozen=True)
class _Table:
    table_id: str
    title: str
    css_class: str
    headings: list[list[_Heading]]
    widths: list[str]
    aligns: list[str]
    bodies: list[tuple[str, list[_Row]]]  # (group heading or "", rows)
    notes: list[tuple[str, str]]  # (note id, text)


@dataclass(frozen=True)
class _Trend:
    label: str
    value: float | None
    status: str
    note: str


@dataclass(frozen=True)
class _RowContext:
    row: Mapping[str, Any]
    trend: list[_Trend]
    missing_numerator: str
    notes: _Notes
    card: Scorecard | None = None


@dataclass(frozen=True)
class _Years:
    """The reporting years a table's headings name ("2025-26", ...) and the latest term."""

    year: str
    previous: str
    next: str
    term: str


# --------------------------------------------------------------------------- values


def _num(value: Any) -> float | None:
    """A number, or None for None/NaN/blank."""
    if value is None or value == "":
        return None
    number = float(value)
    return None if math.isnan(number) else number


def _str(value: Any) -> str:
    """Text, with None/NaN as ""."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def _dp(value: Any, default: int) -> int:
    number = _num(value)
    return default if number is None else int(number)


def _decimals_needed(value: float, most: int = 2) -> int:
    """The decimals a raw count needs: 0 for 2097.0, 1 for 505.2 (at most ``most``)."""
    exponent = Decimal(str(value)).normalize().as_tuple().exponent
    return min(most, max(0, -int(exponent)))


# --------------------------------------------------------------------------- cells


def _marker(status: str) -> _Cell:
    return _Cell(MARKERS[status], classes=("marker",), abbr=MARKER_MEANINGS[status])


def _figure(ctx: _RowContext, trend: _Trend) -> _Cell:
    """A trend or latest figure: number, marker, or number with its caveat mark."""
    if trend.status in _MARKER_STATUSES:
        return _marker(trend.status)
    text = format_number(trend.value, int(ctx.row["decimals"]))
    if trend.status not in FIGURE_MARKS or not text:
        return _Cell(text, classes=("num",))
    subject = _str(ctx.row["code"]) or _str(ctx.row["title"])
    note = ctx.notes.add(trend.status, subject, trend.label, trend.note)
    return _Cell(
        text,
        classes=("num",),
        unpublished=trend.status == "unpublished",
        mark=note.mark,
        mark_label=f"{_MARK_LABELS[trend.status]}, see note",
        note_id=note.note_id,
    )


def _count(ctx: _RowContext, column: str) -> _Cell:
    """Numerator or denominator of the latest figure (as many decimals as it has)."""
    value = _num(ctx.row[column])
    latest_unpublished = bool(ctx.trend) and ctx.trend[-1].status == "unpublished"
    if value is None:
        return _marker("not_available") if ctx.missing_numerator else _Cell()
    text = format_number(value, _decimals_needed(value))
    return _Cell(text, classes=("num",), unpublished=latest_unpublished)


def _target(
    value: Any, decimals: Any, comparator: Any, status: Any, default_dp: int, previous: bool
) -> _Cell:
    status = _str(status)
    if status:
        return _Cell(
            MARKERS[status],
            classes=("marker",),
            abbr=MARKER_MEANINGS[status],
            previous_year=previous,
        )
    text = format_target(_num(value), _dp(decimals, default_dp), _str(comparator))
    return _Cell(text, classes=("num",), previous_year=previous)


def _current_target(ctx: _RowContext) -> _Cell:
    row = ctx.row
    low, high = _num(row["target_low"]), _num(row["target_high"])
    if _num(row["target"]) is None and not _str(row["target_status"]) and None not in (low, high):
        return _Cell(
            format_range(low, high, _dp(row["target_dp"], int(row["decimals"]))), classes=("num",)
        )
    return _target(
        row["target"],
        row["target_dp"],
        row["target_comparator"],
        row["target_status"],
        int(row["decimals"]),
        previous=False,
    )


def _previous_target(ctx: _RowContext) -> _Cell:
    row = ctx.row
    return _target(
        row["previous_year_target"],
        row["previous_year_target_dp"],
        row["previous_year_target_comparator"],
        "",
        int(row["decimals"]),
        previous=True,
    )


def _next_target(ctx: _RowContext) -> _Cell:
    row = ctx.row
    return _target(
        row["next_year_target"],
        row["next_year_target_dp"],
        row["next_year_target_comparator"],
        row["next_year_target_status"],
        int(row["decimals"]),
        previous=False,
    )


def _rag(value: Any, previous: bool = False) -> _Cell:
    rag = _str(value).upper()
    if not rag:
        return _Cell(previous_year=previous)
    return _Cell(rag, classes=("rag", f"rag-{rag.lower()}"), rag=rag, previous_year=previous)


def _dot(ctx: _RowContext) -> _Cell:
    dot = _str(ctx.row["dot"])
    if not dot:
        return _Cell()
    direction = Direction(dot)
    return _Cell(arrow(direction), classes=("symbol", "dot"), label=direction.value)


_SPC_SHORT = {
    **{VARIATION_LABELS[k]: VARIATION_SHORT[k] for k in VARIATION_LABELS},
    **{ASSURANCE_LABELS[k]: ASSURANCE_SHORT[k] for k in ASSURANCE_LABELS},
}
"""Full label (HTML) to short label (the PDF's narrow cells)."""


def _spc_cell(svg: str, label: str, kind: str) -> _Cell:
    if not label:
        return _Cell()
    return _Cell(label, classes=("spc", f"spc-{kind}"), svg=svg, short=_SPC_SHORT.get(label, ""))


def _variation(ctx: _RowContext) -> _Cell:
    """The Making Data Count variation of the row's latest point (blank without a trend)."""
    if ctx.card is None:
        return _Cell()
    return _spc_cell(
        *variation_cell(row_spc(ctx.card, ctx.row["table"], ctx.row["id"])), "variation"
    )


def _assurance(ctx: _RowContext) -> _Cell:
    """The Making Data Count assurance against the target (blank without trend or target)."""
    if ctx.card is None:
        return _Cell()
    return _spc_cell(
        *assurance_cell(row_spc(ctx.card, ctx.row["table"], ctx.row["id"])), "assurance"
    )


def _benchmark(ctx: _RowContext, column: str) -> _Cell:
    status = _str(ctx.row[f"{column}_status"])
    if status in _MARKER_STATUSES:
        return _marker(status)
    decimals = _dp(ctx.row[f"{column}_dp"], int(ctx.row["decimals"]))
    return _Cell(format_number(_num(ctx.row[column]), decimals), classes=("num",))


def _keyed(text: str, meanings: Mapping[str, str]) -> _Cell:
    return _Cell(text, classes=("text",), abbr=meanings.get(text, ""))


def _code(ctx: _RowContext) -> _Cell:
    return _Cell(_str(ctx.row["code"]), classes=("text",))


def _title(ctx: _RowContext) -> _Cell:
    return _Cell(_str(ctx.row["title"]), row_header=True)


def _polarity(ctx: _RowContext) -> _Cell:
    return _keyed(_str(ctx.row["polarity"]), POLARITY_MEANINGS)


def _data_period(ctx: _RowContext) -> _Cell:
    return _keyed(_str(ctx.row["data_period"]), DATA_PERIOD_MEANINGS)


def _qpr(ctx: _RowContext) -> _Cell:
    if not bool(ctx.row["qpr"]):
        return _Cell()
    return _Cell("✓", classes=("symbol",), label="yes")


def _outturn(ctx: _RowContext) -> _Cell:
    text = format_number(_num(ctx.row["previous_year_value"]), int(ctx.row["decimals"]))
    return _Cell(text, classes=("num",), previous_year=True)


# --------------------------------------------------------------------------- columns


def _trend_columns(labels: list[str], frequency: str) -> list[_Column]:
    """One column per trend period; the last one is the Measure of the latest period."""
    trends, latest = _TREND_GROUPS.get(frequency, ("Trends", "Latest"))
    columns = [
        _Column(label, trends, _W_FIGURE, "right", lambda ctx, i=i: _figure_at(ctx, i))
        for i, label in enumerate(labels[:-1])
    ]
    heading = f"Measure\n{labels[-1]}" if labels else "Measure"
    last = len(labels) - 1
    columns.append(_Column(heading, latest, _W_MEASURE, "right", lambda ctx: _figure_at(ctx, last)))
    return columns


def _figure_at(ctx: _RowContext, position: int) -> _Cell:
    """The figure of the row's trend period at ``position`` (blank if it has none)."""
    if not 0 <= position < len(ctx.trend):
        return _Cell()
    return _figure(ctx, ctx.trend[position])


def _key_columns() -> list[_Column]:
    return [
        _Column("Code", None, _W_CODE, "left", _code),
        _Column("Indicator", None, _W_TITLE, "left", _title),
        _Column("Polarity", None, _W_KEY, "center", _polarity),
        _Column("Data Period", None, _W_KEY, "center", _data_period),
        _Column("QPR", None, _W_QPR, "center", _qpr),
    ]


def _latest_columns(labels: list[str], frequency: str) -> list[_Column]:
    latest = _TREND_GROUPS.get(frequency, ("Trends", "Latest"))[1]
    return [
        *_trend_columns(labels, frequency),
        _Column("Numerator", latest, _W_COUNT, "right", lambda ctx: _count(ctx, "numerator")),
        _Column("Denominator", latest, _W_COUNT, "right", lambda ctx: _count(ctx, "denominator")),
    ]


def _benchmark_columns(meta: Mapping[str, Any]) -> list[_Column]:
    columns = []
    for column, heading in (("comparator", "comparator_heading"), ("national", "national_heading")):
        if _str(meta[heading]):
            columns.append(
                _Column(
                    _str(meta[heading]),
                    None,
                    _W_BENCHMARK,
                    "right",
                    lambda ctx, c=column: _benchmark(ctx, c),
                )
            )
    return columns


def _dot_columns() -> list[_Column]:
    """The DOT column, then the Making Data Count variation and assurance of the row."""
    return [
        _Column("DOT", None, _W_DOT, "center", _dot),
        _Column("Variation", None, _W_SPC, "left", _variation),
        _Column("Assurance", None, _W_SPC, "left", _assurance),
    ]


def _in_year_columns(card: Scorecard, meta: Mapping[str, Any], years: _Years) -> list[_Column]:
    return [
        *_key_columns(),
        *_latest_columns(list(meta["labels"]), meta["frequency"]),
        *_dot_columns(),
        _Column(f"Target {years.year}", None, _W_TARGET, "right", _current_target),
        _Column(f"RAG {years.year}", None, _W_RAG, "center", lambda ctx: _rag(ctx.row["rag"])),
        _Column(f"{card.area_name} Outturn {years.previous}", None, _W_TARGET, "right", _outturn),
        _Column(f"Target {years.previous}", None, _W_TARGET, "right", _previous_target),
        _Column(
            f"RAG {years.previous}",
            None,
            _W_RAG,
            "center",
            lambda ctx: _rag(ctx.row["previous_year_rag"], previous=True),
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
        _Column(target_heading, None, _W_TARGET, "right", _current_target),
        _Column(f"RAG {years.year}", None, _W_RAG, "center", lambda ctx: _rag(ctx.row["rag"])),
        *_benchmark_columns(meta),
    ]


def _annual_columns(card: Scorecard, meta: Mapping[str, Any], years: _Years) -> list[_Column]:
    return [
        *_key_columns(),
        *_latest_columns(list(meta["labels"]), meta["frequency"]),
        _Column(f"Target {years.year}", None, _W_TARGET, "right", _current_target),
        _Column(f"RAG {years.year}", None, _W_RAG, "center", lambda ctx: _rag(ctx.row["rag"])),
        *_dot_columns(),
        _Column(f"Target {years.next}", None, _W_TARGET, "right", _next_target),
        *_benchmark_columns(meta),
    ]


def _volume_columns(card: Scorecard, meta: Mapping[str, Any], years: _Years) -> list[_Column]:
    return [
        _Column("Code", None, _W_CODE, "left", _code),
        _Column("Indicator", None, _W_TITLE, "left", _title),
        *_trend_columns(list(meta["labels"]), meta["frequency"]),
    ]


_LAYOUTS: Mapping[str, Callable[[Scorecard, Mapping[str, Any], _Years], list[_Column]]] = {
    "in_year": _in_year_columns,
    "termly": _termly_columns,
    "annual": _annual_columns,
    "volume": _volume_columns,
}


def _first(frame: pd.DataFrame, column: str) -> str:
    values = [_str(v) for v in frame[column]] if column in frame else []
    return next((v for v in values if v), "")


def _years(rows: pd.DataFrame, meta: Mapping[str, Any]) -> _Years:
    periods = list(meta["periods"])
    term = periods[-1].split(" ", 1)[1] if meta["frequency"] == "term" and periods else ""
    return _Years(
        _first(rows, "year"), _first(rows, "previous_year"), _first(rows, "next_year"), term
    )


# --------------------------------------------------------------------------- building


def _table_meta(card: Scorecard, table_id: str) -> Mapping[str, Any]:
    match = card.tables[card.tables["table"] == table_id]
    if not len(match):
        known = ", ".join(card.tables["table"])
        raise KeyError(f"no table '{table_id}' in the {card.month} scorecard; known: {known}")
    return match.iloc[0].to_dict()


def _trends(card: Scorecard, table_id: str) -> dict[str, list[_Trend]]:
    trend = card.trend[card.trend["table"] == table_id]
    out: dict[str, list[_Trend]] = {}
    for record in trend.to_dict("records"):
        out.setdefault(record["id"], []).append(
            _Trend(
                record["label"], _num(record["value"]), _str(record["status"]), _str(record["note"])
            )
        )
    return out


def _headings(columns: list[_Column]) -> list[list[_Heading]]:
    """Header rows: groups over their columns, single columns spanning both rows."""
    if not any(c.group for c in columns):
        return [[_Heading(c.heading) for c in columns]]
    top: list[_Heading] = []
    bottom: list[_Heading] = []
    for group, members in itertools.groupby(columns, key=lambda c: c.group):
        members = list(members)
        if group is None:
            top.extend(_Heading(c.heading, rowspan=2) for c in members)
        else:
            top.append(_Heading(group, colspan=len(members), scope="colgroup"))
            bottom.extend(_Heading(c.heading) for c in members)
    return [top, bottom]


def _build(card: Scorecard, table_id: str) -> _Table:
    meta = _table_meta(card, table_id)
    layout = _LAYOUTS.get(meta["layout"])
    if layout is None:
        raise ValueError(
            f"table '{table_id}' has unknown layout {meta['layout']!r}; "
            f"expected one of {tuple(_LAYOUTS)}"
        )
    rows = card.table(table_id)
    columns = layout(card, meta, _years(rows, meta))
    trends = _trends(card, table_id)
    notes = _Notes(table_id)
    body = []
    for row in rows.to_dict("records"):
        ctx = _RowContext(
            row, trends.get(row["id"], []), _str(meta["missing_numerator"]), notes, card
        )
        body.append(_Row(f"row-{table_id}-{row['id']}", [c.cell(ctx) for c in columns]))
    return _Table(
        table_id=table_id,
        title=_str(meta["title"]),
        css_class=f"scorecard-kpi layout-{meta['layout'].replace('_', '-')}",
        headings=_headings(columns),
        widths=[c.width for c in columns],
        aligns=[c.align for c in columns],
        bodies=[("", body)],
        notes=[(n.note_id, n.line()) for n in notes.entries],
    )


# --------------------------------------------------------------------------- HTML


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _html_heading(heading: _Heading) -> str:
    attrs = f' scope="{heading.scope}"'
    if heading.colspan > 1:
        attrs += f' colspan="{heading.colspan}"'
    if heading.rowspan > 1:
        attrs += f' rowspan="{heading.rowspan}"'
    text = " <br/>".join(_esc(line) for line in heading.text.split("\n"))
    return f"<th{attrs}>{text}</th>"


def _html_content(cell: _Cell) -> str:
    content = _esc(cell.text)
    if cell.svg and content:
        return f'{cell.svg} <span class="spc-label">{content}</span>'
    if cell.abbr and content:
        content = f'<abbr title="{_esc(cell.abbr)}">{content}</abbr>'
    if cell.label and content:
        label = _esc(cell.label)
        content = f'<span role="img" aria-label="{label}" title="{label}">{content}</span>'
    if cell.mark:
        content += (
            f'<sup class="note-mark"><a href="#{cell.note_id}" '
            f'aria-label="{_esc(cell.mark_label)}">{_esc(cell.mark)}</a></sup>'
        )
    return content


def _html_cell(cell: _Cell) -> str:
    classes = list(cell.classes)
    if cell.previous_year:
        classes.append("previous-year")
    if cell.unpublished:
        classes.append("unpublished")
    attrs = f' class="{" ".join(classes)}"' if classes else ""
    if cell.row_header:
        return f'<th scope="row"{attrs}>{_html_content(cell)}</th>'
    return f"<td{attrs}>{_html_content(cell)}</td>"


def _html_colgroups(headings: list[list[_Heading]]) -> list[str]:
    return [f'<colgroup span="{h.colspan}"></colgroup>' for h in headings[0]]


def _html(table: _Table) -> str:
    width = len(table.widths)
    lines = [
        f'<table class="{table.css_class}" id="table-{_esc(table.table_id)}">',
        f"<caption>{_esc(table.title)}</caption>",
        *_html_colgroups(table.headings),
        "<thead>",
        *("<tr>" + "".join(_html_heading(h) for h in row) + "</tr>" for row in table.headings),
        "</thead>",
    ]
    for group, rows in table.bodies:
        lines.append("<tbody>")
        if group:
            lines.append(
                f'<tr class="group-heading"><th scope="rowgroup" colspan="{width}">'
                f"{_esc(group)}</th></tr>"
            )
        lines.extend(
            f'<tr id="{_esc(row.row_id)}">' + "".join(_html_cell(c) for c in row.cells) + "</tr>"
            for row in rows
        )
        lines.append("</tbody>")
    if table.notes:
        notes = "".join(f'<p id="{_esc(i)}">{_esc(text)}</p>' for i, text in table.notes)
        lines.append(
            f'<tfoot><tr><td colspan="{width}" class="table-notes">{notes}</td></tr></tfoot>'
        )
    lines.append("</table>")
    return "\n".join(lines)


# --------------------------------------------------------------------------- Typst


def _typ(text: str) -> str:
    """Escape text for Typst markup; "..." stays three full stops, not an ellipsis."""
    return typst_escape(text).replace("...", "\\.\\.\\.")  # in case typst_escape keeps it


def _typst_heading(heading: _Heading) -> str:
    text = " \\ ".join(_typ(line) for line in heading.text.split("\n"))
    spans = []
    if heading.colspan > 1:
        spans.append(f"colspan: {heading.colspan}")
    if heading.rowspan > 1:
        spans.append(f"rowspan: {heading.rowspan}")
    if not spans:
        return f"[{text}]"
    return f"table.cell({', '.join(spans)})[{text}]"


def _typst_cell(cell: _Cell) -> str:
    content = _typ(cell.short or cell.text)
    if cell.svg and content:
        icon = f'image(bytes({typst_string(cell.svg)}), format: "svg", height: {_ICON_HEIGHT})'
        # the label beside it says what the icon shows: the icon is an artifact (PDF/UA)
        content = f"#pdf.artifact(box(baseline: 15%, {icon})) {content}"
    if "symbol" in cell.classes and content:
        content = f'#text(size: 1.25em, weight: "bold")[{content}]'
    if cell.mark:
        content += f"#super(typographic: false, size: 0.85em)[{_typ(cell.mark)}]"
    if cell.unpublished and content:
        content = f'#text(fill: rgb("{_UNPUBLISHED_INK}"))[{content}]'
    if cell.previous_year and content:
        content = f"#emph[{content}]"
    if cell.rag:
        ink = _RAG_INK[cell.rag]
        return (
            f'table.cell(fill: rgb("{_RAG_FILLS[cell.rag]}"))'
            f'[#text(fill: {ink}, weight: "bold")[{content}]]'
        )
    return f"[{content}]"


def _typst(table: _Table, title_row: bool) -> str:
    """A Typst ``block`` holding the table (and its notes), for landscape A4."""
    width = len(table.widths)
    header_rows = len(table.headings) + (1 if title_row else 0)
    aligns = ", ".join(table.aligns)
    header: list[str] = []
    if title_row:
        header.append(f"table.cell(colspan: {width}, align: left)[{_typ(table.title)}]")
    for row in table.headings:
        header.append(", ".join(_typst_heading(h) for h in row))
    body: list[str] = []
    for group, rows in table.bodies:
        if group:
            body.append(
                f'table.cell(colspan: {width}, fill: rgb("{_GROUP_FILL}"))[#strong[{_typ(group)}]],'
            )
        body.extend("  " + ", ".join(_typst_cell(c) for c in row.cells) + "," for row in rows)
    notes = "\n\n".join(_typ(text) for _, text in table.notes)
    lines = [
        "block(width: 100%)[",
        "#set text(size: 6.5pt)",
        "#set par(justify: false)",
        "#set align(left)",
        f"#show table.cell: it => if it.y < {header_rows} {{",
        '  set text(fill: white, weight: "bold", size: 0.85em, hyphenate: false); it } else { it }',
        "#table(",
        f"  columns: ({', '.join(table.widths)},),",
        f"  align: (x, y) => if y < {header_rows} {{ center + horizon }} "
        f"else {{ ({aligns},).at(x) }},",
        f'  fill: (x, y) => if y < {header_rows} {{ rgb("{_HEADER_FILL}") }},',
        "  inset: (x: 1.5pt, y: 2.5pt),",
        "  stroke: 0.4pt + luma(160),",
        "  table.header(",
        *(f"    {line}," for line in header),
        "  ),",
        *body,
        ")",
    ]
    if notes:
        lines += ["#block(above: 4pt)[", "#set text(size: 6pt)", notes, "]"]
    lines.append("]")
    return "\n".join(lines)


# --------------------------------------------------------------------------- public: KPI


def scorecard_table_html(card: Scorecard, table_id: str) -> str:
    """Render one published table of the scorecard as an accessible HTML ``<table>``.

    Parameters
    ----------
    card : Scorecard
        A built scorecard (:func:`helpers.engine.scorecard.build_scorecard`).
    table_id : str
        The table's id in the registry (``card.tables["table"]``).

    Returns
    -------
    str
        One ``<table>`` element: ``<caption>`` with the table title, two header rows,
        one body row per indicator row (``id="row-{table}-{indicator}"``) and, when
        figures are marked provisional or unpublished, their notes in ``<tfoot>``.

    Raises
    ------
    KeyError
        If the scorecard has no such table.
    ValueError
        If the table's layout is unknown.
    """
    return _html(_build(card, table_id))


def scorecard_table_typst(card: Scorecard, table_id: str, title_row: bool = False) -> str:
    """Render one published table of the scorecard as a Typst expression.

    Parameters
    ----------
    card : Scorecard
        A built scorecard.
    table_id : str
        The table's id in the registry.
    title_row : bool, default False
        Print the table title as the first header row (for use without a figure
        caption).

    Returns
    -------
    str
        A Typst ``block(...)[...]`` expression (code mode, without a leading ``#``)
        holding a ``#table`` sized for a landscape A4 page, with the column headings
        repeated on every page (``table.header``), RAG cells filled in their colour
        with the word, and the notes of marked figures below.

    Raises
    ------
    KeyError
        If the scorecard has no such table.
    ValueError
        If the table's layout is unknown.
    """
    return _typst(_build(card, table_id), title_row)


# --------------------------------------------------------------------------- public: summary

SUMMARY_TITLE = "Summary: variation and assurance (Making Data Count)"
_SUMMARY_WIDTHS = ("12mm", "1fr", "14mm", "12mm", "11.5mm", "6mm", "32mm", "32mm")
_SUMMARY_ALIGNS = ("left", "left", "center", "right", "center", "center", "left", "left")
_SUMMARY_HEADINGS = (
    "Code",
    "Indicator",
    "Period",
    "Latest",
    "RAG",
    "DOT",
    "Variation",
    "Assurance",
)


def _summary_cells(record: Mapping[str, Any], card: Scorecard, status: str) -> list[_Cell]:
    result = row_spc(card, record["table"], record["id"])
    dot = _str(record["dot"])
    latest = format_number(_num(record["value"]), int(record["decimals"]))
    if status in FIGURE_MARK_WORDS and latest:  # the symbol and the words, not colour alone
        latest = f"{latest} {FIGURE_MARK_WORDS[status]}"
    return [
        _Cell(_str(record["code"]), classes=("text",)),
        _Cell(_str(record["title"]), row_header=True),
        _Cell(_str(record["period_label"]), classes=("text",)),
        _Cell(latest, classes=("num",), unpublished=status == "unpublished"),
        _rag(record["rag"]),
        _Cell(arrow(Direction(dot)), classes=("symbol", "dot"), label=dot) if dot else _Cell(),
        _spc_cell(*variation_cell(result), "variation"),
        _spc_cell(*assurance_cell(result), "assurance"),
    ]


def _summary(card: Scorecard) -> _Table:
    frame = summary_frame(card)
    titles = {
        t["table"]: f"{SECTION_HEADINGS.get(t['section'], t['section'])}: {_str(t['title'])}"
        for t in card.tables.to_dict("records")
    }  # the section first: two published tables share the title "Education Monthly ..."
    statuses = {(r["table"], r["id"]): _str(r["status"]) for r in card.records()}
    bodies: list[tuple[str, list[_Row]]] = []
    for record in frame.to_dict("records"):
        heading = titles[record["table"]]
        if not bodies or bodies[-1][0] != heading:
            bodies.append((heading, []))
        row_id = f"summary-{record['table']}-{record['id']}"
        status = statuses.get((record["table"], record["id"]), "")
        bodies[-1][1].append(_Row(row_id, _summary_cells(record, card, status)))
    return _Table(
        table_id="mdc-summary",
        title=SUMMARY_TITLE,
        css_class="scorecard-list mdc-summary",
        headings=[[_Heading(h) for h in _SUMMARY_HEADINGS]],
        widths=list(_SUMMARY_WIDTHS),
        aligns=list(_SUMMARY_ALIGNS),
        bodies=bodies,
        notes=[],
    )


def summary_table_html(card: Scorecard) -> str:
    """Render the Making Data Count summary of the scorecard as an HTML ``<table>``.

    Parameters
    ----------
    card : Scorecard
        A built scorecard.

    Returns
    -------
    str
        One ``<table id="table-mdc-summary">``, one ``<tbody>`` per published table (its
        title as a group heading), one row per indicator row with a trend
        (:func:`helpers.engine.mdc.summary_frame`): code, title, latest period and figure, RAG,
        DOT, and the variation and assurance icons, each with its text label.
    """
    return _html(_summary(card))


def summary_table_typst(card: Scorecard, title_row: bool = False) -> str:
    """Render the Making Data Count summary as a Typst expression (landscape A4).

    Parameters
    ----------
    card : Scorecard
        A built scorecard.
    title_row : bool, default False
        Print the title as the first header row.

    Returns
    -------
    str
        A Typst ``block(...)[...]`` expression, as :func:`scorecard_table_typst`.
    """
    return _typst(_summary(card), title_row)


# --------------------------------------------------------------------------- public: lists


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
            _fill(_str(text), values, column, position) for position, text in enumerate(out[column])
        ]
    return out


def _fill(text: str, values: Mapping[str, str], column: str, position: int) -> str:
    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            raise ValueError(
                f"data sources row {position + 1}, column '{column}': unknown template "
                f"'{{{name}}}' in {text!r}; known: {', '.join('{' + k + '}' for k in values)}"
            )
        return values[name]

    return _TEMPLATE.sub(replace, text)


def _list_table(
    frame: pd.DataFrame,
    table_id: str,
    title: str,
    columns: list[tuple[str, str, str, str]],
    group_column: str,
    group_names: Mapping[str, str] | None = None,
) -> _Table:
    """A grouped list table: columns are (heading, frame column, Typst width, align)."""
    bodies: list[tuple[str, list[_Row]]] = []
    seen: dict[str, int] = {}
    for position, record in enumerate(frame.to_dict("records")):
        group = _str(record.get(group_column))
        heading = (group_names or {}).get(group, group)
        if not bodies or bodies[-1][0] != heading:
            bodies.append((heading, []))
        row_id = f"{table_id}-{_str(record.get('id')) or position + 1}"
        seen[row_id] = seen.get(row_id, 0) + 1
        if seen[row_id] > 1:  # an indicator listed in two groups
            row_id = f"{row_id}-{seen[row_id]}"
        cells = [_list_cell(record, column, i) for i, column in enumerate(columns)]
        bodies[-1][1].append(_Row(row_id, cells))
    return _Table(
        table_id=table_id,
        title=title,
        css_class=f"scorecard-list {table_id}",
        headings=[[_Heading(heading) for heading, *_ in columns]],
        widths=[width for _, _, width, _ in columns],
        aligns=[align for *_, align in columns],
        bodies=bodies,
        notes=[],
    )


def _list_cell(record: Mapping[str, Any], column: tuple[str, str, str, str], i: int) -> _Cell:
    name = column[1]
    text = _str(record.get(name))
    if name == "definition" and not text.strip():
        text = NO_DEFINITION
    return _Cell(text, classes=("text",), row_header=i == 1)


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


def _data_sources(frame: pd.DataFrame, caption: str) -> _Table:
    _require(frame, ("group", *(c[1] for c in _DATA_SOURCE_COLUMNS)), "data sources")
    return _list_table(frame, "data-sources", caption, _DATA_SOURCE_COLUMNS, "group")


def _definitions(frame: pd.DataFrame, caption: str, group_column: str | None) -> _Table:
    if group_column is None:
        group_column = "group" if "group" in frame.columns else "section"
    _require(frame, (group_column, *(c[1] for c in _DEFINITION_COLUMNS)), "definitions")
    names = SECTION_HEADINGS if group_column == "section" else None
    return _list_table(frame, "definitions", caption, _DEFINITION_COLUMNS, group_column, names)


def data_sources_html(frame: pd.DataFrame, caption: str = "Data Sources for Current Report") -> str:
    """Render the Data Sources table as HTML, one ``<tbody>`` per group.

    Parameters
    ----------
    frame : pandas.DataFrame
        Data sources with templates filled (:func:`fill_data_source_templates`) and
        joined with the indicators' ``code`` and ``title``: columns ``group``, ``code``,
        ``title``, ``source``, ``latest_data``, ``released`` (``id`` optional, for row
        ids ``data-sources-{id}``). Rows are printed in frame order; a group heading
        row starts each run of rows of one ``group``.
    caption : str, optional
        The table caption.

    Returns
    -------
    str
        One ``<table>`` element.

    Raises
    ------
    ValueError
        If a column is missing.
    """
    return _html(_data_sources(frame, caption))


def data_sources_typst(
    frame: pd.DataFrame, caption: str = "Data Sources for Current Report", title_row: bool = False
) -> str:
    """Render the Data Sources table as a Typst expression (see :func:`data_sources_html`).

    Parameters
    ----------
    frame : pandas.DataFrame
        As for :func:`data_sources_html`.
    caption : str, optional
        The title, printed as the first (repeated) header row when ``title_row``.
    title_row : bool, default False
        Print the title in the table (for use without a figure caption).

    Returns
    -------
    str
        A Typst ``block(...)[...]`` expression sized for a portrait A4 page.

    Raises
    ------
    ValueError
        If a column is missing.
    """
    return _typst(_data_sources(frame, caption), title_row)


def definitions_html(
    frame: pd.DataFrame, caption: str = "Indicator Definitions", group_column: str | None = None
) -> str:
    """Render the Indicator Definitions table as HTML, grouped.

    Parameters
    ----------
    frame : pandas.DataFrame
        Indicators (``helpers.data.store.load_indicators``) with ``code``, ``title``,
        ``definition`` and a grouping column; ``id`` optional, for row ids
        ``definitions-{id}``. An empty definition prints "Definition not published.".
    caption : str, optional
        The table caption.
    group_column : str, optional
        The column to group by. By default ``group`` (the Data Sources groups, as
        published) when present, else ``section``, whose ids are printed with
        :data:`SECTION_HEADINGS`.

    Returns
    -------
    str
        One ``<table>`` element.

    Raises
    ------
    ValueError
        If a column is missing.
    """
    return _html(_definitions(frame, caption, group_column))


def definitions_typst(
    frame: pd.DataFrame,
    caption: str = "Indicator Definitions",
    group_column: str | None = None,
    title_row: bool = False,
) -> str:
    """Render the Indicator Definitions table as a Typst expression.

    Parameters
    ----------
    frame : pandas.DataFrame
        As for :func:`definitions_html`.
    caption : str, optional
        The title, printed as the first (repeated) header row when ``title_row``.
    group_column : str, optional
        As for :func:`definitions_html`.
    title_row : bool, default False
        Print the title in the table (for use without a figure caption).

    Returns
    -------
    str
        A Typst ``block(...)[...]`` expression sized for a portrait A4 page.

    Raises
    ------
    ValueError
        If a column is missing.
    """
    return _typst(_definitions(frame, caption, group_column), title_row)
