"""Resolving a return's cells: printed periods, numbers as typed, codes and titles."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from helpers.data.importer import Workspace
from helpers.data.resolve import (
    ResolveError,
    parse_period_for,
    period_key,
    typed_number,
    typed_status,
)


@pytest.mark.parametrize(
    ("typed", "basis", "key"),
    [
        ("Dec-25", "financial", "2025-12"),
        ("December 2025", "financial", "2025-12"),
        ("2025-12", "academic", "2025-12"),
        (datetime.date(2025, 12, 1), "financial", "2025-12"),
        ("Q3 25-26", "financial", "2025-26 Q3"),
        ("2025-26 Q3", "financial", "2025-26 Q3"),
        ("Spring 24-25", "academic", "2024-25 Spring"),
        ("2024-25", "academic", "2024-25"),
    ],
)
def test_periods_as_printed_or_as_keys(typed: object, basis: str, key: str) -> None:
    assert period_key(typed, basis) == key


@pytest.mark.parametrize("typed", ["Dex-25", "Q5 25-26", "Winter 24-25", "", "2025-13"])
def test_not_a_period(typed: str) -> None:
    with pytest.raises(ResolveError):
        parse_period_for(typed, "month", "financial")


def test_a_period_of_the_wrong_frequency() -> None:
    with pytest.raises(ResolveError, match="reported by quarter"):
        parse_period_for("Dec-25", "quarter", "financial")
    assert parse_period_for("2024-25", "quarter", "financial").kind == "year"


def test_numbers_as_typed() -> None:
    assert typed_number("5,350").value == 5350
    assert typed_number("5,350").text == "5,350"
    assert typed_number(" 22.6% ").value == 22.6
    assert typed_number(0.226, percent_format=True, decimals=1).text == "22.6"
    assert typed_number(5350.0).text == "5,350"
    assert typed_number(22.0, decimals=1).text == "22.0"
    for bad in ("abc", "22,6", "N/A", True):
        with pytest.raises(ResolveError):
            typed_number(bad)


def test_statuses_as_typed() -> None:
    assert typed_status("To be supplied") == "to_be_supplied"
    assert typed_status("") == ""
    with pytest.raises(ResolveError, match="not a status"):
        typed_status("late")


def test_codes_titles_and_the_ambiguous_scs01(root: Path) -> None:
    lookup = Workspace(root).lookup
    dec = ("2025-12", "2026-12")
    assert lookup.indicator("SCS19", "", dec) == "cic-kcc-foster-care"
    assert lookup.indicator("scs19", "", dec) == "cic-kcc-foster-care"
    assert lookup.indicator("cic-kcc-foster-care", "", dec) == "cic-kcc-foster-care"
    assert lookup.indicator("", "Number of open Social Work cases", dec) == "social-work-open-cases"
    title = (
        "Percentage re-referrals to Children's Social Work Services within 12 months of a "
        "previous referral (R12M)"
    )
    assert lookup.indicator("SCS01", title, dec) == "csws-re-referrals"
    with pytest.raises(ResolveError, match=r"csws-re-referrals.*social-work-open-cases"):
        lookup.indicator("SCS01", "", dec)
    with pytest.raises(ResolveError, match="not printed for this period"):
        lookup.indicator("SCS03", "", dec)
    assert lookup.indicator("SCS03", "", ("2019-02", "2020-02")) == "csws-re-referrals"
