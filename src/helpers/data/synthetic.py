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

from dataclasses import dataclass
from itertools import product
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.core.numbers import is_missing
from helpers.core.periods import Period, parse_period, shift, window
from helpers.core.vocabulary import MARKER_STATUSES
from helpers.data.datafiles import Report, read_file
from helpers.data.problems import DataError
from helpers.data.synthetic_files import (
    readme_text,
    write_dataset_files,
    write_figures,
)
from helpers.data.synthetic_model import (
    DATASET,
    DISTRICTS,
    HISTORY_LENGTH,
    N_DISTRICTS,
    NOTE,
    RATIOS,
    SCALE,
    SEED,
    SPREAD,
    STEP_COUNT,
    STEP_MIN_INFORMATION,
    STEP_MONTHS_BACK,
    STEP_SPREADS,
    WEIGHTS,
    District,
    Draw,
    FigureRow,
    Inputs,
    Kent,
    Series,
    Spec,
    StepChange,
    Totals,
    count_draw,
    marker_draw,
    noise_draw,
    quanta_text,
    ratio_draw,
    shifted,
    to_quanta,
)
from helpers.rules.measures import Measure, agrees_with_printed

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


# --------------------------------------------------------------------------- reading


def _check_areas(areas: pd.DataFrame) -> None:
    known = {(r["area"], r["name"], r["kind"], r["dataset"]) for r in areas.to_dict("records")}
    missing = [d for d in DISTRICTS if (d.area, d.name, "district", DATASET) not in known]
    if missing:
        lines = "\n".join(f'{d.area},"{d.name}",district,{DATASET}' for d in missing)
        raise ValueError(f"data/registry/areas.csv lacks the synthetic districts:\n{lines}")


def _read_inputs(data_dir: Path) -> Inputs:
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
    return Inputs(metas, figures, county_dir)


