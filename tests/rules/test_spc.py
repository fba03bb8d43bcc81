"""Tests of helpers.rules.spc, the port of NHSRplotthedots.

Tests named ``test_ref_*`` port a testthat case of the reference package
nhs-r-community/NHSRplotthedots; the comment above each names the R file and
the ``test_that()`` description. Inputs the R tests draw with
``set.seed(123); rnorm(...)`` are written out in full below (R's Mersenne-
Twister/Inversion stream), and expected figures are the ones the R tests and
their snapshots (tests/testthat/_snaps/*.md) assert. Tests named ``test_*``
without the prefix are our own boundary cases.
"""

import math

import numpy as np
import pandas as pd
import pytest

from helpers.rules import spc
from helpers.rules.spc import SpcResult, xmr

# set.seed(123); rnorm(24): the first 20 are the reference's `data$y`.
RNORM_123 = [
    -0.5604756465522126,
    -0.23017748948327996,
    1.558708314149124,
    0.070508391424576,
    0.12928773516094624,
    1.715064986883281,
    0.4609162059892023,
    -1.265061234606534,
    -0.6868528518935261,
    -0.44566197009995806,
    1.2240817974394615,
    0.3598138270573638,
    0.40077145059405217,
    0.1106827159451197,
    -0.5558411347540749,
    1.7869131368030782,
    0.4978504782292394,
    -1.9666171566296382,
    0.7013559015636855,
    -0.47279140772793404,
    -1.0678237059868452,
    -0.21797491465829513,
    -1.0260044483072397,
    -0.7288912292911403,
]
# The same stream continued: rnorm(12, 5), then rnorm(12, -5) (test-geom_ptd_icon.R).
RNORM_123_NEXT_MEAN_5 = [
    4.374960732150743,
    3.313306689257587,
    5.837787044494525,
    5.153373117836515,
    3.8618630629880526,
    6.253814921069926,
    5.426464221476814,
    4.704928517007729,
    5.8951256610450224,
    5.878133487533042,
    5.821581081637487,
    5.688640254100091,
]
RNORM_123_NEXT_MEAN_MINUS_5 = [
    -4.446082346462411,
    -5.061911710576721,
    -5.305962663739916,
    -5.380471001012383,
    -5.694706978920513,
    -5.207917278019599,
    -6.265396351568264,
    -2.8310440346614874,
    -3.7920380016950093,
    -6.123108583203349,
    -5.402884835299076,
    -5.466655353623219,
]

# NHSRdatasets::ae_attendances summed by month, April 2016 to March 2019: the
# `ae_all()` of test-integration_tests.R, decoded from its serialised snapshot.
AE_ALL_ATTENDANCES = [
    1867781, 2070340, 1958802, 2079034, 1932901, 1952464, 2001816, 1907871, 1944567,
    1895272, 1735619, 2015834, 1949762, 2066789, 1994056, 2073944, 1924663, 1925961,
    2044137, 1976971, 2003954, 2000086, 1820012, 2049785, 1984369, 2164458, 2093942,
    2179896, 1997854, 2005695, 2079492, 2037847, 2047518, 2113413, 1954947, 2167550,
]  # fmt: skip
AE_ALL_PERFORMANCE = [
    0.9003512724457525, 0.9027555860390081, 0.9055994429248081, 0.9028524786030435,
    0.909763097023593, 0.9064786853944554, 0.8905308979446662, 0.8837903610883545,
    0.8617594559611471, 0.851413411900772, 0.8753090395991286, 0.9000949482943537,
    0.9051525263083392, 0.8970035160821932, 0.9072518525056468, 0.9034785895858326,
    0.9029928875860346, 0.8966609396555797, 0.8994186788850258, 0.8876655246839736,
    0.8498503458662225, 0.8529918213516818, 0.8504476893558943, 0.8462121637147311,
    0.8857248828216929, 0.9039011151983545, 0.9076297242234981, 0.8931949047110505,
    0.8972702710007838, 0.8894368286304747, 0.8900933497219513, 0.8760446687116353,
    0.8644632183941728, 0.843525141560121, 0.8422525009629417, 0.8660427671795345,
]  # fmt: skip

CC, IMP, CON = "common_cause", "special_cause_improvement", "special_cause_concern"
TYPES = {"C": CC, "I": IMP, "X": CON}

# Baseline used by our own boundary tests: mean exactly 0, mean moving range
# exactly 2, so upl = 5.32, lpl = -5.32 and the near limits are ±2 × NEAR_LIMIT.
BASELINE = [1.0, -1.0] * 6
NEAR = 0.0 + spc.NEAR_LIMIT * 2.0


def fixed(*tail: float, direction: str = "increase", **kwargs) -> SpcResult:
    """Run xmr on BASELINE followed by ``tail``, limits fixed on BASELINE."""
    return xmr([*BASELINE, *tail], improvement_direction=direction, fix_after_n_points=12, **kwargs)


def types(codes: str) -> list[str]:
    return [TYPES[c] for c in codes]


# --- ported: test-ptd_spc_standard.R --------------------------------------------


# R: test-ptd_spc_standard.R, "it returns a data frame"
def test_ref_it_returns_a_data_frame():
    result = xmr(RNORM_123[:20])
    assert isinstance(result.table, pd.DataFrame)
    assert len(result.table) == 20


