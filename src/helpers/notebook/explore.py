"""Exploring the scorecard in Jupyter: tidy frames, comparisons, histories, charts, SPC.

Five questions, one call each::

    from helpers.notebook.explore import chart, compare, history, load, spc_table

    frames = load("2025-11", "kent")            # figures, ratings, trend, history
    compare("XY19", "2025-11")                 # one indicator in every area
    history("XY19", "2025-11", ["swale", "dover"])
    chart("XY19", "2025-11", "swale", style="mdc")
    spc_table("XY19", "2025-11", "swale")

``indicators(month)`` and ``areas()`` list what can be named. An indicator is named by
its printed code (``"XY19"``, any case) or by its id (``"cic-kcc-foster-care"``). A
printed code that names two indicators in a month (``"XY01"`` in November 2025) is
refused with the candidates, unless ``table=`` says which table's row is meant.

Every function builds what it needs from the data when it is called, with the engine
that builds the published report, and returns a plain pandas DataFrame or an Altair
chart. Nothing is kept between calls: change a figure in ``data/`` and the next call
shows it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

import altair as alt
import pandas as pd

from helpers.core.config import resolve_chart_style
from helpers.core.paths import project_root
from helpers.core.vocabulary import ASSURANCE_LABELS, VARIATION_LABELS
from helpers.data.names import NameLookupError, find_areas, find_row
from helpers.data.params import load_month_params, params_path
from helpers.data.store import (
    Source,
    ensure_store,
    load_areas,
    load_indicators,
    load_layout,
    open_source,
)
from helpers.engine.mdc import SPC_COLUMNS, row_history, row_spc, summary_frame
from helpers.engine.scorecard import Scorecard, build_scorecard
from helpers.notebook.section import resolve_source
from helpers.render.charts import has_trend, trend_chart
from helpers.render.mdc_views import row_spc_chart
from helpers.rules.spc import SpcResult, xmr

__all__ = [
    "FIGURE_COLUMNS",
    "Frames",
    "NameLookupError",
    "areas",
    "chart",
    "compare",
    "history",
    "indicators",
    "load",
    "spc_table",
]

FIGURE_COLUMNS = (
    "area",
    "table",
    "id",
    "code",
    "title",
    "period",
    "period_label",
    "value",
    "status",
    "numerator",
    "denominator",
    "unit",
    "decimals",
    "note",
)
"""Columns of :attr:`Frames.figures`."""

RATING_COLUMNS = (
    "area",
    "table",
    "id",
    "code",
    "title",
    "polarity",
    "data_period",
    "period",
    "value",
    "target",
    "floor",
    "target_low",
    "target_high",
    "floor_low",
    "floor_high",
    "rag",
    "previous_period",
    "previous_value",
    "dot",
    "dot_method",
    *SPC_COLUMNS,
)
"""Columns of :attr:`Frames.ratings`."""

COMPARE_COLUMNS = (
    "area",
    "area_name",
    "kind",
    "synthetic",
    "table",
    "id",
    "code",
    "period",
    "value",
    "status",
    "target",
    "floor",
    "short_of_target",
    "rag",
    "dot",
    "rank",
    "variation_label",
    "assurance_label",
    "points",
    "trial_limits",
)
"""Columns of :func:`compare`."""

_MDC = ("points", "trial_limits", "variation", "variation_label", "assurance", "assurance_label")


class _Reads:
    """A source that reads each table once, for one call that builds several scorecards."""

    def __init__(self, source: Source) -> None:
        self._source = source
        self._frames: dict[str, pd.DataFrame] = {}

    def read(self, table: str) -> pd.DataFrame:
        """Return one table as a frame (read on first use)."""
        if table not in self._frames:
            self._frames[table] = self._source.read(table)
        return self._frames[table]


def _open(source: str, root: str | Path) -> tuple[Path, Source]:
    base = Path(root) if root else project_root()
    url = resolve_source(source, base) if source else ensure_store(base)
    return base, _Reads(open_source(url))


def _build(src: Source, base: Path, month: str, area: str) -> Scorecard:
    """Build as ``scorecard run`` does: the month's publication month when it has params."""
    find_areas(src, area)  # an unknown area: a message listing the known ones
    if params_path(base, month).exists():
        params = load_month_params(base, month)
        return build_scorecard(
            src, month, area, params.publication_month, bool(params.no_figures_note)
        )
    return build_scorecard(src, month, area)


# --------------------------------------------------------------------------- public


