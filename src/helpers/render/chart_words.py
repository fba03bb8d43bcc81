"""The words of the trend charts: titles, units, reference lines and the alt text.

Computed from a row record (:class:`helpers.engine.rows.Row`), its table and its trend
points; :mod:`helpers.render.charts` draws them.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from typing import Any

from helpers.core.formatting import format_number, format_target
from helpers.core.vocabulary import CAVEAT_STATUSES, MARKER_MEANINGS

_MARKED = CAVEAT_STATUSES
_DEFAULT_HEADINGS = {"comparator": "Comparator", "national": "National"}
_POLARITY_HINTS = {
    "H": "Higher is better",
    "L": "Lower is better",
    "T": "Closer to the target is better",
}
_DOT_PHRASES = {
    "previous": "the previous period",
    "same_period_last_year": "the same period last year",
}
_TITLE_LIMIT = 80


@dataclass(frozen=True)
class Reference:
    """One reference line: what it is, where, how it is drawn and labelled."""

    name: str
    kind: str
    value: float
    label: str
    detail: str


# --------------------------------------------------------------------------- words


def _decimals(value: Any, fallback: int) -> int:
    return fallback if value is None else int(value)


def _with_unit(number: str, unit: str) -> str:
    """Percentages carry a % sign; other units are named once (axis title, alt text)."""
    return f"{number}%" if unit == "percent" and number else number


def figure(value: float, row: dict[str, Any]) -> str:
    """A figure at the row's decimals, with a % sign for percentages."""
    return _with_unit(format_number(value, int(row["decimals"])), row["unit"])


def _unit_words(unit: str) -> str:
    """The unit in words, with thousands commas: ``rate per 10000`` -> ``rate per 10,000``."""
    return re.sub(r"\d{4,}", lambda m: format_number(int(m.group()), 0), unit)


def unit_title(unit: str) -> str:
    """The y-axis title of a unit ("Percent", "Days"), shared by every chart of a row."""
    words = _unit_words(unit)
    return words[:1].upper() + words[1:]


def short_title(row: dict[str, Any]) -> str:
    """The code and the title, in full (the name of the row's charts and figure tables)."""
    title = " ".join(str(row["title"]).split())
    return f"{row['code']} {title}" if row["code"] else title


def chart_title(row: dict[str, Any]) -> list[str]:
    """The chart title: :func:`short_title` wrapped into lines, never cut.

    Shared by every chart of a row (trend and Making Data Count), so both are titled alike.
    """
    return textwrap.wrap(short_title(row), _TITLE_LIMIT) or [""]


def polarity_hint(row: dict[str, Any]) -> str:
    """Which way is good, for rows that are rated or have a direction of travel.

    Context rows (no target, no arrow, such as a count shown beside a percentage) get
    no hint: their polarity is not a judgement the scorecard makes.
    """
    rated = row["target"] is not None or (row.get("dot_method") or "none") != "none"
    return _POLARITY_HINTS.get(row["polarity"] or "", "") if rated else ""


def _print_target(value: float, dp: int, comparator: str = "") -> str:
    return format_target(value, dp, comparator or "").replace("<=", "≤").replace(">=", "≥")


def threshold_dp(row: dict[str, Any]) -> int:
    """The decimals targets and floors are printed with."""
    return _decimals(row.get("target_dp"), int(row["decimals"]))


# --------------------------------------------------------------------------- references


def references(row: dict[str, Any], table: dict[str, Any]) -> list[Reference]:
    """Every reference line of a row, thresholds first, then benchmarks."""
    return _threshold_references(row) + _benchmark_references(row, table)


def _threshold_references(row: dict[str, Any]) -> list[Reference]:
    if row.get("target_status"):
        return []
    dp, unit, year = threshold_dp(row), row["unit"], row.get("year") or ""
    suffix = f" for {year}" if year else ""
    refs = []
    if row["target"] is not None:
        printed = _print_target(row["target"], dp, row.get("target_comparator") or "")
        label = f"Target {printed}"
        if row["polarity"] == "T" and has_range(row, "target"):
            label += f" (range {print_range(row, 'target', dp)})"
        refs.append(
            Reference(
                "target",
                "target",
                row["target"],
                label,
                f"Target{suffix}: {_with_unit(printed, unit)}",
            )
        )
    derived = " (derived, not published)" if row.get("floor_derived") else ""
    if row["polarity"] == "T" and has_range(row, "floor"):
        for end in ("low", "high"):
            printed = format_number(row[f"floor_{end}"], dp)
            refs.append(
                Reference(
                    f"floor-{end}",
                    "floor",
                    row[f"floor_{end}"],
                    f"Floor {printed}{derived}",
                    f"Floor standard{suffix} ({end} end): {_with_unit(printed, unit)}{derived}",
                )
            )
    elif row["floor"] is not None:
        printed = format_number(row["floor"], dp)
        refs.append(
            Reference(
                "floor",
                "floor",
                row["floor"],
                f"Floor {printed}{derived}",
                f"Floor standard{suffix}: {_with_unit(printed, unit)}{derived}",
            )
        )
    return refs


def has_range(row: dict[str, Any], kind: str) -> bool:
    """Whether the row has a ``kind`` (target or floor) range."""
    return row.get(f"{kind}_low") is not None and row.get(f"{kind}_high") is not None


