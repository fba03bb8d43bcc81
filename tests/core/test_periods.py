from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers.core.periods import (
    Period,
    PeriodError,
    month,
    months_between,
    parse_period,
    previous_period,
    reporting_year,
    same_period_last_year,
    shift,
    window,
)


@pytest.mark.parametrize(
    ("key", "basis", "kind", "start", "end", "label"),
    [
        ("2025-11", None, "month", date(2025, 11, 1), date(2025, 11, 30), "Nov-25"),
        ("2024-02", None, "month", date(2024, 2, 1), date(2024, 2, 29), "Feb-24"),
        ("2025-11", "financial", "month", date(2025, 11, 1), date(2025, 11, 30), "Nov-25"),
        ("2025-26 Q1", "financial", "quarter", date(2025, 4, 1), date(2025, 6, 30), "Q1 25-26"),
        ("2025-26 Q2", "financial", "quarter", date(2025, 7, 1), date(2025, 9, 30), "Q2 25-26"),
        ("2024-25 Q3", "financial", "quarter", date(2024, 10, 1), date(2024, 12, 31), "Q3 24-25"),
        ("2024-25 Q4", "financial", "quarter", date(2025, 1, 1), date(2025, 3, 31), "Q4 24-25"),
        ("2025-26 Q1", "academic", "quarter", date(2025, 9, 1), date(2025, 11, 30), "Q1 25-26"),
        ("2025-26 Q2", "academic", "quarter", date(2025, 12, 1), date(2026, 2, 28), "Q2 25-26"),
        ("2025-26 Q3", "academic", "quarter", date(2026, 3, 1), date(2026, 5, 31), "Q3 25-26"),
        ("2025-26 Q4", "academic", "quarter", date(2026, 6, 1), date(2026, 8, 31), "Q4 25-26"),
        (
            "2025-26 Autumn",
            "academic",
            "term",
            date(2025, 9, 1),
            date(2025, 12, 31),
            "Autumn 25-26",
        ),
        ("2024-25 Spring", "academic", "term", date(2025, 1, 1), date(2025, 3, 31), "Spring 24-25"),
        ("2024-25 Summer", "academic", "term", date(2025, 4, 1), date(2025, 8, 31), "Summer 24-25"),
        ("2024-25", "academic", "year", date(2024, 9, 1), date(2025, 8, 31), "2024-25"),
        ("2024-25", "financial", "year", date(2024, 4, 1), date(2025, 3, 31), "2024-25"),
        ("1999-00", "academic", "year", date(1999, 9, 1), date(2000, 8, 31), "1999-00"),
    ],
)
def test_parse_period(key, basis, kind, start, end, label):
    period = parse_period(key, basis)
    assert period.kind == kind
    assert period.key == key
    assert (period.start, period.end) == (start, end)
    assert period.label == label
    assert period.year_basis == (None if kind == "month" else basis)


def test_month_and_year_shaped_key_is_a_month_without_basis_and_a_year_with_one():
    assert parse_period("2011-12").kind == "month"
    assert parse_period("2011-12").label == "Dec-11"
    assert parse_period("2011-12", "financial").kind == "year"


@pytest.mark.parametrize(
    ("key", "basis", "reason"),
    [
        ("2025-13", None, "month 13 does not exist"),
        ("2025-00", None, "month 00 does not exist"),
        ("2025-26 Q5", "financial", "no quarter Q5"),
        ("2025-26 Q0", "financial", "no quarter Q0"),
        ("2025-27", "financial", "month 27 does not exist; nor is it a year"),
        ("2025-27", None, "month 27 does not exist"),
        ("2025-27 Q1", "financial", "2025-27 is not a year"),
        ("2025-26 Winter", "academic", "no term 'Winter'"),
        ("2025-26 autumn", "academic", "no term 'autumn'"),
        ("25-11", None, "not a period key"),
        ("", None, "not a period key"),
        ("2025-11-01", None, "not a period key"),
        ("Nov-25", None, "not a period key"),
        ("2025-26 Autumn", "financial", "terms belong to academic years"),
        ("2025-26 Q1", None, "needs a year_basis"),
        ("2025-26 Autumn", None, "needs a year_basis"),
        ("1999-00", None, "a year key needs a year_basis"),
        ("2025-26", "calendar", "unknown year_basis"),
        ("0000-01", None, "outside the supported range"),
    ],
)
def test_parse_period_rejects_what_does_not_exist(key, basis, reason):
    with pytest.raises(PeriodError, match=reason) as error:
        parse_period(key, basis)
    assert repr(key) in str(error.value)


