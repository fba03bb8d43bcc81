"""Print a table model as a Typst expression (a ``block`` holding a ``#table``).

The column headings repeat on every page (``table.header``); RAG cells are filled in
their colour and carry the word; previous-year figures are ``emph``; the notes of marked
figures are small text below the table.
"""

from __future__ import annotations

from helpers.render.display import typst_escape, typst_string
from helpers.render.tables.model import Cell, Heading, TableData

_RAG_FILLS = {"RED": "#b10e1e", "AMBER": "#ffbf47", "GREEN": "#00703c"}
_RAG_INK = {"RED": "white", "AMBER": "black", "GREEN": "white"}
_HEADER_FILL = "#1d3e5f"
_GROUP_FILL = "#f3f2f1"
_UNPUBLISHED_INK = "#b10e1e"
_ICON_HEIGHT = "2.2mm"  # the SPC icons in Typst cells


def _typ(text: str) -> str:
    """Escape text for Typst markup; "..." stays three full stops, not an ellipsis."""
    return typst_escape(text).replace("...", "\\.\\.\\.")  # in case typst_escape keeps it


def _heading(heading: Heading) -> str:
    text = " \\ ".join(_typ(line) for line in heading.text.split("\n"))
    spans = []
    if heading.colspan > 1:
        spans.append(f"colspan: {heading.colspan}")
    if heading.rowspan > 1:
        spans.append(f"rowspan: {heading.rowspan}")
    if not spans:
        return f"[{text}]"
    return f"table.cell({', '.join(spans)})[{text}]"


def _cell(cell: Cell) -> str:
    content = _typ(cell.short or cell.text)
    if cell.svg and content:
        icon = f'image(bytes({typst_string(cell.svg)}), format: "svg", height: {_ICON_HEIGHT})'
        # the label beside it says what the icon shows: the icon is an artifact (PDF/UA)
        content = f"#pdf.artifact(box(baseline: 15%, {icon})) {content}"
    if "symbol" in cell.classes and content:
        content = f'#text(size: 1.25em, weight: "bold")[{content}]'
    if cell.mark:
        content += f"#super(typographic: false, size: 6pt)[{_typ(cell.mark)}]"
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


def _row_header_column(table: TableData) -> int:
    """The column of the row headers (the indicator), -1 if the table has none."""
    for _, rows in table.bodies:
        for row in rows:
            return next((i for i, cell in enumerate(row.cells) if cell.row_header), -1)
    return -1


def render_typst(table: TableData, title_row: bool) -> str:
    """A Typst ``block`` holding the table (and its notes), without a leading ``#``."""
    width = len(table.widths)
    header_rows = len(table.headings) + (1 if title_row else 0)
    aligns = ", ".join(table.aligns)
    header: list[str] = []
    if title_row:
        header.append(f"table.cell(colspan: {width}, align: left)[{_typ(table.title)}]")
    for row in table.headings:
        header.append(", ".join(_heading(h) for h in row))
    body: list[str] = []
    for group, rows in table.bodies:
        if group:
            body.append(
                f'table.cell(colspan: {width}, fill: rgb("{_GROUP_FILL}"))[#strong[{_typ(group)}]],'
            )
        body.extend("  " + ", ".join(_cell(c) for c in row.cells) + "," for row in rows)
    notes = "\n\n".join(_typ(text) for _, text in table.notes)
    lines = [
        "block(width: 100%)[",
        # read by helpers.publish.pdf_tags, which makes this column the row header (PDF/UA)
        f"/* row-header: {_row_header_column(table)} */",
        "#set text(size: 6.5pt)",
        "#set par(justify: false)",
        "#set align(left)",
        f"#show table.cell: it => if it.y < {header_rows} {{",
        '  set text(fill: white, weight: "bold", size: 6pt, hyphenate: false); it } else { it }',
        "#table(",
        f"  columns: ({', '.join(table.widths)},),",
        f"  align: (x, y) => if y < {header_rows} {{ center + horizon }} "
        f"else {{ ({aligns},).at(x) }},",
        f'  fill: (x, y) => if y < {header_rows} {{ rgb("{_HEADER_FILL}") }},',
        "  inset: (x: 1.5pt, y: 1.4pt),",
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
