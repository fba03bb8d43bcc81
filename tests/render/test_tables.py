"""Tests of helpers.render.tables: the scorecard's tables as HTML and Typst.

Back-test facts are read from the published November 2025 scorecard
(``reference/seeds/002_98a722df3abda8bb.txt``). Rows are found by their row id
(``row-{table}-{indicator id}``), never by indicator code.

Snapshots
---------
Every table's HTML and Typst is compared with the golden files in
``tests/__snapshots__/tables/<table>.html`` and ``<table>.typ`` (also ``data-sources`` and
``definitions``). After an intended change, rewrite them and review the diff like code::

    UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/render/test_tables.py

The Typst tests compile the tables with the ``typst`` package; one renders the
ICS monthly table to PNG with ``pdftoppm`` (skipped when poppler is missing).
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest
import typst
from support import ROOT

from helpers.data.store import Source, load_data_sources, load_indicators, open_source
from helpers.engine.scorecard import Scorecard, build_scorecard
from helpers.render.display import MIME_MARKDOWN, table_bundle
from helpers.render.tables import (
    NO_DEFINITION,
    data_sources_table,
    definitions_table,
    fill_data_source_templates,
    scorecard_table,
)

MONTH = "2025-11"

TABLE_IDS = (
    "activity",
    "send-monthly",
    "ics-monthly",
    "ics-quarterly",
    "education-monthly",
    "education-termly",
    "education-annual",
    "education-annual-continued",
    "vulnerable-primary",
    "vulnerable-secondary",
)

# What the Typst template (templates/scorecard.typ) sets around a table, on a landscape page.
PREAMBLE = """#set page(paper: "a4", flipped: true, margin: (x: 12mm, y: 14mm))
#set text(font: ("Liberation Sans", "DejaVu Sans"), size: 9.5pt, lang: "en", region: "GB")
#set table(inset: 3pt, stroke: 0.5pt + luma(160))
#show table: set text(size: 7pt)
"""


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def source() -> Source:
    return open_source(ROOT / "data")


@pytest.fixture(scope="module")
def card(source: Source) -> Scorecard:
    return build_scorecard(source, MONTH, "kent")


@pytest.fixture(scope="module")
def sources_frame(source: Source) -> pd.DataFrame:
    """The Data Sources table of November 2025, joined with codes and titles."""
    indicators = load_indicators(source, MONTH)[["id", "code", "title", "definition"]]
    sources = fill_data_source_templates(
        load_data_sources(source, "sample", MONTH), MONTH, "2025-12"
    )
    return sources.merge(indicators, on="id", how="left", validate="many_to_one")


@pytest.fixture(scope="module")
def html_tables(card: Scorecard) -> dict[str, ET.Element]:
    return {table: parse(scorecard_table(card, table).to_html()) for table in TABLE_IDS}


def parse(fragment: str) -> ET.Element:
    """Parse an HTML fragment strictly (it must be well-formed XML)."""
    return ET.fromstring(fragment)


SVG = "{http://www.w3.org/2000/svg}svg"


def text(element: ET.Element) -> str:
    """The visible text of an element; an inline SVG icon is spoken by its aria-label."""
    return " ".join("".join(_visible(element)).split())


def _visible(element: ET.Element) -> list[str]:
    if element.tag == SVG:
        return []
    parts = [element.text or ""]
    for child in element:
        parts += [*_visible(child), child.tail or ""]
    return parts


def row(table: ET.Element, row_id: str) -> ET.Element:
    found = table.find(f".//tr[@id='{row_id}']")
    assert found is not None, f"no row {row_id}"
    return found


def cells(tr: ET.Element) -> list[ET.Element]:
    return [c for c in tr if c.tag in ("td", "th")]


def classes(element: ET.Element) -> set[str]:
    return set(element.get("class", "").split())


def cell_with(tr: ET.Element, content: str) -> list[ET.Element]:
    return [c for c in cells(tr) if text(c) == content]


def compile_pdf(body: str) -> bytes:
    return typst.compile((PREAMBLE + body).encode(), format="pdf")


# --------------------------------------------------------------------------- structure


def test_every_published_table_is_covered(card):
    assert tuple(card.tables["table"]) == TABLE_IDS


@pytest.mark.parametrize("table_id", TABLE_IDS)
def test_html_is_well_formed_and_accessible(html_tables, table_id):
    table = html_tables[table_id]
    assert table.tag == "table"
    caption = table.find("caption")
    assert caption is not None and text(caption)
    for th in table.iter("th"):
        assert th.get("scope") in ("col", "colgroup", "row", "rowgroup"), text(th)
    body_rows = table.findall("./tbody/tr")
    assert body_rows
    for tr in body_rows:
        assert tr.get("id", "").startswith(f"row-{table_id}-")
        headers = [c for c in cells(tr) if c.tag == "th"]
        assert [h.get("scope") for h in headers] == ["row"]
    ids = [el.get("id") for el in table.iter() if el.get("id")]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("table_id", TABLE_IDS)
def test_header_rows_span_every_column(html_tables, table_id):
    table = html_tables[table_id]
    header_rows = table.findall("./thead/tr")
    assert len(header_rows) == 2
    top, bottom = header_rows
    width = sum(int(th.get("colspan", 1)) for th in top)
    assert width == sum(int(c.get("span")) for c in table.findall("colgroup"))
    grouped = sum(int(th.get("colspan", 1)) for th in top if th.get("scope") == "colgroup")
    assert grouped == len(bottom)
    for tr in table.findall("./tbody/tr"):
        assert len(cells(tr)) == width


def test_unknown_table_is_a_key_error(card):
    with pytest.raises(KeyError, match=r"no table 'nope'.*ics-monthly"):
        scorecard_table(card, "nope").to_html()


def test_no_indicator_code_in_the_code(card):
    codes = {c for c in card.rows["code"] if c}
    found = []
    for module in sorted((ROOT / "src" / "helpers").rglob("*.py")):
        source = module.read_text(encoding="utf-8")
        pattern = r"(?<![\w-]){}(?![\w-])"
        found += [
            f"{module.name}: {c}" for c in codes if re.search(pattern.format(re.escape(c)), source)
        ]
    assert found == []


# --------------------------------------------------------------------------- ICS monthly


def test_ics_monthly_has_sixteen_rows(html_tables):
    assert len(html_tables["ics-monthly"].findall("./tbody/tr")) == 16


def test_ics_monthly_headings(html_tables):
    top, bottom = html_tables["ics-monthly"].findall("./thead/tr")
    assert [text(th) for th in top] == [
        "Code", "Indicator", "Polarity", "Data Period", "QPR", "Monthly Trends",
        "Latest Month", "DOT", "Variation", "Assurance", "Target 2025-26", "RAG 2025-26",
        "Kent Outturn 2024-25",
        "Target 2024-25", "RAG 2024-25", "Benchmark Group 2023-24 (SN or SE)",
        "England 2023-24",
    ]  # fmt: skip
    labels = [text(th) for th in bottom]
    assert labels == [
        "May-25", "Jun-25", "Jul-25", "Aug-25", "Sep-25", "Oct-25", "Measure Nov-25",
        "Numerator", "Denominator",
    ]  # fmt: skip
    assert [th.get("colspan") for th in top if th.get("scope") == "colgroup"] == ["6", "3"]


def test_foster_care_row(html_tables):
    tr = row(html_tables["ics-monthly"], "row-ics-monthly-cic-kcc-foster-care")
    values = [text(c) for c in cells(tr)]
    # Published: ... 71.5 70.9 70.0 69.9 69.3 69.0 68.3 694 1,016 ⬇️ 85.0 RED 72.8 85.0 RED N/A N/A
    assert values[5:] == [
        "71.5", "70.9", "70.0", "69.9", "69.3", "69.0", "68.3", "694", "1,016", "↓",
        "Concerning (low)", "Consistently failing", "85.0", "RED", "72.8", "85.0", "RED",
        "N/A", "N/A",
    ]  # fmt: skip
    assert values[4] == "✓"  # QPR
    dot = tr.find(".//span[@role='img'][@aria-label='worsened']")
    assert dot is not None and dot.text == "↓"
    rag, previous_rag = cell_with(tr, "RED")
    assert classes(rag) == {"rag", "rag-red"}
    assert classes(previous_rag) == {"rag", "rag-red", "previous-year"}
    (outturn,) = cell_with(tr, "72.8")
    assert "previous-year" in classes(outturn)
    (title,) = [c for c in cells(tr) if c.tag == "th"]
    assert title.get("scope") == "row"
    assert text(title).startswith("Percentage of CIC Foster Care")


def test_re_referrals_row_has_thousands_separators(html_tables):
    tr = row(html_tables["ics-monthly"], "row-ics-monthly-csws-re-referrals")
    values = [text(c) for c in cells(tr)]
    assert "5,326" in values and "23,656" in values
    (improved_rag,) = cell_with(tr, "GREEN")[:1]
    assert "rag-green" in classes(improved_rag)


def test_counts_keep_their_decimals(html_tables):
    tr = row(html_tables["ics-monthly"], "row-ics-monthly-permanent-social-workers")
    assert [text(c) for c in cells(tr)][12:14] == ["505.2", "630.5"]
    tr = row(html_tables["ics-monthly"], "row-ics-monthly-eh-unit-caseload-families")
    assert [text(c) for c in cells(tr)][12:14] == ["2,097", "139.4"]  # printed "2097"


def test_same_arrow_reads_same(html_tables):
    tr = row(html_tables["ics-monthly"], "row-ics-monthly-cic-placement-stability")
    dot = tr.find(".//span[@aria-label='same']")
    assert dot is not None and dot.text == "↔"


def test_missing_benchmark_is_an_abbreviated_marker(html_tables):
    tr = row(html_tables["ics-monthly"], "row-ics-monthly-returner-interviews")
    abbrs = tr.findall(".//abbr[@title='Data not available']")
    assert [a.text for a in abbrs] == ["N/A", "N/A"]


def test_polarity_and_data_period_are_explained(html_tables):
    tr = row(html_tables["ics-monthly"], "row-ics-monthly-cp-plan-second-time")
    titles = {a.text: a.get("title") for a in tr.iter("abbr")}
    assert titles["T"].startswith("The aim of this indicator is to stay close to the target")
    assert titles["R12M"] == "Monthly Rolling 12 months"


# --------------------------------------------------------------------------- other tables


def test_unpublished_reoffending_figure(html_tables):
    table = html_tables["ics-quarterly"]
    tr = row(table, "row-ics-quarterly-proven-reoffending")
    measure = next(c for c in cells(tr) if text(c).startswith("29.3"))
    assert "unpublished" in classes(measure)
    link = measure.find("./sup[@class='note-mark']/a")
    assert link is not None and link.text == "†"
    assert "unpublished" in link.get("aria-label")
    note = table.find(f".//tfoot//p[@id='{link.get('href')[1:]}']")
    assert note is not None
    assert text(note).startswith("† CYPE8 Q2 25-26: Not published by the Ministry of Justice")
    # Earlier quarters are published: no mark.
    assert "unpublished" not in classes(cell_with(tr, "30.4")[0])
    bottom = table.findall("./thead/tr")[1]
    assert [text(th) for th in bottom][:4] == [
        "Q3 24-25",
        "Q4 24-25",
        "Q1 25-26",
        "Measure Q2 25-26",
    ]


def test_provisional_neet_september(html_tables):
    table = html_tables["education-monthly"]
    tr = row(table, "row-education-monthly-neet-16-17")
    september = cells(tr)[9]  # May, Jun, Jul, Aug, Sep
    assert text(september) == "2.9*"
    assert "unpublished" not in classes(september)
    link = september.find("./sup/a")
    assert link.text == "*" and "provisional" in link.get("aria-label")
    (note,) = table.findall("./tfoot//p")
    assert text(note).startswith("* SISE71 Sep-25: Provisional data as at 22/10/25")
    tbc = tr.find(".//abbr[@title='To be confirmed']")
    assert tbc is not None and tbc.text == "TBC"


def test_exclusion_targets_print_their_comparator(html_tables):
    table = html_tables["education-monthly"]
    primary = [
        text(c) for c in cells(row(table, "row-education-monthly-primary-permanent-exclusions"))
    ]
    secondary = [
        text(c) for c in cells(row(table, "row-education-monthly-secondary-permanent-exclusions"))
    ]
    # Published: 36 N/A N/A ⬇️ <= 25 RED 30 <= 25 RED N/A N/A
    assert primary[11:] == [
        "36",
        "N/A",
        "N/A",
        "↓",
        "No significant change",
        "Consistently failing",
        "<= 25",
        "RED",
        "30",
        "<= 25",
        "RED",
        "N/A",
        "N/A",
    ]
    assert secondary[17] == "<= 79" and secondary[20] == "<= 79"


def test_exclusion_rate_prints_two_decimals(html_tables):
    tr = row(html_tables["education-monthly"], "row-education-monthly-permanent-exclusion-rate")
    values = [text(c) for c in cells(tr)]
    assert values[5:12] == ["0.04"] * 7
    assert values[-2:] == ["0.07", "0.13"]


def test_send_counts_without_numerator_are_blank(html_tables):
    tr = row(html_tables["send-monthly"], "row-send-monthly-ehcp-issued-within-20-weeks-count")
    values = [text(c) for c in cells(tr)]
    assert values[5:12] == ["68", "69", "80", "51", "82", "86", "70"]
    assert values[12:14] == ["", ""]  # the SEND table does not print N/A


def test_termly_layout(html_tables):
    table = html_tables["education-termly"]
    top, bottom = table.findall("./thead/tr")
    assert [text(th) for th in top][5:] == [
        "Termly Trends", "Latest Term", "DOT", "Variation", "Assurance",
        "Target Autumn 2025-26", "RAG 2025-26",
    ]  # fmt: skip
    assert [text(th) for th in bottom][:4] == [
        "Autumn 24-25", "Spring 24-25", "Summer 24-25", "Measure Autumn 25-26",
    ]  # fmt: skip
    values = [text(c) for c in cells(row(table, "row-education-termly-two-year-old-take-up"))]
    assert values[5:] == [
        "68.0", "60.0", "55.0", "69.5", "2,613", "3,760", "↑", "No significant change",
        "Hit and miss", "79.0", "RED",
    ]  # fmt: skip


def test_annual_layout(html_tables):
    table = html_tables["education-annual"]
    top = table.findall("./thead/tr")[0]
    assert [text(th) for th in top][5:] == [
        "Annual Trends", "Latest Year", "Target 2024-25", "RAG 2024-25", "DOT", "Variation",
        "Assurance", "Target 2025-26", "Benchmark Group 2024-25 (SN or SE)", "England 2024-25",
    ]  # fmt: skip
    values = [text(c) for c in cells(row(table, "row-education-annual-ks5-a-level-aps"))]
    # Published: 37.68 34.20 34.22 34.72 N/A N/A 35 AMBER ⬆️ 35 35.52 34.85
    assert values[5:] == [
        "37.68", "34.20", "34.22", "34.72", "N/A", "N/A", "35", "AMBER", "↑",
        "No significant change", "Hit and miss", "35", "35.52", "34.85",
    ]  # fmt: skip


def test_annual_continued_large_denominator(html_tables):
    tr = row(
        html_tables["education-annual-continued"], "row-education-annual-continued-ehcp-pupils"
    )
    assert [text(c) for c in cells(tr)][9:11] == ["15,586", "270,731"]


def test_vulnerable_learners_small_cohort(html_tables):
    tr = row(html_tables["vulnerable-primary"], "row-vulnerable-primary-eyfs-gld-cic-gap")
    values = [text(c) for c in cells(tr)]
    # Published: 17.6 22.5 44.4 32.9 N/A N/A 23 RED ↑ N/A small cohort N/A N/A
    assert values[5:] == [
        "17.6", "22.5", "44.4", "32.9", "N/A", "N/A", "23", "RED", "↑",
        "No significant change", "Hit and miss", "N/A small cohort", "N/A", "N/A",
    ]  # fmt: skip
    cohort = tr.find(".//abbr[@title='Cohort too small to publish']")
    assert cohort is not None and cohort.text == "N/A small cohort"


def test_volume_table_shows_to_be_supplied(html_tables):
    table = html_tables["activity"]
    assert len(table.findall("./tbody/tr")) == 26
    top, bottom = table.findall("./thead/tr")
    assert [text(th) for th in top] == ["Code", "Indicator", "Monthly Trends", "Latest Month"]
    assert [text(th) for th in bottom][-1] == "Measure Nov-25"
    tr = row(table, "row-activity-primary-schools")
    markers = tr.findall(".//abbr")
    assert [a.text for a in markers] == ["..."] * 7
    assert {a.get("title") for a in markers} == {"Data to be supplied"}


# --------------------------------------------------------------------------- Typst


@pytest.mark.parametrize("table_id", TABLE_IDS)
def test_typst_expression_shape(card, table_id):
    code = scorecard_table(card, table_id).to_typst()
    assert code.startswith("block(")
    assert "table.header(" in code
    assert "#set text(size: 6.5pt)" in code


def test_typst_title_row_is_optional(card):
    title = "Integrated Children\\'s Services Monthly Indicators"
    assert title not in scorecard_table(card, "ics-monthly").to_typst()
    with_title = scorecard_table(card, "ics-monthly").to_typst(title_row=True)
    assert f"table.cell(colspan: 24, align: left)[{title}" in with_title
    assert "if it.y < 3" in with_title  # the title row is a header row: repeated, white on blue


def test_typst_rag_fill_emph_and_escapes(card):
    code = scorecard_table(card, "education-monthly").to_typst()
    assert 'table.cell(fill: rgb("#b10e1e"))[#text(fill: white, weight: "bold")[RED]]' in code
    assert "[#emph[\\<\\= 25]]" in code  # previous-year target, escaped
    assert "[2.9#super(typographic: false, size: 6pt)[\\*]]" in code
    assert "\\* SISE71 Sep\\-25: Provisional data" in code


def test_all_tables_compile(card, sources_frame):
    body = "\n#pagebreak()\n".join(f"#{scorecard_table(card, t).to_typst()}" for t in TABLE_IDS)
    body += f"\n#pagebreak()\n#{data_sources_table(sources_frame).to_typst()}"
    body += f"\n#pagebreak()\n#{definitions_table(sources_frame).to_typst()}"
    assert compile_pdf(body).startswith(b"%PDF")


def test_table_bundle_accepts_the_tables(card):
    """The notebooks' show_table wraps our Typst in a figure: that must compile too."""
    title = card.tables.set_index("table").loc["ics-quarterly", "title"]
    bundle = table_bundle(
        scorecard_table(card, "ics-quarterly").to_html(),
        scorecard_table(card, "ics-quarterly").to_typst(),
        title,
    )
    raw = bundle[MIME_MARKDOWN]
    code = raw.split("\n", 1)[1].rsplit("```", 1)[0]
    assert compile_pdf(code).startswith(b"%PDF")


