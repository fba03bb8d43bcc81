"""Build the scorecard for a month and an area: every row, rated and with its trend.

This is where the registry, the figures and the engine meet. For each row of each
published table it finds the trend periods, the latest figure, the previous comparable
figure, the target and floor standard of the reporting year that contains the figure's
period, and computes the RAG rating and direction of travel. Nothing here is stored:
change a figure, a target or a floor in the text files and the ratings change.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from helpers.core.numbers import or_none
from helpers.core.periods import (
    Period,
    parse_period,
    previous_period,
    reporting_year,
    same_period_last_year,
    shift,
    window,
)
from helpers.core.periods import (
    month as parse_month,
)
from helpers.core.vocabulary import MARKER_STATUSES, MONTH_PATTERN, THRESHOLD_NAMES
from helpers.data.datafiles import records
from helpers.data.store import (
    Source,
    area_dataset,
    load_areas,
    load_benchmarks,
    load_figures,
    load_indicators,
    load_layout,
    load_sections,
    load_targets,
)
from helpers.engine.card import HISTORY_COLUMNS, SECTION_COLUMNS, Scorecard
from helpers.engine.rows import ROW_FIELDS, Row
from helpers.rules.rating import Rag, Thresholds, rag
from helpers.rules.travel import Direction, direction_of_travel, trend_direction

TREND_THRESHOLD_FIELD = "trend_threshold"

MISSING_STATUS = {"volume": "to_be_supplied"}
"""The marker a row shows when it has no figure, by table layout (default: not available).

