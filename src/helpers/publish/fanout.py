"""``scorecard run --area all``: every area of a month, in parallel, and an index page.

The areas are those of the month's parameters file (Kent and the districts). The store
is built once, then every notebook of every area joins one queue over the cores: the
areas share one set of warm kernels (one per core, started once for the whole run), and
a few more areas than cores are in flight, so that one area's assembly overlaps other
areas' notebooks and both cores stay busy to the end. A progress bar counts finished
areas. ``reports/<month>/index.html`` then links every
area's HTML and PDF with its count of RED, AMBER and GREEN ratings.
"""

from __future__ import annotations

import csv
import html
import os
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from helpers.core.vocabulary import RAGS
from helpers.data.params import load_month_params
from helpers.data.store import ensure_store
from helpers.publish.kernels import warm_kernels
from helpers.publish.run import RunResult, clear_caches, kernel_env, run_report


@dataclass(frozen=True)
class AreaSummary:
    """One line of the index."""

    area: str
    name: str
    synthetic: bool
    counts: dict[str, int]


def rag_counts(csv_path: Path) -> dict[str, int]:
    """RED, AMBER and GREEN counts of a published ``scorecard.csv`` (each indicator once)."""
    seen: dict[str, str] = {}
    with csv_path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["rag"] in RAGS:
                seen.setdefault(row["id"], row["rag"])
    return {rag: sum(1 for r in seen.values() if r == rag) for rag in RAGS}


def _areas(root: Path) -> dict[str, tuple[str, str]]:
    with (root / "data/registry/areas.csv").open(encoding="utf-8-sig", newline="") as handle:
        return {r["area"]: (r["name"], r["dataset"]) for r in csv.DictReader(handle)}


def run_all(
    root: Path,
    month: str,
    jobs: int | None = None,
    force: bool = False,
    progress: bool = True,
    run: Callable[..., RunResult] = run_report,
) -> dict[str, RunResult]:
    """Render every area of ``month``; return each area's result.

    ``jobs`` notebooks execute at once (default: one per core), in kernels shared by all
    areas and started only when an area has a notebook to execute; one more area than
    that is in flight, so an assembly overlaps other areas' notebooks.

    Raises
    ------
    RuntimeError
        Naming every area that failed, after the others have finished (their reports are
        published; a failed area keeps its earlier report).
    """
    params = load_month_params(root, month)
    ensure_store(root)
    count = jobs or os.cpu_count() or 1
    results: dict[str, RunResult] = {}
    failures: dict[str, str] = {}
    bar = tqdm(
        total=len(params.areas),
        desc=f"{month} areas",
        unit="area",
        disable=not progress,
        file=sys.stderr,
    )
    if force:
        clear_caches(root)
    with (
        warm_kernels(count, kernel_env(root)) as kernels,
        ThreadPoolExecutor(max_workers=count + 1) as pool,
    ):
        futures = {
            pool.submit(run, root, month, area, force=force, kernels=kernels): area
            for area in params.areas
        }
        for future in as_completed(futures):
            area = futures[future]
            try:
                results[area] = future.result()
            except Exception as exc:  # every failure is reported together below
                failures[area] = f"{type(exc).__name__}: {exc}"
            bar.update(1)
    bar.close()
    write_index(root, month, [a for a in params.areas if a in results])
    if failures:
        lines = "\n".join(f"- {area}: {why}" for area, why in sorted(failures.items()))
        raise RuntimeError(f"{len(failures)} area(s) failed:\n{lines}")
    return results


def summaries(root: Path, month: str, areas: list[str]) -> list[AreaSummary]:
    """The index lines of the areas published for ``month``."""
    known = _areas(root)
    out = []
    for area in areas:
        name, dataset = known[area]
        counts = rag_counts(root / "reports" / month / area / "scorecard.csv")
        out.append(AreaSummary(area, name, dataset != "sample", counts))
    return out


_STYLE = """body{font-family:Arial,"Liberation Sans",sans-serif;margin:2rem;color:#1b1b1b}
@media (max-width:40rem){body{margin:1rem .75rem}}
.table-scroll{overflow-x:auto}:focus-visible{outline:3px solid #0b0c0c;outline-offset:2px}
a:focus-visible{background:#ffdd00;color:#0b0c0c;box-shadow:0 3px 0 #0b0c0c}
h1{color:#1f3b5c}table{border-collapse:collapse;margin-top:1rem}
th,td{border:1px solid #b1b4b6;padding:.4rem .7rem;text-align:left}
thead th{background:#1f3b5c;color:#fff}td.n{text-align:right}
.rag-red{background:#b10e1e;color:#fff}.rag-amber{background:#ffbf47;color:#0b0c0c}
.rag-green{background:#00703c;color:#fff}.synthetic{color:#b10e1e;font-weight:bold}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);
white-space:nowrap}"""


def _of(name: str) -> str:
    """Words that tell one area's link from the next to a screen reader, hidden on screen."""
    return f'<span class="visually-hidden"> of {html.escape(name)}</span>'


def index_html(month_label: str, rows: list[AreaSummary]) -> str:
    """The index page: one row per area with links and RAG counts."""
    body = []
    for row in rows:
        note = (
            ' <span class="synthetic">Synthetic demonstration data</span>' if row.synthetic else ""
        )
        cells = "".join(
            f'<td class="n rag-{rag.lower()}">{row.counts[rag]} {rag}</td>' for rag in RAGS
        )
        body.append(
            f'<tr><th scope="row">{html.escape(row.name)}{note}</th>'
            f'<td><a href="{row.area}/scorecard.html">HTML{_of(row.name)}</a></td>'
            f'<td><a href="{row.area}/scorecard.pdf">PDF{_of(row.name)}</a></td>{cells}</tr>'
        )
    head = "".join(f'<th scope="col">{h}</th>' for h in ("Area", "Web page", "PDF", *RAGS))
    return (
        '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>CYPE Directorate Scorecard, {html.escape(month_label)}</title>\n"
        f"<style>{_STYLE}</style>\n</head>\n<body>\n<main>\n"
        f"<h1>CYPE Directorate Scorecard, {html.escape(month_label)}</h1>\n"
        "<p>Each area's scorecard, with how many of its indicators are rated RED, AMBER "
        "and GREEN.</p>\n"
        '<div class="table-scroll" role="region" aria-label="Areas" tabindex="0">\n'
        f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n"
        + "\n".join(body)
        + "\n</tbody>\n</table>\n</div>\n</main>\n</body>\n</html>\n"
    )


def write_index(root: Path, month: str, areas: list[str]) -> Path:
    """Write ``reports/<month>/index.html`` for the published areas."""
    params = load_month_params(root, month)
    path = root / "reports" / month / "index.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(index_html(params.month_label, summaries(root, month, areas)), encoding="utf-8")
    return path
