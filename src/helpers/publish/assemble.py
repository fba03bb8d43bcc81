"""Assemble executed section notebooks into one HTML page and one PDF.

The assembler never runs code: it reads the notebooks Papermill executed and renders them
with the two engines Quarto itself drives, pandoc (from the ``pypandoc-binary`` wheel) and
Typst (from the ``typst`` wheel), configured by the project's ``_quarto.yml``:

1. each notebook is read on its own by pandoc's ipynb reader into pandoc's JSON AST, with
   every output representation kept (``--ipynb-output=all``), so a failure names its
   notebook;
2. the ASTs are joined, one ``scorecard-section`` div per notebook in chapter order;
3. pandoc writes the HTML page (``templates/scorecard.html``) and the Typst source
   (``templates/scorecard.typ``); the Lua filter ``templates/select-outputs.lua`` keeps
   one representation of each output, ranked as Quarto ranks them (see
   :mod:`helpers.render.display`), and turns local images into ``data:`` URIs;
4. the CSS, the Vega bundle (``vl_convert.javascript_bundle``) and
   ``templates/render-charts.js`` are inlined, the last two once and only if the page has
   a chart. The page is always self-contained (Quarto's ``embed-resources: true``),
   without pandoc's ``--embed-resources``, which re-parses the whole page and took most
   of the assembly time;
5. Typst compiles the PDF with a fixed timestamp (the publication date), so the same
   notebooks always give the same bytes.

When the notebooks sit in ``<report>/notebooks/``, the assembler also writes a Quarto book
project into ``<report>/`` (a copy of ``_quarto.yml``, ``index.qmd`` and ``_scorecard/``)
so that ``quarto render <report>`` renders the same notebooks.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
import warnings
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

import yaml

from helpers.core.paths import TEMPLATES
from helpers.publish.pdf_tags import PdfTagError, mark_row_headers, row_header_columns
from helpers.render.display import typst_string

__all__ = [
    "AssembledReport",
    "AssemblyError",
    "ConfigError",
    "HtmlOptions",
    "ReportConfig",
    "TypstOptions",
    "assemble",
    "format_date",
    "load_report_config",
    "parse_date",
]

ASSET_PREFIX = "_scorecard/"
NOTEBOOK_FOLDER = "notebooks"
INDEX_PAGE = "index.qmd"
SCRIPTS_PLACEHOLDER = "<!-- scorecard:scripts -->"
STYLES_PLACEHOLDER = "<!-- scorecard:styles -->"
T = TypeVar("T")
#: Banner shown on the cover and every page when the metadata says ``synthetic: yes``.
SYNTHETIC_BANNER = "SYNTHETIC DATA: these are not real figures and must not be published"
HTML_NAME = "scorecard.html"
PDF_NAME = "scorecard.pdf"

_LENGTH = re.compile(r"^\d+(\.\d+)?(mm|cm|pt|in|em)$")
_MARGIN_SIDES = ("x", "y", "top", "bottom", "left", "right")
_DATE_TOKENS = re.compile(r"\[[^\]]*\]|YYYY|YY|MMMM|MMM|MM|M|Do|DD|D|dddd|ddd")


class AssemblyError(RuntimeError):
    """Raised when a notebook cannot be assembled; the message names the notebook."""


class ConfigError(ValueError):
    """Raised when ``_quarto.yml`` lacks a key the assembler needs or has a bad value."""


@dataclass(frozen=True)
class HtmlOptions:
    """HTML page options (``format: html:`` in ``_quarto.yml``)."""

    css: tuple[Path, ...]
    toc: bool = True
    toc_depth: int = 2
    toc_title: str = "Contents"


@dataclass(frozen=True)
class TypstOptions:
    """PDF options (``format: typst:`` and ``scorecard:`` in ``_quarto.yml``)."""

    paper: str = "a4"
    margin: tuple[tuple[str, str], ...] = (("x", "12mm"), ("y", "14mm"))
    fonts: tuple[str, ...] = ("Liberation Sans",)
    font_size: str = "10pt"
    table_font_size: str = "7pt"
    font_paths: tuple[Path, ...] = ()
    toc: bool = True
    toc_depth: int = 1
    landscape: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ReportConfig:
    """The report configuration read from ``_quarto.yml``.

    Attributes
    ----------
    title, subtitle, author : str
        From ``book:``; shown on the cover page of both outputs.
    date_format : str
        Quarto ``date-format`` string (``Do MMMM YYYY``) for the publication date.
    lang : str
        Document language (``en-GB``).
    chapters : tuple of str
        Notebook file names in published order (``index.qmd`` left out).
    html, typst : HtmlOptions, TypstOptions
        Per-format options.
    source : Path
        The ``_quarto.yml`` read.
    """

    title: str
    subtitle: str
    author: str
    date_format: str
    lang: str
    chapters: tuple[str, ...]
    html: HtmlOptions
    typst: TypstOptions
    source: Path


@dataclass(frozen=True)
class AssembledReport:
    """What :func:`assemble` wrote, and how long each step took (seconds)."""

    html: Path
    pdf: Path
    quarto_project: Path | None = None
    timings: Mapping[str, float] = field(default_factory=dict, compare=False)


# --------------------------------------------------------------------------- config


def load_report_config(path: Path = Path("_quarto.yml")) -> ReportConfig:
    """Read the report configuration from a Quarto project file.

    Parameters
    ----------
    path : Path, optional
        The ``_quarto.yml``; asset paths starting ``_scorecard/`` resolve to
        ``src/helpers/templates/``, other relative paths to the file's folder.

    Returns
    -------
    ReportConfig
        The configuration.

    Raises
    ------
    ConfigError
        If the file is missing, is not a mapping, or lacks ``book.title`` or chapters.
    """
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ConfigError(f"{path}: cannot read the report configuration: {error}") from error
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a YAML mapping")
    book = _mapping(data, "book", path)
    formats = _mapping(data, "format", path)
    custom = data.get("scorecard") or {}
    if "title" not in book:
        raise ConfigError(f"{path}: book.title is missing")
    return ReportConfig(
        title=str(book["title"]),
        subtitle=str(book.get("subtitle", "")),
        author=_author(book.get("author", "")),
        date_format=str(data.get("date-format", "D MMMM YYYY")),
        lang=str(data.get("lang", "en-GB")),
        chapters=_chapters(book, path),
        html=_html_options(formats.get("html") or {}, path),
        typst=_typst_options(formats.get("typst") or {}, custom, path),
        source=path.resolve(),
    )


def _mapping(data: Mapping[str, Any], key: str, path: Path) -> Mapping[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise ConfigError(f"{path}: `{key}:` must be a mapping")
    return value


def _author(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(
            str(item.get("name", item)) if isinstance(item, dict) else str(item) for item in value
        )
    return str(value)


def _chapters(book: Mapping[str, Any], path: Path) -> tuple[str, ...]:
    names: list[str] = []
    for entry in book.get("chapters") or []:
        chapter = entry.get("href", "") if isinstance(entry, dict) else str(entry)
        if chapter == INDEX_PAGE:
            continue
        if not chapter.startswith(f"{NOTEBOOK_FOLDER}/") or not chapter.endswith(".ipynb"):
            raise ConfigError(f"{path}: chapter {chapter!r} is not notebooks/<name>.ipynb")
        names.append(chapter.removeprefix(f"{NOTEBOOK_FOLDER}/"))
    if not names:
        raise ConfigError(f"{path}: book.chapters lists no notebooks")
    if len(set(names)) != len(names):
        raise ConfigError(f"{path}: book.chapters lists a notebook twice")
    return tuple(names)


def _html_options(html: Mapping[str, Any], path: Path) -> HtmlOptions:
    css = html.get("css") or []
    css_list = [css] if isinstance(css, str) else list(css)
    return HtmlOptions(
        css=tuple(_asset(str(item), path) for item in css_list),
        toc=bool(html.get("toc", True)),
        toc_depth=int(html.get("toc-depth", 2)),
        toc_title=str(html.get("toc-title", "Contents")),
    )


def _typst_options(typst: Mapping[str, Any], custom: Mapping[str, Any], path: Path) -> TypstOptions:
    margin = typst.get("margin") or {"x": "12mm", "y": "14mm"}
    if not isinstance(margin, dict) or not set(margin) <= set(_MARGIN_SIDES):
        raise ConfigError(f"{path}: format.typst.margin must map {_MARGIN_SIDES} to lengths")
    fonts = [str(typst["mainfont"])] if typst.get("mainfont") else []
    fonts += [str(font) for font in custom.get("fonts") or [] if str(font) not in fonts]
    landscape = frozenset(str(name) for name in custom.get("landscape") or [])
    return TypstOptions(
        paper=str(typst.get("papersize", "a4")),
        margin=tuple((side, _length(str(value), path)) for side, value in margin.items()),
        fonts=tuple(fonts) or ("Liberation Sans",),
        font_size=_length(str(typst.get("fontsize", "10pt")), path),
        table_font_size=_length(str(custom.get("table-font-size", "7pt")), path),
        font_paths=tuple(path.parent / str(item) for item in custom.get("font-paths") or []),
        toc=bool(typst.get("toc", True)),
        toc_depth=int(typst.get("toc-depth", 1)),
        landscape=landscape,
    )


def _length(value: str, path: Path) -> str:
    if not _LENGTH.match(value):
        raise ConfigError(f"{path}: {value!r} is not a length such as 12mm or 9.5pt")
    return value


def _asset(value: str, path: Path) -> Path:
    if value.startswith(ASSET_PREFIX):
        return TEMPLATES / value.removeprefix(ASSET_PREFIX)
    return (path.parent / value).resolve()


def format_date(value: dt.date, pattern: str) -> str:
    """Format a date with a Quarto/dayjs ``date-format`` pattern.

    Parameters
    ----------
    value : datetime.date
        The date.
    pattern : str
        Tokens ``YYYY YY MMMM MMM MM M Do DD D dddd ddd``; text in ``[...]`` is literal.

    Returns
    -------
    str
        The formatted date.

    Examples
    --------
    >>> format_date(dt.date(2025, 12, 22), "Do MMMM YYYY")
    '22nd December 2025'
    """
    day = value.day
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    tokens = {
        "YYYY": f"{value.year:04d}",
        "YY": f"{value.year % 100:02d}",
        "MMMM": value.strftime("%B"),
        "MMM": value.strftime("%b"),
        "MM": f"{value.month:02d}",
        "M": str(value.month),
        "Do": f"{day}{suffix}",
        "DD": f"{day:02d}",
        "D": str(day),
        "dddd": value.strftime("%A"),
        "ddd": value.strftime("%a"),
    }

    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        return token[1:-1] if token.startswith("[") else tokens[token]

    return _DATE_TOKENS.sub(replace, pattern)


# --------------------------------------------------------------------------- assemble


@dataclass(frozen=True)
class _Cover:
    """The report's cover details, from the metadata given to :func:`assemble`."""

    month: str
    area: str
    author: str
    publication_date: str
    published_on: dt.date | None
    banner: str | None


