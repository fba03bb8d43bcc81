"""What the tests share: the project root, one scratch-project builder, one snapshot store.

Importable as ``support`` because ``pyproject.toml`` puts ``tests/`` on pytest's path
(``pythonpath = ["tests"]``). Fixtures built on these live in ``tests/conftest.py``.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
"""The project folder."""
TESTS = ROOT / "tests"
"""The tests folder (snapshots, fixtures)."""
FIXTURES = TESTS / "fixtures"
"""Input files the tests read: broken data files, returns."""
