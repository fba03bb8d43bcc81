"""The kernels of a run: one queue of notebooks over a fixed number of (warm) kernels."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from jupyter_core.utils import run_sync

from helpers.publish import kernels as kernels_module
from helpers.publish.kernels import KernelSession, warm_kernels


def _busiest(session: KernelSession, tasks: int) -> int:
    """How many of ``tasks`` threads held a lease at the same time, at most."""
    lock = threading.Lock()
    state = {"now": 0, "most": 0}

    def task() -> None:
        with session.lease():
            with lock:
                state["now"] += 1
                state["most"] = max(state["most"], state["now"])
            time.sleep(0.05)
            with lock:
                state["now"] -= 1

    threads = [threading.Thread(target=task) for _ in range(tasks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return state["most"]


def test_a_session_runs_at_most_its_size_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCORECARD_WARM_KERNELS", "0")  # no kernels: only the slots count
    with warm_kernels(2) as session:
        assert session.engine is None
        assert _busiest(session, 6) == 2
    with warm_kernels(1) as session:
        assert _busiest(session, 3) == 1


def test_the_engine_refuses_to_run_outside_a_lease() -> None:
    with pytest.raises(RuntimeError, match="lease"):
        kernels_module._session()


def test_prestart_does_nothing_with_warm_kernels_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCORECARD_WARM_KERNELS", "0")
    with warm_kernels(2) as session:
        session.prestart(2, None)
        assert session._pending == 0 and not session._started


@pytest.mark.slow
def test_a_kernel_started_ahead_is_reused_by_leases_in_other_threads(tmp_path: Path) -> None:
    """Two notebooks one after another, from two threads (two areas), share one kernel."""
    used = []
    with warm_kernels(1, {"SCORECARD_SVG_CACHE": str(tmp_path)}) as session:
        session.prestart(1, str(tmp_path))

        def notebook() -> None:
            with session.lease():
                used.append(session.kernel("python3", str(tmp_path)))

        for _ in range(2):
            thread = threading.Thread(target=notebook)
            thread.start()
            thread.join()
        assert used[0] is used[1]
        session.prestart(1, str(tmp_path))  # the kernel it has counts: nothing new starts
        assert len(session._started) == 1 and session._pending == 0
        assert run_sync(used[0].is_alive)()
    assert not session._started  # shut down with the session


@pytest.mark.slow
def test_a_warm_kernel_writes_the_executed_notebook_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Papermill's saves at every cell start and end are skipped; its final write is kept."""
    import nbformat
    from papermill import iorw

    book = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(f"print({i})") for i in range(5)]
    )
    book.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    template = tmp_path / "five.ipynb"
    nbformat.write(book, template)
    writes: list[str] = []
    real = iorw.write_ipynb

    def counted(nb: object, path: str) -> None:
        writes.append(path)
        real(nb, path)

    monkeypatch.setattr(iorw, "write_ipynb", counted)
    monkeypatch.setattr("papermill.engines.write_ipynb", counted)
    monkeypatch.setattr("papermill.execute.write_ipynb", counted)
    output = tmp_path / "out.ipynb"
    with warm_kernels(1) as session, session.lease():
        kernels_module.execute(template, output, {}, tmp_path, session.engine, session.env)
    done = nbformat.read(output, as_version=4)
    assert [c.outputs[0]["text"] for c in done.cells] == [f"{i}\n" for i in range(5)]
    assert len(writes) <= 2, writes  # Papermill's first save (no outputs) and its last


@pytest.mark.slow
def test_notebooks_in_one_warm_kernel_get_only_their_own_outputs(tmp_path: Path) -> None:
    """The kernel is readied and reset through the notebook's own client: nothing of the
    notebook before (its outputs, its names, its execution count) reaches the next."""
    import nbformat

    def notebook(name: str, sources: list[str]) -> Path:
        book = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
        book.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
        path = tmp_path / f"{name}.ipynb"
        nbformat.write(book, path)
        return path

    first = notebook(
        "first", ["x = 1\nprint('first')", "import sys; print('err', file=sys.stderr)"]
    )
    second = notebook("second", ["print('x' in dir())", "print('second')"])
    with warm_kernels(1) as session:
        for template in (first, second):
            with session.lease():
                out = tmp_path / f"out-{template.name}"
                kernels_module.execute(template, out, {}, tmp_path, session.engine, session.env)
    done = nbformat.read(tmp_path / "out-second.ipynb", as_version=4)
    assert [[o.get("text") for o in c.outputs] for c in done.cells] == [["False\n"], ["second\n"]]
    assert [c.execution_count for c in done.cells] == [1, 2]