# R: test-ptd_spc_standard.R, "it returns expected values" (and _snaps/ptd_spc_standard.md)
def test_ref_it_returns_expected_values():
    y = RNORM_123[:20]
    r1 = xmr(y).table
    assert r1["mean"].iloc[0] == pytest.approx(0.1416238, abs=5e-8)
    assert r1["lpl"].iloc[0] == pytest.approx(-3.01138, abs=5e-6)
    assert r1["upl"].iloc[0] == pytest.approx(3.294627, abs=5e-7)
    assert not r1["outside_limits"].any()
    # the snapshot's glimpse shows the first 8 values; point 18 (-1.967) is just close
    assert r1["close_to_limits"].tolist()[:8] == [False] * 8
    assert np.flatnonzero(r1["close_to_limits"]).tolist() == [17]
    assert r1["point_type"].tolist() == [CC] * 20
    assert r1["relative_to_mean"].tolist()[:15] == [
        -1, -1, 1, -1, -1, 1, 1, -1, -1, -1, 1, 1, 1, -1, -1,
    ]  # fmt: skip

    # testing the screen_outliers: data$y[15] <- 10
    y_outlier = list(y)
    y_outlier[14] = 10.0
    r2 = xmr(y_outlier).table
    assert r2["mean"].iloc[0] == pytest.approx(0.6694159, abs=5e-8)
    assert r2["lpl"].iloc[0] == pytest.approx(-2.383666, abs=5e-7)
    assert r2["upl"].iloc[0] == pytest.approx(3.722497, abs=5e-7)
    assert r2["relative_to_mean"].tolist()[:14] == [
        -1, -1, 1, -1, -1, 1, -1, -1, -1, -1, 1, -1, -1, -1,
    ]  # fmt: skip
    r3 = xmr(y_outlier, screen_outliers=False).table
    assert r3["mean"].iloc[0] == pytest.approx(0.6694159, abs=5e-8)
    assert r3["lpl"].iloc[0] == pytest.approx(-4.596625, abs=5e-7)
    assert r3["upl"].iloc[0] == pytest.approx(5.935457, abs=5e-7)

    # different limits for all of the results; unscreened range is wider
    assert len({r1["lpl"].iloc[0], r2["lpl"].iloc[0], r3["lpl"].iloc[0]}) == 3
    assert len({r1["upl"].iloc[0], r2["upl"].iloc[0], r3["upl"].iloc[0]}) == 3
    width = {name: t["upl"].iloc[0] - t["lpl"].iloc[0] for name, t in (("r2", r2), ("r3", r3))}
    assert width["r3"] > width["r2"]


# R: test-ptd_spc_standard.R, "it sets the rebase_group field"
def test_ref_it_sets_the_rebase_group_field():
    y = RNORM_123[:20]
    assert xmr(y).table["rebase_group"].tolist() == [0] * 20
    assert xmr(y, rebase=[10]).table["rebase_group"].tolist() == [0] * 10 + [1] * 10


# R: test-ptd_spc_standard.R, "setting fix_after_n_points changes the calculations"
def test_ref_setting_fix_after_n_points_changes_the_calculations():
    s0 = xmr(RNORM_123[:20]).table
    s1 = xmr(RNORM_123[:20], fix_after_n_points=12).table
    assert s1["lpl"].iloc[0] != s0["lpl"].iloc[0]
    assert s1["upl"].iloc[0] != s0["upl"].iloc[0]
    # our addition: the figures, from the first 12 points only
    assert s1["mean"].iloc[0] == pytest.approx(np.mean(RNORM_123[:12]), rel=1e-12)
    assert s1["lpl"].iloc[0] == pytest.approx(-2.6073998147977493, rel=1e-12)
    assert s1["upl"].iloc[0] == pytest.approx(2.995758492375823, rel=1e-12)


# R: test-ptd_spc_standard.R, "it only reports special cause for 2of3 points close
# to limits when they are on the same side of the mean"
def test_ref_it_only_reports_special_cause_for_2of3_points_on_the_same_side():
    data = [1.0, -1.0] * 8
    data[14] = 5.5
    data[15] = -5.5
    table = xmr(data).table
    assert table["close_to_limits"].tolist()[-2:] == [True, True]
    assert table["point_type"].tolist()[-2:] == [CC, CC]


# --- ported: test-ptd_calculate_point_type.R ------------------------------------


# R: test-ptd_calculate_point_type.R, "ptd_seven_point_one_side_mean works as expected"
def test_ref_ptd_seven_point_one_side_mean_works_as_expected():
    f = spc._seven_point_one_side_mean
    assert f(np.array([])).tolist() == []
    assert f(np.ones(6)).tolist() == [0] * 6
    assert f(np.array([1] * 6 + [-1])).tolist() == [0] * 7
    assert f(np.array([1] * 8 + [-1])).tolist() == [0, 0, 0, 0, 0, 0, 1, 1, 0]
    assert f(np.array([-1] * 8 + [1])).tolist() == [0, 0, 0, 0, 0, 0, 1, 1, 0]


# R: test-ptd_calculate_point_type.R, "ptd_part_of_seven_trend works as expected"
def test_ref_ptd_part_of_seven_trend_works_as_expected():
    f = spc._part_of_seven_trend
    assert f(np.array([])).tolist() == []
    assert f(np.zeros(6)).tolist() == [0] * 6
    assert f(np.array([0] * 6 + [1, 0])).tolist() == [1] * 7 + [0]
    assert f(np.array([0] * 7 + [1, 0])).tolist() == [0] + [1] * 7 + [0]
    assert f(np.array([0] * 6 + [-1, 0])).tolist() == [1] * 7 + [0]
    assert f(np.array([0] * 7 + [-1, 0])).tolist() == [0] + [1] * 7 + [0]


