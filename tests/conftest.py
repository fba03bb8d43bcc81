"""Shared fixtures: the project root, a scratch project, the November card, snapshots."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from support import ROOT
from support.scratch import make_project
from support.snapshots import Snapshots

from helpers.data.store import CsvSource
from helpers.engine.scorecard import Scorecard, build_scorecard


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A scratch project: a copy of data/ and reference/ with _quarto.yml."""
    return make_project(tmp_path, ("data", "reference", "_quarto.yml"))


@pytest.fixture(scope="session")
def november() -> Scorecard:
    """The November 2025 Kent scorecard built from the text files."""
    return build_scorecard(CsvSource(ROOT / "data"), "2025-11", "kent")


@pytest.fixture(scope="session")
def snapshots() -> Callable[[str], Snapshots]:
    """The golden files of one kind: ``snapshots("tables").check(name, text)``."""
    return Snapshots