def assemble(
    notebooks: Sequence[Path],
    out_dir: Path,
    config: ReportConfig,
    metadata: Mapping[str, str],
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
        From :func:`load_report_config`.
    metadata : mapping of str to str
        ``month`` (label, e.g. "November 2025"), ``area`` (e.g. "Kent"),
        ``publication_date`` (ISO date, formatted with ``config.date_format``, or text as
        it should read) and optionally ``banner`` (e.g. synthetic-data warning shown on
        the cover and on every page).

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
    cover = _cover(metadata, config)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    html_path, pdf_path = out_dir / HTML_NAME, out_dir / PDF_NAME
    for stale in (html_path, pdf_path):  # a failed assembly leaves no outputs behind
        stale.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="scorecard-") as tmp:
        work = Path(tmp)
        docs = _read_notebooks(ordered, work)
        timings["read"] = time.perf_counter() - start
        document = _join(docs, ordered, config, cover)
        with ThreadPoolExecutor(max_workers=1) as pool:
            # pandoc writes the page in its own process while Typst makes the PDF here
            page = pool.submit(_render_html, document, work, config)
            _render_pdf(document, work, config, cover, pdf_path)
            timings["pdf"] = time.perf_counter() - start - timings["read"]
            html_path.write_text(_finish_page(page.result(), config), encoding="utf-8")
        timings["html"] = time.perf_counter() - start - timings["read"] - timings["pdf"]
    project = _write_quarto_project(ordered, config, cover)
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


