import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers.rules.rating import Rag, Thresholds, rag, validate_thresholds

G, A, R = Rag.GREEN, Rag.AMBER, Rag.RED


def test_rag_values_print_as_in_the_scorecard():
    assert [str(r) for r in Rag] == ["RED", "AMBER", "GREEN"]
    assert Rag("AMBER") is Rag.AMBER


# --- polarity H: higher is better -----------------------------------------------------

HIGH = Thresholds(target=85.0, floor=75.0)


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (90.0, None, G),
        (85.0, None, G),  # equal to target: target met
        (84.99, None, A),
        (84.96, 1, G),  # prints 85.0
        (84.95, 1, G),  # half up to 85.0
        (84.94, 1, A),  # prints 84.9
        (75.0, None, A),  # equal to floor: floor achieved
        (74.99, None, R),
        (74.95, 1, A),  # prints 75.0
        (74.94, 1, R),
        (68.3, 1, R),
        (0.0, None, R),
    ],
)
def test_higher_is_better(value, decimals, expected):
    assert rag(value, "H", HIGH, decimals) is expected


def test_higher_missing_floor_rates_green_only():
    no_floor = Thresholds(target=85.0)
    assert rag(85.0, "H", no_floor) is G
    assert rag(84.9, "H", no_floor) is None  # cannot say whether the floor is met


def test_missing_target_gives_no_rating():
    assert rag(90.0, "H", Thresholds(floor=75.0)) is None
    assert rag(10.0, "L", Thresholds(floor=30.0)) is None
    assert rag(90.0, "H", Thresholds()) is None


@pytest.mark.parametrize("value", [None, math.nan])
def test_missing_value_gives_no_rating(value):
    assert rag(value, "H", HIGH) is None
    assert rag(value, "T", Thresholds(target=20.0, floor_low=15.0, floor_high=30.0)) is None


def test_nan_thresholds_are_missing():
    thresholds = Thresholds(target=85.0, floor=math.nan)
    assert thresholds.floor is None
    assert thresholds == Thresholds(target=85.0)
    assert rag(80.0, "H", thresholds) is None


# --- polarity L: lower is better ------------------------------------------------------

LOW = Thresholds(target=25.0, floor=30.0)


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (20.0, None, G),
        (25.0, None, G),  # equal to target
        (25.01, None, A),
        (25.04, 1, G),  # prints 25.0
        (25.05, 1, A),  # half up to 25.1
        (30.0, None, A),  # equal to floor
        (30.01, None, R),
        (30.04, 1, A),
        (30.05, 1, R),
    ],
)
def test_lower_is_better(value, decimals, expected):
    assert rag(value, "L", LOW, decimals) is expected


def test_lower_missing_floor_rates_green_only():
    assert rag(24.0, "L", Thresholds(target=25.0)) is G
    assert rag(26.0, "L", Thresholds(target=25.0)) is None


# --- polarity T: close to the target --------------------------------------------------

# SCS13 (second or subsequent child protection plan): target 20.0, range 17.5-22.5.
# The floor range 15.0-30.0 is illustrative, not published.
CLOSE = Thresholds(target=20.0, target_low=17.5, target_high=22.5, floor_low=15.0, floor_high=30.0)


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (20.0, None, G),
        (17.5, None, G),  # range ends are inside
        (22.5, None, G),
        (22.54, 1, G),  # prints 22.5
        (22.55, 1, A),  # prints 22.6
        (17.46, 1, G),  # prints 17.5
        (17.44, 1, A),  # prints 17.4
        (26.9, 1, A),  # SCS13, Nov-25: not GREEN
        (30.0, None, A),  # floor range ends are inside
        (15.0, None, A),
        (30.04, 1, A),
        (30.05, 1, R),
        (14.95, 1, A),
        (14.94, 1, R),
        (40.0, None, R),
        (0.0, None, R),
    ],
)
def test_close_to_target(value, decimals, expected):
    assert rag(value, "T", CLOSE, decimals) is expected


def test_close_to_target_without_floor_range_is_green_or_nothing():
    scs13 = Thresholds(target=20.0, target_low=17.5, target_high=22.5)
    assert rag(26.9, "T", scs13, 1) is None  # not GREEN, and no floor range to decide
    assert rag(21.0, "T", scs13, 1) is G


def test_close_to_target_without_range_needs_the_exact_target():
    exact = Thresholds(target=20.0, floor_low=15.0, floor_high=25.0)
    assert rag(20.0, "T", exact) is G
    assert rag(20.04, "T", exact, 1) is G
    assert rag(20.1, "T", exact, 1) is A
    assert rag(25.1, "T", exact, 1) is R


def test_close_to_target_without_target_or_range_gives_no_rating():
    assert rag(20.0, "T", Thresholds(floor_low=15.0, floor_high=25.0)) is None


def test_range_without_target_is_enough_for_t():
    assert rag(20.0, "T", Thresholds(target_low=17.5, target_high=22.5)) is G


# --- real rows of the November 2025 scorecard -----------------------------------------