# R: test-ptd_calculate_point_type.R, "ptd_seven_point_trend works as expected"
def test_ref_ptd_seven_point_trend_works_as_expected():
    f = spc._seven_point_trend
    assert f(np.array([])).tolist() == []
    assert f(np.arange(1, 7)).tolist() == [0] * 6
    assert f(np.array([1, 2, 3, 3, 4, 5, 6])).tolist() == [0] * 7  # c(1:3, 3:6): a tie
    assert f(np.arange(1, 8)).tolist() == [0, 0, 0, 0, 0, 0, 1]
    assert f(np.array([2, *range(1, 8), 3])).tolist() == [0, 0, 0, 0, 0, 0, 0, 1, 0]
    assert f(np.arange(7, 0, -1)).tolist() == [0, 0, 0, 0, 0, 0, -1]
    assert f(np.array([2, *range(7, 0, -1), 3])).tolist() == [0, 0, 0, 0, 0, 0, 0, -1, 0]


# R: test-ptd_calculate_point_type.R, "ptd_two_in_three works as expected"
def test_ref_ptd_two_in_three_works_as_expected():
    f = spc._two_in_three
    assert f(np.array([]), np.array([])).tolist() == []
    # R passes relative_to_mean of length 1 here; our port requires equal lengths
    assert f(np.zeros(3), np.zeros(3)).tolist() == [0, 0, 0]
    ones3 = np.ones(3)
    d = f(np.array([1, 0, 1]), ones3)
    e = f(np.array([0, 1, 1]), ones3)
    g3 = f(np.array([1, 1, 0]), ones3)
    assert d.tolist() == e.tolist() == g3.tolist() == [1, 1, 1]
    ones7 = np.ones(7)
    assert f(np.array([0, 0, 1, 0, 1, 0, 0]), ones7).tolist() == [0, 0, 1, 1, 1, 0, 0]
    assert f(np.array([0, 0, 1, 1, 0, 0, 0]), ones7).tolist() == [0, 1, 1, 1, 1, 0, 0]


# R: test-ptd_calculate_point_type.R, "ptd_two_in_three works as expected when points
# are on opposite sides of the mean"
def test_ref_ptd_two_in_three_when_points_are_on_opposite_sides_of_the_mean():
    f = spc._two_in_three
    rtm3 = np.array([1, -1, 1])
    for close in ([1, 0, 1], [0, 1, 1], [1, 1, 0]):
        assert f(np.array(close), rtm3).tolist() == [0, 0, 0]
    g = f(np.array([0, 0, 1, 0, 1, 0, 0]), np.array([1, -1, 1, -1, 1, -1, 1]))
    assert g.tolist() == [0] * 7
    h = f(np.array([0, 0, 1, 1, 0, 0, 0]), np.array([-1, 1, -1, 1, -1, 1, -1]))
    assert h.tolist() == [0] * 7


# R: test-ptd_calculate_point_type.R, "ptd_part_of_two_in_three works as expected"
def test_ref_ptd_part_of_two_in_three_works_as_expected():
    def part(close: list[int]) -> list[float]:
        v = np.array(close, dtype=float)
        return spc._part_of_two_in_three(spc._two_in_three(v, np.ones(len(v))), v).tolist()

    assert part([]) == []
    assert part([0, 0, 0]) == [0, 0, 0]
    assert part([1, 0, 1]) == [1, 0, 1]
    assert part([0, 1, 1]) == [0, 1, 1]
    assert part([1, 1, 0]) == [1, 1, 0]
    assert part([0, 0, 1, 0, 1, 0, 0]) == [0, 0, 1, 0, 1, 0, 0]
    assert part([0, 0, 1, 1, 0, 0, 0]) == [0, 0, 1, 1, 0, 0, 0]
    assert part([1, 0, 0, 1]) == [0, 0, 0, 0]
    assert part([1, 0, 0, 1, 1]) == [0, 0, 0, 1, 1]


# R: test-ptd_calculate_point_type.R, "ptd_special_cause_type works as expected"
# (R mocks the rule helpers; we pass the same mocked rule vectors to _classify)
def test_ref_ptd_special_cause_type_works_as_expected():
    labels = spc._classify(
        y=np.arange(1, 9),
        relative_to_mean=np.array([1, 1, 1, 1, -1, -1, -1, -1]),
        outside_limits=np.array([0, 0, 0, 0, 0, 1, -1, 0]),
        part_seven_point_trend=np.array([1, -1, 0, 0, 0, 0, 0, 0]),
        part_two_in_three=np.array([0, 0, 0, 0, 1, 0, 0, 0]),
        part_seven_point_one_side_mean=np.array([0, 0, 1, -1, 0, 0, 0, 0]),
    )
    assert labels == [
        "7 Point Trend (Increasing)",
        "7 Point Trend (Increasing)",
        "7 Points Above CL",
        "7 Points Above CL",
        "2 in 3 Below CL",
        "Below LCL",
        "Below LCL",
        "Common Cause",
    ]


# R: test-ptd_spc.R, "it calls ptd_calculate_point_type (increase)" / "(decrease)"
def test_ref_it_calls_ptd_calculate_point_type_with_the_direction_sign():
    assert spc.IMPROVEMENT_DIRECTIONS == {"increase": 1, "neutral": 0, "decrease": -1}
    labels = ["Above UCL", "7 Point Trend (Decreasing)", "Common Cause"]
    assert spc._point_types(labels, 1) == [IMP, CON, CC]
    assert spc._point_types(labels, -1) == [CON, IMP, CC]
    assert spc._point_types(labels, 0) == [
        "special_cause_neutral_high",
        "special_cause_neutral_low",
        CC,
    ]


