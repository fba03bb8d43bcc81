"""Statistical process control (XmR charts) in the NHS "Making Data Count" style.

A Python port of the calculations of the R package NHSRplotthedots
(nhs-r-community/NHSRplotthedots): ``ptd_spc_standard()``,
``ptd_calculate_point_type()``, ``ptd_add_short_group_warnings()``,
``ptd_calculate_assurance_type()`` and the icon choice of ``ptd_get_icons()``.
Each private helper below names the R function it ports.

Calculation, per rebase group (a new group starts at each rebase position):

* the baseline is the whole group, or its first ``fix_after_n_points`` points;
* ``mean`` is the mean of the baseline, ``moving_range`` the absolute
  difference between consecutive baseline points;
* with ``screen_outliers`` (the default, as in the reference) any moving range
  that is not strictly below 3.267 times the mean moving range is dropped and
  the mean moving range is recomputed from the rest;
* process limits are ``mean`` ± 2.66 × mean moving range; the near limits
  ("2 sigma") are at two thirds of that distance.

Special-cause rules, in order of precedence (rules never cross a rebase):

1. a point strictly above ``upl`` or strictly below ``lpl``;
2. part of a run of 7 points each strictly higher (or each strictly lower) than
   the one before; a tie breaks the run;
3. part of 2 of 3 consecutive points strictly beyond the same near limit (and
   inside the process limits), all 3 points on the same side of the mean;
4. part of a run of 7 points on the same side of the mean; a point exactly on
   the mean breaks the run.

Column names follow the reference except where the reference drops the
column from its output: ``mean`` is the reference's ``mean_col``,
``near_lpl``/``near_upl`` are ``nlpl``/``nupl``, ``moving_range`` is ``mr``
and ``mean_moving_range`` is ``amr``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

LIMIT = 2.66
"""Distance of the process limits from the mean, in mean moving ranges."""

NEAR_LIMIT = 2 * (LIMIT / 3)
"""Distance of the near ("2 sigma") limits from the mean, in mean moving ranges."""

SCREEN_OUTLIERS_FACTOR = 3.267
"""Moving ranges not below this multiple of the mean moving range are screened out."""

TRIAL_LIMITS_THRESHOLD = 12
"""Groups with fewer points than this have trial limits."""

MIN_FIX_AFTER_N_POINTS = 12
"""Smallest baseline length that ``fix_after_n_points`` accepts."""

IMPROVEMENT_DIRECTIONS = {"increase": 1, "neutral": 0, "decrease": -1}
"""Accepted improvement directions and the sign the reference gives each."""

POINT_TYPES = (
    "common_cause",
    "special_cause_improvement",
    "special_cause_concern",
    "special_cause_neutral_high",
    "special_cause_neutral_low",
)
"""Every value of the ``point_type`` column, in the reference's vocabulary."""

VARIATIONS = (
    "common_cause",
    "improvement_high",
    "improvement_low",
    "concern_high",
    "concern_low",
    "neutral_high",
    "neutral_low",
)
"""Every value of :attr:`SpcResult.variation`."""

ASSURANCES = ("consistent_pass", "consistent_fail", "inconsistent")
"""Every value of :attr:`SpcResult.assurance` other than ``None``."""

TRIAL_LIMITS_WARNING = (
    "Some groups have 'n < 12' observations. "
    "These have trial limits, which will be revised with each additional observation "
    "until 'n = fix_after_n_points' has been reached."
)
"""The reference's warning text (``ptd_add_short_group_warnings()``)."""

FIX_AFTER_N_POINTS_ERROR = (
    "fix_after_n_points must be a single numeric that is greater than or equal to 12."
)

_COMMON_CAUSE = "Common Cause"


