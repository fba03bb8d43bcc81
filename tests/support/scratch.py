"""One scratch copy of the project, for tests that change files or run the pipeline."""

from __future__ import annotations

import shutil
from pathlib import Path

from support import ROOT

PARTS = ("_quarto.yml", "data", "params", "notebooks", "reference")
"""What a run needs: the configuration, the data, the month parameters, the notebooks."""


def make_project(target: Path, parts: tuple[str, ...] = PARTS) -> Path:
    """Copy ``parts`` of the project into ``target`` (created if missing) and return it."""
    target.mkdir(parents=True, exist_ok=True)
    for part in parts:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, dirs_exist_ok=True)
        elif source.exists():
            shutil.copy(source, target / part)
    return target
