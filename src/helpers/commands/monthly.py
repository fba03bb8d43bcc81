"""The monthly cycle's commands: import, pull, log, status, diff and template.

``scorecard import FILE``        check a return (.csv or .xlsx) and write its figures
``scorecard pull``               run the warehouse queries and import their result
``scorecard log``                print the audit log
``scorecard status``             figures due for a month: received and still owed
``scorecard diff``               what changed from one month's scorecard to another's
``scorecard template``           an Excel returns template of the figures still owed
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from helpers.core.paths import project_root
from helpers.core.periods import month as parse_month
from helpers.core.periods import shift
from helpers.data.audit import entries_for_month, format_log, read_log
from helpers.data.importer import ImportResult, Options, Workspace, apply, plan
from helpers.data.returns import Return, read_return
from helpers.data.store import ensure_store, open_source
from helpers.data.template import write_template
from helpers.data.warehouse import pull_return
from helpers.data.warehouse_sample import REPRODUCES_MONTH, sample_warehouse_url
from helpers.engine.diff import compare, diff_frame
from helpers.engine.scorecard import build_scorecard
from helpers.engine.status import OWED, due_figures, status_frame, summary, template_rows


def _month_label(month: str) -> str:
    return parse_month(month).start.strftime("%B %Y")


def _options(args: argparse.Namespace, action: str) -> Options:
    return Options(
        area=args.area,
        revise=args.revise,
        accept=args.accept or "",
        by=args.by or "",
        action=action,
        dry_run=args.dry_run,
    )


def _report(result: ImportResult, ret: Return, dry_run: bool) -> None:
    for change in result.changes:
        fig = change.figure
        old = f" (was {change.old['value'] or change.old['status']})" if change.old else ""
        shown = fig.cells["value"] or fig.cells["status"]
        print(f"  {change.kind:9} {fig.area} {fig.id} {fig.period.label}: {shown}{old}")
    counts = ", ".join(f"{result.count(k)} {k}" for k in ("new", "revised", "unchanged"))
    if dry_run:
        print(f"{ret.shown}: checked, nothing written (dry run): {counts}")
        return
    print(f"{ret.shown} (sha256 {ret.sha256[:12]}): {counts}")
    root = project_root()
    for path in result.written:
        print(f"written: {path.relative_to(root)}")
    if result.log:
        print("logged: data/log/imports.csv")


def _import(root: Path, ret: Return, options: Options, ws: Workspace | None = None) -> int:
    ws = ws or Workspace(root)
    changes = plan(ws, ret, options)
    result = apply(ws, ret, changes, options)
    _report(result, ret, options.dry_run)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """Import a return file."""
    root = project_root()
    ret = read_return(Path(args.file), root)
    return _import(root, ret, _options(args, "import"))


def cmd_pull(args: argparse.Namespace) -> int:
    """Run the warehouse queries for a month and import the result."""
    root = project_root()
    url = args.warehouse
    if url == "sample":
        if args.month != REPRODUCES_MONTH:
            raise ValueError(
                f"the sample warehouse is synthetic: it only reproduces the published "
                f"{_month_label(REPRODUCES_MONTH)} figures (--month {REPRODUCES_MONTH}); "
                "point --warehouse at a real database for other months"
            )
        url = sample_warehouse_url(root)
    ws = Workspace(root)
    ret = pull_return(url, root, args.month, args.area, ws.lookup.meta, args.source or "")
    if args.warehouse == "sample":
        ret.shown = f"sample warehouse (synthetic records, {args.month})"
    return _import(root, ret, _options(args, "pull"), ws)


def cmd_log(args: argparse.Namespace) -> int:
    """Print the audit log (of one month's figures)."""
    entries = read_log(project_root() / "data")
    if args.month:
        entries = entries_for_month(entries, args.month)
    print(format_log(entries))
    return 0


def _source(root: Path) -> object:
    return open_source(ensure_store(root))


def owed_lines(root: Path, month: str, area: str) -> list[str]:
    """The figures still owed for a month and area, as the lines a run prints after it."""
    owed = [d for d in due_figures(_source(root), month, area) if d.state == OWED]  # type: ignore[arg-type]
    if not owed:
        return [f"every figure due for {_month_label(month)} ({area}) has come in"]
    lines = [f"still owed for {_month_label(month)} ({area}): {len(owed)} figure(s)"]
    groups: dict[str, list] = {}
    for due in owed:
        groups.setdefault(due.source_system, []).append(due)
    for system, dues in groups.items():
        expected = ", ".join(dict.fromkeys(d.expected_release or "not stated" for d in dues))
        names = ", ".join(f"{d.code or d.id} {d.period_label}" for d in dues)
        lines.append(f"  {system} (expected {expected}): {names}")
    lines.append(f"  (scorecard status --month {month} --area {area} for the details)")
    return lines


def cmd_status(args: argparse.Namespace) -> int:
    """Print what is due for a month: received, marked and owed, by source system."""
    root = project_root()
    dues = due_figures(_source(root), args.month, args.area)  # type: ignore[arg-type]
    if args.csv:
        status_frame(dues).to_csv(sys.stdout, index=False, lineterminator="\n")
        return 0
    print(f"Figures due for the {_month_label(args.month)} scorecard, {args.area}")
    for group in summary(dues):
        releases = ", ".join(group["releases"]) or "not stated"
        print(
            f"\n{group['source_system']}: {group['due']} due, {group['received']} received, "
            f"{group['marked']} marked, {group['owed']} owed (expected release: {releases})"
        )
        for due in dues:
            if due.source_system == group["source_system"] and due.state != "received":
                print(f"  {due.state:6} {due.code or '-':8} {due.period_label:13} {due.title}")
    totals = {k: sum(g[k] for g in summary(dues)) for k in ("due", "received", "marked", OWED)}
    print(
        f"\nTotal: {totals['due']} due, {totals['received']} received, "
        f"{totals['marked']} marked, {totals[OWED]} owed"
    )
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    """Print, and write as CSV, what changed between two months' scorecards."""
    root = project_root()
    against = args.against or shift(parse_month(args.month), -1).key
    source = _source(root)
    after = build_scorecard(source, args.month, args.area)  # type: ignore[arg-type]
    before = build_scorecard(source, against, args.area)  # type: ignore[arg-type]
    frame = diff_frame(compare(before, after, read_log(root / "data")))
    out = (
        Path(args.out)
        if args.out
        else root / "build" / "diff" / (f"{args.area}-{args.month}-against-{against}.csv")
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(out, index=False, lineterminator="\n")
    print(f"{_month_label(args.month)} against {_month_label(against)}, {args.area}:")
    if len(frame):
        shown = frame[["change", "code", "id", "before_period", "before", "after_period", "after"]]
        print(shown.to_string(index=False))
    else:
        print("no changes")
    print(f"written: {out.relative_to(root) if out.is_relative_to(root) else out}")
    return 0


def cmd_template(args: argparse.Namespace) -> int:
    """Write an Excel returns template of the figures still owed."""
    root = project_root()
    rows = template_rows(_source(root), args.month, args.area, args.source or "")  # type: ignore[arg-type]
    if not rows:
        raise LookupError(
            f"nothing is owed for {_month_label(args.month)} ({args.area})"
            + (f" from source '{args.source}'" if args.source else "")
        )
    out = Path(args.out)
    if out.suffix.lower() != ".xlsx":
        raise ValueError(f"--out must be an .xlsx file, not '{out.name}'")
    title = f"Returns for the {_month_label(args.month)} scorecard, {args.area}"
    sheets = write_template(rows, out, title)
    print(f"written: {out} ({len(rows)} figures on {len(sheets)} sheet(s): {', '.join(sheets)})")
    return 0


COMMANDS = {
    "import": cmd_import,
    "pull": cmd_pull,
    "log": cmd_log,
    "status": cmd_status,
    "diff": cmd_diff,
    "template": cmd_template,
}