@dataclass(frozen=True, eq=False)
class SpcResult:
    """The outcome of :func:`xmr` for one series.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per point, in input order. See :func:`xmr` for the columns.
    trial_limits : bool
        True when any rebase group has fewer than 12 points, so that its
        limits are trial limits (the reference's ``short_group_warning``).
    variation : str
        Variation icon of the last point: one of :data:`VARIATIONS`.
    assurance : str or None
        Assurance icon: one of :data:`ASSURANCES`, or None with no target or a
        neutral improvement direction.
    warnings : list of str
        Messages for the reader, the reference's own text where it has one.
    improvement_direction : str
        "increase", "decrease" or "neutral", as passed to :func:`xmr`.
    target : float or None
        The target passed to :func:`xmr`.
    """

    table: pd.DataFrame
    trial_limits: bool
    variation: str
    assurance: str | None
    warnings: list[str]
    improvement_direction: str = "increase"
    target: float | None = None


# --- validation ---------------------------------------------------------------


def _as_values(values: Iterable[float | None]) -> np.ndarray:
    """Return ``values`` as a 1-d float array, rejecting gaps and infinities."""
    try:
        y = np.asarray(list(values), dtype=float)
    except (TypeError, ValueError) as error:
        raise ValueError(f"values must be numbers: {error}") from error
    if y.ndim != 1 or y.size == 0:
        raise ValueError("values must be a non-empty one-dimensional sequence of numbers")
    bad = np.flatnonzero(~np.isfinite(y))
    if bad.size:
        raise ValueError(
            "values must not contain missing or infinite values (found at positions "
            f"{bad.tolist()}); like NHSRplotthedots, the series must have no gaps"
        )
    return y


def _direction_sign(improvement_direction: str) -> int:
    """Return the reference's sign for an improvement direction (1, 0 or -1)."""
    if improvement_direction not in IMPROVEMENT_DIRECTIONS:
        raise ValueError(
            "improvement_direction must be one of 'increase', 'neutral', 'decrease'; "
            f"got {improvement_direction!r}"
        )
    return IMPROVEMENT_DIRECTIONS[improvement_direction]


def _check_target(target: float | None) -> float | None:
    """Return ``target`` as a float, or None; reject non-numbers."""
    if target is None:
        return None
    if isinstance(target, bool) or not isinstance(target, int | float | np.number):
        raise ValueError(f"target must be a single number or None; got {target!r}")
    if not math.isfinite(float(target)):
        raise ValueError(f"target must be a finite number; got {target!r}")
    return float(target)


def _check_fix_after_n_points(fix_after_n_points: int | None) -> int | None:
    """Return the baseline length, or None; the reference requires at least 12."""
    if fix_after_n_points is None:
        return None
    number = isinstance(fix_after_n_points, int | float | np.number)
    if isinstance(fix_after_n_points, bool) or not number:
        raise ValueError(FIX_AFTER_N_POINTS_ERROR)
    if not fix_after_n_points >= MIN_FIX_AFTER_N_POINTS:
        raise ValueError(FIX_AFTER_N_POINTS_ERROR)
    return int(fix_after_n_points) if math.isfinite(fix_after_n_points) else None


def _check_screen_outliers(screen_outliers: bool) -> bool:
    """Return ``screen_outliers``; like the reference, accept only a boolean."""
    if not isinstance(screen_outliers, bool | np.bool_):
        raise ValueError(f"screen_outliers must be True or False; got {screen_outliers!r}")
    return bool(screen_outliers)


def _rebase_groups(rebase: Sequence[int] | None, n: int) -> np.ndarray:
    """Return the rebase group (0, 1, ...) of each of ``n`` points.

    Port of ``ptd_add_rebase_column()`` then ``cumsum(rebase)``: a new group
    starts at each position in ``rebase``; position 0 starts group 0 anyway.
    """
    flags = np.zeros(n, dtype=int)
    for position in rebase or ():
        if isinstance(position, bool) or not isinstance(position, int | np.integer):
            raise ValueError(f"rebase positions must be integers; got {position!r}")
        if not 0 <= position < n:
            raise ValueError(f"rebase position {position} is outside 0..{n - 1}")
        flags[position] = 1
    flags[0] = 0
    return np.cumsum(flags)


