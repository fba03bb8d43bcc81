"""The hand-off of a built scorecard from ``scorecard run`` to the notebooks it executes.

The run builds the month's scorecard once and writes it here (:func:`save_card`); each
notebook's ``open_section`` reads it back (:func:`load_card`) instead of building it
again. The file is written by the run itself, never by a user, and removed afterwards.
"""

from __future__ import annotations

import pickle
from pathlib import Path

from helpers.engine.scorecard import Scorecard


def save_card(card: Scorecard, path: Path) -> Path:
    """Write a built scorecard for the notebooks of one run; return ``path``."""
    path.write_bytes(pickle.dumps(card, protocol=pickle.HIGHEST_PROTOCOL))
    return path


def load_card(path: Path, month: str, area: str) -> Scorecard:
    """Read the scorecard a run handed over, checking it is the one for ``month`` and ``area``.

    Raises
    ------
    ValueError
        If the file holds another scorecard.
    """
    card = pickle.loads(Path(path).read_bytes())  # written by this run, never by a user
    if not isinstance(card, Scorecard) or (card.month, card.area) != (month, area):
        raise ValueError(f"{path} holds another scorecard than {month} {area}")
    return card