def _cover(metadata: Mapping[str, str], config: ReportConfig) -> _Cover:
    meta = {key.lower().replace("-", "_"): str(value) for key, value in metadata.items()}
    if not meta.get("month"):
        raise AssemblyError("metadata needs `month` (the month label for the cover)")
    raw_date = meta.get("publication_date", "").strip()
    published_on = parse_date(raw_date, config.date_format)
    shown = format_date(published_on, config.date_format) if published_on else raw_date
    banner = meta.get("banner") or None
    if banner is None and meta.get("synthetic", "").lower() in {"yes", "true", "1"}:
        banner = SYNTHETIC_BANNER
    return _Cover(
        month=meta["month"],
        area=meta.get("area", ""),
        author=meta.get("produced_by") or config.author,
        publication_date=shown,
        published_on=published_on,
        banner=banner,
    )


def parse_date(text: str, pattern: str) -> dt.date | None:
    """Read a date written as ISO (``2025-12-22``) or with a ``date-format`` pattern.

    Parameters
    ----------
    text : str
        The date as written, e.g. "22nd December 2025".
    pattern : str
        The pattern it was written with (see :func:`format_date`).

    Returns
    -------
    datetime.date or None
        The date, or None if the text is neither.

    Examples
    --------
    >>> parse_date("22nd December 2025", "Do MMMM YYYY")
    datetime.date(2025, 12, 22)
    """
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    months = "|".join(dt.date(2000, m, 1).strftime("%B") for m in range(1, 13))
    groups = {
        "YYYY": r"(?P<year>\d{4})",
        "MMMM": rf"(?P<month_name>{months})",
        "MMM": r"(?P<month_abbr>[A-Z][a-z]{2})",
        "MM": r"(?P<month>\d{2})",
        "M": r"(?P<month>\d{1,2})",
        "Do": r"(?P<day>\d{1,2})(?:st|nd|rd|th)",
        "DD": r"(?P<day>\d{2})",
        "D": r"(?P<day>\d{1,2})",
        "dddd": r"[A-Z][a-z]+",
        "ddd": r"[A-Z][a-z]{2}",
    }
    parts, position = [], 0
    for match in _DATE_TOKENS.finditer(pattern):
        parts.append(re.escape(pattern[position : match.start()]))
        token = match.group(0)
        parts.append(re.escape(token[1:-1]) if token.startswith("[") else groups.get(token, ".+"))
        position = match.end()
    parts.append(re.escape(pattern[position:]))
    try:
        found = re.fullmatch("".join(parts), text)
    except re.error:  # a token used twice: not a pattern we can read back
        return None
    return _date_from(found.groupdict()) if found else None


