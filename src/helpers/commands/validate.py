"""``scorecard validate``: check the text files, the store, and the published ratings.

Errors (exit status 1) are problems in our data files. Warnings name the places where
the *published* scorecard is inconsistent: figures that disagree with their own
numerators and denominators, one figure printed two ways, printed codes that clash, and
RAG ratings or arrows printed in ``reference/published/`` that the figures contradict.
Published figures are never changed; they are reported, and ``scorecard validate``
prints them as one count pointing to ``docs/data-notes.md`` (``--all`` lists them), so
that anything new stands out. Figures not yet in a published edition are checked
strictly (:func:`helpers.data.figure_checks.check_new_figures`): there, a value that
disagrees with its numerator and denominator is an error.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from helpers.core.vocabulary import RAGS
from helpers.data.datafiles import Report
from helpers.data.figure_checks import check_new_figures, latest_published_month
from helpers.data.importer import read_import_checks
from helpers.data.load import read_data
from helpers.data.params import ParamsError, load_month_params
from helpers.data.problems import Problem
from helpers.data.store import CsvSource, built_fingerprint, data_fingerprint
from helpers.engine.commentary import CommentaryError, code_index, parse_commentary, stated_rag
from helpers.engine.scorecard import build_scorecard
from helpers.render.sanitise import clean_commentary, clean_params
from helpers.rules.travel import parse_arrow

REFERENCE_DIR = Path("reference") / "published"
_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


def check_store(data_dir: Path, db_path: Path, report: Report) -> None:
    """Warn when the store is missing or was built from other text files."""
    shown = str(db_path)
    if not db_path.exists():
        report.add(
            "warning",
            shown,
            None,
            None,
            "no store built yet: `scorecard store` (or any run) builds it",
        )
        return
    built = built_fingerprint(db_path)
    if built is None:
        report.add(
            "warning",
            shown,
            None,
            None,
            "the store is unreadable or not the scorecard's: any run or `scorecard store` "
            "rebuilds it from the text files",
        )
    elif built != data_fingerprint(data_dir):
        report.add(
            "warning",
            shown,
            None,
            None,
            "the store is out of date with the text files: `scorecard store` rebuilds "
            "it (runs rebuild it themselves)",
        )


def _printed_rag(text: str) -> str | None:
    return text if text in RAGS else None


def compare_published(data_dir: Path, path: Path, report: Report, root: Path) -> list[dict]:
    """Compare a published ratings file with what the engine computes.

    The file is named ``<month>-<area>-ratings.csv``. Every row where the printed RAG or
    arrow differs from the engine's becomes a warning naming the reference row.

    Returns
    -------
    list of dict
        The differences: table, id, field, published, computed.
    """
    month, area = path.name[:7], path.name[8:].removesuffix("-ratings.csv")
    card = build_scorecard(CsvSource(data_dir), month, area)
    computed = {(r["table"], r["id"]): r for r in card.records()}
    shown = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
    differences = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for line, printed in enumerate(csv.DictReader(handle), start=2):
            row = computed.get((printed["table"], printed["id"]))
            if row is None:
                report.add(
                    "error",
                    shown,
                    line,
                    "id",
                    f"{printed['id']} is not in the "
                    f"{printed['table']} table of the {month} scorecard",
                )
                continue
            for diff in _differences(printed, row):
                differences.append(diff)
                report.add(
                    "warning",
                    shown,
                    line,
                    diff["field"],
                    f"{printed['code'] or printed['id']} ({printed['table']}): published "
                    f"{diff['published'] or 'nothing'} but the figures give "
                    f"{diff['computed'] or 'nothing'}{diff['why']}",
                )
    return differences


def _differences(printed: dict, row: dict) -> list[dict]:
    pairs = (
        (
            "dot_printed",
            _arrow_name(printed["dot_printed"]),
            row["dot"],
            f" ({_fmt(row['value'])} against {_fmt(row['previous_value'])}, "
            f"polarity {row['polarity']})",
        ),
        (
            "rag_printed",
            _printed_rag(printed["rag_printed"]),
            row["rag"],
            f" ({_fmt(row['value'])} against target {_fmt(row['target'])}, "
            f"polarity {row['polarity']})",
        ),
        (
            "previous_rag_printed",
            _printed_rag(printed["previous_rag_printed"]),
            row["previous_year_rag"],
            f" ({_fmt(row['previous_year_value'])} against target "
            f"{_fmt(row['previous_year_target'])}, polarity {row['polarity']})",
        ),
    )
    out = []
    for field, published, computed, why in pairs:
        if field == "previous_rag_printed" and not printed[field] and row["previous_year"] is None:
            continue
        if published != computed:
            out.append(
                {
                    "table": printed["table"],
                    "id": printed["id"],
                    "field": field,
                    "published": published or "",
                    "computed": computed or "",
                    "why": why,
                }
            )
    return out


def _arrow_name(text: str) -> str | None:
    direction = parse_arrow(text)
    return None if direction is None else direction.value


def _fmt(value: object) -> str:
    return "nothing" if value is None or value != value else f"{value:g}"


def validate(root: Path, db_path: Path | None = None) -> Report:
    """Run every check for the project at ``root`` and return the report."""
    return validate_split(root, db_path)[0]


def validate_split(root: Path, db_path: Path | None = None) -> tuple[Report, list[Problem]]:
    """Run every check; also say which warnings are the published editions' own.

    Returns
    -------
    (Report, list of Problem)
        Every problem found, and among its warnings those about figures, codes and
        ratings of published editions (kept as published, listed in
        ``docs/data-notes.md``). Figures not yet in a published edition are checked
        strictly: their inconsistencies are errors.
    """
    data_dir = root / "data"
    files = read_data(data_dir, root)
    report = files.report
    new = check_new_figures(files, latest_published_month(root))
    read_import_checks(root, set(files["indicators"]["id"]), report)
    check_store(data_dir, db_path or root / "build" / "scorecard.duckdb", report)
    if not report.errors:
        for path in sorted((root / REFERENCE_DIR).glob("*-ratings.csv")):
            compare_published(data_dir, path, report, root)
        check_commentary(root, report, CsvSource(data_dir, files))
    known = [w for w in report.warnings if _about_published(w, new)]
    return report, known


def _shown(path: Path, root: Path) -> str:
    return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)


def check_commentary(root: Path, report: Report, source: CsvSource) -> None:
    """Check every month's commentary files: headings name indicators, stated RAGs agree.

    A heading must name an indicator of that month's scorecard by id or printed code; an
    entry whose text states a RAG rating (RED, AMBER, GREEN) other than the computed one
    is a warning: the report groups entries by the computed rating.
    """
    for path in sorted((root / "params").glob("*.yml")):
        if not _MONTH.fullmatch(path.stem):
            continue
        try:
            params = load_month_params(root, path.stem)
        except ParamsError as exc:
            report.add("error", exc.file or _shown(path, root), exc.line, exc.field, exc.detail)
            continue
        report.problems.extend(clean_params(params)[1])  # notes: what the sanitiser removes
        if not params.commentary:
            continue
        area = params.areas[0] if params.areas else "kent"
        try:
            card = build_scorecard(
                source, params.month, area, allow_no_data=bool(params.no_figures_note)
            )
        except (LookupError, ValueError) as exc:
            report.add("error", _shown(path, root), None, "month", str(exc))
            continue
        rows = {r["id"]: r for r in reversed(card.records())}
        for file in params.commentary.values():
            _check_commentary_file(file, root, rows, report)


def _check_commentary_file(path: Path, root: Path, rows: dict, report: Report) -> None:
    shown = _shown(path, root)
    try:
        parsed = parse_commentary(path, set(rows), code_index(list(rows.values())))
    except CommentaryError as exc:
        report.add("error", shown, exc.line, "heading", str(exc).split(": ", 1)[-1])
        return
    report.problems.extend(clean_commentary(parsed, path, shown)[1])
    for entry in parsed.entries:
        stated = stated_rag(entry.text)
        row = rows[entry.indicator]
        if stated and stated != row["rag"]:
            name = row["code"] or entry.indicator
            computed = row["rag"] or "no rating"
            report.add(
                "warning",
                shown,
                entry.line,
                "text",
                f"the entry for {name} states {stated} but the figures give {computed}; "
                "the report shows the computed rating",
            )


def _about_published(problem: Problem, new: set[tuple[str, int]]) -> bool:
    """Whether a warning is about a published edition's own figures, codes or ratings."""
    shown = problem.file.replace("\\", "/")
    if shown.startswith(str(REFERENCE_DIR)) or shown.startswith("data/registry/"):
        return True
    return shown.endswith("figures.csv") and (problem.file, problem.line) not in new
