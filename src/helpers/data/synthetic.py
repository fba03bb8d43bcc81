"""Synthetic demonstration data for the twelve Kent districts.

The published scorecard is Kent-only, so there are no real district figures. To
demonstrate district reports and statistical process control (SPC) charts, this
module generates them, with a fixed seed, from Kent's published figures and writes
them to ``data/synthetic/``: a data set of its own, listed against each district in
``data/registry/areas.csv``, so they can never be mistaken for published figures.

Everything is driven by the registry's attributes (``measure``, ``decimals``,
``frequency``, ``polarity``, ``district_breakdown``); no indicator is named here.

How a district figure is made (the README written beside the data says the same):

* Only indicators with ``district_breakdown == "yes"`` get district figures.
* Each district has a fixed population weight (:data:`DISTRICTS`, thousandths of
  Kent). Counts, numerators and denominators are drawn around the district's share
  and then adjusted so that the twelve districts add up *exactly* to Kent's printed
  value wherever Kent prints one (in the printed number of decimals, so FTE
  denominators such as 630.5 split into tenths). The district's percentage, rate or
  average is computed from its own numerator and denominator and rounded half up
  to the indicator's decimals, so the validator's measure check agrees.
* Where Kent prints no numerator and denominator (earlier months, previous years),
  the district's denominator is drawn around its share of Kent's nearest printed
  denominator and its numerator from the district's rate, so that the districts
  reproduce Kent's value approximately and every row is internally consistent.
* A count indicator that is the numerator (or denominator) of a percentage in the
  same table -- found from the data: Kent's counts reproduce the percentage -- takes
  the district numerators (denominators) of that percentage, so the two agree.
* Figures with no numerator and denominator (gaps, scores, averages without counts)
  are Kent's value times a district factor within +/-10%.
* Monthly indicators get 36 months of history before Kent's first month, quarterly
  ones 12 quarters: a level near Kent's first value with a slow drift, AR(1) noise
  and, for up to three indicators, a step change (a special cause for SPC to find).
"""

from __future__ import annotations

import csv
import shutil
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import product
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.core.numbers import is_missing, round_half_up
from helpers.core.periods import Period, parse_period, shift, window
from helpers.core.vocabulary import MARKER_STATUSES
from helpers.data.datafiles import SCHEMAS, DataError, Report, read_file
from helpers.rules.measures import Measure, agrees_with_printed, compute_measure

__all__ = [
    "DATASET",
    "DISTRICTS",
    "HISTORY_LENGTH",
    "NOTE",
    "SEED",
    "District",
    "StepChange",
    "generate",
    "step_changes",
]


@dataclass(frozen=True)
class District:
    """A Kent district: area id, printed name and population weight in thousandths."""

    area: str
    name: str
    per_mille: int


DISTRICTS: tuple[District, ...] = (
    District("ashford", "Ashford", 86),
    District("canterbury", "Canterbury", 98),
    District("dartford", "Dartford", 72),
    District("dover", "Dover", 75),
    District("folkestone-and-hythe", "Folkestone & Hythe", 69),
    District("gravesham", "Gravesham", 67),
    District("maidstone", "Maidstone", 113),
    District("sevenoaks", "Sevenoaks", 76),
    District("swale", "Swale", 96),
    District("thanet", "Thanet", 89),
    District("tonbridge-and-malling", "Tonbridge & Malling", 84),
    District("tunbridge-wells", "Tunbridge Wells", 75),
)
"""The twelve districts with rough shares of Kent's population (they sum to 1,000)."""

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

_SCALE = {"percent": 100.0, "rate_per_10000": 10_000.0, "average": 1.0}
_RATIOS = tuple(_SCALE)
_PERCENT_UNITS = ("percent", "percentage points")
_WEIGHTS = np.array([d.per_mille for d in DISTRICTS], dtype=float) / 1000.0
_N = len(DISTRICTS)
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
class _Kent:
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
class _Totals:
    """Kent's numerator and denominator for a period (quanta), the right way round."""

    numerator: int
    denominator: int
    swapped: bool = False


