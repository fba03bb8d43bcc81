"""Shared fixtures: the project root, a scratch copy of the project's data, the November card."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers.data.store import CsvSource
from helpers.engine.scorecard import Scorecard, build_scorecard

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A scratch project: a copy of data/ and reference/ with the config files."""
    for folder in ("data", "reference"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    for name in ("_quarto.yml",):
        if (ROOT / name).exists():
            shutil.copy(ROOT / name, tmp_path / name)
    return tmp_path


@pytest.fixture(scope="session")
def november() -> Scorecard:
    """The November 2025 Kent scorecard built from the text files."""
    return build_scorecard(CsvSource(ROOT / "data"), "2025-11", "kent")