# --- limits (ptd_spc_standard) ------------------------------------------------


def _mean_or_nan(values: np.ndarray) -> float:
    """Return the mean of the non-missing values, NaN if there are none (R's na.rm)."""
    present = values[~np.isnan(values)]
    return float(present.mean()) if present.size else math.nan


def _group_limits(
    y: np.ndarray, fix_after_n_points: int | None, screen_outliers: bool
) -> dict[str, np.ndarray | float]:
    """Return the baseline, moving ranges, mean and limits of one rebase group.

    Port of the grouped ``mutate()`` of ``ptd_spc_standard()``.
    """
    n_baseline = len(y) if fix_after_n_points is None else min(len(y), fix_after_n_points)
    in_baseline = np.arange(len(y)) < n_baseline
    fix_y = np.where(in_baseline, y, np.nan)
    moving_range = np.concatenate([[np.nan], np.abs(np.diff(fix_y))])
    mean_moving_range = _mean_or_nan(moving_range)
    screened_out = np.zeros(len(y), dtype=bool)
    if screen_outliers:
        # case_when(mr < 3.267 * amr ~ mr, TRUE ~ NA): ties are screened out too
        with np.errstate(invalid="ignore"):
            kept = moving_range < SCREEN_OUTLIERS_FACTOR * mean_moving_range
        screened_out = ~np.isnan(moving_range) & ~kept
        mean_moving_range = _mean_or_nan(np.where(kept, moving_range, np.nan))
    mean = float(fix_y[in_baseline].mean())
    return {
        "in_baseline": in_baseline,
        "moving_range": moving_range,
        "moving_range_screened_out": screened_out,
        "mean": mean,
        "mean_moving_range": mean_moving_range,
        "lpl": mean - LIMIT * mean_moving_range,
        "upl": mean + LIMIT * mean_moving_range,
        "near_lpl": mean - NEAR_LIMIT * mean_moving_range,
        "near_upl": mean + NEAR_LIMIT * mean_moving_range,
    }


def _position_flags(y: np.ndarray, limits: dict[str, np.ndarray | float]) -> dict[str, np.ndarray]:
    """Return ``outside_limits``, ``relative_to_mean`` and ``close_to_limits``.

    Comparisons are strict, as in the reference: a point exactly on a process
    limit is not outside it (but is close to it); a point exactly on the mean
    has ``relative_to_mean`` 0. With missing limits (NaN) nothing is outside
    or close, as R's ``case_when()`` treats NA as FALSE.
    """
    with np.errstate(invalid="ignore"):
        outside = (y > limits["upl"]) | (y < limits["lpl"])
        close = ~outside & ((y < limits["near_lpl"]) | (y > limits["near_upl"]))
    return {
        "outside_limits": outside,
        "relative_to_mean": np.sign(y - limits["mean"]).astype(int),
        "close_to_limits": close,
    }


# --- special-cause rules (ptd_calculate_point_type) ---------------------------


def _seven_point_one_side_mean(v: np.ndarray) -> np.ndarray:
    """Flag the last point of each run of 7 points on one side of the mean.

    Port of ``ptd_seven_point_one_side_mean()``; ``v`` is ``relative_to_mean``.
    """
    v = np.asarray(v, dtype=float)
    padded = np.concatenate([np.zeros(6), v])
    flags = [
        float(padded[i + 6] != 0 and np.all(padded[i : i + 7] == padded[i + 6]))
        for i in range(len(v))
    ]
    return np.asarray(flags, dtype=float)


def _part_of_seven_trend(v: np.ndarray) -> np.ndarray:
    """Flag every point of a run whose last point is flagged (±1) in ``v``.

    Port of ``ptd_part_of_seven_trend()``: a point is part of a run when it or
    one of the following 6 points ends a run.
    """
    v = np.asarray(v, dtype=float)
    padded = np.concatenate([v, np.zeros(6)])
    flags = [float(np.any(np.abs(padded[i : i + 7]) == 1)) for i in range(len(v))]
    return np.asarray(flags, dtype=float)


