"""The scorecard's tables: one table model, printed as accessible HTML and as Typst.

Build a table, then print it::

    table = scorecard_table(card, "ics-monthly")
    table.to_html()                 # one <table> element
    table.to_typst(title_row=True)  # a Typst block, its title repeated on every page

Builders: :func:`scorecard_table` (every published KPI table, :mod:`.kpi`),
:func:`summary_table` (Making Data Count, :mod:`.summary`), :func:`data_sources_table`
and :func:`definitions_table` (:mod:`.lists`). Cell builders live in :mod:`.cells`,
the model in :mod:`.model`, the renderers in :mod:`.html` and :mod:`.typst`.

Titles: the HTML table carries its title in ``<caption>`` (its accessible name). The Typst
expression has no title by default, because ``helpers.render.display.show_table(html,
typst, caption)`` prints the caption above it; pass ``title_row=True`` for a standalone
table whose title is the first header row, repeated on every page.

CSS classes used (styled by ``templates/scorecard.css``): ``rag rag-red|rag-amber|rag-green``,
``previous-year``, ``unpublished``; also ``text`` (left-aligned text cells),
``num``, ``marker``, ``symbol``, ``note-mark``, ``table-notes``, ``group-heading``.
"""

from helpers.render.tables.cells import FIGURE_MARKS
from helpers.render.tables.kpi import scorecard_table
from helpers.render.tables.lists import (
    NO_DEFINITION,
    data_sources_table,
    definitions_table,
    fill_data_source_templates,
)
from helpers.render.tables.summary import SUMMARY_TITLE, summary_table
from helpers.render.tables.table import Table

__all__ = [
    "FIGURE_MARKS",
    "NO_DEFINITION",
    "SUMMARY_TITLE",
    "Table",
    "data_sources_table",
    "definitions_table",
    "fill_data_source_templates",
    "scorecard_table",
    "summary_table",
]
