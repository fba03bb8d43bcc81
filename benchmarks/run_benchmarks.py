"""Print how long the scorecard takes, against the goals of issue 14, on these 2-core machines.

Usage: ``make benchmark`` (or ``.venv/bin/python benchmarks/run_benchmarks.py [--quick]``).
Every run happens in a scratch copy of the project, so the repository's own reports and
caches are never touched. ``--quick`` skips the all-area runs (several minutes).

Each figure is printed three ways: wall-clock seconds, CPU seconds (user + system of this
process and of every process it started: kernels, pandoc), and wall as a multiple of a
*yardstick* measured in the same run (Papermill executing a one-cell notebook in a fresh
kernel), so figures compare across machines and across busy and quiet moments. On a
shared machine the wall figures are pessimistic; the CPU figures are steadier.

Beside each figure of the scorecard stands its *peer*, where one exists: the same
notebooks run by Papermill with a fresh kernel each, one after another, as the Papermill
documentation shows (the peer builds no HTML or PDF, so it does less than a run).

The figures come from one ``measure`` function per scenario and engine (``ENGINES``), so
another engine adds a column by adding its functions.

Last, the two rendering engines side by side (``--engines`` runs only this): Kent cold
with the native engine and with Quarto (``scorecard run --engine quarto``), the rendering
alone, the HTML size and the PDF pages of each, and Quarto's cold time over the native one.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from support.scratch import make_project  # noqa: E402

from helpers.data.params import load_month_params  # noqa: E402
from helpers.publish.fanout import run_all  # noqa: E402
from helpers.publish.quarto import QUARTO_ENV, find_quarto  # noqa: E402
from helpers.publish.run import ENGINES as RENDER_ENGINES  # noqa: E402
from helpers.publish.run import run_report, section_notebooks  # noqa: E402

MONTH = "2025-11"
SCENARIOS = (
    "kent cold",
    "kent warm",
    "commentary edit",
    "all areas cold",
    "all areas one after another",
)
GOALS = {  # issue 14: seconds of wall clock, except where a unit says otherwise
    "kent cold": 6.0,
    "kent warm": 0.5,
    "commentary edit": 3.0,
    "all areas cold": 50.0,
}
SPEED_UP_GOAL = 1.8
QUARTO_RATIO_GOAL = 3.0  # issue 13: Quarto's Kent cold run at most 3x the native one
MEMORY_GOAL_MB = 1024.0


@dataclass(frozen=True)
class Figure:
    """One measurement: wall-clock and CPU seconds, and the peak memory of its processes."""

    wall: float
    cpu: float
    peak_mb: float = 0.0
    largest_mb: float = 0.0


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _tree_rss_mb(root: int) -> tuple[float, float]:
    """Resident memory of process ``root`` and its descendants now, in all and the largest."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            rss[int(entry)] = int(Path(f"/proc/{entry}/statm").read_text().split()[1]) * page
        except (OSError, IndexError, ValueError):  # the process ended meanwhile
            continue
        parents[int(entry)] = int(stat[1])
    tree, todo = set(), [root]
    while todo:
        pid = todo.pop()
        tree.add(pid)
        todo += [child for child, parent in parents.items() if parent == pid]
    sizes = [rss.get(pid, 0) / 2**20 for pid in tree]
    return sum(sizes), max(sizes)


class _PeakMemory:
    """The peak resident memory of this process tree while it runs (sampled 4 times a second)."""

    def __init__(self) -> None:
        self.peak = self.largest = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.wait(0.25):
            total, largest = _tree_rss_mb(os.getpid())
            self.peak, self.largest = max(self.peak, total), max(self.largest, largest)

    def __enter__(self) -> _PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def timed(action: Callable[[], object]) -> Figure:
    """Run ``action``: its wall-clock and CPU time (children counted once they exit) and the
    peak memory of all its processes at once."""
    cpu, start = _cpu(), time.perf_counter()
    with _PeakMemory() as memory:
        action()
    return Figure(time.perf_counter() - start, _cpu() - cpu, memory.peak, memory.largest)


def _clean(project: Path) -> None:
    shutil.rmtree(project / "build" / "cache", ignore_errors=True)
    shutil.rmtree(project / "reports", ignore_errors=True)


def _papermill(notebook: Path, output: Path, parameters: dict[str, str], cwd: Path) -> None:
    import papermill

    papermill.execute_notebook(
        str(notebook),
        str(output),
        parameters=parameters,
        kernel_name="python3",
        cwd=str(cwd),
        progress_bar=False,
        log_output=False,
    )