The published Activity/Volume section prints its measures without figures: they are
"to be supplied". Elsewhere a missing figure is "not available"."""


class NoDataError(LookupError):
    """Raised for a month the data does not cover at all."""


def _available(fig: dict, period: Period, month_end: Period, publication: str) -> bool:
    """Whether a figure can appear in the scorecard of ``month_end``.

    Once released; without a release month, a month's figure once the month began and
    any other period's once the period has ended (a quarter's figure imported in December
    does not reach back into November's scorecard).
    """
    if fig["released"]:
        return fig["released"] <= publication
    if period.kind == "month":
        return period.start <= month_end.end
    return period.end <= month_end.end


class _Context:
    """Everything one build needs, loaded once."""

    def __init__(self, source: Source, month: str, area: str, publication: str) -> None:
        self.month = parse_month(month)
        self.publication = publication
        self.dataset = area_dataset(source, area)
        indicators = load_indicators(source, month)
        self.meta: dict[str, dict[str, Any]] = {r["id"]: r for r in records(indicators)}
        self.tables, self.layout = load_layout(source, month)
        self.figures = load_figures(source, area)
        targets = load_targets(source, self.dataset)
        self.targets = {(t["id"], t["year"]): t for t in records(targets)}
        bench = load_benchmarks(source, self.dataset)
        self.benchmarks = {(b["id"], b["column"], b["table"]): b for b in records(bench)}
        self._by_id: dict[str, list[dict[str, Any]]] = {}
        for fig in records(self.figures):
            self._by_id.setdefault(fig["id"], []).append(fig)
        self._memo: dict[tuple[str, str], dict[Period, dict]] = {}

    def figures_for(self, indicator: str, table: str) -> dict[Period, dict]:
        """Available figures of one indicator, keyed by period; table-scoped ones win."""
        key = (indicator, table)
        if key not in self._memo:
            self._memo[key] = self._figures_for(indicator, table)
        return self._memo[key]

    def _figures_for(self, indicator: str, table: str) -> dict[Period, dict]:
        meta = self.meta[indicator]
        out: dict[Period, dict] = {}
        for fig in sorted(self._by_id.get(indicator, []), key=lambda f: f["table"] != ""):
            if fig["table"] not in ("", table):
                continue
            period = parse_period(fig["period"], meta["year_basis"])
            if _available(fig, period, self.month, self.publication):
                out[period] = fig
        return out

    def benchmark(self, indicator: str, column: str, table: str) -> dict | None:
        """The benchmark printed for an indicator in a table (table-scoped first)."""
        return self.benchmarks.get((indicator, column, table)) or self.benchmarks.get(
            (indicator, column, "")
        )


def _table_periods(ctx: _Context, table: dict) -> list[Period]:
    """The trend columns of a table: ending at the month, or at the latest figure."""
    length = int(table["trend_length"])
    if table["frequency"] == "month":
        return window(ctx.month, length)
    rows = ctx.layout[ctx.layout["table"] == table["table"]]
    latest: Period | None = None
    for indicator in rows["id"]:
        if indicator not in ctx.meta:
            continue
        for period in ctx.figures_for(indicator, table["table"]):
            if period.kind == table["frequency"] and (latest is None or period > latest):
                latest = period
    if latest is None:
        latest = last_completed(ctx.month, table["frequency"], table["year_basis"])
    return window(latest, length)


def last_completed(month: Period, kind: str, basis: str) -> Period:
    """The latest quarter, term or year of ``basis`` that ended before ``month`` began.

    Used for the trend columns of a table that has no figures at all (an edition whose
    figures are not available), so that it still shows the periods it would report.
    """
    year = parse_period(reporting_year(month, basis), basis)  # type: ignore[arg-type]
    if kind == "year":
        return shift(year, -1)
    first = {"quarter": f"{year.key} Q1", "term": f"{year.key} Autumn"}[kind]
    period = parse_period(first, basis)  # type: ignore[arg-type]
    while not period.end < month.start:
        period = shift(period, -1)
    while shift(period, 1).end < month.start:
        period = shift(period, 1)
    return period


def _thresholds(target: dict | None) -> Thresholds | None:
    if target is None or target["status"]:
        return None
    names = THRESHOLD_NAMES
    return Thresholds(**{n: or_none(target[n]) for n in names})


def _rate(value: float | None, meta: pd.Series, target: dict | None) -> Rag | None:
    thresholds = _thresholds(target)
    if value is None or thresholds is None or not meta["polarity"]:
        return None
    return rag(value, meta["polarity"], thresholds, int(meta["decimals"]))


def _previous(meta: pd.Series, latest: Period, figs: dict[Period, dict]) -> Period | None:
    method = meta["dot_method"]
    if method == "previous":
        return previous_period(latest)
    if method == "same_period_last_year":
        return same_period_last_year(latest)
    return None


def _value(fig: dict | None) -> float | None:
    return None if fig is None else or_none(fig["value"])


def _direction(
    meta: pd.Series,
    latest: Period | None,
    figs: dict[Period, dict],
    periods: list[Period],
    target: float | None,
) -> tuple[Direction | None, Period | None]:
    if latest is None or not meta["polarity"] or meta["dot_method"] == "none":
        return None, None
    pol, dp = meta["polarity"], int(meta["decimals"])
    if meta["dot_method"] == "trend":
        values = [_value(figs.get(p)) for p in periods]
        threshold = float(or_none(meta.get(TREND_THRESHOLD_FIELD)) or 0.0)
        return trend_direction(values, pol, threshold, dp, target), None
    prev = _previous(meta, latest, figs)
    if prev is None:
        return None, None
    current, before = _value(figs.get(latest)), _value(figs.get(prev))
    return direction_of_travel(current, before, pol, dp, target), prev


def _target_value(target: dict | None) -> float | None:
    return None if target is None else or_none(target["target"])


def _row(ctx: _Context, table: dict, layout_row: dict, periods: list[Period]) -> Row:
    """Everything the published row shows (and a little more), unformatted."""
    indicator = layout_row["id"]
    meta = ctx.meta[indicator]
    figs = ctx.figures_for(indicator, table["table"])
    latest = periods[-1] if periods else None
    fig = figs.get(latest) if latest is not None else None
    basis = meta["year_basis"]
    year = reporting_year(latest, basis) if latest is not None else None
    target = ctx.targets.get((indicator, year)) if year else None
    dot, prev = _direction(meta, latest, figs, periods, _target_value(target))
    row: dict[str, Any] = {
        "table": table["table"],
        "section": table["section"],
        "position": int(layout_row["position"]),
        "id": indicator,
        "code": meta["code"],
        "title": layout_row["printed_title"] or meta["title"],
        "definition": meta["definition"],
        "polarity": meta["polarity"],
        "data_period": meta["data_period"],
        "qpr": meta["qpr"] == "yes",
        "unit": meta["unit"],
        "measure": meta["measure"],
        "decimals": int(meta["decimals"]),
        "district_breakdown": meta["district_breakdown"] == "yes",
        "dot_method": meta["dot_method"],
        "period": latest.key if latest is not None else None,
        "period_label": latest.label if latest is not None else None,
        "value": _value(fig),
        "status": fig["status"] if fig is not None else _missing(table, figs, latest, latest),
        "numerator": None if fig is None else or_none(fig["numerator"]),
        "denominator": None if fig is None else or_none(fig["denominator"]),
        "note": fig["note"] if fig is not None else "",
        "previous_period": prev.key if prev is not None else None,
        "previous_value": _value(figs.get(prev)) if prev is not None else None,
        "dot": dot.value if dot is not None else None,
        "year": year,
        "rag": _enum(_rate(_value(fig), meta, target)),
    }
    row.update(_threshold_columns(target, ""))
    row.update(_previous_year(ctx, meta, indicator, year, table))
    row.update(_next_year(ctx, indicator, year))
    row.update(_benchmarks(ctx, indicator, table["table"]))
    return row  # type: ignore[return-value]


def _missing(
    table: dict, figs: dict[Period, dict], period: Period | None, latest: Period | None
) -> str:
    """The marker of a period without a figure.

    A series whose figure for the table's latest period has not come in yet is "to be
    supplied"; otherwise the table layout's marker (see ``MISSING_STATUS``).
    """
    if (
        period is not None
        and period == latest
        and any(p.kind == period.kind and p < period for p in figs)
    ):
        return "to_be_supplied"
    return MISSING_STATUS.get(table["layout"], "not_available")


def _enum(value: Rag | Direction | None) -> str | None:
    return None if value is None else value.value


def _threshold_columns(target: dict | None, prefix: str) -> dict:
    names = THRESHOLD_NAMES
    out = {f"{prefix}{n}": (None if target is None else or_none(target[n])) for n in names}
    out[f"{prefix}target_dp"] = None if target is None else or_none(target["target_dp"])
    out[f"{prefix}target_comparator"] = "" if target is None else target["comparator"]
    out[f"{prefix}target_status"] = "" if target is None else target["status"]
    out[f"{prefix}floor_derived"] = target is not None and target["floor_derived"] == "yes"
    return out


def _year_shift(year: str, basis: str, steps: int) -> str:
    return shift(parse_period(year, basis), steps).key  # type: ignore[arg-type]


def _previous_year(
    ctx: _Context, meta: pd.Series, indicator: str, year: str | None, table: dict
) -> dict:
    """The previous reporting year's outturn, target and RAG (in-year tables)."""
    keys = (
        "previous_year",
        "previous_year_value",
        "previous_year_target",
        "previous_year_target_dp",
        "previous_year_target_comparator",
        "previous_year_rag",
    )
    if year is None or table["layout"] != "in_year":
        return dict.fromkeys(keys)
    prev_year = _year_shift(year, meta["year_basis"], -1)
    figs = ctx.figures_for(indicator, table["table"])
    outturn = next((f for p, f in figs.items() if p.kind == "year" and p.key == prev_year), None)
    target = ctx.targets.get((indicator, prev_year))
    value = _value(outturn)
    return dict(
        zip(
            keys,
            (
                prev_year,
                value,
                _target_value(target),
                None if target is None else or_none(target["target_dp"]),
                "" if target is None else target["comparator"],
                _enum(_rate(value, meta, target)),
            ),
            strict=True,
        )
    )


