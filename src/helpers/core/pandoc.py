"""The pandoc executable (from the ``pypandoc-binary`` wheel) and one way to run it.

The commentary sanitiser (``helpers.render.sanitise``) and the assembler
(``helpers.publish.pandoc``) both run pandoc through :func:`run_pandoc`, each naming
what failed in its own words.
"""

from __future__ import annotations

import functools
import subprocess
from pathlib import Path


class PandocError(RuntimeError):
    """Pandoc exited with an error; the message is what it wrote to standard error."""


@functools.cache
def pandoc_path() -> str:
    """The pandoc executable that ``pypandoc-binary`` ships."""
    import pypandoc  # slow: pypandoc looks for pandoc once, on first use

    return pypandoc.get_pandoc_path()


def run_pandoc(args: list[str], stdin: str | None = None, cwd: Path | None = None) -> str:
    """Run pandoc with ``args`` (UTF-8 text in and out) and return its standard output.

    Raises
    ------
    PandocError
        If pandoc exits with an error, carrying what it wrote to standard error.
    """
    result = subprocess.run(
        [pandoc_path(), *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    if result.returncode != 0:
        raise PandocError(result.stderr.strip())
    return result.stdout
