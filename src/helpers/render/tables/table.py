"""The table value: a built table that prints itself as HTML or as Typst."""

from __future__ import annotations

from helpers.render.tables.html import render_html
from helpers.render.tables.model import TableData
from helpers.render.tables.typst import render_typst


class Table(TableData):
    """A built table (great-tables style): one model, two renderers.

    Built by :func:`~helpers.render.tables.scorecard_table`,
    :func:`~helpers.render.tables.summary_table`,
    :func:`~helpers.render.tables.data_sources_table` and
    :func:`~helpers.render.tables.definitions_table`.
    """

    def to_html(self) -> str:
        """The table as one accessible HTML ``<table>`` element.

        Returns
        -------
        str
            ``<caption>`` with the title, the header rows, one ``<tbody>`` per group
            (its heading as a ``group-heading`` row) and, when figures are marked
            provisional or unpublished, their notes in ``<tfoot>``.
        """
        return render_html(self)

    def to_typst(self, title_row: bool = False) -> str:
        """The table as a Typst expression (code mode, without a leading ``#``).

        Parameters
        ----------
        title_row : bool, default False
            Print the title as the first header row, repeated on every page (for a
            table without a figure caption).

        Returns
        -------
        str
            A ``block(...)[...]`` holding a ``#table`` sized for an A4 page, with the
            column headings repeated on every page and the notes of marked figures below.
        """
        return render_typst(self, title_row)
