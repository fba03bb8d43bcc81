"""Print a table model as an accessible HTML ``<table>``.

``<caption>`` with the table title; ``<th scope="col">`` / ``scope="colgroup"`` with
matching ``<colgroup>`` elements; the row header is ``<th scope="row">``; markers are
``<abbr>`` with their meaning; arrows and ticks are ``role="img"`` with a spoken
``aria-label``; footnote marks link to their note in ``<tfoot>``.
"""

from __future__ import annotations

import html

from helpers.render.tables.model import Cell, Heading, TableData


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _heading(heading: Heading) -> str:
    attrs = f' scope="{heading.scope}"'
    if heading.colspan > 1:
        attrs += f' colspan="{heading.colspan}"'
    if heading.rowspan > 1:
        attrs += f' rowspan="{heading.rowspan}"'
    text = " <br/>".join(_esc(line) for line in heading.text.split("\n"))
    return f"<th{attrs}>{text}</th>"


def _content(cell: Cell) -> str:
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


def _cell(cell: Cell) -> str:
    classes = list(cell.classes)
    if cell.previous_year:
        classes.append("previous-year")
    if cell.unpublished:
        classes.append("unpublished")
    attrs = f' class="{" ".join(classes)}"' if classes else ""
    if cell.row_header:
        return f'<th scope="row"{attrs}>{_content(cell)}</th>'
    return f"<td{attrs}>{_content(cell)}</td>"


def render_html(table: TableData) -> str:
    """One ``<table>`` element: caption, header rows, one ``<tbody>`` per group, notes."""
    width = len(table.widths)
    lines = [
        f'<table class="{table.css_class}" id="table-{_esc(table.table_id)}">',
        f"<caption>{_esc(table.title)}</caption>",
        *(f'<colgroup span="{h.colspan}"></colgroup>' for h in table.headings[0]),
        "<thead>",
        *("<tr>" + "".join(_heading(h) for h in row) + "</tr>" for row in table.headings),
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
            f'<tr id="{_esc(row.row_id)}">' + "".join(_cell(c) for c in row.cells) + "</tr>"
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
