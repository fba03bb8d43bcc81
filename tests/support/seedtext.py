"""Read the published scorecards' text copies (reference/seeds/) for tests.

This parser is independent of the transcription in data/: tests use it to check the data
files against the published document.
"""

from __future__ import annotations

import re
from pathlib import Path

from support import ROOT

SEEDS = ROOT / "reference" / "seeds"
SEED_2025 = SEEDS / "002_98a722df3abda8bb.txt"
SEED_2019 = SEEDS / "000_780230705fcd1a35.txt"


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"</?[bi]>", "", text)).strip()


def table_rows(path: Path = SEED_2025) -> list[tuple[int, list[str]]]:
    """(line number, cells) of every indicator row of the KPI tables (those with a polarity)."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        cells = line.split("\t")
        if len(cells) > 4 and cells[2] in ("H", "L", "T") and cells[1].strip():
            rows.append((number, cells))
    return rows


def listed_names(path: Path) -> list[tuple[str, str]]:
    """(code, title) of every row of the Data Sources and Indicator Definitions tables."""
    names, on = [], False
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line.startswith("## ") or line.strip() == "Indicator Definitions":
            on = "Definitions" in line or "Data Sources" in line
            continue
        cells = line.split("\t")
        if not on or len(cells) < 3 or cells[0] == "Code":
            continue
        if all(not c.strip() for c in cells[1:]):
            continue  # a group heading
        names.append((_clean(cells[0]), _clean(cells[1])))
    return names


def clean(text: str) -> str:
    """Strip markup and fold white space."""
    return _clean(text)
