"""Tests of helpers.notebook.guidance: the guidance notes the cover notebook prints."""

from __future__ import annotations

from pathlib import Path

from helpers.core.vocabulary import DATA_PERIOD_MEANINGS, MARKER_MEANINGS, POLARITY_MEANINGS
from helpers.data.params import load_month_params
from helpers.engine.scorecard import Scorecard
from helpers.notebook.guidance import dot_methods, guidance_markdown, key


def test_key_is_a_heading_and_one_bullet_per_entry() -> None:
    assert key("Polarity", {"H": "high"}) == "### Polarity\n\n- **H** high"


def test_guidance_explains_every_key_the_tables_use(november: Scorecard, root: Path) -> None:
    text = guidance_markdown(load_month_params(root, "2025-11"), november.records())
    for meaning in (*POLARITY_MEANINGS.values(), *DATA_PERIOD_MEANINGS.values()):
        assert meaning in text
    # "to be supplied" and "new indicator" share the marker "...", explained once (as published)
    for status in ("not_available", "new_indicator"):
        assert MARKER_MEANINGS[status] in text
    assert "### Management Information contact details" in text


def test_dot_methods_name_the_indicators_of_each_method() -> None:
    rows = [
        {"dot_method": "previous", "polarity": "H", "code": "A1", "title": "A"},
        {"dot_method": "trend", "polarity": "L", "code": "", "title": "Beta"},
        {"dot_method": "trend", "polarity": "", "code": "C1", "title": "C"},  # no arrow
    ]
    text = dot_methods(rows)
    assert "for all other indicators." in text
    assert "(least-squares slope) for Beta." in text and "C1" not in text
