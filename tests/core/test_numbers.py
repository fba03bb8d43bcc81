from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers.core.numbers import decimals_of, equal_at_precision, parse_number, round_half_up


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (0.05, 1, 0.1),
        (0.04, 1, 0.0),
        (2.675, 2, 2.68),  # Python's round() gives 2.67
        (1.005, 2, 1.01),
        (0.125, 2, 0.13),
        (2.5, 0, 3.0),  # half up, not half to even
        (3.5, 0, 4.0),
        (-0.05, 1, -0.1),  # symmetric: halves go away from zero
        (-2.675, 2, -2.68),
        (-2.5, 0, -3.0),
        (84.96, 1, 85.0),
        (84.94, 1, 84.9),
        (428.44, 1, 428.4),
        (22.514540074400, 1, 22.5),
        (1234.5, -1, 1230.0),
        (1235.0, -1, 1240.0),
        (7.0, 3, 7.0),
    ],
)
def test_round_half_up(value, decimals, expected):
    assert round_half_up(value, decimals) == expected


def test_round_half_up_large_value_many_decimals():
    assert round_half_up(1e20, 10) == 1e20


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_round_half_up_rejects_non_finite(value):
    with pytest.raises(ValueError, match="non-finite"):
        round_half_up(value, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("25.0", 1),
        ("2,274", 0),
        ("34.20", 2),
        ("<= 25", 0),
        ("0.04", 2),
        ("270,731", 0),
        ("-1.5", 1),
        (" 505.2 ", 1),
        ("22.5%", 1),
    ],
)
def test_decimals_of(text, expected):
    assert decimals_of(text) == expected


@pytest.mark.parametrize("text", ["N/A", "", "TBC", "17.5-22.5"])
def test_decimals_of_needs_exactly_one_number(text):
    with pytest.raises(ValueError, match="expected one printed number"):
        decimals_of(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2,274", 2274.0),
        (" 505.2 ", 505.2),
        ("270,731", 270731.0),
        ("2097", 2097.0),
        ("0.04", 0.04),
        ("34.20", 34.2),
        ("-1,234.5", -1234.5),
        ("−3.2", -3.2),  # typographic minus
        (".5", 0.5),
    ],
)
def test_parse_number(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    "text", ["N/A", "abc", "", "   ", "...", "TBC", "<= 25", "nan", "inf", "22,74", "1.2.3"]
)
def test_parse_number_rejects_non_numbers_naming_the_text(text):
    with pytest.raises(ValueError, match="not a number") as error:
        parse_number(text)
    assert repr(text) in str(error.value)


@pytest.mark.parametrize(
    ("a", "b", "decimals", "expected"),
    [
        (84.96, 85.0, 1, True),
        (84.94, 85.0, 1, False),
        (22.45, 22.5, 1, True),
        (22.449, 22.5, 1, False),
        (61.9, 62.4, 0, True),
        (61.4, 62.4, 0, False),
    ],
)
def test_equal_at_precision(a, b, decimals, expected):
    assert equal_at_precision(a, b, decimals) is expected


values = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)
places = st.integers(min_value=0, max_value=4)


@given(values, places)
def test_round_half_up_is_idempotent(value, decimals):
    once = round_half_up(value, decimals)
    assert round_half_up(once, decimals) == once


@given(values, places)
def test_round_half_up_is_within_half_a_unit(value, decimals):
    rounded = Decimal(str(round_half_up(value, decimals)))
    assert abs(rounded - Decimal(str(value))) <= Decimal(5).scaleb(-decimals - 1)
    # and it lands on the grid of the requested precision
    assert rounded == rounded.quantize(Decimal(1).scaleb(-decimals))


@given(values, places)
def test_round_half_up_is_symmetric(value, decimals):
    assert round_half_up(-value, decimals) == -round_half_up(value, decimals)
