"""Run any notebook of ``notebooks/`` headless with Papermill (``scorecard notebook NAME``).

The project environment has no ``jupyter nbconvert`` (the ``jupyter`` metapackage makes
every ``import altair`` slower); Papermill, which the runs use, executes a notebook in
the project's kernel, injects parameters after the cell tagged ``parameters``, and writes
the executed copy. Names and parameters come from a person, so both are checked against
what exists: a notebook of ``notebooks/``, a parameter its ``parameters`` cell declares.
"""

from __future__ import annotations

import ast
import json
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from helpers.publish.plan import notebook_dir

OUT_DIR = Path("build") / "notebooks"
"""Where executed copies go by default, relative to the project."""


class NotebookError(ValueError):
    """An unknown notebook or parameter, a bad value or output path, or a failed cell."""


@dataclass(frozen=True)
class Executed:
    """What :func:`run_notebook` wrote and how long it took (seconds)."""

    notebook: Path
    output: Path
    seconds: float


def notebook_names(root: Path) -> list[str]:
    """The names of the notebooks in ``notebooks/`` (without ``.ipynb``), sorted."""
    folder = notebook_dir(root)
    return sorted(p.stem for p in folder.glob("*.ipynb") if not p.name.startswith("."))


def find_notebook(root: Path, name: str) -> Path:
    """The notebook called ``name`` (with or without ``.ipynb``) in ``notebooks/``.

    Raises
    ------
    NotebookError
        When there is no such notebook, listing those there are.
    """
    stem = name.removesuffix(".ipynb")
    names = notebook_names(root)
    if stem not in names:
        raise NotebookError(
            f"no notebook {name!r} in notebooks/: the notebooks are {', '.join(names)}"
        )
    return notebook_dir(root) / f"{stem}.ipynb"


def declared_parameters(notebook: Path) -> dict[str, Any]:
    """The parameters a notebook declares in its cell tagged ``parameters``, with defaults.

    Each ``name = value`` assignment of that cell is a parameter; a default that is not a
    Python literal is given as its source text. A notebook without such a cell has none.

    Raises
    ------
    NotebookError
        When the notebook is not a readable notebook, or its parameters cell is not
        Python.
    """
    try:
        book = json.loads(notebook.read_text(encoding="utf-8"))
        cells = [c for c in book["cells"] if "parameters" in c["metadata"].get("tags", [])]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise NotebookError(f"{notebook.name} is not a readable notebook: {exc}") from None
    out: dict[str, Any] = {}
    for cell in cells:
        source = "".join(cell["source"])
        try:
            tree = ast.parse(source)
        except SyntaxError as exc:
            raise NotebookError(f"{notebook.name}: its parameters cell: {exc}") from None
        for node in tree.body:
            if isinstance(node, ast.Assign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    if isinstance(target, ast.Name) and node.value is not None:
                        out[target.id] = _default(node.value, source)
    return out


def _default(node: ast.expr, source: str) -> Any:
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError):
        return ast.get_source_segment(source, node)


def _convert(name: str, text: str, default: Any) -> Any:
    """``text`` as the type of the parameter's default (text for text defaults)."""
    if isinstance(default, bool):
        if text.lower() in ("true", "false"):
            return text.lower() == "true"
        raise NotebookError(f"parameter {name!r} is true or false, not {text!r}")
    for kind in (int, float):
        if isinstance(default, kind):
            try:
                return kind(text)
            except ValueError:
                raise NotebookError(
                    f"parameter {name!r} is a number ({kind.__name__}), not {text!r}"
                ) from None
    return text


def parse_parameters(notebook: Path, pairs: Sequence[Sequence[str]]) -> dict[str, Any]:
    """Check ``(name, value)`` pairs against the notebook's parameters and convert them.

    Raises
    ------
    NotebookError
        For a name the notebook does not declare (listing those it does) or a value
        that does not fit the type of the parameter's default.
    """
    declared = declared_parameters(notebook)
    out: dict[str, Any] = {}
    for name, text in pairs:
        if name not in declared:
            known = ", ".join(declared) or "none"
            raise NotebookError(
                f"notebook {notebook.name} has no parameter {name!r}; its parameters: {known}"
            )
        out[name] = _convert(name, text, declared[name])
    return out


def output_path(root: Path, notebook: Path, out: str | Path | None) -> Path:
    """Where the executed copy goes: ``out``, else ``build/notebooks/<name>.ipynb``.

    Raises
    ------
    NotebookError
        When ``out`` does not end in ``.ipynb`` or lies in ``notebooks/`` (the
        templates stay without outputs).
    """
    if out is None or str(out) == "":
        return root / OUT_DIR / notebook.name
    path = Path(out)
    path = (path if path.is_absolute() else Path.cwd() / path).resolve()
    if path.suffix != ".ipynb":
        raise NotebookError(f"--out {out}: the executed copy must be a .ipynb file")
    if path.parent == notebook_dir(root).resolve():
        raise NotebookError(
            f"--out {out}: notebooks/ holds the templates, kept without outputs; "
            "write the executed copy elsewhere"
        )
    return path


def run_notebook(
    root: Path,
    name: str,
    parameters: Sequence[Sequence[str]] = (),
    out: str | Path | None = None,
) -> Executed:
    """Execute one notebook of ``notebooks/`` with Papermill and write the executed copy.

    Parameters
    ----------
    root : Path
        The project folder.
    name : str
        The notebook's name, such as ``"explore"`` or ``"03-ics-kpis.ipynb"``.
    parameters : sequence of (str, str)
        Parameter names and values as typed; each must be declared in the notebook's
        ``parameters`` cell, and is converted to the type of its default.
    out : str or Path, optional
        The executed copy; default ``build/notebooks/<name>.ipynb``.

    Returns
    -------
    Executed
        The notebook, the executed copy and the time taken.

    Raises
    ------
    NotebookError
        For an unknown notebook or parameter, a bad value or output path, or when a
        cell fails (naming the cell; the partly executed copy is kept beside ``out`` as
        ``<name>.failed.ipynb`` and an earlier executed copy is left as it was).
    """
    from papermill.exceptions import PapermillExecutionError  # slow: Papermill, Jupyter

    from helpers.publish.kernels import execute  # slow: Papermill and the kernel machinery

    notebook = find_notebook(root, name)
    values = parse_parameters(notebook, parameters)
    target = output_path(root, notebook, out)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.stem}.{os.getpid()}.ipynb")
    start = time.perf_counter()
    try:
        execute(notebook, partial, values, notebook.parent, language="python")
    except PapermillExecutionError as exc:
        failed = target.with_name(f"{target.stem}.failed.ipynb")
        partial.replace(failed)
        raise NotebookError(
            f"notebook {notebook.name} failed in cell {exc.cell_index} (execution count "
            f"{exc.exec_count}): {exc.ename}: {exc.evalue}; the partly executed copy is "
            f"{failed}"
        ) from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(target)
    return Executed(notebook, target, time.perf_counter() - start)
