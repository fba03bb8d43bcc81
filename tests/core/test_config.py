"""Tests of helpers.core.config: what the assembler reads from ``_quarto.yml`` and the env."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml
from support import ROOT

from helpers.core.config import (
    ConfigError,
    ReportConfig,
    load_report_config,
    resolve_chart_style,
    user_cache_dir,
)
from helpers.core.paths import TEMPLATES
from helpers.publish.cover import format_date

QUARTO_YML = ROOT / "_quarto.yml"
PUBLISHED_ORDER = (
    "00-cover.ipynb",
    "01-activity.ipynb",
    "02-send.ipynb",
    "03-ics-kpis.ipynb",
    "04-education-kpis.ipynb",
    "05-commentary.ipynb",
    "06-vulnerable-learners.ipynb",
    "07-data-sources.ipynb",
    "08-definitions.ipynb",
)


@pytest.fixture(scope="module")
def config() -> ReportConfig:
    return load_report_config(QUARTO_YML)


def test_config_lists_the_sections_in_published_order(config: ReportConfig) -> None:
    assert config.chapters == PUBLISHED_ORDER
    assert config.title == "Children, Young People and Education Directorate Scorecard"
    assert config.lang == "en-GB"
    assert config.typst.landscape <= set(config.chapters)
    assert "02-send.ipynb" in config.typst.landscape
    assert "00-cover.ipynb" not in config.typst.landscape
    assert all(css.is_file() for css in config.html.css)
    assert config.typst.fonts[0] == "Liberation Sans"


def test_quarto_yml_is_a_quarto_book_with_only_quarto_keys_outside_scorecard() -> None:
    data = yaml.safe_load(QUARTO_YML.read_text(encoding="utf-8"))
    assert data["project"]["type"] == "book"
    chapters = data["book"]["chapters"]
    assert chapters[0] == "index.qmd"
    assert chapters[1:] == [f"notebooks/{name}" for name in PUBLISHED_ORDER]
    assert data["execute"]["enabled"] is False
    assert data["format"]["html"]["embed-resources"] is True
    assert set(data["format"]) == {"html", "typst"}
    templates = ROOT / "src" / "helpers" / "templates"
    for key in ("css", "include-after-body"):
        value = data["format"]["html"][key]
        assert value.startswith("_scorecard/")
        if key == "css":
            assert (templates / value.removeprefix("_scorecard/")).is_file()


def _write_config(tmp_path: Path, change: dict) -> Path:
    data = yaml.safe_load(QUARTO_YML.read_text(encoding="utf-8"))
    for dotted, value in change.items():
        *parents, last = dotted.split(".")
        node = data
        for key in parents:
            node = node[key]
        if value is None:
            del node[last]
        else:
            node[last] = value
    path = tmp_path / "_quarto.yml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"book.title": None}, "book.title"),
        ({"book.chapters": ["index.qmd"]}, "no notebooks"),
        ({"book.chapters": ["index.qmd", "sections/01.ipynb"]}, "notebooks/<name>.ipynb"),
        ({"format.typst.margin": {"x": "wide"}}, "length"),
        ({"format.typst.margin": {"middle": "1cm"}}, "margin"),
        ({"format": None}, "format"),
    ],
)
def test_bad_config_is_refused_with_the_key_named(
    tmp_path: Path, change: dict, message: str
) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_report_config(_write_config(tmp_path, change))


def test_missing_config_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        load_report_config(tmp_path / "_quarto.yml")


def test_the_projects_config_has_what_the_assembler_reads(config: ReportConfig) -> None:
    """Every chapter is a notebook that exists, in file-name order, after index.qmd."""
    data = yaml.safe_load(QUARTO_YML.read_text(encoding="utf-8"))
    assert data["book"]["chapters"][0] == "index.qmd"
    notebooks = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9]*.ipynb"))
    assert list(config.chapters) == notebooks  # every section notebook, none missing, in order
    assert all((ROOT / "notebooks" / name).is_file() for name in config.chapters)
    assert set(data["format"]) == {"html", "typst"}
    # the keys assemble reads, with the values the published report is built with
    assert config.author and config.subtitle
    assert format_date(dt.date(2025, 12, 22), config.date_format) == ("22nd December 2025")
    assert [css.name for css in config.html.css] == ["scorecard.css"]
    assert all(css.parent == TEMPLATES and css.is_file() for css in config.html.css)
    assert config.html.toc and config.typst.toc
    assert config.typst.paper == "a4"
    assert dict(config.typst.margin) == {"x": "12mm", "y": "14mm"}
    assert config.typst.font_size == "9pt" and config.typst.table_font_size == "6.5pt"
    assert config.typst.fonts[:2] == ("Liberation Sans", "Arial")
    assert config.typst.landscape <= set(config.chapters)
    assert all(path.is_dir() for path in config.typst.font_paths)


def test_chart_style_and_cache_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SCORECARD_CHART_STYLE", "mdc")
    assert resolve_chart_style() == "mdc" and resolve_chart_style("trend") == "trend"
    with pytest.raises(ValueError, match="unknown chart style 'pie'"):
        resolve_chart_style("pie")
    monkeypatch.setenv("SCORECARD_CACHE", str(tmp_path))
    assert user_cache_dir() == tmp_path
    monkeypatch.delenv("SCORECARD_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert user_cache_dir() == tmp_path / "xdg" / "scorecard"
