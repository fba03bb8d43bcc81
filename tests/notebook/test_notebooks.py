"""Notebooks outside the report: explore.ipynb under nbval, and ``scorecard notebook NAME``."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook
from support.nbval import run_nbval
from support.scratch import make_project

from helpers.commands.cli import main
from helpers.core.config import load_report_config
from helpers.publish.notebooks import run_notebook
from helpers.publish.run import section_notebooks


def _outputs(path: Path) -> list[dict]:
    book = json.loads(path.read_text(encoding="utf-8"))
    return [o for c in book["cells"] if c["cell_type"] == "code" for o in c["outputs"]]


# --------------------------------------------------------------------------- explore.ipynb


def test_explore_is_not_a_report_section(root: Path) -> None:
    assert (root / "notebooks/explore.ipynb").exists()
    assert "explore.ipynb" not in [p.name for p in section_notebooks(root)]
    chapters = load_report_config(root / "_quarto.yml").chapters
    assert not [c for c in chapters if "explore" in c]


def test_committed_notebooks_are_stripped(root: Path) -> None:
    for path in sorted((root / "notebooks").glob("*.ipynb")):
        book = json.loads(path.read_text(encoding="utf-8"))
        code = [c for c in book["cells"] if c["cell_type"] == "code"]
        assert [c["outputs"] for c in code] == [[] for _ in code], path.name
        assert {c["execution_count"] for c in code} == {None}, path.name


@pytest.mark.slow
def test_explore_runs_top_to_bottom_under_nbval(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Executed with its defaults by ``scorecard notebook``, then re-executed by nbval,
    which compares every output: the notebook runs and its outputs are reproducible."""
    project = make_project(tmp_path / "project")
    monkeypatch.setenv("SCORECARD_ROOT", str(project))
    executed = tmp_path / "nbval" / "explore.ipynb"
    run_notebook(project, "explore", out=executed)
    outputs = _outputs(executed)
    assert [o for o in outputs if o["output_type"] in ("stream", "error")] == []
    assert sum("image/svg+xml" in o.get("data", {}) for o in outputs) == 3
    result = run_nbval([executed], project)
    assert result.returncode == 0, result.stdout[-3000:]
    assert re.search(r"\d+ passed", result.stdout)


# --------------------------------------------------------------------------- the command


@pytest.fixture
def tiny(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project with one small notebook, ``notebooks/tiny.ipynb``."""
    project = tmp_path / "project"
    (project / "notebooks").mkdir(parents=True)
    book = new_notebook(
        cells=[
            new_code_cell(
                'count = 1  # how many\nword = "ab"\nflag = False\nratio = 0.5',
                metadata={"tags": ["parameters"]},
            ),
            new_code_cell('assert count < 100, "too many"'),
            new_code_cell("print(word * count, flag, ratio * 2)"),
        ],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}},
    )
    nbformat.write(book, project / "notebooks/tiny.ipynb")
    monkeypatch.setenv("SCORECARD_ROOT", str(project))
    monkeypatch.chdir(tmp_path)
    return project


def _printed(path: Path) -> str:
    return "".join("".join(o.get("text", "")) for o in _outputs(path))


@pytest.mark.slow
def test_notebook_command_runs_with_typed_parameters(
    tiny: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["notebook", "tiny", "-p", "count", "3", "-p", "flag", "true", "-p", "ratio", "2"]
    assert main(argv) == 0
    out = tiny / "build/notebooks/tiny.ipynb"
    assert "written: build/notebooks/tiny.ipynb" in capsys.readouterr().out
    assert _printed(out) == "ababab True 4.0\n"
    assert main(["notebook", "tiny.ipynb", "--out", "copies/tiny-run.ipynb"]) == 0
    assert _printed(tiny.parent / "copies/tiny-run.ipynb") == "ab False 1.0\n"


@pytest.mark.slow
def test_failed_cell_is_named_and_the_earlier_copy_kept(
    tiny: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["notebook", "tiny"]) == 0
    out = tiny / "build/notebooks/tiny.ipynb"
    before = out.read_bytes()
    capsys.readouterr()
    assert main(["notebook", "tiny", "-p", "count", "500"]) == 2
    error = capsys.readouterr().err
    assert "notebook tiny.ipynb failed in cell" in error
    assert "AssertionError: too many" in error
    assert "tiny.failed.ipynb" in error
    assert out.read_bytes() == before
    assert (out.parent / "tiny.failed.ipynb").exists()
    assert sorted(p.name for p in out.parent.iterdir()) == ["tiny.failed.ipynb", "tiny.ipynb"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["notebook", "nosuch"], "no notebook 'nosuch' in notebooks/: the notebooks are tiny"),
        (["notebook", "../tiny"], "no notebook '../tiny'"),
        (["notebook", "tiny", "-p", "colour", "red"], "its parameters: count, word, flag, ratio"),
        (["notebook", "tiny", "-p", "count", "many"], "parameter 'count' is a number (int)"),
        (["notebook", "tiny", "-p", "flag", "yes"], "parameter 'flag' is true or false"),
        (["notebook", "tiny", "--out", "run.html"], "must be a .ipynb file"),
        (["notebook", "tiny", "--out", "project/notebooks/x.ipynb"], "holds the templates"),
    ],
)
def test_notebook_command_refuses_what_does_not_exist(
    tiny: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    assert main(argv) == 2
    error = capsys.readouterr().err
    assert error.startswith("scorecard notebook: ") and message in error
    assert "Traceback" not in error
    assert not (tiny / "build").exists()
