"""Measures: how an indicator's figure is computed from its numerator and denominator.

The scorecard prints a numerator and denominator beside most figures. The measure
says how they combine: a percentage, a rate per 10,000, an average, a plain count,
or none (the figure is supplied as is).
"""

from __future__ import annotations

from typing import Literal, get_args

from helpers.core.numbers import or_none, round_half_up

__all__ = ["Measure", "agrees_with_printed", "compute_measure"]

Measure = Literal["percent", "rate_per_10000", "average", "count", "none"]
_MEASURES: tuple[str, ...] = get_args(Measure)
_SCALE = {"percent": 100.0, "rate_per_10000": 10_000.0, "average": 1.0}


def compute_measure(
    numerator: float | None, denominator: float | None, measure: Measure
) -> float | None:
    """Compute a figure from its numerator and denominator.

    Parameters
    ----------
    numerator, denominator : float or None
        As printed beside the figure. None or NaN means not available.
    measure : {"percent", "rate_per_10000", "average", "count", "none"}
        ``percent`` is 100 * n / d, ``rate_per_10000`` is 10000 * n / d, ``average``
        is n / d, ``count`` is the numerator (the denominator is not used), ``none``
        cannot be computed.

    Returns
    -------
    float or None
        The unrounded figure; None when it cannot be computed (missing inputs, a zero
        denominator, or measure ``none``).

    Raises
    ------
    ValueError
        If the measure is unknown.

    Examples
    --------
    >>> compute_measure(21_422, 50, "average")
    428.44
    """
    if measure not in _MEASURES:
        raise ValueError(f"unknown measure {measure!r}; expected one of {_MEASURES}")
    numerator, denominator = or_none(numerator), or_none(denominator)
    if measure == "none" or numerator is None:
        return None
    if measure == "count":
        return numerator
    if denominator is None or denominator == 0:
        return None
    return _SCALE[measure] * numerator / denominator


def agrees_with_printed(
    value: float,
    numerator: float | None,
    denominator: float | None,
    measure: Measure,
    decimals: int,
) -> bool | None:
    """Check a printed figure against its printed numerator and denominator.

    Parameters
    ----------
    value : float
        The printed figure.
    numerator, denominator : float or None
        The printed numerator and denominator.
    measure : {"percent", "rate_per_10000", "average", "count", "none"}
        How they combine (see :func:`compute_measure`).
    decimals : int
        The figure's printed precision.

    Returns
    -------
    bool or None
        Whether the computed figure, rounded half up to ``decimals``, equals the
        printed figure at that precision; None when it cannot be checked (missing
        value or inputs, zero denominator, measure ``none``).

    Examples
    --------
    >>> agrees_with_printed(22.5, 5_326, 23_656, "percent", 1)
    True
    >>> agrees_with_printed(62, 18_853, 11_694, "percent", 0)
    False
    """
    computed = compute_measure(numerator, denominator, measure)
    value = or_none(value)
    if computed is None or value is None:
        return None
    return round_half_up(computed, decimals) == round_half_up(value, decimals)
