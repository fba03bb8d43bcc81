import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers.core.formatting import format_figure, format_number, format_range, format_target
from helpers.core.numbers import decimals_of, parse_number, round_half_up
from helpers.core.vocabulary import MARKER_MEANINGS, MARKERS


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (5_326, 0, "5,326"),
        (22.514540074, 1, "22.5"),
        (0.04, 2, "0.04"),
        (388.7, 1, "388.7"),
        (34.2, 2, "34.20"),
        (270_731, 0, "270,731"),
        (505.2, 1, "505.2"),
        (1_234_567.891, 2, "1,234,567.89"),
        (2.675, 2, "2.68"),  # half up, as Excel
        (0.5, 0, "1"),
        (2.5, 0, "3"),
        (-1_234.5, 0, "-1,235"),
        (-0.04, 1, "0.0"),  # no negative zero
        (0, 1, "0.0"),
        (None, 1, ""),
        (math.nan, 1, ""),
    ],
)
def test_format_number(value, decimals, expected):
    assert format_number(value, decimals) == expected


def test_format_number_without_thousands():
    assert format_number(2_097, 0, thousands=False) == "2097"
    assert format_number(1_234.56, 1, thousands=False) == "1234.6"


def test_format_number_rejects_negative_decimals():
    with pytest.raises(ValueError, match="decimals must be zero or more"):
        format_number(1.0, -1)


def test_markers_are_the_published_key():
    assert MARKERS == {
        "not_available": "N/A",
        "to_be_supplied": "...",
        "new_indicator": "...",
        "small_cohort": "N/A small cohort",
        "tbc": "TBC",
    }
    assert MARKER_MEANINGS == {
        "not_available": "Data not available",
        "to_be_supplied": "Data to be supplied",
        "new_indicator": "New indicator - historical data not available",
        "small_cohort": "Cohort too small to publish",
        "tbc": "To be confirmed",
    }


@pytest.mark.parametrize(
    ("value", "status", "expected"),
    [
        (68.31, "", "68.3"),
        (68.31, "provisional", "68.3"),
        (68.31, "unpublished", "68.3"),
        (None, "", ""),
        (None, "not_available", "N/A"),
        (68.31, "not_available", "N/A"),
        (None, "to_be_supplied", "..."),
        (None, "new_indicator", "..."),
        (None, "small_cohort", "N/A small cohort"),
    ],
)
def test_format_figure(value, status, expected):
    assert format_figure(value, 1, status) == expected


@pytest.mark.parametrize("status", ["tbc", "estimated", "N/A"])
def test_format_figure_unknown_status(status):
    with pytest.raises(ValueError, match=f"unknown figure status '{status}'"):
        format_figure(1.0, 1, status)


@pytest.mark.parametrize(
    ("value", "decimals", "comparator", "status", "expected"),
    [
        (25, 0, "<=", "", "<= 25"),  # primary exclusions
        (79, 0, "<=", "", "<= 79"),
        (25, 0, ">=", "", ">= 25"),
        (25.0, 1, "", "", "25.0"),
        (85, 1, "", "", "85.0"),
        (35, 0, "", "", "35"),
        (None, 1, "", "tbc", "TBC"),  # NEET target
        (None, 0, "", "small_cohort", "N/A small cohort"),  # EYFS CIC gap
        (None, 0, "", "not_available", "N/A"),
        (None, 1, "", "", ""),
        (None, 1, "<=", "", ""),
    ],
)
def test_format_target(value, decimals, comparator, status, expected):
    assert format_target(value, decimals, comparator, status) == expected


def test_format_target_rejects_unknown_comparator_and_status():
    with pytest.raises(ValueError, match="unknown comparator '<'"):
        format_target(25, 0, "<")
    with pytest.raises(ValueError, match="unknown target status 'maybe'"):
        format_target(25, 0, status="maybe")


def test_format_range():
    assert format_range(17.5, 22.5, 1) == "17.5–22.5"
    assert format_range(17.5, 22.5, 1) == "17.5\u201322.5"
    assert format_range(1_000, 2_500, 0) == "1,000–2,500"


values = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)


@given(values, st.integers(min_value=0, max_value=4), st.booleans())
def test_format_then_parse_round_trips(value, decimals, thousands):
    printed = format_number(value, decimals, thousands)
    assert parse_number(printed) == round_half_up(value, decimals)
    assert decimals_of(printed) == decimals
