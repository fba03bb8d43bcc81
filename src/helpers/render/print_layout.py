"""Vega-Lite specs laid out for print among small multiples, so no chart text is under 6 pt."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from typing import Any

__all__ = ["print_sized"]

_SCALED_KEYS = frozenset(
    {"fontSize", "labelFontSize", "titleFontSize", "subtitleFontSize", "limit", "dy"}
)
_VEGA_DEFAULT_FONTS = {
    "axis": {"labelFontSize": 10, "titleFontSize": 11},
    "legend": {"labelFontSize": 10, "titleFontSize": 11},
    "title": {"fontSize": 13, "subtitleFontSize": 10},
    "text": {"fontSize": 11},
}
#: Print layout of a chart among small multiples, by charts to a row: (plot width in px,
#: factor on every font size, characters to a title line). Three to a row on landscape A4
#: print a 700 px drawing at about 0.35 pt a pixel, so 9 px text times 1.9 prints at 6 pt.
_PRINT_LAYOUT = {1: (520, 1.0, 80), 2: (460, 1.5, 60), 3: (400, 1.9, 42)}


def print_sized(spec: Mapping[str, Any], columns: int) -> dict[str, Any]:
    """A copy of the spec laid out for print among ``columns`` charts to a row.

    The plot is narrower (lines at the plot's right edge, such as the reference labels'
    anchor, move with it), every font size, text offset and label width limit grows, and
    the title wraps at fewer characters, so that text prints at
    about 6 pt (down to about 5.4 pt beside a long benchmark label, which widens the
    drawing).
    """
    width, factor, title_chars = _PRINT_LAYOUT.get(columns, _PRINT_LAYOUT[3])
    old_width = spec.get("width")

    def scaled(value: Any, key: str = "") -> Any:
        if isinstance(value, Mapping):
            if key == "x" and old_width is not None and value.get("value") == old_width:
                return {**value, "value": width}
            return {
                k: (
                    v * factor if k in _SCALED_KEYS and isinstance(v, int | float) else scaled(v, k)
                )
                for k, v in value.items()
            }
        if isinstance(value, list):
            return [scaled(item) for item in value]
        return value

    config = {**spec.get("config", {})}
    for part, sizes in _VEGA_DEFAULT_FONTS.items():
        config[part] = {**sizes, **config.get(part, {})}
    printed = scaled({**spec, "config": config})
    if old_width is not None:
        printed["width"] = width
    title = printed.get("title")
    if isinstance(title, dict) and title.get("text"):
        text = title["text"]
        words = " ".join(text if isinstance(text, list) else [text])
        printed["title"] = {**title, "text": textwrap.wrap(words, title_chars)}
    return printed
