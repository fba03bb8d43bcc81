"""Cell builders: one table row's values turned into model cells (no HTML, no Typst).

Figures are printed by :mod:`helpers.core.formatting` at the indicator's decimals;
targets and benchmarks at their own printed decimals (the ``*_dp`` fields). Previous-year
figures are marked ``previous_year``; RAG cells carry the word as well as the colour;
provisional figures are marked ``*`` and unpublished ones ``†`` (and ``unpublished``),
their notes collected by :class:`Notes` for the foot of the table.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from helpers.core.formatting import format_number, format_range, format_target
from helpers.core.numbers import number_or_none, text_or_empty
from helpers.core.vocabulary import (
    ASSURANCE_LABELS,
    ASSURANCE_SHORT,
    DATA_PERIOD_MEANINGS,
    FIGURE_MARK_WORDS,
    MARKER_MEANINGS,
    MARKERS,
    POLARITY_MEANINGS,
    PRINTED_MARKERS,
    VARIATION_LABELS,
    VARIATION_SHORT,
)
from helpers.engine.mdc import row_spc
from helpers.engine.scorecard import Scorecard
from helpers.render.mdc_views import assurance_cell, variation_cell
from helpers.render.tables.model import Cell
from helpers.rules.travel import Direction, arrow

#: Footnote marks of figures printed with a caveat, by figure status.
FIGURE_MARKS: Mapping[str, str] = {k: v.split(" ")[0] for k, v in FIGURE_MARK_WORDS.items()}

_MARK_LABELS = {"provisional": "provisional figure", "unpublished": "unpublished figure"}
_DEFAULT_NOTES = {
    "provisional": "Provisional figure, subject to change.",
    "unpublished": "Not yet published; included for information.",
}
_SPC_SHORT = {
    **{VARIATION_LABELS[k]: VARIATION_SHORT[k] for k in VARIATION_LABELS},
    **{ASSURANCE_LABELS[k]: ASSURANCE_SHORT[k] for k in ASSURANCE_LABELS},
}
"""Full label (HTML) to short label (the PDF's narrow cells)."""


# --------------------------------------------------------------------------- values


def _dp(value: Any, default: int) -> int:
    number = number_or_none(value)
    return default if number is None else int(number)


def _decimals_needed(value: float, most: int = 2) -> int:
    """The decimals a raw count needs: 0 for 2097.0, 1 for 505.2 (at most ``most``)."""
    exponent = Decimal(str(value)).normalize().as_tuple().exponent
    return min(most, max(0, -int(exponent)))


# --------------------------------------------------------------------------- context


@dataclass(frozen=True)
class Trend:
    """One trend period's figure of a row."""

    label: str
    value: float | None
    status: str
    note: str


@dataclass
class Note:
    """The note of one or more marked figures of a row."""

    note_id: str
    mark: str
    subject: str
    labels: list[str]
    text: str

    def line(self) -> str:
        """The note as printed under the table."""
        return f"{self.mark} {self.subject} {', '.join(self.labels)}: {self.text}"


@dataclass
class Notes:
    """The notes of marked figures of one table, in order of first appearance."""

    table_id: str
    entries: list[Note] = field(default_factory=list)

    def add(self, status: str, subject: str, label: str, note: str) -> Note:
        """The note of a marked figure (one note for figures with the same text)."""
        note = note or _DEFAULT_NOTES[status]
        mark = FIGURE_MARKS[status]
        for entry in self.entries:
            if (entry.mark, entry.subject, entry.text) == (mark, subject, note):
                if label not in entry.labels:
                    entry.labels.append(label)
                return entry
        entry = Note(f"note-{self.table_id}-{len(self.entries) + 1}", mark, subject, [label], note)
        self.entries.append(entry)
        return entry


@dataclass(frozen=True)
class RowContext:
    """What a cell builder reads: the row, its trend, the table's notes and the card."""

    row: Mapping[str, Any]
    trend: list[Trend]
    missing_numerator: str
    notes: Notes
    card: Scorecard | None = None


# --------------------------------------------------------------------------- cells


def marker(status: str) -> Cell:
    """A marker ("-", "TBS", ...) with its meaning."""
    return Cell(MARKERS[status], classes=("marker",), abbr=MARKER_MEANINGS[status])


def figure(ctx: RowContext, trend: Trend) -> Cell:
    """A trend or latest figure: number, marker, or number with its caveat mark."""
    if trend.status in PRINTED_MARKERS:
        return marker(trend.status)
    printed = format_number(trend.value, int(ctx.row["decimals"]))
    if trend.status not in FIGURE_MARKS or not printed:
        return Cell(printed, classes=("num",))
    subject = text_or_empty(ctx.row["code"]) or text_or_empty(ctx.row["title"])
    note = ctx.notes.add(trend.status, subject, trend.label, trend.note)
    return Cell(
        printed,
        classes=("num",),
        unpublished=trend.status == "unpublished",
        mark=note.mark,
        mark_label=f"{_MARK_LABELS[trend.status]}, see note",
        note_id=note.note_id,
    )


def figure_at(ctx: RowContext, position: int) -> Cell:
    """The figure of the row's trend period at ``position`` (blank if it has none)."""
    if not 0 <= position < len(ctx.trend):
        return Cell()
    return figure(ctx, ctx.trend[position])


def count(ctx: RowContext, column: str) -> Cell:
    """Numerator or denominator of the latest figure (as many decimals as it has)."""
    value = number_or_none(ctx.row[column])
    latest_unpublished = bool(ctx.trend) and ctx.trend[-1].status == "unpublished"
    if value is None:
        return marker("not_available") if ctx.missing_numerator else Cell()
    printed = format_number(value, _decimals_needed(value))
    return Cell(printed, classes=("num",), unpublished=latest_unpublished)


def _target(
    value: Any, decimals: Any, comparator: Any, status: Any, default_dp: int, previous: bool
) -> Cell:
    status = text_or_empty(status)
    if status:
        return Cell(
            MARKERS[status],
            classes=("marker",),
            abbr=MARKER_MEANINGS[status],
            previous_year=previous,
        )
    printed = format_target(
        number_or_none(value), _dp(decimals, default_dp), text_or_empty(comparator)
    )
    return Cell(printed, classes=("num",), previous_year=previous)


def current_target(ctx: RowContext) -> Cell:
    """The target of the reporting year (a range where the target is one)."""
    row = ctx.row
    low, high = number_or_none(row["target_low"]), number_or_none(row["target_high"])
    if (
        number_or_none(row["target"]) is None
        and not text_or_empty(row["target_status"])
        and None not in (low, high)
    ):
        return Cell(
            format_range(low, high, _dp(row["target_dp"], int(row["decimals"]))), classes=("num",)
        )
    return _target_of(ctx, "", with_status=True, previous=False)


def _target_of(ctx: RowContext, prefix: str, with_status: bool, previous: bool) -> Cell:
    """The target of the year whose fields start with ``prefix`` ("", "next_year_", ...)."""
    row: Mapping[str, Any] = ctx.row
    status = row[f"{prefix}target_status"] if with_status else ""
    return _target(
        row[f"{prefix}target"],
        row[f"{prefix}target_dp"],
        row[f"{prefix}target_comparator"],
        status,
        int(row["decimals"]),
        previous=previous,
    )


def previous_target(ctx: RowContext) -> Cell:
    """Last year's target, in italics (it has no status)."""
    return _target_of(ctx, "previous_year_", with_status=False, previous=True)


def next_target(ctx: RowContext) -> Cell:
    """Next year's target (annual tables)."""
    return _target_of(ctx, "next_year_", with_status=True, previous=False)


def rag(value: Any, previous: bool = False) -> Cell:
    """A RAG cell: the word, filled in its colour."""
    word = text_or_empty(value).upper()
    if not word:
        return Cell(previous_year=previous)
    return Cell(word, classes=("rag", f"rag-{word.lower()}"), rag=word, previous_year=previous)


def dot(value: Any) -> Cell:
    """The direction of travel arrow, spoken as its direction."""
    direction = text_or_empty(value)
    if not direction:
        return Cell()
    return Cell(arrow(Direction(direction)), classes=("symbol", "dot"), label=direction)


def spc(svg: str, label: str, kind: str) -> Cell:
    """A Making Data Count icon with its label (short label in the PDF)."""
    if not label:
        return Cell()
    return Cell(label, classes=("spc", f"spc-{kind}"), svg=svg, short=_SPC_SHORT.get(label, ""))


def variation(ctx: RowContext) -> Cell:
    """The Making Data Count variation of the row's latest point (blank without a trend)."""
    if ctx.card is None:
        return Cell()
    return spc(*variation_cell(row_spc(ctx.card, ctx.row["table"], ctx.row["id"])), "variation")


def assurance(ctx: RowContext) -> Cell:
    """The Making Data Count assurance against the target (blank without trend or target)."""
    if ctx.card is None:
        return Cell()
    return spc(*assurance_cell(row_spc(ctx.card, ctx.row["table"], ctx.row["id"])), "assurance")


def benchmark(ctx: RowContext, column: str) -> Cell:
    """A comparator or national figure, or its marker."""
    status = text_or_empty(ctx.row[f"{column}_status"])
    if status in PRINTED_MARKERS:
        return marker(status)
    decimals = _dp(ctx.row[f"{column}_dp"], int(ctx.row["decimals"]))
    return Cell(format_number(number_or_none(ctx.row[column]), decimals), classes=("num",))


def _keyed(value: str, meanings: Mapping[str, str]) -> Cell:
    return Cell(value, classes=("text",), abbr=meanings.get(value, ""))


def code(ctx: RowContext) -> Cell:
    """The indicator code."""
    return Cell(text_or_empty(ctx.row["code"]), classes=("text",))


def title(ctx: RowContext) -> Cell:
    """The indicator title: the row header."""
    return Cell(text_or_empty(ctx.row["title"]), row_header=True)


def polarity(ctx: RowContext) -> Cell:
    """The polarity letter with its meaning."""
    return _keyed(text_or_empty(ctx.row["polarity"]), POLARITY_MEANINGS)


def data_period(ctx: RowContext) -> Cell:
    """The data period letters with their meaning."""
    return _keyed(text_or_empty(ctx.row["data_period"]), DATA_PERIOD_MEANINGS)


def qpr(ctx: RowContext) -> Cell:
    """A tick for an indicator in the Quarterly Performance Report."""
    if not bool(ctx.row["qpr"]):
        return Cell()
    return Cell("✓", classes=("symbol",), label="yes")


def outturn(ctx: RowContext) -> Cell:
    """Last year's outturn, in italics."""
    printed = format_number(
        number_or_none(ctx.row["previous_year_value"]), int(ctx.row["decimals"])
    )
    return Cell(printed, classes=("num",), previous_year=True)
