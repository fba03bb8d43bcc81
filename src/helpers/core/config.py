"""The report's configuration: ``_quarto.yml`` and the ``SCORECARD_*`` environment settings.

Both report engines read ``_quarto.yml`` (the assembler in :mod:`helpers.publish` and
``quarto render``); :func:`load_report_config` reads what the assembler needs and checks
it. The environment settings read here: ``SCORECARD_CHART_STYLE`` (the chart style of
the section notebooks, :func:`resolve_chart_style`), ``SCORECARD_CACHE`` (where the
Vega bundle is cached, :func:`user_cache_dir`), ``SCORECARD_CARD`` (the folder of the
scorecards a run hands to its notebooks, :func:`handed_card`). ``SCORECARD_SVG_CACHE``
(the folder of rendered SVGs) is named here and read by :mod:`helpers.render.chart_svg`;
``SCORECARD_ROOT`` is read by :mod:`helpers.core.paths`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from helpers.core.paths import TEMPLATES

ASSET_PREFIX = "_scorecard/"
"""Asset paths in ``_quarto.yml`` starting so resolve to ``src/helpers/templates/``."""
NOTEBOOK_FOLDER = "notebooks"
"""The chapters are ``notebooks/<name>.ipynb``."""
INDEX_PAGE = "index.qmd"
"""The Quarto book's first chapter (not a notebook)."""

CHART_STYLES = ("trend", "mdc")
"""How ``Section.charts`` draws: the trend charts, or Making Data Count SPC charts."""
CHART_STYLE_ENV = "SCORECARD_CHART_STYLE"
"""The environment variable choosing the chart style when ``open_section`` is not told."""
CACHE_ENV = "SCORECARD_CACHE"
"""The environment variable naming the user's cache folder (the Vega bundle)."""
CARD_ENV = "SCORECARD_CARD"
SVG_CACHE_ENV = "SCORECARD_SVG_CACHE"
"""Set by ``scorecard run`` in the kernels it starts: the scorecard it built, as a path
relative to the project (not an analyst's parameter)."""

_LENGTH = re.compile(r"^\d+(\.\d+)?(mm|cm|pt|in|em)$")
_MARGIN_SIDES = ("x", "y", "top", "bottom", "left", "right")


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


# --------------------------------------------------------------------------- environment


def resolve_chart_style(style: str | None = None) -> str:
    """The chart style: ``style`` if given, else ``SCORECARD_CHART_STYLE``, else "trend".

    Raises
    ------
    ValueError
        For a style other than "trend" or "mdc".
    """
    chosen = style or os.environ.get(CHART_STYLE_ENV, "") or "trend"
    if chosen not in CHART_STYLES:
        raise ValueError(f"unknown chart style {chosen!r}; expected one of {CHART_STYLES}")
    return chosen


def card_file_name(month: str, area: str) -> str:
    """The name of the scorecard a run hands over for one month and area."""
    return f"{month}-{area}.pkl"


def handed_card(month: str, area: str) -> str:
    """The scorecard ``scorecard run`` handed to its notebooks for ``month`` and ``area``.

    ``SCORECARD_CARD`` names the run's folder of scorecards (one per area, so kernels
    shared by the areas of a run serve them all); "" when there is none.
    """
    folder = os.environ.get(CARD_ENV, "")
    return str(Path(folder) / card_file_name(month, area)) if folder else ""


def user_cache_dir() -> Path:
    """The user's cache folder (the Vega bundle).

    ``$SCORECARD_CACHE``, else ``$XDG_CACHE_HOME/scorecard``, else ``~/.cache/scorecard``.
    """
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "scorecard"
