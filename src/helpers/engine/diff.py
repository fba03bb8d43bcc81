"""What changed between two months' scorecards for one area.

``scorecard diff --month M [--against M2]`` compares every row of the two scorecards
(M2 defaults to the month before): new figures (a row whose latest period moved on and
has a value), figures revised (from the audit log, for the periods the scorecard
shows), RAG ratings and directions of travel that changed, targets or floor standards
that changed, and rows that lost their latest figure.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

import pandas as pd

from helpers.engine.scorecard import Scorecard

DIFF_COLUMNS = (
    "change",
    "table",
    "id",
    "code",
    "title",
    "before_period",
    "before",
    "after_period",
    "after",
    "detail",
)
KINDS = ("new figure", "revised", "rag", "direction of travel", "target", "lost latest figure")


@dataclass(frozen=True)
class Difference:
    """One change between two scorecards."""

    change: str
    table: str
    id: str
    code: str
    title: str
    before_period: str
    before: str
    after_period: str
    after: str
    detail: str = ""


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _rows(card: Scorecard) -> dict[tuple[str, str], dict[str, Any]]:
    return {(r["table"], r["id"]): r for r in card.records()}


def _row_changes(before: dict, after: dict) -> Iterable[Difference]:
    base = {
        "table": after["table"],
        "id": after["id"],
        "code": after["code"] or "",
        "title": after["title"],
        "before_period": _text(before["period_label"]),
        "after_period": _text(after["period_label"]),
    }
    has_before, has_after = before["value"] is not None, after["value"] is not None
    if after["period"] != before["period"] and has_after:  # the row moved on to a new figure
        yield Difference(
            "new figure", before=_text(before["value"]), after=_text(after["value"]), **base
        )
    if has_before and not has_after:
        yield Difference(
            "lost latest figure",
            before=_text(before["value"]),
            after=after["status"] or "",
            detail="no figure for the latest period",
            **base,
        )
    for field, kind in (("rag", "rag"), ("dot", "direction of travel")):
        if has_after and before[field] != after[field]:  # a lost figure is listed as such
            yield Difference(kind, before=_text(before[field]), after=_text(after[field]), **base)
    for field in ("target", "floor", "target_low", "target_high", "floor_low", "floor_high"):
        if _text(before[field]) != _text(after[field]):
            yield Difference(
                "target",
                before=_text(before[field]),
                after=_text(after[field]),
                detail=f"{field} ({before['year'] or ''} to {after['year'] or ''})",
                **base,
            )


def compare(before: Scorecard, after: Scorecard, revisions: Iterable[Any] = ()) -> list[Difference]:
    """Every difference between two scorecards of one area.

    Parameters
    ----------
    before, after
        The scorecards (usually the previous month and the month).
    revisions
        Audit log entries (``helpers.data.audit.LogEntry``); those revising a figure of a
        period ``after`` shows, for its area, are listed as revisions.
    """
    rows_before = _rows(before)
    out: list[Difference] = []
    for key, row in _rows(after).items():
        if key in rows_before:
            out.extend(_row_changes(rows_before[key], row))
    shown = set(after.trend["period"]) if len(after.trend) else set()
    names = {r["id"]: r for r in after.records()}
    for entry in revisions:
        if entry.change != "revised" or entry.area != after.area or entry.period not in shown:
            continue
        row = names.get(entry.id, {})
        out.append(
            Difference(
                "revised",
                table=row.get("table", ""),
                id=entry.id,
                code=entry.code,
                title=row.get("title", ""),
                before_period=entry.period,
                before=entry.old,
                after_period=entry.period,
                after=entry.new,
                detail=f"{entry.logged_at} by {entry.by} ({entry.source})",
            )
        )
    order = {k: i for i, k in enumerate(KINDS)}
    return sorted(out, key=lambda d: order[d.change])


def diff_frame(differences: list[Difference]) -> pd.DataFrame:
    """Differences as a frame with ``DIFF_COLUMNS``."""
    return pd.DataFrame([asdict(d) for d in differences], columns=list(DIFF_COLUMNS))
