import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers.rules.travel import (
    ARROWS,
    Direction,
    arrow,
    direction_of_travel,
    parse_arrow,
    trend_direction,
)

UP, DOWN, SAME = Direction.IMPROVED, Direction.WORSENED, Direction.SAME


# --- direction_of_travel --------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "previous", "polarity", "decimals", "expected"),
    [
        (80.1, 78.6, "H", 1, UP),  # permanent social workers, Oct-25 -> Nov-25
        (68.3, 69.0, "H", 1, DOWN),  # CIC in KCC foster care
        (73.1, 73.1, "H", 1, SAME),  # same placement for two years
        (22.5, 22.3, "L", 1, DOWN),  # re-referrals: up is worse
        (15.5, 15.9, "L", 1, UP),  # CIC caseloads: down is better
        (0.04, 0.04, "L", 2, SAME),  # exclusions rate
        (85.04, 84.96, "H", 1, SAME),  # both print 85.0
        (85.05, 84.96, "H", 1, UP),  # 85.1 against 85.0
        (84.96, 85.05, "H", 1, DOWN),
        (85.04, 84.96, "H", None, UP),  # unrounded, the small rise counts
        (25.04, 24.96, "L", 1, SAME),
        (25.05, 24.96, "L", 1, DOWN),
    ],
)
def test_direction_higher_and_lower(current, previous, polarity, decimals, expected):
    assert direction_of_travel(current, previous, polarity, decimals) is expected


@pytest.mark.parametrize(
    ("current", "previous", "decimals", "expected"),
    [
        (26.9, 27.4, 1, UP),  # SCS13, Oct-25 -> Nov-25: nearer the target of 20.0
        (27.4, 26.9, 1, DOWN),
        (21.0, 19.0, 1, SAME),  # same distance on either side of the target
        (15.1, 24.9, None, SAME),  # float noise: distances 4.9 and 4.899999999999999
        (19.0, 22.0, 1, UP),  # crossed the target and ended nearer
        (17.0, 22.0, 1, DOWN),  # crossed the target and ended further away
        (20.04, 19.96, 1, SAME),  # both print 20.0
        (20.0, 20.0, None, SAME),
    ],
)
def test_direction_close_to_target(current, previous, decimals, expected):
    assert direction_of_travel(current, previous, "T", decimals, target=20.0) is expected


def test_direction_close_to_target_needs_a_target():
    assert direction_of_travel(26.9, 27.4, "T", 1) is None
    assert direction_of_travel(26.9, 27.4, "T", 1, target=math.nan) is None


@pytest.mark.parametrize(("current", "previous"), [(None, 1.0), (1.0, None), (math.nan, 1.0)])
def test_direction_missing_values(current, previous):
    assert direction_of_travel(current, previous, "H") is None


def test_direction_unknown_polarity():
    with pytest.raises(ValueError, match="unknown polarity 'X'"):
        direction_of_travel(1.0, 2.0, "X")


# --- trend_direction ------------------------------------------------------------------


def test_trend_of_a_straight_line():
    rising = [1.0, 2.0, 3.0, 4.0]  # fitted change 3.0 over the window
    assert trend_direction(rising, "H", threshold=2.9) is UP
    assert trend_direction(rising, "H", threshold=3.0) is SAME  # |change| <= threshold
    assert trend_direction(rising, "L", threshold=2.9) is DOWN
    assert trend_direction(rising[::-1], "H", threshold=2.9) is DOWN
    assert trend_direction(rising[::-1], "L", threshold=2.9) is UP


def test_trend_of_published_re_referrals_window():
    # SCS01 May-25 .. Nov-25, lower is better: slope 2.6 / 28 a month, fitted change over
    # six months 0.557, which is 0.6 at the printed precision.
    values = [21.9, 22.0, 21.8, 21.9, 22.0, 22.3, 22.5]
    assert trend_direction(values, "L", threshold=0.5, decimals=1) is DOWN
    assert trend_direction(values, "L", threshold=0.6, decimals=1) is SAME
    assert trend_direction(values, "L", threshold=0.55) is DOWN  # unrounded 0.557
    assert trend_direction(values, "L", threshold=0.56) is SAME


def test_trend_change_is_rounded_at_printed_precision():
    values = [10.0, 10.1, 10.2]  # change 0.2, in floats 0.19999999999999929
    assert trend_direction(values, "H", threshold=0.2, decimals=1) is SAME
    assert trend_direction(values, "H", threshold=0.1, decimals=1) is UP


