"""Find what a person names: an indicator by printed code or id, a table row, areas.

Printed codes are display attributes: they change over the years and are reused (in
November 2025 ``XY01`` prints on two indicators). So a code is looked up in the
versions valid in one month, and a code naming two indicators is refused with the
candidates unless the table says which row is meant. Every message names what exists,
because the names come from people typing them.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

import pandas as pd

from helpers.core.periods import month as parse_month
from helpers.data.store import Source, load_areas, load_indicators, load_layout

__all__ = ["NameLookupError", "find_areas", "find_row"]


class NameLookupError(LookupError):
    """A name that matches nothing, or several things; the message lists what exists."""


def _candidates(rows: pd.DataFrame, names: pd.DataFrame) -> str:
    titles = dict(zip(names["id"], names["title"], strict=True))
    return "; ".join(
        f"{i} ({titles.get(i, '')}, table {t})"
        for i, t in zip(rows["id"], rows["table"], strict=True)
    )


def _matches(indicator: str, names: pd.DataFrame) -> list[str]:
    text = indicator.strip()
    if text in set(names["id"]):
        return [text]
    codes = names["code"].astype(str).str.casefold()
    return list(names.loc[codes == text.casefold(), "id"])


def _unknown(indicator: str, month: str, names: pd.DataFrame) -> NameLookupError:
    known = sorted({*names["id"], *names["code"]} - {""})
    close = difflib.get_close_matches(indicator.strip(), known, n=3, cutoff=0.6)
    hint = f" Did you mean {', '.join(close)}?" if close else ""
    return NameLookupError(
        f"no indicator {indicator!r} in the {month} scorecard: name one by its printed "
        f"code (such as XY19) or its id; indicators('{month}') lists them.{hint}"
    )


def _in_table(
    rows: pd.DataFrame, names: pd.DataFrame, indicator: str, table: str, month: str
) -> pd.DataFrame:
    inside = rows[rows["table"] == table]
    if inside.empty:
        raise NameLookupError(
            f"{indicator!r} has no row in table {table!r} in {month}; its rows: "
            f"{_candidates(rows, names) or 'none'}"
        )
    return inside


def _one_table(found: str, tables: list[str], names: pd.DataFrame, indicator: str) -> str:
    """The only table, else the indicator's home table when it is one of them."""
    if len(tables) == 1:
        return tables[0]
    home = names.loc[names["id"] == found, "table"].iloc[0]
    if home in tables:
        return str(home)
    raise NameLookupError(
        f"{indicator!r} has rows in {len(tables)} tables ({', '.join(tables)}); "
        "pass table=... to choose one"
    )


def find_row(
    source: Source, month: str, indicator: str, table: str | None = None
) -> tuple[str, str]:
    """The indicator and the table of the month's scorecard row that ``indicator`` names.

    Parameters
    ----------
    source : Source
        Where the registry is read from.
    month : str
        The report month, ``"YYYY-MM"``: codes are those printed that month.
    indicator : str
        A printed code (any case, such as ``"scs19"``) or an indicator id.
    table : str, optional
        The table whose row is meant. Without it, a code naming indicators in two
        tables is refused; an indicator in several tables means its home table's row
        (``data/registry/indicators.csv``).

    Returns
    -------
    (str, str)
        ``(indicator id, table id)``.

    Raises
    ------
    NameLookupError
        For a name matching no indicator of the month (with close matches), one in no
        table, one naming several indicators (listing each with its title and table),
        or a ``table`` without its row.
    helpers.core.periods.PeriodError
        When ``month`` is not ``YYYY-MM``.
    """
    parse_month(month)
    names = load_indicators(source, month)
    _, layout = load_layout(source, month)
    if layout.empty:
        raise NameLookupError(f"there is no scorecard for {month}: no table covers that month")
    ids = _matches(str(indicator), names)
    if not ids:
        raise _unknown(str(indicator), month, names)
    rows = layout.loc[layout["id"].isin(ids), ["id", "table"]]
    if table is not None:
        rows = _in_table(rows, names, indicator, table, month)
    if rows.empty:
        raise NameLookupError(f"{indicator!r} is in no table of the {month} scorecard")
    if rows["id"].nunique() > 1:
        raise NameLookupError(
            f"{indicator!r} names {rows['id'].nunique()} indicators in {month}: "
            f"{_candidates(rows, names)}. Name one by its id, or pass table=..."
        )
    found = str(rows["id"].iloc[0])
    return found, _one_table(found, list(rows["table"]), names, indicator)


def find_areas(source: Source, chosen: str | Sequence[str] | None = None) -> pd.DataFrame:
    """The areas named: one id, a list of ids, or every area (None or ``"all"``).

    Returns
    -------
    pandas.DataFrame
        The rows of ``data/registry/areas.csv`` (``area``, ``name``, ``kind``,
        ``dataset``), in the order asked for.

    Raises
    ------
    NameLookupError
        For an unknown area, listing the known ones, or an empty list.
    """
    table = load_areas(source)
    if chosen is None or (isinstance(chosen, str) and chosen == "all"):
        return table.reset_index(drop=True)
    wanted = [chosen] if isinstance(chosen, str) else list(chosen)
    if not wanted:
        raise NameLookupError(f"no area named: pass area ids, such as {table['area'].iloc[0]!r}")
    unknown = [a for a in wanted if a not in set(table["area"])]
    if unknown:
        raise NameLookupError(
            f"unknown area {', '.join(map(repr, unknown))}: known areas are "
            f"{', '.join(table['area'])}"
        )
    return table.set_index("area").loc[wanted].reset_index()
