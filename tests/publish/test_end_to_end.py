"""End to end: render November 2025 Kent and check what a reader and a publisher get.

One run per engine (about 20-40 s on two cores for the native engine) in a scratch copy of
the project. The content tests run on both engines' outputs (``published``: native, then
Quarto, which reuses the notebooks the native run executed):
- the HTML has every indicator row, a chart for every trend, the commentary and no
  banner (Kent's figures are real), and loads nothing from any network; headless Debian
  chromium with the network blocked draws every chart with no console error;
- the PDF has every indicator title and the commentary (pdftotext), its table pages are
  landscape, and every page renders (pdftoppm);
- the CSV has every figure printed in the seed's tables, on its row;
- a second run re-executes nothing; a clean re-run gives byte-identical outputs;
- the executed notebooks re-execute to the same outputs under nbval.
"""

from __future__ import annotations

import contextlib
import csv
import html as html_lib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support import ROOT
from support.browser import chromium_available, open_page
from support.nbval import run_nbval
from support.scratch import make_project
from support.seedtext import SEED_2025, table_rows

from helpers.data.store import open_source
from helpers.engine.scorecard import Scorecard, build_scorecard
from helpers.publish.quarto import QUARTO_ENV, find_quarto
from helpers.publish.run import ENGINES, OUTPUT_NAMES, run_report
from helpers.render.charts import chart_id, has_trend

pytestmark = pytest.mark.slow
NETWORK = re.compile(
    r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?\s*(?:https?:)?//|@import""", re.I
)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Scorecard]:
    project = make_project(tmp_path_factory.mktemp("e2e") / "project")
    result = run_report(project, "2025-11", "kent")
    assert [p.name for p in result.outputs] == list(OUTPUT_NAMES)
    card = build_scorecard(
        open_source(project / "build/scorecard.duckdb"), "2025-11", "kent", "2025-12"
    )
    return project, card


@pytest.fixture(scope="module", params=ENGINES)
def published(
    request: pytest.FixtureRequest,
    rendered: tuple[Path, Scorecard],
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, Scorecard]:
    """The report as each engine publishes it (the same executed notebooks)."""
    if request.param == "native":
        return rendered
    native, card = rendered
    project = make_project(tmp_path_factory.mktemp("e2e-quarto") / "project")
    # the native run's store and executed notebooks: this run only renders, with Quarto
    shutil.copytree(native / "build", project / "build")
    quarto = find_quarto(ROOT)  # .quarto/ of this checkout (`make quarto`), else PATH
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(QUARTO_ENV, str(quarto))
        result = run_report(project, "2025-11", "kent", engine="quarto")
    assert result.executed == []
    assert result.warnings == [], result.warnings  # no Quarto warning on our content
    return project, card


def _folder(rendered: tuple[Path, Scorecard]) -> Path:
    return rendered[0] / "reports/2025-11/kent"


def _pdf_pages(pdf: Path) -> list[tuple[str, bool]]:
    """Each page's text and whether the page is landscape."""
    text = subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "9999", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)
    pages = text.split("\f")[: len(sizes)]
    return [(page, float(w) > float(h)) for page, (w, h) in zip(pages, sizes, strict=True)]


def _commentary_sentences() -> list[str]:
    """The first sentence of each indicator's commentary in the month's files.

    Decisions not to comment ("No commentary: <reason>", ``### *``) are left out: they
    show in drafts only, in their own words.
    """
    sentences = []
    for path in sorted((ROOT / "params/2025-11").glob("commentary-*.md")):
        for entry in re.split(r"^### .+$", path.read_text(encoding="utf-8"), flags=re.M)[1:]:
            paragraph = entry.strip().split("\n\n")[0]
            if paragraph.startswith("No commentary:"):
                continue
            sentences.append(paragraph.split(". ")[0][:80])
    return sentences


def _plain_quotes(text: str) -> str:
    """Straight quotes for the typographic ones pandoc and Quarto print."""
    return text.translate(
        str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
    )


def test_four_files_published(published: tuple[Path, Scorecard]) -> None:
    folder = _folder(published)
    for name in OUTPUT_NAMES:
        assert (folder / name).stat().st_size > 1000, name


