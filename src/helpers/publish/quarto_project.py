"""The Quarto book written beside ``<report>/notebooks/``, so ``quarto render <report>`` works.

It holds a copy of ``_quarto.yml``, an ``index.qmd`` cover page and ``_scorecard/`` (the
styles and the chart scripts the chapters' outputs need).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from helpers.core.config import ASSET_PREFIX, INDEX_PAGE, NOTEBOOK_FOLDER, ReportConfig
from helpers.publish.cover import Cover
from helpers.publish.html_page import charts_script


def write_quarto_project(notebooks: list[Path], config: ReportConfig, cover: Cover) -> Path | None:
    """Write the Quarto book beside ``<report>/notebooks/``.

    Parameters
    ----------
    notebooks : list of Path
        The assembled notebooks.
    config : ReportConfig
        The report configuration (its ``_quarto.yml`` is copied).
    cover : Cover
        What ``index.qmd`` says.

    Returns
    -------
    Path or None
        The report folder, or None when the notebooks are not all in one
        ``notebooks/`` folder (nothing is written then).
    """
    folders = {nb.resolve().parent for nb in notebooks}
    if len(folders) != 1 or next(iter(folders)).name != NOTEBOOK_FOLDER:
        return None
    report = next(iter(folders)).parent
    shutil.copyfile(config.source, report / "_quarto.yml")
    assets = report / ASSET_PREFIX.rstrip("/")
    assets.mkdir(exist_ok=True)
    for css in config.html.css:
        shutil.copyfile(css, assets / css.name)
    (assets / "charts.html").write_text(charts_script() + "\n", encoding="utf-8")
    front = {"title": cover.month, "subtitle": cover.area or None}
    if cover.published_on:
        front["date"] = cover.published_on.isoformat()
    front_matter = yaml.safe_dump({k: v for k, v in front.items() if v}, sort_keys=False)
    body = (
        f"{config.title}, {cover.month}"
        + (f", {cover.area}" if cover.area else "")
        + f". Produced by {cover.byline(config)}; "
        + f"publication date {cover.publication_date(config)}.\n"
    )
    (report / INDEX_PAGE).write_text(f"---\n{front_matter}---\n\n{body}", encoding="utf-8")
    return report
