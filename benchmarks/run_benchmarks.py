"""Print how long the scorecard takes, against the targets of these 2-core machines.

Usage: ``make benchmark`` (or ``.venv/bin/python benchmarks/run_benchmarks.py [--quick]``).
Every run happens in a scratch copy of the project, so the repository's own reports and
caches are never touched. ``--quick`` skips the two all-area runs (several minutes).

Figures printed:
- kernel start-up and the import of the helpers (what every notebook pays);
- Kent, November 2025: cold (no caches), per notebook and the assembly alone; warm
  (nothing changed); after a commentary edit;
- all thirteen areas cold, in parallel and one after another, and the speed-up;
- the size of the HTML and the PDF.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from support.scratch import make_project  # noqa: E402

from helpers.data.params import load_month_params  # noqa: E402
from helpers.publish.fanout import run_all  # noqa: E402
from helpers.publish.run import run_report  # noqa: E402

MONTH = "2025-11"
TARGETS = {
    "kent cold": 15.0,
    "kent warm": 1.0,
    "commentary edit": 5.0,
    "all areas cold": 120.0,
    "speed-up": 1.7,
    "html MB": 3.0,
}


def _clean(project: Path) -> None:
    shutil.rmtree(project / "build" / "cache", ignore_errors=True)
    shutil.rmtree(project / "reports", ignore_errors=True)


def _line(name: str, value: float, unit: str = "s") -> None:
    target = TARGETS.get(name)
    verdict = ""
    if target is not None:
        ok = value >= target if name == "speed-up" else value <= target
        verdict = f"target {'>=' if name == 'speed-up' else '<='} {target:g} {unit}: " + (
            "met" if ok else "MISSED"
        )
    print(f"  {name:32s} {value:8.2f} {unit:3s} {verdict}")


def kernel_startup() -> None:
    """Time one kernel start and the imports a section notebook needs."""
    code = (
        "import time, jupyter_client\n"
        "t=time.perf_counter()\n"
        "km, kc = jupyter_client.manager.start_new_kernel(kernel_name='python3')\n"
        "t1=time.perf_counter()\n"
        "kc.execute_interactive("
        "'import helpers.notebook.section, helpers.render.charts, helpers.render.tables')\n"
        "t2=time.perf_counter()\n"
        "kc.stop_channels(); km.shutdown_kernel(now=True)\n"
        "print(f'{t1-t:.3f} {t2-t1:.3f}')\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout.split()
    _line("kernel start-up", float(out[0]))
    _line("import helpers in a kernel", float(out[1]))


def kent(project: Path) -> None:
    """Kent cold, warm and after a commentary edit."""
    _clean(project)
    start = time.perf_counter()
    result = run_report(project, MONTH, "kent")
    _line("kent cold", time.perf_counter() - start)
    for name, seconds in sorted(result.timings.items()):
        if name.endswith(".ipynb") or name in ("assembly", "data"):
            _line(f"  {name}", seconds)
    html = project / "reports" / MONTH / "kent" / "scorecard.html"
    pdf = html.with_suffix(".pdf")
    _line("html MB", html.stat().st_size / 1e6, "MB")
    _line("pdf MB", pdf.stat().st_size / 1e6, "MB")
    start = time.perf_counter()
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
        env={"SCORECARD_ROOT": str(project), "PATH": "/usr/bin:/bin"},
    )
    _line("kent warm", time.perf_counter() - start)
    commentary = load_month_params(project, MONTH).commentary["ics"]
    commentary.write_text(commentary.read_text() + "\n<!-- benchmark edit -->\n")
    start = time.perf_counter()
    result = run_report(project, MONTH, "kent")
    _line("commentary edit", time.perf_counter() - start)
    print(f"    (re-executed: {', '.join(result.executed)})")


def all_areas(project: Path) -> None:
    """Every area cold in parallel, then one after another."""
    areas = load_month_params(project, MONTH).areas
    _clean(project)
    start = time.perf_counter()
    run_all(project, MONTH, progress=False)
    parallel = time.perf_counter() - start
    _line("all areas cold", parallel)
    _clean(project)
    start = time.perf_counter()
    for area in areas:
        run_report(project, MONTH, area, workers=1)
    sequential = time.perf_counter() - start
    _line("all areas one after another", sequential)
    _line("speed-up", sequential / parallel, "x")


def main() -> None:
    """Run the benchmarks and print their figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the all-area runs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        project = make_project(Path(folder) / "project")
        print(
            f"scorecard benchmarks, {MONTH}, {sys.platform}, cores: "
            f"{len(__import__('os').sched_getaffinity(0))}"
        )
        kernel_startup()
        kent(project)
        if not args.quick:
            all_areas(project)


if __name__ == "__main__":
    main()
