"""Golden files under ``tests/__snapshots__/``, compared as text and rewritten on request.

After an intended change, rewrite them and review the diff like code::

    UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/render
"""

from __future__ import annotations

import os
from collections.abc import Mapping

import pytest

from support import TESTS

SNAPSHOTS = TESTS / "__snapshots__"
UPDATE = os.environ.get("UPDATE_SNAPSHOTS") == "1"


class Snapshots:
    """The snapshots of one kind (``tables``, ``charts``): one text file each."""

    def __init__(self, kind: str) -> None:
        self.folder = SNAPSHOTS / kind

    def check(self, name: str, actual: str) -> None:
        """Fail unless ``actual`` equals the snapshot ``name`` (rewrite it when updating)."""
        path = self.folder / name
        if UPDATE:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8")
            return
        if not path.exists():
            pytest.fail(f"no snapshot {path}; run with UPDATE_SNAPSHOTS=1 to write it")
        expected = path.read_text(encoding="utf-8")
        assert actual == expected, f"{name} differs from its snapshot (UPDATE_SNAPSHOTS=1)"

    def check_all(self, actual: Mapping[str, str], suffix: str) -> None:
        """Every snapshot ``<name><suffix>`` of the folder is in ``actual`` and equals it."""
        if UPDATE:
            self.folder.mkdir(parents=True, exist_ok=True)
            for stale in set(self.folder.glob(f"*{suffix}")) - {
                self.folder / f"{name}{suffix}" for name in actual
            }:
                stale.unlink()
        for name, text in actual.items():
            if UPDATE:
                (self.folder / f"{name}{suffix}").write_text(text, encoding="utf-8")
        stored = {p.name.removesuffix(suffix) for p in self.folder.glob(f"*{suffix}")}
        assert stored == set(actual), (
            f"missing snapshots {sorted(set(actual) - stored)}, "
            f"stale {sorted(stored - set(actual))}; run with UPDATE_SNAPSHOTS=1"
        )
        changed = [
            name
            for name, text in actual.items()
            if (self.folder / f"{name}{suffix}").read_text(encoding="utf-8") != text
        ]
        assert not changed, (
            f"{changed} differ from their snapshots; review, then UPDATE_SNAPSHOTS=1"
        )