def _png_size(path: Path) -> tuple[int, int]:
    width, height = struct.unpack(">II", path.read_bytes()[16:24])
    return width, height


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler's pdftoppm")
def test_ics_monthly_fits_one_landscape_page(card, tmp_path):
    pdf = tmp_path / "ics-monthly.pdf"
    pdf.write_bytes(
        compile_pdf("#" + scorecard_table(card, "ics-monthly").to_typst(title_row=True))
    )
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page*.png"))
    assert len(pages) == 1
    width, height = _png_size(pages[0])
    assert width > height  # landscape
    if shutil.which("pdftotext"):
        words = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "England" in words and "1,016" in words and "Oct-25" in words


def test_typst_escapes_markup_in_text():
    frame = pd.DataFrame(
        {
            "section": ["ics"],
            "id": ["x"],
            "code": ["#1"],
            "title": ['Rate [R12M] *not bold* _x_ $5 <= 25 @ref "q" ... // c'],
            "definition": ["a \\ b = c + d - e ~ f `g` <h>"],
        }
    )
    code = definitions_table(frame).to_typst()
    pdf = compile_pdf("#" + code)
    assert pdf.startswith(b"%PDF")


# --------------------------------------------------------------------------- lists


def test_fill_data_source_templates():
    frame = pd.DataFrame(
        {
            "id": ["a", "b"],
            "latest_data": ["Snapshot as at {month}", "October 2025 School Census"],
            "released": ["{release}", "Sept 2024"],
        }
    )
    out = fill_data_source_templates(frame, "2025-11", "2025-12")
    assert list(out["latest_data"]) == ["Snapshot as at Nov 2025", "October 2025 School Census"]
    assert list(out["released"]) == ["Dec 2025", "Sept 2024"]
    assert list(frame["released"]) == ["{release}", "Sept 2024"]  # input untouched


