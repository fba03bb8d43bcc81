"""The commands on the project's data: store, validate, ratings, new-month, synthetic."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from helpers.commands.validate import validate_split
from helpers.core.paths import PathError, confined, project_root, store_path
from helpers.data.months import new_month
from helpers.data.problems import Problem, capped
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
    seed = SEED if args.seed is None else args.seed
    paths = generate(root / "data", seed=seed)
    print(f"written: {len(paths)} files under data/synthetic/ (seed {seed})")
    return 0