# --- ported: test-ptd_calculate_assurance_type.R --------------------------------

# the data frame of the R tests: facets a, b, c with (lpl, upl) and target 4
ASSURANCE_ROWS = {"a": (1.0, 3.0), "b": (5.0, 7.0), "c": (1.0, 5.0)}


# R: test-ptd_calculate_assurance_type.R, "it returns a column of NA's if there is no target"
def test_ref_assurance_is_na_if_there_is_no_target():
    assert spc._assurance(None, 1.0, 3.0, "increase") is None
    assert xmr(RNORM_123[:20]).assurance is None


# R: test-ptd_calculate_assurance_type.R, "... when improvement_direction is increase"
def test_ref_assurance_when_improvement_direction_is_increase():
    got = [spc._assurance(4.0, lpl, upl, "increase") for lpl, upl in ASSURANCE_ROWS.values()]
    assert got == ["consistent_fail", "consistent_pass", "inconsistent"]


# R: test-ptd_calculate_assurance_type.R, "... when improvement_direction is decrease"
def test_ref_assurance_when_improvement_direction_is_decrease():
    got = [spc._assurance(4.0, lpl, upl, "decrease") for lpl, upl in ASSURANCE_ROWS.values()]
    assert got == ["consistent_pass", "consistent_fail", "inconsistent"]


# R: test-ptd_calculate_assurance_type.R, "... when improvement_direction is neutral"
def test_ref_assurance_when_improvement_direction_is_neutral():
    got = [spc._assurance(4.0, lpl, upl, "neutral") for lpl, upl in ASSURANCE_ROWS.values()]
    assert got == [None, None, None]
    assert xmr(RNORM_123[:20], target=4.0, improvement_direction="neutral").assurance is None


# R: test-ptd_calculate_assurance_type.R, "it returns correct values for assurance when rebase"
# (the reference takes the limits of the last row, so of the last rebase group)
def test_ref_assurance_when_rebase():
    rows = [(1.0, 3.0), (5.0, 7.0), (1.0, 5.0)]
    expected = {
        (0, 1, 2): "inconsistent",
        (1, 2, 0): "consistent_pass",
        (2, 0, 1): "consistent_fail",
    }
    for order, assurance in expected.items():
        lpl, upl = rows[order[-1]]
        assert spc._assurance(4.0, lpl, upl, "decrease") == assurance


# --- ported: test-ptd_add_short_group_warnings.R and test-ptd_add_rebase_column.R --


def _series(n: int) -> list[float]:
    return [float(i % 5) for i in range(n)]


# R: test-ptd_add_short_group_warnings.R, "it adds a column called short_group_warning"
def test_ref_it_adds_a_column_called_short_group_warning():
    result = xmr(_series(20))
    assert result.table["short_group_warning"].tolist() == [False] * 20
    assert result.trial_limits is False
    assert result.warnings == []


# R: test-ptd_add_short_group_warnings.R, "it warns when a group is shorter than the
# warning_threshold"
def test_ref_it_warns_when_a_group_is_shorter_than_the_warning_threshold():
    result = xmr(_series(11))
    assert result.table["short_group_warning"].tolist() == [True] * 11
    assert result.trial_limits is True
    assert result.warnings == [
        "Some groups have 'n < 12' observations. These have trial limits, which will be "
        "revised with each additional observation until 'n = fix_after_n_points' has been "
        "reached."
    ]


# R: test-ptd_add_short_group_warnings.R, "it does not warn when a group is equal to the
# warning_threshold"
def test_ref_it_does_not_warn_when_a_group_is_equal_to_the_warning_threshold():
    result = xmr(_series(12))
    assert result.table["short_group_warning"].tolist() == [False] * 12
    assert result.trial_limits is False
    assert result.warnings == []


# R: test-ptd_add_short_group_warnings.R, "it handles facets and rebase groups - no warnings"
def test_ref_it_handles_rebase_groups_no_warnings():
    result = xmr(_series(40), rebase=[20])
    assert result.table["short_group_warning"].tolist() == [False] * 40
    assert result.trial_limits is False


# R: test-ptd_add_short_group_warnings.R, "it handles facets and rebase groups - warning on
# one facet" (groups of 35, 5, 20 and 20 points)
def test_ref_it_handles_rebase_groups_warning_on_one_group():
    result = xmr(_series(80), rebase=[35, 40, 60])
    assert result.table["rebase_group"].tolist() == [0] * 35 + [1] * 5 + [2] * 20 + [3] * 20
    assert result.table["short_group_warning"].tolist() == (
        [False] * 35 + [True] * 5 + [False] * 40
    )
    assert result.warnings == [spc.TRIAL_LIMITS_WARNING]


# R: test-ptd_add_rebase_column.R, "it correctly sets rebase column when a date vector is
# passed" (dates 2020-01-03 and 2020-01-08 are positions 1 and 6 of 2020-01-02..11)
def test_ref_it_correctly_sets_rebase_column_when_a_date_vector_is_passed():
    groups = xmr(_series(10), rebase=[1, 6]).table["rebase_group"].tolist()
    assert groups == [0, 1, 1, 1, 1, 1, 2, 2, 2, 2]


# R: test-ptd_add_rebase_column.R, "it adds a column of zeros if no rebase is provided"
def test_ref_it_adds_a_column_of_zeros_if_no_rebase_is_provided():
    assert xmr(_series(10)).table["rebase_group"].tolist() == [0] * 10
    assert xmr(_series(10), rebase=[]).table["rebase_group"].tolist() == [0] * 10


