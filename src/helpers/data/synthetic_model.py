"""The synthetic data set's model: the districts, the settings, the records and the draws.

Used by :mod:`helpers.data.synthetic` (which reads the county's figures and generates
the districts') and :mod:`helpers.data.synthetic_files` (which writes them).
"""

from __future__ import annotations

import csv
import zlib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.core.numbers import round_half_up
from helpers.core.periods import Period
from helpers.rules.measures import compute_measure


@dataclass(frozen=True)
class District:
    """A Kent district: area id, printed name and population weight in thousandths."""

    area: str
    name: str
    per_mille: int


DISTRICTS_FILE = Path(__file__).with_name("synthetic_districts.csv")


def _districts() -> tuple[District, ...]:
    with DISTRICTS_FILE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return tuple(District(r["area"], r["name"], int(r["per_mille"])) for r in rows)


DISTRICTS: tuple[District, ...] = _districts()
"""The twelve districts with rough shares of Kent's population (they sum to 1,000), read
from ``synthetic_districts.csv`` beside this module."""

SEED = 20251122
"""The seed of the committed ``data/synthetic/``."""

DATASET = "synthetic"
"""The data set folder, and the ``dataset`` of the districts in ``areas.csv``."""

NOTE = "Synthetic demonstration data."
"""The note on every generated figure."""

TARGET_NOTE = (
    "Synthetic demonstration data: the districts are held to Kent's target and floor standard."
)

HISTORY_LENGTH = {"month": 36, "quarter": 12, "term": 0, "year": 0}
"""Periods of history generated before Kent's first period, by frequency."""

SPREAD = {"log": 0.05, "logit": 0.10}
"""One unit of district variation: on the log scale (counts, rates, averages, figures
without counts: about 5% relative) and on the logit scale (percentages)."""

AR_PHI = 0.6
"""Autocorrelation of the month-to-month noise of the history."""

DENOMINATOR_JITTER = 0.02
"""Relative noise of a denominator where Kent prints none."""

STEP_COUNT = 3
STEP_SPREADS = 3.0
STEP_MONTHS_BACK = (12, 30)
STEP_MIN_INFORMATION = 100.0
"""Step changes: how many indicators, their size in spreads, how far before Kent's
first month (inclusive range), and the least ``n p (1 - p)`` of the smallest district
for a percentage to be chosen (so the step stands out from sampling noise)."""

SCALE = {"percent": 100.0, "rate_per_10000": 10_000.0, "average": 1.0}
RATIOS = tuple(SCALE)
_PERCENT_UNITS = ("percent", "percentage points")
WEIGHTS = np.array([d.per_mille for d in DISTRICTS], dtype=float) / 1000.0
N_DISTRICTS = len(DISTRICTS)
_UNBOUNDED = 10**15


@dataclass(frozen=True)
class StepChange:
    """A step change put into an indicator's synthetic history.

    Attributes
    ----------
    id
        The indicator.
    month
        The first month at the new level.
    direction
        ``"improvement"`` or ``"deterioration"`` (judged by the polarity).
    size
        The shift on the indicator's logit scale.
    """

    id: str
    month: str
    direction: str
    size: float


@dataclass(frozen=True)
class Kent:
    """One of Kent's published figures; numerator and denominator in printed quanta."""

    period: Period
    table: str
    value: float | None
    numerator: int | None
    numerator_dp: int
    denominator: int | None
    denominator_dp: int
    status: str
    released: str


@dataclass(frozen=True)
class Totals:
    """Kent's numerator and denominator for a period (quanta), the right way round."""

    numerator: int
    denominator: int
    swapped: bool = False


@dataclass
class Spec:
    """What we know of one indicator with a district breakdown."""

    meta: dict
    rows: list[Kent]
    kind: str = "noise"
    totals: dict[tuple[str, str], Totals] = field(default_factory=dict)
    numerator_dp: int = 0
    denominator_dp: int = 0
    denominator_ref: int | None = None
    link: tuple[str, str] | None = None

    @property
    def id(self) -> str:
        """The indicator id."""
        return str(self.meta["id"])

    @property
    def first(self) -> Kent | None:
        """Kent's first figure with a value in the indicator's own frequency."""
        own = [r for r in self.rows if r.period.kind == self.meta["frequency"] and r.table == ""]
        valued = [r for r in own if r.value is not None]
        return min(valued, key=lambda r: r.period) if valued else None


@dataclass
class Draw:
    """The twelve districts' figures for one period: printed texts and quanta."""

    values: list[str]
    numerators: list[str]
    denominators: list[str]
    nums: np.ndarray | None = None
    dens: np.ndarray | None = None


@dataclass
class Inputs:
    """What generation reads: the registry's indicators, the county's figures."""

    indicators: dict[str, dict]
    figures: pd.DataFrame
    county_dir: Path