def _date_from(fields: Mapping[str, str | None]) -> dt.date | None:
    month_name = fields.get("month_name") or fields.get("month_abbr")
    try:
        month = (
            dt.datetime.strptime(month_name[:3], "%b").month if month_name else int(fields["month"])
        )
        return dt.date(int(fields["year"]), month, int(fields["day"]))
    except (KeyError, TypeError, ValueError):
        return None


# --------------------------------------------------------------------------- pandoc


@functools.cache
def _pandoc_path() -> str:
    import pypandoc

    return pypandoc.get_pandoc_path()


def _pandoc(args: list[str], cwd: Path, stdin: str | None, what: str) -> str:
    """Run pandoc; raise :class:`AssemblyError` naming ``what`` if it fails."""
    result = subprocess.run(
        [_pandoc_path(), *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    if result.returncode != 0:
        raise AssemblyError(f"{what}: pandoc failed: {result.stderr.strip()}")
    return result.stdout


def _read_notebooks(notebooks: list[Path], work: Path) -> list[dict[str, Any]]:
    """Read each notebook into pandoc's JSON AST (in parallel, results in order)."""

    def read(notebook: Path) -> dict[str, Any]:
        args = [
            "--from=ipynb",
            "--to=json",
            "--ipynb-output=all",
            f"--extract-media=media/{notebook.stem}",
            str(notebook.resolve()),
        ]
        return json.loads(_pandoc(args, work, None, notebook.name))

    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(read, notebooks))


def _section_id(name: str) -> str:
    return "section-" + re.sub(r"[^a-z0-9]+", "-", Path(name).stem.lower()).strip("-")


def _join(
    docs: list[dict[str, Any]], notebooks: list[Path], config: ReportConfig, cover: _Cover
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
        "author": cover.author,
        "month": cover.month,
        "area": cover.area,
        "publication-date": cover.publication_date,
        "lang": config.lang,
        "toc-title": config.html.toc_title,
    }
    if cover.banner:
        values["banner"] = cover.banner
    meta = {key: {"t": "MetaString", "c": value} for key, value in values.items() if value}
    return {"pandoc-api-version": docs[0]["pandoc-api-version"], "meta": meta, "blocks": blocks}


# --------------------------------------------------------------------------- HTML


def _render_html(document: dict[str, Any], work: Path, config: ReportConfig) -> str:
    options = config.html
    args = [
        "--from=json",
        "--to=html5",
        f"--template={TEMPLATES / 'scorecard.html'}",
        f"--lua-filter={TEMPLATES / 'select-outputs.lua'}",
        "--metadata=heading-shift:1",
        "--wrap=none",
    ]
    if options.toc:
        # +1: notebook headings move one level down, under the page's only <h1>.
        args += ["--toc", f"--toc-depth={options.toc_depth + 1}"]
    return _naming_the_notebook(
        document, lambda doc: _pandoc(args, work, json.dumps(doc), "HTML page")
    )


def _finish_page(page: str, config: ReportConfig) -> str:
    """Inline the CSS, and the Vega bundle and chart script once if the page has a chart."""
    for placeholder in (STYLES_PLACEHOLDER, SCRIPTS_PLACEHOLDER):
        if placeholder not in page:
            raise AssemblyError(f"HTML page: the template lost its {placeholder} placeholder")
    styles = []
    for css in config.html.css:
        try:
            text = css.read_text(encoding="utf-8")
        except OSError as error:
            raise AssemblyError(f"{config.source.name}: css {css}: {error}") from error
        safe = re.sub(r"</(style)", r"<\\/\1", text, flags=re.IGNORECASE)
        styles.append(f"<style>\n{safe}</style>")
    versions = sorted(set(re.findall(r'<figure class="chart"[^>]*data-vl-version="([^"]*)"', page)))
    scripts = charts_script(max(versions, key=_version_key) or None) if versions else ""
    page = page.replace(STYLES_PLACEHOLDER, "\n".join(styles), 1)
    return _unique_region_names(page.replace(SCRIPTS_PLACEHOLDER, scripts, 1))


_REGION_OR_SECTION = re.compile(
    r'<h2[^>]*>(?P<heading>.*?)</h2>|role="region" aria-label="(?P<name>[^"]*)"', re.DOTALL
)


def _unique_region_names(page: str) -> str:
    """Give every scroll region of the page its own name (WCAG landmarks must differ).

    Each notebook names a table's region after its caption; two sections can hold tables
    with the same title, so a repeated name gets its section's heading added.
    """
    seen: set[str] = set()
    section = ""

    def rename(match: re.Match[str]) -> str:
        nonlocal section
        if match.group("heading") is not None:
            section = html.escape(html.unescape(re.sub(r"<[^>]+>", "", match.group("heading"))))
            return match.group(0)
        name = match.group("name")
        if name in seen and section:
            name = f"{name} ({section})"
        number = 2
        while name in seen:
            name, number = f"{match.group('name')} ({number})", number + 1
        seen.add(name)
        return f'role="region" aria-label="{name}"'

    return _REGION_OR_SECTION.sub(rename, page)


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split(".") if part.isdigit())