def indicators(month: str, source: str = "", root: str | Path = "") -> pd.DataFrame:
    """List the indicators of a month's scorecard, with the tables they appear in.

    Parameters
    ----------
    month : str
        The report month, ``"YYYY-MM"``.
    source : str, optional
        A data source URL (``"csv:///data"``, ``"duckdb:///build/scorecard.duckdb"``);
        empty means the project's store, rebuilt first if the text files changed.
    root : str or Path, optional
        The project folder; empty means found from the working folder.

    Returns
    -------
    pandas.DataFrame
        One row per indicator row of the month's tables, in published order: ``table``,
        ``id``, ``code`` (as printed that month), ``title``, ``polarity``, ``unit``.

    Examples
    --------
    >>> indicators("2025-11").query("code == 'XY01'")  # doctest: +SKIP
    """
    _, src = _open(source, root)
    names = load_indicators(src, month)
    _, layout = load_layout(src, month)
    columns = ["id", "code", "title", "polarity", "unit"]
    return layout[["table", "id"]].merge(names[columns], on="id", how="inner")


def areas(source: str = "", root: str | Path = "") -> pd.DataFrame:
    """List the areas figures can be loaded for.

    Parameters
    ----------
    source, root : str, optional
        As for :func:`indicators`.

    Returns
    -------
    pandas.DataFrame
        ``area`` (the id to pass), ``name``, ``kind`` (``county`` or ``district``) and
        ``dataset``: ``sample`` for Kent's published figures, ``synthetic`` for the
        districts' demonstration data (generated, not real: never for decisions).
    """
    _, src = _open(source, root)
    return load_areas(src).loc[:, ["area", "name", "kind", "dataset"]]


class Frames(NamedTuple):
    """One month's scorecard for one area as four tidy frames (see :func:`load`)."""

    figures: pd.DataFrame
    ratings: pd.DataFrame
    trend: pd.DataFrame
    history: pd.DataFrame

    def __repr__(self) -> str:
        sizes = ", ".join(f"{n}: {len(getattr(self, n))} rows" for n in self._fields)
        return f"Frames({sizes})"


def _mdc(card: Scorecard) -> pd.DataFrame:
    return summary_frame(card).loc[:, ["table", "id", *_MDC]]


def _frames(card: Scorecard) -> Frames:
    rows = card.rows.assign(area=card.area)
    codes = card.rows[["table", "id", "code"]]
    ratings = rows.merge(_mdc(card), on=["table", "id"], how="left")
    trend = card.trend.merge(codes, on=["table", "id"]).assign(area=card.area)
    hist = card.history.merge(codes, on=["table", "id"]).assign(area=card.area)
    order = ["area", "table", "id", "code", "period", "label", "value", "status"]
    return Frames(
        figures=rows.loc[:, list(FIGURE_COLUMNS)],
        ratings=ratings.loc[:, list(RATING_COLUMNS)],
        trend=trend.loc[:, [*order, "note"]],
        history=hist.loc[:, order],
    )


def load(month: str, area: str = "kent", source: str = "", root: str | Path = "") -> Frames:
    """Load a month's scorecard for one area as tidy frames.

    The same scorecard the published report shows, built by the same engine: every RAG
    rating and arrow is computed here from the figures, targets and floor standards.

    Parameters
    ----------
    month : str
        The report month, ``"YYYY-MM"``.
    area : str, default "kent"
        The area id (``areas()`` lists them).
    source : str, optional
        A data source URL; empty means the project's store.
    root : str or Path, optional
        The project folder; empty means found from the working folder.

    Returns
    -------
    Frames
        A named tuple of four DataFrames (unpack it, or use the attributes):

        ``figures``
            One row per indicator row of every table: the latest figure with its
            ``status`` (empty for a reported figure, else ``provisional``,
            ``unpublished``, ``not_available``, ``to_be_supplied`` or
            ``new_indicator``), numerator, denominator and unit (:data:`FIGURE_COLUMNS`).
        ``ratings``
            One row per indicator row: value, target, floor standard, ``rag``
            (RED/AMBER/GREEN, empty where not rated), ``dot`` (improved/worsened/same)
            and the Making Data Count verdicts of the row's history (``variation``,
            ``assurance`` and their labels).
        ``trend``
            One row per indicator row and trend column of its table (the periods the
            published table prints): ``period``, ``label``, ``value``, ``status``.
        ``history``
            Every figure of each row's history up to the month (longer than the trend:
            all the data holds), oldest first.

    Examples
    --------
    >>> figures, ratings, trend, history = load("2025-11", "kent")  # doctest: +SKIP
    >>> ratings.query("rag == 'RED'")[["code", "title", "value", "target"]]  # doctest: +SKIP
    """
    base, src = _open(source, root)
    return _frames(_build(src, base, month, area))


def _assurance_label(result: SpcResult | None) -> str:
    """The assurance label as the tables print it: empty without a trend or a target."""
    if result is None or result.assurance is None:
        return ""
    return ASSURANCE_LABELS[result.assurance]


