"""The Quarto engine: ``quarto render`` turns the executed notebooks into one page and one PDF.

``scorecard run --engine quarto`` executes the notebooks with Papermill as the native
engine does, then hands the rendering to Quarto instead of driving pandoc and Typst itself:

1. the executed notebooks are written out as ONE Quarto document, ``scorecard.qmd``: each
   notebook becomes a ``scorecard-section`` div (in the PDF, the filter
   ``templates/quarto-sections.lua`` opens it on a new page, landscape or portrait as
   ``scorecard.landscape`` in ``_quarto.yml`` says), markdown
   cells are copied and each display output keeps the representation Quarto itself would
   pick for the format (``text/html`` for HTML, ``text/markdown`` for Typst: see
   :mod:`helpers.render.display`), so no code runs and no notebook is parsed by Quarto's
   Jupyter engine (which loads require.js and jQuery from a CDN for any HTML output);
2. the document's ``_quarto.yml`` is derived from the project's (``lang``,
   ``date-format``, ``format: html:`` and ``format: typst:`` are passed on as they are;
   the ``_scorecard/`` assets are materialised beside it), plus the few options the
   document needs: ``html-table-processing: none`` (our tables are HTML for the page and
   Typst for the PDF; Quarto would otherwise re-parse every HTML table and warn about
   their ids) and headings shifted one level in HTML (the title is the only ``h1``);
3. ``quarto render scorecard.qmd --to html`` and ``--to typst`` run side by side, each in
   its own folder; ``SOURCE_DATE_EPOCH`` is the publication date, so the PDF is
   reproducible;
4. the page is checked to load nothing from a network, and Quarto's warnings are returned.

Quarto is found in ``$SCORECARD_QUARTO``, then ``<project>/.quarto/bin/quarto`` (what
``make quarto`` installs), then ``quarto`` on the ``PATH``.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from helpers.core.config import ASSET_PREFIX, ReportConfig
from helpers.core.paths import TEMPLATES
from helpers.publish.assemble import _check_notebook, _order_notebooks
from helpers.publish.cover import Cover
from helpers.publish.html_page import HTML_NAME, charts_script
from helpers.publish.pandoc import AssemblyError
from helpers.publish.pdf import PDF_NAME

__all__ = [
    "DOCUMENT",
    "QUARTO_ENV",
    "QuartoNotFoundError",
    "QuartoReport",
    "document_text",
    "find_quarto",
    "project_config",
    "render_with_quarto",
]

QUARTO_ENV = "SCORECARD_QUARTO"
"""The environment variable naming a ``quarto`` executable to use."""
LOCAL_QUARTO = Path(".quarto") / "bin" / "quarto"
"""Where ``make quarto`` installs Quarto, relative to the project folder."""
DOCUMENT = "scorecard.qmd"
FILTER = "quarto-sections.lua"
"""The Lua filter that opens each section on a new (landscape) page in the PDF."""
FORMATS: Mapping[str, str] = {"html": HTML_NAME, "typst": PDF_NAME}
#: Warnings about the Quarto installation itself, not about the document: the offline build
#: in ../shared/tools/quarto has no typst-gather binary (Quarto then stages every package).
INSTALLATION_WARNINGS = ("typst-gather",)
#: A load from a network in the page: src/href to a URL, CSS url() to a URL, or @import.
NETWORK = re.compile(
    r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?\s*(?:https?:)?//|@import""", re.I
)
RENDER_TIMEOUT_S = 600
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_WARNING = re.compile(r"^\s*(WARN(?:ING)?\b.*)$", re.M)
_VL_VERSION = re.compile(r'<figure class="chart"[^>]*data-vl-version="([^"]*)"')
_IMAGES = {"image/svg+xml": "svg", "image/png": "png", "image/jpeg": "jpg"}


class QuartoNotFoundError(AssemblyError):
    """Raised when no Quarto can be found; the message says how to get one."""


@dataclass(frozen=True)
class QuartoReport:
    """What :func:`render_with_quarto` wrote, Quarto's warnings, and step timings (s)."""

    html: Path
    pdf: Path
    warnings: tuple[str, ...] = ()
    timings: Mapping[str, float] = field(default_factory=dict, compare=False)


# --------------------------------------------------------------------------- finding Quarto


