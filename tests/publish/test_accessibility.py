"""WCAG 2.1 AA in a real browser: axe-core on every page variant the project writes.

One scratch project renders November 2025 for Kent and for Ashford (a district, with the
synthetic-data banner) and writes the all-areas index linking both; a second renders Kent
with the Making Data Count chart style (``SCORECARD_CHART_STYLE=mdc``). Each page is
opened in Debian's headless chromium after its scripts have drawn the charts, and must
have no axe violation of WCAG 2.0/2.1 A and AA or axe's best practices; no page may
scroll sideways at 320 CSS px (WCAG 1.4.10 reflow), and at 1280 px the RAG column of every
KPI table must be on screen without scrolling its table. New pages (the publication site)
join by adding a case to ``PAGES``: the publication site's index and month page (Kent and
Ashford approved and published) are checked like the scorecard.
"""

from __future__ import annotations

import itertools
import re
import subprocess
from pathlib import Path

import pikepdf
import pytest
from support.a11y import AXE_SCRIPT, PageAudit, audit_page, axe_installed
from support.browser import chromium_available
from support.scratch import make_project

from helpers.core.config import CHART_STYLE_ENV
from helpers.notebook.guidance import MDC_CHARTS_NOTE
from helpers.publish.approval import approve
from helpers.publish.editions import publish
from helpers.publish.fanout import write_index
from helpers.publish.run import run_report

pytestmark = pytest.mark.slow
in_chromium = [
    pytest.mark.browser,
    pytest.mark.skipif(not chromium_available(), reason="Debian chromium is not installed"),
]

MONTH = "2025-11"
PAGES = ("kent", "ashford", "kent-mdc", "index", "site-index", "site-month")
ACCEPT = "the published November 2025 figures, kept as published (docs/data-notes.md)"
NARROW, DESKTOP = 320, 1280


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every page variant, rendered once: name -> HTML file."""
    project = make_project(tmp_path_factory.mktemp("a11y") / "project")
    for area in ("kent", "ashford"):
        run_report(project, MONTH, area)
    index = write_index(project, MONTH, ["kent", "ashford"])
    site = project.parent / "site"  # the publication site: Kent and a district, approved
    for area in ("kent", "ashford"):
        approve(project, MONTH, area, "Jo Analyst", accept=ACCEPT)
        publish(project, MONTH, area, site)
    mdc = make_project(tmp_path_factory.mktemp("a11y-mdc") / "project")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(CHART_STYLE_ENV, "mdc")
        run_report(mdc, MONTH, "kent")
    found = {
        "kent": project / "reports" / MONTH / "kent" / "scorecard.html",
        "ashford": project / "reports" / MONTH / "ashford" / "scorecard.html",
        "kent-mdc": mdc / "reports" / MONTH / "kent" / "scorecard.html",
        "index": index,
        "site-index": site / "index.html",
        "site-month": site / MONTH / "index.html",
    }
    assert MDC_CHARTS_NOTE.split(":")[0] in found["kent-mdc"].read_text(encoding="utf-8")
    return found


def _browser(test):  # type: ignore[no-untyped-def]
    for mark in reversed(in_chromium):
        test = mark(test)
    return test


@pytest.fixture(scope="module")
def audits(pages: dict[str, Path]) -> dict[str, PageAudit]:
    if not axe_installed():
        pytest.fail(f"axe-core is not installed ({AXE_SCRIPT}): run `make node-deps`")
    return {name: audit_page(path, widths=(DESKTOP, NARROW)) for name, path in pages.items()}


@_browser
@pytest.mark.parametrize("name", PAGES)
def test_no_axe_violations(audits: dict[str, PageAudit], name: str) -> None:
    audit = audits[name]
    assert [str(v) for v in audit.violations] == []
    assert audit.blocked_requests == []


@_browser
@pytest.mark.parametrize("name", PAGES)
def test_reflows_at_320_css_px(audits: dict[str, PageAudit], name: str) -> None:
    assert audits[name].page_widths[NARROW] <= NARROW


@_browser
@pytest.mark.parametrize("name", ("kent", "ashford", "kent-mdc"))
def test_rag_column_on_screen_at_1280_px(audits: dict[str, PageAudit], name: str) -> None:
    edges = audits[name].rag_edges[DESKTOP]
    assert len(edges) >= 9  # every KPI table of November 2025 has a RAG column
    off_screen = [(table, right) for table, right, visible in edges if right > visible]
    assert off_screen == []


# ----------------------------------------------------------------------------- PDF/UA-1


def _structure(within: pikepdf.Pdf | pikepdf.Dictionary, kind: str) -> list[pikepdf.Dictionary]:
    """Structure elements whose type matches ``kind`` (a regex), in document order."""
    found = []

    def walk(element: pikepdf.Object) -> None:
        kids = element.get("/K")
        kids = [kids] if isinstance(kids, pikepdf.Dictionary) else kids
        for kid in kids if isinstance(kids, (pikepdf.Array, list)) else []:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                if re.fullmatch(kind, str(kid.S)):
                    found.append(kid)
                walk(kid)

    walk(within.Root.StructTreeRoot if isinstance(within, pikepdf.Pdf) else within)
    return found


def _cells(row: pikepdf.Dictionary) -> list[pikepdf.Dictionary]:
    kids = row.K if isinstance(row.K, pikepdf.Array) else [row.K]
    return [k for k in kids if isinstance(k, pikepdf.Dictionary) and "/S" in k]


def _scope(cell: pikepdf.Dictionary) -> str:
    attributes = cell.get("/A")
    listed = list(attributes) if isinstance(attributes, pikepdf.Array) else [attributes]
    return next(
        (
            str(a.get("/Scope"))
            for a in listed
            if isinstance(a, pikepdf.Dictionary) and "/Scope" in a
        ),
        "",
    )


@pytest.mark.parametrize(("name", "area"), [("kent", "Kent"), ("ashford", "Ashford")])
def test_pdf_is_pdf_ua_with_row_headers_and_alt_text(
    pages: dict[str, Path], name: str, area: str
) -> None:
    path = pages[name].with_name("scorecard.pdf")
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    assert re.search(r"^Tagged:\s+yes$", info.stdout, re.M)
    assert re.search(rf"^Title:.*{area}", info.stdout, re.M)
    with pikepdf.open(path) as pdf:
        assert pdf.open_metadata().get("pdfuaid:part") == "1"
        assert area in str(pdf.open_metadata().get("dc:title"))
        tables = _structure(pdf, "/Table")
        assert len(tables) >= 10
        rows = [
            row
            for table in tables
            for body in _structure(table, "/TBody")
            for row in _structure(body, "/TR")
            if len(_cells(row)) > 1  # not a group heading spanning the table
        ]
        assert len(rows) > 100
        for row in rows:
            headers = [c for c in _cells(row) if c.S == "/TH"]
            assert [_scope(h) for h in headers] == ["/Row"], row.get("/K")
        figures = _structure(pdf, "/Figure")
        assert len(figures) > 50
        assert all(str(figure.get("/Alt", "")).strip() for figure in figures)
        levels = [int(str(h.S)[2:]) for h in _structure(pdf, "/H[1-6]")]
        assert levels[0] == 1
        assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels


def test_kent_pdf_is_committee_sized(pages: dict[str, Path]) -> None:
    path = pages["kent"].with_name("scorecard.pdf")
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    assert int(re.search(r"^Pages:\s+(\d+)$", info.stdout, re.M).group(1)) <= 24
