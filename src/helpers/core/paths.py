"""Where things live: the project folder, the store, the templates and the caches.

There should be no other helpers import in this module: every layer may use it.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]
"""The ``helpers`` package folder."""
TEMPLATES = PACKAGE / "templates"
"""Pandoc and Typst templates, styles and scripts of the report."""
ROOT_ENV = "SCORECARD_ROOT"
"""The environment variable naming the project folder."""


def project_root() -> Path:
    """The project folder: ``$SCORECARD_ROOT``, else the nearest folder up with ``data/``."""
    if env := os.environ.get(ROOT_ENV):
        return Path(env).resolve()
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "data" / "registry").is_dir() and (folder / "_quarto.yml").exists():
            return folder
    return PACKAGE.parents[1]


def store_path(root: Path) -> Path:
    """Where the store of the project at ``root`` lives."""
    return root / "build" / "scorecard.duckdb"


def cache_dir(root: Path) -> Path:
    """Where a run keeps what it can reuse (executed notebooks, the built scorecard)."""
    return root / "build" / "cache"


class PathError(ValueError):
    """A path given by a person leads outside the folder it must stay in, or nowhere."""


def confined(path: str | Path, folder: Path, what: str) -> Path:
    """Resolve ``path`` (relative to ``folder`` unless absolute) and require it inside ``folder``.

    Parameters
    ----------
    path
        The path as a person wrote it (a params file, the registry, the command line).
    folder
        The folder it must stay in; links are followed before the check.
    what
        How to name the path in the message, e.g. ``"--source"``.

    Raises
    ------
    PathError
        When the resolved path lies outside ``folder``; the message shows the path as written.
    """
    base = folder.resolve()
    resolved = (base / path).resolve()
    if not resolved.is_relative_to(base):
        raise PathError(f"{what}: {path} lies outside {folder}; only paths inside it are read")
    return resolved