@functools.cache
def charts_script(vl_version: str | None = None) -> str:
    """Return the ``<script>`` elements that draw charts: the Vega bundle and our renderer.

    Parameters
    ----------
    vl_version : str, optional
        Vega-Lite ``major.minor`` to bundle (the charts' version); latest if None.

    Returns
    -------
    str
        Two ``<script type="module">`` elements with everything inline.
    """
    bundle = _vega_bundle(vl_version)
    renderer = (TEMPLATES / "render-charts.js").read_text(encoding="utf-8")
    return (
        f'<script type="module" id="vega-bundle">{_script_safe(bundle)}</script>\n'
        f'<script type="module" id="render-charts">\n{_script_safe(renderer)}</script>'
    )


def _vega_bundle(vl_version: str | None) -> str:
    """Bundle vega, vega-lite and vega-embed, cached on disk (the first bundle takes ~2 s).

    The cache (``$SCORECARD_CACHE``, else ``$XDG_CACHE_HOME/scorecard``, else
    ``~/.cache/scorecard``) is keyed by the vl-convert version, so it holds exactly what
    ``vl_convert.javascript_bundle`` returns; an unusable cache is skipped.
    """
    import vl_convert

    name = f"vega-bundle-{metadata.version('vl-convert-python')}-{vl_version or 'latest'}.js"
    cached = _cache_dir() / name
    try:
        text = cached.read_text(encoding="utf-8")
        if "window.vegaEmbed=" in text:
            return text
    except OSError:
        pass
    bundle = (
        vl_convert.javascript_bundle(vl_version=vl_version)
        if vl_version
        else vl_convert.javascript_bundle()
    )
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(bundle, encoding="utf-8")
        partial.replace(cached)
    except OSError:
        pass
    return bundle