# --------------------------------------------------------------------------- yardstick


def yardstick(folder: Path) -> Figure:
    """Papermill executing a one-cell notebook (``1 + 1``) in a fresh kernel."""
    import nbformat

    notebook = folder / "yardstick.ipynb"
    book = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    book.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nbformat.write(book, notebook)
    _papermill(notebook, folder / "yardstick-out.ipynb", {}, folder)  # warm the disk cache
    return timed(lambda: _papermill(notebook, folder / "yardstick-out.ipynb", {}, folder))


# --------------------------------------------------------------------------- the scorecard


def _cli_run(project: Path) -> None:
    subprocess.run(
        [
            str(Path(sys.executable).with_name("scorecard")),
            "run",
            "--month",
            MONTH,
            "--area",
            "kent",
        ],
        check=True,
        capture_output=True,
        env={"SCORECARD_ROOT": str(project), "PATH": os.environ.get("PATH", "/usr/bin:/bin")},
    )


def scorecard_kent(project: Path) -> dict[str, Figure]:
    """Kent cold (no caches), warm (``scorecard run`` again, nothing changed) and after a
    commentary edit."""
    _clean(project)
    figures = {"kent cold": timed(lambda: run_report(project, MONTH, "kent"))}
    # An analyst's `scorecard run` prints the figures still owed and keeps that list for
    # the same inputs; the run above, through the Python API, did not: one untimed
    # command brings it to where an analyst's first run leaves it.
    _cli_run(project)
    figures["kent warm"] = timed(lambda: _cli_run(project))
    commentary = load_month_params(project, MONTH).commentary["ics"]
    commentary.write_text(commentary.read_text() + "\n<!-- benchmark edit -->\n")
    figures["commentary edit"] = timed(lambda: run_report(project, MONTH, "kent"))
    html = project / "reports" / MONTH / "kent" / "scorecard.html"
    print(
        f"  Kent HTML {html.stat().st_size / 1e6:.2f} MB, "
        f"PDF {html.with_suffix('.pdf').stat().st_size / 1e6:.2f} MB"
    )
    return figures


def scorecard_all_areas(project: Path) -> dict[str, Figure]:
    """Every area cold in one queue over the cores, then one area after another."""
    areas = load_month_params(project, MONTH).areas
    _clean(project)
    figures = {"all areas cold": timed(lambda: run_all(project, MONTH, progress=False))}
    _clean(project)

    def one_by_one() -> None:
        for area in areas:
            run_report(project, MONTH, area, workers=1)

    figures["all areas one after another"] = timed(one_by_one)
    return figures


# --------------------------------------------------------------------------- the peer


def peer_kent(project: Path) -> dict[str, Figure]:
    """Kent's notebooks by Papermill, a fresh kernel each, one after another (no assembly)."""
    out = project / "peer"
    out.mkdir(exist_ok=True)
    parameters = {"month": MONTH, "area": "kent"}

    def run() -> None:
        for notebook in section_notebooks(project):
            _papermill(notebook, out / notebook.name, parameters, project)

    return {"kent cold": timed(run)}


ENGINES: dict[str, dict[str, Callable[[Path], dict[str, Figure]]]] = {
    "scorecard": {"kent": scorecard_kent, "all areas": scorecard_all_areas},
    "papermill peer": {"kent": peer_kent},
}
"""Per engine, the measure functions of each group of scenarios (the all-area group is
skipped with ``--quick``). Another engine adds its own entry and gets its own column."""


# --------------------------------------------------------------------------- printing


def _verdict(value: float, goal: float | None, at_least: bool = False) -> str:
    if goal is None:
        return ""
    met = value >= goal if at_least else value <= goal
    return f"{'>=' if at_least else '<='} {goal:g}: {'met' if met else 'MISSED'}"


