"""Compile one Typst document in a process of its own: ``python -m helpers.publish.typst_worker``.

Typst keeps what it computes in a process-wide cache that it never empties (the Python
binding has no way to evict it): each different document compiled in one process adds
about 90 MB, so ``scorecard run --area all`` or ``scorecard verify`` would grow by a
gigabyte. Compiling in a short-lived child process gives the same bytes and returns all
of it when the child exits, at the cost of starting Python (about 0.2 s).

The request is JSON on standard input: ``source``, ``output``, ``root``, ``font_paths``,
``timestamp`` (ISO 8601) and ``pdf_standards``. On a Typst error the child writes the
message as JSON (``message``, ``diagnostic``) to standard output and exits with 1.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path


class TypstCompileError(RuntimeError):
    """Typst could not compile the document; the message is Typst's."""


def compile_pdf(
    source: Path,
    output: Path,
    root: Path,
    font_paths: Sequence[str],
    timestamp: dt.datetime,
    pdf_standards: Sequence[str] = (),
) -> None:
    """Compile ``source`` into ``output`` in a child process (see the module's notes).

    Raises
    ------
    TypstCompileError
        If Typst fails, with its message and diagnostic.
    """
    request = {
        "source": str(source),
        "output": str(output),
        "root": str(root),
        "font_paths": list(font_paths),
        "timestamp": timestamp.isoformat(),
        "pdf_standards": list(pdf_standards),
    }
    done = subprocess.run(
        [sys.executable, "-m", "helpers.publish.typst_worker"],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    if done.returncode == 1 and done.stdout.strip():
        failure = json.loads(done.stdout)
        raise TypstCompileError(f"{failure['message']} {failure['diagnostic']}".strip())
    if done.returncode != 0:
        raise TypstCompileError(f"the Typst process failed: {done.stderr.strip()}")


def main() -> int:
    """Compile the document the JSON request on standard input names."""
    import typst  # slow: the Typst compiler, needed only in this child process

    request = json.load(sys.stdin)
    try:
        typst.compile(
            request["source"],
            output=request["output"],
            root=request["root"],
            font_paths=request["font_paths"],
            timestamp=dt.datetime.fromisoformat(request["timestamp"]),
            pdf_standards=request["pdf_standards"],
        )
    except typst.TypstError as error:
        print(json.dumps({"message": error.message, "diagnostic": str(error.diagnostic)}))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