def find_quarto(root: Path) -> Path:
    """Return the ``quarto`` executable to use for the project at ``root``.

    Parameters
    ----------
    root : Path
        The project folder.

    Returns
    -------
    Path
        ``$SCORECARD_QUARTO``, else ``<root>/.quarto/bin/quarto``, else ``quarto`` on PATH,
        as an absolute path (Quarto runs in another folder).

    Raises
    ------
    QuartoNotFoundError
        If none exists; the message says how to install Quarto.
    """
    if named := os.environ.get(QUARTO_ENV):
        if not Path(named).is_file():
            raise QuartoNotFoundError(f"{QUARTO_ENV}={named}: no such file")
        return Path(named).resolve()
    local = Path(root) / LOCAL_QUARTO
    if local.is_file():
        return local.resolve()
    if found := shutil.which("quarto"):
        return Path(found)
    raise QuartoNotFoundError(
        "Quarto is not installed: run `make quarto`, or install Quarto from quarto.org or "
        "conda-forge (environment.yml); the native engine (`--engine native`) needs no Quarto"
    )


# --------------------------------------------------------------------------- the document


def _text(value: str | list[str]) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _fence(text: str, char: str) -> str:
    """A fence of ``char`` longer than any run of it in ``text`` (at least three)."""
    runs = [len(run) for run in re.findall(re.escape(char) + "+", text)]
    return char * max(3, max(runs, default=0) + 1)


def _raw(text: str, fmt: str = "") -> str:
    """A raw ``fmt`` block, or a plain code block when ``fmt`` is empty."""
    fence = _fence(text, "`")
    kind = f"{{={fmt}}}" if fmt else ""
    return f"{fence}{kind}\n{text.rstrip()}\n{fence}\n"


def _div(text: str, attributes: str) -> str:
    fence = _fence(text, ":")
    return f"{fence} {{{attributes}}}\n\n{text.rstrip()}\n\n{fence}\n"


Media = Callable[[str, bytes], str]
"""Saves an image's bytes under a name from its extension; returns the relative path."""


def _representation(data: Mapping[str, Any], html: bool, media: Media) -> str:
    """The output's Markdown for one format, ranked as Quarto ranks representations."""
    ranking = (
        ("text/html", "text/markdown", *_IMAGES, "text/plain")
        if html
        else ("text/markdown", *_IMAGES, "text/plain")
    )
    for mime in ranking:
        if mime not in data:
            continue
        value = _text(data[mime])
        if mime == "text/html":
            return _raw(value, "html")
        if mime == "text/markdown":
            return value.rstrip() + "\n"
        if mime == "text/plain":
            return _raw(value)
        payload = value.encode("utf-8") if mime == "image/svg+xml" else base64.b64decode(value)
        return f"![]({media(_IMAGES[mime], payload)})\n"
    return ""


def _output(output: Mapping[str, Any], media: Media) -> str:
    if output.get("output_type") not in ("display_data", "execute_result"):
        return ""  # stream output is hidden (`warning: false`); errors stop earlier
    data = output.get("data") or {}
    saved: dict[str, str] = {}

    def media_once(extension: str, payload: bytes) -> str:  # an image both formats show
        if extension not in saved:
            saved[extension] = media(extension, payload)
        return saved[extension]

    for_html = _representation(data, True, media_once)
    other = _representation(data, False, media_once)
    if for_html == other:
        return for_html
    parts = []
    if for_html:
        parts.append(_div(for_html, '.content-visible when-format="html"'))
    if other:
        parts.append(_div(other, '.content-hidden when-format="html"'))
    return "\n".join(parts)


def _cell(cell: Mapping[str, Any], media: Media) -> list[str]:
    kind = cell.get("cell_type")
    if kind in ("markdown", "raw"):
        return [_text(cell.get("source", "")).rstrip() + "\n"]
    if kind != "code":
        return []
    return [part for output in cell.get("outputs") or [] if (part := _output(output, media))]


def _section(notebook: Path, landscape: bool, media: Media) -> str:
    """One notebook as a ``scorecard-section`` div (a new page in the PDF: ``FILTER``)."""
    data = json.loads(notebook.read_text(encoding="utf-8"))
    parts = []
    for cell in data["cells"]:
        parts.extend(_cell(cell, media))
    flipped = "true" if landscape else "false"
    # `section`, not `notebook`: Quarto takes a `notebook` attribute for an embedded
    # notebook and renders a preview of it
    attributes = f'.scorecard-section section="{notebook.stem}" landscape="{flipped}"'
    return _div("\n".join(parts), attributes)


def _front_matter(config: ReportConfig, cover: Cover) -> str:
    subtitle = " – ".join(filter(None, [cover.month, cover.area]))
    front = {
        "title": config.title,
        "subtitle": subtitle,
        "description": config.subtitle or None,
        "author": cover.byline(config) or None,
        # formatted by Quarto with `date-format`, as the native engine formats it
        "date": cover.published_on.isoformat() if cover.published_on else None,
        "pagetitle": " – ".join(filter(None, [config.title, cover.month, cover.area])),
    }
    kept = {key: value for key, value in front.items() if value}
    text = yaml.safe_dump(kept, sort_keys=False, allow_unicode=True)
    return f"---\n{text}---\n"


