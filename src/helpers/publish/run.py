"""``scorecard run``: execute the section notebooks with Papermill and publish the report.

1. Work out each notebook's cache key from its real inputs (``helpers.publish.cache``). When every
   key, and so the assembled report, is unchanged, nothing is re-executed: the run says
   so and stops.
2. Otherwise check the data (the store is rebuilt when the text files changed) and build
   the month's scorecard once, so that bad data stops the run before any notebook starts.
3. Execute the notebooks whose keys changed with Papermill (two at a time), reuse the
   others from ``build/cache/``, and sanitise them so identical inputs give identical
   bytes.
4. Assemble ``scorecard.html`` and ``scorecard.pdf`` and write ``scorecard.csv`` and
   ``scorecard.xlsx`` in a staging folder; only when everything succeeded, swap it into
   ``reports/<month>/<area>/``. A failure leaves the published files untouched and names
   the notebook and the cell that failed.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from papermill.exceptions import PapermillExecutionError

from helpers.core.config import CARD_ENV, load_report_config, resolve_chart_style
from helpers.core.vocabulary import synthetic_banner
from helpers.data.params import MonthParams, load_month_params
from helpers.data.store import ensure_store, open_source
from helpers.engine.handoff import save_card
from helpers.engine.scorecard import Scorecard, build_scorecard
from helpers.publish.assemble import Cover, assemble
from helpers.publish.cache import CACHE_DIR, area_data_fingerprint, notebook_key, sanitise_notebook
from helpers.publish.exports import write_csv, write_xlsx
from helpers.publish.kernels import execute, warm_kernels

OUTPUT_NAMES = ("scorecard.html", "scorecard.pdf", "scorecard.csv", "scorecard.xlsx")
MANIFEST = "run.json"
STORE_URL = "duckdb:///build/scorecard.duckdb"  # relative to the project (notebooks' cwd)


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

    @property
    def up_to_date(self) -> bool:
        """True when nothing had to be executed or assembled."""
        return not self.executed and "assembly" not in self.timings


def notebook_dir(root: Path) -> Path:
    """Where the section notebook templates live."""
    return root / "notebooks"


def section_notebooks(root: Path) -> list[Path]:
    """The section notebooks in published order (the chapters of ``_quarto.yml``)."""
    config = load_report_config(root / "_quarto.yml")
    names = [Path(c).name for c in config.chapters if c.endswith(".ipynb")]
    return [notebook_dir(root) / name for name in names]


def _execute(
    template: Path,
    output: Path,
    parameters: dict[str, str],
    cwd: Path,
    engine: str | None,
    env: Mapping[str, str],
) -> float:
    """Execute one notebook; raise RunError naming it and the failing cell."""
    start = time.perf_counter()
    try:
        execute(template, output, parameters, cwd, engine, env, report_mode=False)
    except PapermillExecutionError as exc:
        raise RunError(
            f"notebook {template.name} failed in cell {exc.cell_index} "
            f"(execution count {exc.exec_count}): {exc.ename}: {exc.evalue}"
        ) from None
    sanitise_notebook(output, {str(cwd.resolve()): "."})
    return time.perf_counter() - start


def execute_notebooks(
    notebooks: Sequence[Path],
    out_dir: Path,
    parameters: dict[str, str],
    cwd: Path,
    workers: int | None = None,
    env: Mapping[str, str] = MappingProxyType({}),
) -> dict[str, float]:
    """Execute notebooks into ``out_dir`` in parallel; return seconds per notebook.

    ``env`` is added to the kernels' environment (the run's hand-off, not parameters).

    The largest notebooks (the sections with most charts) start first so the workers
    finish together; at the first failure nothing more is started and the error raised.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    count = workers or min(2, os.cpu_count() or 1)
    ordered = sorted(notebooks, key=lambda nb: -nb.stat().st_size)
    timings: dict[str, float] = {}
    if not ordered:
        return timings
    with (
        warm_kernels(env) as (engine, session),
        ThreadPoolExecutor(
            max_workers=count, initializer=session.attach if session else None
        ) as pool,
    ):
        futures = {
            pool.submit(
                _execute, nb, out_dir / nb.name, parameters, cwd, engine, env or {}
            ): nb.name
            for nb in ordered
        }
        for future in as_completed(futures):
            if future.exception() is not None:
                for other in futures:
                    other.cancel()
            timings[futures[future]] = future.result()
    return dict(sorted(timings.items()))


def _publish(staging: Path, final: Path) -> None:
    """Swap the staging folder in: two renames on one file system."""
    old = final.with_name(f".{final.name}.old-{os.getpid()}")
    if final.exists():
        final.rename(old)
    staging.rename(final)
    shutil.rmtree(old, ignore_errors=True)