def test_period_error_is_a_value_error():
    assert issubclass(PeriodError, ValueError)


def test_period_fields_must_agree_with_the_key():
    with pytest.raises(PeriodError, match=r"is a month .* not a quarter"):
        Period("quarter", "2025-11", date(2025, 11, 1), date(2025, 11, 30), "financial")
    with pytest.raises(PeriodError, match="months have no year basis"):
        Period("month", "2025-11", date(2025, 11, 1), date(2025, 11, 30), "financial")
    with pytest.raises(PeriodError, match="not a month from 2025-11-01 to 2025-11-29"):
        Period("month", "2025-11", date(2025, 11, 1), date(2025, 11, 29), None)
    built = Period("month", "2025-11", date(2025, 11, 1), date(2025, 11, 30), None)
    assert built == month("2025-11")


def test_contains_is_inclusive_at_both_ends():
    autumn = parse_period("2025-26 Autumn", "academic")
    assert autumn.contains(date(2025, 9, 1))
    assert autumn.contains(date(2025, 12, 31))
    assert not autumn.contains(date(2025, 8, 31))
    assert not autumn.contains(date(2026, 1, 1))


def test_ordering_by_start_then_end():
    months = [month("2025-11"), month("2024-12"), month("2025-05")]
    assert [p.key for p in sorted(months)] == ["2024-12", "2025-05", "2025-11"]
    assert month("2025-05") < month("2025-06") <= month("2025-06")
    assert month("2025-07") > month("2025-06") >= month("2025-06")
    q4 = parse_period("2024-25 Q4", "financial")  # Jan-Mar 2025
    year = parse_period("2024-25", "financial")  # Apr 2024 - Mar 2025
    assert year < q4
    assert month("2025-01") < q4  # same start, earlier end


@pytest.mark.parametrize(
    ("key", "basis", "financial", "academic"),
    [
        ("2025-11", None, "2025-26", "2025-26"),
        ("2025-05", None, "2025-26", "2024-25"),
        ("2025-03", None, "2024-25", "2024-25"),
        ("2025-04", None, "2025-26", "2024-25"),
        ("2025-08", None, "2025-26", "2024-25"),
        ("2025-09", None, "2025-26", "2025-26"),
        ("2024-25 Q4", "financial", "2024-25", "2024-25"),
        ("2025-26 Autumn", "academic", "2025-26", "2025-26"),
        ("2024-25 Summer", "academic", "2025-26", "2024-25"),
        ("2024-25", "academic", "2024-25", "2024-25"),
        ("2024-25", "financial", "2024-25", "2023-24"),
    ],
)
def test_reporting_year(key, basis, financial, academic):
    period = parse_period(key, basis)
    assert reporting_year(period, "financial") == financial
    assert reporting_year(period, "academic") == academic


@pytest.mark.parametrize(
    ("key", "basis", "previous", "last_year"),
    [
        ("2025-11", None, "2025-10", "2024-11"),
        ("2025-01", None, "2024-12", "2024-01"),
        ("2025-26 Q1", "financial", "2024-25 Q4", "2024-25 Q1"),
        ("2025-26 Q2", "financial", "2025-26 Q1", "2024-25 Q2"),
        ("2025-26 Autumn", "academic", "2024-25 Summer", "2024-25 Autumn"),
        ("2025-26 Spring", "academic", "2025-26 Autumn", "2024-25 Spring"),
        ("2024-25", "academic", "2023-24", "2023-24"),
        ("2000-01", "financial", "1999-00", "1999-00"),
    ],
)
def test_previous_period_and_same_period_last_year(key, basis, previous, last_year):
    period = parse_period(key, basis)
    assert previous_period(period) == parse_period(previous, basis)
    assert same_period_last_year(period) == parse_period(last_year, basis)


