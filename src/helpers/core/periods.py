"""Data periods: months, quarters, terms and years, on financial or academic years.

The scorecard reports monthly indicators by calendar month, quarterly indicators by
financial-year quarter, termly and annual education indicators by academic year.

* Financial year ``"2025-26"`` runs 1 April 2025 to 31 March 2026; quarters are
  Q1 Apr-Jun, Q2 Jul-Sep, Q3 Oct-Dec, Q4 Jan-Mar.
* Academic year ``"2025-26"`` runs 1 September 2025 to 31 August 2026; terms are
  Autumn Sep-Dec, Spring Jan-Mar, Summer Apr-Aug; the (rare) academic quarters are
  Q1 Sep-Nov, Q2 Dec-Feb, Q3 Mar-May, Q4 Jun-Aug.

Every period has a canonical text key, used in data files:

=======  ====================  ==================
kind     key                   label (as printed)
=======  ====================  ==================
month    ``"2025-11"``         ``"Nov-25"``
quarter  ``"2025-26 Q2"``      ``"Q2 25-26"``
term     ``"2025-26 Autumn"``  ``"Autumn 25-26"``
year     ``"2024-25"``         ``"2024-25"``
=======  ====================  ==================

A key such as ``"2011-12"`` is both a month (December 2011) and a year (2011-12).
:func:`parse_period` reads it as a month when no year basis is given and as a year
when one is, so ``parse_period(p.key, p.year_basis)`` always gives ``p`` back.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Literal, get_args

__all__ = [
    "Period",
    "PeriodError",
    "PeriodKind",
    "YearBasis",
    "month",
    "months_between",
    "parse_period",
    "previous_period",
    "reporting_year",
    "same_period_last_year",
    "shift",
    "window",
]

YearBasis = Literal["financial", "academic"]
PeriodKind = Literal["month", "quarter", "term", "year"]

_BASES: tuple[str, ...] = get_args(YearBasis)
_KINDS: tuple[str, ...] = get_args(PeriodKind)
_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# The calendar month on which each year basis starts.
_YEAR_START_MONTH = {"financial": 4, "academic": 9}
# Terms of the academic year: name, first month offset from September, length in months.
_TERMS = (("Autumn", 0, 4), ("Spring", 4, 3), ("Summer", 7, 5))
_TERM_NAMES = tuple(name for name, _, _ in _TERMS)
# How many periods of each kind make a year.
_PER_YEAR = {"month": 12, "quarter": 4, "term": 3, "year": 1}
# Dates must stay inside datetime.date's range, with room for the end of a year.
_MIN_YEAR, _MAX_YEAR = datetime.MINYEAR, datetime.MAXYEAR - 1

_MONTH_KEY = re.compile(r"(\d{4})-(\d{2})")
_QUARTER_KEY = re.compile(r"(\d{4})-(\d{2}) Q(\d+)")
_TERM_KEY = re.compile(r"(\d{4})-(\d{2}) (\S+)")


class PeriodError(ValueError):
    """A period key, or an operation on periods, that does not make sense."""


@dataclass(frozen=True)
class Period:
    """One data period: a calendar month, a quarter, a school term or a year.

    Build periods with :func:`parse_period` or :func:`month`; constructing one
    directly is allowed but the fields must agree with the key.

    Parameters
    ----------
    kind : {"month", "quarter", "term", "year"}
        What sort of period this is.
    key : str
        The canonical text key, e.g. ``"2025-11"`` or ``"2025-26 Q2"``.
    start : datetime.date
        First day of the period.
    end : datetime.date
        Last day of the period.
    year_basis : {"financial", "academic"} or None
        The year the quarter, term or year belongs to; None for months.

    Raises
    ------
    PeriodError
        If the fields do not describe the same period.
    """

    kind: PeriodKind
    key: str
    start: datetime.date
    end: datetime.date
    year_basis: YearBasis | None

    def __post_init__(self) -> None:
        if self.kind not in _KINDS:
            raise PeriodError(f"unknown period kind {self.kind!r}; expected one of {_KINDS}")
        if (self.kind == "month") != (self.year_basis is None):
            raise PeriodError(
                f"period {self.key!r}: months have no year basis, other kinds need one "
                f"(got kind {self.kind!r}, year_basis {self.year_basis!r})"
            )
        kind, basis, index = _parse_slot(self.key, self.year_basis)
        if kind != self.kind or (self.start, self.end) != _bounds(kind, basis, index):
            raise PeriodError(
                f"period {self.key!r} ({self.year_basis}) is a {kind} from "
                f"{_bounds(kind, basis, index)[0]} to {_bounds(kind, basis, index)[1]}, "
                f"not a {self.kind} from {self.start} to {self.end}"
            )

    @property
    def label(self) -> str:
        """The period as printed in the scorecard: "Nov-25", "Q2 25-26", "Autumn 25-26"."""
        if self.kind == "month":
            return f"{_MONTH_ABBR[self.start.month - 1]}-{self.start.year % 100:02d}"
        if self.kind == "year":
            return self.key
        year_key, part = self.key.split(" ")  # "2025-26 Q2" -> "Q2 25-26"
        return f"{part} {year_key[2:]}"

    def contains(self, d: datetime.date) -> bool:
        """Whether the date ``d`` falls within this period (both ends included).

        Parameters
        ----------
        d : datetime.date
            The date to test.

        Returns
        -------
        bool
            ``start <= d <= end``.
        """
        return self.start <= d <= self.end

    def _sort_key(self) -> tuple[datetime.date, datetime.date, str, str, str]:
        return (self.start, self.end, self.kind, self.year_basis or "", self.key)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._sort_key() < other._sort_key()

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._sort_key() <= other._sort_key()

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._sort_key() > other._sort_key()

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._sort_key() >= other._sort_key()


# --- internal representation: (kind, basis, index) -------------------------------------
# month index = year * 12 + month - 1; quarter index = first year * 4 + quarter - 1;
# term index = first year * 3 + term number; year index = first year.


def _year_key(first_year: int) -> str:
    return f"{first_year:04d}-{(first_year + 1) % 100:02d}"


def _add_months(year: int, month_number: int, months: int) -> tuple[int, int]:
    total = year * 12 + month_number - 1 + months
    return total // 12, total % 12 + 1


def _last_day(year: int, month_number: int) -> datetime.date:
    next_year, next_month = _add_months(year, month_number, 1)
    return datetime.date(next_year, next_month, 1) - datetime.timedelta(days=1)


def _span(year: int, month_number: int, months: int) -> tuple[datetime.date, datetime.date]:
    """First and last day of ``months`` months starting at ``year``-``month_number``."""
    end_year, end_month = _add_months(year, month_number, months - 1)
    return datetime.date(year, month_number, 1), _last_day(end_year, end_month)


def _bounds(kind: str, basis: str | None, index: int) -> tuple[datetime.date, datetime.date]:
    if kind == "month" or basis is None:
        return _span(index // 12, index % 12 + 1, 1)
    first_year, number = divmod(index, _PER_YEAR[kind])
    start_month = _YEAR_START_MONTH[basis]
    if kind == "year":
        return _span(first_year, start_month, 12)
    if kind == "quarter":
        year, month_number = _add_months(first_year, start_month, 3 * number)
        return _span(year, month_number, 3)
    _, offset, length = _TERMS[number]
    year, month_number = _add_months(first_year, start_month, offset)
    return _span(year, month_number, length)


def _key(kind: str, index: int) -> str:
    if kind == "month":
        return f"{index // 12:04d}-{index % 12 + 1:02d}"
    first_year, number = divmod(index, _PER_YEAR[kind])
    if kind == "year":
        return _year_key(first_year)
    if kind == "quarter":
        return f"{_year_key(first_year)} Q{number + 1}"
    return f"{_year_key(first_year)} {_TERM_NAMES[number]}"


def _index(period: Period) -> int:
    return _parse_slot(period.key, period.year_basis)[2]


def _make(kind: str, basis: str | None, index: int) -> Period:
    first_year = index // _PER_YEAR[kind]
    if not _MIN_YEAR <= first_year <= _MAX_YEAR:
        raise PeriodError(f"{kind} index {index} is outside the supported years")
    start, end = _bounds(kind, basis, index)
    return Period(kind, _key(kind, index), start, end, basis)  # type: ignore[arg-type]


def _first_year(text: str, first: str, second: str) -> int:
    """Validate the "YYYY-YY" part of a key and return the first year."""
    year = int(first)
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        raise PeriodError(f"{text!r}: year {first} is outside the supported range")
    if int(second) != (year + 1) % 100:
        raise PeriodError(
            f"{text!r}: {first}-{second} is not a year; the second part must be the next "
            f"year's last two digits ({_year_key(year)})"
        )
    return year


def _need_basis(text: str, what: str, basis: str | None) -> str:
    if basis is None:
        raise PeriodError(f"{text!r} is a {what} key and needs a year_basis ({_BASES})")
    if basis not in _BASES:
        raise PeriodError(f"{text!r}: unknown year_basis {basis!r}; expected one of {_BASES}")
    return basis


def _parse_month_or_year(
    text: str, match: re.Match[str], basis: str | None
) -> tuple[str, str | None, int]:
    first, second = match.groups()
    is_year_shape = int(second) == (int(first) + 1) % 100
    if basis is not None and is_year_shape:
        basis = _need_basis(text, "year", basis)
        return "year", basis, _first_year(text, first, second)
    year, month_number = int(first), int(second)
    if not 1 <= month_number <= 12:
        if is_year_shape:
            hint = "; a year key needs a year_basis"
        elif basis is not None:
            hint = f"; nor is it a year (that would be {_year_key(year)})"
        else:
            hint = ""
        raise PeriodError(f"{text!r} is not a period: month {second} does not exist{hint}")
    if year < datetime.MINYEAR:
        raise PeriodError(f"{text!r}: year {first} is outside the supported range")
    return "month", None, year * 12 + month_number - 1


def _parse_slot(text: str, basis: str | None) -> tuple[str, str | None, int]:
    """Parse a canonical key into (kind, year basis, index), raising PeriodError."""
    if not isinstance(text, str):
        raise PeriodError(f"a period key must be text, not {type(text).__name__}: {text!r}")
    if match := _MONTH_KEY.fullmatch(text):
        return _parse_month_or_year(text, match, basis)
    if match := _QUARTER_KEY.fullmatch(text):
        basis = _need_basis(text, "quarter", basis)
        first_year = _first_year(text, match.group(1), match.group(2))
        quarter = int(match.group(3))
        if not 1 <= quarter <= 4:
            raise PeriodError(f"{text!r}: there is no quarter Q{match.group(3)} (Q1 to Q4)")
        return "quarter", basis, first_year * 4 + quarter - 1
    if match := _TERM_KEY.fullmatch(text):
        name = match.group(3)
        if name not in _TERM_NAMES:
            raise PeriodError(f"{text!r}: there is no term {name!r}; terms are {_TERM_NAMES}")
        basis = _need_basis(text, "term", basis)
        if basis != "academic":
            raise PeriodError(f"{text!r}: terms belong to academic years, not {basis} years")
        first_year = _first_year(text, match.group(1), match.group(2))
        return "term", basis, first_year * 3 + _TERM_NAMES.index(name)
    raise PeriodError(
        f"{text!r} is not a period key; expected a month 'YYYY-MM', a year 'YYYY-YY', "
        f"a quarter 'YYYY-YY Qn' or a term 'YYYY-YY Autumn|Spring|Summer'"
    )


# --- public functions -------------------------------------------------------------------


def parse_period(key: str, year_basis: YearBasis | None = None) -> Period:
    """Read a canonical period key.

    Parameters
    ----------
    key : str
        ``"2025-11"`` (month), ``"2025-26 Q2"`` (quarter), ``"2025-26 Autumn"`` (term)
        or ``"2024-25"`` (year).
    year_basis : {"financial", "academic"}, optional
        Required for quarters, terms and years (terms must be academic); ignored for
        months. A key that is both a month and a year (``"2011-12"``) is a year when a
        basis is given.

    Returns
    -------
    Period
        The period.

    Raises
    ------
    PeriodError
        If the key does not name a period that exists (``"2025-13"``, ``"2025-26 Q5"``,
        ``"2025-27"``, ``"2025-26 Winter"``), or a needed basis is missing or wrong.

    Examples
    --------
    >>> parse_period("2025-26 Q2", "financial").label
    'Q2 25-26'
    """
    kind, basis, index = _parse_slot(key, year_basis)
    return _make(kind, basis, index)


def month(key: str) -> Period:
    """Read a month key such as ``"2025-11"``.

    Parameters
    ----------
    key : str
        ``"YYYY-MM"``.

    Returns
    -------
    Period
        The month.

    Raises
    ------
    PeriodError
        If ``key`` is not a month.
    """
    if not isinstance(key, str) or not _MONTH_KEY.fullmatch(key):
        raise PeriodError(f"{key!r} is not a month key 'YYYY-MM'")
    return parse_period(key)


def reporting_year(period: Period, year_basis: YearBasis) -> str:
    """Return the year (of the given basis) that contains the start of ``period``.

    Parameters
    ----------
    period : Period
        Any period.
    year_basis : {"financial", "academic"}
        Which kind of year to report.

    Returns
    -------
    str
        The year key, e.g. ``"2025-26"``.

    Examples
    --------
    >>> may = month("2025-05")
    >>> reporting_year(may, "financial"), reporting_year(may, "academic")
    ('2025-26', '2024-25')
    """
    if year_basis not in _BASES:
        raise PeriodError(f"unknown year_basis {year_basis!r}; expected one of {_BASES}")
    start = period.start
    first_year = start.year if start.month >= _YEAR_START_MONTH[year_basis] else start.year - 1
    return _year_key(first_year)


def shift(period: Period, steps: int) -> Period:
    """Move ``steps`` periods of the same kind from ``period`` (negative = back).

    Parameters
    ----------
    period : Period
        The starting period.
    steps : int
        How many periods to move.

    Returns
    -------
    Period
        The shifted period, of the same kind and year basis.

    Raises
    ------
    PeriodError
        If the result would fall outside the supported dates.
    """
    return _make(period.kind, period.year_basis, _index(period) + steps)


def previous_period(period: Period) -> Period:
    """Return the period just before (``shift(period, -1)``): month, quarter, term or year.

    The term before Autumn 25-26 is Summer 24-25.
    """
    return shift(period, -1)


def same_period_last_year(period: Period) -> Period:
    """Return the same month, quarter, term or year one year earlier.

    For example Nov-25 -> Nov-24, Q2 25-26 -> Q2 24-25, 2024-25 -> 2023-24.
    """
    return shift(period, -_PER_YEAR[period.kind])


def window(latest: Period, length: int) -> list[Period]:
    """List the ``length`` periods ending at ``latest``, oldest first.

    Parameters
    ----------
    latest : Period
        The last period of the window.
    length : int
        Number of periods (0 gives an empty list).

    Returns
    -------
    list of Period
        E.g. the seven months May-25 to Nov-25 for ``window(month("2025-11"), 7)``.

    Raises
    ------
    ValueError
        If ``length`` is negative.
    """
    if length < 0:
        raise ValueError(f"window length must not be negative, got {length}")
    return [shift(latest, -back) for back in range(length - 1, -1, -1)]


def months_between(a: Period, b: Period) -> int:
    """Count the months from month ``a`` to month ``b`` (negative when ``b`` is earlier).

    Parameters
    ----------
    a, b : Period
        Two months.

    Returns
    -------
    int
        ``months_between(month("2025-05"), month("2025-11")) == 6``.

    Raises
    ------
    PeriodError
        If either period is not a month.
    """
    for period in (a, b):
        if period.kind != "month":
            raise PeriodError(f"months_between needs months, got {period.kind} {period.key!r}")
    return _index(b) - _index(a)
