"""Checks across the data files: references, periods, duplicates and published consistency.

Errors stop a run (an unknown indicator, a duplicate figure, a period that does not
exist, a percentage whose numerator exceeds its denominator, ...). Warnings name rows
where the *published* figures disagree with themselves; the figures are never changed,
only reported, so that the scorecard reproduces what was published and says where it
is inconsistent.
"""

from __future__ import annotations

from helpers.core.numbers import is_missing, number_or_none, round_half_up
from helpers.core.vocabulary import MARKER_STATUSES, POLARITIES, THRESHOLD_NAMES
from helpers.data.bounds import check_areas, check_numbers, check_validity
from helpers.data.datafiles import DataFiles, Report, period_problem
from helpers.rules.measures import agrees_with_printed, compute_measure
from helpers.rules.rating import ThresholdError, Thresholds, validate_thresholds

_ID_FILES = (
    "versions",
    "printed_names",
    "rows",
    "targets",
    "benchmarks",
    "data_sources",
    "figures",
)


def check_references(files: DataFiles) -> None:
    """Every indicator id, table and area named anywhere must exist."""
    report = files.report
    ids = set(files["indicators"]["id"])
    tables = set(files["tables"]["table"])
    for name in _ID_FILES:
        for row in files.records(name):
            if row["id"] and row["id"] not in ids:
                report.add(
                    "error",
                    row["_file"],
                    row["_line"],
                    "id",
                    f"unknown indicator id '{row['id']}' (not in data/registry/indicators.csv)",
                )
    _check_known(files, ("indicators", "rows", "benchmarks", "figures"), "table", tables)
    sections = set(files["sections"]["section"]) if "section" in files["sections"] else set()
    _check_known(files, ("indicators", "tables"), "section", sections)
    _check_unique(files, "sections", ("section",), "section id")
    _check_unique(files, "indicators", ("id",), "indicator id")
    _check_unique(files, "tables", ("table",), "table id")
    _check_unique(files, "areas", ("area",), "area id")
    _check_unique(files, "rows", ("table", "position", "valid_from"), "table position")
    _check_unique(files, "targets", ("dataset", "id", "year"), "target for this year")
    _check_unique(files, "benchmarks", ("dataset", "id", "column", "table"), "benchmark")


def _check_known(files: DataFiles, names: tuple[str, ...], field: str, known: set[str]) -> None:
    """Every ``field`` value in the files ``names`` is one of the registry's (``{field}s.csv``)."""
    for name in names:
        for row in files.records(name):
            if row.get(field) and row[field] not in known:
                files.report.add(
                    "error",
                    row["_file"],
                    row["_line"],
                    field,
                    f"unknown {field} '{row[field]}' (not in data/registry/{field}s.csv)",
                )


def _check_unique(files: DataFiles, name: str, keys: tuple[str, ...], what: str) -> None:
    frame = files[name]
    if not len(frame) or any(k not in frame for k in keys):
        return
    seen: dict[tuple, int] = {}
    for row in files.records(name):
        key = tuple(row[k] for k in keys)
        if key in seen:
            files.report.add(
                "error",
                row["_file"],
                row["_line"],
                keys[-1],
                f"duplicate {what}: {', '.join(map(str, key))} is already on line {seen[key]}",
            )
        else:
            seen[key] = row["_line"]


def _indicator_meta(files: DataFiles) -> dict[str, dict]:
    """Indicator attributes by id, for fast lookups row by row."""
    return {row["id"]: row for row in files.records("indicators")}


def check_figures(files: DataFiles) -> None:
    """Periods exist, no duplicates, statuses agree with values, areas match folders."""
    report = files.report
    indicators = _indicator_meta(files)
    seen: dict[tuple, int] = {}
    for row in files.records("figures"):
        file, line = row["_file"], row["_line"]
        if row["area"] != row["_area_dir"]:
            report.add(
                "error",
                file,
                line,
                "area",
                f"area '{row['area']}' in the folder of area '{row['_area_dir']}'",
            )
        key = (row["dataset"], row["id"], row["area"], row["period"], row["table"])
        if key in seen:
            report.add(
                "error",
                file,
                line,
                "period",
                f"duplicate figure: {row['id']} for {row['period']} is already on line {seen[key]}",
            )
        seen.setdefault(key, line)
        ind = indicators.get(row["id"])
        if ind is not None:
            problem = period_problem(row["period"], ind["frequency"], ind["year_basis"])
            if problem:
                report.add("error", file, line, "period", problem)
        _check_status(row, report, MARKER_STATUSES)


def _check_status(row: dict, report: Report, markers: tuple[str, ...]) -> None:
    file, line, status = row["_file"], row["_line"], row["status"]
    has_value = not is_missing(row["value"])
    if status in markers and has_value:
        report.add(
            "error", file, line, "value", f"a figure marked '{status}' must leave value empty"
        )
    if status not in markers and not has_value:
        report.add(
            "error",
            file,
            line,
            "value",
            "is empty: give a number, or a status saying why (not_available, "
            "to_be_supplied, new_indicator)",
        )