def document_text(
    notebooks: Sequence[Path], config: ReportConfig, cover: Cover, media: Media
) -> str:
    """Write the executed notebooks as one Quarto document.

    Parameters
    ----------
    notebooks : sequence of Path
        Executed notebooks, in published order.
    config : ReportConfig
        The report configuration (title, landscape sections).
    cover : Cover
        Month, area, author, publication date and banner.
    media : callable
        Saves an image output's bytes and returns the path the document refers to.

    Returns
    -------
    str
        The ``.qmd`` text: front matter, then one section div per notebook.
    """
    parts = [_front_matter(config, cover)]
    for notebook in notebooks:
        parts.append(_section(notebook, notebook.name in config.typst.landscape, media))
    return "\n".join(parts)


# --------------------------------------------------------------------------- configuration


def _asset(value: str, config: ReportConfig, work: Path, charts: str) -> str:
    """Materialise a ``_scorecard/`` asset in ``work``; other paths become absolute."""
    if not value.startswith(ASSET_PREFIX):
        return str((config.source.parent / value).resolve())
    name = value.removeprefix(ASSET_PREFIX)
    if name == "charts.html":
        (work / name).write_text(charts, encoding="utf-8")
    else:
        try:
            shutil.copyfile(TEMPLATES / name, work / name)
        except OSError as error:
            raise AssemblyError(f"{config.source.name}: {value}: {error}") from error
    return name


def _assets(options: dict[str, Any], config: ReportConfig, work: Path, charts: str) -> None:
    for key in ("css", "include-in-header", "include-before-body", "include-after-body"):
        value = options.get(key)
        if value is None:
            continue
        values = [value] if isinstance(value, str) else list(value)
        options[key] = [_asset(str(item), config, work, charts) for item in values]


def _banner(fmt: str, cover: Cover, work: Path) -> list[str]:
    """The banner above the page (HTML) or in every page's header (PDF): an include file."""
    if not cover.banner:
        return []
    from helpers.render.display import banner_bundle, typst_escape

    if fmt == "html":
        text = banner_bundle(cover.banner)["text/html"]
    else:
        text = (
            '#set page(header: block(width: 100%, inset: 6pt, fill: rgb("#b10e1e"))['
            '#set text(fill: white, weight: "bold"); '
            f"#align(center)[{typst_escape(cover.banner)}]])"
        )
    path = work / f"banner.{'html' if fmt == 'html' else 'typ'}"
    path.write_text(text + "\n", encoding="utf-8")
    return [path.name]


def project_config(
    config: ReportConfig, fmt: str, cover: Cover, work: Path, charts: str
) -> dict[str, Any]:
    """The document's ``_quarto.yml`` for one format, derived from the project's.

    Parameters
    ----------
    config : ReportConfig
        The project's configuration (its ``source`` is re-read for the format options).
    fmt : str
        ``html`` or ``typst``.
    cover : Cover
        For the banner.
    work : Path
        The folder the document is rendered in; assets are written there.
    charts : str
        The ``<script>`` elements that draw the charts (``_scorecard/charts.html``).

    Returns
    -------
    dict
        ``lang``, ``date-format``, ``html-table-processing: none`` and ``format: {fmt: ...}``.
    """
    raw = yaml.safe_load(config.source.read_text(encoding="utf-8")) or {}
    options = dict((raw.get("format") or {}).get(fmt) or {})
    _assets(options, config, work, charts)
    # the banner: above the page, or in the header of every page (cover included)
    banner_key = "include-before-body" if fmt == "html" else "include-in-header"
    if banner := _banner(fmt, cover, work):
        options[banner_key] = list(options.get(banner_key) or []) + banner
    options.setdefault("toc-title", config.html.toc_title)
    if fmt == "html":
        options["embed-resources"] = True  # the page is always self-contained
        options["shift-heading-level-by"] = 1
        options["toc-depth"] = config.html.toc_depth + 1
    else:
        fonts = [*config.typst.font_paths]
        if fonts:
            options["font-paths"] = [str(path.resolve()) for path in fonts]
    shutil.copyfile(TEMPLATES / FILTER, work / FILTER)
    return {
        "filters": [FILTER],
        "lang": config.lang,
        "date-format": config.date_format,
        "html-table-processing": "none",
        "format": {fmt: options},
    }


# --------------------------------------------------------------------------- render


def _vl_version(document: str) -> str | None:
    versions = set(_VL_VERSION.findall(document))
    if not versions:
        return None
    return max(versions, key=lambda v: tuple(int(p) for p in v.split(".") if p.isdigit()))


