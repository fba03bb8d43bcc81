"""Completeness: which figures a month's scorecard needs, which have come in, which are owed.

For every indicator in the month's tables, the *due period* follows from its frequency:
a monthly indicator needs the month itself; a quarterly or termly one the latest quarter
or term that has ended by the end of the month (``Q3 25-26`` in December); an annual one
the latest reporting year that has ended. A due figure is *received* when the area's
figures hold a value for it, *owed* when they hold nothing or a ``to_be_supplied``
marker, and *marked* when a status says why there is none (``not_available``,
``new_indicator``). The expected release comes from the Data Sources table.

:func:`owed` is the function other commands build on (``scorecard run`` prints the owed
list; approving an edition checks it).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import pandas as pd

from helpers.core.periods import Period, parse_period, reporting_year, shift
from helpers.core.periods import month as parse_month
from helpers.data.datafiles import records
from helpers.data.store import (
    Source,
    area_dataset,
    load_data_sources,
    load_figures,
    load_indicators,
    load_layout,
)
from helpers.data.template import TemplateRow

RECEIVED, OWED, MARKED = "received", "owed", "marked"
STATUS_COLUMNS = (
    "source_system",
    "id",
    "code",
    "title",
    "frequency",
    "data_period",
    "period",
    "period_label",
    "state",
    "value",
    "figure_status",
    "expected_release",
)


@dataclass(frozen=True)
class Due:
    """One figure a month's scorecard needs, and whether it has come in."""

    source_system: str
    id: str
    code: str
    title: str
    frequency: str
    data_period: str
    period: str
    period_label: str
    state: str
    value: float | None
    figure_status: str
    expected_release: str


def due_period(report_month: Period, frequency: str, year_basis: str) -> Period:
    """The period of an indicator that the scorecard for ``report_month`` reports.

    Parameters
    ----------
    report_month
        The report month.
    frequency
        ``month``, ``quarter``, ``term`` or ``year``.
    year_basis
        ``financial`` or ``academic``.

    Returns
    -------
    Period
        The month itself, or the latest quarter, term or year ended by the month's end.
    """
    if frequency == "month":
        return report_month
    year = parse_period(reporting_year(report_month, year_basis), year_basis)  # type: ignore[arg-type]
    if frequency == "year":
        return year if year.end <= report_month.end else shift(year, -1)
    first = {"quarter": f"{year.key} Q1", "term": f"{year.key} Autumn"}[frequency]
    period = parse_period(first, year_basis)  # type: ignore[arg-type]
    while period.end > report_month.end:
        period = shift(period, -1)
    while shift(period, 1).end <= report_month.end:
        period = shift(period, 1)
    return period


def _label(key: str) -> str:
    return parse_month(key).start.strftime("%b %Y")


def _releases(source: Source, dataset: str, month: str) -> dict[str, str]:
    frame = load_data_sources(source, dataset, month)
    if not len(frame):
        return {}
    nxt = shift(parse_month(month), 1).key
    out = {}
    for row in records(frame):
        text = (
            str(row["released"]).replace("{release}", _label(nxt)).replace("{month}", _label(month))
        )
        out.setdefault(row["id"], text)
    return out


def _held(figures: pd.DataFrame, basis_of: dict[str, str]) -> dict[tuple[str, str], dict]:
    out = {}
    for fig in records(figures):
        if fig["table"] or fig["id"] not in basis_of:
            continue
        key = parse_period(fig["period"], basis_of[fig["id"]]).key  # type: ignore[arg-type]
        out[(fig["id"], key)] = fig
    return out


def _state(fig: dict | None) -> str:
    if fig is None or fig["status"] == "to_be_supplied":
        return OWED
    if fig["value"] is None or fig["value"] != fig["value"]:
        return MARKED
    return RECEIVED


