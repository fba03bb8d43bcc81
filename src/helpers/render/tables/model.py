"""The table model: one description of a table (headings, body cells, notes) for every renderer.

A table is built once, by a builder in :mod:`helpers.render.tables`, and printed by
:meth:`Table.to_html` (:mod:`.html`) and :meth:`Table.to_typst` (:mod:`.typst`), so the
HTML page and the PDF cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Cell:
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
class Heading:
    """One column heading (its lines split at newlines), spanning columns or header rows."""

    text: str
    colspan: int = 1
    rowspan: int = 1
    scope: str = "col"


@dataclass(frozen=True)
class BodyRow:
    """One body row: its element id and its cells."""

    row_id: str
    cells: list[Cell]


@dataclass(frozen=True)
class TableData:
    """What a renderer reads: the fields of a :class:`~helpers.render.tables.Table`."""

    table_id: str
    title: str
    css_class: str
    headings: list[list[Heading]]
    widths: list[str]  # Typst column widths
    aligns: list[str]  # Typst alignment of the body cells: left, right, center
    bodies: list[tuple[str, list[BodyRow]]]  # (group heading or "", rows)
    notes: list[tuple[str, str]]  # (note id, text)
