"""The publication site's pages, built from hand-made editions (no rendering)."""

from __future__ import annotations

import csv
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from helpers.publish.site import INDEX, write_site

COLUMNS = ["id", "code", "title", "section", "table", "value", "rag", "dot"]
ROWS = {
    "kent": [
        [
            "cswt-caseload",
            "SCS43",
            "Average caseloads",
            "ics",
            "ics-monthly",
            "21.4",
            "AMBER",
            "worsened",
        ],
        ["kent-only", "K1", "Kent only", "ics", "ics-monthly", "5", "GREEN", "same"],
    ],
    "ashford": [
        [
            "cswt-caseload",
            "SCS43",
            "Average caseloads",
            "ics",
            "ics-monthly",
            "17.0",
            "GREEN",
            "improved",
        ],
        ["kent-only", "K1", "Kent only", "ics", "ics-monthly", "", "", ""],
    ],
}
NETWORK = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|url\(|@import""", re.I)


def _edition(site: Path, month: str, area: str, name: str, counts: dict[str, int]) -> None:
    folder = site / month / area
    folder.mkdir(parents=True)
    with (folder / "scorecard.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(ROWS[area])
    manifest = {
        "month": month,
        "month_label": {"2025-10": "October 2025", "2025-11": "November 2025"}[month],
        "area": area,
        "area_name": name,
        "synthetic": area != "kent",
        "revised": "Revised on 5 January 2026: a typo" if month == "2025-11" else "",
        "rag_counts": counts,
        "section_headings": {"ics": "Integrated Children's Services Indicators"},
    }
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    counts = {"RED": 1, "AMBER": 2, "GREEN": 3}
    _edition(site, "2025-10", "kent", "Kent", counts)
    _edition(site, "2025-11", "kent", "Kent", counts)
    _edition(site, "2025-11", "ashford", "Ashford", {"RED": 0, "AMBER": 0, "GREEN": 1})
    write_site(site)
    return site


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def test_index_lists_months_newest_first_with_rag_counts(site: Path) -> None:
    text = (site / INDEX).read_text(encoding="utf-8")
    assert text.index("November 2025") < text.index("October 2025")
    assert '<td class="n rag-amber">2 AMBER</td>' in text
    assert 'href="2025-11/kent/scorecard.html"' in text
    assert 'href="2025-11/index.html"' in text
    assert "Revised on 5 January 2026: a typo" in text


def test_month_page_compares_districts_with_kent(site: Path) -> None:
    text = (site / "2025-11" / INDEX).read_text(encoding="utf-8")
    assert (
        "<caption>District comparison: Integrated Children&#x27;s Services Indicators</caption>"
        in text
    )
    row = re.search(r"<tr><th scope=\"row\">SCS43 Average caseloads</th>.*?</tr>", text)
    assert row is not None
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(0))
    assert "21.4" in cells[0] and "AMBER" in cells[0] and "worsened" in cells[0]
    assert "17.0" in cells[1] and "GREEN" in cells[1] and "improved" in cells[1]
    # an indicator no district has figures for is not compared
    assert "Kent only</th>" not in text
    assert "SYNTHETIC DATA" in text
    assert 'href="../index.html"' in text
    assert "SYNTHETIC DATA" not in (site / "2025-10" / INDEX).read_text(encoding="utf-8")


@pytest.mark.parametrize("page", [INDEX, f"2025-11/{INDEX}", f"2025-10/{INDEX}"])
def test_pages_are_accessible_self_contained_and_linked_relatively(site: Path, page: str) -> None:
    path = site / page
    parsed = _parse(path)
    tags = [tag for tag, _ in parsed.tags]
    assert tags.count("h1") == 1
    for landmark in ("header", "main", "footer"):
        assert tags.count(landmark) == 1, landmark
    assert ("html", {"lang": "en-GB"}) in parsed.tags
    assert tags.count("table") == tags.count("caption") >= 1
    assert all(attrs.get("scope") in ("col", "row") for tag, attrs in parsed.tags if tag == "th")
    assert "script" not in tags
    text = path.read_text(encoding="utf-8")
    assert NETWORK.findall(text) == []
    assert "Content-Security-Policy" in text
    for tag, attrs in parsed.tags:
        href = attrs.get("href")
        if tag == "a" and href and not href.startswith("#"):
            assert not href.startswith(("/", "file:", "http")), href
            target = (path.parent / href).resolve()
            assert target.is_relative_to(site.resolve()), href
            if href.endswith(".html") and "scorecard" not in href:
                assert target.exists(), href


def test_rewriting_the_site_is_stable(site: Path) -> None:
    before = (site / INDEX).read_bytes()
    write_site(site)
    assert (site / INDEX).read_bytes() == before