@dataclass
class _Spec:
    """What we know of one indicator with a district breakdown."""

    meta: dict
    rows: list[_Kent]
    kind: str = "noise"
    totals: dict[tuple[str, str], _Totals] = field(default_factory=dict)
    numerator_dp: int = 0
    denominator_dp: int = 0
    denominator_ref: int | None = None
    link: tuple[str, str] | None = None

    @property
    def id(self) -> str:
        """The indicator id."""
        return str(self.meta["id"])

    @property
    def first(self) -> _Kent | None:
        """Kent's first figure with a value in the indicator's own frequency."""
        own = [r for r in self.rows if r.period.kind == self.meta["frequency"] and r.table == ""]
        valued = [r for r in own if r.value is not None]
        return min(valued, key=lambda r: r.period) if valued else None


@dataclass
class _Draw:
    """The twelve districts' figures for one period: printed texts and quanta."""

    values: list[str]
    numerators: list[str]
    denominators: list[str]
    nums: np.ndarray | None = None
    dens: np.ndarray | None = None


@dataclass
class _Inputs:
    indicators: dict[str, dict]
    figures: pd.DataFrame
    county_dir: Path


# --------------------------------------------------------------------------- numbers


def _quanta(value: float, dp: int) -> int:
    return round(value * 10**dp)


def _quanta_text(quanta: int, dp: int) -> str:
    return f"{Decimal(int(quanta)).scaleb(-dp):f}"


def _value_text(value: float, dp: int) -> str:
    return f"{round_half_up(value, dp):.{dp}f}"


def _shifted(value: float | np.ndarray, offset: np.ndarray | float, scale: str) -> np.ndarray:
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


class _Series:
    """The random draws of one indicator: district effects, period noise, history path.

    Each indicator has its own generator seeded by ``(seed, crc32(id))``, so adding an
    indicator to the registry does not change any other indicator's figures.
    """

    def __init__(self, indicator: str, seed: int, scale: str) -> None:
        self.rng = np.random.default_rng([seed, zlib.crc32(indicator.encode())])
        self.scale = scale
        self.spread = SPREAD[scale]
        s, share = self.spread, SPREAD["log"]
        self.effect = np.clip(self.rng.normal(0.0, s, _N), -2 * s, 2 * s)
        self.share_effect = np.clip(self.rng.normal(0.0, share, _N), -2 * share, 2 * share)
        self._periods: dict[str, tuple[np.ndarray, np.ndarray, float]] = {}

    def period(self, key: str) -> tuple[np.ndarray, np.ndarray, float]:
        """District deviations, district shares and a denominator jitter for a period."""
        if key not in self._periods:
            s, share = self.spread, SPREAD["log"]
            noise = np.clip(self.rng.normal(0.0, s / 2, _N), -s, s)
            deviation = np.clip(self.effect + noise, -2 * s, 2 * s)
            jitter = np.clip(self.rng.normal(0.0, share / 2, _N), -share, share)
            shares = _WEIGHTS * np.exp(self.share_effect + jitter)
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


# --------------------------------------------------------------------------- reading


def _check_areas(areas: pd.DataFrame) -> None:
    known = {(r["area"], r["name"], r["kind"], r["dataset"]) for r in areas.to_dict("records")}
    missing = [d for d in DISTRICTS if (d.area, d.name, "district", DATASET) not in known]
    if missing:
        lines = "\n".join(f'{d.area},"{d.name}",district,{DATASET}' for d in missing)
        raise ValueError(f"data/registry/areas.csv lacks the synthetic districts:\n{lines}")


def _read_inputs(data_dir: Path) -> _Inputs:
    report = Report()
    root = data_dir.parent
    indicators = read_file(data_dir / "registry" / "indicators.csv", "indicators", root, report)
    areas = read_file(data_dir / "registry" / "areas.csv", "areas", root, report)
    if report.errors:
        raise DataError(report.problems)
    county = areas[areas["kind"] == "county"]
    if len(county) != 1:
        raise ValueError(f"expected one county in areas.csv, found {len(county)}")
    _check_areas(areas)
    area, dataset = county.iloc[0]["area"], county.iloc[0]["dataset"]
    county_dir = data_dir / dataset
    figures = read_file(county_dir / area / "figures.csv", "figures", root, report)
    if report.errors:
        raise DataError(report.problems)
    metas = {r["id"]: r for r in indicators.to_dict("records")}
    return _Inputs(metas, figures, county_dir)


