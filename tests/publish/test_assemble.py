"""Tests of helpers.publish.assemble: configuration, output selection, and whole renders.

The render tests build a tiny executed report in-test (two sections with a table, a chart,
Markdown and the synthetic-data banner) and check the HTML page in a parser and in Debian's
chromium, and the PDF with poppler (pdftotext, pdftoppm).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import nbformat
import pytest
from support import ROOT
from support.report_notebooks import (
    CHART_ALT,
    METADATA,
    write_report_notebooks,
)
from support.report_notebooks import chart as _chart
from support.report_notebooks import code_cell as _code
from support.report_notebooks import notebook as _notebook
from support.report_notebooks import output as _output

from helpers.core.config import ReportConfig, load_report_config
from helpers.core.pandoc import pandoc_path
from helpers.core.paths import TEMPLATES
from helpers.core.vocabulary import DRAFT_MARK
from helpers.publish.assemble import AssembledReport, AssemblyError, Cover, assemble
from helpers.publish.cover import format_date
from helpers.publish.pdf import settings

QUARTO_YML = ROOT / "_quarto.yml"


@pytest.fixture(scope="module")
def config() -> ReportConfig:
    return load_report_config(QUARTO_YML)


@pytest.fixture(scope="module")
def rendered(
    tmp_path_factory: pytest.TempPathFactory, config: ReportConfig
) -> Iterator[tuple[AssembledReport, AssembledReport]]:
    """The same notebooks assembled twice, into two different folders."""
    folder = tmp_path_factory.mktemp("report")
    notebooks = write_report_notebooks(folder)
    first = assemble(notebooks, folder, config, METADATA)
    second = assemble(list(reversed(notebooks)), folder / "again", config, METADATA)
    yield first, second


# ----------------------------------------------------------------------------- cover


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (1, "1st December 2025"),
        (2, "2nd December 2025"),
        (3, "3rd December 2025"),
        (4, "4th December 2025"),
        (11, "11th December 2025"),
        (12, "12th December 2025"),
        (13, "13th December 2025"),
        (21, "21st December 2025"),
        (22, "22nd December 2025"),
        (23, "23rd December 2025"),
        (31, "31st December 2025"),
    ],
)
def test_format_date_ordinals(day: int, expected: str) -> None:
    assert format_date(dt.date(2025, 12, day), "Do MMMM YYYY") == expected


def test_format_date_other_tokens_and_literals() -> None:
    date = dt.date(2025, 3, 7)
    assert format_date(date, "dddd D MMM YY [at] DD/MM/YYYY") == "Friday 7 Mar 25 at 07/03/2025"


def test_cover_prints_the_date_with_the_configured_format(config: ReportConfig) -> None:
    cover = Cover("November 2025", "Dover", dt.date(2025, 12, 22), "MI Team", "Synthetic")
    assert config.date_format == "Do MMMM YYYY"
    assert cover.publication_date(config) == "22nd December 2025"
    assert cover.byline(config) == "MI Team"
    plain = Cover("November 2025")
    assert plain.publication_date(config) == "" and plain.byline(config) == config.author


def test_cover_marks_drafts_and_revisions(config: ReportConfig) -> None:
    cover = Cover("November 2025", draft=True, revised="Revised on 5 January 2026: x")
    assert cover.draft_mark == DRAFT_MARK == "DRAFT – not for publication"
    text = settings(config, cover)
    assert '  draft: [#"DRAFT – not for publication"],' in text
    assert '  revised: [#"Revised on 5 January 2026: x"],' in text
    plain = Cover("November 2025")
    assert plain.draft_mark is None
    assert "  draft: none,\n  revised: none," in settings(config, plain)


@pytest.mark.parametrize("draft", [True, False])
def test_draft_only_content_is_kept_only_in_drafts(tmp_path: Path, draft: bool) -> None:
    markdown = (
        "Reviewed words.\n\n"
        '::: {.content-visible when-meta="draft"}\n*Draft from the figures:* drafted words.\n:::\n'
    )
    cell = _code("show_markdown(...)", {"text/markdown": markdown, "text/plain": markdown})
    notebook = tmp_path / "05-commentary.ipynb"
    nbformat.write(_notebook("Commentary", [cell]), notebook)
    lua = f"--lua-filter={TEMPLATES / 'select-outputs.lua'}"
    extra = ["--metadata=draft:yes"] if draft else []
    for to in ("html", "typst"):
        out = _pandoc_from_ipynb(notebook, to, "--ipynb-output=all", lua, *extra)
        assert "Reviewed words." in out
        assert ("drafted words." in out) is draft, to
        assert "content-visible" not in out
    html = _pandoc_from_ipynb(notebook, "html", "--ipynb-output=all", lua, *extra)
    assert ('class="draft-only"' in html) is draft


# ----------------------------------------------------------------------------- selection


def _pandoc_from_ipynb(notebook: Path, to: str, *extra: str) -> str:
    args = [pandoc_path(), str(notebook), "--from=ipynb", f"--to={to}", *extra]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def test_pandocs_own_best_output_picks_text_plain_for_typst(tmp_path: Path) -> None:
    """Why the assembler carries its own selection filter (see helpers.render.display)."""
    send = write_report_notebooks(tmp_path)[1]
    typst_best = _pandoc_from_ipynb(send, "typst")
    assert "SEND monthly indicators\nCode\tIndicator" in typst_best  # the text/plain fallback
    assert "#figure(" not in typst_best
    html_best = _pandoc_from_ipynb(send, "html")
    assert '<figure class="scorecard-table">' in html_best


def test_selection_filter_picks_html_for_html_and_markdown_for_typst(tmp_path: Path) -> None:
    send = write_report_notebooks(tmp_path)[1]
    lua = f"--lua-filter={TEMPLATES / 'select-outputs.lua'}"
    html = _pandoc_from_ipynb(send, "html", "--ipynb-output=all", lua)
    assert '<figure class="scorecard-table">' in html and '<figure class="chart"' in html
    assert "{=typst}" not in html and "#figure" not in html
    assert "show_table(...)" not in html  # code is hidden
    typst_source = _pandoc_from_ipynb(send, "typst", "--ipynb-output=all", lua)
    assert "#figure(" in typst_source and 'format: "svg"' in typst_source
    assert "<figure" not in typst_source and "show_chart(...)" not in typst_source
    assert "#strong[Note:] Targets for APP17" in typst_source


# ----------------------------------------------------------------------------- failures


def test_notebook_with_an_error_output_is_named(tmp_path: Path, config: ReportConfig) -> None:
    cover, send = write_report_notebooks(tmp_path)
    notebook = nbformat.read(send, as_version=4)
    notebook.cells[2].outputs = [
        nbformat.v4.new_output("error", ename="KeyError", evalue="'APP17'", traceback=[])
    ]
    nbformat.write(notebook, send)
    with pytest.raises(AssemblyError, match=r"02-send\.ipynb: cell 2 .*KeyError"):
        assemble([cover, send], tmp_path / "out", config, METADATA)


def test_notebook_that_is_not_a_chapter_is_refused(tmp_path: Path, config: ReportConfig) -> None:
    stray = tmp_path / "99-extra.ipynb"
    nbformat.write(nbformat.v4.new_notebook(), stray)
    with pytest.raises(AssemblyError, match=r"99-extra\.ipynb is not a chapter"):
        assemble([stray], tmp_path / "out", config, METADATA)


def test_metadata_needs_a_month(tmp_path: Path, config: ReportConfig) -> None:
    notebooks = write_report_notebooks(tmp_path)
    with pytest.raises(AssemblyError, match="month"):
        assemble(notebooks, tmp_path / "out", config, Cover(month="", area="Kent"))


@pytest.mark.slow
def test_typst_failure_names_the_notebook(tmp_path: Path, config: ReportConfig) -> None:
    cover, send = write_report_notebooks(tmp_path)
    notebook = nbformat.read(send, as_version=4)
    broken = {"text/markdown": "```{=typst}\n#table(columns: 2, [a]\n```\n", "text/plain": "x"}
    notebook.cells[2].outputs = [_output(broken)]
    nbformat.write(notebook, send)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "scorecard.pdf").write_bytes(b"%PDF last run")
    with pytest.raises(AssemblyError, match=r"^02-send\.ipynb: Typst failed"):
        assemble([cover, send], tmp_path / "out", config, METADATA)
    assert not (tmp_path / "out" / "scorecard.pdf").exists()


# ----------------------------------------------------------------------------- HTML


class _PageParser(HTMLParser):
    """Collect ids, links, loaded URLs, inline CSS and script bodies of a page."""

    LOADING: ClassVar[set[tuple[str, str]]] = {
        ("script", "src"),
        ("link", "href"),
        ("img", "src"),
        ("source", "src"),
        ("iframe", "src"),
        ("video", "src"),
        ("audio", "src"),
        ("embed", "src"),
        ("object", "data"),
        ("image", "href"),
        ("use", "href"),
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.toc_links: list[str] = []
        self.loads: list[str] = []
        self.styles: list[str] = []
        self.html_lang: str | None = None
        self._in_toc = 0
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if "id" in values:
            self.ids.append(values["id"])
        if tag == "html":
            self.html_lang = values.get("lang")
        if tag == "nav" and values.get("id") == "TOC":
            self._in_toc = 1
        elif self._in_toc and tag == "a":
            self.toc_links.append(values.get("href", ""))
        self.loads += [values[name] for (t, name) in self.LOADING if t == tag and name in values]
        self.styles += [values["style"]] if "style" in values else []
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav":
            self._in_toc = 0
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)


def _parse(page: str) -> _PageParser:
    parser = _PageParser()
    parser.feed(page)
    return parser


@pytest.mark.slow
def test_html_loads_nothing_from_a_network(rendered: tuple[AssembledReport, ...]) -> None:
    page = rendered[0].html.read_text(encoding="utf-8")
    parsed = _parse(page)
    assert not [url for url in parsed.loads if re.match(r"\s*(https?:)?//", url)]
    css = "\n".join(parsed.styles)
    assert css, "the CSS is inlined"
    assert not re.search(r"url\(\s*['\"]?\s*(https?:)?//", css)
    assert not re.search(r"@import|@font-face", css)


@pytest.mark.slow
def test_vega_bundle_is_inlined_exactly_once(rendered: tuple[AssembledReport, ...]) -> None:
    page = rendered[0].html.read_text(encoding="utf-8")
    assert page.count('id="vega-bundle"') == 1
    assert page.count("window.vegaEmbed=") == 1
    assert page.count('id="render-charts"') == 1


@pytest.mark.slow
def test_html_contents_links_resolve_and_ids_are_unique(
    rendered: tuple[AssembledReport, ...],
) -> None:
    parsed = _parse(rendered[0].html.read_text(encoding="utf-8"))
    assert len(parsed.ids) == len(set(parsed.ids))
    assert len(parsed.toc_links) >= 4
    for link in parsed.toc_links:
        assert link.startswith("#") and link[1:] in parsed.ids


@pytest.mark.slow
def test_html_is_accessible_and_styled(rendered: tuple[AssembledReport, ...]) -> None:
    page = rendered[0].html.read_text(encoding="utf-8")
    parsed = _parse(page)
    assert parsed.html_lang == "en-GB"
    assert page.count("<h1") == 1
    assert '<h2 id="directorate-scorecard---send-monthly-indicators">' in page
    assert '<th scope="col">Code</th>' in page and '<th scope="row">APP17</th>' in page
    for rag in ("RED", "AMBER", "GREEN"):
        assert f'class="rag-{rag.lower()}">{rag}</td>' in page
    chart = re.search(r'<figure class="chart".*?</figure>', page, re.DOTALL).group(0)
    # the caption is the chart's text alternative, read once (the drawing is hidden)
    assert chart.count(CHART_ALT) == 1 and f"<figcaption>{CHART_ALT}</figcaption>" in chart
    css = "\n".join(parsed.styles)
    for selector in (
        ".rag-red",
        ".rag-amber",
        ".rag-green",
        ".previous-year",
        ".unpublished",
        ".synthetic-banner",
        "@media print",
    ):
        assert selector in css
    assert page.count('class="synthetic-banner"') == 2  # metadata banner + notebook banner
    assert "show_table(...)" not in page and "STDERR-NOISE" not in page


@pytest.mark.slow
def test_outputs_are_byte_identical_across_assemblies(
    rendered: tuple[AssembledReport, ...],
) -> None:
    first, second = rendered
    assert first.html.read_bytes() == second.html.read_bytes()
    assert first.pdf.read_bytes() == second.pdf.read_bytes()
    page = first.html.read_text(encoding="utf-8")
    assert "/tmp/" not in page
    assert not re.search(r"scorecard-[a-z0-9_]{8}\b", page)  # the assembler's temp folder


@pytest.mark.slow
def test_quarto_project_is_written_beside_the_notebooks(
    rendered: tuple[AssembledReport, ...],
) -> None:
    report = rendered[0].quarto_project
    assert report is not None and report == rendered[0].html.parent
    assert (report / "_quarto.yml").read_bytes() == QUARTO_YML.read_bytes()
    index = (report / "index.qmd").read_text(encoding="utf-8")
    assert index.startswith("---\ntitle: November 2025\nsubtitle: Kent\ndate: '2025-12-22'\n---")
    assert (report / "_scorecard" / "scorecard.css").is_file()
    assert (report / "_scorecard" / "charts.html").read_text().count("window.vegaEmbed=") == 1


# ----------------------------------------------------------------------------- PDF


def _pdftotext(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def _page_sizes(pdf: Path) -> list[tuple[float, float]]:
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    return [
        (float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)
    ]


needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="needs poppler-utils (make sysdeps)"
)


@pytest.mark.slow
@needs_poppler
def test_pdf_has_cover_sections_tables_and_page_numbers(
    rendered: tuple[AssembledReport, ...],
) -> None:
    text = _pdftotext(rendered[0].pdf)
    for expected in (
        "Children, Young People and Education Performance Management",
        "November 2025",
        "22nd December 2025",
        "SYNTHETIC DATA - not for publication",
        "SYNTHETIC DATA: these figures are made up",
        "Guidance Notes",
        "Directorate Scorecard - SEND Monthly Indicators",
        "SEND monthly indicators",
        "Percentage of EHCPs issued within 20 weeks",
        "AMBER",
        "APP17 by month",
        "Note: Targets for APP17",
        "Limited EP capacity affected figures.",
    ):
        assert expected in text, expected
    assert "STDERR-NOISE" not in text and "show_table" not in text
    assert re.search(r"Page 1 of \d+", text)


@pytest.mark.slow
@needs_poppler
def test_pdf_landscape_sections_and_every_page_renders(
    rendered: tuple[AssembledReport, ...], tmp_path: Path
) -> None:
    pdf = rendered[0].pdf
    sizes = _page_sizes(pdf)
    assert sizes[0][0] < sizes[0][1], "the cover is portrait"
    assert sizes[-1][0] > sizes[-1][1], "the SEND section is landscape"
    result = subprocess.run(
        ["pdftoppm", "-r", "30", "-png", str(pdf), str(tmp_path / "page")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == len(sizes)
    assert all(page.stat().st_size > 1000 for page in pages)


# ----------------------------------------------------------------------------- browser


@pytest.mark.slow
@pytest.mark.browser
def test_chromium_draws_every_chart_offline(
    rendered: tuple[AssembledReport, ...], tmp_path: Path
) -> None:
    from support.browser import chromium_available, open_page

    if not chromium_available():
        pytest.skip("needs Debian's chromium and Playwright (make sysdeps)")
    report = open_page(rendered[0].html, screenshot=tmp_path / "page.png", hover_first_chart=True)
    assert report.charts == 1
    assert report.charts_drawn == report.charts
    assert report.blocked_requests == []
    assert report.console_errors == []
    assert report.tooltip_shown is True


@pytest.mark.slow
def test_no_chart_means_no_vega_bundle(tmp_path: Path, config: ReportConfig) -> None:
    cover = write_report_notebooks(tmp_path)[0]
    report = assemble([cover], tmp_path / "out", config, Cover(month="November 2025"))
    page = report.html.read_text(encoding="utf-8")
    assert 'id="vega-bundle"' not in page
    assert json.dumps(METADATA.month)[1:-1] in page


@pytest.mark.slow
def test_image_outputs_are_embedded_in_html_and_placed_in_pdf(
    tmp_path: Path, config: ReportConfig
) -> None:
    import base64

    import vl_convert

    png = vl_convert.vegalite_to_png(_chart().to_dict())
    cover, send = write_report_notebooks(tmp_path)
    notebook = nbformat.read(send, as_version=4)
    image = {"image/png": base64.b64encode(png).decode(), "text/plain": "<Figure>"}
    notebook.cells.append(nbformat.v4.new_code_cell("plot()", outputs=[_output(image)]))
    nbformat.write(notebook, send)
    report = assemble([cover, send], tmp_path / "out", config, METADATA)
    page = report.html.read_text(encoding="utf-8")
    assert re.search(r'<img [^>]*src="data:image/png;base64,', page)
    assert "<Figure>" not in page and "&lt;Figure&gt;" not in page
    assert report.pdf.stat().st_size > 10_000


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(foreground: str, background: str) -> float:
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_css_colours_meet_wcag_aa_contrast(config: ReportConfig) -> None:
    css = config.html.css[0].read_text(encoding="utf-8")
    colour = dict(re.findall(r"--([a-z]+):\s*(#[0-9a-fA-F]{6})", css))
    colour["white"] = "#ffffff"
    rules = dict(re.findall(r"\.(rag-[a-z]+) \{([^}]*)\}", css))
    assert set(rules) == {"rag-red", "rag-amber", "rag-green"}
    assert "var(--red)" in rules["rag-red"] and "var(--amber)" in rules["rag-amber"]
    assert "var(--green)" in rules["rag-green"]
    pairs = [
        ("white", "red"),  # .rag-red and the banner
        ("ink", "amber"),  # .rag-amber
        ("white", "green"),  # .rag-green
        ("red", "white"),  # .unpublished
        ("white", "brand"),  # column headers
        ("link", "white"),
    ]
    for foreground, background in pairs:
        ratio = _contrast(colour[foreground], colour[background])
        assert ratio >= 4.5, f"{foreground} on {background}: {ratio:.1f}:1"
    assert "color: #fff" in rules["rag-red"] and "color: #fff" in rules["rag-green"]
    assert "color: var(--ink)" in rules["rag-amber"]
