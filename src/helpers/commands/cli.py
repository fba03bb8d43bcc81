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

The parser (:mod:`helpers.commands.parsers`) imports nothing heavy, and each command's
module is imported only once the command is chosen: ``scorecard --help`` and an
up-to-date ``scorecard run`` start in a fraction of a second.

Every command exits non-zero with a message naming the file, line and field when the
data are wrong, and never leaves a half-written store or report behind.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from helpers.commands.parsers import parser
from helpers.core.paths import project_root
from helpers.data.problems import DataError, capped

COMMANDS: dict[str, str] = {
    "store": "project:cmd_store",
    "validate": "project:cmd_validate",
    "ratings": "project:cmd_ratings",
    "new-month": "project:cmd_new_month",
    "synthetic": "project:cmd_synthetic",
    "run": "report:cmd_run",
    "notebook": "report:cmd_notebook",
    "import": "monthly:cmd_import",
    "pull": "monthly:cmd_pull",
    "log": "monthly:cmd_log",
    "status": "monthly:cmd_status",
    "diff": "monthly:cmd_diff",
    "template": "monthly:cmd_template",
    "approve": "editions:cmd_approve",
    "publish": "editions:cmd_publish",
    "verify": "editions:cmd_verify",
}
"""Each command's function, as ``module:function`` in :mod:`helpers.commands`."""

_TAKES_ROOT = {"approve", "publish", "verify"}


def _run(args: argparse.Namespace) -> int:
    module, function = COMMANDS[args.command].split(":")
    command = getattr(importlib.import_module(f"helpers.commands.{module}"), function)
    if args.command in _TAKES_ROOT:
        return command(args, project_root())
    return command(args)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = parser().parse_args(argv)
    try:
        return _run(args)
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        return 0
    except DataError as exc:  # bad data, or an import refused: every problem, then why
        for line in capped(exc.problems):
            print(line, file=sys.stderr)
        print(f"scorecard {args.command}: {exc.verdict()}", file=sys.stderr)
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
