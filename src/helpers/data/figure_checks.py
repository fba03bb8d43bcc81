"""Checks that stop mistakes in new figures, before they reach the figures file.

A *new* figure is one not yet in a published edition: it is being imported or pulled,
or it sits in the figures file for a period after the latest published edition. Its
mistakes are errors, not warnings, because nothing published has to be reproduced:

- a value that disagrees with its numerator and denominator beyond rounding;
- a percentage typed as a fraction (0.226 where the history is about 22);
- a numerator and denominator that look swapped (or one typed into the other's column).

A change outside the indicator's process limits (XmR limits over its history, once it
has :data:`SPC_MIN_POINTS` points; before that, a jump larger than the registry's
``max_change`` for the indicator) is a warning that must be acknowledged.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from pathlib import Path

from helpers.core.numbers import round_half_up
from helpers.core.periods import month as parse_month
from helpers.core.periods import parse_period, shift
from helpers.data.datafiles import DataFiles, period_problem
from helpers.rules.measures import compute_measure
from helpers.rules.spc import xmr

SPC_MIN_POINTS = 12
"""Points of history from which the XmR process limits judge a jump."""

_PLAUSIBLE = (0.5, 2.0)
"""A figure within this ratio of the history's median is in line with it."""


@dataclass(frozen=True)
class Finding:
    """One finding about a new figure: an error or a warning, on one field."""

    level: str
    field: str
    message: str


def _fmt(number: float | None, decimals: int = 1) -> str:
    if number is None:
        return "nothing"
    if 0 < abs(number) < 10 ** -max(decimals, 0):  # 266.9 / 5,702 must not print as 0.0
        decimals = 3
    return f"{round_half_up(number, decimals):,.{max(decimals, 0)}f}"


def _in_line(candidate: float | None, history: list[float]) -> bool:
    if candidate is None or not history:
        return False
    middle = statistics.median(history)
    if middle == 0:
        return candidate == 0
    ratio = candidate / middle
    return _PLAUSIBLE[0] <= ratio <= _PLAUSIBLE[1]


def check_fraction(value: float | None, unit: str, history: list[float]) -> Finding | None:
    """A percentage typed as a fraction: 0.226 where the history is about 22."""
    if value is None or unit != "percent" or not history or not 0 < abs(value) < 1:
        return None
    if _in_line(value * 100, history) and not _in_line(value, history):
        return Finding(
            "error",
            "value",
            f"{value:g} looks like a fraction, but this is a percentage whose history is "
            f"about {_fmt(statistics.median(history))}: type {_fmt(value * 100)} "
            f"(or {_fmt(value * 100)}%)",
        )
    return None


def _swap_hint(value: float | None, num: float, den: float, measure: str, decimals: int) -> str:
    swapped = compute_measure(den, num, measure)  # type: ignore[arg-type]
    if (
        swapped is not None
        and value is not None
        and round_half_up(swapped, decimals) == round_half_up(value, decimals)
    ):
        return "; numerator and denominator look swapped"
    if num == den:
        return (
            "; numerator and denominator are the same number (one typed into the other's column?)"
        )
    if value is not None:
        computed = compute_measure(num, den, measure)  # type: ignore[arg-type]
        if (
            computed is not None
            and value < 1
            and round_half_up(value * 100, decimals) == round_half_up(computed, decimals)
        ):
            return "; the value looks like a fraction of the percentage"
    return ""


def check_measure(
    value: float | None,
    num: float | None,
    den: float | None,
    measure: str,
    decimals: int,
    history: list[float],
) -> list[Finding]:
    """The value against its numerator and denominator, and their order.

    Parameters
    ----------
    value, num, den
        The new figure (value may be None when it is to be computed).
    measure
        How the value follows from numerator and denominator.
    decimals
        The printed precision: agreement is judged at it.
    history
        Earlier values of the same indicator, area and period kind, oldest first.
    """
    if num is None or den is None or measure in ("none", "count"):
        return []
    out = []
    if measure == "percent" and num > den:
        out.append(
            Finding(
                "error",
                "numerator",
                f"numerator {num:,g} exceeds denominator {den:,g} for a percentage"
                + _swap_hint(value, num, den, measure, decimals),
            )
        )
    computed = compute_measure(num, den, measure)  # type: ignore[arg-type]
    if value is not None and computed is not None:
        if round_half_up(computed, decimals) != round_half_up(value, decimals) and not out:
            out.append(
                Finding(
                    "error",
                    "value",
                    f"{value:g} disagrees with {num:,g} / {den:,g}, which gives "
                    f"{_fmt(computed, decimals)}" + _swap_hint(value, num, den, measure, decimals),
                )
            )
    elif value is None and computed is not None and not out and history:
        swapped = compute_measure(den, num, measure)  # type: ignore[arg-type]
        if not _in_line(computed, history) and _in_line(swapped, history):
            out.append(
                Finding(
                    "error",
                    "denominator",
                    f"{num:,g} / {den:,g} gives {_fmt(computed, decimals)} where the history is "
                    f"about {_fmt(statistics.median(history), decimals)}; numerator and "
                    "denominator look swapped",
                )
            )
    return out