def _next_year(ctx: _Context, indicator: str, year: str | None) -> dict:
    """The next reporting year's target (printed beside annual results)."""
    keys = (
        "next_year",
        "next_year_target",
        "next_year_target_dp",
        "next_year_target_comparator",
        "next_year_target_status",
    )
    if year is None:
        return dict.fromkeys(keys)
    basis = ctx.meta[indicator]["year_basis"]
    nxt = _year_shift(year, basis, 1)
    target = ctx.targets.get((indicator, nxt))
    if target is None:
        return dict(zip(keys, (nxt, None, None, "", ""), strict=True))
    return dict(
        zip(
            keys,
            (
                nxt,
                _target_value(target),
                or_none(target["target_dp"]),
                target["comparator"],
                target["status"],
            ),
            strict=True,
        )
    )


def _benchmarks(ctx: _Context, indicator: str, table: str) -> dict:
    out: dict[str, Any] = {}
    for column in ("comparator", "national"):
        bench = ctx.benchmark(indicator, column, table)
        out[column] = None if bench is None else or_none(bench["value"])
        out[f"{column}_dp"] = None if bench is None else or_none(bench["value_dp"])
        out[f"{column}_status"] = "" if bench is None else bench["status"]
    return out


def _trend_rows(
    table: dict, indicator: str, figs: dict[Period, dict], periods: list[Period]
) -> list[dict]:
    out = []
    for period in periods:
        fig = figs.get(period)
        out.append(
            {
                "table": table["table"],
                "id": indicator,
                "period": period.key,
                "label": period.label,
                "value": _value(fig),
                "status": (
                    fig["status"] if fig is not None else _missing(table, figs, period, periods[-1])
                ),
                "note": fig["note"] if fig is not None else "",
            }
        )
    return out


