"""The edition commands: ``scorecard approve``, ``scorecard publish``, ``scorecard verify``.

``approve`` checks an edition and records who signed it off against its exact inputs;
``publish`` writes an approved edition into a publication folder, once; ``verify`` proves
that every published file is what was published and that the current code still renders
it byte for byte. Each takes ``--area all`` for every area of the month (except verify,
which checks the whole site).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path


def _areas(root: Path, month: str, area: str) -> list[str]:
    from helpers.data.params import load_month_params

    return load_month_params(root, month).areas if area == "all" else [area]


def _each(areas: list[str], action: Callable[[str], None]) -> int:
    """Do ``action`` for each area; report every failure; 1 if any failed."""
    from helpers.publish.approval import ApprovalError
    from helpers.publish.editions import PublishError

    failed = 0
    for area in areas:
        try:
            action(area)
        except (ApprovalError, PublishError) as exc:
            failed += 1
            print(f"{area}: {exc}", file=sys.stderr)
    if failed and len(areas) > 1:
        print(f"{failed} of {len(areas)} area(s) failed", file=sys.stderr)
    return 1 if failed else 0


def cmd_approve(args: argparse.Namespace, root: Path) -> int:
    """Check and approve one edition (or every area's)."""
    from helpers.publish.approval import approve

    def one(area: str) -> None:
        path = approve(root, args.month, area, args.by, args.note or "", args.accept or "")
        print(f"approved: {args.month} {area} by {args.by} ({path.relative_to(root)})")

    return _each(_areas(root, args.month, args.area), one)


def cmd_publish(args: argparse.Namespace, root: Path) -> int:
    """Publish one approved edition (or every area's) into the site folder."""
    from helpers.publish.editions import publish

    if args.reason and not args.supersede:
        print("scorecard publish: --reason goes with --supersede", file=sys.stderr)
        return 2

    def one(area: str) -> None:
        done = publish(root, args.month, area, Path(args.to), args.supersede, args.reason or "")
        print(f"published: {done.folder}\n\n{done.summary}\n")

    return _each(_areas(root, args.month, args.area), one)


def cmd_verify(args: argparse.Namespace, root: Path) -> int:
    """Verify every edition of a site; exit 1 naming each file that differs."""
    from helpers.publish.verify import verify_site

    def progress(folder: str) -> None:
        print(f"checking {folder}", file=sys.stderr)

    problems = verify_site(
        root,
        Path(args.site),
        fresh=args.fresh,
        rerender_editions=not args.files_only,
        progress=progress,
    )
    for problem in problems:
        print(problem)
    if problems:
        print(f"scorecard verify: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    print("every published edition verified")
    return 0


COMMANDS = {"approve": cmd_approve, "publish": cmd_publish, "verify": cmd_verify}