def print_range(
    row: dict[str, Any], kind: str, dp: int, joiner: str = "–", unit: bool = False
) -> str:
    """A target or floor range as printed ("17.5–22.5")."""
    low, high = format_number(row[f"{kind}_low"], dp), format_number(row[f"{kind}_high"], dp)
    if unit:
        low, high = _with_unit(low, row["unit"]), _with_unit(high, row["unit"])
    return f"{low}{joiner}{high}"


def _benchmark_references(row: dict[str, Any], table: dict[str, Any]) -> list[Reference]:
    refs = []
    for column in ("comparator", "national"):
        value = row.get(column)
        if value is None or row.get(f"{column}_status"):
            continue
        heading = " ".join(str(table.get(f"{column}_heading") or "").split())
        heading = heading or _DEFAULT_HEADINGS[column]
        printed = format_number(value, _decimals(row.get(f"{column}_dp"), int(row["decimals"])))
        refs.append(
            Reference(
                column,
                column,
                value,
                f"{heading} {printed}",
                f"{heading}: {_with_unit(printed, row['unit'])}",
            )
        )
    return refs


# --------------------------------------------------------------------------- alt text


def alt_text(
    row: dict[str, Any], table: dict[str, Any], points: list[dict[str, Any]], area_name: str
) -> str:
    """The chart's alt text: the series, thresholds, benchmarks, caveats and the arrow."""
    clauses = [
        _series_clause(points, row, area_name),
        _threshold_clause(row),
        _benchmark_clause(row, table),
        _status_clause(points),
        _dot_clause(row),
    ]
    return "; ".join(c for c in clauses if c) + "."


def _labels_of(points: list[dict[str, Any]], value: float, dp: int) -> str:
    printed = format_number(value, dp)
    return ", ".join(
        p["label"]
        for p in points
        if p["value"] is not None and format_number(p["value"], dp) == printed
    )


def _series_clause(points: list[dict[str, Any]], row: dict[str, Any], area: str) -> str:
    present = [p for p in points if p["value"] is not None]
    unit = "" if row["unit"] == "percent" else f" ({_unit_words(row['unit'])})"
    head = f"Line chart of {' '.join(str(row['title']).split())}{unit} for {area}"
    if not present:
        return f"{head}: no figures"
    first, last = present[0], present[-1]
    if len(present) == 1:
        return f"{head}, {first['label']}: {figure(first['value'], row)}"
    head = f"{head}, {first['label']} to {last['label']}"
    dp = int(row["decimals"])
    values = [p["value"] for p in present]
    low, high = min(values), max(values)
    if format_number(low, dp) == format_number(high, dp):
        return f"{head}: unchanged at {figure(low, row)}"
    return (
        f"{head}: from {figure(first['value'], row)} to {figure(last['value'], row)}, "
        f"lowest {figure(low, row)} ({_labels_of(present, low, dp)}), "
        f"highest {figure(high, row)} ({_labels_of(present, high, dp)})"
    )


def _threshold_clause(row: dict[str, Any]) -> str:
    status = row.get("target_status")
    if status:
        return f"target {MARKER_MEANINGS.get(status, status).lower()}"
    dp, unit, parts = threshold_dp(row), row["unit"], []
    if row["target"] is not None:
        comparator = {"<=": "at most ", ">=": "at least "}.get(row.get("target_comparator"), "")
        parts.append(f"target {comparator}{_with_unit(format_number(row['target'], dp), unit)}")
        if row["polarity"] == "T" and has_range(row, "target"):
            parts[-1] += f" (range {print_range(row, 'target', dp, ' to ', unit=True)})"
    if row["polarity"] == "T" and has_range(row, "floor"):
        parts.append(f"floor standard range {print_range(row, 'floor', dp, ' to ', unit=True)}")
    elif row["floor"] is not None:
        parts.append(f"floor standard {_with_unit(format_number(row['floor'], dp), unit)}")
    return ", ".join(parts)


def _benchmark_clause(row: dict[str, Any], table: dict[str, Any]) -> str:
    refs = _benchmark_references(row, table)
    if not refs:
        return ""
    texts = [r.detail.replace(": ", " ", 1) for r in refs]
    return "benchmarks " + " and ".join(texts)


def _status_clause(points: list[dict[str, Any]]) -> str:
    present = [i for i, p in enumerate(points) if p["value"] is not None]
    parts = [
        f"the {p['label']} figure is {p['status']}"
        for p in points
        if p["value"] is not None and p["status"] in _MARKED
    ]
    if present:
        gaps = [p["label"] for p in points[present[0] : present[-1] + 1] if p["value"] is None]
        if gaps:
            parts.append(f"no figure for {', '.join(gaps)}")
    return ", ".join(parts)


def _dot_clause(row: dict[str, Any]) -> str:
    dot, method = row.get("dot"), row.get("dot_method")
    if not dot:
        return ""
    if method == "trend":
        verb = "stayed the same" if dot == "same" else dot
        return f"performance {verb} over the trend of recent periods"
    against = _DOT_PHRASES.get(method or "", "the previous period")
    if dot == "same":
        return f"performance was the same as {against}"
    return f"performance {dot} on {against}"
