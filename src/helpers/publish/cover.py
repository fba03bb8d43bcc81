"""The report's cover: month, area, author, publication date and banner, and date printing."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from helpers.core.config import ReportConfig
from helpers.core.vocabulary import DRAFT_MARK

_DATE_TOKENS = re.compile(r"\[[^\]]*\]|YYYY|YY|MMMM|MMM|MM|M|Do|DD|D|dddd|ddd")


@dataclass(frozen=True)
class Cover:
    """What the cover of both outputs shows, and the date the PDF is stamped with.

    Attributes
    ----------
    month : str
        The month label ("November 2025").
    area : str
        The area as printed ("Kent").
    published_on : datetime.date or None
        The publication date, printed with ``_quarto.yml``'s ``date-format``.
    author : str
        Who produced the report; empty means ``book.author`` of ``_quarto.yml``.
    banner : str or None
        A warning shown on the cover and on every page (synthetic data).
    draft : bool
        A draft edition: marked :data:`helpers.core.vocabulary.DRAFT_MARK` at the top of
        the page and on every PDF page, and showing the content kept for drafts.
    revised : str or None
        A line on the cover of a superseding edition ("Revised on <date>: <reason>").
    """

    month: str
    area: str = ""
    published_on: dt.date | None = None
    author: str = ""
    banner: str | None = None
    draft: bool = False
    revised: str | None = None

    def byline(self, config: ReportConfig) -> str:
        """Who produced the report: ``author``, else the configuration's."""
        return self.author or config.author

    @property
    def draft_mark(self) -> str | None:
        """The draft mark, or None for an edition for publication."""
        return DRAFT_MARK if self.draft else None

    def publication_date(self, config: ReportConfig) -> str:
        """The publication date as printed (``date-format``), or "" without one."""
        if self.published_on is None:
            return ""
        return format_date(self.published_on, config.date_format)


def format_date(value: dt.date, pattern: str) -> str:
    """Format a date with a Quarto/dayjs ``date-format`` pattern.

    Parameters
    ----------
    value : datetime.date
        The date.
    pattern : str
        Tokens ``YYYY YY MMMM MMM MM M Do DD D dddd ddd``; text in ``[...]`` is literal.

    Returns
    -------
    str
        The formatted date.

    Examples
    --------
    >>> format_date(dt.date(2025, 12, 22), "Do MMMM YYYY")
    '22nd December 2025'
    """
    day = value.day
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    tokens = {
        "YYYY": f"{value.year:04d}",
        "YY": f"{value.year % 100:02d}",
        "MMMM": value.strftime("%B"),
        "MMM": value.strftime("%b"),
        "MM": f"{value.month:02d}",
        "M": str(value.month),
        "Do": f"{day}{suffix}",
        "DD": f"{day:02d}",
        "D": str(day),
        "dddd": value.strftime("%A"),
        "ddd": value.strftime("%a"),
    }

    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        return token[1:-1] if token.startswith("[") else tokens[token]

    return _DATE_TOKENS.sub(replace, pattern)