def _epoch(cover: Cover) -> str:
    published = cover.published_on or dt.date(2000, 1, 1)
    moment = dt.datetime(published.year, published.month, published.day, tzinfo=dt.UTC)
    return str(int(moment.timestamp()))


def _warnings(stderr: str) -> list[str]:
    found = [line.strip() for line in _WARNING.findall(_ANSI.sub("", stderr))]
    return [w for w in found if not any(known in w for known in INSTALLATION_WARNINGS)]


def _quarto(quarto: Path, fmt: str, folder: Path, env: Mapping[str, str]) -> tuple[Path, str]:
    """Run ``quarto render`` for one format; return the output and Quarto's stderr."""
    try:
        result = subprocess.run(
            [str(quarto), "render", DOCUMENT, "--to", fmt],
            cwd=folder,
            env=dict(env),
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=RENDER_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise AssemblyError(f"quarto render --to {fmt}: {error}") from error
    output = folder / FORMATS[fmt]
    if result.returncode != 0 or not output.is_file():
        tail = _ANSI.sub("", result.stderr).strip().splitlines()[-15:]
        raise AssemblyError(f"quarto render --to {fmt} failed:\n" + "\n".join(tail))
    return output, result.stderr


def _write_document(
    notebooks: list[Path], config: ReportConfig, cover: Cover, work: Path
) -> dict[str, Path]:
    """Write the document and each format's folder; return the folders by format."""
    media_dir = work / "media"

    def media(extension: str, payload: bytes) -> str:
        media_dir.mkdir(exist_ok=True)
        name = f"output-{len(list(media_dir.iterdir())) + 1}.{extension}"
        (media_dir / name).write_bytes(payload)
        return f"media/{name}"

    document = document_text(notebooks, config, cover, media)
    charts = charts_script(_vl_version(document)) + "\n" if _VL_VERSION.search(document) else ""
    folders = {}
    for fmt in FORMATS:
        folder = work / fmt
        folder.mkdir()
        (folder / DOCUMENT).write_text(document, encoding="utf-8")
        if media_dir.exists():
            shutil.copytree(media_dir, folder / "media")
        settings = project_config(config, fmt, cover, folder, charts)
        (folder / "_quarto.yml").write_text(
            yaml.safe_dump(settings, sort_keys=False, allow_unicode=True), encoding="utf-8"
        )
        folders[fmt] = folder
    return folders


def render_with_quarto(
    notebooks: Sequence[Path],
    out_dir: Path,
    config: ReportConfig,
    cover: Cover,
    quarto: Path,
) -> QuartoReport:
    """Render executed notebooks with Quarto into ``scorecard.html`` and ``scorecard.pdf``.

    Parameters
    ----------
    notebooks : sequence of Path
        Executed notebooks, chapters of ``config`` (put in chapter order).
    out_dir : Path
        Folder for the two files (created if missing).
    config : ReportConfig
        From :func:`helpers.core.config.load_report_config`.
    cover : Cover
        Month, area, author, publication date and banner, as for
        :func:`helpers.publish.assemble.assemble`.
    quarto : Path
        The ``quarto`` executable (:func:`find_quarto`).

    Returns
    -------
    QuartoReport
        Paths written, Quarto's warnings about the document, and timings.

    Raises
    ------
    AssemblyError
        If a notebook is unusable (named), Quarto fails (its last messages), or the page
        would load something from a network.
    """
    start = time.perf_counter()
    ordered = _order_notebooks([Path(nb) for nb in notebooks], config)
    for notebook in ordered:
        _check_notebook(notebook)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    targets = {fmt: out_dir / name for fmt, name in FORMATS.items()}
    for stale in targets.values():  # a failed render leaves no outputs behind
        stale.unlink(missing_ok=True)
    env = {**os.environ, "SOURCE_DATE_EPOCH": _epoch(cover)}
    timings: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="scorecard-quarto-") as tmp:
        folders = _write_document(ordered, config, cover, Path(tmp))
        timings["document"] = time.perf_counter() - start
        with ThreadPoolExecutor(max_workers=len(folders)) as pool:
            runs = {fmt: pool.submit(_quarto, quarto, fmt, f, env) for fmt, f in folders.items()}
            results = {fmt: run.result() for fmt, run in runs.items()}
        page = results["html"][0].read_text(encoding="utf-8")
        if loads := sorted(set(NETWORK.findall(page))):
            raise AssemblyError(f"quarto render --to html: the page would load {loads}")
        for fmt, (output, _) in results.items():
            shutil.copyfile(output, targets[fmt])
    warnings = tuple(w for _, stderr in results.values() for w in _warnings(stderr))
    timings["total"] = time.perf_counter() - start
    return QuartoReport(targets["html"], targets["typst"], warnings, timings)