def test_fill_data_source_templates_rejects_unknown_template():
    frame = pd.DataFrame({"latest_data": ["ok", "as at {year}"], "released": ["", ""]})
    with pytest.raises(ValueError, match=r"row 2, column 'latest_data'.*\{year\}"):
        fill_data_source_templates(frame, "2025-11", "2025-12")


def test_data_sources_table(sources_frame):
    table = parse(data_sources_table(sources_frame).to_html())
    assert text(table.find("caption")) == "Data Sources for Current Report"
    bodies = table.findall("tbody")
    groups = [text(b.find("./tr/th[@scope='rowgroup']")) for b in bodies]
    assert groups == ["Activity-Volume Measures", "SEND Indicators", "Key Performance Indicators"]
    assert [text(th) for th in table.findall("./thead/tr/th")] == [
        "Code", "Indicator", "Source Description", "Latest Data Description",
        "Latest Data release date",
    ]  # fmt: skip
    for th in table.iter("th"):
        assert th.get("scope") in ("col", "row", "rowgroup")
    tr = row(table, "data-sources-cic-kcc-foster-care")
    assert [text(c) for c in cells(tr)][2:] == ["Liberi", "Snapshot as at Nov 2025", "Dec 2025"]
    tr = row(table, "data-sources-front-door-contacts")
    assert text(cells(tr)[3]) == "Children referred during the month of Nov 2025"
    # One indicator listed in two groups keeps unique row ids.
    ids = [tr.get("id") for tr in table.iter("tr") if tr.get("id")]
    assert len(ids) == len(set(ids)) == len(sources_frame)
    assert "{" not in data_sources_table(sources_frame).to_html()