def _kent_row(row: dict, meta: dict) -> _Kent:
    def quanta(name: str) -> tuple[int | None, int]:
        if is_missing(row[name]):
            return None, 0
        dp = int(row[f"{name}_dp"])
        return _quanta(float(row[name]), dp), dp

    num, num_dp = quanta("numerator")
    den, den_dp = quanta("denominator")
    return _Kent(
        period=parse_period(row["period"], meta["year_basis"]),
        table=row["table"],
        value=float(row["value"]) if not is_missing(row["value"]) else None,
        numerator=num,
        numerator_dp=num_dp,
        denominator=den,
        denominator_dp=den_dp,
        status=row["status"],
        released=row["released"],
    )


# --------------------------------------------------------------------------- what each indicator is


def _oriented(fig: _Kent, measure: Measure, decimals: int) -> _Totals | None:
    """Kent's printed numerator and denominator, swapped if that is what reproduces the value."""
    if fig.value is None or fig.numerator is None or fig.denominator is None:
        return None
    num = fig.numerator / 10**fig.numerator_dp
    den = fig.denominator / 10**fig.denominator_dp
    if agrees_with_printed(fig.value, num, den, measure, decimals):
        return _Totals(fig.numerator, fig.denominator)
    same_dp = fig.numerator_dp == fig.denominator_dp
    if same_dp and agrees_with_printed(fig.value, den, num, measure, decimals):
        return _Totals(fig.denominator, fig.numerator, swapped=True)
    return None


def _values_by_period(spec: _Spec) -> dict[str, float]:
    return {r.period.key: r.value for r in spec.rows if r.table == "" and r.value is not None}


def _link_holds(spec: _Spec, num: _Spec, den: _Spec) -> bool:
    """Whether Kent's counts ``num`` / ``den`` reproduce the percentage in every period."""
    values, nums, dens = _values_by_period(spec), _values_by_period(num), _values_by_period(den)
    common = sorted(set(values) & set(nums) & set(dens))
    measure, decimals = spec.meta["measure"], int(spec.meta["decimals"])
    for key in common:
        totals = spec.totals.get((key, ""))
        counts = (_quanta(nums[key], 0), _quanta(dens[key], 0))
        if totals is not None and (totals.numerator, totals.denominator) != counts:
            return False
    return len(common) > 1 and all(
        agrees_with_printed(values[k], nums[k], dens[k], measure, decimals) for k in common
    )


def _find_link(spec: _Spec, specs: dict[str, _Spec]) -> tuple[str, str] | None:
    """The count indicators of the same table that are this ratio's numerator and denominator."""
    if spec.kind != "ratio" or spec.numerator_dp or spec.denominator_dp:
        return None
    counts = sorted(
        s.id
        for s in specs.values()
        if s.kind == "count"
        and s.meta["table"] == spec.meta["table"]
        and s.meta["frequency"] == spec.meta["frequency"]
        and int(s.meta["decimals"]) == 0
    )
    for num, den in product(counts, counts):
        if num != den and _link_holds(spec, specs[num], specs[den]):
            return num, den
    return None


def _classify(spec: _Spec) -> None:
    measure, decimals = spec.meta["measure"], int(spec.meta["decimals"])
    if measure == "count":
        spec.kind = "count"
        return
    if measure not in _RATIOS:
        return
    for fig in spec.rows:
        totals = _oriented(fig, measure, decimals)
        if totals is not None:
            spec.totals[(fig.period.key, fig.table)] = totals
            spec.numerator_dp = max(spec.numerator_dp, fig.numerator_dp)
            spec.denominator_dp = max(spec.denominator_dp, fig.denominator_dp)
    if spec.totals:
        spec.kind = "ratio"


def _apply_link(spec: _Spec, specs: dict[str, _Spec]) -> None:
    """Take Kent's numerators and denominators from the linked counts where not printed."""
    if spec.link is None:
        return
    nums, dens = (_values_by_period(specs[i]) for i in spec.link)
    for key in sorted(set(nums) & set(dens)):
        spec.totals.setdefault((key, ""), _Totals(_quanta(nums[key], 0), _quanta(dens[key], 0)))


