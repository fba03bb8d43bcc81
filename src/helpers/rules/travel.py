"""Direction of travel (DOT): has performance improved, worsened or remained the same.

The scorecard's key: ↑ performance has improved, ↓ performance has worsened,
↔ performance has remained the same. "Improved" depends on polarity: up for
higher-is-better (H), down for lower-is-better (L), nearer the target for
close-to-target (T). Comparisons are made at the printed precision when
``decimals`` is given, so two figures that print the same are "the same".
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from enum import StrEnum

from helpers.core.numbers import or_none, round_half_up
from helpers.core.vocabulary import POLARITIES
from helpers.rules.rating import Polarity

__all__ = [
    "ARROWS",
    "Direction",
    "arrow",
    "direction_of_travel",
    "parse_arrow",
    "trend_direction",
]

_VARIATION_SELECTOR = "\ufe0f"


class Direction(StrEnum):
    """A direction of travel."""

    IMPROVED = "improved"
    WORSENED = "worsened"
    SAME = "same"


ARROWS: dict[Direction, str] = {
    Direction.IMPROVED: "↑",
    Direction.WORSENED: "↓",
    Direction.SAME: "↔",
}

# Every arrow printed in the published scorecard, without variation selectors.
_PRINTED_ARROWS: dict[str, Direction] = {
    "↑": Direction.IMPROVED,
    "⬆": Direction.IMPROVED,
    "↓": Direction.WORSENED,
    "⬇": Direction.WORSENED,
    "↔": Direction.SAME,
}


def _check_polarity(polarity: str) -> None:
    if polarity not in POLARITIES:
        raise ValueError(f"unknown polarity {polarity!r}; expected one of {POLARITIES}")


def _at(value: float, decimals: int | None) -> float:
    return value if decimals is None else round_half_up(value, decimals)


def _compare(better: float, worse: float) -> Direction:
    """IMPROVED when ``better`` > ``worse``, WORSENED when less, else SAME."""
    if better > worse:
        return Direction.IMPROVED
    if better < worse:
        return Direction.WORSENED
    return Direction.SAME


def _closeness(current: float, previous: float, target: float, decimals: int | None) -> Direction:
    """Compare distances to the target: nearer now is IMPROVED."""
    now = _at(abs(current - target), decimals)
    before = _at(abs(previous - target), decimals)
    if decimals is None and math.isclose(now, before, rel_tol=1e-12, abs_tol=1e-12):
        return Direction.SAME
    return _compare(before, now)


def direction_of_travel(
    current: float | None,
    previous: float | None,
    polarity: Polarity,
    decimals: int | None = None,
    target: float | None = None,
) -> Direction | None:
    """Compare the latest figure with the previous one.

    Parameters
    ----------
    current, previous : float or None
        The latest and the previous figure. None (or NaN) gives None.
    polarity : {"H", "L", "T"}
        ``"H"`` higher is better, ``"L"`` lower is better, ``"T"`` nearer ``target``.
    decimals : int, optional
        Printed precision: both figures are rounded half up to it first, so figures
        that print the same are SAME. For T the distances to the target are rounded
        too; without ``decimals`` T treats distances equal to 1e-12 as the same.
    target : float, optional
        The target, needed for polarity T (T without a target gives None).

    Returns
    -------
    Direction or None
        IMPROVED, WORSENED or SAME; None when it cannot be decided.

    Raises
    ------
    ValueError
        If the polarity is unknown.

    Examples
    --------
    >>> direction_of_travel(26.9, 27.4, "T", decimals=1, target=20.0)
    <Direction.IMPROVED: 'improved'>
    """
    _check_polarity(polarity)
    current, previous, target = or_none(current), or_none(previous), or_none(target)
    if current is None or previous is None:
        return None
    now, before = _at(current, decimals), _at(previous, decimals)
    if polarity == "H":
        return _compare(now, before)
    if polarity == "L":
        return _compare(before, now)
    if target is None:
        return None
    return _closeness(now, before, target, decimals)


def _fit(points: list[tuple[float, float]]) -> tuple[float, float, float, float] | None:
    """Least-squares line through (position, value) points.

    Returns (intercept, slope, first position, last position), or None when there
    are fewer than two points.
    """
    if len(points) < 2:
        return None
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / spread
    intercept = mean_y - slope * mean_x
    return intercept, slope, points[0][0], points[-1][0]


def trend_direction(
    values: Sequence[float | None],
    polarity: Polarity,
    threshold: float,
    decimals: int | None = None,
    target: float | None = None,
) -> Direction | None:
    """Judge the direction of the least-squares trend across a window of figures.

    The values are taken at equally spaced positions (missing ones are skipped but
    keep their place). The fitted change is the slope times the span between the
    first and last present values. A change no bigger than ``threshold`` is SAME;
    otherwise its sign decides by polarity. For T the fitted end is compared with the
    fitted start: nearer the target is IMPROVED.

    Parameters
    ----------
    values : sequence of float or None
        Figures in time order, oldest first.
    polarity : {"H", "L", "T"}
        Which way is good.
    threshold : float
        Largest fitted change (in the figures' units) still counted as the same.
    decimals : int, optional
        Printed precision: values are rounded half up to it before fitting, and the
        fitted change (and, for T, the fitted distances) are rounded to it too.
    target : float, optional
        The target, needed for polarity T.

    Returns
    -------
    Direction or None
        None when fewer than two figures are present, or T has no target.

    Raises
    ------
    ValueError
        If the polarity is unknown or ``threshold`` is negative.

    Examples
    --------
    >>> trend_direction([21.9, 22.0, 21.8, 21.9, 22.0, 22.3, 22.5], "L", 0.2, decimals=1)
    <Direction.WORSENED: 'worsened'>
    """
    _check_polarity(polarity)
    if threshold < 0 or math.isnan(threshold):
        raise ValueError(f"threshold must be zero or more, got {threshold}")
    target = or_none(target)
    points = [
        (float(position), _at(value, decimals))
        for position, value in enumerate(map(or_none, values))
        if value is not None
    ]
    fit = _fit(points)
    if fit is None or (polarity == "T" and target is None):
        return None
    intercept, slope, first, last = fit
    change = _at(slope * (last - first), decimals)
    if abs(change) <= threshold:
        return Direction.SAME
    if polarity == "H":
        return _compare(change, 0.0)
    if polarity == "L":
        return _compare(0.0, change)
    if target is None:  # already excluded above; narrows the type
        return None
    start, end = intercept + slope * first, intercept + slope * last
    return _closeness(end, start, target, decimals)


def arrow(direction: Direction | None) -> str:
    """Return the arrow printed for a direction of travel ("" for None).

    Parameters
    ----------
    direction : Direction or None
        The direction.

    Returns
    -------
    str
        ``"↑"``, ``"↓"``, ``"↔"`` or ``""``.
    """
    return "" if direction is None else ARROWS[Direction(direction)]


def parse_arrow(text: str) -> Direction | None:
    """Read a printed arrow, in any variant the published scorecard uses.

    Parameters
    ----------
    text : str
        ``"↑"``, ``"⬆"``, ``"⬆️"``, ``"↓"``, ``"⬇"``, ``"⬇️"``, ``"↔"``, ``"↔️"``, or
        blank. Surrounding whitespace and emoji variation selectors (U+FE0F) are
        ignored.

    Returns
    -------
    Direction or None
        The direction; None for a blank cell.

    Raises
    ------
    ValueError
        If the text is not an arrow.
    """
    cleaned = text.replace(_VARIATION_SELECTOR, "").strip()
    if not cleaned:
        return None
    try:
        return _PRINTED_ARROWS[cleaned]
    except KeyError:
        raise ValueError(f"not a direction-of-travel arrow: {text!r}") from None