def test_html_has_every_row_and_a_chart_per_trend(published: tuple[Path, Scorecard]) -> None:
    _, card = published
    html = (_folder(published) / "scorecard.html").read_text(encoding="utf-8")
    rows = card.records()
    for row in rows:
        assert f'id="row-{row["table"]}-{row["id"]}"' in html, row["id"]
    trends = [r for r in rows if has_trend(card, r["table"], r["id"])]
    assert len(trends) > 50
    for row in trends:
        assert f'id="{chart_id(row["table"], row["id"])}"' in html
    assert len(re.findall(r'<figure class="chart[ "]', html)) == len(
        trends
    )  # Quarto: "chart figure"


def test_html_loads_nothing_from_a_network(published: tuple[Path, Scorecard]) -> None:
    html = (_folder(published) / "scorecard.html").read_text(encoding="utf-8")
    assert NETWORK.findall(html) == []
    assert html.count("vega-embed") >= 1
    assert html.count('id="vega-bundle"') == 1  # Vega inlined once


def test_commentary_and_no_banner_in_both_outputs(published: tuple[Path, Scorecard]) -> None:
    sentences = _commentary_sentences()
    assert len(sentences) > 10
    page = _plain_quotes(
        html_lib.unescape(
            re.sub(r"<[^>]+>", "", (_folder(published) / "scorecard.html").read_text("utf-8"))
        )
    )
    pages = _pdf_pages(_folder(published) / "scorecard.pdf")
    pdf = re.sub(r"[\s\u00ad-]+", "", _plain_quotes("".join(text for text, _ in pages)))
    for sentence in sentences:
        assert sentence in page, sentence
        assert re.sub(r"[\s-]+", "", sentence) in pdf, sentence
    assert "SYNTHETIC DATA" not in page  # Kent's figures are the published ones


def test_pdf_table_pages_are_landscape(published: tuple[Path, Scorecard]) -> None:
    pages = _pdf_pages(_folder(published) / "scorecard.pdf")
    table_pages = [landscape for text, landscape in pages if "Indicator Polarity" in text]
    assert len(table_pages) >= 8  # the KPI tables (each starts with its header row)
    assert all(table_pages)
    assert not pages[0][1], "the cover is portrait"


def test_pdf_has_every_title_and_every_page_renders(
    published: tuple[Path, Scorecard], tmp_path: Path
) -> None:
    _, card = published
    pdf = _folder(published) / "scorecard.pdf"
    text = subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = re.sub(r"[\s\u00ad-]+", "", text)
    for row in card.records():
        title = re.sub(r"[\s-]+", "", row["title"])
        assert title in flat, row["title"]
    pages = int(
        re.search(
            r"Pages:\s+(\d+)",
            subprocess.run(
                ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True
            ).stdout,
        ).group(1)
    )
    subprocess.run(
        ["pdftoppm", "-r", "20", "-png", str(pdf), str(tmp_path / "page")],
        check=True,
        capture_output=True,
    )
    assert len(list(tmp_path.glob("page-*.png"))) == pages


@pytest.mark.browser
@pytest.mark.skipif(not chromium_available(), reason="Debian chromium is not installed")
def test_chromium_draws_every_chart_offline(
    published: tuple[Path, Scorecard], tmp_path: Path
) -> None:
    # no full-page screenshot: nothing checks it, and on a busy machine it timed out
    report = open_page(_folder(published) / "scorecard.html", hover_first_chart=True)
    assert report.console_errors == []
    assert report.blocked_requests == []
    assert report.charts > 50
    assert report.charts_drawn == report.charts


def test_csv_has_every_printed_figure_on_its_row(published: tuple[Path, Scorecard]) -> None:
    with (_folder(published) / "scorecard.csv").open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["table"] != "activity"]
    numbers = re.compile(r"^-?[\d,]+(\.\d+)?$")
    for (line, cells), row in zip(table_rows(SEED_2025), rows, strict=True):
        have = set()
        for key, value in row.items():
            if key not in ("id", "code", "title", "section", "table") and value:
                with contextlib.suppress(ValueError):
                    have.add(float(value))
        for text in (c.strip() for c in cells[2:]):
            if numbers.fullmatch(text) and not text.startswith("<="):
                value = float(text.replace(",", ""))
                assert value in have, (line, row["id"], text)


