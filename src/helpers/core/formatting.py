"""Figures, targets and markers exactly as the published scorecard prints them.

Numbers are rounded half up (as Excel does) and printed with thousands commas:
``5,326``, ``22.5``, ``0.04``, ``34.20``. Cells without a number carry a marker from
the scorecard's key to incomplete data.
"""

from __future__ import annotations

import math

from helpers.core.numbers import round_half_up
from helpers.core.vocabulary import CAVEAT_STATUSES, MARKERS, PRINTED_MARKERS

__all__ = [
    "format_figure",
    "format_number",
    "format_range",
    "format_target",
]

# Statuses under which the figure itself is printed; any marker for them (for example
# italics or a footnote) is added by the table layer.
_PRINTED_STATUSES = ("", *CAVEAT_STATUSES)
_COMPARATORS = ("", "<=", ">=")
_EN_DASH = "\u2013"


def format_number(value: float | None, decimals: int, thousands: bool = True) -> str:
    """Print a number rounded half up to ``decimals`` places.

    Parameters
    ----------
    value : float or None
        The number; None or NaN prints as ``""``.
    decimals : int
        Decimal places, zero or more; trailing zeros are kept (``"34.20"``).
    thousands : bool, default True
        Separate thousands with commas (``"270,731"``).

    Returns
    -------
    str
        The printed number.

    Raises
    ------
    ValueError
        If ``decimals`` is negative or the value is infinite.

    Examples
    --------
    >>> format_number(5326, 0), format_number(22.514, 1), format_number(34.2, 2)
    ('5,326', '22.5', '34.20')
    """
    if decimals < 0:
        raise ValueError(f"decimals must be zero or more, got {decimals}")
    if value is None or math.isnan(value):
        return ""
    rounded = round_half_up(value, decimals) + 0.0  # + 0.0 turns -0.0 into 0.0
    separator = "," if thousands else ""
    return format(rounded, f"{separator}.{decimals}f")


def format_figure(value: float | None, decimals: int, status: str = "") -> str:
    """Print a figure, or the marker its status calls for.

    Parameters
    ----------
    value : float or None
        The figure.
    decimals : int
        Printed precision.
    status : str, default ""
        ``""``, ``"provisional"`` or ``"unpublished"`` print the number (the table
        layer adds any marker for those); ``"not_available"``, ``"to_be_supplied"``,
        ``"new_indicator"`` and ``"small_cohort"`` print their marker from
        :data:`MARKERS`.

    Returns
    -------
    str
        The printed cell.

    Raises
    ------
    ValueError
        If the status is unknown.
    """
    if status in _PRINTED_STATUSES:
        return format_number(value, decimals)
    if status in PRINTED_MARKERS:
        return MARKERS[status]
    raise ValueError(
        f"unknown figure status {status!r}; expected one of {_PRINTED_STATUSES + PRINTED_MARKERS}"
    )


def format_target(
    value: float | None, decimals: int, comparator: str = "", status: str = ""
) -> str:
    """Print a target or floor standard as the scorecard does.

    Parameters
    ----------
    value : float or None
        The target.
    decimals : int
        Printed precision.
    comparator : {"", "<=", ">="}, default ""
        Printed before the number, as for exclusion counts: ``"<= 25"``.
    status : str, default ""
        A key of :data:`MARKERS` (``"tbc"`` prints ``"TBC"``, ``"small_cohort"``
        prints ``"N/A small cohort"``) replaces the number.

    Returns
    -------
    str
        The printed cell; ``""`` when there is no value and no status.

    Raises
    ------
    ValueError
        If the comparator or status is unknown.

    Examples
    --------
    >>> format_target(25, 0, "<="), format_target(None, 1, status="tbc")
    ('<= 25', 'TBC')
    """
    if comparator not in _COMPARATORS:
        raise ValueError(f"unknown comparator {comparator!r}; expected one of {_COMPARATORS}")
    if status:
        if status not in MARKERS:
            raise ValueError(f"unknown target status {status!r}; expected one of {tuple(MARKERS)}")
        return MARKERS[status]
    number = format_number(value, decimals)
    if not number or not comparator:
        return number
    return f"{comparator} {number}"


def format_range(low: float, high: float, decimals: int) -> str:
    """Print a range such as a target range: ``"17.5–22.5"`` (with an en dash).

    Parameters
    ----------
    low, high : float
        The ends of the range.
    decimals : int
        Printed precision.

    Returns
    -------
    str
        ``"<low>–<high>"``.
    """
    return f"{format_number(low, decimals)}{_EN_DASH}{format_number(high, decimals)}"