def due_figures(source: Source, month: str, area: str) -> list[Due]:
    """Every figure the scorecard of ``month`` for ``area`` needs, with its state.

    Parameters
    ----------
    source
        Where the data comes from (``helpers.store.open_source``).
    month
        The report month, ``YYYY-MM``.
    area
        The area id.

    Returns
    -------
    list of Due
        One per indicator in the month's tables, in table order.
    """
    report_month = parse_month(month)
    dataset = area_dataset(source, area)
    meta = {r["id"]: r for r in records(load_indicators(source, month))}
    _, layout = load_layout(source, month)
    held = _held(load_figures(source, area), {k: v["year_basis"] for k, v in meta.items()})
    releases = _releases(source, dataset, month)
    out = []
    for indicator in dict.fromkeys(layout["id"]):
        ind = meta.get(indicator)
        if ind is None:
            continue
        period = due_period(report_month, ind["frequency"], ind["year_basis"])
        fig = held.get((indicator, period.key))
        value = None if fig is None else fig["value"]
        out.append(
            Due(
                source_system=ind["source_system"] or "(no source named)",
                id=indicator,
                code=ind["code"],
                title=ind["title"],
                frequency=ind["frequency"],
                data_period=ind["data_period"],
                period=period.key,
                period_label=period.label,
                state=_state(fig),
                value=None if value != value else value,
                figure_status="" if fig is None else fig["status"],
                expected_release=releases.get(indicator, ""),
            )
        )
    return out


def owed(source: Source, month: str, area: str) -> list[Due]:
    """The figures still owed for ``month`` and ``area`` (see :func:`due_figures`)."""
    return [d for d in due_figures(source, month, area) if d.state == OWED]


def status_frame(dues: list[Due]) -> pd.DataFrame:
    """Due figures as a frame, grouped by source system (``STATUS_COLUMNS``)."""
    frame = pd.DataFrame([asdict(d) for d in dues], columns=list(STATUS_COLUMNS))
    order = list(dict.fromkeys(frame["source_system"]))
    return frame.sort_values(
        "source_system", key=lambda s: s.map(order.index), kind="stable"
    ).reset_index(drop=True)


def summary(dues: list[Due]) -> list[dict[str, Any]]:
    """Per source system: due, received, marked and owed counts, and the release dates."""
    out: dict[str, dict[str, Any]] = {}
    for d in dues:
        row = out.setdefault(
            d.source_system,
            {
                "source_system": d.source_system,
                "due": 0,
                RECEIVED: 0,
                MARKED: 0,
                OWED: 0,
                "releases": [],
            },
        )
        row["due"] += 1
        row[d.state] += 1
        if d.expected_release and d.expected_release not in row["releases"]:
            row["releases"].append(d.expected_release)
    return list(out.values())


def _recent(figures: pd.DataFrame, indicator: str, period: Period, basis: str) -> list[str]:
    found = []
    for fig in records(figures):
        if fig["id"] != indicator or fig["table"] or fig["value"] is None:
            continue
        other = parse_period(fig["period"], basis)  # type: ignore[arg-type]
        if other.kind == period.kind and other < period:
            found.append((other, f"{fig['value']:g} ({other.label})"))
    return [text for _, text in sorted(found, reverse=True)[:2]]


def template_rows(source: Source, month: str, area: str, system: str = "") -> list[TemplateRow]:
    """The rows of a returns template: the figures still owed, with their last two figures.

    Parameters
    ----------
    source, month, area
        As for :func:`due_figures`.
    system
        Only this source system (case-insensitive part of its name); all when empty.
    """
    meta = {r["id"]: r for r in records(load_indicators(source, month))}
    figures = load_figures(source, area)
    out = []
    for due in owed(source, month, area):
        if system and system.lower() not in due.source_system.lower():
            continue
        ind = meta[due.id]
        period = parse_period(due.period, ind["year_basis"])
        recent = [*_recent(figures, due.id, period, ind["year_basis"]), "", ""]
        out.append(
            TemplateRow(
                source_system=due.source_system,
                code=due.code,
                title=due.title,
                definition=ind["definition"],
                unit=ind["unit"],
                period_label=due.period_label,
                period=due.period,
                area=area,
                previous=recent[0],
                before=recent[1],
            )
        )
    return out
