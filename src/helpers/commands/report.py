"""The commands that render: ``scorecard run`` and ``scorecard notebook``.

Light at the top: an up-to-date ``scorecard run`` works out its plan
(:mod:`helpers.publish.plan`), says so and prints the figures still owed, as they were
worked out for these very inputs, without importing pandas, Papermill or Altair.
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
import tempfile
import time
from pathlib import Path

from helpers.core.paths import project_root
from helpers.data.params import load_month_params
from helpers.data.problems import capped
from helpers.publish.cache import CACHE_DIR
from helpers.publish.plan import Plan, make_plan


def _run_all(root: Path, args: argparse.Namespace) -> int:
    from helpers.publish.fanout import run_all  # slow: Papermill, Altair and vl-convert
    from helpers.publish.run import run_report

    run = functools.partial(run_report, engine=args.engine)
    results = run_all(root, args.month, force=args.force, run=run)
    executed = sum(len(r.executed) for r in results.values())
    index = f"reports/{args.month}/index.html"
    print(f"{len(results)} areas; executed {executed} notebook(s); index: {index}")
    return 0


def print_owed(root: Path, month: str, area: str, plan: Plan | None) -> None:
    """Print the figures still owed for a month and area.

    They depend only on the data and the month's parameters, which the plan's keys hash:
    the text is kept under the plan's digest in ``build/cache/owed/`` and printed again,
    exactly, while nothing has changed. Without a plan (another ``--source``) it is
    worked out every time.
    """
    path = root / CACHE_DIR / "owed" / f"{plan.digest()}.txt" if plan else None
    try:
        text = path.read_text(encoding="utf-8") if path else None
    except FileNotFoundError:
        text = None
    if text is None:
        from helpers.commands.monthly import owed_lines  # slow: pandas and the store

        text = "".join(f"{line}\n" for line in owed_lines(root, month, area))
        if path:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(
                "w", encoding="utf-8", dir=path.parent, suffix=".tmp", delete=False
            ) as handle:
                handle.write(text)
            os.replace(handle.name, path)
    sys.stdout.write(text)


def cmd_run(args: argparse.Namespace) -> int:
    """Execute the notebooks and publish the report."""
    start = time.perf_counter()
    root = project_root()
    if args.area == "all":
        return _run_all(root, args)
    plan = None
    if not args.source:  # another source's contents are not hashed: no cached owed list
        params = load_month_params(root, args.month)
        plan = make_plan(root, args.month, args.area, params, engine=args.engine)
        if not args.force and plan.up_to_date():
            print(
                f"{plan.final.relative_to(root)} is up to date: nothing re-executed "
                f"({time.perf_counter() - start:.2f} s)"
            )
            print_owed(root, args.month, args.area, plan)
            return 0
    from helpers.commands.project import checked_source  # slow: pandas and DuckDB
    from helpers.publish.run import run_report  # slow: Papermill, Altair and vl-convert

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
        print_owed(root, args.month, args.area, plan)
        return 0
    print(
        f"executed {len(result.executed)} notebook(s), reused {len(result.reused)}; "
        f"{result.timings['total']:.1f} s"
    )
    for path in result.outputs:
        print(path.relative_to(root))
    print_owed(root, args.month, args.area, plan)
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
