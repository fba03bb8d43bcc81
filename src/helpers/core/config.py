"""Settings read from ``SCORECARD_*`` environment variables (beyond the project folder).

Kept free of pandas and of the other layers, so an up-to-date ``scorecard run`` can work
out its cache keys without importing them.
"""

from __future__ import annotations

import os

CHART_STYLES = ("trend", "mdc")
"""How ``Section.charts`` draws: the trend charts, or Making Data Count SPC charts."""
CHART_STYLE_ENV = "SCORECARD_CHART_STYLE"
"""The environment variable choosing the chart style when ``open_section`` is not told."""


def resolve_chart_style(style: str | None = None) -> str:
    """The chart style: ``style`` if given, else ``SCORECARD_CHART_STYLE``, else "trend".

    Raises
    ------
    ValueError
        For a style other than "trend" or "mdc".
    """
    chosen = style or os.environ.get(CHART_STYLE_ENV, "") or "trend"
    if chosen not in CHART_STYLES:
        raise ValueError(f"unknown chart style {chosen!r}; expected one of {CHART_STYLES}")
    return chosen
