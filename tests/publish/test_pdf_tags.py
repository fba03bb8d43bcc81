"""Row headers in the tagged PDF: a tiny Typst table compiled to PDF/UA-1, then corrected."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pikepdf
import pytest
import typst

from helpers.publish.pdf_tags import (
    PdfTagError,
    mark_row_headers,
    row_header_columns,
)

SOURCE = """#set document(title: "Row headers")
#set text(lang: "en")
/* row-header: 1 */
#table(
  columns: 3,
  table.header([Code], [Indicator], [Value]),
  [A1], [First indicator], [10],
  table.cell(colspan: 3)[A group heading],
  [A2], [Second indicator], [20],
)
"""


def _compile(tmp_path: Path, source: str = SOURCE) -> Path:
    (tmp_path / "doc.typ").write_text(source, encoding="utf-8")
    pdf = tmp_path / "doc.pdf"
    when = dt.datetime(2025, 12, 22, tzinfo=dt.UTC)
    typst.compile(tmp_path / "doc.typ", output=pdf, pdf_standards=["ua-1"], timestamp=when)
    return pdf


def _cells(pdf_path: Path) -> list[list[tuple[str, dict]]]:
    with pikepdf.open(pdf_path) as pdf:
        rows = []

        def walk(element: pikepdf.Object) -> None:
            kids = element.get("/K")
            kids = [kids] if isinstance(kids, pikepdf.Dictionary) else kids
            for kid in kids if isinstance(kids, pikepdf.Array | list) else []:
                if not isinstance(kid, pikepdf.Dictionary) or "/S" not in kid:
                    continue
                if kid.S == "/TR":
                    cells = []
                    for cell in [c for c in kid.K if isinstance(c, pikepdf.Dictionary)]:
                        attributes = cell.get("/A")
                        listed = (
                            list(attributes)
                            if isinstance(attributes, pikepdf.Array)
                            else [attributes]
                        )
                        table = next(
                            (
                                dict(a)
                                for a in listed
                                if isinstance(a, pikepdf.Dictionary) and a.get("/O") == "/Table"
                            ),
                            {},
                        )
                        cells.append((str(cell.S), {k: str(v) for k, v in table.items()}))
                    rows.append(cells)
                else:
                    walk(kid)

        walk(pdf.Root.StructTreeRoot)
        return rows


def test_hints_are_read_in_order() -> None:
    assert row_header_columns("/* row-header: 1 */ x /* row-header: -1 */") == [1, -1]


def test_each_body_row_gets_its_indicator_as_row_header(tmp_path: Path) -> None:
    pdf = _compile(tmp_path)
    assert [kind for kind, _ in _cells(pdf)[1]] == ["/TD", "/TD", "/TD"]  # Typst alone
    assert mark_row_headers(pdf, row_header_columns(SOURCE)) == 2
    header, first, group, second = _cells(pdf)
    assert [kind for kind, _ in header] == ["/TH", "/TH", "/TH"]
    for row in (first, second):
        assert [kind for kind, _ in row] == ["/TD", "/TH", "/TD"]
        assert row[1][1]["/Scope"] == "/Row"
        assert "RowHeader" in row[2][1]["/Headers"]  # the value names its row header
    assert [kind for kind, _ in group] == ["/TD"]  # a group heading is left alone
    with pikepdf.open(pdf) as opened:
        assert opened.open_metadata().get("pdfuaid:part") == "1"


def test_a_table_count_mismatch_is_refused(tmp_path: Path) -> None:
    pdf = _compile(tmp_path)
    with pytest.raises(PdfTagError, match="1 tagged tables, but the Typst source printed 2"):
        mark_row_headers(pdf, [1, 1])


def test_same_input_same_bytes(tmp_path: Path) -> None:
    first = _compile(tmp_path)
    mark_row_headers(first, [1])
    once = first.read_bytes()
    second = _compile(tmp_path)
    mark_row_headers(second, [1])
    assert second.read_bytes() == once
