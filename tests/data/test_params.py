"""Month parameters files: read, checked, and named in every error."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from support import ROOT

from helpers.data.params import ParamsError, load_month_params


def test_november_parameters(root: Path) -> None:
    params = load_month_params(root, "2025-11")
    assert params.publication_date == datetime.date(2025, 12, 22)
    assert params.publication_month == "2025-12"
    assert params.month_label == "November 2025"
    assert params.areas[0] == "kent" and len(params.areas) == 13
    assert "CYPE8" in params.guidance_notes[0]
    assert set(params.commentary) == {"send", "ics", "education"}
    assert params.table_notes["send-monthly"][0].startswith("**Note:** 2023-24 targets")
    assert list(params.not_available) == ["activity"]


def test_missing_month_is_named(root: Path) -> None:
    with pytest.raises(ParamsError, match=r"params/2031-01.yml is missing"):
        load_month_params(root, "2031-01")


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ('month: "2025-11"', 'month: "2025-10"', "field 'month'"),
        (
            'publication_date: "2025-12-22"',
            'publication_date: "22/12/2025"',
            "field 'publication_date'",
        ),
        ("areas: [kent, ", "areas: kent #", "field 'areas' should be a list"),
        ("ics: 2025-11/commentary-ics.md", "ics: 2025-11/nope.md", "field 'commentary.ics'"),
        ("title: Children", "title: [Children", "malformed YAML"),
        ("  activity: >-", "  activity: ''\n  x: >-", "field 'not_available.activity' needs a"),
        (
            "not_available:\n  activity:",
            "not_available: [a]\nno_figures_note:",
            "field 'not_available' should map",
        ),
    ],
)
def test_wrong_fields_are_named(project: Path, old: str, new: str, words: str) -> None:
    import shutil

    shutil.copytree(ROOT / "params", project / "params")
    path = project / "params/2025-11.yml"
    path.write_text(path.read_text().replace(old, new, 1))
    with pytest.raises(ParamsError, match=r"params/2025-11\.yml") as info:
        load_month_params(project, "2025-11")
    assert words in str(info.value)