def test_trend_skips_missing_values_but_keeps_positions():
    assert trend_direction([1.0, None, math.nan, 4.0], "H", threshold=2.9) is UP
    assert trend_direction([1.0, None, math.nan, 4.0], "H", threshold=3.0) is SAME
    # the span is between the first and last present values
    assert trend_direction([None, 1.0, 2.0, None], "H", threshold=0.99) is UP
    assert trend_direction([None, 1.0, 2.0, None], "H", threshold=1.0) is SAME


@pytest.mark.parametrize("values", [[], [5.0], [None, 5.0, None], [None, None]])
def test_trend_needs_two_values(values):
    assert trend_direction(values, "H", threshold=0.0) is None


def test_trend_close_to_target():
    towards = [27.7, 28.2, 27.4, 26.9]  # SCS13 Aug-25 .. Nov-25, target 20.0
    assert trend_direction(towards, "T", 0.5, decimals=1, target=20.0) is UP
    assert trend_direction(towards[::-1], "T", 0.5, decimals=1, target=20.0) is DOWN
    assert trend_direction(towards, "T", 2.0, decimals=1, target=20.0) is SAME
    assert trend_direction([18.0, 22.0], "T", 1.0, target=20.0) is SAME  # straddles the target
    assert trend_direction(towards, "T", 0.5, decimals=1) is None


def test_trend_rejects_negative_threshold_and_unknown_polarity():
    with pytest.raises(ValueError, match="threshold"):
        trend_direction([1.0, 2.0], "H", threshold=-0.1)
    with pytest.raises(ValueError, match="unknown polarity"):
        trend_direction([1.0, 2.0], "Z", threshold=0.1)


# --- arrows ---------------------------------------------------------------------------


def test_arrows():
    assert ARROWS == {UP: "↑", DOWN: "↓", SAME: "↔"}
    assert [arrow(d) for d in (UP, DOWN, SAME, None)] == ["↑", "↓", "↔", ""]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("↑", UP),
        ("⬆", UP),
        ("⬆️", UP),
        ("↓", DOWN),
        ("⬇", DOWN),
        ("⬇️", DOWN),
        ("↔", SAME),
        ("↔️", SAME),
        (" ↔️ ", SAME),
        ("", None),
        ("  ", None),
    ],
)
def test_parse_arrow(text, expected):
    assert parse_arrow(text) is expected


@pytest.mark.parametrize("text", ["→", "up", "N/A", "↑↓"])
def test_parse_arrow_rejects_other_text(text):
    with pytest.raises(ValueError, match="not a direction-of-travel arrow"):
        parse_arrow(text)


@pytest.mark.parametrize("direction", list(Direction))
def test_arrow_round_trips(direction):
    assert parse_arrow(arrow(direction)) is direction


# --- properties -----------------------------------------------------------------------

grid = st.integers(min_value=-2000, max_value=2000).map(lambda n: n / 20)
maybe_decimals = st.sampled_from([None, 0, 1, 2])
polarities = st.sampled_from(["H", "L", "T"])
mirror_polarity = {"H": "L", "L": "H", "T": "T"}
swapped = {UP: DOWN, DOWN: UP, SAME: SAME, None: None}


@given(grid, grid, polarities, maybe_decimals, grid)
def test_mirroring_swaps_higher_and_lower(current, previous, polarity, decimals, target):
    assert direction_of_travel(current, previous, polarity, decimals, target) is (
        direction_of_travel(-current, -previous, mirror_polarity[polarity], decimals, -target)
    )


@given(grid, grid, polarities, maybe_decimals, grid)
def test_direction_is_antisymmetric(current, previous, polarity, decimals, target):
    forward = direction_of_travel(current, previous, polarity, decimals, target)
    backward = direction_of_travel(previous, current, polarity, decimals, target)
    assert backward is swapped[forward]
    assert forward is not None


@given(grid, polarities, maybe_decimals, grid)
def test_no_change_is_same(value, polarity, decimals, target):
    assert direction_of_travel(value, value, polarity, decimals, target) is SAME


windows = st.lists(st.one_of(st.none(), grid), min_size=0, max_size=8)
thresholds = st.integers(min_value=0, max_value=40).map(lambda n: n / 20)


@given(windows, st.sampled_from(["H", "L"]), thresholds, maybe_decimals)
def test_trend_reversed_window_swaps_direction(values, polarity, threshold, decimals):
    forward = trend_direction(values, polarity, threshold, decimals)
    backward = trend_direction(values[::-1], polarity, threshold, decimals)
    assert backward is swapped[forward]


@given(windows, polarities, thresholds, maybe_decimals, grid)
def test_trend_mirroring_swaps_higher_and_lower(values, polarity, threshold, decimals, target):
    mirrored = [None if v is None else -v for v in values]
    assert trend_direction(values, polarity, threshold, decimals, target) is trend_direction(
        mirrored, mirror_polarity[polarity], threshold, decimals, -target
    )