def print_table(results: dict[str, dict[str, Figure]], stick: Figure) -> None:
    """One line per scenario: each engine's wall, CPU and yardstick ratio, and the goal."""
    engines = [e for e in ENGINES if results.get(e)]
    width = 32
    print("\n  " + " " * 30 + "".join(f"{e:>{width}s}" for e in engines))
    units = "wall s   CPU s  x stick"
    print(f"  {'measure':30s}" + "".join(f"{units:>{width}s}" for _ in engines) + "   goal (wall)")
    for scenario in SCENARIOS:
        cells = []
        for engine in engines:
            fig = results[engine].get(scenario)
            text = f"{fig.wall:8.2f} {fig.cpu:7.2f} {fig.wall / stick.wall:7.1f}x" if fig else "-"
            cells.append(f"{text:>{width}s}")
        ours = results["scorecard"].get(scenario)
        goal = _verdict(ours.wall, GOALS.get(scenario)) if ours else ""
        print(f"  {scenario:30s}" + "".join(cells) + f"   {goal}")
    ours = results["scorecard"]
    if "all areas cold" in ours:
        wall = ours["all areas one after another"].wall / ours["all areas cold"].wall
        cpu = ours["all areas one after another"].cpu / ours["all areas cold"].cpu
        print(
            f"  {'parallel speed-up':30s}{wall:8.2f}x (CPU one after another / in parallel "
            f"{cpu:.2f})   {_verdict(wall, SPEED_UP_GOAL, at_least=True)}"
        )
    peak = max(f.peak_mb for f in ours.values())
    largest = max(f.largest_mb for f in ours.values())
    print(
        f"  {'peak memory (all processes)':30s}{peak:8.0f} MB   {_verdict(peak, MEMORY_GOAL_MB)}"
        f"\n  {'peak memory (largest process)':30s}{largest:8.0f} MB   "
        f"{_verdict(largest, MEMORY_GOAL_MB)}"
    )
    peer = results.get("papermill peer", {}).get("kent cold")
    if peer:
        print(
            f"  Kent cold: the scorecard takes {ours['kent cold'].wall / peer.wall:.2f} of the "
            f"peer's wall time and {ours['kent cold'].cpu / peer.cpu:.2f} of its CPU"
        )


def _pdf_pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))


def engines_side_by_side(project: Path, stick: Figure) -> None:
    """Kent cold with each rendering engine, one after the other in the same scratch project."""
    os.environ.setdefault(QUARTO_ENV, str(find_quarto(ROOT)))
    cold: dict[str, Figure] = {}
    print("\n  rendering engines, Kent cold")
    for engine in RENDER_ENGINES:
        _clean(project)
        timings: dict[str, float] = {}

        def run(engine: str = engine, timings: dict[str, float] = timings) -> None:
            timings.update(run_report(project, MONTH, "kent", engine=engine).timings)

        cold[engine] = timed(run)
        folder = project / "reports" / MONTH / "kent"
        print(
            f"  {engine:8s} {cold[engine].wall:8.2f} s wall {cold[engine].cpu:7.2f} s CPU "
            f"{cold[engine].wall / stick.wall:6.1f}x stick; rendering {timings['assembly']:.2f} s; "
            f"HTML {(folder / 'scorecard.html').stat().st_size / 1e6:.2f} MB; "
            f"PDF {_pdf_pages(folder / 'scorecard.pdf')} pages"
        )
    ratio = cold["quarto"].wall / cold["native"].wall
    print(f"  quarto cold / native cold {ratio:.2f}x   {_verdict(ratio, QUARTO_RATIO_GOAL)}")


def main() -> None:
    """Run the benchmarks and print their figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the all-area runs")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument(
        "--engines", action="store_true", help="only compare the native and Quarto engines"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        project = make_project(Path(folder) / "project")
        load = os.getloadavg()[0]
        print(
            f"scorecard benchmarks, {MONTH}, {sys.platform}, cores: "
            f"{len(os.sched_getaffinity(0))}, load average at start {load:.1f}"
        )
        subprocess.run(
            [str(Path(sys.executable).with_name("scorecard")), "store"],
            check=True,
            capture_output=True,
            env={**os.environ, "SCORECARD_ROOT": str(project)},
        )
        stick = yardstick(Path(folder))
        print(
            f"  yardstick (Papermill, one cell, fresh kernel): {stick.wall:.2f} s wall, "
            f"{stick.cpu:.2f} s CPU"
        )
        if args.engines:
            engines_side_by_side(project, stick)
            return
        results: dict[str, dict[str, Figure]] = {}
        for engine, groups in ENGINES.items():
            results[engine] = {}
            for group, measure in groups.items():
                if group == "all areas" and args.quick:
                    continue
                results[engine].update(measure(project))
        print_table(results, stick)
        engines_side_by_side(project, stick)
        print(f"  load average at the end {os.getloadavg()[0]:.1f}")
        if args.json:
            data = {e: {s: vars(f) for s, f in r.items()} for e, r in results.items()}
            args.json.write_text(json.dumps({"yardstick": vars(stick), **data}, indent=1))


if __name__ == "__main__":
    main()