def check_measures(files: DataFiles) -> None:
    """Percentages cannot exceed their denominators; values should agree with them."""
    report = files.report
    if not len(files["figures"]) or not len(files["indicators"]):
        return
    meta = _indicator_meta(files)
    for row in files.records("figures"):
        ind = meta.get(row["id"])
        if ind is not None:
            _check_one_measure(row, ind["measure"], int(ind["decimals"]), report)


def _check_one_measure(row: dict, measure: str, decimals: int, report: Report) -> None:
    file, line = row["_file"], row["_line"]
    value, num, den = (
        number_or_none(row["value"]),
        number_or_none(row["numerator"]),
        number_or_none(row["denominator"]),
    )
    acknowledged = bool(row["note"])
    if measure == "percent" and num is not None and den is not None and num > den:
        level = "warning" if acknowledged else "error"
        extra = f" (published as such: {row['note']})" if acknowledged else ""
        report.add(
            level,
            file,
            line,
            "numerator",
            f"{row['id']} {row['period']}: numerator {num:g} exceeds denominator "
            f"{den:g} for a percentage{extra}",
        )
    if value is None:
        return
    agrees = agrees_with_printed(value, num, den, measure, decimals)  # type: ignore[arg-type]
    if agrees is False:
        computed = compute_measure(num, den, measure)  # type: ignore[arg-type]
        report.add(
            "warning",
            file,
            line,
            "value",
            f"{row['id']} {row['period']}: printed {value:g} but {num:g} / {den:g} "
            f"gives {round_half_up(computed or 0.0, decimals):g}; kept as published",
        )


def check_printed_copies(files: DataFiles) -> None:
    """Warn where one figure is printed differently in two tables of the same scorecard."""
    figures = files["figures"]
    if not len(figures):
        return
    general = {
        (r["dataset"], r["id"], r["area"], r["period"]): r
        for r in files.records("figures")
        if not r["table"]
    }
    for row in files.records("figures"):
        if not row["table"]:
            continue
        base = general.get((row["dataset"], row["id"], row["area"], row["period"]))
        if base is not None and base["value"] != row["value"]:
            files.report.add(
                "warning",
                row["_file"],
                row["_line"],
                "value",
                f"{row['id']} {row['period']} is printed as {row['value']:g} in table "
                f"'{row['table']}' but {base['value']:g} elsewhere (line {base['_line']}); "
                "each table shows its own printed figure",
            )


def check_codes(files: DataFiles) -> None:
    """Warn where a printed code names two indicators or differs from the registry's."""
    versions = files["versions"]
    if not len(versions):
        return
    owners: dict[str, set[str]] = {}
    for row in files.records("versions"):
        if row["code"]:
            owners.setdefault(row["code"], set()).add(row["id"])
    for code, ids in sorted(owners.items()):
        if len(ids) > 1:
            first = versions[versions["code"] == code].iloc[-1]
            files.report.add(
                "warning",
                first["_file"],
                int(first["_line"]),
                "code",
                f"printed code {code} names more than one indicator: "
                f"{', '.join(sorted(ids))}; our ids keep them apart",
            )
    codes = {(r["id"], r["code"]) for r in files.records("versions")}
    for row in files.records("printed_names"):
        if row["code"] and (row["id"], row["code"]) not in codes:
            files.report.add(
                "warning",
                row["_file"],
                row["_line"],
                "code",
                f"{row['printed_in']} prints code {row['code']} for {row['id']}, "
                "whose code is otherwise different",
            )


def check_targets(files: DataFiles) -> None:
    """A rated target needs a floor standard (or floor range for T polarity)."""
    targets, indicators = files["targets"], files["indicators"]
    if not len(targets) or not len(indicators):
        return
    polarity = dict(zip(indicators["id"], indicators["polarity"], strict=True))
    for row in files.records("targets"):
        pol = polarity.get(row["id"], "")
        if row["status"] or pol not in POLARITIES:  # a wrong polarity is its own error
            continue
        if not _thresholds_in_order(row, pol, files.report):
            continue
        pair = ("floor_low", "floor_high") if pol == "T" else ("floor",)
        if any(number_or_none(row[c]) is None for c in pair):
            files.report.add(
                "warning",
                row["_file"],
                row["_line"],
                pair[0],
                f"{row['id']} {row['year']} has a target but no floor standard: "
                "a missed target cannot be rated AMBER or RED",
            )


def _thresholds_in_order(row: dict, polarity: str, report: Report) -> bool:
    names = THRESHOLD_NAMES
    try:
        validate_thresholds(polarity, Thresholds(**{n: number_or_none(row[n]) for n in names}))  # type: ignore[arg-type]
    except ThresholdError as exc:
        report.add(
            "error",
            row["_file"],
            row["_line"],
            exc.field,
            f"{row['id']} {row['year']}: thresholds do not fit polarity {polarity}: {exc}",
        )
        return False
    return True


def check_data(files: DataFiles) -> None:
    """Run every cross-file check, adding problems to ``files.report``."""
    check_references(files)
    check_figures(files)
    check_measures(files)
    check_printed_copies(files)
    check_codes(files)
    check_targets(files)
    check_numbers(files)
    check_validity(files)
    check_areas(files)
