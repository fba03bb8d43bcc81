"""Numbers as the scorecard prints them: half-up rounding, printed precision, parsing.

The published scorecard is produced in Excel, which rounds half away from zero
("half up"), whereas Python's :func:`round` rounds half to even on the binary
value (``round(2.675, 2) == 2.67``). Every comparison the scorecard makes "at the
printed precision" goes through :func:`round_half_up` so that our figures, RAG
ratings and directions of travel agree with the published ones.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any

__all__ = [
    "decimals_of",
    "equal_at_precision",
    "is_missing",
    "number_or_none",
    "or_none",
    "parse_number",
    "round_half_up",
    "text_or_empty",
]

# A number as printed: optional sign, digits with optional thousands commas, optional
# decimal part. Thousands groups must be well formed ("2,274", not "22,74").
_NUMBER = re.compile(r"[+\-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[+\-−]?\.\d+")
# Any number inside a longer printed cell ("<= 25", "25.0%").
_NUMBER_INSIDE = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?|\.(\d+)")


def round_half_up(value: float, decimals: int) -> float:
    """Round ``value`` to ``decimals`` places, halves away from zero, as Excel does.

    The value is read through its shortest decimal representation
    (``Decimal(str(value))``), so ``2.675`` is treated as the 2.675 that was typed,
    not as the binary 2.67499999... that Python's :func:`round` sees.

    Parameters
    ----------
    value : float
        The number to round. Must be finite.
    decimals : int
        Number of decimal places; negative values round to tens, hundreds, ...

    Returns
    -------
    float
        The rounded number.

    Raises
    ------
    ValueError
        If ``value`` is NaN or infinite.

    Examples
    --------
    >>> round_half_up(0.05, 1)
    0.1
    >>> round_half_up(2.675, 2)
    2.68
    >>> round_half_up(-0.05, 1)
    -0.1
    """
    if not math.isfinite(value):
        raise ValueError(f"cannot round a non-finite number: {value!r}")
    exact = Decimal(str(value))
    quantum = Decimal(1).scaleb(-decimals)
    # Enough precision for the digits before the point plus the requested decimals.
    with localcontext() as context:
        context.prec = max(28, exact.adjusted() + decimals + 3)
        rounded = exact.quantize(quantum, rounding=ROUND_HALF_UP)
    return float(rounded)


def decimals_of(text: str) -> int:
    """Count the decimal places of the number printed in ``text``.

    Parameters
    ----------
    text : str
        A printed cell such as ``"25.0"``, ``"2,274"``, ``"34.20"`` or ``"<= 25"``.

    Returns
    -------
    int
        Digits after the decimal point, trailing zeros included (``"34.20"`` -> 2).

    Raises
    ------
    ValueError
        If ``text`` contains no number, or more than one.

    Examples
    --------
    >>> decimals_of("25.0"), decimals_of("2,274"), decimals_of("34.20"), decimals_of("<= 25")
    (1, 0, 2, 0)
    """
    matches = list(_NUMBER_INSIDE.finditer(text))
    if len(matches) != 1:
        found = "no number" if not matches else f"{len(matches)} numbers"
        raise ValueError(f"expected one printed number, found {found} in {text!r}")
    fraction = matches[0].group(1) or matches[0].group(2) or ""
    return len(fraction)


def parse_number(text: str) -> float:
    """Read a number as printed in the scorecard.

    Parameters
    ----------
    text : str
        The printed number, e.g. ``"2,274"`` or ``" 505.2 "``. Thousands commas and
        surrounding whitespace are allowed; a leading ``-`` (or the typographic minus
        ``−``) is allowed.

    Returns
    -------
    float
        The value.

    Raises
    ------
    ValueError
        If ``text`` is not a number (``"N/A"``, ``"abc"``, ``""``, ``"<= 25"``); the
        message quotes the offending text.

    Examples
    --------
    >>> parse_number("2,274")
    2274.0
    """
    stripped = text.strip()
    if not _NUMBER.fullmatch(stripped):
        raise ValueError(f"not a number: {text!r}")
    return float(stripped.replace(",", "").replace("−", "-"))


def equal_at_precision(a: float, b: float, decimals: int) -> bool:
    """Whether ``a`` and ``b`` print the same at ``decimals`` places.

    Parameters
    ----------
    a, b : float
        The numbers to compare.
    decimals : int
        The printed precision.

    Returns
    -------
    bool
        ``round_half_up(a, decimals) == round_half_up(b, decimals)``.

    Examples
    --------
    >>> equal_at_precision(84.96, 85.0, 1)
    True
    """
    return round_half_up(a, decimals) == round_half_up(b, decimals)


# --------------------------------------------------------------------------- missing values


def is_missing(value: Any) -> bool:
    """Whether a scalar is missing: None, or NaN, NaT or NA as pandas and numpy hand it over.

    Examples
    --------
    >>> is_missing(None), is_missing(float("nan")), is_missing(0.0), is_missing("")
    (True, True, False, False)
    """
    if value is None:
        return True
    try:
        return bool(value != value)  # only NaN and NaT differ from themselves
    except TypeError:  # pandas' NA: its comparisons are NA, which has no truth value
        return True


def or_none(value: Any) -> Any:
    """The value, or None when it is missing (see :func:`is_missing`)."""
    return None if is_missing(value) else value


def number_or_none(value: Any) -> float | None:
    """A number, or None for a missing value or blank text.

    Examples
    --------
    >>> number_or_none("2.5"), number_or_none(float("nan")), number_or_none("")
    (2.5, None, None)
    """
    if is_missing(value) or value == "":
        return None
    number = float(value)
    return None if math.isnan(number) else number


def text_or_empty(value: Any) -> str:
    """Text, with a missing value as ""."""
    return "" if is_missing(value) else str(value)
