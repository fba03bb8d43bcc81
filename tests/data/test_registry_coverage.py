"""Every indicator printed in either seed is in the registry, under a stable id."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from support.seedtext import SEED_2019, SEED_2025, clean, listed_names, table_rows


@pytest.fixture(scope="module")
def printed(root: Path) -> set[tuple[str, str]]:
    frame = pd.read_csv(root / "data/registry/printed_names.csv", dtype=str, keep_default_na=False)
    return set(zip(frame["code"], frame["title"], strict=True))


def test_every_table_row_of_november_2025_is_registered(printed: set) -> None:
    rows = table_rows(SEED_2025)
    assert len(rows) == 63
    missing = [(c[0], c[1]) for _, c in rows if (clean(c[0]), clean(c[1])) not in printed]
    assert missing == []


@pytest.mark.parametrize("seed", [SEED_2025, SEED_2019], ids=["2025-11", "2019-02"])
def test_every_listed_indicator_is_registered(seed: Path, printed: set) -> None:
    names = listed_names(seed)
    assert len(names) > 25
    missing = [n for n in names if n not in printed]
    assert missing == []


def test_printed_names_point_at_registered_ids(root: Path) -> None:
    names = pd.read_csv(root / "data/registry/printed_names.csv", dtype=str, keep_default_na=False)
    ids = set(pd.read_csv(root / "data/registry/indicators.csv", dtype=str)["id"])
    assert set(names["id"]) == ids


def test_every_2019_indicator_has_a_2019_version(root: Path) -> None:
    versions = pd.read_csv(root / "data/registry/versions.csv", dtype=str, keep_default_na=False)
    in_2019 = versions[versions["valid_from"] <= "2019-02"]
    codes = set(in_2019["code"])
    for code, _title in listed_names(SEED_2019):
        assert code in codes, code


def test_reused_and_changed_codes_keep_ids_apart(root: Path) -> None:
    names = pd.read_csv(root / "data/registry/printed_names.csv", dtype=str, keep_default_na=False)
    scs01 = set(names.loc[names["code"] == "SCS01", "id"])
    assert scs01 == {"csws-re-referrals", "social-work-open-cases"}
    assert set(names.loc[names["code"] == "SCS03", "id"]) == {"csws-re-referrals"}
    assert set(names.loc[names["code"] == "EH16", "id"]) == {"eh-closures-positive-outcome"}
    assert set(names.loc[names["code"] == "EH16-F", "id"]) == {"eh-closures-returning-3-months"}
