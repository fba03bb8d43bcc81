"""Make each table row of the PDF name its indicator: the indicator cell becomes a row header.

PDF/UA-1 asks that a data table's headers be tagged as such, and a screen reader then
announces a figure with its indicator ("Percentage of EHCPs issued within 20 weeks, Nov-25,
49.0"). Typst 0.15 tags the column headers (``table.header``) itself, but makes a row
header only with ``pdf.header-cell(scope: "row")``, behind its ``a11y-extras`` feature
flag, which the ``typst`` wheel cannot switch on. So the tagged PDF is corrected after
Typst wrote it, with pikepdf, on the structure tree alone (the page content and its marked
content are untouched):

- every table printed by :mod:`helpers.render.tables` holds the Typst comment
  ``/* row-header: N */``, naming its row-header column;
- the ``Table`` structure elements are taken in document order, which is the order of the
  tables in the Typst source; if the counts differ (a notebook printed a table of its
  own) nothing is guessed: :class:`PdfTagError`, and the assembler leaves the PDF as Typst
  tagged it, with a warning;
- in every body row, the ``TD`` of that column becomes a ``TH`` with the table attribute
  ``/Scope /Row`` and an ``/ID``, and the row's other cells list that ID in their
  ``/Headers``. Rows with fewer cells (a group heading spanning the table) are left alone.

The file is saved with a deterministic ``/ID``, so the same source gives the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pikepdf

__all__ = ["PdfTagError", "mark_row_headers", "row_header_columns"]

_HINT = re.compile(r"/\* row-header: (-?\d+) \*/")
_CELLS = ("/TD", "/TH")


class PdfTagError(RuntimeError):
    """Raised when the PDF's tables do not match the tables of its Typst source."""


def row_header_columns(typst_source: str) -> list[int]:
    """The row-header column of each table of a Typst source, in order (-1: none)."""
    return [int(found) for found in _HINT.findall(typst_source)]


def _children(element: pikepdf.Object) -> list[pikepdf.Dictionary]:
    kids = element.get("/K")
    if isinstance(kids, pikepdf.Dictionary):
        kids = [kids]
    if not isinstance(kids, pikepdf.Array | list):
        return []
    return [k for k in kids if isinstance(k, pikepdf.Dictionary) and "/S" in k]


def _elements(element: pikepdf.Object, name: str) -> Iterator[pikepdf.Dictionary]:
    """Structure elements of type ``name`` under ``element``, in document order."""
    for child in _children(element):
        if child.get("/S") == pikepdf.Name(name):
            yield child
        else:
            yield from _elements(child, name)


def _body_rows(table: pikepdf.Dictionary) -> Iterator[pikepdf.Dictionary]:
    for child in _children(table):
        kind = str(child.get("/S"))
        if kind == "/TBody":
            yield from (row for row in _children(child) if str(row.get("/S")) == "/TR")
        elif kind == "/TR":
            yield child


def _table_attributes(cell: pikepdf.Dictionary) -> pikepdf.Dictionary:
    """The cell's attribute dictionary owned by ``/Table`` (created if missing)."""
    attributes = cell.get("/A")
    candidates = list(attributes) if isinstance(attributes, pikepdf.Array) else [attributes]
    for candidate in candidates:
        if isinstance(candidate, pikepdf.Dictionary) and candidate.get("/O") == "/Table":
            return candidate
    owned = pikepdf.Dictionary(O=pikepdf.Name("/Table"))
    if isinstance(attributes, pikepdf.Array):
        attributes.append(owned)
    elif isinstance(attributes, pikepdf.Dictionary):
        cell.A = pikepdf.Array([attributes, owned])
    else:
        cell.A = owned
    return owned


def _mark_row(row: pikepdf.Dictionary, column: int, row_id: str) -> bool:
    cells = [c for c in _children(row) if str(c.get("/S")) in _CELLS]
    if len(cells) <= column:
        return False
    header = cells[column]
    header.S = pikepdf.Name("/TH")
    header.ID = pikepdf.String(row_id)
    _table_attributes(header).Scope = pikepdf.Name("/Row")
    for index, cell in enumerate(cells):
        if index == column:
            continue
        attributes = _table_attributes(cell)
        headers = attributes.get("/Headers")
        if not isinstance(headers, pikepdf.Array):
            headers = pikepdf.Array()
            attributes.Headers = headers
        headers.append(pikepdf.String(row_id))
    return True


def mark_row_headers(pdf_path: Path, columns: list[int]) -> int:
    """Tag the row-header cell of every body row of every table as a row header.

    Parameters
    ----------
    pdf_path : Path
        A tagged PDF written by Typst; rewritten in place.
    columns : list of int
        The row-header column of each table in document order
        (:func:`row_header_columns` of its Typst source), -1 for a table without one.

    Returns
    -------
    int
        How many rows were given a row header.

    Raises
    ------
    PdfTagError
        If the PDF is not tagged or holds a different number of tables.
    """
    marked = 0
    with pikepdf.open(pdf_path, allow_overwriting_input=True) as pdf:
        tree = pdf.Root.get("/StructTreeRoot")
        if tree is None:
            raise PdfTagError(f"{pdf_path.name}: the PDF is not tagged")
        tables = list(_elements(tree, "/Table"))
        if len(tables) != len(columns):
            raise PdfTagError(
                f"{pdf_path.name}: {len(tables)} tagged tables, but the Typst source printed "
                f"{len(columns)} tables with a row-header column"
            )
        for number, (table, column) in enumerate(zip(tables, columns, strict=True), 1):
            if column < 0:
                continue
            for index, row in enumerate(_body_rows(table), 1):
                marked += _mark_row(row, column, f"RowHeader-{number}-{index}")
        pdf.save(pdf_path, deterministic_id=True)
    return marked
