"""``scorecard run``: execute the section notebooks with Papermill and publish the report.

1. Work out each notebook's cache key from its real inputs (``helpers.publish.cache``). When every
   key, and so the assembled report, is unchanged, nothing is re-executed: the run says
   so and stops.
2. Otherwise check the data (the store is rebuilt when the text files changed) and build
   the month's scorecard once, so that bad data stops the run before any notebook starts.
3. Execute the notebooks whose keys changed with Papermill (two at a time), reuse the
   others from ``build/cache/``, and sanitise them so identical inputs give identical
   bytes.
4. Assemble ``scorecard.html`` and ``scorecard.pdf`` (a draft edition, marked so on
   every page and showing drafted commentary, unless ``Edition(draft=False)``) and write
   ``scorecard.csv`` and ``scorecard.xlsx`` in a staging folder; only when everything
   succeeded, swap it into ``reports/<month>/<area>/``. A failure leaves the published
   files untouched and names the notebook and the cell that failed.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from papermill.exceptions import PapermillExecutionError

from helpers.core.config import (
    CARD_ENV,
    SVG_CACHE_ENV,
    card_file_name,
    load_report_config,
)
from helpers.core.vocabulary import synthetic_banner
from helpers.data.params import MonthParams, load_month_params
from helpers.data.problems import Problem
from helpers.data.store import ensure_store, open_source
from helpers.engine.handoff import save_card
from helpers.engine.scorecard import Scorecard, build_scorecard
from helpers.publish.assemble import Cover, assemble
from helpers.publish.cache import CACHE_DIR, sanitise_notebook
from helpers.publish.exports import write_csv, write_xlsx
from helpers.publish.kernels import KernelSession, execute, warm_kernels
from helpers.publish.plan import (
    ENGINES,
    MANIFEST,
    OUTPUT_NAMES,
    STORE_URL,
    Edition,
    Plan,
    make_plan,
    section_notebooks,
)
from helpers.publish.quarto import find_quarto, render_with_quarto
from helpers.render.sanitise import clean_params, commentary_problems


class RunError(RuntimeError):
    """A run failed; the published report was left as it was."""


@dataclass
class RunResult:
    """What a run wrote, what it executed, and how long each step took (seconds)."""

    folder: Path
    outputs: list[Path]
    executed: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    """What the commentary sanitiser removed (file, line, what), for the person running."""
    engine_warnings: list[str] = field(default_factory=list)
    """What the rendering engine (Quarto) warned about."""

    @property
    def up_to_date(self) -> bool:
        """True when nothing had to be executed or assembled."""
        return not self.executed and "assembly" not in self.timings


def _execute(
    template: Path,
    output: Path,
    parameters: dict[str, str],
    cwd: Path,
    session: KernelSession,
) -> float:
    """Execute one notebook in ``session``; raise RunError naming it and the failing cell."""
    start = time.perf_counter()
    try:
        execute(template, output, parameters, cwd, session.engine, session.env, report_mode=False)
    except PapermillExecutionError as exc:
        raise RunError(
            f"notebook {template.name} failed in cell {exc.cell_index} "
            f"(execution count {exc.exec_count}): {exc.ename}: {exc.evalue}"
        ) from None
    sanitise_notebook(output, {str(cwd.resolve()): "."})
    return time.perf_counter() - start


def card_folder(root: Path) -> Path:
    """Where this process's runs leave the scorecards they built for their notebooks."""
    return root / CACHE_DIR / "cards" / str(os.getpid())


def kernel_env(root: Path, cards: bool = True) -> dict[str, str]:
    """What a run adds to its kernels' environment: the folders of rendered SVGs and cards.

    Not parameters: a notebook finds its area's scorecard in the cards folder
    (:func:`helpers.core.config.handed_card`), so kernels shared by the areas of
    ``scorecard run --area all`` serve every area. Without ``cards`` (notebooks executed
    on their own), each notebook builds its scorecard.
    """
    env = {SVG_CACHE_ENV: str((root / CACHE_DIR / "svg").resolve())}
    if cards:
        env[CARD_ENV] = str(card_folder(root).resolve())
    return env