# --- ported: test-ptd_spc_options.R ---------------------------------------------


# R: test-ptd_spc_options.R, "fix_after_n_points must be a single numeric that is greater
# than or equal to 12."
def test_ref_fix_after_n_points_must_be_a_single_numeric_at_least_12():
    message = "fix_after_n_points must be a single numeric that is greater than or equal to 12."
    for bad in ("a", [15, 20], 11):
        with pytest.raises(ValueError, match=message):
            xmr(_series(20), fix_after_n_points=bad)
    assert xmr(_series(20), fix_after_n_points=12).table["in_baseline"].sum() == 12


# R: test-ptd_spc_options.R, "improvement_direction must be one of increase, neutral, or
# decrease" and "improvement_direction defaults to increase"
def test_ref_improvement_direction_must_be_one_of_increase_neutral_or_decrease():
    for ok in ("increase", "neutral", "decrease"):
        assert xmr(_series(12), improvement_direction=ok).improvement_direction == ok
    assert xmr(_series(12)).improvement_direction == "increase"
    with pytest.raises(ValueError, match="improvement_direction must be one of"):
        xmr(_series(12), improvement_direction="a")


# R: test-ptd_spc_options.R, "target is either null, a scalar numeric, or a named list of
# numerics" (named lists are for facets, which this port leaves to the caller)
def test_ref_target_is_either_null_or_a_scalar_numeric():
    assert xmr(_series(12), target=None).target is None
    assert xmr(_series(12), target=1).target == 1.0
    for bad in ("a", [0, 1]):
        with pytest.raises(ValueError, match="target must be a single number"):
            xmr(_series(12), target=bad)


# R: test-ptd_spc_options.R, "screen_outliers must be a scalar logical"
def test_ref_screen_outliers_must_be_a_scalar_logical():
    xmr(_series(12), screen_outliers=True)
    xmr(_series(12), screen_outliers=False)
    for bad in ([True, False], "TRUE"):
        with pytest.raises(ValueError, match="screen_outliers must be True or False"):
            xmr(_series(12), screen_outliers=bad)


# --- ported: test-ptd_spc.R summary snapshots (_snaps/ptd_spc.md) ----------------


# R: test-ptd_spc.R, "it outputs expected content" (summary(): one row per group)
def test_ref_it_outputs_expected_content():
    whole = xmr(RNORM_123[:20])
    first = whole.table.iloc[0]
    assert (round(first["mean"], 3), round(first["lpl"], 2), round(first["upl"], 2)) == (
        0.142,
        -3.01,
        3.29,
    )
    assert (whole.table["point_type"] == CC).sum() == 20
    assert whole.variation == "common_cause"
    # the two facets (10 points each) computed separately
    for values, expected in (
        (RNORM_123[:10], (0.0746, -2.60, 2.75)),
        (RNORM_123[10:20], (0.209, -3.28, 3.70)),
    ):
        row = xmr(values).table.iloc[0]
        assert row["mean"] == pytest.approx(expected[0], abs=5e-4)
        assert (round(row["lpl"], 2), round(row["upl"], 2)) == expected[1:]


# R: test-ptd_spc.R, "summary with a target"
def test_ref_summary_with_a_target():
    result = xmr(RNORM_123[:20], target=0.5)
    assert result.variation == "common_cause"
    assert result.assurance == "inconsistent"
    assert result.table["target"].tolist() == [0.5] * 20


# --- ported: test-geom_ptd_icon.R -----------------------------------------------


# R: test-geom_ptd_icon.R, "ptd_get_icons transforms the data correctly"
def test_ref_ptd_get_icons_transforms_the_data_correctly():
    d = RNORM_123
    s1 = xmr(d)
    assert (s1.variation, s1.assurance) == ("common_cause", None)
    s2 = xmr(d, target=0.5)
    assert (s2.variation, s2.assurance) == ("common_cause", "inconsistent")
    for facet in (d[:12], d[12:]):  # s3 and s4: facet = "f"
        assert xmr(facet).variation == "common_cause"
        assert xmr(facet, target=0.5).assurance == "inconsistent"

    d5 = d[:12] + RNORM_123_NEXT_MEAN_5
    s5 = xmr(d5, target=-3)
    assert (s5.variation, s5.assurance) == ("improvement_high", "consistent_pass")
    s6 = xmr(d5, target=-3, improvement_direction="decrease")
    assert (s6.variation, s6.assurance) == ("concern_high", "consistent_fail")

    d7 = d[:12] + RNORM_123_NEXT_MEAN_MINUS_5
    s7 = xmr(d7, target=3)
    assert (s7.variation, s7.assurance) == ("concern_low", "consistent_fail")
    s8 = xmr(d7, target=3, improvement_direction="decrease")
    assert (s8.variation, s8.assurance) == ("improvement_low", "consistent_pass")
    s9 = xmr(d7, target=3, improvement_direction="neutral")
    assert (s9.variation, s9.assurance) == ("neutral_low", None)


# --- ported: test-integration_tests.R (serialised snapshots) ----------------------


