"""Tests of helpers.engine.handoff: the built scorecard handed from a run to its notebooks."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.engine.handoff import load_card, save_card
from helpers.engine.scorecard import Scorecard


def test_a_saved_card_reads_back_for_its_month_and_area(
    november: Scorecard, tmp_path: Path
) -> None:
    path = save_card(november, tmp_path / "card.pkl")
    card = load_card(path, "2025-11", "kent")
    assert card.rows.equals(november.rows) and card.sections.equals(november.sections)


def test_a_card_for_another_area_is_refused(november: Scorecard, tmp_path: Path) -> None:
    path = save_card(november, tmp_path / "card.pkl")
    with pytest.raises(ValueError, match="another scorecard than 2025-11 dover"):
        load_card(path, "2025-11", "dover")
