"""``scorecard run`` failures: name the notebook and cell, never touch the published report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support.scratch import make_project

from helpers.core.config import CARD_ENV
from helpers.data.problems import DataError
from helpers.publish.kernels import warm_kernels
from helpers.publish.run import RunError, execute_notebooks, run_report

pytestmark = pytest.mark.slow


@pytest.fixture
def published(tmp_path: Path) -> Path:
    """A scratch project with an earlier report already published for November Kent."""
    project = make_project(tmp_path / "project")
    folder = project / "reports/2025-11/kent"
    folder.mkdir(parents=True)
    (folder / "scorecard.html").write_text("earlier report")
    return project


def _break(notebook: Path) -> None:
    book = json.loads(notebook.read_text())
    book["cells"].append(
        {
            "cell_type": "code",
            "execution_count": None,
            "id": "broken",
            "metadata": {},
            "outputs": [],
            "source": "raise ValueError('deliberately broken')",
        }
    )
    notebook.write_text(json.dumps(book))


def _untouched(project: Path) -> None:
    folder = project / "reports/2025-11/kent"
    assert (folder / "scorecard.html").read_text() == "earlier report"
    assert sorted(p.name for p in folder.iterdir()) == ["scorecard.html"]
    leftovers = [p.name for p in (project / "reports/2025-11").iterdir() if p.name != "kent"]
    assert leftovers == []


def test_notebook_error_names_notebook_and_cell(published: Path) -> None:
    _break(published / "notebooks/01-activity.ipynb")
    with pytest.raises(RunError) as info:
        run_report(published, "2025-11", "kent")
    message = str(info.value)
    assert "notebook 01-activity.ipynb failed in cell" in message
    assert "ValueError: deliberately broken" in message
    _untouched(published)


def test_bad_data_stops_before_any_notebook(published: Path) -> None:
    figures = published / "data/sample/kent/figures.csv"
    figures.write_text(figures.read_text() + "cic-kcc-foster-care,kent,2025-11,x,,,,,,\n")
    with pytest.raises(DataError, match=r"data/sample/kent/figures\.csv, line"):
        run_report(published, "2025-11", "kent")
    _untouched(published)


def test_execute_single_notebook_with_parameters(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    out = tmp_path / "out"
    timings = execute_notebooks(
        [project / "notebooks/01-activity.ipynb"],
        out,
        {"month": "2025-11", "area": "kent", "source": "csv:///data"},
        project,
    )
    assert set(timings) == {"01-activity.ipynb"}
    book = json.loads((out / "01-activity.ipynb").read_text())
    injected = [c for c in book["cells"] if "injected-parameters" in c["metadata"].get("tags", [])]
    assert 'month = "2025-11"' in "".join(injected[0]["source"])


@pytest.mark.parametrize("warm", ["1", "0"])
def test_the_built_scorecard_is_handed_over_outside_the_parameters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, warm: str
) -> None:
    """The run hands its scorecard to the kernels' environment, warm or fresh."""
    monkeypatch.setenv("SCORECARD_WARM_KERNELS", warm)
    project = make_project(tmp_path / "project")
    parameters = {"month": "2025-11", "area": "kent", "source": "csv:///data"}
    with (
        warm_kernels(1, {CARD_ENV: "no-such-folder"}) as session,
        pytest.raises(RunError, match=r"01-activity\.ipynb failed.*no-such-folder"),
    ):
        execute_notebooks(
            [project / "notebooks/01-activity.ipynb"],
            tmp_path / "out",
            parameters,
            project,
            kernels=session,
        )
    book = json.loads((project / "notebooks/01-activity.ipynb").read_text())
    tagged = [c for c in book["cells"] if "parameters" in c["metadata"].get("tags", [])]
    assert [line.split(" = ")[0] for line in "".join(tagged[0]["source"]).splitlines()] == [
        "month",
        "area",
        "source",
    ]
