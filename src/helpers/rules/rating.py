"""RAG ratings, by the published key.

The scorecard's key to RAG ratings:

* **GREEN** - Target has been achieved.
* **AMBER** - Floor Standard achieved but Target has not been met.
* **RED** - Floor Standard has not been achieved.

Polarity says which way is good: ``"H"`` higher is better, ``"L"`` lower is better,
``"T"`` staying close to the target is better (a target range inside a floor range).
Boundaries are inclusive: a value equal to the target has met it, a value equal to
the floor standard has achieved it. When the information needed to decide is missing
(no target, or no floor standard for a value that missed the target) the rating is
None: we never guess.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Literal, get_args

from helpers.core.numbers import is_missing, round_half_up

__all__ = ["Polarity", "Rag", "Thresholds", "rag", "validate_thresholds"]

Polarity = Literal["H", "L", "T"]
_POLARITIES: tuple[str, ...] = get_args(Polarity)


class Rag(StrEnum):
    """A RAG rating as printed in the scorecard."""

    RED = "RED"
    AMBER = "AMBER"
    GREEN = "GREEN"


@dataclass(frozen=True)
class Thresholds:
    """The target and floor standard of one indicator for one year.

    ``target`` and ``floor`` serve polarities H and L. Polarity T uses the target
    range ``target_low``..``target_high`` (or, without a range, exactly ``target``)
    and the floor range ``floor_low``..``floor_high``. NaN (as read from a data
    frame) is stored as None, meaning "not set".

    Parameters
    ----------
    target : float, optional
        The target (H and L; for T, the ideal value).
    floor : float, optional
        The floor standard (H and L).
    target_low, target_high : float, optional
        The target range (T), both ends included.
    floor_low, floor_high : float, optional
        The floor range (T), both ends included.
    """

    target: float | None = None
    floor: float | None = None
    target_low: float | None = None
    target_high: float | None = None
    floor_low: float | None = None
    floor_high: float | None = None

    def __post_init__(self) -> None:
        for field in fields(self):
            value = getattr(self, field.name)
            if is_missing(value):
                object.__setattr__(self, field.name, None)


class ThresholdError(ValueError):
    """Thresholds that do not fit the polarity; ``field`` names the one that is wrong."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


def _require_order(low: float | None, high: float | None, what: str, field: str) -> None:
    if low is not None and high is not None and low > high:
        raise ThresholdError(f"{what}: {low} is above {high}", field)


def _validate_range_pair(low: float | None, high: float | None, name: str) -> None:
    if (low is None) != (high is None):
        raise ThresholdError(
            f"polarity T: {name} range needs both ends, got {low} and {high}",
            f"{name}_low" if low is None else f"{name}_high",
        )
    _require_order(low, high, f"polarity T: {name} range low above high", f"{name}_low")


def _validate_target_polarity(t: Thresholds) -> None:
    if t.floor is not None:
        raise ThresholdError(
            f"polarity T takes a floor range (floor_low, floor_high), not floor={t.floor}",
            "floor",
        )
    _validate_range_pair(t.target_low, t.target_high, "target")
    _validate_range_pair(t.floor_low, t.floor_high, "floor")
    inner_low = t.target_low if t.target_low is not None else t.target
    inner_high = t.target_high if t.target_high is not None else t.target
    _require_order(t.target_low, t.target, "polarity T: target below the target range", "target")
    _require_order(t.target, t.target_high, "polarity T: target above the target range", "target")
    _require_order(
        t.floor_low, inner_low, "polarity T: floor range does not contain the target", "floor_low"
    )
    _require_order(
        inner_high,
        t.floor_high,
        "polarity T: floor range does not contain the target",
        "floor_high",
    )