def test_shift_keeps_the_year_basis():
    q2 = parse_period("2025-26 Q2", "academic")
    later = shift(q2, 3)
    assert later.key == "2026-27 Q1"
    assert later.year_basis == "academic"
    assert later.start == date(2026, 9, 1)
    assert shift(q2, 0) == q2


def test_shift_outside_supported_dates_raises():
    with pytest.raises(PeriodError, match="outside the supported years"):
        shift(month("0001-01"), -1)


def test_window_is_oldest_first_ending_at_latest():
    assert [p.label for p in window(month("2025-11"), 7)] == [
        "May-25",
        "Jun-25",
        "Jul-25",
        "Aug-25",
        "Sep-25",
        "Oct-25",
        "Nov-25",
    ]
    terms = window(parse_period("2025-26 Autumn", "academic"), 4)
    assert [p.label for p in terms] == [
        "Autumn 24-25",
        "Spring 24-25",
        "Summer 24-25",
        "Autumn 25-26",
    ]
    assert window(month("2025-11"), 1) == [month("2025-11")]
    assert window(month("2025-11"), 0) == []
    with pytest.raises(ValueError, match="must not be negative"):
        window(month("2025-11"), -1)


def test_month_convenience():
    assert month("2025-11") == parse_period("2025-11")
    with pytest.raises(PeriodError, match="not a month key"):
        month("2025-26 Q1")


def test_months_between():
    assert months_between(month("2025-05"), month("2025-11")) == 6
    assert months_between(month("2025-11"), month("2025-05")) == -6
    assert months_between(month("2024-12"), month("2025-01")) == 1
    assert months_between(month("2025-11"), month("2025-11")) == 0
    with pytest.raises(PeriodError, match="needs months"):
        months_between(month("2025-11"), parse_period("2025-26", "financial"))


# --- property-based ------------------------------------------------------------------

first_years = st.integers(min_value=1990, max_value=2100)


@st.composite
def periods(draw: st.DrawFn) -> Period:
    year = draw(first_years)
    kind = draw(st.sampled_from(["month", "quarter", "term", "year"]))
    if kind == "month":
        return parse_period(f"{year:04d}-{draw(st.integers(1, 12)):02d}")
    basis = "academic" if kind == "term" else draw(st.sampled_from(["financial", "academic"]))
    year_key = f"{year}-{(year + 1) % 100:02d}"
    if kind == "quarter":
        return parse_period(f"{year_key} Q{draw(st.integers(1, 4))}", basis)
    if kind == "term":
        return parse_period(
            f"{year_key} {draw(st.sampled_from(['Autumn', 'Spring', 'Summer']))}", basis
        )
    return parse_period(year_key, basis)


@given(periods())
def test_key_round_trips(period):
    assert parse_period(period.key, period.year_basis) == period
    assert parse_period(period.key, period.year_basis).key == period.key


@given(periods())
def test_previous_of_next_is_itself(period):
    assert previous_period(shift(period, 1)) == period


@given(periods(), st.integers(-40, 40), st.integers(-40, 40))
def test_shifts_add_up(period, a, b):
    assert shift(shift(period, a), b) == shift(period, a + b)


@given(periods())
def test_consecutive_periods_tile_time(period):
    following = shift(period, 1)
    assert following > period
    assert (following.start - period.end).days == 1
    assert period.contains(period.start) and period.contains(period.end)
    assert not period.contains(following.start)


@given(periods())
def test_same_period_last_year_is_a_year_earlier(period):
    earlier = same_period_last_year(period)
    assert earlier.start.month == period.start.month
    assert earlier.start.year == period.start.year - 1
    if period.kind == "month":
        assert earlier.label[:3] == period.label[:3]  # "Nov-25" -> "Nov-24"
    elif period.kind != "year":
        assert earlier.label.split(" ")[0] == period.label.split(" ")[0]  # "Q2", "Autumn"