def execute_notebooks(
    notebooks: Sequence[Path],
    out_dir: Path,
    parameters: dict[str, str],
    cwd: Path,
    workers: int | None = None,
    kernels: KernelSession | None = None,
) -> dict[str, float]:
    """Execute notebooks into ``out_dir`` in parallel; return seconds per notebook.

    The largest notebooks (the sections with most charts) start first so the workers
    finish together; at the first failure nothing more is started and the error raised.
    ``kernels`` is a session shared with other areas (``scorecard run --area all``);
    without it, the notebooks get ``workers`` kernels of their own (default: up to 2).
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    ordered = sorted(notebooks, key=lambda nb: -nb.stat().st_size)
    if not ordered:
        return {}
    if kernels is not None:
        return _execute_all(ordered, out_dir, parameters, cwd, kernels)
    count = min(workers or min(2, os.cpu_count() or 1), len(ordered))
    with warm_kernels(count, kernel_env(cwd, cards=False)) as session:
        return _execute_all(ordered, out_dir, parameters, cwd, session)


def _execute_all(
    ordered: Sequence[Path],
    out_dir: Path,
    parameters: dict[str, str],
    cwd: Path,
    session: KernelSession,
) -> dict[str, float]:
    def task(notebook: Path) -> float:
        with session.lease():
            return _execute(notebook, out_dir / notebook.name, parameters, cwd, session)

    timings: dict[str, float] = {}
    with ThreadPoolExecutor(max_workers=session.size) as pool:
        futures = {pool.submit(task, nb): nb.name for nb in ordered}
        for future in as_completed(futures):
            if future.exception() is not None:
                for other in futures:
                    other.cancel()
            timings[futures[future]] = future.result()
    return dict(sorted(timings.items()))


def swap_in(staging: Path, final: Path) -> None:
    """Swap a staging folder in for ``final``: two renames on one file system.

    Readers see the old folder or the new one, never half of each.
    """
    old = final.with_name(f".{final.name}.old-{os.getpid()}")
    if final.exists():
        final.rename(old)
    staging.rename(final)
    shutil.rmtree(old, ignore_errors=True)


def _cover(card: Scorecard, params: MonthParams, edition: Edition) -> Cover:
    return Cover(
        month=params.month_label,
        area=card.area_name,
        published_on=params.publication_date,
        author=params.produced_by,
        banner=synthetic_banner("cover") if card.synthetic else None,
        draft=edition.draft,
        revised=edition.revised or None,
    )


def _build_outputs(
    card: Scorecard,
    staging: Path,
    root: Path,
    params: MonthParams,
    timings: dict[str, float],
    engine: str = "native",
    edition: Edition | None = None,
) -> tuple[str, ...]:
    """Write the four outputs into ``staging``; return the rendering engine's warnings."""
    config = load_report_config(root / "_quarto.yml")
    start = time.perf_counter()
    notebooks = sorted((staging / "notebooks").glob("*.ipynb"))
    cover = _cover(card, params, edition or Edition())
    warnings: tuple[str, ...] = ()
    if engine == "quarto":
        warnings = render_with_quarto(notebooks, staging, config, cover, find_quarto(root)).warnings
    else:
        assemble(notebooks, staging, config, cover)
    timings["assembly"] = time.perf_counter() - start
    write_csv(card, staging / "scorecard.csv")
    write_xlsx(card, staging / "scorecard.xlsx", params.publication_date)
    return warnings


def _reuse_or_execute(
    root: Path,
    plan: Plan,
    staging: Path,
    parameters: dict[str, str],
    workers: int | None,
    result: RunResult,
    kernels: KernelSession | None = None,
) -> None:
    cache = root / CACHE_DIR / "notebooks"
    cache.mkdir(parents=True, exist_ok=True)
    out = staging / "notebooks"
    out.mkdir(parents=True)
    todo = []
    for notebook in section_notebooks(root):
        cached = cache / f"{plan.keys[notebook.name]}.ipynb"
        if cached.exists():
            shutil.copyfile(cached, out / notebook.name)
            result.reused.append(notebook.name)
        else:
            todo.append(notebook)
    result.timings.update(execute_notebooks(todo, out, parameters, root, workers, kernels))
    for notebook in todo:
        shutil.copyfile(out / notebook.name, cache / f"{plan.keys[notebook.name]}.ipynb")
        result.executed.append(notebook.name)