def validate_thresholds(polarity: Polarity, thresholds: Thresholds) -> None:
    """Check that thresholds make sense for the polarity, raising if they do not.

    Parameters
    ----------
    polarity : {"H", "L", "T"}
        Higher is better, lower is better, or close to the target is better.
    thresholds : Thresholds
        The target and floor standard.

    Raises
    ------
    ValueError
        If the polarity is unknown; for H, if the floor is above the target; for L, if
        the floor is below the target; for H and L, if range fields are set; for T, if
        ``floor`` is set, a range has one end only or low above high, or the floor
        range does not contain the target range.
    """
    if polarity not in _POLARITIES:
        raise ValueError(f"unknown polarity {polarity!r}; expected one of {_POLARITIES}")
    if polarity == "T":
        _validate_target_polarity(thresholds)
        return
    ranges = (thresholds.target_low, thresholds.target_high)
    ranges += (thresholds.floor_low, thresholds.floor_high)
    names = ("target_low", "target_high", "floor_low", "floor_high")
    for name, end in zip(names, ranges, strict=True):
        if end is not None:
            raise ThresholdError(
                f"polarity {polarity}: target and floor ranges apply to polarity T only", name
            )
    if polarity == "H":
        _require_order(
            thresholds.floor, thresholds.target, "polarity H: floor above target", "floor"
        )
    else:
        _require_order(
            thresholds.target, thresholds.floor, "polarity L: floor below target", "floor"
        )


def _rag_higher(value: float, t: Thresholds) -> Rag | None:
    if t.target is None:
        return None
    if value >= t.target:
        return Rag.GREEN
    if t.floor is None:
        return None
    return Rag.AMBER if value >= t.floor else Rag.RED


def _rag_lower(value: float, t: Thresholds) -> Rag | None:
    if t.target is None:
        return None
    if value <= t.target:
        return Rag.GREEN
    if t.floor is None:
        return None
    return Rag.AMBER if value <= t.floor else Rag.RED


def _rag_close(value: float, t: Thresholds) -> Rag | None:
    if t.target_low is not None and t.target_high is not None:
        met = t.target_low <= value <= t.target_high
    elif t.target is not None:
        met = value == t.target
    else:
        return None
    if met:
        return Rag.GREEN
    if t.floor_low is None or t.floor_high is None:
        return None
    return Rag.AMBER if t.floor_low <= value <= t.floor_high else Rag.RED


def rag(
    value: float | None,
    polarity: Polarity,
    thresholds: Thresholds,
    decimals: int | None = None,
) -> Rag | None:
    """Rate a value RED, AMBER or GREEN against its target and floor standard.

    Parameters
    ----------
    value : float or None
        The latest figure. None (or NaN) gives None.
    polarity : {"H", "L", "T"}
        ``"H"`` higher is better, ``"L"`` lower is better, ``"T"`` close to the target.
    thresholds : Thresholds
        Target and floor standard (ranges for T).
    decimals : int, optional
        The printed precision: when given, the value is rounded half up to it before
        comparing, so the rating agrees with the printed figure. Thresholds are used
        as given.

    Returns
    -------
    Rag or None
        GREEN when the target is met, AMBER when only the floor standard is achieved,
        RED when the floor standard is not achieved; None when the value is missing
        or the thresholds needed to decide are missing.

    Raises
    ------
    ValueError
        If the thresholds make no sense for the polarity (see
        :func:`validate_thresholds`).

    Examples
    --------
    >>> rag(84.96, "H", Thresholds(target=85.0, floor=80.0), decimals=1)
    <Rag.GREEN: 'GREEN'>
    >>> rag(26.9, "T", Thresholds(target=20.0, target_low=17.5, target_high=22.5,
    ...                           floor_low=15.0, floor_high=30.0), decimals=1)
    <Rag.AMBER: 'AMBER'>
    """
    validate_thresholds(polarity, thresholds)
    if is_missing(value):
        return None
    if decimals is not None:
        value = round_half_up(value, decimals)
    if polarity == "H":
        return _rag_higher(value, thresholds)
    if polarity == "L":
        return _rag_lower(value, thresholds)
    return _rag_close(value, thresholds)