# R: test-integration_tests.R, "ae_all attendances spc returns expected values"
def test_ref_ae_all_attendances_spc_returns_expected_values():
    table = xmr(AE_ALL_ATTENDANCES).table
    assert table["mean"].iloc[0] == pytest.approx(2000538.9444444445, rel=1e-12)
    assert table["lpl"].iloc[0] == pytest.approx(1731844.3644444444, rel=1e-12)
    assert table["upl"].iloc[0] == pytest.approx(2269233.5244444446, rel=1e-12)
    assert table["point_type"].tolist() == [CC] * 36
    assert np.flatnonzero(table["close_to_limits"]).tolist() == [10, 22, 27]
    assert not table["outside_limits"].any()
    assert table["relative_to_mean"].tolist() == [
        -1, 1, -1, 1, -1, -1, 1, -1, -1, -1, -1, 1, -1, 1, -1, 1, -1, -1,
        1, -1, 1, -1, -1, 1, -1, 1, 1, 1, -1, 1, 1, 1, 1, 1, -1, 1,
    ]  # fmt: skip


# R: test-integration_tests.R, "ae_all attendances spc with rebase returns expected values"
# (rebase = 2017-04-01, the 13th month)
def test_ref_ae_all_attendances_spc_with_rebase_returns_expected_values():
    table = xmr(AE_ALL_ATTENDANCES, rebase=[12]).table
    groups = table.groupby("rebase_group")[["mean", "lpl", "upl"]].first()
    assert groups.loc[0].tolist() == pytest.approx(
        [1946858.4166666667, 1639947.374848485, 2253769.4584848485], rel=1e-12
    )
    assert groups.loc[1].tolist() == pytest.approx(
        [2027379.2083333333, 1772921.0639855072, 2281837.3526811595], rel=1e-12
    )
    assert table["point_type"].tolist() == [CC] * 36
    assert not table["short_group_warning"].any()


# R: test-integration_tests.R, "ae_all performance spc returns expected values"
# (fix_after_n_points = 12)
def test_ref_ae_all_performance_spc_returns_expected_values():
    result = xmr(AE_ALL_PERFORMANCE, fix_after_n_points=12)
    table = result.table
    assert table["mean"].iloc[0] == pytest.approx(0.8908915564349236, rel=1e-12)
    assert table["lpl"].iloc[0] == pytest.approx(0.8614049789074258, rel=1e-12)
    assert table["upl"].iloc[0] == pytest.approx(0.9203781339624213, rel=1e-12)
    assert table["point_type"].tolist() == types("CCCCCCCCCXCIIIIIIIICXXXXCCCCCXXXXXXX")
    assert result.variation == "concern_low"


# R: test-integration_tests.R, "plot arguments behave as expected" (ptd_spc(ae_all(),
# performance, period), no fixed baseline)
def test_ref_plot_arguments_behave_as_expected_data():
    result = xmr(AE_ALL_PERFORMANCE)
    table = result.table
    assert table["mean"].iloc[0] == pytest.approx(0.8847056829421236, rel=1e-12)
    assert table["lpl"].iloc[0] == pytest.approx(0.8604472128746817, rel=1e-12)
    assert table["upl"].iloc[0] == pytest.approx(0.9089641530095655, rel=1e-12)
    assert table["point_type"].tolist() == types("IIIIIIICCXCIIIIIIIIIXXXXIIIIIIICCXXC")
    assert result.variation == "common_cause"


# --- our own boundary cases -------------------------------------------------------


def test_table_columns():
    assert xmr(_series(12)).table.columns.tolist() == [
        "x", "y", "rebase_group", "short_group_warning", "in_baseline", "moving_range",
        "moving_range_screened_out", "mean", "mean_moving_range", "lpl", "upl", "near_lpl",
        "near_upl", "outside_limits", "relative_to_mean", "close_to_limits",
        "part_seven_point_trend", "part_two_in_three", "part_seven_point_one_side_mean",
        "special_cause_type", "special_cause_flag", "point_type", "target",
    ]  # fmt: skip


def test_limits_are_2_66_mean_moving_ranges_and_near_limits_two_thirds():
    table = xmr([1.0, 3.0, 2.0, 6.0]).table
    # moving ranges 2, 1, 4: mean 7/3; no range reaches 3.267 × 7/3
    assert table["moving_range"].tolist()[1:] == [2.0, 1.0, 4.0]
    assert table["mean"].iloc[0] == 3.0
    assert table["mean_moving_range"].iloc[0] == pytest.approx(7 / 3)
    assert table["upl"].iloc[0] == pytest.approx(3 + 2.66 * 7 / 3)
    assert table["lpl"].iloc[0] == pytest.approx(3 - 2.66 * 7 / 3)
    assert table["near_upl"].iloc[0] == pytest.approx(3 + 2.66 * 2 / 3 * 7 / 3)
    assert table["near_lpl"].iloc[0] == pytest.approx(3 - 2.66 * 2 / 3 * 7 / 3)


def test_baseline_fixture_limits():
    table = fixed(0.0).table
    assert table["mean"].iloc[0] == 0.0
    assert table["mean_moving_range"].iloc[0] == 2.0
    assert (table["lpl"].iloc[0], table["upl"].iloc[0]) == (-5.32, 5.32)


def test_point_exactly_on_a_process_limit_is_close_not_outside():
    table = fixed(5.32, -5.32).table.iloc[-2:]
    assert table["outside_limits"].tolist() == [False, False]
    assert table["close_to_limits"].tolist() == [True, True]
    assert table["point_type"].tolist() == [CC, CC]
    just_over = fixed(5.320001).table.iloc[-1]
    assert (just_over["outside_limits"], just_over["special_cause_type"]) == (True, "Above UCL")


def test_point_exactly_on_a_near_limit_is_not_close():
    table = fixed(NEAR, NEAR, -NEAR, -NEAR).table.iloc[-4:]
    assert table["close_to_limits"].tolist() == [False] * 4
    assert table["point_type"].tolist() == [CC] * 4


