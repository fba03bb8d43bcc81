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
