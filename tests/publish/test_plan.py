"""The plan of a run: its keys and digest follow the inputs, and nothing heavy is imported."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from support.scratch import make_project

from helpers.data.params import load_month_params
from helpers.publish.plan import Edition, make_plan


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")


def _plan(project: Path, **kwargs):
    return make_plan(project, "2025-11", "kent", load_month_params(project, "2025-11"), **kwargs)


def test_the_digest_follows_the_data_and_the_edition(project: Path) -> None:
    first = _plan(project)
    assert _plan(project).digest() == first.digest()
    assert _plan(project, edition=Edition(draft=False)).digest() != first.digest()
    figures = project / "data/sample/kent/figures.csv"
    figures.write_text(figures.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    changed = _plan(project)
    assert changed.digest() != first.digest()
    assert changed.keys.keys() == first.keys.keys()


def test_a_plan_without_outputs_is_not_up_to_date(project: Path) -> None:
    plan = _plan(project)
    assert plan.final == project / "reports/2025-11/kent"
    assert not plan.up_to_date()


def test_the_plan_and_the_parser_import_no_pandas_papermill_or_altair() -> None:
    code = (
        "import sys; import helpers.publish.plan, helpers.commands.cli, helpers.commands.report; "
        "print(sorted({'pandas', 'papermill', 'altair', 'duckdb'} & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
