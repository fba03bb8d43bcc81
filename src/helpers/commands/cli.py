"""The ``scorecard`` command.

``scorecard store``      build the DuckDB store from the text files
``scorecard validate``   check the text files, the store and the published ratings
``scorecard ratings``    print every row's RAG rating and direction of travel
``scorecard run``        execute the section notebooks into a draft HTML, PDF, CSV, XLSX
``scorecard approve``    check an edition and record its sign-off
``scorecard publish``    publish an approved edition into a publication folder, once
``scorecard verify``     check and re-render every published edition
``scorecard new-month``  start a month's parameters from the month before
``scorecard synthetic``  regenerate the synthetic district data set
``scorecard notebook``   run any notebook of notebooks/ headless with Papermill

and the monthly cycle's commands of :mod:`helpers.commands.monthly` (import, pull, log,
status, diff, template).

Every command exits non-zero with a message naming the file, line and field when the
data are wrong, and never leaves a half-written store or report behind.
"""

from __future__ import annotations

import argparse
import functools
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from helpers.commands import monthly
from helpers.commands.editions import COMMANDS as EDITION_COMMANDS
from helpers.commands.editions import add_parsers as add_edition_parsers
from helpers.commands.validate import validate_split
from helpers.core.paths import PathError, confined, project_root, store_path
from helpers.data.datafiles import DataError, Problem, capped
from helpers.data.importer import ImportRefusedError
from helpers.data.months import new_month
from helpers.data.store import SCHEMES, build_store, ensure_store, open_source
from helpers.data.synthetic import SEED, generate
from helpers.engine.rows import ratings_frame
from helpers.engine.scorecard import build_scorecard


def _print_problems(problems: Sequence[Problem]) -> None:
    for line in capped(problems):
        print(line, file=sys.stderr)


def checked_source(root: Path, text: str) -> str:
    """A ``--source`` URL with its path resolved inside the project folder.

    Raises
    ------
    PathError
        When the path leads outside the project folder or to nothing (naming it as typed).
    """
    scheme, colon, rest = text.partition(":")
    if colon and scheme in SCHEMES and not Path(text).exists():
        written = rest[3:] if rest.startswith("///") else rest.lstrip("/")
    elif "://" in text:
        return text  # not a path: open_source names the schemes it knows
    else:
        scheme, written = "", text
    path = confined(written, root, "--source")
    if not path.exists():
        raise PathError(f"--source: no file or folder {written} (in {root})")
    return f"{scheme}:///{path}" if scheme else str(path)


def cmd_store(args: argparse.Namespace) -> int:
    """Build the store."""
    root = project_root()
    files = build_store(root / "data", store_path(root))
    _print_problems(files.report.warnings)
    print(
        f"store written: {store_path(root).relative_to(root)} "
        f"({len(files['figures'])} figures, {len(files['indicators'])} indicators)"
    )
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    """Check everything; exit 1 on errors; the published editions' warnings as one count."""
    report, known = validate_split(project_root())
    shown = [p for p in report.problems if args.all or p not in known]
    _print_problems(shown)
    if known and not args.all:
        print(
            f"NOTE: {len(known)} known inconsistencies in the published figures, kept as "
            "published: see docs/data-notes.md (scorecard validate --all lists them)",
            file=sys.stderr,
        )
    others = len(report.warnings) - (0 if args.all else len(known))
    print(f"{len(report.errors)} errors, {others} warnings")
    return 1 if report.errors else 0


def cmd_ratings(args: argparse.Namespace) -> int:
    """Print the ratings of one month and area."""
    root = project_root()
    source = (
        open_source(checked_source(root, args.source))
        if args.source
        else open_source(ensure_store(root))
    )
    frame = ratings_frame(build_scorecard(source, args.month, args.area).rows)
    if args.csv:
        frame.to_csv(sys.stdout, index=False, lineterminator="\n")
    else:
        print(frame.to_string(index=False))
    return 0


def cmd_new_month(args: argparse.Namespace) -> int:
    """Start a month's parameters from the previous month."""
    root = project_root()
    for path in new_month(root, args.month):
        print(f"written: {path.relative_to(root)}")
    return 0


def cmd_synthetic(args: argparse.Namespace) -> int:
    """Regenerate the synthetic district data set ``data/synthetic/``."""
    root = project_root()
    paths = generate(root / "data", seed=args.seed)
    print(f"written: {len(paths)} files under data/synthetic/ (seed {args.seed})")
    return 0


