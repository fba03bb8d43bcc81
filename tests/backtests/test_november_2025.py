"""Back-test: the November 2025 scorecard as built, against the published document.

1. Every figure printed in the seed's tables is in the data, on its row.
2. The engine's RAG ratings and arrows agree with the published ones on every row,
   except the rows listed in docs/data-notes.md, where the published scorecard
   contradicts its own figures. The list must be exact in both directions.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support.seedtext import SEED_2025, table_rows

from helpers.commands.validate import compare_published
from helpers.data.load import read_data
from helpers.engine.scorecard import Scorecard

NUMBER = re.compile(r"^-?[\d,]+(\.\d+)?$")


def _numbers(cells: list[str]) -> list[str]:
    return [c.strip() for c in cells[2:] if NUMBER.fullmatch(c.strip())]


def test_every_printed_number_of_each_row_is_in_the_scorecard(november: Scorecard) -> None:
    """Each table row's printed numbers (trends, numerator, denominator, outturn, targets,
    benchmarks) appear among that row's figures in the built scorecard."""
    rows = iter(r for r in november.records() if r["table"] != "activity")
    trend = november.trend
    for line, cells in table_rows(SEED_2025):
        row = next(rows)
        assert row["title"].split(" - all pupils")[0] in " ".join(cells[1].split()), line
        mine = trend[(trend["table"] == row["table"]) & (trend["id"] == row["id"])]
        have = {v for v in mine["value"] if v == v}
        for key in (
            "numerator",
            "denominator",
            "previous_year_value",
            "target",
            "previous_year_target",
            "next_year_target",
            "comparator",
            "national",
        ):
            if row[key] is not None:
                have.add(row[key])
        for text in _numbers(cells):
            assert float(text.replace(",", "")) in have, (line, row["id"], text)


def _documented(root: Path) -> set[tuple[str, str, str, str, str]]:
    text = (root / "docs/data-notes.md").read_text(encoding="utf-8")
    section = text.split("## Ratings and arrows", 1)[1].split("\n## ", 1)[0]
    out = set()
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 6 and cells[0] not in ("table", "---"):
            out.add(tuple(cells[:5]))
    return out


def test_ratings_agree_with_published_except_documented(root: Path) -> None:
    files = read_data(root / "data", root)
    differences = compare_published(
        root / "data", root / "reference/published/2025-11-kent-ratings.csv", files.report, root
    )
    found = {(d["table"], d["id"], d["field"], d["published"], d["computed"]) for d in differences}
    documented = _documented(root)
    assert len(documented) == 8
    assert found == documented


@pytest.mark.parametrize(
    ("table", "indicator", "rag", "dot"),
    [
        ("send-monthly", "ehcp-issued-within-20-weeks", "RED", "worsened"),
        ("ics-monthly", "csws-re-referrals", "GREEN", "worsened"),
        ("ics-monthly", "cic-placement-stability", "GREEN", "same"),
        ("ics-monthly", "adoption-average-days", "AMBER", "improved"),
        ("ics-quarterly", "proven-reoffending", "GREEN", "improved"),
        ("education-monthly", "primary-permanent-exclusions", "RED", "worsened"),
        ("education-termly", "two-year-old-take-up", "RED", "improved"),
        ("education-annual", "ks5-tech-level-aps", "RED", "improved"),
        ("vulnerable-primary", "ks2-rwm-sen-support-gap", "GREEN", "improved"),
    ],
)
def test_published_ratings_reproduced(
    november: Scorecard, table: str, indicator: str, rag: str, dot: str
) -> None:
    row = next(r for r in november.records(table) if r["id"] == indicator)
    assert (row["rag"], row["dot"]) == (rag, dot)
