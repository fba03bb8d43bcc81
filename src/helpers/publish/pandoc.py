"""Pandoc orchestration: read notebooks into pandoc's JSON AST, run pandoc, name failures.

Pandoc comes from the ``pypandoc-binary`` wheel. Each notebook is read on its own by
pandoc's ipynb reader, with every output representation kept (``--ipynb-output=all``),
so a failure names its notebook.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from helpers.core.pandoc import PandocError, run_pandoc

T = TypeVar("T")


class AssemblyError(RuntimeError):
    """Raised when a notebook cannot be assembled; the message names the notebook."""


def pandoc(args: list[str], cwd: Path, stdin: str | None, what: str) -> str:
    """Run pandoc and return its output.

    Parameters
    ----------
    args : list of str
        Pandoc's arguments.
    cwd : Path
        The working folder (extracted media land here).
    stdin : str or None
        Pandoc's input, if not a file named in ``args``.
    what : str
        What is being rendered, for the error message.

    Raises
    ------
    AssemblyError
        If pandoc fails, naming ``what`` and quoting pandoc's message.
    """
    try:
        return run_pandoc(args, stdin=stdin, cwd=cwd)
    except PandocError as error:
        raise AssemblyError(f"{what}: pandoc failed: {error}") from None


def read_notebooks(notebooks: list[Path], work: Path) -> list[dict[str, Any]]:
    """Read each notebook into pandoc's JSON AST (in parallel, results in order)."""

    def read(notebook: Path) -> dict[str, Any]:
        args = [
            "--from=ipynb",
            "--to=json",
            "--ipynb-output=all",
            f"--extract-media=media/{notebook.stem}",
            str(notebook.resolve()),
        ]
        return json.loads(pandoc(args, work, None, notebook.name))

    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(read, notebooks))


def naming_the_notebook(document: dict[str, Any], render: Callable[[dict[str, Any]], T]) -> T:
    """Render the document; on failure render each notebook's section alone to name it."""
    try:
        return render(document)
    except AssemblyError as error:
        for section in document["blocks"]:
            try:
                render({**document, "blocks": [section]})
            except AssemblyError:
                notebook = dict(section["c"][0][2]).get("notebook", "a notebook")
                raise AssemblyError(f"{notebook}: {error}") from error
        raise
