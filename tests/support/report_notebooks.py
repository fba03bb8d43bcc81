"""A tiny executed report: two section notebooks with a table, a chart, Markdown and a banner.

Shared by the assembler tests of both engines (``tests/publish/test_assemble.py``,
``tests/publish/test_quarto.py``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import altair as alt
import nbformat
import pandas as pd

from helpers.publish.assemble import Cover
from helpers.render.display import (
    banner_bundle,
    chart_bundle,
    markdown_bundle,
    note_bundle,
    table_bundle,
)

METADATA = Cover(
    month="November 2025",
    area="Kent",
    published_on=dt.date(2025, 12, 22),
    banner="SYNTHETIC DATA - not for publication",
)

TABLE_HTML = (
    '<table><thead><tr><th scope="col">Code</th><th scope="col">Indicator</th>'
    '<th scope="col">Nov-25</th><th scope="col">RAG 2025-26</th></tr></thead><tbody>'
    '<tr><th scope="row">APP17</th><td>Percentage of EHCPs issued within 20 weeks</td>'
    '<td>49.0</td><td class="rag-red">RED</td></tr>'
    '<tr><th scope="row">CYPE1</th><td>Pupils placed in independent special schools</td>'
    '<td class="previous-year">10.5</td><td class="rag-amber">AMBER</td></tr>'
    '<tr><th scope="row">CYPE8</th><td>Rate of proven re-offending by CYP</td>'
    '<td class="unpublished">31.2</td><td class="rag-green">GREEN</td></tr>'
    "</tbody></table>"
)
TABLE_TYPST = (
    "table(columns: 4, table.header([*Code*], [*Indicator*], [*Nov-25*], [*RAG 2025-26*]),"
    " [APP17], [Percentage of EHCPs issued within 20 weeks], [49.0], [RED],"
    " [CYPE1], [Pupils placed in independent special schools], [_10.5_], [AMBER],"
    " [CYPE8], [Rate of proven re-offending by CYP], [31.2], [GREEN])"
)
CHART_ALT = "Line chart: EHCPs issued within 20 weeks, 60.2% in May 2025 to 49.0% in November."


def output(bundle: dict[str, str]) -> nbformat.NotebookNode:
    return nbformat.v4.new_output("display_data", data=bundle)


def notebook(title: str, cells: list[nbformat.NotebookNode]) -> nbformat.NotebookNode:
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    parameters = nbformat.v4.new_code_cell('month = "2025-11"', metadata={"tags": ["parameters"]})
    notebook.cells = [nbformat.v4.new_markdown_cell(f"# {title}"), parameters, *cells]
    for index, cell in enumerate(notebook.cells):
        cell["id"] = f"cell-{index}"  # fixed ids: the notebooks are the same every run
    return notebook


def chart() -> alt.Chart:
    frame = pd.DataFrame(
        {"month": ["May-25", "Jul-25", "Sep-25", "Nov-25"], "value": [60.2, 51.9, 44.3, 49.0]}
    )
    return (
        alt.Chart(frame, title="APP17 by month")
        .mark_line(point=True)
        .encode(x=alt.X("month:N", sort=None), y="value:Q", tooltip=["month", "value"])
        .properties(width=420, height=160)
    )


def code_cell(source: str, bundle: dict[str, str]) -> nbformat.NotebookNode:
    return nbformat.v4.new_code_cell(source, outputs=[output(bundle)])


def write_report_notebooks(folder: Path) -> list[Path]:
    """Write two executed section notebooks into ``folder/notebooks/``."""
    notebooks = folder / "notebooks"
    notebooks.mkdir(parents=True, exist_ok=True)
    cover = notebook(
        "Guidance Notes",
        [
            code_cell(
                "show_banner(...)", banner_bundle("SYNTHETIC DATA: these figures are made up")
            ),
            code_cell(
                "show_markdown(...)",
                markdown_bundle("## Polarity\n\n- **H** highest\n- **L** lowest"),
            ),
            nbformat.v4.new_code_cell(
                "warn()",
                outputs=[nbformat.v4.new_output("stream", name="stderr", text="STDERR-NOISE\n")],
            ),
        ],
    )
    send = notebook(
        "Directorate Scorecard - SEND Monthly Indicators",
        [
            code_cell(
                "show_table(...)", table_bundle(TABLE_HTML, TABLE_TYPST, "SEND monthly indicators")
            ),
            code_cell("show_chart(...)", chart_bundle(chart(), CHART_ALT, "app17-trend")),
            code_cell("show_note(...)", note_bundle("Targets for APP17 use June 2024 targets.")),
            nbformat.v4.new_markdown_cell("## Commentary\n\nLimited EP capacity affected figures."),
        ],
    )
    paths = [notebooks / "00-cover.ipynb", notebooks / "02-send.ipynb"]
    nbformat.write(cover, paths[0])
    nbformat.write(send, paths[1])
    return paths
