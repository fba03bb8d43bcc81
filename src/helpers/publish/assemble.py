"""Assemble executed section notebooks into one HTML page and one PDF.

The assembler never runs code: it reads the notebooks Papermill executed and renders them
with the two engines Quarto itself drives, pandoc and Typst, configured by the project's
``_quarto.yml`` (:func:`helpers.core.config.load_report_config`):

1. each notebook is read on its own into pandoc's JSON AST (:mod:`.pandoc`), so a
   failure names its notebook;
2. the ASTs are joined, one ``scorecard-section`` div per notebook in chapter order, with
   the cover (:class:`~helpers.publish.cover.Cover`) as metadata;
3. pandoc writes the HTML page (:mod:`.html_page`) and the Typst source of the PDF
   (:mod:`.pdf`); the Lua filter ``templates/select-outputs.lua`` keeps one
   representation of each output, ranked as Quarto ranks them (see
   :mod:`helpers.render.display`), and turns local images into ``data:`` URIs;
4. the page's styles and chart scripts are inlined; Typst compiles the PDF stamped with
   the publication date, so the same notebooks always give the same bytes.

When the notebooks sit in ``<report>/notebooks/``, the assembler also writes a Quarto book
project into ``<report>/`` (:mod:`.quarto_project`) so that ``quarto render <report>``
renders the same notebooks.
"""

from __future__ import annotations

import json
import re
import tempfile
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from helpers.core.config import ReportConfig
from helpers.publish.cover import Cover
from helpers.publish.html_page import HTML_NAME, finish_page, render_page
from helpers.publish.pandoc import AssemblyError, read_notebooks
from helpers.publish.pdf import PDF_NAME, render_pdf
from helpers.publish.quarto_project import write_quarto_project

__all__ = ["AssembledReport", "AssemblyError", "Cover", "assemble"]


@dataclass(frozen=True)
class AssembledReport:
    """What :func:`assemble` wrote, and how long each step took (seconds)."""

    html: Path
    pdf: Path
    quarto_project: Path | None = None
    timings: Mapping[str, float] = field(default_factory=dict, compare=False)


def assemble(
    notebooks: Sequence[Path], out_dir: Path, config: ReportConfig, cover: Cover
) -> AssembledReport:
    """Render executed notebooks into ``scorecard.html`` and ``scorecard.pdf``.

    Parameters
    ----------
    notebooks : sequence of Path
        Executed notebooks; each file name must be a chapter of ``config``; they are
        assembled in chapter order whatever order they are given in.
    out_dir : Path
        Folder for ``scorecard.html`` and ``scorecard.pdf`` (created if missing).
    config : ReportConfig
        From :func:`helpers.core.config.load_report_config`.
    cover : Cover
        Month, area, publication date, author and banner of the cover.

    Returns
    -------
    AssembledReport
        Paths written and step timings.

    Raises
    ------
    AssemblyError
        If a notebook is missing, unreadable, not a chapter, holds an error output, or
        pandoc or Typst fail on it; the message names the notebook.
    """
    timings: dict[str, float] = {}
    start = time.perf_counter()
    ordered = _order_notebooks([Path(nb) for nb in notebooks], config)
    for notebook in ordered:
        _check_notebook(notebook)
    if not cover.month:
        raise AssemblyError("the cover needs a month (the month label)")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    html_path, pdf_path = out_dir / HTML_NAME, out_dir / PDF_NAME
    for stale in (html_path, pdf_path):  # a failed assembly leaves no outputs behind
        stale.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="scorecard-") as tmp:
        work = Path(tmp)
        docs = read_notebooks(ordered, work)
        timings["read"] = time.perf_counter() - start
        document = _join(docs, ordered, config, cover)
        with ThreadPoolExecutor(max_workers=1) as pool:
            # pandoc writes the page in its own process while Typst makes the PDF here
            page = pool.submit(render_page, document, work, config)
            render_pdf(document, work, config, cover, pdf_path)
            timings["pdf"] = time.perf_counter() - start - timings["read"]
            html_path.write_text(finish_page(page.result(), config), encoding="utf-8")
        timings["html"] = time.perf_counter() - start - timings["read"] - timings["pdf"]
    project = write_quarto_project(ordered, config, cover)
    timings["total"] = time.perf_counter() - start
    return AssembledReport(html=html_path, pdf=pdf_path, quarto_project=project, timings=timings)


def _order_notebooks(notebooks: list[Path], config: ReportConfig) -> list[Path]:
    if not notebooks:
        raise AssemblyError("no notebooks to assemble")
    position = {name: index for index, name in enumerate(config.chapters)}
    for notebook in notebooks:
        if notebook.name not in position:
            raise AssemblyError(
                f"{notebook.name} is not a chapter in {config.source.name} (book.chapters)"
            )
        if not notebook.is_file():
            raise AssemblyError(f"{notebook}: notebook not found")
    if len({nb.name for nb in notebooks}) != len(notebooks):
        raise AssemblyError("the same notebook is given twice")
    return sorted(notebooks, key=lambda nb: position[nb.name])


def _check_notebook(notebook: Path) -> None:
    """Fail early, naming the notebook, if it is not valid JSON or holds an error output."""
    try:
        data = json.loads(notebook.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise AssemblyError(f"{notebook.name}: not a readable notebook: {error}") from error
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        raise AssemblyError(f"{notebook.name}: not a Jupyter notebook (no cells)")
    for index, cell in enumerate(data["cells"]):
        for output in cell.get("outputs") or []:
            if output.get("output_type") == "error":
                raise AssemblyError(
                    f"{notebook.name}: cell {index} failed when executed: "
                    f"{output.get('ename', 'Error')}: {output.get('evalue', '')}"
                )


def _section_id(name: str) -> str:
    return "section-" + re.sub(r"[^a-z0-9]+", "-", Path(name).stem.lower()).strip("-")


def _join(
    docs: list[dict[str, Any]], notebooks: list[Path], config: ReportConfig, cover: Cover
) -> dict[str, Any]:
    """Join the notebooks' ASTs, one ``scorecard-section`` div each, with the page metadata."""
    blocks = []
    for notebook, doc in zip(notebooks, docs, strict=True):
        landscape = "true" if notebook.name in config.typst.landscape else "false"
        attributes = [["notebook", notebook.name], ["landscape", landscape]]
        attr = [_section_id(notebook.name), ["scorecard-section"], attributes]
        blocks.append({"t": "Div", "c": [attr, doc["blocks"]]})
    values = {
        "title": config.title,
        "pagetitle": " – ".join(filter(None, [config.title, cover.month, cover.area])),
        "subtitle": config.subtitle,
        "author": cover.byline(config),
        "month": cover.month,
        "area": cover.area,
        "publication-date": cover.publication_date(config),
        "lang": config.lang,
        "toc-title": config.html.toc_title,
    }
    extra = {"banner": cover.banner, "draft": cover.draft_mark, "revised": cover.revised}
    values.update({key: value for key, value in extra.items() if value})
    meta = {key: {"t": "MetaString", "c": value} for key, value in values.items() if value}
    return {"pandoc-api-version": docs[0]["pandoc-api-version"], "meta": meta, "blocks": blocks}
