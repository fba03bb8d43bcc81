"""Check a local HTML page's accessibility in Debian's headless chromium with axe-core.

A test utility, not a test module, reusable for every page the project writes (the
scorecard pages, the all-areas index, the publication site): :func:`audit_page` opens the
page once with the network blocked, waits until the page's scripts have drawn every chart,
then runs axe-core (installed from npm by ``make node-deps`` into ``node_modules/``; its
version is pinned in ``package-lock.json``) and measures the layout at the widths asked
for. No browser is downloaded: Playwright drives ``/usr/bin/chromium``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from support import ROOT
from support.browser import CHROMIUM_ARGS, chromium_executable, offline

AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice")
"""The rule sets checked: WCAG 2.0 and 2.1, levels A and AA, and axe's best practices."""

_CHARTS_SETTLED = """() => Array.from(document.querySelectorAll('figure.chart[data-chart-id]'))
  .every(f => f.dataset.rendered === 'true' || !f.querySelector('.chart-interactive'))"""
_RUN_AXE = """tags => axe.run(document, {
  runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"""
_PAGE_WIDTH = "() => document.documentElement.scrollWidth"
# The right edge of each KPI table's RAG heading, with the table scrolled to its start.
_RAG_EDGES = """() => Array.from(document.querySelectorAll('table.scorecard-kpi')).flatMap(t => {
  const scroller = t.closest('.table-scroll');
  if (scroller) { scroller.scrollLeft = 0; }
  return Array.from(t.querySelectorAll('thead th'))
    .filter(th => /^RAG\\b/.test(th.textContent.trim()))
    .slice(0, 1)
    .map(th => {
      const box = th.getBoundingClientRect();
      const clip = scroller ? scroller.getBoundingClientRect().right : innerWidth;
      return [t.id, Math.round(box.right), Math.round(Math.min(clip, innerWidth))];
    });
})"""


@dataclass
class Violation:
    """One axe rule a page breaks, with the first few elements that break it."""

    rule: str
    impact: str
    help: str
    targets: list[str]

    def __str__(self) -> str:
        return f"{self.rule} ({self.impact}): {self.help}; e.g. {', '.join(self.targets)}"


@dataclass
class PageAudit:
    """What axe and the layout measurements found on one page."""

    violations: list[Violation] = field(default_factory=list)
    page_widths: dict[int, int] = field(default_factory=dict)
    rag_edges: dict[int, list[tuple[str, int, int]]] = field(default_factory=dict)
    blocked_requests: list[str] = field(default_factory=list)


def axe_installed() -> bool:
    """Return True if ``make node-deps`` has installed axe-core."""
    return AXE_SCRIPT.is_file()


def audit_page(
    html_file: Path, widths: tuple[int, ...] = (1280,), timeout_ms: int = 180_000
) -> PageAudit:
    """Open a page in headless chromium, run axe after its scripts, and measure its layout.

    Parameters
    ----------
    html_file : Path
        A local HTML file; every non-local request is blocked and recorded.
    widths : tuple of int, optional
        Viewport widths in CSS pixels. axe runs at the first; at each width the page's
        scroll width and the right edge of every KPI table's RAG column are measured.
    timeout_ms : int, optional
        How long to wait for the page to load and its charts to be drawn (generous: the
        machines are shared).

    Returns
    -------
    PageAudit
        axe's violations of :data:`AXE_TAGS`, and the measurements by width.
    """
    from playwright.sync_api import sync_playwright

    audit = PageAudit()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_executable(), args=CHROMIUM_ARGS
        )
        try:
            # bypass_csp: axe is injected into the page; the page's own policy stays tested
            # by the end-to-end test, which opens it without bypassing anything.
            context = browser.new_context(
                viewport={"width": widths[0], "height": 900}, bypass_csp=True
            )
            page = context.new_page()
            offline(page, audit.blocked_requests)
            page.goto(Path(html_file).resolve().as_uri(), wait_until="load", timeout=timeout_ms)
            page.wait_for_function(_CHARTS_SETTLED, timeout=timeout_ms)
            page.add_script_tag(path=str(AXE_SCRIPT))
            result = page.evaluate(_RUN_AXE, list(AXE_TAGS))
            audit.violations = [
                Violation(
                    v["id"],
                    v.get("impact") or "",
                    v["help"],
                    [" ".join(map(str, n["target"])) for n in v["nodes"][:3]],
                )
                for v in result["violations"]
            ]
            for width in widths:
                page.set_viewport_size({"width": width, "height": 900})
                page.wait_for_timeout(100)
                audit.page_widths[width] = page.evaluate(_PAGE_WIDTH)
                audit.rag_edges[width] = [tuple(e) for e in page.evaluate(_RAG_EDGES)]
        finally:
            browser.close()
    return audit