# --------------------------------------------------------------------------- numbers


def to_quanta(value: float, dp: int) -> int:
    """A value as a whole number of units of its last printed decimal."""
    return round(value * 10**dp)


def quanta_text(quanta: int, dp: int) -> str:
    """Whole units of the last decimal printed back as a number with ``dp`` decimals."""
    return f"{Decimal(int(quanta)).scaleb(-dp):f}"


def _value_text(value: float, dp: int) -> str:
    return f"{round_half_up(value, dp):.{dp}f}"


def shifted(value: float | np.ndarray, offset: np.ndarray | float, scale: str) -> np.ndarray:
    """Move ``value`` by ``offset`` on the log scale, or on the logit scale (a fraction)."""
    if scale == "log":
        return np.asarray(value) * np.exp(offset)
    p = np.clip(np.asarray(value, dtype=float), 1e-4, 1 - 1e-4)
    return 1.0 / (1.0 + np.exp(-(np.log(p / (1 - p)) + offset)))


def _apportion(total: int, weights: np.ndarray) -> np.ndarray:
    """Split a whole number in proportion to weights (largest remainder, ties by order)."""
    quotas = total * weights / weights.sum()
    base = np.floor(quotas).astype(np.int64)
    left = total - int(base.sum())
    order = np.argsort(-(quotas - base), kind="stable")
    base[order[:left]] += 1
    return base


def _adjust(
    drawn: np.ndarray, total: int, expected: np.ndarray, low: np.ndarray, high: np.ndarray
) -> np.ndarray:
    """Nudge drawn whole numbers, within bounds, until they sum to ``total``.

    The difference is shared in proportion to the expected values among the districts
    with room to move, so the adjustment is small and spread out.
    """
    if not low.sum() <= total <= high.sum():
        raise ValueError(f"cannot split {total} within bounds {low.sum()}..{high.sum()}")
    x = np.clip(drawn.astype(np.int64), low, high)
    while (diff := total - int(x.sum())) != 0:
        room = high - x if diff > 0 else x - low
        weights = np.where(room > 0, np.maximum(expected, 0.0) + 1e-9, 0.0)
        x = x + int(np.sign(diff)) * np.minimum(_apportion(abs(diff), weights), room)
    return x


# --------------------------------------------------------------------------- random draws


class Series:
    """The random draws of one indicator: district effects, period noise, history path.

    Each indicator has its own generator seeded by ``(seed, crc32(id))``, so adding an
    indicator to the registry does not change any other indicator's figures.
    """

    def __init__(self, indicator: str, seed: int, scale: str) -> None:
        self.rng = np.random.default_rng([seed, zlib.crc32(indicator.encode())])
        self.scale = scale
        self.spread = SPREAD[scale]
        s, share = self.spread, SPREAD["log"]
        self.effect = np.clip(self.rng.normal(0.0, s, N_DISTRICTS), -2 * s, 2 * s)
        self.share_effect = np.clip(self.rng.normal(0.0, share, N_DISTRICTS), -2 * share, 2 * share)
        self._periods: dict[str, tuple[np.ndarray, np.ndarray, float]] = {}

    def period(self, key: str) -> tuple[np.ndarray, np.ndarray, float]:
        """District deviations, district shares and a denominator jitter for a period."""
        if key not in self._periods:
            s, share = self.spread, SPREAD["log"]
            noise = np.clip(self.rng.normal(0.0, s / 2, N_DISTRICTS), -s, s)
            deviation = np.clip(self.effect + noise, -2 * s, 2 * s)
            jitter = np.clip(self.rng.normal(0.0, share / 2, N_DISTRICTS), -share, share)
            shares = WEIGHTS * np.exp(self.share_effect + jitter)
            den_jitter = float(self.rng.normal(0.0, DENOMINATOR_JITTER))
            self._periods[key] = (deviation, shares / shares.sum(), den_jitter)
        return self._periods[key]

    def history(self, length: int, step_at: int | None, step_offset: float) -> np.ndarray:
        """Offsets from Kent's first value for ``length`` periods before it, oldest first.

        A slow linear drift plus AR(1) noise that reaches zero at Kent's first period;
        periods before ``step_at`` (an index) are moved by ``step_offset``.
        """
        s = self.spread
        slope = self.rng.normal(0.0, s / 24)
        noise = np.zeros(length)
        level = 0.0
        for index in range(length - 1, -1, -1):
            level = AR_PHI * level + self.rng.normal(0.0, s / 2)
            noise[index] = level
        offsets = noise + slope * np.arange(-length, 0)
        if step_at is not None:
            offsets[:step_at] += step_offset
        return offsets

    def denominator_history(self, length: int) -> np.ndarray:
        """Log offsets of the denominator before Kent's first period: drift and jitter."""
        slope = self.rng.normal(0.0, SPREAD["log"] / 24)
        return slope * np.arange(-length, 0) + self.rng.normal(0.0, DENOMINATOR_JITTER, length)


