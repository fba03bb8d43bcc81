"""The PDF: pandoc writes Typst source from the joined AST, Typst compiles it.

The settings (paper, margins, fonts, cover) are written from ``_quarto.yml`` and the
cover into ``scorecard-settings.typ``, read by ``templates/scorecard.typ``. Typst
compiles with a fixed timestamp (the publication date), so the same notebooks always
give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import warnings
from pathlib import Path
from typing import Any

from helpers.core.config import ReportConfig
from helpers.core.paths import TEMPLATES
from helpers.publish.cover import Cover
from helpers.publish.pandoc import AssemblyError, naming_the_notebook, pandoc
from helpers.publish.pdf_tags import PdfTagError, mark_row_headers, row_header_columns
from helpers.publish.typst_worker import TypstCompileError, compile_pdf
from helpers.render.display import typst_string

PDF_NAME = "scorecard.pdf"


def _typst_source(document: dict[str, Any], work: Path, what: str) -> str:
    args = [
        "--from=json",
        "--to=typst",
        f"--template={TEMPLATES / 'scorecard.typ'}",
        f"--lua-filter={TEMPLATES / 'select-outputs.lua'}",
        "--metadata=heading-shift:0",
        "--wrap=none",
    ]
    return pandoc(args, work, json.dumps(document), what)


def settings(config: ReportConfig, cover: Cover) -> str:
    """The ``scorecard-settings.typ`` the Typst template reads."""
    options = config.typst

    def content(text: str) -> str:
        return f"[#{typst_string(text)}]"

    margin = ", ".join(f"{side}: {value}" for side, value in options.margin)
    fonts = ", ".join(typst_string(font) for font in options.fonts)
    banner = content(cover.banner) if cover.banner else "none"
    draft = content(cover.draft_mark) if cover.draft else "none"
    revised = content(cover.revised) if cover.revised else "none"
    lines = [
        "// Written by helpers.publish.assemble from _quarto.yml and the report metadata.",
        "#let settings = (",
        f"  title: {typst_string(config.title)},",
        f"  subtitle: {content(config.subtitle)},",
        f"  author: {typst_string(cover.byline(config))},",
        f"  month: {typst_string(cover.month)},",
        f"  area: {typst_string(cover.area)},",
        f"  publication-date: {content(cover.publication_date(config))},",
        f"  banner: {banner},",
        f"  draft: {draft},",
        f"  revised: {revised},",
        f"  paper: {typst_string(options.paper)},",
        f"  margin: ({margin}),",
        f"  fonts: ({fonts},),",
        f"  font-size: {options.font_size},",
        f"  table-font-size: {options.table_font_size},",
        f"  toc: {'true' if options.toc else 'false'},",
        f"  toc-depth: {options.toc_depth},",
        f"  toc-title: {content(config.html.toc_title)},",
        ")",
    ]
    return "\n".join(lines) + "\n"


def render_pdf(
    document: dict[str, Any], work: Path, config: ReportConfig, cover: Cover, pdf: Path
) -> None:
    """Write the PDF of the joined document to ``pdf``, naming a failing notebook."""
    (work / "scorecard-settings.typ").write_text(settings(config, cover), encoding="utf-8")
    source, output = work / "scorecard.typ", work / PDF_NAME

    def render(doc: dict[str, Any]) -> None:
        text = _typst_source(doc, work, "PDF")
        source.write_text(text, encoding="utf-8")
        _compile(source, work, config, cover, output)
        try:
            mark_row_headers(output, row_header_columns(text))
        except PdfTagError as error:  # a table of a notebook's own: no row headers guessed
            warnings.warn(f"{error}; the PDF's tables keep no row headers", stacklevel=2)

    naming_the_notebook(document, render)
    shutil.copyfile(output, pdf)


def _compile(source: Path, work: Path, config: ReportConfig, cover: Cover, pdf: Path) -> None:
    published = cover.published_on or dt.date(2000, 1, 1)
    timestamp = dt.datetime(published.year, published.month, published.day, tzinfo=dt.UTC)
    try:
        compile_pdf(
            source,
            pdf,
            work,
            [str(path) for path in config.typst.font_paths],
            timestamp,
            pdf_standards=["ua-1"],
        )
    except TypstCompileError as error:
        raise AssemblyError(f"Typst failed: {error}") from error