def _history_rows(
    table: dict, indicator: str, figs: dict[Period, dict], latest: Period | None
) -> list[tuple]:
    """Every figure of the table's frequency up to ``latest``, oldest first."""
    if latest is None:
        return []
    kind = table["frequency"]
    periods = sorted(p for p in figs if p.kind == kind and not latest < p)
    return [
        (
            table["table"],
            indicator,
            p.key,
            p.label,
            _value(figs[p]),
            figs[p]["status"],
        )
        for p in periods
    ]


def _has_month_data(ctx: _Context) -> bool:
    """Whether any figure of the area belongs to the report month itself."""
    day = ctx.month.start
    for fig in ctx.figures.to_dict("records"):
        basis = ctx.meta.get(fig["id"], {}).get("year_basis")
        if basis is None or fig["status"] in MARKER_STATUSES:
            continue
        period = parse_period(fig["period"], basis)
        if period.kind != "year" and period.contains(day):
            return True
    return False


def default_publication_month(month: str) -> str:
    """The month after the report month, when scorecards are usually published."""
    return shift(parse_month(month), 1).key


def build_scorecard(
    source: Source,
    month: str,
    area: str,
    publication_month: str | None = None,
    allow_no_data: bool = False,
) -> Scorecard:
    """Build one month's scorecard for one area.

    Parameters
    ----------
    source
        Where the data comes from (see ``helpers.data.store.open_source``).
    month
        The report month, ``"YYYY-MM"``.
    area
        The area id (``"kent"``, ``"folkestone-and-hythe"``, ...).
    publication_month
        Figures released after this month are left out (default: the next month).
    allow_no_data
        Build even when no figure belongs to the month (an edition whose indicator set is
        known but whose figures are not, such as February 2019): rows show "N/A".

    Returns
    -------
    Scorecard
        Tables, rated rows and trends.

    Raises
    ------
    NoDataError
        When the registry has no scorecard layout for the month, or no figure of the area
        belongs to the month (unless ``allow_no_data``).
    KeyError
        For an unknown area.
    """
    publication = publication_month or default_publication_month(month)
    ctx = _Context(source, month, area, publication)
    if not len(ctx.layout):
        raise NoDataError(
            f"there is no scorecard layout for {month}: the registry's tables "
            "and rows do not cover that month"
        )
    if not allow_no_data and not _has_month_data(ctx):
        months = sorted(f for f in set(ctx.figures["period"]) if MONTH_PATTERN.fullmatch(f))
        span = f"{months[0]} to {months[-1]}" if months else "no month"
        raise NoDataError(f"no data for {area} in {month}: its monthly figures cover {span}")
    table_rows, rows, trend, history = [], [], [], []
    for table in ctx.tables.to_dict("records"):
        periods = _table_periods(ctx, table)
        table_rows.append(
            {**table, "periods": [p.key for p in periods], "labels": [p.label for p in periods]}
        )
        layout = ctx.layout[ctx.layout["table"] == table["table"]]
        for layout_row in layout.to_dict("records"):
            if layout_row["id"] not in ctx.meta:
                continue
            rows.append(_row(ctx, table, layout_row, periods))
            figs = ctx.figures_for(layout_row["id"], table["table"])
            trend.extend(_trend_rows(table, layout_row["id"], figs, periods))
            latest = periods[-1] if periods else None
            history.extend(_history_rows(table, layout_row["id"], figs, latest))
    areas = load_areas(source)
    name = areas.loc[areas["area"] == area, "name"].iloc[0]
    return Scorecard(
        month,
        area,
        str(name),
        ctx.dataset,
        publication,
        pd.DataFrame(table_rows),
        pd.DataFrame(rows, columns=list(ROW_FIELDS)),
        pd.DataFrame(trend),
        pd.DataFrame(history, columns=list(HISTORY_COLUMNS)),
        load_sections(source)[list(SECTION_COLUMNS)],
    )