def _seven_point_trend(y: np.ndarray) -> np.ndarray:
    """Return 1 (or -1) at the last point of 7 each higher (lower) than the last.

    Port of ``ptd_seven_point_trend()``: 6 strictly positive (negative)
    consecutive differences; an equal pair of points breaks the trend.
    """
    y = np.asarray(y, dtype=float)
    trend = np.zeros(len(y))
    for i in range(6, len(y)):
        steps = np.sign(np.diff(y[i - 6 : i + 1]))
        if np.all(steps == 1):
            trend[i] = 1
        elif np.all(steps == -1):
            trend[i] = -1
    return trend


def _two_in_three(v: np.ndarray, rtm: np.ndarray) -> np.ndarray:
    """Flag points in a window of 3 with 2 or more close to the limits.

    Port of ``ptd_two_in_three()``: ``v`` is ``close_to_limits`` and ``rtm``
    ``relative_to_mean``. A window counts only when all 3 of its points are on
    the same side of the mean; windows running off either end never count.
    """
    v = np.asarray(v, dtype=float)
    rtm = np.asarray(rtm, dtype=float)
    if len(v) != len(rtm):
        raise ValueError("close_to_limits and relative_to_mean must have the same length")
    vp = np.concatenate([[0.0, 0.0], v, [0.0, 0.0]])
    rp = np.concatenate([[0.0, 0.0], rtm, [0.0, 0.0]])

    def window(start: int) -> bool:
        return bool(vp[start : start + 3].sum() >= 2 and abs(rp[start : start + 3].sum()) == 3)

    flags = [float(window(i) or window(i + 1) or window(i + 2)) for i in range(len(v))]
    return np.asarray(flags, dtype=float)