def _cover(card: Scorecard, params: MonthParams) -> Cover:
    return Cover(
        month=params.month_label,
        area=card.area_name,
        published_on=params.publication_date,
        author=params.produced_by,
        banner=synthetic_banner("cover") if card.synthetic else None,
    )


def _build_outputs(
    card: Scorecard, staging: Path, root: Path, params: MonthParams, timings: dict[str, float]
) -> None:
    config = load_report_config(root / "_quarto.yml")
    start = time.perf_counter()
    notebooks = sorted((staging / "notebooks").glob("*.ipynb"))
    assemble(notebooks, staging, config, _cover(card, params))
    timings["assembly"] = time.perf_counter() - start
    write_csv(card, staging / "scorecard.csv")
    write_xlsx(card, staging / "scorecard.xlsx", params.publication_date)


def _area_dataset(root: Path, area: str) -> str:
    """The area's data set, read from the registry file: the up-to-date check opens no store."""
    with (root / "data" / "registry" / "areas.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["area"] == area:
                return row["dataset"]
    raise KeyError(f"unknown area '{area}': it is not in data/registry/areas.csv")


@dataclass
class _Plan:
    """The keys of one run, and what the published folder already holds."""

    keys: dict[str, str]
    final: Path
    config: str = ""  # the report configuration (_quarto.yml): styles, formats, order

    def manifest(self) -> dict[str, object]:
        return {"notebooks": self.keys, "config": self.config}

    def up_to_date(self) -> bool:
        path = self.final / MANIFEST
        if not path.exists() or not all((self.final / n).exists() for n in OUTPUT_NAMES):
            return False
        return json.loads(path.read_text(encoding="utf-8")) == self.manifest()


def _plan(root: Path, month: str, area: str, params: MonthParams, source: str) -> _Plan:
    data_key = area_data_fingerprint(root / "data", _area_dataset(root, area), area)
    if source != STORE_URL:
        data_key += "|" + source  # another source: its contents are not hashed here
    key_params = {"month": month, "area": area}
    style = resolve_chart_style()  # SCORECARD_CHART_STYLE changes what the charts show
    if style != "trend":
        key_params["chart_style"] = style
    keys = {
        nb.name: notebook_key(nb, key_params, data_key, params.path, params.commentary.values())
        for nb in section_notebooks(root)
    }
    config = hashlib.sha256((root / "_quarto.yml").read_bytes()).hexdigest()
    return _Plan(keys, root / "reports" / month / area, config)


def _reuse_or_execute(
    root: Path,
    plan: _Plan,
    staging: Path,
    parameters: dict[str, str],
    workers: int | None,
    result: RunResult,
    env: Mapping[str, str],
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
    result.timings.update(execute_notebooks(todo, out, parameters, root, workers, env))
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
        Re-execute every notebook and re-assemble even when nothing changed.

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
    plan = _plan(root, month, area, params, source)
    result = RunResult(plan.final, [plan.final / name for name in OUTPUT_NAMES])
    if not force and plan.up_to_date():
        result.reused = sorted(plan.keys)
        result.timings["total"] = time.perf_counter() - start
        return result
    if source == STORE_URL:
        ensure_store(root)
    card = build_scorecard(
        open_source(str(root / "build" / "scorecard.duckdb") if source == STORE_URL else source),
        month,
        area,
        params.publication_month,
        allow_no_data=bool(params.no_figures_note),
    )
    result.timings["data"] = time.perf_counter() - start
    if force:
        shutil.rmtree(root / CACHE_DIR / "notebooks", ignore_errors=True)
    _render(root, plan, card, params, source, workers, result)
    result.timings["total"] = time.perf_counter() - start
    return result


def _render(
    root: Path,
    plan: _Plan,
    card: Scorecard,
    params: MonthParams,
    source: str,
    workers: int | None,
    result: RunResult,
) -> None:
    plan.final.parent.mkdir(parents=True, exist_ok=True)
    staging = plan.final.with_name(f".{plan.final.name}.staging-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    cards = root / CACHE_DIR / "cards"
    cards.mkdir(parents=True, exist_ok=True)
    cache = save_card(card, cards / f"{card.month}-{card.area}-{os.getpid()}.pkl")
    parameters = {
        "month": card.month,
        "area": card.area,
        "source": source,
    }
    handoff = {CARD_ENV: str(cache.relative_to(root))}  # not an analyst's parameter
    try:
        _reuse_or_execute(root, plan, staging, parameters, workers, result, handoff)
        _build_outputs(card, staging, root, params, result.timings)
        (staging / MANIFEST).write_text(json.dumps(plan.manifest(), indent=1, sort_keys=True))
        _publish(staging, plan.final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        cache.unlink(missing_ok=True)
