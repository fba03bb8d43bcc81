import math

import pytest

from helpers.rules.measures import agrees_with_printed, compute_measure


@pytest.mark.parametrize(
    ("numerator", "denominator", "measure", "expected"),
    [
        (5_326, 23_656, "percent", 100 * 5_326 / 23_656),
        (1, 4, "percent", 25.0),
        (3, 20_000, "rate_per_10000", 1.5),
        (21_422, 50, "average", 428.44),
        (1_680, 108.5, "average", 1_680 / 108.5),
        (36, None, "count", 36.0),
        (36, 0, "count", 36.0),  # a count does not use its denominator
    ],
)
def test_compute_measure(numerator, denominator, measure, expected):
    assert compute_measure(numerator, denominator, measure) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize(
    ("numerator", "denominator", "measure"),
    [
        (None, 100, "percent"),
        (5, None, "percent"),
        (math.nan, 100, "percent"),
        (5, math.nan, "average"),
        (5, 0, "percent"),
        (5, 0, "rate_per_10000"),
        (5, 0, "average"),
        (None, 3, "count"),
        (5, 100, "none"),
    ],
)
def test_compute_measure_cannot_compute(numerator, denominator, measure):
    assert compute_measure(numerator, denominator, measure) is None


def test_compute_measure_unknown_measure():
    with pytest.raises(ValueError, match="unknown measure 'ratio'"):
        compute_measure(1, 2, "ratio")


@pytest.mark.parametrize(
    ("value", "numerator", "denominator", "measure", "decimals", "expected"),
    [
        (428.4, 21_422, 50, "average", 1, True),  # adoption days: 428.44
        (22.5, 5_326, 23_656, "percent", 1, True),  # re-referrals: 22.51
        (62, 18_853, 11_694, "percent", 0, False),  # KS2 RWM printed 62, computes 161
        (68.3, 694, 1_016, "percent", 1, True),  # KCC foster care: 68.31
        (80.1, 505.2, 630.5, "percent", 1, True),  # permanent social workers: 80.13
        (15.5, 1_680, 108.5, "average", 1, True),  # CIC caseloads: 15.48
        (4.1, 1_645, 39_864, "percent", 1, True),  # NEET: 4.13
        (36, 36, None, "count", 0, True),
        (35, 36, None, "count", 0, False),
        (22.6, 5_326, 23_656, "percent", 1, False),
    ],
)
def test_agrees_with_printed(value, numerator, denominator, measure, decimals, expected):
    assert agrees_with_printed(value, numerator, denominator, measure, decimals) is expected


def test_agrees_with_printed_uses_half_up_rounding():
    # 1 / 8 = 12.5 %, printed as 13 (half up), not 12 (Python's round to even)
    assert agrees_with_printed(13, 1, 8, "percent", 0) is True
    assert agrees_with_printed(12, 1, 8, "percent", 0) is False


@pytest.mark.parametrize(
    ("value", "numerator", "denominator", "measure"),
    [
        (0.04, None, None, "percent"),  # exclusions rate: N/A numerator and denominator
        (10.0, 5, 0, "percent"),
        (10.0, 5, 50, "none"),
        (math.nan, 5, 50, "percent"),
    ],
)
def test_agrees_with_printed_cannot_check(value, numerator, denominator, measure):
    assert agrees_with_printed(value, numerator, denominator, measure, 1) is None
