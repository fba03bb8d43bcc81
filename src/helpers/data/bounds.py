"""Impossible values: numbers no figure can have, validity ranges that cannot be, stray areas.

Every check here is an error (it stops a run) naming the file, the line and the field:

- a percentage outside 0–100 (a figure, a target, floor or range end, a benchmark);
- a negative count, rate or average, and a negative numerator or denominator;
- a zero denominator;
- a validity range (``valid_from``..``valid_to``) that ends before it starts, and two
  versions of one indicator whose ranges overlap;
- figures of an area that ``data/registry/areas.csv`` does not list for that data set, and
  a data set folder that is missing or lies outside ``data/``.
"""

from __future__ import annotations

import itertools
import math
from pathlib import Path
from typing import Any

from helpers.data.datafiles import DataFiles, Report

NON_NEGATIVE = ("count", "rate_per_10000", "average", "percent")
"""Measures whose values cannot be negative."""
_THRESHOLDS = ("target", "floor", "target_low", "target_high", "floor_low", "floor_high")
_NAMES = {"count": "a count", "rate_per_10000": "a rate", "average": "an average"}


def _number(value: Any) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)


def _bounds_problem(value: float, indicator: dict[str, Any]) -> str | None:
    if indicator["unit"] == "percent" or indicator["measure"] == "percent":
        if not 0 <= value <= 100:
            return f"{value:g} is not a percentage: a percentage lies between 0 and 100"
    elif indicator["measure"] in NON_NEGATIVE and value < 0:
        return f"{value:g} is impossible: {_NAMES[indicator['measure']]} cannot be negative"
    return None


def _check_value(
    row: dict[str, Any], column: str, indicator: dict[str, Any] | None, report: Report
) -> None:
    value = _number(row[column])
    if value is None or indicator is None:
        return
    message = _bounds_problem(value, indicator)
    if message:
        report.add("error", row["_file"], row["_line"], column, f"{row['id']}: {message}")


def _check_fraction(row: dict[str, Any], report: Report) -> None:
    for column in ("numerator", "denominator"):
        value = _number(row[column])
        if value is not None and value < 0:
            report.add(
                "error",
                row["_file"],
                row["_line"],
                column,
                f"{row['id']} {row['period']}: a {column} cannot be negative ({value:g})",
            )
    if _number(row["denominator"]) == 0:
        report.add(
            "error",
            row["_file"],
            row["_line"],
            "denominator",
            f"{row['id']} {row['period']}: a denominator of 0 gives no value; "
            "leave both empty or give a status",
        )


def check_numbers(files: DataFiles) -> None:
    """Percentages within 0–100, no negative counts, rates, averages or fractions."""
    indicators = {row["id"]: row for row in files.records("indicators")}
    if len(files["figures"]):
        for row in files.records("figures"):
            _check_fraction(row, files.report)
            _check_value(row, "value", indicators.get(row["id"]), files.report)
    if len(files["targets"]):
        for row in files.records("targets"):
            for column in _THRESHOLDS:
                _check_value(row, column, indicators.get(row["id"]), files.report)
    if len(files["benchmarks"]):
        for row in files.records("benchmarks"):
            _check_value(row, "value", indicators.get(row["id"]), files.report)


def check_validity(files: DataFiles) -> None:
    """Validity ranges run forwards; the versions of one indicator do not overlap."""
    for name in ("versions", "tables", "rows"):
        if not len(files[name]):
            continue
        for row in files.records(name):
            if row["valid_to"] and row["valid_from"] and row["valid_to"] < row["valid_from"]:
                files.report.add(
                    "error",
                    row["_file"],
                    row["_line"],
                    "valid_to",
                    f"the range ends ({row['valid_to']}) before it starts "
                    f"(valid_from {row['valid_from']})",
                )
    if len(files["versions"]):
        _check_overlaps(files)


def _check_overlaps(files: DataFiles) -> None:
    by_id: dict[str, list[dict[str, Any]]] = {}
    for row in files.records("versions"):
        if row["valid_from"] and not (row["valid_to"] and row["valid_to"] < row["valid_from"]):
            by_id.setdefault(row["id"], []).append(row)
    for rows in by_id.values():
        rows.sort(key=lambda r: r["valid_from"])
        for before, after in itertools.pairwise(rows):
            if not before["valid_to"] or before["valid_to"] >= after["valid_from"]:
                files.report.add(
                    "error",
                    after["_file"],
                    after["_line"],
                    "valid_from",
                    f"this version of {after['id']} starts in {after['valid_from']}, inside "
                    f"the version on line {before['_line']} "
                    f"({before['valid_from']}..{before['valid_to'] or 'open'})",
                )


def check_areas(files: DataFiles) -> None:
    """Figures belong to an area listed for their data set in ``areas.csv``."""
    listed = {(row["dataset"], row["area"]) for row in files.records("areas")}
    if not len(files["figures"]) or not listed:
        return
    reported: set[str] = set()
    for row in files.records("figures"):
        if (row["dataset"], row["_area_dir"]) in listed or row["_file"] in reported:
            continue
        reported.add(row["_file"])
        files.report.add(
            "error",
            row["_file"],
            row["_line"],
            "area",
            f"folder '{row['_area_dir']}' of data set '{row['dataset']}' is not an area in "
            "data/registry/areas.csv: add the area there, or move the folder",
        )


def dataset_folder_problem(data_dir: Path, dataset: str) -> str | None:
    """Why a data set folder named in ``areas.csv`` cannot be used, or None."""
    folder = data_dir / dataset
    if not folder.resolve().is_relative_to(data_dir.resolve()):
        return f"data set folder '{dataset}' lies outside {data_dir.name}/ (a link?)"
    if not folder.is_dir():
        return f"no data set folder {data_dir.name}/{dataset}/"
    return None
