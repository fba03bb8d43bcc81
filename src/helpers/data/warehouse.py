"""Pull figures from a warehouse: run the SQL in ``queries/`` and treat the result as a return.

Each file ``queries/<indicator-id>.sql`` is one query, run through SQLAlchemy against
any database a council has (``postgresql+psycopg://...``, ``mssql+pyodbc://...``,
``duckdb:///...``). It receives the bind parameters of :func:`query_parameters` and
returns one row with the columns ``period, numerator, denominator``. The rows become a
:class:`~helpers.data.returns.Return` that is imported exactly like a file (resolved,
checked, logged); its SHA-256 is that of the queries and their results together.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from helpers.core.periods import month as parse_month
from helpers.core.periods import shift
from helpers.data.returns import Return, ReturnProblem, ReturnRow, Where

QUERIES_DIR = Path("queries")
_PASSWORD = re.compile(r"(://[^:/@]+:)[^@]+@")
RESULT_COLUMNS = ("period", "numerator", "denominator")


class WarehouseError(RuntimeError):
    """A warehouse that cannot be reached, or a query that fails."""


@dataclass(frozen=True)
class Query:
    """One indicator's query."""

    indicator: str
    path: Path
    sql: str


def query_parameters(month: str, area: str) -> dict[str, Any]:
    """The bind parameters every query receives.

    ``period`` (the month key), ``month_start`` and ``month_end`` (dates),
    ``window_start`` (the first day of the 12 months ending with the month, for rolling
    12-month measures) and ``area`` (``kent`` meaning the whole county).
    """
    this = parse_month(month)
    return {
        "period": this.key,
        "month_start": this.start,
        "month_end": this.end,
        "window_start": shift(this, -11).start,
        "area": area,
    }


def find_queries(root: Path, indicators: dict[str, dict], source: str = "") -> list[Query]:
    """The queries under ``queries/``, optionally of one source system (case-insensitive).

    Raises
    ------
    WarehouseError
        For a query file named after no indicator.
    """
    folder = root / QUERIES_DIR
    out = []
    for path in sorted(folder.glob("*.sql")):
        indicator = path.stem
        if indicator not in indicators:
            raise WarehouseError(
                f"{QUERIES_DIR / path.name}: no indicator '{indicator}' in "
                "data/registry/indicators.csv (name each query after its indicator id)"
            )
        system = str(indicators[indicator].get("source_system") or "")
        if source and source.lower() not in system.lower():
            continue
        out.append(Query(indicator, path, path.read_text(encoding="utf-8")))
    return out


def redact(url: str) -> str:
    """A URL with any password hidden, for messages and the log."""
    return _PASSWORD.sub(r"\1***@", url)


def _run(url: str, queries: list[Query], parameters: dict[str, Any]) -> list[tuple[Query, list]]:
    import sqlalchemy as sa  # slow: SQLAlchemy; only pulls need it

    try:
        engine = sa.create_engine(url)
    except Exception as exc:  # SQLAlchemy raises several types for a bad URL or driver
        raise WarehouseError(f"cannot open warehouse {redact(url)}: {exc}") from None
    results = []
    try:
        with engine.connect() as connection:
            for query in queries:
                try:
                    rows = connection.execute(sa.text(query.sql), parameters).mappings().all()
                except Exception as exc:
                    raise WarehouseError(
                        f"{QUERIES_DIR / query.path.name}: the query failed: "
                        f"{str(exc).splitlines()[0]}"
                    ) from None
                results.append((query, [dict(r) for r in rows]))
    except sa.exc.OperationalError as exc:
        raise WarehouseError(f"cannot reach warehouse {redact(url)}: {exc.orig}") from None
    finally:
        engine.dispose()
    return results


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def pull_return(
    url: str, root: Path, month: str, area: str, indicators: dict[str, dict], source: str = ""
) -> Return:
    """Run the queries for ``month`` and ``area`` and hand back their rows as a return.

    A query that returns no row, or a denominator of 0 (no records for the period), is a
    problem of that query's file.
    """
    queries = find_queries(root, indicators, source)
    if not queries:
        raise WarehouseError(
            f"no queries under {QUERIES_DIR}/" + (f" for source '{source}'" if source else "")
        )
    results = _run(url, queries, query_parameters(month, area))
    rows, problems = [], []
    digest = hashlib.sha256()
    for query, found in results:
        shown = str(QUERIES_DIR / query.path.name)
        digest.update(query.sql.encode())
        if not found or any(c not in found[0] for c in RESULT_COLUMNS):
            problems.append(
                ReturnProblem(
                    "error",
                    Where(shown),
                    None,
                    f"the query must return one row with columns {', '.join(RESULT_COLUMNS)}",
                )
            )
            continue
        for number, result in enumerate(found, start=1):
            den = _number(result["denominator"])
            where = Where(shown, number)
            if not den:
                problems.append(
                    ReturnProblem(
                        "error",
                        where,
                        "denominator",
                        f"the warehouse holds no records for {result['period']} "
                        f"({indicators[query.indicator].get('code') or query.indicator})",
                    )
                )
                continue
            cells = {
                "code": query.indicator,
                "period": str(result["period"]),
                "numerator": _number(result["numerator"]),
                "denominator": den,
                "area": area,
            }
            digest.update(repr(sorted(cells.items())).encode())
            rows.append(ReturnRow(where, cells))
    label = f"warehouse {redact(url)} ({len(queries)} queries, {month})"
    return Return(root / QUERIES_DIR, label, digest.hexdigest(), rows, problems)
