"""A scratch copy of the project, for tests that run the whole pipeline."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PARTS = ("_quarto.yml", "data", "params", "notebooks", "reference")


def make_project(target: Path) -> Path:
    """Copy what a run needs into ``target`` and return it."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, dirs_exist_ok=True)
        else:
            shutil.copy(source, target / part)
    return target