def _short_of_target(row: dict[str, Any]) -> float | None:
    """How far a value misses its target in the polarity's direction (T: its range)."""
    value, target, polarity = row["value"], row["target"], row["polarity"]
    if value is None or target is None or polarity not in ("H", "L", "T"):
        return None
    if polarity == "T":
        low, high = row["target_low"], row["target_high"]
        low, high = (target, target) if low is None or high is None else (low, high)
        gap = max(low - value, value - high, 0.0)
    else:
        gap = target - value if polarity == "H" else value - target
    return round(gap, int(row["decimals"]))


def _ranks(frame: pd.DataFrame, polarity: str) -> pd.Series:
    if polarity == "T":
        key, ascending = (frame["value"] - frame["target"]).abs(), True
    elif polarity in ("H", "L"):
        key, ascending = frame["value"], polarity == "L"
    else:
        return pd.Series(pd.NA, index=frame.index, dtype="Int64")
    ranks = key.groupby(frame["kind"]).rank(method="min", ascending=ascending)
    return ranks.astype("Int64")


def compare(
    indicator: str,
    month: str,
    areas: str | Sequence[str] | None = None,
    table: str | None = None,
    source: str = "",
    root: str | Path = "",
) -> pd.DataFrame:
    """Compare one indicator across areas for a month: value, RAG, DOT, rank.

    Parameters
    ----------
    indicator : str
        Printed code (``"XY19"``) or id (``"cic-kcc-foster-care"``).
    month : str
        The report month, ``"YYYY-MM"``.
    areas : str or sequence of str, optional
        Area ids; by default (or ``"all"``) every area: Kent and the districts.
    table : str, optional
        The table whose row is meant, when the code names rows in several tables.
    source, root : str, optional
        As for :func:`load`.

    Returns
    -------
    pandas.DataFrame
        One row per area, in the order of ``areas()`` (:data:`COMPARE_COLUMNS`):
        ``value`` and ``status`` of the latest figure, ``target``, ``floor``,
        ``short_of_target`` (how far the value falls short of the target in the
        polarity's direction, at the printed precision: zero or negative when met; for
        T polarity the distance outside the target range, zero inside it), ``rag``,
        ``dot``, ``rank`` (1 is the best performance among areas of the same ``kind``,
        so Kent is ranked alone and the districts among themselves; for T polarity the
        closest to the target) and the Making Data Count verdicts of each
        area's history (``variation_label``: is the latest point special cause
        variation; ``assurance_label``: will the target be met reliably).

    Raises
    ------
    NameLookupError
        For a name that matches no indicator, or several (the message lists them).

    Examples
    --------
    >>> compare("XY19", "2025-11").nlargest(3, "short_of_target")  # doctest: +SKIP
    """
    base, src = _open(source, root)
    found, table_id = find_row(src, month, indicator, table)
    out = []
    for place in find_areas(src, areas).to_dict("records"):
        card = _build(src, base, month, place["area"])
        row = card.records(table_id)
        row = next(r for r in row if r["id"] == found)
        spc = row_spc(card, table_id, found)
        out.append(
            {
                **{c: row[c] for c in ("table", "id", "code", "period", "value", "status")},
                **{c: row[c] for c in ("target", "floor", "rag", "dot", "polarity")},
                "area": place["area"],
                "area_name": place["name"],
                "kind": place["kind"],
                "synthetic": card.synthetic,
                "short_of_target": _short_of_target(row),
                "variation_label": "" if spc is None else VARIATION_LABELS[spc.variation],
                "assurance_label": _assurance_label(spc),
                "points": 0 if spc is None else len(spc.table),
                "trial_limits": bool(spc is not None and spc.trial_limits),
            }
        )
    frame = pd.DataFrame(out)
    frame["rank"] = _ranks(frame, out[0]["polarity"] or "")
    return frame.loc[:, list(COMPARE_COLUMNS)]


def history(
    indicator: str,
    month: str,
    areas: str | Sequence[str] = "kent",
    table: str | None = None,
    source: str = "",
    root: str | Path = "",
) -> pd.DataFrame:
    """One indicator's figures over time, up to a month, for one or more areas.

    Parameters
    ----------
    indicator, month : str
        The printed code or id, and the report month whose row is followed back in time.
    areas : str or sequence of str, default "kent"
        One area id, several, or ``"all"``.
    table, source, root
        As for :func:`compare`.

    Returns
    -------
    pandas.DataFrame
        Long (tidy) frame, one row per area and period, oldest first within each area:
        ``area``, ``area_name``, ``table``, ``id``, ``code``, ``period``, ``label``,
        ``value``, ``status``. It holds every figure of the row's frequency the data
        has (Kent's published series start in 2025; the synthetic districts' go back
        three more years), not only the trend columns the table prints.

    Examples
    --------
    >>> history("XY19", "2025-11", ["swale", "dover"]).pivot(
    ...     index="period", columns="area", values="value")  # doctest: +SKIP
    """
    base, src = _open(source, root)
    found, table_id = find_row(src, month, indicator, table)
    parts = []
    for place in find_areas(src, areas).to_dict("records"):
        card = _build(src, base, month, place["area"])
        rows = card.history[(card.history["table"] == table_id) & (card.history["id"] == found)]
        code = card.rows.loc[card.rows["id"] == found, "code"].iloc[0]
        parts.append(rows.assign(area=place["area"], area_name=place["name"], code=code))
    columns = ["area", "area_name", "table", "id", "code", "period", "label", "value", "status"]
    return pd.concat(parts, ignore_index=True).loc[:, columns]