def _set_reference(spec: _Spec) -> None:
    """Kent's earliest known denominator: the level of denominators Kent does not print."""
    known = sorted(
        (fig.period.kind != spec.meta["frequency"], fig.period, totals.denominator)
        for fig in spec.rows
        if (totals := spec.totals.get((fig.period.key, fig.table))) is not None
    )
    spec.denominator_ref = known[0][2] if known else None


def _by_period(fig: _Kent) -> Period:
    return fig.period


def _specs(inputs: _Inputs) -> dict[str, _Spec]:
    """Every indicator with a district breakdown and Kent figures, classified and linked.

    Kent's table-specific reprints (a figure printed again, differently, in a second
    table) are a quirk of one publication and are not carried over to the districts.
    """
    specs: dict[str, _Spec] = {}
    figures = inputs.figures
    for indicator in sorted(set(figures["id"])):
        meta = inputs.indicators.get(indicator)
        if meta is None or meta["district_breakdown"] != "yes":
            continue
        general = figures[(figures["id"] == indicator) & (figures["table"] == "")]
        rows = sorted((_kent_row(r, meta) for r in general.to_dict("records")), key=_by_period)
        specs[indicator] = _Spec(meta, rows)
        _classify(specs[indicator])
    for spec in specs.values():
        spec.link = _find_link(spec, specs)
    for spec in specs.values():
        _apply_link(spec, specs)
        _set_reference(spec)
    return specs


# --------------------------------------------------------------------------- step changes


def _information(spec: _Spec) -> float:
    """``n p (1 - p)`` of the smallest district at Kent's latest value: how clearly it shows."""
    latest = max((r for r in spec.rows if r.value is not None), key=lambda r: r.period)
    p = float(latest.value or 0.0) / 100.0
    den = (spec.denominator_ref or 0) / 10**spec.denominator_dp
    return float(_WEIGHTS.min()) * den * p * (1.0 - p)


def _eligible_for_step(spec: _Spec) -> bool:
    return (
        spec.kind == "ratio"
        and spec.meta["measure"] == "percent"
        and spec.meta["frequency"] == "month"
        and spec.meta["polarity"] in ("H", "L")
        and spec.first is not None
        and _information(spec) >= STEP_MIN_INFORMATION
    )


def _choose_steps(specs: dict[str, _Spec], seed: int) -> dict[str, StepChange]:
    """Pick up to :data:`STEP_COUNT` indicators, when and which way their history steps."""
    rng = np.random.default_rng(seed)
    eligible = sorted(i for i, s in specs.items() if _eligible_for_step(s))
    if not eligible:
        return {}
    chosen = sorted(rng.choice(len(eligible), size=min(STEP_COUNT, len(eligible)), replace=False))
    steps: dict[str, StepChange] = {}
    for number, index in enumerate(chosen):
        spec = specs[eligible[int(index)]]
        back = int(rng.integers(STEP_MONTHS_BACK[0], STEP_MONTHS_BACK[1] + 1))
        first = spec.first.period  # type: ignore[union-attr]
        direction = "improvement" if number % 2 == 0 else "deterioration"
        size = STEP_SPREADS * SPREAD["logit"]
        steps[spec.id] = StepChange(spec.id, shift(first, -back).key, direction, size)
    return steps


def step_changes(data_dir: Path, seed: int = SEED) -> list[StepChange]:
    """The step changes that :func:`generate` puts into the history, by indicator id.

    Parameters
    ----------
    data_dir
        The folder holding ``registry/`` and the county's data set.
    seed
        The seed passed to :func:`generate`.

    Returns
    -------
    list of StepChange
        Sorted by indicator id.
    """
    steps = _choose_steps(_specs(_read_inputs(data_dir)), seed)
    return [steps[i] for i in sorted(steps)]


# --------------------------------------------------------------------------- drawing figures


def _marker() -> _Draw:
    return _Draw([""] * _N, [""] * _N, [""] * _N)


def _noise_draw(series: _Series, key: str, level: float, meta: dict) -> _Draw:
    """Figures without counts: the level times a district factor within +/-10%."""
    deviation, _, _ = series.period(key)
    values = level * (1.0 + deviation)
    if meta["unit"] in _PERCENT_UNITS:
        values = np.clip(values, 0.0, 100.0)
    elif level >= 0:
        values = np.maximum(values, 0.0)
    dp = int(meta["decimals"])
    return _Draw([_value_text(float(v), dp) for v in values], [""] * _N, [""] * _N)


