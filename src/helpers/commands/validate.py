"""``scorecard validate``: check the text files, the store, and the published ratings.

Errors (exit status 1) are problems in our data files. Warnings name the places where
the *published* scorecard is inconsistent: figures that disagree with their own
numerators and denominators, one figure printed two ways, printed codes that clash, and
RAG ratings or arrows printed in ``reference/published/`` that the figures contradict.
Published figures are never changed; they are reported.
"""

from __future__ import annotations

import csv
from pathlib import Path

from helpers.core.vocabulary import RAGS
from helpers.data.datafiles import Report
from helpers.data.load import read_data
from helpers.data.store import CsvSource, DuckDBSource, data_fingerprint
from helpers.engine.scorecard import build_scorecard
from helpers.rules.travel import parse_arrow

REFERENCE_DIR = Path("reference") / "published"


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
    meta = DuckDBSource(db_path).read("meta")
    built = dict(zip(meta["key"], meta["value"], strict=True)).get("data_fingerprint")
    if built != data_fingerprint(data_dir):
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
    with path.open(encoding="utf-8") as handle:
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
    data_dir = root / "data"
    files = read_data(data_dir, root)
    report = files.report
    check_store(data_dir, db_path or root / "build" / "scorecard.duckdb", report)
    if report.errors:
        return report
    for path in sorted((root / REFERENCE_DIR).glob("*-ratings.csv")):
        compare_published(data_dir, path, report, root)
    return report