def chart(
    indicator: str,
    month: str,
    area: str = "kent",
    style: str = "trend",
    table: str | None = None,
    source: str = "",
    root: str | Path = "",
) -> alt.LayerChart:
    """Draw one indicator for one area, as the report draws it.

    Parameters
    ----------
    indicator, month : str
        The printed code or id, and the report month (as for :func:`history`).
    area : str, default "kent"
        The area id.
    style : {"trend", "mdc"}
        "trend": the report's trend chart (the table's trend columns, target, floor
        standard and benchmarks); "mdc": the Making Data Count XmR chart of the row's
        whole history (mean, process limits, special cause points).
    table, source, root
        As for :func:`compare`.

    Returns
    -------
    altair.LayerChart
        Displayed by Jupyter; ``.save("chart.html")`` or ``.to_dict()`` for the spec.

    Raises
    ------
    ValueError
        For an unknown style, or a row with fewer than two figures to draw.
    """
    chosen = resolve_chart_style(style)
    base, src = _open(source, root)
    found, table_id = find_row(src, month, indicator, table)
    card = _build(src, base, month, area)
    if chosen == "mdc":
        if row_spc(card, table_id, found) is None:
            raise ValueError(_too_few(indicator, card))
        return row_spc_chart(card, table_id, found)
    if not has_trend(card, table_id, found):
        raise ValueError(_too_few(indicator, card))
    return trend_chart(card, table_id, found)


def _too_few(indicator: str, card: Scorecard) -> str:
    return (
        f"{indicator} has fewer than two figures to chart for {card.area_name} "
        f"in the {card.month} scorecard"
    )


def spc_table(
    indicator: str | pd.Series,
    month: str = "",
    area: str = "kent",
    table: str | None = None,
    improvement: str = "neutral",
    target: float | None = None,
    source: str = "",
    root: str | Path = "",
) -> pd.DataFrame:
    """The statistical process control (XmR) table of a series: mean, limits, point types.

    Parameters
    ----------
    indicator : str or pandas.Series
        An indicator (printed code or id): its row's whole history for ``area``, up to
        ``month``, improving in its polarity's direction and against its target, as the
        report's Making Data Count columns use it. Or any series of numbers in time
        order (for example a column of :func:`history`), labelled by its index.
    month, area, table, source, root
        Which row, when ``indicator`` is a name (as for :func:`chart`).
    improvement : {"neutral", "increase", "decrease"}
        For a series only: which way is better.
    target : float, optional
        For a series only: a target, for the assurance verdict.

    Returns
    -------
    pandas.DataFrame
        One row per point: ``label``, ``value``, ``mean``, ``lpl`` and ``upl`` (the
        lower and upper process limits), ``near_lpl`` and ``near_upl`` (the two-sigma
        lines), ``point_type`` (``common_cause``, ``special_cause_improvement``,
        ``special_cause_concern``, ``special_cause_neutral_high``/``_low``),
        ``special_cause_type`` (which rule fired), and the rest of
        :func:`helpers.rules.spc.xmr`'s columns. Its ``attrs`` hold ``variation``,
        ``assurance`` and ``trial_limits`` (fewer than 12 points).
    """
    if isinstance(indicator, pd.Series):
        values = indicator.dropna()
        result = xmr(values.tolist(), improvement, target)
        labels = [str(i) for i in values.index]
    else:
        base, src = _open(source, root)
        found, table_id = find_row(src, month, indicator, table)
        card = _build(src, base, month, area)
        result = row_spc(card, table_id, found)
        if result is None:
            raise ValueError(_too_few(indicator, card))
        labels = [label for label, _ in row_history(card, table_id, found)]
    frame = result.table.rename(columns={"x": "position", "y": "value"})
    frame.insert(0, "label", labels)
    frame.attrs.update(
        variation=result.variation,
        assurance=result.assurance,
        trial_limits=result.trial_limits,
    )
    return frame