def _kent_row(row: dict, meta: dict) -> Kent:
    def quanta_of(name: str) -> tuple[int | None, int]:
        if is_missing(row[name]):
            return None, 0
        dp = int(row[f"{name}_dp"])
        return to_quanta(float(row[name]), dp), dp

    num, num_dp = quanta_of("numerator")
    den, den_dp = quanta_of("denominator")
    return Kent(
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


def _oriented(fig: Kent, measure: Measure, decimals: int) -> Totals | None:
    """Kent's printed numerator and denominator, swapped if that is what reproduces the value."""
    if fig.value is None or fig.numerator is None or fig.denominator is None:
        return None
    num = fig.numerator / 10**fig.numerator_dp
    den = fig.denominator / 10**fig.denominator_dp
    if agrees_with_printed(fig.value, num, den, measure, decimals):
        return Totals(fig.numerator, fig.denominator)
    same_dp = fig.numerator_dp == fig.denominator_dp
    if same_dp and agrees_with_printed(fig.value, den, num, measure, decimals):
        return Totals(fig.denominator, fig.numerator, swapped=True)
    return None


def _values_by_period(spec: Spec) -> dict[str, float]:
    return {r.period.key: r.value for r in spec.rows if r.table == "" and r.value is not None}


def _link_holds(spec: Spec, num: Spec, den: Spec) -> bool:
    """Whether Kent's counts ``num`` / ``den`` reproduce the percentage in every period."""
    values, nums, dens = _values_by_period(spec), _values_by_period(num), _values_by_period(den)
    common = sorted(set(values) & set(nums) & set(dens))
    measure, decimals = spec.meta["measure"], int(spec.meta["decimals"])
    for key in common:
        totals = spec.totals.get((key, ""))
        counts = (to_quanta(nums[key], 0), to_quanta(dens[key], 0))
        if totals is not None and (totals.numerator, totals.denominator) != counts:
            return False
    return len(common) > 1 and all(
        agrees_with_printed(values[k], nums[k], dens[k], measure, decimals) for k in common
    )


def _find_link(spec: Spec, specs: dict[str, Spec]) -> tuple[str, str] | None:
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


def _classify(spec: Spec) -> None:
    measure, decimals = spec.meta["measure"], int(spec.meta["decimals"])
    if measure == "count":
        spec.kind = "count"
        return
    if measure not in RATIOS:
        return
    for fig in spec.rows:
        totals = _oriented(fig, measure, decimals)
        if totals is not None:
            spec.totals[(fig.period.key, fig.table)] = totals
            spec.numerator_dp = max(spec.numerator_dp, fig.numerator_dp)
            spec.denominator_dp = max(spec.denominator_dp, fig.denominator_dp)
    if spec.totals:
        spec.kind = "ratio"


def _apply_link(spec: Spec, specs: dict[str, Spec]) -> None:
    """Take Kent's numerators and denominators from the linked counts where not printed."""
    if spec.link is None:
        return
    nums, dens = (_values_by_period(specs[i]) for i in spec.link)
    for key in sorted(set(nums) & set(dens)):
        spec.totals.setdefault((key, ""), Totals(to_quanta(nums[key], 0), to_quanta(dens[key], 0)))


def _set_reference(spec: Spec) -> None:
    """Kent's earliest known denominator: the level of denominators Kent does not print."""
    known = sorted(
        (fig.period.kind != spec.meta["frequency"], fig.period, totals.denominator)
        for fig in spec.rows
        if (totals := spec.totals.get((fig.period.key, fig.table))) is not None
    )
    spec.denominator_ref = known[0][2] if known else None


def _by_period(fig: Kent) -> Period:
    return fig.period


def _specs(inputs: Inputs) -> dict[str, Spec]:
    """Every indicator with a district breakdown and Kent figures, classified and linked.

    Kent's table-specific reprints (a figure printed again, differently, in a second
    table) are a quirk of one publication and are not carried over to the districts.
    """
    specs: dict[str, Spec] = {}
    figures = inputs.figures
    for indicator in sorted(set(figures["id"])):
        meta = inputs.indicators.get(indicator)
        if meta is None or meta["district_breakdown"] != "yes":
            continue
        general = figures[(figures["id"] == indicator) & (figures["table"] == "")]
        rows = sorted((_kent_row(r, meta) for r in general.to_dict("records")), key=_by_period)
        specs[indicator] = Spec(meta, rows)
        _classify(specs[indicator])
    for spec in specs.values():
        spec.link = _find_link(spec, specs)
    for spec in specs.values():
        _apply_link(spec, specs)
        _set_reference(spec)
    return specs


# --------------------------------------------------------------------------- step changes


def _information(spec: Spec) -> float:
    """``n p (1 - p)`` of the smallest district at Kent's latest value: how clearly it shows."""
    latest = max((r for r in spec.rows if r.value is not None), key=lambda r: r.period)
    p = float(latest.value or 0.0) / 100.0
    den = (spec.denominator_ref or 0) / 10**spec.denominator_dp
    return float(WEIGHTS.min()) * den * p * (1.0 - p)


def _eligible_for_step(spec: Spec) -> bool:
    return (
        spec.kind == "ratio"
        and spec.meta["measure"] == "percent"
        and spec.meta["frequency"] == "month"
        and spec.meta["polarity"] in ("H", "L")
        and spec.first is not None
        and _information(spec) >= STEP_MIN_INFORMATION
    )


def _choose_steps(specs: dict[str, Spec], seed: int) -> dict[str, StepChange]:
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


# --------------------------------------------------------------------------- one indicator


@dataclass
class _Output:
    period: Period
    table: str
    kent: Kent | None
    draw: Draw


class _Indicator:
    """Generates every district figure of one indicator: history, then Kent's periods."""

    def __init__(
        self,
        spec: Spec,
        seed: int,
        step: StepChange | None,
        draws: dict[tuple[str, str, str], Draw],
        roles: dict[str, tuple[str, str]],
    ) -> None:
        self.spec = spec
        percent = spec.kind == "ratio" and spec.meta["measure"] == "percent"
        self.series = Series(spec.id, seed, "logit" if percent else "log")
        self.step = step
        self.draws = draws
        self.role = roles.get(spec.id)

    def run(self) -> list[_Output]:
        """Draw the history and Kent's periods; keep the ratio draws for linked counts."""
        outputs = [*self._history(), *(self._kent(fig) for fig in self.spec.rows)]
        for out in outputs:
            self.draws[(self.spec.id, out.period.key, out.table)] = out.draw
        return outputs

    def _linked(self, key: str, table: str) -> Draw | None:
        """A count's figures taken from the ratio it is the numerator or denominator of."""
        if self.role is None:
            return None
        ratio, part = self.role
        source = self.draws.get((ratio, key, table))
        quanta = None if source is None else source.nums if part == "num" else source.dens
        if quanta is None:
            return None
        return Draw(
            [quanta_text(int(q), 0) for q in quanta], [""] * N_DISTRICTS, [""] * N_DISTRICTS
        )

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

    def _history_draw(self, key: str, start: float, offset: float, den_offset: float) -> Draw:
        spec = self.spec
        if spec.kind == "ratio":
            scale = SCALE[spec.meta["measure"]]
            value = float(shifted(start / scale, offset, self.series.scale)) * scale
            level = (spec.denominator_ref or 0) * float(np.exp(den_offset))
            return ratio_draw(self.series, key, spec, value, None, level)
        level = float(shifted(start, offset, "log"))
        if spec.kind == "count":
            linked = self._linked(key, "")
            dp = int(spec.meta["decimals"])
            return linked or count_draw(self.series, key, level, None, dp)
        return noise_draw(self.series, key, level, spec.meta)

    def _kent(self, fig: Kent) -> _Output:
        spec, key = self.spec, fig.period.key
        if fig.value is None or fig.status in MARKER_STATUSES:
            return _Output(fig.period, fig.table, fig, marker_draw())
        if spec.kind == "count":
            dp = int(spec.meta["decimals"])
            linked = self._linked(key, fig.table)
            draw = linked or count_draw(self.series, key, fig.value, to_quanta(fig.value, dp), dp)
        elif spec.kind == "ratio":
            totals = spec.totals.get((key, fig.table))
            _, _, jitter = self.series.period(key)
            level = (spec.denominator_ref or 0) * float(np.exp(jitter))
            draw = ratio_draw(self.series, key, spec, fig.value, totals, level)
        else:
            draw = noise_draw(self.series, key, fig.value, spec.meta)
        return _Output(fig.period, fig.table, fig, draw)


# --------------------------------------------------------------------------- rows and files


def _note(spec: Spec, kent: Kent | None) -> str:
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


"""A figure row with its sort key: id, table, other-frequency periods (outturns) last, period."""


def _rows(spec: Spec, outputs: list[_Output]) -> list[list[FigureRow]]:
    """One list of figure rows per district, in the order of :data:`DISTRICTS`."""
    per_district: list[list[FigureRow]] = [[] for _ in DISTRICTS]
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
    specs: dict[str, Spec], steps: dict[str, StepChange], seed: int
) -> list[list[FigureRow]]:
    roles: dict[str, tuple[str, str]] = {}
    for spec in specs.values():
        if spec.link:
            roles[spec.link[0]] = (spec.id, "num")
            roles[spec.link[1]] = (spec.id, "den")
    draws: dict[tuple[str, str, str], Draw] = {}
    rows: list[list[FigureRow]] = [[] for _ in DISTRICTS]
    order = sorted(specs, key=lambda i: (specs[i].kind != "ratio", i))
    for indicator in order:
        spec = specs[indicator]
        outputs = _Indicator(spec, seed, steps.get(indicator), draws, roles).run()
        for i, district_rows in enumerate(_rows(spec, outputs)):
            rows[i].extend(district_rows)
    return rows


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
    paths = write_figures(out_dir, _district_rows(specs, steps, seed))
    paths += write_dataset_files(inputs.county_dir, out_dir)
    readme = out_dir / "README.md"
    readme.write_text(readme_text(seed, steps, specs), encoding="utf-8", newline="\n")
    return sorted([*paths, readme])