def _run_all(root: Path, args: argparse.Namespace) -> int:
    from helpers.publish.fanout import run_all  # slow: Papermill, Altair and vl-convert
    from helpers.publish.run import run_report

    run = functools.partial(run_report, engine=args.engine)
    results = run_all(root, args.month, force=args.force, run=run)
    executed = sum(len(r.executed) for r in results.values())
    index = f"reports/{args.month}/index.html"
    print(f"{len(results)} areas; executed {executed} notebook(s); index: {index}")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    """Execute the notebooks and publish the report."""
    from helpers.publish.run import run_report  # slow: Papermill, Altair and vl-convert

    root = project_root()
    if args.area == "all":
        return _run_all(root, args)
    source = checked_source(root, args.source) if args.source else None
    result = run_report(
        root, args.month, args.area, source_url=source, force=args.force, engine=args.engine
    )
    for warning in capped(result.warnings):
        print(warning, file=sys.stderr)
    for text in result.engine_warnings:
        print(f"scorecard run: {args.engine}: {text}", file=sys.stderr)
    if result.up_to_date:
        print(
            f"{result.folder.relative_to(root)} is up to date: nothing re-executed "
            f"({result.timings['total']:.2f} s)"
        )
        monthly.print_owed(root, args.month, args.area)
        return 0
    print(
        f"executed {len(result.executed)} notebook(s), reused {len(result.reused)}; "
        f"{result.timings['total']:.1f} s"
    )
    for path in result.outputs:
        print(path.relative_to(root))
    monthly.print_owed(root, args.month, args.area)
    print("a draft (marked DRAFT); to publish: `scorecard approve`, then `scorecard publish`")
    return 0


def cmd_notebook(args: argparse.Namespace) -> int:
    """Run one notebook headless and write the executed copy."""
    from helpers.publish.notebooks import run_notebook  # slow: Papermill

    root = project_root()
    done = run_notebook(root, args.name, args.parameter or [], args.out)
    shown = done.output.relative_to(root) if done.output.is_relative_to(root) else done.output
    print(f"executed {done.notebook.name} in {done.seconds:.1f} s; written: {shown}")
    return 0


def _notebook_parser(sub: argparse._SubParsersAction) -> None:
    cmd = sub.add_parser(
        "notebook",
        help="run a notebook of notebooks/ headless with Papermill and write the executed copy",
    )
    cmd.add_argument("name", help="the notebook, e.g. explore or 03-ics-kpis")
    cmd.add_argument(
        "-p",
        "--parameter",
        nargs=2,
        action="append",
        metavar=("KEY", "VALUE"),
        help="set a parameter of the notebook's parameters cell (repeatable)",
    )
    cmd.add_argument(
        "--out", help="where to write the executed copy (default: build/notebooks/NAME.ipynb)"
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scorecard", description="The CYPE Directorate Scorecard, reproducibly."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("store", help="build build/scorecard.duckdb from the text files in data/")
    check = sub.add_parser(
        "validate", help="check the data files, commentary, the store and ratings"
    )
    check.add_argument(
        "--all", action="store_true", help="list the published editions' known inconsistencies"
    )
    synthetic = sub.add_parser(
        "synthetic", help="regenerate data/synthetic/ (the districts' demonstration data)"
    )
    synthetic.add_argument(
        "--seed", type=int, default=SEED, help=f"random seed (default {SEED}, the committed data)"
    )
    new = sub.add_parser("new-month", help="start params/MONTH.yml from the previous month")
    new.add_argument("month", help="the new report month, e.g. 2025-12")
    for name, text in (
        ("ratings", "print each row's RAG and direction of travel"),
        ("run", "render a draft of the scorecard into reports/MONTH/AREA/"),
    ):
        cmd = sub.add_parser(name, help=text)
        cmd.add_argument("--month", required=True, help="report month, e.g. 2025-11")
        cmd.add_argument(
            "--area",
            default="kent",
            help="area id (default: kent); with run, 'all' renders every area",
        )
        cmd.add_argument("--source", help="data source URL (default: the store, built if needed)")
        if name == "ratings":
            cmd.add_argument("--csv", action="store_true", help="write CSV to standard output")
        else:
            cmd.add_argument(
                "--force",
                action="store_true",
                help="re-execute every notebook even when nothing changed",
            )
            cmd.add_argument(
                "--engine",
                choices=("native", "quarto"),
                default="native",
                help="render with pandoc and Typst (native, the default) or `quarto render`",
            )
    _notebook_parser(sub)
    monthly.add_parsers(sub)
    add_edition_parsers(sub)
    return parser


def _editions(args: argparse.Namespace) -> int:
    return EDITION_COMMANDS[args.command](args, project_root())


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "store": cmd_store,
    "validate": cmd_validate,
    "ratings": cmd_ratings,
    "run": cmd_run,
    "new-month": cmd_new_month,
    **monthly.COMMANDS,
    "synthetic": cmd_synthetic,
    "notebook": cmd_notebook,
    "approve": _editions,
    "publish": _editions,
    "verify": _editions,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        return 0
    except (ImportRefusedError, DataError) as exc:
        _print_problems(exc.problems)
        count = len(exc.problems)
        what = (
            f"refused, {count} error(s); nothing was changed"
            if isinstance(exc, ImportRefusedError)
            else f"stopped, {count} error(s) in the data"
        )
        print(f"scorecard {args.command}: {what}", file=sys.stderr)
        return 1
    except OSError as exc:  # an unwritable or missing folder: the person's to fix, in one line
        where = f": {exc.filename}" if exc.filename else ""
        print(f"scorecard {args.command}: {exc.strerror or exc}{where}", file=sys.stderr)
        return 2
    except (KeyError, LookupError, ValueError, RuntimeError) as exc:
        message = exc.args[0] if exc.args else str(exc)
        print(f"scorecard {args.command}: {message}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
