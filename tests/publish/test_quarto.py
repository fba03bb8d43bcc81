"""Tests of helpers.publish.quarto: the one Quarto document, its configuration, and renders.

The document and configuration tests need no Quarto. The render tests (slow) run the real
``quarto render`` that ``make quarto`` installs (or a ``quarto`` on the PATH); they fail,
rather than skip, when there is none, because ``make test`` installs it first.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
import yaml
from support import ROOT
from support.report_notebooks import METADATA, write_report_notebooks

from helpers.core.config import ReportConfig, load_report_config
from helpers.publish.assemble import AssemblyError
from helpers.publish.quarto import (
    FILTER,
    LOCAL_QUARTO,
    NETWORK,
    QUARTO_ENV,
    QuartoNotFoundError,
    QuartoReport,
    _warnings,
    document_text,
    find_quarto,
    project_config,
    render_with_quarto,
)
from helpers.render.display import banner_bundle, markdown_bundle, table_bundle


@pytest.fixture(scope="module")
def config() -> ReportConfig:
    return load_report_config(ROOT / "_quarto.yml")


def _no_media(extension: str, payload: bytes) -> str:
    raise AssertionError("no image output expected")


# ----------------------------------------------------------------------------- finding Quarto


def test_find_quarto_prefers_the_variable_then_the_project_then_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(QUARTO_ENV, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    (tmp_path / "bin").mkdir()
    with pytest.raises(QuartoNotFoundError, match=r"make quarto.*quarto\.org.*native"):
        find_quarto(tmp_path)
    on_path = tmp_path / "bin" / "quarto"
    on_path.write_text("#!/bin/sh\n")
    on_path.chmod(0o755)
    assert find_quarto(tmp_path) == on_path
    local = tmp_path / LOCAL_QUARTO
    local.parent.mkdir(parents=True)
    local.write_text("#!/bin/sh\n")
    assert find_quarto(tmp_path) == local.resolve()
    monkeypatch.setenv(QUARTO_ENV, str(on_path))
    assert find_quarto(tmp_path) == on_path
    monkeypatch.setenv(QUARTO_ENV, str(tmp_path / "nowhere"))
    with pytest.raises(QuartoNotFoundError, match="nowhere"):
        find_quarto(tmp_path)


def test_run_without_quarto_stops_before_executing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(QUARTO_ENV, str(tmp_path / "no-quarto"))
    result = subprocess.run(
        [
            str(ROOT / ".venv/bin/scorecard"),
            "run",
            "--month",
            "2025-11",
            "--area",
            "kent",
            "--engine",
            "quarto",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "no-quarto: no such file" in result.stderr
    assert "Traceback" not in result.stderr


def test_only_warnings_about_our_document_are_kept() -> None:
    stderr = (
        "\x1b[33mWARN: typst-gather analyze failed; staging all packages as fallback\x1b[39m\n"
        "[typst]: Compiling scorecard.typ to scorecard.pdf...DONE\n"
        "\x1b[33mWARNING (refs.lua:52) ref type 'table' does not match category 'tbl'\x1b[39m\n"
    )
    assert _warnings(stderr) == [
        "WARNING (refs.lua:52) ref type 'table' does not match category 'tbl'"
    ]


# ----------------------------------------------------------------------------- the document


def test_document_has_one_section_per_notebook_with_each_formats_output(
    tmp_path: Path, config: ReportConfig
) -> None:
    notebooks = write_report_notebooks(tmp_path)
    cover = METADATA
    text = document_text(notebooks, config, cover, _no_media)
    front = yaml.safe_load(text.split("---\n")[1])
    assert front["title"] == config.title
    assert front["subtitle"] == "November 2025 – Kent"
    assert front["date"] == "2025-12-22"  # formatted by Quarto with date-format
    sections = re.findall(r'\{\.scorecard-section section="([^"]+)" landscape="(\w+)"\}', text)
    assert sections == [("00-cover", "false"), ("02-send", "true")]
    assert "# Guidance Notes" in text and "## Commentary" in text  # markdown cells kept
    assert "show_table" not in text and 'month = "2025-11"' not in text  # no code (echo: false)
    assert "STDERR-NOISE" not in text  # no stream output (warning: false)
    # an output with HTML and Typst: raw HTML for the page, the Typst block for the rest
    html_part = '::: {.content-visible when-format="html"}\n\n```{=html}\n<figure class="scorecard'
    assert html_part in text
    assert '::: {.content-hidden when-format="html"}\n\n```{=typst}\n#[' in text
    # Markdown only (prose for both formats): once, not in a conditional div
    assert text.count("- **H** highest") == 1


def test_fences_are_longer_than_any_run_in_the_output(tmp_path: Path, config: ReportConfig) -> None:
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    tricky = table_bundle("<table><tr><td>````</td></tr></table>", "table()", "x")
    tricky["text/markdown"] = "```{=typst}\n[::::]\n```\n\n::::: note\n\nbody\n\n:::::"
    notebook.cells = [
        nbformat.v4.new_code_cell(
            "x", outputs=[nbformat.v4.new_output("display_data", data=tricky)]
        )
    ]
    path = tmp_path / "00-cover.ipynb"
    nbformat.write(notebook, path)
    text = document_text([path], config, METADATA, _no_media)
    assert "\n`````{=html}\n" in text and "<td>````</td>" in text
    assert '\n:::::: {.content-hidden when-format="html"}\n' in text


def test_image_outputs_are_saved_as_media(tmp_path: Path, config: ReportConfig) -> None:
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    image = {"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"}
    notebook.cells = [
        nbformat.v4.new_code_cell("x", outputs=[nbformat.v4.new_output("display_data", data=image)])
    ]
    path = tmp_path / "00-cover.ipynb"
    nbformat.write(notebook, path)
    saved: list[tuple[str, bytes]] = []

    def media(extension: str, payload: bytes) -> str:
        saved.append((extension, payload))
        return f"media/{len(saved)}.{extension}"

    text = document_text([path], config, METADATA, media)
    assert "![](media/1.png)" in text and "<Figure>" not in text
    assert saved == [("png", b"\x89PNG\r\n\x1a\n")]


# ----------------------------------------------------------------------------- configuration


def test_config_is_derived_from_the_projects_quarto_yml(
    tmp_path: Path, config: ReportConfig
) -> None:
    project = yaml.safe_load((ROOT / "_quarto.yml").read_text(encoding="utf-8"))
    cover = METADATA
    html = project_config(config, "html", cover, tmp_path, "<script>charts</script>\n")
    assert html["lang"] == project["lang"] and html["date-format"] == project["date-format"]
    assert html["html-table-processing"] == "none"  # no re-parsed tables, no ref warnings
    assert html["filters"] == [FILTER] and (tmp_path / FILTER).is_file()
    options = html["format"]["html"]
    assert options["embed-resources"] is True
    assert options["toc-title"] == project["format"]["html"]["toc-title"]
    assert options["css"] == ["scorecard.css"] and (tmp_path / "scorecard.css").is_file()
    assert options["include-after-body"] == ["charts.html"]
    assert (tmp_path / "charts.html").read_text() == "<script>charts</script>\n"
    assert options["include-before-body"] == ["banner.html"]
    assert "SYNTHETIC DATA - not for publication" in (tmp_path / "banner.html").read_text()
    typst_dir = tmp_path / "typst"
    typst_dir.mkdir()
    typst = project_config(config, "typst", cover, typst_dir, "")["format"]["typst"]
    for key, value in project["format"]["typst"].items():
        assert typst[key] == value, key
    assert typst["include-in-header"] == ["banner.typ"]  # on every page, the cover too
    assert "#set page(header:" in (typst_dir / "banner.typ").read_text()


# ----------------------------------------------------------------------------- renders


@pytest.fixture(scope="module")
def quarto() -> Path:
    return find_quarto(ROOT)


@pytest.fixture(scope="module")
def rendered(
    tmp_path_factory: pytest.TempPathFactory, config: ReportConfig, quarto: Path
) -> Iterator[tuple[QuartoReport, QuartoReport]]:
    """The same notebooks rendered twice by Quarto, into two folders."""
    folder = tmp_path_factory.mktemp("quarto")
    notebooks = write_report_notebooks(folder)
    first = render_with_quarto(notebooks, folder / "out", config, METADATA, quarto)
    second = render_with_quarto(notebooks, folder / "again", config, METADATA, quarto)
    yield first, second


def _pages(pdf: Path) -> list[tuple[str, bool]]:
    text = subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)
    return [
        (page, float(w) > float(h)) for page, (w, h) in zip(text.split("\f"), sizes, strict=False)
    ]


@pytest.mark.slow
def test_render_is_one_self_contained_page_without_warnings(
    rendered: tuple[QuartoReport, QuartoReport],
) -> None:
    report = rendered[0]
    assert report.warnings == ()
    page = report.html.read_text(encoding="utf-8")
    assert NETWORK.findall(page) == []
    assert "cdn.jsdelivr.net" not in page  # no require.js nor jQuery from a CDN
    assert page.count('id="vega-bundle"') == 1 and page.count('id="render-charts"') == 1
    assert len(re.findall(r'<figure class="chart[ "]', page)) == 1  # Quarto adds "figure"
    assert page.count("SYNTHETIC DATA - not for publication") == 1  # the page's banner
    assert "SYNTHETIC DATA: these figures are made up" in page  # the notebook's banner
    # pandoc's section-divs merge each section div with its heading's <section>
    assert re.search(
        r'class="[^"]*scorecard-section[^"]*" data-section="02-send" data-landscape="true"', page
    )
    assert "STDERR-NOISE" not in page and "show_table" not in page
    assert re.search(r"<h1[^>]*>Children, Young People and Education Directorate", page)
    assert not re.search(r"<h1[^>]*>Guidance Notes", page)  # notebook headings shifted
    assert "22nd December 2025" in page


@pytest.mark.slow
def test_pdf_has_the_banner_on_every_page_and_landscape_tables(
    rendered: tuple[QuartoReport, QuartoReport],
) -> None:
    pages = _pages(rendered[0].pdf)
    assert len(pages) >= 3
    assert all("SYNTHETIC DATA - not for publication" in text for text, _ in pages)
    assert not pages[0][1], "the cover is portrait"
    send = [landscape for text, landscape in pages if "Limited EP capacity" in text]
    assert send == [True], "the SEND section is on a landscape page"
    text = "".join(t for t, _ in pages)
    for expected in ("Percentage of EHCPs issued within 20 weeks", "APP17 by month", "AMBER"):
        assert expected in text, expected
    assert "STDERR-NOISE" not in text


@pytest.mark.slow
def test_renders_are_byte_identical(rendered: tuple[QuartoReport, QuartoReport]) -> None:
    first, second = rendered
    assert first.pdf.read_bytes() == second.pdf.read_bytes()
    assert first.html.read_bytes() == second.html.read_bytes()


@pytest.mark.slow
@pytest.mark.browser
def test_chromium_draws_the_chart_offline(
    rendered: tuple[QuartoReport, QuartoReport], tmp_path: Path
) -> None:
    from support.browser import chromium_available, open_page

    if not chromium_available():
        pytest.skip("needs Debian's chromium and Playwright (make sysdeps)")
    report = open_page(rendered[0].html, tmp_path / "page.png", hover_first_chart=True)
    assert report.charts == report.charts_drawn == 1
    assert report.blocked_requests == [] and report.console_errors == []
    assert report.tooltip_shown is True


@pytest.mark.slow
def test_quarto_failure_leaves_no_output_and_says_why(
    tmp_path: Path, config: ReportConfig, quarto: Path
) -> None:
    notebooks = write_report_notebooks(tmp_path)
    book = json.loads(notebooks[1].read_text(encoding="utf-8"))
    book["cells"].append(nbformat.v4.new_markdown_cell("```{=typst}\n#undefined-function()\n```"))
    notebooks[1].write_text(json.dumps(book), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "scorecard.pdf").write_bytes(b"old")
    with pytest.raises(
        AssemblyError, match=r"(?s)quarto render --to typst failed.*undefined-function"
    ):
        render_with_quarto(notebooks, out, config, METADATA, quarto)
    assert not (out / "scorecard.pdf").exists()


def test_notebook_with_an_error_output_is_named(tmp_path: Path, config: ReportConfig) -> None:
    cover = write_report_notebooks(tmp_path)[0]
    book = nbformat.read(cover, as_version=4)
    error = nbformat.v4.new_output("error", ename="ValueError", evalue="bad row", traceback=[])
    book.cells.append(nbformat.v4.new_code_cell("boom()", outputs=[error]))
    nbformat.write(book, cover)
    with pytest.raises(AssemblyError, match=r"00-cover\.ipynb: cell .* ValueError: bad row"):
        render_with_quarto([cover], tmp_path / "out", config, METADATA, Path("unused"))


def test_markdown_bundles_reach_both_formats_unchanged(
    tmp_path: Path, config: ReportConfig
) -> None:
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    outputs = [
        nbformat.v4.new_output("display_data", data=markdown_bundle("**Directorate Scorecard**")),
        nbformat.v4.new_output("display_data", data=banner_bundle("SYNTHETIC")),
    ]
    notebook.cells = [nbformat.v4.new_code_cell("x", outputs=outputs)]
    path = tmp_path / "00-cover.ipynb"
    nbformat.write(notebook, path)
    text = document_text([path], config, METADATA, _no_media)
    assert text.count("**Directorate Scorecard**") == 1
    assert '<div class="synthetic-banner"' in text and "#block(width: 100%" in text


def test_an_unknown_engine_is_refused_before_anything_runs() -> None:
    from helpers.publish.run import run_report

    with pytest.raises(ValueError, match="unknown engine 'typst': choose one of native, quarto"):
        run_report(ROOT, "2025-11", "kent", engine="typst")
