"""Resolve a return's cells: printed codes and titles to indicators, printed periods to keys.

Analysts type what the scorecard prints: the code (``XY19``), the title where no code is
printed, the period as printed (``Dec-25``, ``Q3 25-26``, ``Spring 24-25``, ``2024-25``)
and numbers as they look (``5,350``, ``22.6%``). Codes change and are reused (``XY01``
is both the re-referrals KPI and the count of open social work cases), so a code is
looked up among the codes printed around the figure's period, and an ambiguous one is
settled by the title or refused with the candidates.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from helpers.core.numbers import parse_number
from helpers.core.periods import Period, PeriodError, parse_period
from helpers.data.datafiles import FIGURE_STATUSES, records

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_LABEL = re.compile(r"([A-Za-z]{3})[a-z]*[-\s']+(\d{2}|\d{4})")
_PART_LABEL = re.compile(r"(Q[1-4]|Autumn|Spring|Summer)\s+(\d{2}|\d{4})[-/](\d{2})", re.I)
_YEAR_LABEL = re.compile(r"(\d{4})[-/](\d{2})")
_SPACE = re.compile(r"\s+")
LOOKAHEAD_MONTHS = 12
"""A figure is reported up to a year after its period ends: codes printed then count."""


class ResolveError(ValueError):
    """A cell that cannot be resolved; the message says what was expected."""


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text.strip().lower())


@dataclass(frozen=True)
class Candidate:
    """A (code, title) that names an indicator over some months."""

    id: str
    code: str
    title: str
    valid_from: str
    valid_to: str


class Lookup:
    """Find indicators by printed code or title, and read periods for them.

    Parameters
    ----------
    indicators, versions, printed_names, rows
        Registry frames (``DataFiles`` frames or a source's tables).
    """

    def __init__(self, indicators: Any, versions: Any, printed_names: Any, rows: Any) -> None:
        self.meta = {r["id"]: r for r in records(indicators)}
        self.candidates: list[Candidate] = []
        for v in records(versions):
            self.candidates.append(
                Candidate(v["id"], v["code"], v["title"], v["valid_from"], v["valid_to"] or "")
            )
        self.titles: dict[str, set[str]] = {}
        for v in records(versions):
            self.titles.setdefault(_norm(v["title"]), set()).add(v["id"])
        for p in records(printed_names):
            self.titles.setdefault(_norm(p["title"]), set()).add(p["id"])
        for r in records(rows):
            if r.get("printed_title"):
                self.titles.setdefault(_norm(r["printed_title"]), set()).add(r["id"])

    def _codes_near(self, code: str, first: str, last: str) -> list[Candidate]:
        wanted = _norm(code)
        return [
            c
            for c in self.candidates
            if c.code
            and _norm(c.code) == wanted
            and c.valid_from <= last
            and (not c.valid_to or c.valid_to >= first)
        ]

    def indicator(self, code: str, title: str, months: tuple[str, str]) -> str:
        """The indicator id named by a code and/or a title, printed in ``months``.

        Parameters
        ----------
        code
            A printed code (``XY19``), or our id (``cic-kcc-foster-care``), or ''.
        title
            The title as printed, or ''.
        months
            First and last month (``YYYY-MM``) in which the figure may be printed.

        Raises
        ------
        ResolveError
            For an unknown code or title, or an ambiguous code the title does not settle.
        """
        code, title = code.strip(), title.strip()
        if code in self.meta:
            return code
        by_title = self.titles.get(_norm(title), set()) if title else set()
        if not code:
            if len(by_title) == 1:
                return next(iter(by_title))
            if not by_title:
                raise ResolveError(f"no indicator is titled '{title}'")
            raise ResolveError(
                f"the title '{title}' names more than one indicator: {', '.join(sorted(by_title))}"
            )
        found = {c.id for c in self._codes_near(code, *months)}
        if not found:
            raise ResolveError(self._unknown_code(code, months))
        if len(found) == 1:
            return next(iter(found))
        chosen = found & by_title
        if len(chosen) == 1:
            return next(iter(chosen))
        names = "; ".join(f"{i} ('{self.title_of(i, months[1])}')" for i in sorted(found))
        hint = "the title does not match any of them" if title else "give its title"
        raise ResolveError(f"code {code} names {len(found)} indicators: {names}; {hint}")

    def _unknown_code(self, code: str, months: tuple[str, str]) -> str:
        other = [c for c in self.candidates if c.code and _norm(c.code) == _norm(code)]
        if other:
            spans = ", ".join(
                f"{c.id} from {c.valid_from}" + (f" to {c.valid_to}" if c.valid_to else "")
                for c in other
            )
            return f"code {code} is not printed for this period (it was: {spans})"
        return f"unknown code '{code}': not a printed code or an indicator id"

    def title_of(self, indicator: str, month: str) -> str:
        """The title of an indicator printed in (or nearest before) ``month``."""
        options = [c for c in self.candidates if c.id == indicator and c.valid_from <= month]
        options = options or [c for c in self.candidates if c.id == indicator]
        return max(options, key=lambda c: c.valid_from).title if options else indicator

    def code_of(self, indicator: str, month: str) -> str:
        """The printed code of an indicator in ``month`` ('' where none is printed)."""
        options = [
            c
            for c in self.candidates
            if c.id == indicator
            and c.valid_from <= month
            and (not c.valid_to or c.valid_to >= month)
        ]
        return options[-1].code if options else ""


def _two_digit_year(text: str) -> int:
    return int(text) if len(text) == 4 else 2000 + int(text)


def _from_date(value: datetime.date) -> str:
    return f"{value.year:04d}-{value.month:02d}"


def period_key(value: Any, year_basis: str) -> str:
    """A period typed as printed, as a key, or as an Excel date, to its canonical key.

    ``Dec-25``, ``December 2025``, ``2025-12`` and a date in December 2025 give
    ``2025-12``; ``Q3 25-26`` gives ``2025-26 Q3``; ``Spring 24-25`` gives
    ``2024-25 Spring``; ``2024-25`` stays a year.

    Raises
    ------
    ResolveError
        When the text is not a period.
    """
    if isinstance(value, datetime.date):
        return _from_date(value)
    text = _SPACE.sub(" ", str(value or "").strip())
    if not text:
        raise ResolveError("is empty: give the period, e.g. Dec-25 or Q3 25-26")
    try:
        return parse_period(text, year_basis).key  # type: ignore[arg-type]
    except PeriodError:
        pass
    if m := _MONTH_LABEL.fullmatch(text):
        name = m.group(1).lower()
        if name in _MONTHS:
            return f"{_two_digit_year(m.group(2)):04d}-{_MONTHS.index(name) + 1:02d}"
    if m := _PART_LABEL.fullmatch(text):
        first = _two_digit_year(m.group(2))
        part = m.group(1).upper() if m.group(1)[0] in "qQ" else m.group(1).capitalize()
        return f"{first:04d}-{m.group(3)} {part}"
    if m := _YEAR_LABEL.fullmatch(text):
        return f"{m.group(1)}-{m.group(2)}"
    raise ResolveError(
        f"'{text}' is not a period: type it as printed (Dec-25, Q3 25-26, Spring 24-25, "
        "2024-25) or as a key (2025-12, 2025-26 Q3)"
    )


def parse_period_for(value: Any, frequency: str, year_basis: str) -> Period:
    """Read a typed period for an indicator of ``frequency`` and ``year_basis``.

    Raises
    ------
    ResolveError
        When it is not a period, or not one of the indicator's frequency (a year outturn
        is accepted for any frequency).
    """
    key = period_key(value, year_basis)
    try:
        period = parse_period(key, year_basis)  # type: ignore[arg-type]
    except PeriodError as exc:
        raise ResolveError(f"'{value}' is not a period: {exc}") from None
    if period.kind not in (frequency, "year"):
        raise ResolveError(
            f"'{value}' is a {period.kind} but this indicator is reported by {frequency}"
        )
    return period


def months_printed(period: Period) -> tuple[str, str]:
    """The months in which a figure for ``period`` may be printed (for code lookups)."""
    end = period.end
    later = datetime.date(
        end.year + (end.month + LOOKAHEAD_MONTHS - 1) // 12,
        (end.month + LOOKAHEAD_MONTHS - 1) % 12 + 1,
        1,
    )
    return _from_date(period.start), _from_date(later)


@dataclass(frozen=True)
class TypedNumber:
    """A number as typed, with the text to write into the figures file."""

    value: float
    text: str


def typed_number(
    value: Any, percent_format: bool = False, decimals: int | None = None
) -> TypedNumber:
    """Read a number as an analyst types it: ``5,350``, ``22.6%``, `` 22.6 ``, or a cell.

    Parameters
    ----------
    value
        Text or a number from a spreadsheet cell.
    percent_format
        The spreadsheet cell is formatted as a percentage (Excel holds 22.6% as 0.226).
    decimals
        Printed decimals of the indicator, to write a number from a spreadsheet cell.

    Raises
    ------
    ResolveError
        When it is not a number.
    """
    if isinstance(value, bool):
        raise ResolveError(f"'{value}' is not a number")
    if isinstance(value, int | float):
        number = float(value) * (100.0 if percent_format else 1.0)
        return TypedNumber(number, _number_text(number, decimals))
    text = str(value).strip()
    stripped = text[:-1].strip() if text.endswith("%") else text
    try:
        number = parse_number(stripped)
    except ValueError:
        raise ResolveError(f"'{text}' is not a number") from None
    return TypedNumber(number, stripped.replace("−", "-"))


def _number_text(number: float, decimals: int | None) -> str:
    shortest = repr(round(number, 10))
    if shortest.endswith(".0"):
        shortest = shortest[:-2]
    have = len(shortest.split(".")[1]) if "." in shortest else 0
    text = f"{number:.{decimals}f}" if decimals is not None and have <= decimals else shortest
    whole, _, frac = text.partition(".")
    whole = f"{int(whole):,}" if abs(number) >= 1000 and whole.lstrip("-").isdigit() else whole
    return f"{whole}.{frac}" if frac else whole


def typed_status(text: str) -> str:
    """A status as typed (``to be supplied``, ``Provisional``) to its key.

    Raises
    ------
    ResolveError
        When it is not one of the statuses.
    """
    key = _norm(text).replace(" ", "_").replace("-", "_")
    if key == "" or key in FIGURE_STATUSES:
        return key
    raise ResolveError(f"'{text}' is not a status: use one of {', '.join(FIGURE_STATUSES)}")