def test_point_exactly_on_the_mean_breaks_a_run_of_seven():
    above = fixed(*[0.5] * 7).table
    assert above["special_cause_type"].tolist()[-7:] == ["7 Points Above CL"] * 7
    assert above["point_type"].tolist()[-7:] == [IMP] * 7
    assert fixed(*[0.5] * 7).variation == "improvement_high"
    broken = fixed(*[0.5] * 3, 0.0, *[0.5] * 3).table
    assert broken["relative_to_mean"].tolist()[-7:] == [1, 1, 1, 0, 1, 1, 1]
    assert broken["point_type"].tolist()[-7:] == [CC] * 7
    six = fixed(*[0.5] * 6).table  # BASELINE ends below the mean
    assert six["point_type"].tolist()[-6:] == [CC] * 6


def test_trend_of_seven_increasing_takes_precedence_over_the_run():
    table = fixed(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7).table
    assert table["special_cause_type"].tolist()[-7:] == ["7 Point Trend (Increasing)"] * 7
    assert table["part_seven_point_one_side_mean"].tolist()[-7:] == [True] * 7
    # BASELINE ends with -1.0, which starts the rising run: 8 points in all
    assert np.flatnonzero(table["part_seven_point_trend"]).tolist() == list(range(11, 19))


def test_tie_inside_a_trend_breaks_it():
    table = fixed(0.1, 0.2, 0.3, 0.3, 0.4, 0.5, 0.6, 0.7).table
    assert not table["part_seven_point_trend"].any()
    assert table["special_cause_type"].tolist()[-8:] == ["7 Points Above CL"] * 8


def test_trend_at_the_start_and_at_the_end_of_the_series():
    start = xmr([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 0.0, 8.0, 0.0, 8.0, 0.0]).table
    assert start["part_seven_point_trend"].tolist() == [True] * 7 + [False] * 5
    end = fixed(3.0, 2.0, 1.0, 0.0, -1.0, -2.0, -3.0).table
    assert end["special_cause_type"].tolist()[-7:] == ["7 Point Trend (Decreasing)"] * 7
    assert end["point_type"].tolist()[-7:] == [CON] * 7


def test_peak_between_a_rising_and_a_falling_trend_counts_as_falling():
    baseline = [10.0, -10.0] * 6
    peak = [-3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0, 2.0, 1.0, 0.0, -1.0, -2.0, -3.0]
    result = xmr(baseline + peak, fix_after_n_points=12)
    labels = result.table["special_cause_type"].tolist()
    assert labels[11:18] == ["7 Point Trend (Increasing)"] * 7
    assert labels[18:] == ["7 Point Trend (Decreasing)"] * 7
    assert result.table["point_type"].tolist()[11:] == [IMP] * 7 + [CON] * 7
    assert result.variation == "concern_low"


def test_outside_limits_takes_precedence_over_trend():
    result = fixed(-4.0, -3.0, -2.0, -1.0, 0.0, 1.0, 6.0)
    labels = result.table["special_cause_type"].tolist()
    assert labels[-1] == "Above UCL"
    assert labels[-7:-1] == ["7 Point Trend (Increasing)"] * 6


def test_two_in_three_beyond_the_near_limit_on_the_same_side():
    table = fixed(0.5, 4.0, 4.0).table
    assert table["special_cause_type"].tolist()[-3:] == [
        "Common Cause",
        "2 in 3 Above CL",
        "2 in 3 Above CL",
    ]
    low = fixed(-4.0, -0.5, -4.0, 0.5, 0.5, -0.5, -0.5).table
    assert low["special_cause_type"].tolist()[12:15] == [
        "2 in 3 Below CL",
        "Common Cause",
        "2 in 3 Below CL",
    ]
    assert low["point_type"].tolist()[12:15] == [CON, CC, CON]


def test_two_in_three_needs_all_three_points_on_the_same_side():
    table = fixed(4.0, -0.5, 4.0, -0.5).table
    assert table["close_to_limits"].tolist()[-4:] == [True, False, True, False]
    assert table["point_type"].tolist()[-4:] == [CC] * 4


def test_two_in_three_at_the_end_of_the_series():
    # the last window is complete: counts
    assert fixed(0.5, 4.0, 4.0).table["part_two_in_three"].tolist()[-2:] == [True, True]
    # with the point before them on the other side of the mean, the only other window
    # runs off the end of the series, and such windows never count
    assert fixed(-0.5, 4.0, 4.0).table["part_two_in_three"].tolist()[-2:] == [False, False]
    # a point outside the limits is not "close", so one close + one outside is no 2-in-3
    table = fixed(0.5, 4.0, 6.0).table
    assert table["special_cause_type"].tolist()[-2:] == ["Common Cause", "Above UCL"]


def test_rules_do_not_cross_a_rebase():
    group0 = [*BASELINE, 0.2, 0.2, 0.2]
    group1 = [0.3, 0.3, 0.3, 0.3, *([-1.0, 1.0] * 4)]
    whole = xmr(group0 + group1).table
    assert whole["special_cause_type"].tolist()[12:19] == ["7 Points Above CL"] * 7
    split = xmr(group0 + group1, rebase=[15]).table
    assert not split["special_cause_flag"].any()
    assert split.groupby("rebase_group")["mean"].first().tolist() == pytest.approx([0.04, 0.1])