def _count_draw(series: _Series, key: str, level: float, total: int | None, dp: int) -> _Draw:
    """Counts (in quanta of ``dp`` decimals): Poisson around the district's share."""
    _, shares, _ = series.period(key)
    expected = level * 10**dp * shares
    drawn = series.rng.poisson(expected)
    if total is not None:
        drawn = _adjust(drawn, total, expected, np.zeros(_N, np.int64), np.full(_N, total))
    texts = [_quanta_text(int(q), dp) for q in drawn]
    return _Draw(texts, [""] * _N, [""] * _N)


def _denominators(
    series: _Series, key: str, spec: _Spec, total: int | None, level: float
) -> np.ndarray:
    """District denominators in quanta: Poisson (whole numbers) or rounded (decimals)."""
    _, shares, _ = series.period(key)
    expected = (total if total is not None else level) * shares
    whole = spec.denominator_dp == 0
    drawn = series.rng.poisson(expected) if whole else np.rint(expected).astype(np.int64)
    if total is None:
        return np.maximum(drawn, 1)
    low = np.full(_N, 1 if total >= _N else 0, np.int64)
    return _adjust(drawn, total, expected, low, np.full(_N, total, np.int64))


def _numerators(
    series: _Series, spec: _Spec, dens: np.ndarray, rates: np.ndarray, total: int | None
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
    high = cap if measure == "percent" else np.full(_N, _UNBOUNDED, np.int64)
    drawn = np.minimum(drawn, high)
    if total is None:
        return drawn
    return _adjust(drawn, total, expected, np.zeros(_N, np.int64), high)


def _ratio_draw(
    series: _Series, key: str, spec: _Spec, value: float, totals: _Totals | None, level: float
) -> _Draw:
    """Percentages, rates and averages from the district's own numerator and denominator."""
    measure, dp = spec.meta["measure"], int(spec.meta["decimals"])
    deviation, _, _ = series.period(key)
    rate = value / _SCALE[measure]
    dens = _denominators(series, key, spec, totals.denominator if totals else None, level)
    den_values = dens / 10**spec.denominator_dp
    rates = _shifted(rate, deviation, series.scale)
    rates = rates * rate * den_values.sum() / max(float((den_values * rates).sum()), 1e-12)
    if measure == "percent":
        rates = np.clip(rates, 0.0, 1.0)
    nums = _numerators(series, spec, dens, rates, totals.numerator if totals else None)
    num_texts = [_quanta_text(int(q), spec.numerator_dp) for q in nums]
    den_texts = [_quanta_text(int(q), spec.denominator_dp) for q in dens]
    values = []
    for num, den in zip(num_texts, den_texts, strict=True):
        computed = compute_measure(float(num), float(den), measure)
        values.append("" if computed is None else _value_text(computed, dp))
    return _Draw(values, num_texts, den_texts, nums, dens)


# --------------------------------------------------------------------------- one indicator


@dataclass
class _Output:
    period: Period
    table: str
    kent: _Kent | None
    draw: _Draw


class _Indicator:
    """Generates every district figure of one indicator: history, then Kent's periods."""

    def __init__(
        self,
        spec: _Spec,
        seed: int,
        step: StepChange | None,
        draws: dict[tuple[str, str, str], _Draw],
        roles: dict[str, tuple[str, str]],
    ) -> None:
        self.spec = spec
        percent = spec.kind == "ratio" and spec.meta["measure"] == "percent"
        self.series = _Series(spec.id, seed, "logit" if percent else "log")
        self.step = step
        self.draws = draws
        self.role = roles.get(spec.id)

    def run(self) -> list[_Output]:
        """Draw the history and Kent's periods; keep the ratio draws for linked counts."""
        outputs = [*self._history(), *(self._kent(fig) for fig in self.spec.rows)]
        for out in outputs:
            self.draws[(self.spec.id, out.period.key, out.table)] = out.draw
        return outputs

    def _linked(self, key: str, table: str) -> _Draw | None:
        """A count's figures taken from the ratio it is the numerator or denominator of."""
        if self.role is None:
            return None
        ratio, part = self.role
        source = self.draws.get((ratio, key, table))
        quanta = None if source is None else source.nums if part == "num" else source.dens
        if quanta is None:
            return None
        return _Draw([_quanta_text(int(q), 0) for q in quanta], [""] * _N, [""] * _N)

    def _step_position(self, periods: list[Period]) -> tuple[int | None, float]:
        if self.step is None:
            return None, 0.0
        keys = [p.key for p in periods]
        at = keys.index(self.step.month) if self.step.month in keys else None
        polarity = 1.0 if self.spec.meta["polarity"] == "H" else -1.0
        better_after = 1.0 if self.step.direction == "improvement" else -1.0
        return at, -better_after * polarity * self.step.size

    def _history(self) -> list[_Output]:
        first = self.spec.first
        length = HISTORY_LENGTH[self.spec.meta["frequency"]]
        if not length or first is None or first.value is None:
            return []
        periods = window(shift(first.period, -1), length)
        offsets = self.series.history(length, *self._step_position(periods))
        den_offsets = self.series.denominator_history(length)
        outputs = []
        for period, offset, den_offset in zip(periods, offsets, den_offsets, strict=True):
            draw = self._history_draw(period.key, first.value, float(offset), float(den_offset))
            outputs.append(_Output(period, "", None, draw))
        return outputs

    def _history_draw(self, key: str, start: float, offset: float, den_offset: float) -> _Draw:
        spec = self.spec
        if spec.kind == "ratio":
            scale = _SCALE[spec.meta["measure"]]
            value = float(_shifted(start / scale, offset, self.series.scale)) * scale
            level = (spec.denominator_ref or 0) * float(np.exp(den_offset))
            return _ratio_draw(self.series, key, spec, value, None, level)
        level = float(_shifted(start, offset, "log"))
        if spec.kind == "count":
            linked = self._linked(key, "")
            dp = int(spec.meta["decimals"])
            return linked or _count_draw(self.series, key, level, None, dp)
        return _noise_draw(self.series, key, level, spec.meta)

    def _kent(self, fig: _Kent) -> _Output:
        spec, key = self.spec, fig.period.key
        if fig.value is None or fig.status in MARKER_STATUSES:
            return _Output(fig.period, fig.table, fig, _marker())
        if spec.kind == "count":
            dp = int(spec.meta["decimals"])
            linked = self._linked(key, fig.table)
            draw = linked or _count_draw(self.series, key, fig.value, _quanta(fig.value, dp), dp)
        elif spec.kind == "ratio":
            totals = spec.totals.get((key, fig.table))
            _, _, jitter = self.series.period(key)
            level = (spec.denominator_ref or 0) * float(np.exp(jitter))
            draw = _ratio_draw(self.series, key, spec, fig.value, totals, level)
        else:
            draw = _noise_draw(self.series, key, fig.value, spec.meta)
        return _Output(fig.period, fig.table, fig, draw)


# --------------------------------------------------------------------------- rows and files


def _note(spec: _Spec, kent: _Kent | None) -> str:
    if kent is None:
        return NOTE
    parts = [NOTE]
    if kent.status:
        parts.append(f"Status '{kent.status}' as Kent's figure for this period.")
    totals = spec.totals.get((kent.period.key, kent.table))
    if totals is not None and totals.swapped:
        parts.append(
            "Kent's published numerator and denominator are swapped; "
            "the districts split them the right way round."
        )
    return " ".join(parts)


_Row = tuple[tuple[str, str, bool, Period], dict[str, str]]
"""A figure row with its sort key: id, table, other-frequency periods (outturns) last, period."""


def _rows(spec: _Spec, outputs: list[_Output]) -> list[list[_Row]]:
    """One list of figure rows per district, in the order of :data:`DISTRICTS`."""
    per_district: list[list[_Row]] = [[] for _ in DISTRICTS]
    for out in outputs:
        kent, draw = out.kent, out.draw
        status = kent.status if kent else ""
        note = _note(spec, kent)
        for i, district in enumerate(DISTRICTS):
            missing = draw.values[i] == "" and status not in MARKER_STATUSES
            row = {
                "id": spec.id,
                "area": district.area,
                "period": out.period.key,
                "value": draw.values[i],
                "numerator": draw.numerators[i],
                "denominator": draw.denominators[i],
                "status": "not_available" if missing else status,
                "released": kent.released if kent else "",
                "table": out.table,
                "note": note,
            }
            other = out.period.kind != spec.meta["frequency"]
            per_district[i].append(((spec.id, out.table, other, out.period), row))
    return per_district


def _district_rows(
    specs: dict[str, _Spec], steps: dict[str, StepChange], seed: int
) -> list[list[_Row]]:
    roles: dict[str, tuple[str, str]] = {}
    for spec in specs.values():
        if spec.link:
            roles[spec.link[0]] = (spec.id, "num")
            roles[spec.link[1]] = (spec.id, "den")
    draws: dict[tuple[str, str, str], _Draw] = {}
    rows: list[list[_Row]] = [[] for _ in DISTRICTS]
    order = sorted(specs, key=lambda i: (specs[i].kind != "ratio", i))
    for indicator in order:
        spec = specs[indicator]
        outputs = _Indicator(spec, seed, steps.get(indicator), draws, roles).run()
        for i, district_rows in enumerate(_rows(spec, outputs)):
            rows[i].extend(district_rows)
    return rows


def _write_csv(path: Path, header: Iterable[str], rows: Iterable[Iterable[str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(list(header))
        writer.writerows(rows)
    return path


def _write_figures(out_dir: Path, rows: list[list[_Row]]) -> list[Path]:
    columns = [c.name for c in SCHEMAS["figures"]]
    paths = []
    for district, district_rows in zip(DISTRICTS, rows, strict=True):
        ordered = sorted(district_rows, key=lambda r: r[0])
        cells = ([row[c] for c in columns] for _, row in ordered)
        paths.append(_write_csv(out_dir / district.area / "figures.csv", columns, cells))
    return paths


def _write_dataset_files(county_dir: Path, out_dir: Path) -> list[Path]:
    """Targets with a note that the districts are held to them; benchmarks and sources copied."""
    with (county_dir / "targets.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header = list(reader.fieldnames or [])
        targets = [{**row, "note": f"{row['note']} {TARGET_NOTE}".strip()} for row in reader]
    paths = [_write_csv(out_dir / "targets.csv", header, ([r[c] for c in header] for r in targets))]
    for name in ("benchmarks.csv", "data_sources.csv"):
        paths.append(Path(shutil.copyfile(county_dir / name, out_dir / name)))
    return paths


def _readme(seed: int, steps: dict[str, StepChange], specs: dict[str, _Spec]) -> str:
    weights = [f"| {d.area} | {d.name} | {d.per_mille / 1000:.3f} |" for d in DISTRICTS]
    step_rows = [f"| {s.id} | {s.month} | {s.direction} | {s.size:.2f} |" for s in steps.values()]
    links = [
        f"  - `{s.id}`: numerator `{s.link[0]}`, denominator `{s.link[1]}`"
        for s in specs.values()
        if s.link
    ]
    kinds = [s.kind for s in specs.values()]
    return _README.format(
        seed=seed,
        weights="\n".join(weights),
        steps="\n".join(sorted(step_rows)) or "| (none) | | | |",
        links="\n".join(sorted(links)) or "  - (none)",
        count=kinds.count("count"),
        ratio=kinds.count("ratio"),
        noise=kinds.count("noise"),
        log=SPREAD["log"],
        logit=SPREAD["logit"],
        phi=AR_PHI,
        jitter=DENOMINATOR_JITTER,
        months=HISTORY_LENGTH["month"],
        quarters=HISTORY_LENGTH["quarter"],
        back0=STEP_MONTHS_BACK[0],
        back1=STEP_MONTHS_BACK[1],
        info=STEP_MIN_INFORMATION,
        note=NOTE,
        target_note=TARGET_NOTE,
        dataset=DATASET,
    )


_README = """# SYNTHETIC DEMONSTRATION DATA

**Every figure in this folder is invented.** These are not Kent County Council's
figures for any district. They exist only to demonstrate district reports and
statistical process control (SPC) charts, and must never be quoted, published or
used to judge a district. Differences between districts are random: they reflect
nothing about the real districts.

Generated by `helpers.data.synthetic.generate(Path("data"), seed={seed})` from Kent's
published figures in `data/sample/`. Do not edit these files by hand: change the
generator and run it again (a test checks that the committed files are exactly what
the generator writes). The same seed gives byte-identical files (with the same numpy
version); every figure's note says "{note}"

## Files

- `<area>/figures.csv`: one file per district (the `{dataset}` data set of the
  districts in `data/registry/areas.csv`).
- `targets.csv`: Kent's targets and floor standards, unchanged, with the note
  "{target_note}"
- `benchmarks.csv`, `data_sources.csv`: copies of Kent's.

## How the figures were made

Only indicators with `district_breakdown = yes` in `data/registry/indicators.csv`
have district figures ({count} counts, {ratio} percentages/rates/averages with
numerators and denominators, {noise} figures without counts); the others have none.

District weights (rough shares of Kent's population; they sum to 1):

| area | name | weight |
|---|---|---|
{weights}

- **Counts** (and numerators and denominators): each district's number is drawn
  (Poisson, or binomial for a percentage's numerator) around its weight times a
  district effect, then nudged so that the twelve districts add up *exactly* to
  Kent's printed number, in Kent's printed decimals (an FTE of 630.5 splits into
  tenths). Where Kent prints a numerator and denominator the wrong way round (the
  value shows it), the districts split them the right way round.
- **Percentages, rates and averages** are computed from the district's own
  numerator and denominator and rounded half up to the indicator's decimals. Where
  Kent prints no numerator and denominator, the district's denominator is drawn
  around its share of Kent's earliest printed denominator (relative jitter
  {jitter}) and its numerator from its rate, so the districts reproduce Kent's value
  approximately.
- **Figures without counts** (gaps, scores, averages without counts, percentages
  Kent never prints counts for): Kent's value times a district factor, within
  +/-10%, clipped to 0-100 for percentages and to non-negative values.
- **District variation**: a lasting district effect (sd {log} on the log scale for
  counts, rates, averages and figures without counts; sd {logit} on the logit scale
  for percentages) plus period noise of half that size, together at most twice
  that size.
- **Linked counts**: a count indicator whose Kent figures are the numerator or
  denominator of a percentage in the same table takes that percentage's district
  numerators or denominators, so the rows agree:
{links}
- **History** for SPC: {months} months before Kent's first month for monthly
  indicators, {quarters} quarters before Kent's first quarter for quarterly ones
  (termly and annual indicators keep Kent's periods only). The Kent-wide level starts
  at Kent's first value and goes back in time with a slow linear drift and AR(1)
  noise (phi {phi}); each district adds its effect and period noise.
- **Step changes** (special causes for SPC to find): up to three monthly percentages
  whose smallest district has n p (1 - p) >= {info}, chosen with the seed. Before the
  month shown the level differs by the size shown (logit scale), so that the month
  begins an improvement or a deterioration; the step falls {back0} to {back1} months
  before Kent's first month.

| indicator | first month at the new level | direction | size |
|---|---|---|---|
{steps}

- **Statuses** mirror Kent's: a provisional or unpublished Kent figure is provisional
  or unpublished in every district, a missing one is missing, with Kent's release
  month. Kent's table-specific reprints (a figure printed again, differently, in a
  second table) are not carried over: each district figure is printed once.
"""


def generate(data_dir: Path, seed: int = SEED) -> list[Path]:
    """Write the synthetic district data set under ``data_dir / "synthetic"``.

    Parameters
    ----------
    data_dir
        The folder holding ``registry/`` (whose ``areas.csv`` must list the twelve
        districts with data set ``synthetic``) and the county's data set (``sample/``).
    seed
        The random seed; the same seed gives byte-identical files.

    Returns
    -------
    list of Path
        The files written, sorted: each district's ``figures.csv``, ``targets.csv``,
        ``benchmarks.csv``, ``data_sources.csv`` and ``README.md``.

    Raises
    ------
    DataError
        When the registry or the county's figures have errors.
    ValueError
        When ``areas.csv`` lacks a district or does not have exactly one county.
    """
    inputs = _read_inputs(data_dir)
    specs = _specs(inputs)
    steps = _choose_steps(specs, seed)
    out_dir = data_dir / DATASET
    paths = _write_figures(out_dir, _district_rows(specs, steps, seed))
    paths += _write_dataset_files(inputs.county_dir, out_dir)
    readme = out_dir / "README.md"
    readme.write_text(_readme(seed, steps, specs), encoding="utf-8", newline="\n")
    return sorted([*paths, readme])
