"""``scorecard run --area all``: every area of a month, in parallel, and an index page.

The areas are those of the month's parameters file (Kent and the districts). The store
is built once, then the areas run side by side, one per core, each executing its own
notebooks one at a time (the same total concurrency as one area's two workers). A
progress bar counts finished areas. ``reports/<month>/index.html`` then links every
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
from helpers.publish.run import RunResult, run_report


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
    with (root / "data/registry/areas.csv").open(encoding="utf-8") as handle:
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
    with ThreadPoolExecutor(max_workers=count) as pool:
        futures = {
            pool.submit(run, root, month, area, workers=1, force=force): area
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
h1{color:#1f3b5c}table{border-collapse:collapse;margin-top:1rem}
th,td{border:1px solid #b1b4b6;padding:.4rem .7rem;text-align:left}
thead th{background:#1f3b5c;color:#fff}td.n{text-align:right}
.rag-red{background:#b10e1e;color:#fff}.rag-amber{background:#ffbf47;color:#0b0c0c}
.rag-green{background:#00703c;color:#fff}.synthetic{color:#b10e1e;font-weight:bold}"""


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
            f'<td><a href="{row.area}/scorecard.html">HTML</a></td>'
            f'<td><a href="{row.area}/scorecard.pdf">PDF</a></td>{cells}</tr>'
        )
    head = "".join(f'<th scope="col">{h}</th>' for h in ("Area", "Web page", "PDF", *RAGS))
    return (
        '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        f"<title>CYPE Directorate Scorecard, {html.escape(month_label)}</title>\n"
        f"<style>{_STYLE}</style>\n</head>\n<body>\n"
        f"<h1>CYPE Directorate Scorecard, {html.escape(month_label)}</h1>\n"
        "<p>Each area's scorecard, with how many of its indicators are rated RED, AMBER "
        "and GREEN.</p>\n"
        f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n"
        + "\n".join(body)
        + "\n</tbody>\n</table>\n</body>\n</html>\n"
    )


def write_index(root: Path, month: str, areas: list[str]) -> Path:
    """Write ``reports/<month>/index.html`` for the published areas."""
    params = load_month_params(root, month)
    path = root / "reports" / month / "index.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(index_html(params.month_label, summaries(root, month, areas)), encoding="utf-8")
    return path