# --------------------------------------------------------------------------- drawing figures


def marker_draw() -> Draw:
    """No figure in any district (the county's figure is a marker)."""
    return Draw([""] * N_DISTRICTS, [""] * N_DISTRICTS, [""] * N_DISTRICTS)


def noise_draw(series: Series, key: str, level: float, meta: dict) -> Draw:
    """Figures without counts: the level times a district factor within +/-10%."""
    deviation, _, _ = series.period(key)
    values = level * (1.0 + deviation)
    if meta["unit"] in _PERCENT_UNITS:
        values = np.clip(values, 0.0, 100.0)
    elif level >= 0:
        values = np.maximum(values, 0.0)
    dp = int(meta["decimals"])
    return Draw([_value_text(float(v), dp) for v in values], [""] * N_DISTRICTS, [""] * N_DISTRICTS)


def count_draw(series: Series, key: str, level: float, total: int | None, dp: int) -> Draw:
    """Counts (in quanta of ``dp`` decimals): Poisson around the district's share."""
    _, shares, _ = series.period(key)
    expected = level * 10**dp * shares
    drawn = series.rng.poisson(expected)
    if total is not None:
        drawn = _adjust(
            drawn, total, expected, np.zeros(N_DISTRICTS, np.int64), np.full(N_DISTRICTS, total)
        )
    texts = [quanta_text(int(q), dp) for q in drawn]
    return Draw(texts, [""] * N_DISTRICTS, [""] * N_DISTRICTS)


def _denominators(
    series: Series, key: str, spec: Spec, total: int | None, level: float
) -> np.ndarray:
    """District denominators in quanta: Poisson (whole numbers) or rounded (decimals)."""
    _, shares, _ = series.period(key)
    expected = (total if total is not None else level) * shares
    whole = spec.denominator_dp == 0
    drawn = series.rng.poisson(expected) if whole else np.rint(expected).astype(np.int64)
    if total is None:
        return np.maximum(drawn, 1)
    low = np.full(N_DISTRICTS, 1 if total >= N_DISTRICTS else 0, np.int64)
    return _adjust(drawn, total, expected, low, np.full(N_DISTRICTS, total, np.int64))


def _numerators(
    series: Series, spec: Spec, dens: np.ndarray, rates: np.ndarray, total: int | None
) -> np.ndarray:
    """District numerators in quanta: binomial, Poisson or rounded; exact total if known."""
    measure, num_dp = spec.meta["measure"], spec.numerator_dp
    den_values = dens / 10**spec.denominator_dp
    expected = den_values * rates * 10**num_dp
    if measure == "percent" and num_dp == 0 and spec.denominator_dp == 0:
        drawn = series.rng.binomial(dens, np.clip(rates, 0.0, 1.0))
    elif num_dp == 0:
        drawn = series.rng.poisson(expected)
    else:
        drawn = np.rint(expected).astype(np.int64)
    cap = np.floor(den_values * 10**num_dp + 1e-9).astype(np.int64)
    high = cap if measure == "percent" else np.full(N_DISTRICTS, _UNBOUNDED, np.int64)
    drawn = np.minimum(drawn, high)
    if total is None:
        return drawn
    return _adjust(drawn, total, expected, np.zeros(N_DISTRICTS, np.int64), high)


def ratio_draw(
    series: Series, key: str, spec: Spec, value: float, totals: Totals | None, level: float
) -> Draw:
    """Percentages, rates and averages from the district's own numerator and denominator."""
    measure, dp = spec.meta["measure"], int(spec.meta["decimals"])
    deviation, _, _ = series.period(key)
    rate = value / SCALE[measure]
    dens = _denominators(series, key, spec, totals.denominator if totals else None, level)
    den_values = dens / 10**spec.denominator_dp
    rates = shifted(rate, deviation, series.scale)
    rates = rates * rate * den_values.sum() / max(float((den_values * rates).sum()), 1e-12)
    if measure == "percent":
        rates = np.clip(rates, 0.0, 1.0)
    nums = _numerators(series, spec, dens, rates, totals.numerator if totals else None)
    num_texts = [quanta_text(int(q), spec.numerator_dp) for q in nums]
    den_texts = [quanta_text(int(q), spec.denominator_dp) for q in dens]
    values = []
    for num, den in zip(num_texts, den_texts, strict=True):
        computed = compute_measure(float(num), float(den), measure)
        values.append("" if computed is None else _value_text(computed, dp))
    return Draw(values, num_texts, den_texts, nums, dens)


FigureRow = tuple[tuple[str, str, bool, Period], dict[str, str]]
"""One district figure: its sort key (area, id, ..., period) and its figures.csv cells."""
