"""``scorecard run``: execute the section notebooks with Papermill and publish the report.

1. Check the data (the store is rebuilt if the text files changed) and build the month's
   scorecard once, so that bad data stops the run before any notebook starts.
2. Execute every section notebook (the chapters of ``_quarto.yml``) with Papermill, with
   the month, area and data source as parameters, into a staging folder beside the
   report, two at a time.
3. Assemble ``scorecard.html`` and ``scorecard.pdf`` from the executed notebooks, and write
   ``scorecard.csv`` and ``scorecard.xlsx``.
4. Only when everything succeeded, swap the staging folder into
   ``reports/<month>/<area>/``. A failure leaves the previously published files untouched,
   and the message names the notebook and the cell that failed.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from jupyter_client.manager import KernelManager

from helpers.params import load_month_params
from helpers.report import save_card
from helpers.scorecard import Scorecard, build_scorecard
from helpers.store import open_source

OUTPUT_NAMES = ("scorecard.html", "scorecard.pdf", "scorecard.csv", "scorecard.xlsx")


class RunError(RuntimeError):
    """A run failed; the published report was left as it was."""


@dataclass
class RunResult:
    """What a run wrote and how long each step took (seconds)."""

    folder: Path
    outputs: list[Path]
    timings: dict[str, float] = field(default_factory=dict)


def notebook_dir(root: Path) -> Path:
    """Where the section notebook templates live."""
    return root / "notebooks"


def section_notebooks(root: Path) -> list[Path]:
    """The section notebooks in published order (the chapters of ``_quarto.yml``)."""
    from helpers.assemble import load_report_config

    config = load_report_config(root / "_quarto.yml")
    names = [Path(c).name for c in config.chapters if c.endswith(".ipynb")]
    return [notebook_dir(root) / name for name in names]


class QuietKernelManager(KernelManager):
    """A kernel manager whose kernels log only errors.

    ipykernel warns at every start that its loopback TCP transport is unencrypted; in a
    batch run that is noise on the analyst's terminal. Errors still show.
    """

    def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
        """The kernel command line, with the kernel app's log level raised to ERROR."""
        return [*super().format_kernel_cmd(extra_arguments), "--IPKernelApp.log_level=ERROR"]


def _execute(template: Path, output: Path, parameters: dict[str, str], cwd: Path) -> float:
    """Execute one notebook; raise RunError naming it and the failing cell."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    start = time.perf_counter()
    try:
        papermill.execute_notebook(
            str(template),
            str(output),
            parameters=parameters,
            kernel_name="python3",
            cwd=str(cwd),
            progress_bar=False,
            log_output=False,
            report_mode=False,
            kernel_manager_class=QuietKernelManager,
        )
    except PapermillExecutionError as exc:
        raise RunError(
            f"notebook {template.name} failed in cell {exc.cell_index} "
            f"(execution count {exc.exec_count}): {exc.ename}: {exc.evalue}"
        ) from None
    return time.perf_counter() - start


def execute_notebooks(
    notebooks: Sequence[Path],
    out_dir: Path,
    parameters: dict[str, str],
    cwd: Path,
    workers: int | None = None,
) -> dict[str, float]:
    """Execute notebooks into ``out_dir`` in parallel; return seconds per notebook."""
    out_dir.mkdir(parents=True, exist_ok=True)
    count = workers or min(2, os.cpu_count() or 1)
    # largest first (the sections with most charts), so the workers finish together
    ordered = sorted(notebooks, key=lambda nb: -nb.stat().st_size)
    timings: dict[str, float] = {}
    with ThreadPoolExecutor(max_workers=count) as pool:
        futures = {
            pool.submit(_execute, nb, out_dir / nb.name, parameters, cwd): nb.name
            for nb in ordered
        }
        for future in as_completed(futures):
            if future.exception() is not None:
                for other in futures:
                    other.cancel()  # what has not started never starts
            timings[futures[future]] = future.result()
    return dict(sorted(timings.items()))


def _publish(staging: Path, final: Path) -> None:
    """Swap the staging folder in: two renames on one file system."""
    old = final.with_name(f".{final.name}.old-{os.getpid()}")
    if final.exists():
        final.rename(old)
    staging.rename(final)
    shutil.rmtree(old, ignore_errors=True)


def _build_outputs(
    card: Scorecard, staging: Path, root: Path, params_month: str, timings: dict[str, float]
) -> None:
    from helpers.assemble import assemble, format_date, load_report_config
    from helpers.exports import write_csv, write_xlsx

    params = load_month_params(root, params_month)
    config = load_report_config(root / "_quarto.yml")
    start = time.perf_counter()
    metadata = {
        "month": params.month_label,
        "area": card.area_name,
        "publication_date": format_date(params.publication_date, config.date_format),
        "produced_by": params.produced_by,
        "synthetic": "yes" if card.synthetic else "",
    }
    notebooks = sorted((staging / "notebooks").glob("*.ipynb"))
    assemble(notebooks, staging, config, metadata)
    timings["assembly"] = time.perf_counter() - start
    write_csv(card, staging / "scorecard.csv")
    write_xlsx(card, staging / "scorecard.xlsx", params.publication_date)


def run_report(
    root: Path, month: str, area: str, source_url: str | None = None, workers: int | None = None
) -> RunResult:
    """Render one month's scorecard for one area into ``reports/<month>/<area>/``.

    Raises
    ------
    RunError
        When a notebook or the assembly fails (nothing published is changed).
    helpers.datafiles.DataError, helpers.params.ParamsError, helpers.scorecard.NoDataError
        When the data or parameters are wrong, before anything runs.
    """
    from helpers.cli import ensure_store

    timings: dict[str, float] = {}
    start = time.perf_counter()
    params = load_month_params(root, month)
    source = source_url or f"duckdb:///{ensure_store(root)}"
    card = build_scorecard(
        open_source(source),
        month,
        area,
        params.publication_month,
        allow_no_data=bool(params.no_figures_note),
    )
    timings["data"] = time.perf_counter() - start
    final = root / "reports" / month / area
    final.parent.mkdir(parents=True, exist_ok=True)
    staging = final.with_name(f".{area}.staging-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        cache = save_card(card, root / "build" / f".card-{month}-{area}-{os.getpid()}.pkl")
        parameters = {"month": month, "area": area, "source": source, "card_cache": str(cache)}
        try:
            timings.update(
                execute_notebooks(
                    section_notebooks(root), staging / "notebooks", parameters, root, workers
                )
            )
        finally:
            cache.unlink(missing_ok=True)
        _build_outputs(card, staging, root, month, timings)
        _publish(staging, final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    timings["total"] = time.perf_counter() - start
    return RunResult(final, [final / name for name in OUTPUT_NAMES], timings)
