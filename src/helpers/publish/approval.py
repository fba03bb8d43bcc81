"""Sign-off: check that an edition can be approved, and record the approval.

``scorecard approve`` refuses an edition that has data errors, owed figures (unless each
is marked not available with a reason in ``params/<month>.yml``), a RED or AMBER row with
neither commentary nor a "No commentary: <reason>" decision, or a plausibility warning
that was not acknowledged. Otherwise it writes ``approvals/<month>/<area>.yml``: who
approved, when, the note, what was acknowledged, and the SHA-256 of every input of the
edition. Any later change to one of those inputs voids the approval; ``scorecard publish``
says which file changed.

Owed figures are those ``scorecard status`` lists as owed (:func:`helpers.engine.status.owed`),
less the indicators a district does not report (no district breakdown). One check stands
in for the monthly cycle's acknowledgements until approval reads them from its log:
:func:`plausibility_warnings` (the data checks' warnings on the area's own figures,
acknowledged with ``--accept REASON`` and recorded in the approval).
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from helpers.data.datafiles import Report
from helpers.data.load import read_data
from helpers.data.params import MonthParams, load_month_params
from helpers.data.store import CsvSource, Source
from helpers.engine.commentary import code_index, parse_commentary, uncommented
from helpers.engine.scorecard import Scorecard, build_scorecard
from helpers.engine.status import owed
from helpers.publish.cache import area_data_files, file_hashes

APPROVALS = Path("approvals")


class ApprovalError(RuntimeError):
    """An edition cannot be approved, or its approval is missing or void."""


@dataclass(frozen=True)
class Area:
    """An area of the registry (``data/registry/areas.csv``)."""

    area: str
    name: str
    kind: str
    dataset: str


def read_areas(root: Path) -> dict[str, Area]:
    """The areas of the registry, by id."""
    with (root / "data" / "registry" / "areas.csv").open(encoding="utf-8") as handle:
        return {
            r["area"]: Area(r["area"], r["name"], r["kind"], r["dataset"])
            for r in csv.DictReader(handle)
        }


def approval_path(root: Path, month: str, area: str) -> Path:
    """Where the approval of one edition is recorded."""
    return root / APPROVALS / month / f"{area}.yml"


def edition_inputs(root: Path, month: str, area: str) -> dict[str, str]:
    """The SHA-256 of every input one edition shows, by path relative to the project.

    The same files as the run's cache keys (:func:`helpers.cache.area_data_files`): the
    registry, the area's data set and figures, the month's parameters and commentary, and
    the report configuration ``_quarto.yml``.
    """
    params = load_month_params(root, month)
    known = read_areas(root)
    if area not in known:
        raise ApprovalError(f"unknown area '{area}': it is not in data/registry/areas.csv")
    files = area_data_files(root / "data", known[area].dataset, area)
    files += [params.path, *params.commentary.values(), root / "_quarto.yml"]
    return file_hashes(files, root)


@dataclass
class Findings:
    """What stands in the way of approving an edition, and what was acknowledged."""

    problems: list[str] = field(default_factory=list)
    acknowledged: list[str] = field(default_factory=list)


def owed_figures(
    source: Source, month: str, area: Area, rows: list[dict[str, Any]], params: MonthParams
) -> dict[str, list[str]]:
    """Figures still owed and not marked not available, by table: printed code or id.

    ``scorecard status`` says what is owed; ``not_available:`` in the month's parameters
    names indicators or whole tables whose figures will not come, each with a reason; a
    district owes nothing for an indicator reported for Kent only.
    """
    tables: dict[str, str] = {}
    kent_only: set[str] = set()
    for row in rows:
        tables.setdefault(row["id"], row["table"])
        if not row["district_breakdown"]:
            kent_only.add(row["id"])
    marked = params.not_available
    out: dict[str, list[str]] = {}
    for due in owed(source, month, area.area):
        table = tables.get(due.id, "")
        if due.id in marked or table in marked:
            continue
        if area.kind == "district" and due.id in kent_only:
            continue
        out.setdefault(table, []).append(due.code or due.id)
    return out


def plausibility_warnings(report: Report, area: Area) -> list[str]:
    """The data checks' warnings about the area's own figures file.

    A stand-in for the acknowledged warnings of ``scorecard import`` (issue 10).
    """
    figures = f"data/{area.dataset}/{area.area}/figures.csv"
    return [str(w) for w in report.warnings if w.file == figures]


def _commentary_file(params: MonthParams, card: Scorecard, section: str, root: Path) -> str:
    for name, path in params.commentary.items():
        if section in card.commentary_sections(name):
            return str(path.relative_to(root))
    return "a commentary file of params/" + params.month + "/"


def find_problems(root: Path, month: str, area: str, accept: str = "") -> Findings:
    """Everything that stops ``month`` for ``area`` from being approved.

    Parameters
    ----------
    root
        The project folder.
    month, area
        The edition.
    accept
        A reason acknowledging the plausibility warnings (``--accept``); without one,
        each warning is a problem.
    """
    files = read_data(root / "data", root)
    report = files.report
    findings = Findings([str(problem) for problem in report.errors])
    if findings.problems:
        return findings
    params = load_month_params(root, month)
    known = read_areas(root)[area]
    source = CsvSource(root / "data", files)  # the files just read and checked
    card = build_scorecard(
        source,
        month,
        area,
        params.publication_month,
        allow_no_data=bool(params.no_figures_note),
    )
    rows = card.records()
    for table, names in owed_figures(source, month, known, rows, params).items():
        findings.problems.append(
            f"owed: {len(names)} figure(s) of table '{table}' ({', '.join(names)}): supply "
            "them, or mark each indicator (or the table) under 'not_available:' with a "
            f"reason in {params.path.relative_to(root)}"
        )
    ids, codes = set(card.rows["id"]), code_index(rows)
    parsed = {k: parse_commentary(p, ids, codes) for k, p in params.commentary.items()}
    for row in uncommented(rows, parsed, area, known.kind):
        findings.problems.append(
            f"commentary: {_name(row)} is {row['rag']}: write commentary under "
            f"'### {row['id']}' in {_commentary_file(params, card, row['section'], root)}, "
            "or 'No commentary: <reason>'"
        )
    for warning in plausibility_warnings(report, known):
        if accept:
            findings.acknowledged.append(warning)
        else:
            findings.problems.append(f"warning not acknowledged (--accept REASON): {warning}")
    return findings


def _name(row: dict[str, Any]) -> str:
    return f"{row['code']} {row['id']}" if row["code"] else row["id"]


def approve(
    root: Path,
    month: str,
    area: str,
    by: str,
    note: str = "",
    accept: str = "",
    now: dt.datetime | None = None,
) -> Path:
    """Check the edition and record its approval; return the approval file.

    Raises
    ------
    ApprovalError
        Listing every problem found; nothing is written.
    """
    if not by.strip():
        raise ApprovalError("--by needs the approver's name")
    findings = find_problems(root, month, area, accept)
    if findings.problems:
        lines = "\n".join(f"- {p}" for p in findings.problems)
        raise ApprovalError(
            f"{month} {area} cannot be approved ({len(findings.problems)} problem(s)):\n{lines}"
        )
    record: dict[str, Any] = {
        "month": month,
        "area": area,
        "approved_by": by.strip(),
        "approved_at": (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds"),
        "note": note.strip(),
    }
    if findings.acknowledged:
        record["acknowledged"] = {"reason": accept.strip(), "warnings": findings.acknowledged}
    record["inputs"] = edition_inputs(root, month, area)
    path = approval_path(root, month, area)
    path.parent.mkdir(parents=True, exist_ok=True)
    header = (
        f"# Approval of the {month} scorecard for {area} (scorecard approve). A change to any\n"
        "# input listed below voids it: approve again after reviewing the change.\n"
    )
    partial = path.with_suffix(".yml.partial")
    partial.write_text(
        header + yaml.safe_dump(record, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    partial.replace(path)
    return path


def current_approval(root: Path, month: str, area: str) -> dict[str, Any]:
    """The approval of an edition, checked against the inputs as they are now.

    Raises
    ------
    ApprovalError
        When there is no approval, or an input changed since (naming the files).
    """
    path = approval_path(root, month, area)
    shown = path.relative_to(root)
    if not path.exists():
        raise ApprovalError(
            f"{month} {area} is not approved: run `scorecard approve --month {month} "
            f"--area {area} --by NAME` first"
        )
    try:
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ApprovalError(f"{shown}: malformed YAML: {exc}") from None
    if not isinstance(record, dict) or not isinstance(record.get("inputs"), dict):
        raise ApprovalError(f"{shown}: not an approval record (no 'inputs:')")
    now = edition_inputs(root, month, area)
    changed = sorted(
        name
        for name in set(now) | set(record["inputs"])
        if now.get(name) != record["inputs"].get(name)
    )
    if changed:
        raise ApprovalError(
            f"the approval of {month} {area} ({shown}, by {record.get('approved_by')}) is void: "
            f"changed since: {', '.join(changed)}; review and approve again"
        )
    return record