def _part_of_two_in_three(v: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Keep the flags of ``v`` only on points that are themselves close (``x``).

    Port of ``ptd_part_of_two_in_three()``.
    """
    return ((np.asarray(v) == 1) & (np.abs(np.asarray(x, dtype=float)) == 1)).astype(float)


def _trend_directions(y: np.ndarray, part_seven_point_trend: np.ndarray) -> np.ndarray:
    """Return the sign of the step that labels each point's trend.

    From ``ptd_special_cause_type()``: a point followed by another point of a
    trend takes the step to its right, otherwise the step from its left; so
    the peak between a rising and a falling trend counts as falling.
    """
    y = np.asarray(y, dtype=float)
    part = np.asarray(part_seven_point_trend, dtype=float)
    steps = np.sign(np.diff(y))
    left = np.concatenate([[0.0], steps])
    right = np.concatenate([steps, steps[-1:]]) if len(y) > 1 else np.zeros(len(y))
    use_right = (np.concatenate([part[1:], [0.0]]) != 0) & (part != 0)
    return np.where(use_right, right, left)


def _classify(
    y: np.ndarray,
    relative_to_mean: np.ndarray,
    outside_limits: np.ndarray,
    part_seven_point_trend: np.ndarray,
    part_two_in_three: np.ndarray,
    part_seven_point_one_side_mean: np.ndarray,
) -> list[str]:
    """Return the reference's special cause label of each point, by precedence.

    The ``case_when()`` of ``ptd_special_cause_type()``: outside the limits,
    then trend, then 2 in 3, then run on one side of the mean.
    """
    directions = _trend_directions(y, part_seven_point_trend)
    labels = []
    for i, rtm in enumerate(relative_to_mean):
        side = "Above" if rtm > 0 else "Below"
        if outside_limits[i] != 0:
            labels.append("Above UCL" if rtm == 1 else "Below LCL")
        elif part_seven_point_trend[i] != 0:
            labels.append(f"7 Point Trend ({'In' if directions[i] == 1 else 'De'}creasing)")
        elif part_two_in_three[i] != 0:
            labels.append(f"2 in 3 {side} CL")
        elif part_seven_point_one_side_mean[i] != 0:
            labels.append(f"7 Points {side} CL")
        else:
            labels.append(_COMMON_CAUSE)
    return labels


def _rule_parts(
    y: np.ndarray, relative_to_mean: np.ndarray, close_to_limits: np.ndarray
) -> dict[str, np.ndarray]:
    """Return the three run rules of ``ptd_special_cause_type()`` as 0/1 arrays."""
    return {
        "part_seven_point_trend": _part_of_seven_trend(_seven_point_trend(y)),
        "part_two_in_three": _part_of_two_in_three(
            _two_in_three(close_to_limits, relative_to_mean), close_to_limits
        ),
        "part_seven_point_one_side_mean": _part_of_seven_trend(
            _seven_point_one_side_mean(relative_to_mean)
        ),
    }


def _point_types(special_cause_types: Sequence[str], direction_sign: int) -> list[str]:
    """Map special cause labels to the reference's point types.

    Port of ``ptd_point_type()``: labels with "Above" or "Increasing" are high,
    with "Below" or "Decreasing" low; high is improvement when the improvement
    direction is increase, concern when it is decrease, neutral_high if neutral.
    """
    point_types = []
    for label in special_cause_types:
        high = 1 if ("Above" in label or "Increasing" in label) else 0
        low = 1 if ("Below" in label or "Decreasing" in label) else 0
        sign = high or -low
        if sign == 0:
            point_types.append("common_cause")
        elif direction_sign == 0:
            point_types.append("special_cause_neutral_" + ("high" if sign > 0 else "low"))
        elif sign * direction_sign > 0:
            point_types.append("special_cause_improvement")
        else:
            point_types.append("special_cause_concern")
    return point_types


# --- one group, the icons and the whole series --------------------------------


def _group_table(
    y: np.ndarray, fix_after_n_points: int | None, screen_outliers: bool, direction_sign: int
) -> pd.DataFrame:
    """Return the table rows of one rebase group (without ``x`` and the group)."""
    limits = _group_limits(y, fix_after_n_points, screen_outliers)
    flags = _position_flags(y, limits)
    parts = _rule_parts(y, flags["relative_to_mean"], flags["close_to_limits"])
    special_cause_type = _classify(y, flags["relative_to_mean"], flags["outside_limits"], **parts)
    table = pd.DataFrame({"y": y, **limits, **flags})
    for name, values in parts.items():
        table[name] = values != 0
    table["special_cause_type"] = special_cause_type
    table["special_cause_flag"] = table["special_cause_type"] != _COMMON_CAUSE
    table["point_type"] = _point_types(special_cause_type, direction_sign)
    table.insert(1, "short_group_warning", len(y) < TRIAL_LIMITS_THRESHOLD)
    return table


def _variation(point_type: str, improvement_direction: str) -> str:
    """Return the variation icon for a point type (port of ``ptd_get_icons()``).

    Improvement is "high" when the improvement direction is increase and "low"
    otherwise; concern is "low" when it is increase and "high" otherwise.
    """
    increasing = improvement_direction == "increase"
    if point_type == "special_cause_improvement":
        return "improvement_high" if increasing else "improvement_low"
    if point_type == "special_cause_concern":
        return "concern_low" if increasing else "concern_high"
    return point_type.removeprefix("special_cause_")


def _assurance(
    target: float | None, lpl: float, upl: float, improvement_direction: str
) -> str | None:
    """Return the assurance type (port of ``ptd_calculate_assurance_type()``).

    ``lpl`` and ``upl`` are the limits of the last point, so of the last
    rebase group. A target strictly above the upper limit is consistently
    failed when higher is better and consistently passed when lower is
    better; strictly below the lower limit the other way round; otherwise
    (including a target exactly on a limit) it is hit and miss.
    """
    if target is None or improvement_direction == "neutral":
        return None
    increasing = improvement_direction == "increase"
    if target > upl:
        return "consistent_fail" if increasing else "consistent_pass"
    if target < lpl:
        return "consistent_pass" if increasing else "consistent_fail"
    return "inconsistent"


def _warnings(table: pd.DataFrame) -> list[str]:
    """Return the reader's warnings: trial limits and groups without limits."""
    messages = []
    if table["short_group_warning"].any():
        messages.append(TRIAL_LIMITS_WARNING)
    no_limits = table.loc[table["upl"].isna(), "rebase_group"].unique()
    for group in no_limits:
        messages.append(
            f"Rebase group {group}: process limits cannot be calculated because no "
            "moving range is usable (a single point, or every moving range is zero)."
        )
    return messages


def xmr(
    values: Sequence[float],
    improvement_direction: str = "increase",
    target: float | None = None,
    rebase: Sequence[int] | None = None,
    fix_after_n_points: int | None = None,
    screen_outliers: bool = True,
) -> SpcResult:
    """Compute an XmR (individuals) chart with the Making Data Count rules.

    Parameters
    ----------
    values : sequence of float
        The series in time order, with no gaps: a missing (None/NaN) or
        infinite value raises ValueError, as the reference cannot handle them.
    improvement_direction : {"increase", "decrease", "neutral"}
        Whether higher values, lower values or neither are better.
    target : float, optional
        A target to give an assurance icon; ignored for neutral direction.
    rebase : sequence of int, optional
        0-based positions at which a new rebase group starts; limits and rules
        are computed separately in each group. Position 0 is implicit.
    fix_after_n_points : int, optional
        Compute each group's mean and limits from its first n points only;
        at least 12, as in the reference.
    screen_outliers : bool, default True
        Drop moving ranges of 3.267 times the mean moving range or more before
        recomputing the mean moving range (the reference's default). False
        keeps every moving range, as the MDC Excel tool does.

    Returns
    -------
    SpcResult
        ``table`` has one row per point with the columns ``x`` (0-based
        position), ``y``, ``rebase_group``, ``short_group_warning`` (the
        point's group has trial limits), ``in_baseline``, ``moving_range``,
        ``moving_range_screened_out``, ``mean``, ``mean_moving_range``,
        ``lpl``, ``upl``, ``near_lpl``, ``near_upl``, ``outside_limits``,
        ``relative_to_mean`` (-1, 0, 1), ``close_to_limits``,
        ``part_seven_point_trend``, ``part_two_in_three``,
        ``part_seven_point_one_side_mean``, ``special_cause_type`` (the
        reference's label, e.g. "7 Points Above CL"), ``special_cause_flag``,
        ``point_type`` and ``target``.

    Raises
    ------
    ValueError
        For missing values, an unknown improvement direction, a rebase
        position outside the series, ``fix_after_n_points`` below 12, or a
        ``target`` or ``screen_outliers`` of the wrong type.
    """
    y = _as_values(values)
    direction_sign = _direction_sign(improvement_direction)
    target = _check_target(target)
    fix_after_n_points = _check_fix_after_n_points(fix_after_n_points)
    screen_outliers = _check_screen_outliers(screen_outliers)
    groups = _rebase_groups(rebase, len(y))

    pieces = [
        _group_table(y[groups == group], fix_after_n_points, screen_outliers, direction_sign)
        for group in np.unique(groups)
    ]
    table = pd.concat(pieces, ignore_index=True)
    table.insert(0, "x", np.arange(len(y)))
    table.insert(2, "rebase_group", groups)
    table["target"] = math.nan if target is None else target

    last = table.iloc[-1]
    return SpcResult(
        table=table,
        trial_limits=bool(table["short_group_warning"].any()),
        variation=_variation(last["point_type"], improvement_direction),
        assurance=_assurance(target, last["lpl"], last["upl"], improvement_direction),
        warnings=_warnings(table),
        improvement_direction=improvement_direction,
        target=target,
    )