@pytest.mark.parametrize(
    ("value", "polarity", "thresholds", "decimals", "expected"),
    [
        (68.3, "H", Thresholds(target=85.0, floor=75.0), 1, R),  # CIC in KCC foster care
        (85.0, "H", Thresholds(target=85.0), 1, G),  # case file audits, equal to target
        (62.0, "H", Thresholds(target=62.0), 0, G),  # KS2 RWM, equal to target
        (22.5, "L", Thresholds(target=25.0), 1, G),  # re-referrals
        (14.7, "L", Thresholds(target=15.0), 1, G),  # EH cases returning
        (34.72, "H", Thresholds(target=35.0, floor=34.0), 2, A),  # A level APS (floor assumed)
    ],
)
def test_published_examples(value, polarity, thresholds, decimals, expected):
    assert rag(value, polarity, thresholds, decimals) is expected


# --- nonsense thresholds --------------------------------------------------------------


@pytest.mark.parametrize(
    ("polarity", "thresholds", "message"),
    [
        ("H", Thresholds(target=80.0, floor=85.0), "floor above target"),
        ("L", Thresholds(target=25.0, floor=20.0), "floor below target"),
        ("T", Thresholds(target_low=22.5, target_high=17.5), "target range low above high"),
        ("T", Thresholds(target=20.0, floor_low=30.0, floor_high=15.0), "floor range low above"),
        ("T", Thresholds(target=20.0, target_low=17.5), "needs both ends"),
        ("T", Thresholds(target=25.0, target_low=17.5, target_high=22.5), "target above the"),
        ("T", Thresholds(target=15.0, target_low=17.5, target_high=22.5), "target below the"),
        ("T", Thresholds(target=20.0, floor_low=21.0, floor_high=30.0), "does not contain"),
        (
            "T",
            Thresholds(target_low=17.5, target_high=22.5, floor_low=15.0, floor_high=20.0),
            "does not contain",
        ),
        ("T", Thresholds(target=20.0, floor=25.0), "takes a floor range"),
        ("H", Thresholds(target=85.0, target_low=80.0, target_high=90.0), "polarity T only"),
        ("X", Thresholds(target=1.0), "unknown polarity"),
    ],
)
def test_nonsense_thresholds_raise(polarity, thresholds, message):
    with pytest.raises(ValueError, match=message):
        validate_thresholds(polarity, thresholds)
    with pytest.raises(ValueError, match=message):
        rag(50.0, polarity, thresholds)


def test_floor_equal_to_target_is_allowed():
    assert rag(85.0, "H", Thresholds(target=85.0, floor=85.0)) is G
    assert rag(84.0, "H", Thresholds(target=85.0, floor=85.0)) is R


# --- property: mirroring --------------------------------------------------------------

# Values on a 0.05 grid so that equalities with thresholds happen often.
grid = st.integers(min_value=-2000, max_value=2000).map(lambda n: n / 20)
maybe_decimals = st.sampled_from([None, 0, 1, 2])


@st.composite
def high_thresholds(draw: st.DrawFn) -> Thresholds:
    target = draw(st.one_of(st.none(), grid))
    floor = draw(st.one_of(st.none(), grid))
    if target is not None and floor is not None and floor > target:
        floor, target = target, floor
    return Thresholds(target=target, floor=floor)


@st.composite
def close_thresholds(draw: st.DrawFn) -> Thresholds:
    points = sorted(draw(st.lists(grid, min_size=5, max_size=5)))
    floor_low, target_low, target, target_high, floor_high = points
    has_range, has_floor = draw(st.booleans()), draw(st.booleans())
    return Thresholds(
        target=draw(st.sampled_from([None, target])),
        target_low=target_low if has_range else None,
        target_high=target_high if has_range else None,
        floor_low=floor_low if has_floor else None,
        floor_high=floor_high if has_floor else None,
    )


def negate(x: float | None) -> float | None:
    return None if x is None else -x


@given(grid, high_thresholds(), maybe_decimals)
def test_mirroring_swaps_higher_and_lower(value, thresholds, decimals):
    mirrored = Thresholds(target=negate(thresholds.target), floor=negate(thresholds.floor))
    assert rag(value, "H", thresholds, decimals) == rag(-value, "L", mirrored, decimals)
    assert rag(-value, "H", thresholds, decimals) == rag(value, "L", mirrored, decimals)


@given(grid, close_thresholds(), maybe_decimals)
def test_mirroring_close_to_target(value, thresholds, decimals):
    mirrored = Thresholds(
        target=negate(thresholds.target),
        target_low=negate(thresholds.target_high),
        target_high=negate(thresholds.target_low),
        floor_low=negate(thresholds.floor_high),
        floor_high=negate(thresholds.floor_low),
    )
    assert rag(value, "T", thresholds, decimals) == rag(-value, "T", mirrored, decimals)


@given(grid, high_thresholds())
def test_higher_value_never_rates_worse(value, thresholds):
    order = {None: None, R: 0, A: 1, G: 2}
    lower, higher = order[rag(value, "H", thresholds)], order[rag(value + 1, "H", thresholds)]
    if lower is not None and higher is not None:
        assert higher >= lower