def test_data_sources_requires_columns():
    with pytest.raises(ValueError, match="lacks column"):
        data_sources_table(pd.DataFrame({"code": ["x"]})).to_html()


def test_definitions_table(sources_frame):
    table = parse(definitions_table(sources_frame).to_html())
    assert text(table.find("caption")) == "Indicator Definitions"
    assert len(table.findall("tbody")) == 3
    tr = row(table, "definitions-ehcp-average-days")
    assert text(cells(tr)[2]) == NO_DEFINITION
    tr = row(table, "definitions-cic-kcc-foster-care")
    assert text(cells(tr)[2]).startswith("The percentage of Kent Children in Care")


def test_definitions_grouped_by_section(card):
    frame = pd.DataFrame(
        {
            "id": ["a", "b", "c"],
            "section": ["send", "send", "ics"],
            "code": ["A1", "", "C1"],
            "title": ["Alpha", "Beta", "Gamma"],
            "definition": ["Alpha is.", "", "Gamma is."],
        }
    )
    headings = card.section_headings()
    table = parse(definitions_table(frame, group_names=headings).to_html())
    groups = [text(th) for th in table.iter("th") if th.get("scope") == "rowgroup"]
    assert groups == ["SEND Indicators", "Integrated Children's Services Indicators"]
    assert groups == [headings["send"], headings["ics"]]
    assert text(cells(row(table, "definitions-b"))[2]) == NO_DEFINITION


# --------------------------------------------------------------------------- snapshots


@pytest.mark.parametrize("table_id", TABLE_IDS)
def test_snapshot(card, table_id, snapshots):
    tables = snapshots("tables")
    tables.check(f"{table_id}.html", scorecard_table(card, table_id).to_html() + "\n")
    tables.check(f"{table_id}.typ", scorecard_table(card, table_id).to_typst() + "\n")


def test_snapshot_lists(sources_frame, snapshots):
    tables = snapshots("tables")
    tables.check("data-sources.html", data_sources_table(sources_frame).to_html() + "\n")
    tables.check("data-sources.typ", data_sources_table(sources_frame).to_typst() + "\n")
    tables.check("definitions.html", definitions_table(sources_frame).to_html() + "\n")
    tables.check("definitions.typ", definitions_table(sources_frame).to_typst() + "\n")
