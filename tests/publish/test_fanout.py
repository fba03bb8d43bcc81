"""``--area all``: areas in parallel, an index with RAG counts, banners only where synthetic."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support.scratch import make_project

from helpers.publish.fanout import AreaSummary, index_html, rag_counts, run_all


def test_rag_counts_count_each_indicator_once(tmp_path: Path) -> None:
    path = tmp_path / "scorecard.csv"
    path.write_text("id,rag\na,RED\na,RED\nb,GREEN\nc,AMBER\nd,\n")
    assert rag_counts(path) == {"RED": 1, "AMBER": 1, "GREEN": 1}


def test_index_page_is_accessible_and_offline() -> None:
    page = index_html(
        "November 2025",
        [
            AreaSummary("kent", "Kent", False, {"RED": 9, "AMBER": 20, "GREEN": 14}),
            AreaSummary(
                "folkestone-and-hythe",
                "Folkestone & Hythe",
                True,
                {"RED": 10, "AMBER": 18, "GREEN": 15},
            ),
        ],
    )
    assert 'href="folkestone-and-hythe/scorecard.pdf"' in page
    assert "Folkestone &amp; Hythe" in page
    assert page.count("Synthetic demonstration data") == 1
    assert "9 RED" in page and 'lang="en-GB"' in page
    assert not re.search(r"https?://", page)


@pytest.mark.slow
def test_run_all_areas(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    params = project / "params/2025-11.yml"
    text = params.read_text()
    params.write_text(
        re.sub(r"^areas: \[.*\]$", "areas: [kent, folkestone-and-hythe]", text, flags=re.M)
    )
    results = run_all(project, "2025-11", jobs=2, progress=False)
    assert set(results) == {"kent", "folkestone-and-hythe"}
    index = (project / "reports/2025-11/index.html").read_text()
    assert 'href="kent/scorecard.html"' in index
    assert 'href="folkestone-and-hythe/scorecard.html"' in index
    kent = (project / "reports/2025-11/kent/scorecard.html").read_text()
    district = (project / "reports/2025-11/folkestone-and-hythe/scorecard.html").read_text()
    assert "synthetic demonstration data" not in kent.lower()
    assert "synthetic demonstration data" in district.lower()
    assert "No district breakdown" in district
    # a second fan-out re-executes nothing
    again = run_all(project, "2025-11", jobs=2, progress=False)
    assert all(r.up_to_date for r in again.values())
