"""Warehouse pulls: the SQL in queries/ reproduces the published November 2025 figures.

The same queries run against the sample DuckDB warehouse and against a real PostgreSQL
server (Debian's postgresql, started and stopped here with pytest-postgresql's executor).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import ROOT

from helpers.data.importer import Workspace
from helpers.data.warehouse import WarehouseError, pull_return, query_parameters
from helpers.data.warehouse_sample import (
    SAMPLE_WAREHOUSE,
    build_sample_warehouse,
    load_tables,
    sample_tables,
)

PUBLISHED_NOVEMBER = {
    "csws-re-referrals": (5_326, 23_656),
    "cic-kcc-foster-care": (694, 1_016),
    "cme-closed-within-30-days": (4_267, 4_505),
}


def _pulled(url: str, root: Path, month: str = "2025-11") -> dict[str, tuple[float, float]]:
    meta = Workspace(root).lookup.meta
    ret = pull_return(url, root, month, "kent", meta)
    assert ret.problems == []
    return {r.cells["code"]: (r.cells["numerator"], r.cells["denominator"]) for r in ret.rows}


def test_the_published_figures_are_what_the_queries_reproduce(root: Path) -> None:
    figures = (root / "data/sample/kent/figures.csv").read_text()
    for indicator, (num, den) in PUBLISHED_NOVEMBER.items():
        assert f"{indicator},kent,2025-11," in figures
        assert f"{num:,}" in figures and f"{den:,}" in figures


def test_sample_warehouse_reproduces_november(root: Path, tmp_path: Path) -> None:
    path = build_sample_warehouse(tmp_path / "warehouse.duckdb")
    assert _pulled(f"duckdb:///{path}", root) == PUBLISHED_NOVEMBER
    october = _pulled(f"duckdb:///{path}", root, "2025-10")
    assert october != PUBLISHED_NOVEMBER and all(d > 0 for _, d in october.values())


def test_the_sample_is_the_same_every_time() -> None:
    first, second = sample_tables(), sample_tables()
    for name, frame in first.items():
        assert frame.equals(second[name]), name
    assert "SYNTHETIC" in first["about"].set_index("key").loc["note", "value"]


def test_query_parameters() -> None:
    params = query_parameters("2025-11", "kent")
    assert params["period"] == "2025-11"
    assert (params["window_start"].isoformat(), params["month_end"].isoformat()) == (
        "2024-12-01",
        "2025-11-30",
    )


def test_pull_sample_imports_exactly_like_a_file(project: Path, monkeypatch, capsys) -> None:
    from helpers.commands.cli import main

    shutil.copytree(ROOT / "queries", project / "queries")
    monkeypatch.setenv("SCORECARD_ROOT", str(project))
    assert main(["pull", "--month", "2025-11", "--warehouse", "sample"]) == 0
    out = capsys.readouterr().out
    assert "0 new, 0 revised, 3 unchanged" in out
    assert (project / SAMPLE_WAREHOUSE).exists()
    assert main(["log"]) == 0
    assert "pull by" in capsys.readouterr().out
    assert main(["pull", "--month", "2025-12", "--warehouse", "sample"]) == 2
    assert "synthetic" in capsys.readouterr().err
    assert main(["pull", "--month", "2025-11", "--warehouse", "sqlite:///nowhere/x.db"]) == 2
    assert "cannot" in capsys.readouterr().err


def test_a_query_named_after_no_indicator_is_refused(project: Path) -> None:
    (project / "queries").mkdir()
    (project / "queries" / "no-such-indicator.sql").write_text("SELECT 1")
    with pytest.raises(WarehouseError, match="no-such-indicator"):
        pull_return(
            "duckdb:///:memory:", project, "2025-11", "kent", Workspace(project).lookup.meta
        )


# --------------------------------------------------------------------------- PostgreSQL


def _pg_ctl() -> str | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl")) or [shutil.which("pg_ctl")]
    return found[-1] if found and found[-1] else None


@pytest.fixture(scope="module")
def postgresql_url() -> Iterator[str]:
    """A throwaway PostgreSQL server; as root, run as the ``postgres`` user."""
    from port_for import select_random
    from pytest_postgresql.executors.proc import PostgreSQLExecutor

    pg_ctl = _pg_ctl()
    if pg_ctl is None:
        pytest.fail("PostgreSQL is not installed: `make sysdeps` installs Debian's postgresql")
    base = Path(tempfile.mkdtemp(prefix="scorecard-pg-"))
    executable = pg_ctl
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        user = pwd.getpwnam("postgres")
        os.chown(base, user.pw_uid, user.pw_gid)
        executable = str(base / "pg_ctl")
        Path(executable).write_text(f'#!/bin/sh\nexec runuser -u postgres -- {pg_ctl} "$@"\n')
        os.chmod(executable, 0o755)
    port = select_random()
    server = PostgreSQLExecutor(
        executable=executable,
        host="127.0.0.1",
        port=port,
        datadir=str(base / "data"),
        unixsocketdir=str(base),
        logfile=str(base / "server.log"),
        startparams="-w",
        dbname="warehouse",
    )
    server.start()
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        server.stop()
        shutil.rmtree(base, ignore_errors=True)


@pytest.mark.postgres
def test_the_queries_on_postgresql_reproduce_november(root: Path, postgresql_url: str) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(postgresql_url)
    try:
        load_tables(engine, sample_tables())
    finally:
        engine.dispose()
    assert _pulled(postgresql_url, root) == PUBLISHED_NOVEMBER


def test_queries_of_one_source_system(root: Path) -> None:
    from helpers.data.warehouse import find_queries

    meta = Workspace(root).lookup.meta
    assert {q.indicator for q in find_queries(root, meta)} == set(PUBLISHED_NOVEMBER)
    assert {q.indicator for q in find_queries(root, meta, "liberi")} == {
        "csws-re-referrals",
        "cic-kcc-foster-care",
    }
    assert [q.indicator for q in find_queries(root, meta, "Fair Access")] == [
        "cme-closed-within-30-days"
    ]