def process_limits(history: list[float]) -> tuple[float, float] | None:
    """XmR natural process limits of a history (None with too few points)."""
    if len(history) < SPC_MIN_POINTS:
        return None
    last = xmr(history, "neutral").table.iloc[-1]
    return float(last["lpl"]), float(last["upl"])


def check_jump(
    value: float | None, history: list[float], max_change: float | None, decimals: int
) -> Finding | None:
    """A change outside the process limits, or larger than the registry's ``max_change``."""
    if value is None or not history:
        return None
    limits = process_limits(history)
    if limits is not None:
        low, high = limits
        if low <= value <= high:
            return None
        return Finding(
            "warning",
            "value",
            f"{value:g} is outside the process limits {_fmt(low, decimals)} to "
            f"{_fmt(high, decimals)} of its {len(history)} earlier figures",
        )
    if max_change is None:
        return None
    previous = history[-1]
    change = value - previous
    if abs(change) <= max_change:
        return None
    return Finding(
        "warning",
        "value",
        f"{value:g} moves {_fmt(abs(change), decimals)} from the previous {previous:g}, more "
        f"than the {max_change:g} the registry expects (data/registry/import_checks.csv)",
    )


def check_new_figure(
    value: float | None,
    num: float | None,
    den: float | None,
    meta: dict,
    history: list[float],
    max_change: float | None,
) -> list[Finding]:
    """Every check on one new figure; errors first."""
    decimals = int(meta["decimals"])
    found = check_measure(value, num, den, meta["measure"], decimals, history)
    fraction = check_fraction(value, meta["unit"], history)
    if fraction is not None and not any(f.field == "value" for f in found):
        found.append(fraction)
    if not found:
        jump = check_jump(value, history, max_change, decimals)
        if jump is not None:
            found.append(jump)
    return found


# --------------------------------------------------------------------------- in the files

PUBLISHED_DIR = Path("reference") / "published"
"""Published editions' ratings, ``<month>-<area>-ratings.csv``: their months are published."""


def latest_published_month(root: Path) -> str | None:
    """The latest month with a published edition (``reference/published``), or None."""
    months = sorted(p.name[:7] for p in (root / PUBLISHED_DIR).glob("*-ratings.csv"))
    return months[-1] if months else None


def in_published_edition(row: dict, basis: str, published: str) -> bool:
    """Whether a figures-file row was shown in the edition of month ``published``.

    A figure with a release month was shown when released by the edition's publication
    (the month after); without one, a month's figure when its month is not later, any
    other period's when the period had ended.
    """
    if row["released"]:
        return row["released"] <= shift(parse_month(published), 1).key
    period = parse_period(row["period"], basis)  # type: ignore[arg-type]
    edition = parse_month(published)
    if period.kind == "month":
        return period.start <= edition.end
    return period.end <= edition.end


def _number(value: object) -> float | None:
    return None if value is None or value != value else float(value)  # type: ignore[arg-type]


def check_new_figures(files: DataFiles, published: str | None) -> set[tuple[str, int]]:
    """Check every figure not in a published edition; errors go to ``files.report``.

    Returns the (file, line) of each such new figure, so that the warnings about
    published figures can be told apart from them. Without a published edition, no
    figure counts as new.
    """
    if published is None or not len(files["figures"]):
        return set()
    meta = {r["id"]: r for r in files.records("indicators")}
    rows = [
        r
        for r in files.records("figures")
        if r["id"] in meta
        and not r["table"]
        and period_problem(r["period"], meta[r["id"]]["frequency"], meta[r["id"]]["year_basis"])
        is None
    ]
    history: dict[tuple, list[tuple]] = {}
    for row in rows:
        basis = meta[row["id"]]["year_basis"]
        if row["value"] is not None and row["value"] == row["value"]:
            period = parse_period(row["period"], basis)  # type: ignore[arg-type]
            key = (row["dataset"], row["area"], row["id"], period.kind)
            history.setdefault(key, []).append((period, float(row["value"])))
    new = set()
    for row in rows:
        ind = meta[row["id"]]
        if in_published_edition(row, ind["year_basis"], published):
            continue
        new.add((row["_file"], row["_line"]))
        period = parse_period(row["period"], ind["year_basis"])  # type: ignore[arg-type]
        earlier = sorted(
            (p, v)
            for p, v in history.get((row["dataset"], row["area"], row["id"], period.kind), [])
            if p < period
        )
        findings = check_new_figure(
            _number(row["value"]),
            _number(row["numerator"]),
            _number(row["denominator"]),
            ind,
            [v for _, v in earlier],
            None,
        )
        for finding in findings:
            if finding.level == "error":
                files.report.add(
                    "error",
                    row["_file"],
                    row["_line"],
                    finding.field,
                    f"{row['id']} {row['period']} (not yet published): {finding.message}",
                )
    return new
