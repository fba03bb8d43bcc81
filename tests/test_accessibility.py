"""WCAG 2.1 AA in a real browser: axe-core on every page variant the project writes.

One scratch project renders November 2025 for Kent and for Ashford (a district, with the
synthetic-data banner) and writes the all-areas index linking both; a second renders Kent
with the Making Data Count chart style (``SCORECARD_CHART_STYLE=mdc``). Each page is
opened in Debian's headless chromium after its scripts have drawn the charts, and must
have no axe violation of WCAG 2.0/2.1 A and AA or axe's best practices; no page may
scroll sideways at 320 CSS px (WCAG 1.4.10 reflow), and at 1280 px the RAG column of every
KPI table must be on screen without scrolling its table. New pages (the publication site)
join by adding a case to ``PAGES``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from a11y import AXE_SCRIPT, PageAudit, audit_page, axe_installed
from browser import chromium_available
from scratch import make_project

from helpers.notebook.section import CHART_STYLE_ENV, MDC_CHARTS_NOTE
from helpers.publish.fanout import write_index
from helpers.publish.run import run_report

pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
    pytest.mark.skipif(not chromium_available(), reason="Debian chromium is not installed"),
]

MONTH = "2025-11"
PAGES = ("kent", "ashford", "kent-mdc", "index")
NARROW, DESKTOP = 320, 1280


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every page variant, rendered once: name -> HTML file."""
    if not axe_installed():
        pytest.fail(f"axe-core is not installed ({AXE_SCRIPT}): run `make node-deps`")
    project = make_project(tmp_path_factory.mktemp("a11y") / "project")
    for area in ("kent", "ashford"):
        run_report(project, MONTH, area)
    index = write_index(project, MONTH, ["kent", "ashford"])
    mdc = make_project(tmp_path_factory.mktemp("a11y-mdc") / "project")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(CHART_STYLE_ENV, "mdc")
        run_report(mdc, MONTH, "kent")
    found = {
        "kent": project / "reports" / MONTH / "kent" / "scorecard.html",
        "ashford": project / "reports" / MONTH / "ashford" / "scorecard.html",
        "kent-mdc": mdc / "reports" / MONTH / "kent" / "scorecard.html",
        "index": index,
    }
    assert MDC_CHARTS_NOTE.split(":")[0] in found["kent-mdc"].read_text(encoding="utf-8")
    return found


@pytest.fixture(scope="module")
def audits(pages: dict[str, Path]) -> dict[str, PageAudit]:
    return {name: audit_page(path, widths=(DESKTOP, NARROW)) for name, path in pages.items()}


@pytest.mark.parametrize("name", PAGES)
def test_no_axe_violations(audits: dict[str, PageAudit], name: str) -> None:
    audit = audits[name]
    assert [str(v) for v in audit.violations] == []
    assert audit.blocked_requests == []


@pytest.mark.parametrize("name", PAGES)
def test_reflows_at_320_css_px(audits: dict[str, PageAudit], name: str) -> None:
    assert audits[name].page_widths[NARROW] <= NARROW


@pytest.mark.parametrize("name", ("kent", "ashford", "kent-mdc"))
def test_rag_column_on_screen_at_1280_px(audits: dict[str, PageAudit], name: str) -> None:
    edges = audits[name].rag_edges[DESKTOP]
    assert len(edges) >= 9  # every KPI table of November 2025 has a RAG column
    off_screen = [(table, right) for table, right, visible in edges if right > visible]
    assert off_screen == []