def test_fix_after_n_points_applies_within_each_rebase_group():
    values = [*BASELINE, 9.0, 9.0, *BASELINE, 9.0]
    table = xmr(values, rebase=[14], fix_after_n_points=12).table
    assert table["in_baseline"].tolist() == [True] * 12 + [False] * 2 + [True] * 12 + [False]
    assert table["mean"].tolist() == [0.0] * 27
    assert table["upl"].tolist() == [5.32] * 27
    assert np.flatnonzero(table["outside_limits"]).tolist() == [12, 13, 26]
    # the moving range into the first unfixed point is not part of the baseline
    assert math.isnan(table["moving_range"].iloc[12])


def test_fix_after_n_points_longer_than_the_series_changes_nothing():
    values = AE_ALL_PERFORMANCE
    pd.testing.assert_frame_equal(xmr(values, fix_after_n_points=100).table, xmr(values).table)


def test_screening_on_and_off():
    values = [0.0, 1.0] * 6 + [11.0]  # moving ranges: eleven of 1, one of 10
    on = xmr(values).table
    off = xmr(values, screen_outliers=False).table
    assert on["moving_range_screened_out"].tolist() == [False] * 12 + [True]
    assert not off["moving_range_screened_out"].any()
    assert on["mean_moving_range"].iloc[0] == 1.0
    assert off["mean_moving_range"].iloc[0] == pytest.approx(21 / 12)
    assert on["upl"].iloc[0] == pytest.approx(17 / 13 + 2.66)
    assert off["upl"].iloc[0] == pytest.approx(17 / 13 + 2.66 * 21 / 12)
    assert on["special_cause_type"].iloc[-1] == "Above UCL"
    assert off["special_cause_type"].iloc[-1] == "Above UCL"


def test_screening_drops_a_moving_range_equal_to_the_threshold():
    # every moving range is 0 = 3.267 × 0, and the reference keeps only those strictly
    # below: no moving range is left, so the limits are missing (NaN), as in R
    result = xmr([5.0] * 12, target=4.0)
    table = result.table
    assert table["moving_range_screened_out"].tolist() == [False] + [True] * 11
    assert table["upl"].isna().all() and table["lpl"].isna().all()
    assert table["point_type"].tolist() == [CC] * 12
    assert result.assurance == "inconsistent"
    assert result.warnings == [
        "Rebase group 0: process limits cannot be calculated because no moving range is "
        "usable (a single point, or every moving range is zero)."
    ]
    unscreened = xmr([5.0] * 12, screen_outliers=False).table
    assert unscreened["upl"].tolist() == [5.0] * 12


def test_trial_limits_below_12_points_per_group():
    assert xmr(_series(11)).trial_limits is True
    assert xmr(_series(12)).trial_limits is False
    one = xmr([3.0])
    assert one.trial_limits is True
    assert math.isnan(one.table["upl"].iloc[0])
    assert one.variation == "common_cause"
    assert one.warnings[0] == spc.TRIAL_LIMITS_WARNING


def test_variation_icons():
    assert fixed(0.0).variation == "common_cause"
    assert fixed(9.0).variation == "improvement_high"
    assert fixed(-9.0, direction="decrease").variation == "improvement_low"
    assert fixed(9.0, direction="decrease").variation == "concern_high"
    assert fixed(-9.0).variation == "concern_low"
    assert fixed(9.0, direction="neutral").variation == "neutral_high"
    assert fixed(-9.0, direction="neutral").variation == "neutral_low"
    neutral = fixed(9.0, -9.0, direction="neutral").table["point_type"].tolist()[-2:]
    assert neutral == ["special_cause_neutral_high", "special_cause_neutral_low"]


def test_assurance_icons():
    assert fixed(0.0, target=-6.0).assurance == "consistent_pass"
    assert fixed(0.0, target=6.0).assurance == "consistent_fail"
    assert fixed(0.0, target=6.0, direction="decrease").assurance == "consistent_pass"
    assert fixed(0.0, target=-6.0, direction="decrease").assurance == "consistent_fail"
    assert fixed(0.0, target=0.0).assurance == "inconsistent"
    assert fixed(0.0).assurance is None
    assert fixed(0.0, target=6.0, direction="neutral").assurance is None


def test_assurance_with_target_exactly_on_a_limit_is_inconsistent():
    assert fixed(0.0, target=5.32).assurance == "inconsistent"
    assert fixed(0.0, target=-5.32).assurance == "inconsistent"


def test_assurance_uses_the_limits_of_the_last_rebase_group():
    values = [*BASELINE, *[100.0, 101.0] * 6]
    result = xmr(values, rebase=[12], target=50.0)
    assert result.table.groupby("rebase_group")["upl"].first().iloc[0] == pytest.approx(5.32)
    assert result.assurance == "consistent_pass"
    assert xmr(values, target=50.0).assurance == "inconsistent"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ([1.0, None, 2.0], r"missing or infinite values \(found at positions \[1\]\)"),
        ([1.0, float("nan")], "missing or infinite"),
        ([1.0, float("inf")], "missing or infinite"),
        ([], "non-empty"),
        (["a", 1.0], "values must be numbers"),
    ],
)
def test_bad_values_raise(values, message):
    with pytest.raises(ValueError, match=message):
        xmr(values)


@pytest.mark.parametrize("rebase", [[12], [-1], [1.5], [True]])
def test_bad_rebase_raises(rebase):
    with pytest.raises(ValueError, match="rebase position"):
        xmr(_series(12), rebase=rebase)


def test_result_is_frozen():
    result = xmr(_series(12))
    with pytest.raises(AttributeError):
        result.variation = "x"  # type: ignore[misc]
