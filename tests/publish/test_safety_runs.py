"""Runs with bad input leave the earlier report byte-identical; the page is safe by construction.

One real run publishes Kent's November 2025 report in a scratch project. Each bad input is
then refused by ``scorecard run`` (non-zero exit, file, line and field, no traceback) and
every published file stays byte-identical. A run with hostile commentary publishes a page
in which no element has a script, an event handler, a frame or a ``javascript:`` URL; and
chromium, with the network off, shows the page's Content-Security-Policy stopping a script
injected into the page while every chart is still drawn.
"""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from support.bad_inputs import (
    FIGURES,
    PARAMS,
    SEND,
    append,
    figure,
    make_mini_project,
    replace,
    run_cli,
)
from support.browser import chromium_available, open_page

pytestmark = pytest.mark.slow
REPORT = Path("reports/2025-11/kent")
RUN = ("run", "--month", "2025-11", "--area", "kent")


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_mini_project(tmp_path_factory.mktemp("published") / "project")
    code, output = run_cli(project, *RUN)
    assert code == 0, output
    return project


@pytest.fixture
def copy(published: Path, tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(published, project, symlinks=True)
    return project


@pytest.mark.parametrize(
    ("edit", "code", "words"),
    [
        pytest.param(
            append(FIGURES, figure("149")),
            1,
            f"{FIGURES}, line {{line}}, field 'value'",
            id="percent-149",
        ),
        pytest.param(
            append(FIGURES, figure("50.0", "1", "0")),
            1,
            f"{FIGURES}, line {{line}}, field 'denominator'",
            id="zero-denominator",
        ),
        pytest.param(
            replace(PARAMS, "commentary:\n", "comentary:\n"),
            2,
            f"{PARAMS}, line {{line}}: field 'comentary'",
            id="misspelt-key",
        ),
        pytest.param(
            replace(PARAMS, "  send: 2025-11/commentary-send.md", "  send: ../../../../etc/passwd"),
            2,
            f"{PARAMS}, line {{line}}: field 'commentary.send'",
            id="path-traversal",
        ),
        pytest.param(
            replace(SEND, "While 20 week", "### no-such-indicator\n\nWhile 20 week"),
            2,
            "commentary-send.md, line {line}: unknown indicator id",
            id="unknown-commentary-id",
        ),
    ],
)
def test_refused_run_leaves_the_report_byte_identical(
    copy: Path, edit, code: int, words: str
) -> None:
    before = _snapshot(copy / REPORT)
    line = edit(copy)
    status, output = run_cli(copy, *RUN)
    assert status == code, output
    assert "Traceback" not in output
    assert words.format(line=line) in output, output
    assert _snapshot(copy / REPORT) == before


def test_corrupt_store_is_rebuilt_and_the_run_is_up_to_date(copy: Path) -> None:
    before = _snapshot(copy / REPORT)
    (copy / "build/scorecard.duckdb").write_bytes(b"not a database" * 100)
    status, output = run_cli(copy, *RUN, "--force")
    assert status == 0, output
    assert _snapshot(copy / REPORT)["scorecard.csv"] == before["scorecard.csv"]


HOSTILE = """<script>document.title = "pwned"</script>

<img src=x onerror="document.title = 'pwned'"> <iframe src="https://example.org"></iframe>

[click](javascript:alert(1)) [hover]{onmouseover="alert(1)"} <a href="javascript:alert(2)">x</a>

<svg onload="alert(3)"></svg> <object data="x"></object> <embed src="x"> <frame src="x">

```{=html}
<script>alert(4)</script>
```

"""


class _Elements(HTMLParser):
    """Every element of a page with its attributes, and the text of each script element."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))


def test_hostile_commentary_is_published_harmless(copy: Path) -> None:
    line = replace(SEND, "While 20 week", HOSTILE + "While 20 week")(copy)
    status, output = run_cli(copy, *RUN)
    assert status == 0, output
    assert f"WARNING: {SEND}, line {line}, field 'note': removed raw HTML '<script>" in output
    assert (
        f"WARNING: {SEND}, line {line + 4}, field 'note': removed the link to "
        "'javascript:alert(1)'" in output
    )
    page = (copy / REPORT / "scorecard.html").read_text(encoding="utf-8")
    parser = _Elements()
    parser.feed(page)
    scripts = []
    for tag, attrs in parser.elements:
        assert tag not in ("iframe", "frame", "object", "embed", "base"), tag
        assert not [name for name in attrs if name.lower().startswith("on")], (tag, attrs)
        for name in ("href", "src", "data", "action", "xlink:href"):
            assert (
                not (attrs.get(name) or "").strip().lower().startswith(("javascript:", "vbscript:"))
            ), (tag, attrs)
        if tag == "script":
            scripts.append(attrs.get("id") or attrs.get("type"))
    assert set(scripts) == {"vega-bundle", "render-charts", "application/json"}
    assert "While 20 week rolling annual average" in page


@pytest.mark.browser
@pytest.mark.skipif(not chromium_available(), reason="Debian chromium is not installed")
def test_csp_stops_an_injected_script_and_the_charts_still_draw(
    published: Path, tmp_path: Path
) -> None:
    page = (published / REPORT / "scorecard.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'' in page
    injected = (
        "<script>document.body.dataset.pwned = 'script'</script>"
        '<img src="x" onerror="document.body.dataset.pwned = \'handler\'">'
        '<a id="js" href="javascript:document.body.dataset.pwned=\'link\'">x</a>'
    )
    hostile = tmp_path / "scorecard.html"
    hostile.write_text(
        page.replace('<main id="main">', '<main id="main">' + injected, 1), encoding="utf-8"
    )
    check = (
        "() => { document.getElementById('js').click();"
        " return document.body.dataset.pwned || null; }"
    )
    report = open_page(hostile, evaluate=check)
    assert report.evaluated is None
    assert report.charts > 0 and report.charts_drawn == report.charts
    assert report.blocked_requests == []
    assert any("Content Security Policy" in e for e in report.console_errors)
    clean = open_page(published / REPORT / "scorecard.html", hover_first_chart=True)
    assert clean.charts_drawn == clean.charts > 0
    assert clean.tooltip_shown
    assert not [e for e in clean.console_errors if "Content Security Policy" in e]