def _cache_dir() -> Path:
    if os.environ.get("SCORECARD_CACHE"):
        return Path(os.environ["SCORECARD_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "scorecard"


def _script_safe(code: str) -> str:
    return re.sub(r"</(script)", r"<\\/\1", code, flags=re.IGNORECASE)


# --------------------------------------------------------------------------- PDF


def _typst_source(document: dict[str, Any], work: Path, what: str) -> str:
    args = [
        "--from=json",
        "--to=typst",
        f"--template={TEMPLATES / 'scorecard.typ'}",
        f"--lua-filter={TEMPLATES / 'select-outputs.lua'}",
        "--metadata=heading-shift:0",
        "--wrap=none",
    ]
    return _pandoc(args, work, json.dumps(document), what)


def _settings(config: ReportConfig, cover: _Cover) -> str:
    options = config.typst

    def content(text: str) -> str:
        return f"[#{typst_string(text)}]"

    margin = ", ".join(f"{side}: {value}" for side, value in options.margin)
    fonts = ", ".join(typst_string(font) for font in options.fonts)
    banner = content(cover.banner) if cover.banner else "none"
    lines = [
        "// Written by helpers.publish.assemble from _quarto.yml and the report metadata.",
        "#let settings = (",
        f"  title: {typst_string(config.title)},",
        f"  subtitle: {content(config.subtitle)},",
        f"  author: {typst_string(cover.author)},",
        f"  month: {typst_string(cover.month)},",
        f"  area: {typst_string(cover.area)},",
        f"  publication-date: {content(cover.publication_date)},",
        f"  banner: {banner},",
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


def _render_pdf(
    document: dict[str, Any], work: Path, config: ReportConfig, cover: _Cover, pdf: Path
) -> None:
    (work / "scorecard-settings.typ").write_text(_settings(config, cover), encoding="utf-8")
    source, output = work / "scorecard.typ", work / PDF_NAME

    def render(doc: dict[str, Any]) -> None:
        text = _typst_source(doc, work, "PDF")
        source.write_text(text, encoding="utf-8")
        _compile(source, work, config, cover, output)
        try:
            mark_row_headers(output, row_header_columns(text))
        except PdfTagError as error:  # a table of a notebook's own: no row headers guessed
            warnings.warn(f"{error}; the PDF's tables keep no row headers", stacklevel=2)

    _naming_the_notebook(document, render)
    shutil.copyfile(output, pdf)


def _compile(source: Path, work: Path, config: ReportConfig, cover: _Cover, pdf: Path) -> None:
    import typst

    published = cover.published_on or dt.date(2000, 1, 1)
    timestamp = dt.datetime(published.year, published.month, published.day, tzinfo=dt.UTC)
    try:
        typst.compile(
            source,
            output=pdf,
            root=work,
            font_paths=[str(path) for path in config.typst.font_paths],
            timestamp=timestamp,
            pdf_standards=["ua-1"],
        )
    except typst.TypstError as error:
        raise AssemblyError(f"Typst failed: {error.message} {error.diagnostic}".strip()) from error


def _naming_the_notebook(document: dict[str, Any], render: Callable[[dict[str, Any]], T]) -> T:
    """Render the document; on failure render each notebook's section alone to name it."""
    try:
        return render(document)
    except AssemblyError as error:
        for section in document["blocks"]:
            try:
                render({**document, "blocks": [section]})
            except AssemblyError:
                notebook = dict(section["c"][0][2]).get("notebook", "a notebook")
                raise AssemblyError(f"{notebook}: {error}") from error
        raise


# --------------------------------------------------------------------------- Quarto


def _write_quarto_project(
    notebooks: list[Path], config: ReportConfig, cover: _Cover
) -> Path | None:
    """Write the Quarto book beside ``<report>/notebooks/`` so ``quarto render`` works too."""
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
        + f". Produced by {cover.author}; publication date {cover.publication_date}.\n"
    )
    (report / INDEX_PAGE).write_text(f"---\n{front_matter}---\n\n{body}", encoding="utf-8")
    return report