def test_second_run_executes_nothing(rendered: tuple[Path, Scorecard]) -> None:
    project, _ = rendered
    before = {n: (_folder(rendered) / n).read_bytes() for n in OUTPUT_NAMES}
    result = run_report(project, "2025-11", "kent")
    assert result.up_to_date and result.executed == []
    assert {n: (_folder(rendered) / n).read_bytes() for n in OUTPUT_NAMES} == before


def test_an_up_to_date_cli_run_imports_nothing_heavy(rendered: tuple[Path, Scorecard]) -> None:
    """``scorecard run`` on an up-to-date report: no pandas, Papermill or Altair imported,
    and the owed list printed as it was worked out (from the cache, the second time)."""
    project, _ = rendered
    code = (
        "import sys; from helpers.commands.cli import main; "
        "code = main(['run', '--month', '2025-11', '--area', 'kent']); "
        "print('heavy:', sorted({'pandas', 'papermill', 'altair'} & set(sys.modules)))"
    )
    env = {"SCORECARD_ROOT": str(project), "PATH": "/usr/bin:/bin"}
    outs = [
        subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        ).stdout
        for _ in range(2)
    ]
    first, second = (re.sub(r"\([\d.]+ s\)", "(s)", out).splitlines() for out in outs)
    assert first[0] == "reports/2025-11/kent is up to date: nothing re-executed (s)"
    assert first[1].startswith("still owed for November 2025 (kent): ")
    assert first[:-1] == second[:-1]
    assert second[-1] == "heavy: []"
    assert list((project / "build/cache/owed").glob("*.txt"))


def test_clean_runs_are_byte_identical(rendered: tuple[Path, Scorecard]) -> None:
    project, _ = rendered
    before = {n: (_folder(rendered) / n).read_bytes() for n in OUTPUT_NAMES}
    shutil.rmtree(project / "build/cache")
    shutil.rmtree(project / "reports")
    result = run_report(project, "2025-11", "kent")
    assert len(result.executed) == 9
    after = {n: (_folder(rendered) / n).read_bytes() for n in OUTPUT_NAMES}
    for name in OUTPUT_NAMES:
        assert after[name] == before[name], name


def test_commentary_edit_reruns_only_commentary_notebooks(
    rendered: tuple[Path, Scorecard],
) -> None:
    project, _ = rendered
    path = project / "params/2025-11/commentary-education.md"
    path.write_text(path.read_text() + "\n### ks2-rwm-expected\n\nA new sentence of commentary.\n")
    result = run_report(project, "2025-11", "kent")
    assert result.executed == ["02-send.ipynb", "05-commentary.ipynb"]
    html = (_folder(rendered) / "scorecard.html").read_text(encoding="utf-8")
    assert "A new sentence of commentary." in html


def test_executed_notebooks_pass_nbval(rendered: tuple[Path, Scorecard]) -> None:
    project, _ = rendered
    notebooks = sorted((_folder(rendered) / "notebooks").glob("0[0-8]-*.ipynb"))
    target = project / "nbval"
    target.mkdir(exist_ok=True)
    for nb in notebooks:
        shutil.copy(nb, target / nb.name)
    result = run_nbval([target / nb.name for nb in notebooks], project)
    assert result.returncode == 0, result.stdout[-3000:]
    assert re.search(r"\d+ passed", result.stdout)


def test_executed_notebooks_print_nothing(rendered: tuple[Path, Scorecard]) -> None:
    """No stdout or stderr in any executed notebook: warnings and kernel noise would reach
    readers and make outputs differ between runs."""
    for path in sorted((_folder(rendered) / "notebooks").glob("*.ipynb")):
        book = json.loads(path.read_text(encoding="utf-8"))
        streams = [
            "".join(o.get("text", ""))
            for cell in book["cells"]
            for o in cell.get("outputs", [])
            if o.get("output_type") == "stream"
        ]
        assert streams == [], (path.name, streams)


def test_config_change_reassembles_without_executing(rendered: tuple[Path, Scorecard]) -> None:
    project, _ = rendered
    config = project / "_quarto.yml"
    config.write_text(config.read_text() + "\n# a style change\n")
    result = run_report(project, "2025-11", "kent")
    assert result.executed == []
    assert not result.up_to_date and "assembly" in result.timings
