"""Variation and assurance icons for SPC charts, as small inline SVGs.

The drawings are our own (a ring with an arrow, a wave, a tick, a cross or
two waves), not the NHS "Making Data Count" artwork. Each icon carries its
meaning three ways: an ``aria-label`` and a ``<title>`` for assistive
technology and tooltips, and a visible short text label, so it reads without
colour and without the image. Icons use no ``id`` attributes, so any number
can be inlined in one HTML page.

Colours are the defaults of the reference package's ``ptd_spc_colours()``
(NHSRplotthedots), except the target line: the reference draws it red,
which the scorecard keeps for RAG ratings, so a dark neutral is used instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

from helpers.core.vocabulary import (
    ASSURANCE_DESCRIPTIONS,
    ASSURANCE_LABELS,
    VARIATION_DESCRIPTIONS,
    VARIATION_LABELS,
)

SPC_COLOURS = {
    "common_cause": "#a6a6a6",
    "special_cause_improvement": "#00b0f0",
    "special_cause_neutral": "#490092",
    "special_cause_concern": "#e46c0a",
    "value_line": "#a6a6a6",
    "mean_line": "#000000",
    "lpl": "#a6a6a6",
    "upl": "#a6a6a6",
    "target": "#212b32",
}
"""Chart and icon colours: the reference's defaults, target excepted."""

TEXT_COLOUR = "#212b32"

_UP = '<path d="M24 35V14M16 22l8-8 8 8"/>'
_DOWN = '<path d="M24 13v21M16 26l8 8 8-8"/>'
_WAVE = '<path d="M11 24c4-8 7-8 9 0s5 8 9 0 5-8 8 0"/>'
_TICK = '<path d="M14 25l7 7 13-15"/>'
_CROSS = '<path d="M16 16l16 16M32 16L16 32"/>'
_TWO_WAVES = '<path d="M13 20c3-5 6-5 8 0s5 5 8 0 5-5 6 0M13 29c3-5 6-5 8 0s5 5 8 0 5-5 6 0"/>'
_DASH = '<path d="M16 24h16"/>'

_VARIATION_DRAWING = {
    "common_cause": ("common_cause", _WAVE),
    "improvement_high": ("special_cause_improvement", _UP),
    "improvement_low": ("special_cause_improvement", _DOWN),
    "concern_high": ("special_cause_concern", _UP),
    "concern_low": ("special_cause_concern", _DOWN),
    "neutral_high": ("special_cause_neutral", _UP),
    "neutral_low": ("special_cause_neutral", _DOWN),
}

_ASSURANCE_DRAWING: dict[str | None, tuple[str, str]] = {
    "consistent_pass": ("special_cause_improvement", _TICK),
    "consistent_fail": ("special_cause_concern", _CROSS),
    "inconsistent": ("common_cause", _TWO_WAVES),
    None: ("common_cause", _DASH),
}


def _icon_svg(
    description: str, label: str, colour: str, glyph: str, dashed: bool, size: int | None = None
) -> str:
    """Return a badge: a ring with ``glyph`` inside and ``label`` beside it.

    With ``size`` (pixels), only the ring is drawn, at that width and height, for a
    table cell that prints the label as text beside it.
    """
    width = 56 + round(7.5 * len(label)) if size is None else 48
    shown = f'width="{width}" height="48"' if size is None else f'width="{size}" height="{size}"'
    text = (
        f'<text x="52" y="29" font-family="Arial, Helvetica, sans-serif" font-size="13" '
        f'fill="{TEXT_COLOUR}">{escape(label)}</text>'
        if size is None
        else ""
    )
    ring_dash = ' stroke-dasharray="4 3"' if dashed else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-label="{escape(description)}" {shown} '
        f'viewBox="0 0 {width} 48">'
        f"<title>{escape(description)}</title>"
        f'<circle cx="24" cy="24" r="20" fill="#ffffff" stroke="{colour}" '
        f'stroke-width="3"{ring_dash}/>'
        f'<g fill="none" stroke="{colour}" stroke-width="3.5" stroke-linecap="round" '
        f'stroke-linejoin="round">{glyph}</g>'
        f"{text}"
        "</svg>"
    )


def variation_icon_svg(variation: str, size: int | None = None) -> str:
    """Return the inline SVG variation icon for :attr:`helpers.rules.spc.SpcResult.variation`.

    Parameters
    ----------
    variation : str
        One of "common_cause", "improvement_high", "improvement_low",
        "concern_high", "concern_low", "neutral_high", "neutral_low".
    size : int, optional
        Draw only the ring, this many pixels wide and high, without the label (for
        a table cell that prints the label beside it).

    Returns
    -------
    str
        A self-contained ``<svg role="img">`` with an ``aria-label``, a
        ``<title>`` and a visible label such as "Improving (high)".

    Raises
    ------
    ValueError
        For an unknown variation.
    """
    drawing = (_VARIATION_DRAWING, VARIATION_DESCRIPTIONS, VARIATION_LABELS)
    return _drawn("variation", variation, drawing, dashed=False, size=size)


def assurance_icon_svg(assurance: str | None, size: int | None = None) -> str:
    """Return the inline SVG assurance icon for :attr:`helpers.rules.spc.SpcResult.assurance`.

    Parameters
    ----------
    assurance : str or None
        "consistent_pass", "consistent_fail", "inconsistent" (hit and miss),
        or None when there is no target (drawn as a dashed "No target" badge).
    size : int, optional
        As for :func:`variation_icon_svg`.

    Returns
    -------
    str
        The icon, as :func:`variation_icon_svg` draws it, labelled "Hit and miss" etc.

    Raises
    ------
    ValueError
        For an unknown assurance value.
    """
    drawing = (_ASSURANCE_DRAWING, ASSURANCE_DESCRIPTIONS, ASSURANCE_LABELS)
    return _drawn("assurance", assurance, drawing, dashed=assurance is None, size=size)


def _drawn(
    what: str,
    key: str | None,
    drawing: tuple[Mapping[Any, tuple[str, str]], Mapping[Any, str], Mapping[Any, str]],
    dashed: bool,
    size: int | None,
) -> str:
    """The icon of ``key`` from (glyphs, descriptions, labels); unknown keys are refused."""
    glyphs, descriptions, labels = drawing
    if key not in glyphs:
        raise ValueError(f"unknown {what} {key!r}; expected one of {list(labels)}")
    colour_key, glyph = glyphs[key]
    return _icon_svg(
        descriptions[key], labels[key], SPC_COLOURS[colour_key], glyph, dashed=dashed, size=size
    )