def run_report(
    root: Path,
    month: str,
    area: str,
    source_url: str | None = None,
    workers: int | None = None,
    force: bool = False,
    engine: str = "native",
    kernels: KernelSession | None = None,
    edition: Edition = Edition(),
    folder: Path | None = None,
) -> RunResult:
    """Render one month's scorecard for one area into ``reports/<month>/<area>/``.

    Parameters
    ----------
    root
        The project folder.
    month, area
        What to render.
    source_url
        A data source URL (default: the project's store, rebuilt when out of date).
    workers
        Notebooks executed at once (default: up to 2, the cores of these machines).
    force
        Re-execute every notebook and re-assemble even when nothing changed (and render
        every chart again). With ``kernels``, the caller clears the caches once
        (:func:`clear_caches`), since other areas share them.
    engine
        ``native`` (pandoc and Typst, the default) or ``quarto`` (``quarto render``); a
        change of engine re-renders without re-executing.
    kernels
        Kernels shared with the other areas of ``scorecard run --area all`` (default: the
        run starts its own, ``workers`` of them).
    edition
        A draft (the default: marked "DRAFT" and showing drafted commentary) or an edition
        for publication (``Edition(draft=False)``, used by ``scorecard publish``).
    folder
        Where to write the outputs instead of ``reports/<month>/<area>/``.

    Raises
    ------
    RunError
        When a notebook or the assembly fails (nothing published is changed).
    DataError, ParamsError, NoDataError
        When the data or parameters are wrong, before anything runs.
    """
    start = time.perf_counter()
    params = load_month_params(root, month)
    source = source_url or STORE_URL
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}: choose one of {', '.join(ENGINES)}")
    if engine == "quarto":
        find_quarto(root)  # no Quarto: say so before anything runs
    plan = make_plan(root, month, area, params, source, edition, engine)
    if folder is not None:
        plan.final = folder
    result = RunResult(plan.final, [plan.final / name for name in OUTPUT_NAMES])
    if not force and plan.up_to_date():
        result.reused = sorted(plan.keys)
        result.timings["total"] = time.perf_counter() - start
        return result
    if force and kernels is None:
        clear_caches(root)
    with ExitStack() as stack:
        todo = [k for k in plan.keys.values() if not _cached(root, k)]
        count = min(workers or min(2, os.cpu_count() or 1), len(todo))
        if kernels is None and todo:
            kernels = stack.enter_context(warm_kernels(count, kernel_env(root)))
        if kernels is not None and todo:
            kernels.prestart(count, str(root))  # they start while the scorecard is built
        if source == STORE_URL:
            ensure_store(root)
        card = build_scorecard(
            open_source(
                str(root / "build" / "scorecard.duckdb") if source == STORE_URL else source
            ),
            month,
            area,
            params.publication_month,
            allow_no_data=bool(params.no_figures_note),
        )
        result.timings["data"] = time.perf_counter() - start
        # malformed commentary stops the run here, before any notebook; removals are reported
        result.warnings = clean_params(params)[1]
        result.warnings += commentary_problems(params.commentary, set(card.rows["id"]), root)
        _render(root, plan, card, params, source, workers, result, kernels)
    result.timings["total"] = time.perf_counter() - start
    return result


def _cached(root: Path, key: str) -> Path | None:
    """The executed notebook kept under ``key``, if there is one."""
    path = root / CACHE_DIR / "notebooks" / f"{key}.ipynb"
    return path if path.exists() else None


def clear_caches(root: Path) -> None:
    """Forget the executed notebooks and the rendered SVGs (``--force``)."""
    for name in ("notebooks", "svg"):
        shutil.rmtree(root / CACHE_DIR / name, ignore_errors=True)


def _render(
    root: Path,
    plan: Plan,
    card: Scorecard,
    params: MonthParams,
    source: str,
    workers: int | None,
    result: RunResult,
    kernels: KernelSession | None,
) -> None:
    plan.final.parent.mkdir(parents=True, exist_ok=True)
    staging = plan.final.with_name(f".{plan.final.name}.staging-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    cards = card_folder(root)
    cards.mkdir(parents=True, exist_ok=True)
    cache = save_card(card, cards / card_file_name(card.month, card.area))
    parameters = {
        "month": card.month,
        "area": card.area,
        "source": source,
    }
    try:
        _reuse_or_execute(root, plan, staging, parameters, workers, result, kernels)
        result.engine_warnings.extend(
            _build_outputs(card, staging, root, params, result.timings, plan.engine, plan.edition)
        )
        (staging / MANIFEST).write_text(json.dumps(plan.manifest(), indent=1, sort_keys=True))
        swap_in(staging, plan.final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        cache.unlink(missing_ok=True)
