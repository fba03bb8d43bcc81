"""Open a local HTML file in Debian's headless chromium and report what happened.

A test utility, not a test module: Playwright drives ``/usr/bin/chromium`` (no browser is
downloaded), every request that is not ``file:``/``data:``/``blob:``/``about:`` is aborted
and recorded, console errors and page errors are collected, and the charts drawn by
vega-embed inside the chart placeholders are counted.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-sync",
    "--metrics-recording-only",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")

# Charts vega-embed has drawn: its SVG/canvas inside the placeholder's interactive div.
_COUNT_DRAWN = """() => document.querySelectorAll(
  'figure.chart[data-rendered="true"] .chart-interactive svg,'
  + ' figure.chart[data-rendered="true"] .chart-interactive canvas').length"""
_COUNT_CHARTS = "() => document.querySelectorAll('figure.chart[data-chart-id]').length"
_ALL_SETTLED = """() => Array.from(document.querySelectorAll('figure.chart[data-chart-id]'))
  .every(f => f.dataset.rendered === 'true' || !f.querySelector('.chart-interactive'))"""


def offline(page, blocked: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Abort every request of ``page`` that is not local, recording its URL in ``blocked``."""

    def route(request_route) -> None:  # type: ignore[no-untyped-def]
        url = request_route.request.url
        if url.startswith(LOCAL_SCHEMES):
            request_route.continue_()
        else:
            blocked.append(url)
            request_route.abort()

    page.route("**/*", route)


@dataclass
class PageReport:
    """What chromium saw when it opened the page."""

    charts: int = 0
    charts_drawn: int = 0
    blocked_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    tooltip_shown: bool | None = None
    evaluated: object = None


def chromium_available() -> bool:
    """Return True if Debian's chromium and Playwright are both installed."""
    if not CHROMIUM.exists() and shutil.which("chromium") is None:
        return False
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


def chromium_executable() -> str:
    """The path of Debian's chromium (``/usr/bin/chromium``, else ``chromium`` on PATH)."""
    return str(CHROMIUM if CHROMIUM.exists() else shutil.which("chromium"))


def open_page(
    html_file: Path,
    screenshot: Path | None = None,
    timeout_ms: int = 20_000,
    hover_first_chart: bool = False,
    evaluate: str | None = None,
) -> PageReport:
    """Open ``html_file`` in headless chromium, wait for the charts, and report.

    Parameters
    ----------
    html_file : Path
        A local HTML file.
    screenshot : Path, optional
        If given, a full-page PNG screenshot is saved there.
    timeout_ms : int, optional
        How long to wait for every chart to be drawn.
    hover_first_chart : bool, optional
        Move the mouse over the first chart's marks and record whether a tooltip showed.
    evaluate : str, optional
        A JavaScript function evaluated once the charts are drawn (its result goes to
        ``PageReport.evaluated``), e.g. to see whether an injected script ran.

    Returns
    -------
    PageReport
        Charts found and drawn, blocked (non-local) requests and console errors.
    """
    from playwright.sync_api import sync_playwright

    report = PageReport()
    executable = chromium_executable()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            offline(page, report.blocked_requests)
            page.on(
                "console",
                lambda message: (
                    report.console_errors.append(message.text) if message.type == "error" else None
                ),
            )
            page.on("pageerror", lambda error: report.console_errors.append(str(error)))
            page.goto(Path(html_file).resolve().as_uri(), wait_until="load")
            report.charts = page.evaluate(_COUNT_CHARTS)
            if report.charts:
                page.wait_for_function(_ALL_SETTLED, timeout=timeout_ms)
            report.charts_drawn = page.evaluate(_COUNT_DRAWN)
            if hover_first_chart and report.charts_drawn:
                report.tooltip_shown = _hover_for_tooltip(page)
            if evaluate is not None:
                report.evaluated = page.evaluate(evaluate)
            if screenshot is not None:
                page.screenshot(path=str(screenshot), full_page=True, timeout=timeout_ms * 6)
        finally:
            browser.close()
    return report


def _hover_for_tooltip(page) -> bool:  # type: ignore[no-untyped-def]
    """Hover each mark of the first chart until vega-tooltip shows its element."""
    marks = page.locator("figure.chart .chart-interactive svg .mark-symbol path")
    for index in range(marks.count()):
        marks.nth(index).hover(force=True)
        page.wait_for_timeout(150)
        visible = page.evaluate(
            "() => { const t = document.getElementById('vg-tooltip-element');"
            " return !!t && t.classList.contains('visible'); }"
        )
        if visible:
            return True
    return False
