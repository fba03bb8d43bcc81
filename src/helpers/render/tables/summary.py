"""The Making Data Count summary table: each row's latest figure, variation and assurance."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from helpers.core.formatting import format_number
from helpers.core.numbers import number_or_none, text_or_empty
from helpers.core.vocabulary import FIGURE_MARK_WORDS
from helpers.engine.mdc import row_spc, summary_frame
from helpers.engine.scorecard import Scorecard
from helpers.render.mdc_views import assurance_cell, variation_cell
from helpers.render.tables import cells
from helpers.render.tables.model import BodyRow, Cell, Heading
from helpers.render.tables.table import Table

SUMMARY_TITLE = "Summary: variation and assurance (Making Data Count)"
_WIDTHS = ("12mm", "1fr", "14mm", "12mm", "11.5mm", "6mm", "32mm", "32mm")
_ALIGNS = ("left", "left", "center", "right", "center", "center", "left", "left")
_HEADINGS = ("Code", "Indicator", "Period", "Latest", "RAG", "DOT", "Variation", "Assurance")


def _cells(record: Mapping[str, Any], card: Scorecard, status: str) -> list[Cell]:
    result = row_spc(card, record["table"], record["id"])
    latest = format_number(number_or_none(record["value"]), int(record["decimals"]))
    if status in FIGURE_MARK_WORDS and latest:  # a symbol and words, never colour alone
        latest = f"{latest} {FIGURE_MARK_WORDS[status]}"
    return [
        Cell(text_or_empty(record["code"]), classes=("text",)),
        Cell(text_or_empty(record["title"]), row_header=True),
        Cell(text_or_empty(record["period_label"]), classes=("text",)),
        Cell(latest, classes=("num",), unpublished=status == "unpublished"),
        cells.rag(record["rag"]),
        cells.dot(record["dot"]),
        cells.spc(*variation_cell(result), "variation"),
        cells.spc(*assurance_cell(result), "assurance"),
    ]


def summary_table(card: Scorecard) -> Table:
    """The Making Data Count summary of the scorecard.

    Parameters
    ----------
    card : Scorecard
        A built scorecard.

    Returns
    -------
    Table
        ``table-mdc-summary``: one group per published table (section and title as its
        heading), one row per indicator row with a trend
        (:func:`helpers.engine.mdc.summary_frame`): code, title, latest period and
        figure, RAG, DOT, and the variation and assurance icons, each with its label.
    """
    frame = summary_frame(card)
    headings = card.section_headings()
    titles = {
        t["table"]: f"{headings.get(t['section'], t['section'])}: {text_or_empty(t['title'])}"
        for t in card.tables.to_dict("records")
    }  # the section first: two published tables share the title "Education Monthly ..."
    statuses = {(r["table"], r["id"]): text_or_empty(r["status"]) for r in card.records()}
    bodies: list[tuple[str, list[BodyRow]]] = []
    for record in frame.to_dict("records"):
        heading = titles[record["table"]]
        if not bodies or bodies[-1][0] != heading:
            bodies.append((heading, []))
        row_id = f"summary-{record['table']}-{record['id']}"
        status = statuses.get((record["table"], record["id"]), "")
        bodies[-1][1].append(BodyRow(row_id, _cells(record, card, status)))
    return Table(
        table_id="mdc-summary",
        title=SUMMARY_TITLE,
        css_class="scorecard-list mdc-summary",
        headings=[[Heading(h) for h in _HEADINGS]],
        widths=list(_WIDTHS),
        aligns=list(_ALIGNS),
        bodies=bodies,
        notes=[],
    )
