"""The commentary sanitiser: the subset kept, the rest removed and reported on its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.core.paths import PathError, confined
from helpers.engine.commentary import parse_commentary
from helpers.render.sanitise import (
    clean_commentary,
    clean_markdown,
    locate,
    publishable,
    sanitise_html,
)


def test_subset_round_trips_unchanged() -> None:
    text = 'A "quoted" *word* -- **strong** [link](https://example.org)\n\n- one\n- two'
    (cleaned,) = clean_markdown([text])
    assert cleaned.removals == ()
    assert publishable(cleaned.markdown).html == publishable(text).html


def test_each_text_is_cleaned_on_its_own() -> None:
    first, second = clean_markdown(["<div>\nopen", "*fine*"])
    assert second.markdown == "*fine*" and second.removals == ()
    assert [r.what for r in first.removals] == ["raw HTML '<div>' (its text kept)"]


@pytest.mark.parametrize(
    ("html", "kept"),
    [
        ("<p>a<script>alert(1)</script></p>", "<p>a</p>"),
        ('<p><img src="x" onerror="alert(1)">b</p>', "<p>b</p>"),
        ('<p><a href="javascript:alert(1)">c</a></p>', "<p><a>c</a></p>"),
        ('<p onclick="x"><em style="color:red">d</em></p>', "<p><em>d</em></p>"),
        ('<iframe src="https://example.org"></iframe><p>e</p>', "<p>e</p>"),
        (
            '<p><a href="https://example.org" target="_blank">f</a></p>',
            '<p><a href="https://example.org">f</a></p>',
        ),
    ],
)
def test_nh3_allowlist_catches_what_slips_through(html: str, kept: str) -> None:
    assert sanitise_html(html) == kept


def test_publishable_pdf_text_comes_from_the_sanitised_html() -> None:
    page = publishable("**RED:** text with <b onclick=x>raw</b> HTML")
    assert "onclick" not in page.html and "<b" not in page.html
    assert page.markdown.strip() == "**RED:** text with raw HTML"


def test_locate_finds_the_line_or_falls_back_to_the_start() -> None:
    lines = ["one", "two <script>", "three"]
    assert locate("<script>", lines, 1) == 2
    assert locate("nowhere", lines, 1) == 1
    assert locate("<script>", lines, 3) == 3


def test_removals_name_the_file_line_and_entry(tmp_path: Path) -> None:
    path = tmp_path / "commentary.md"
    path.write_text(
        "Note\n\n## Group\n\n### cic-kcc-foster-care\n\nText\n[x](javascript:alert(1))\n",
        encoding="utf-8",
    )
    cleaned, problems = clean_commentary(parse_commentary(path), path, "params/x.md")
    assert [str(p) for p in problems] == [
        "WARNING: params/x.md, line 8, field 'cic-kcc-foster-care': removed the link to "
        "'javascript:alert(1)' (only https:, http: and mailto: links) (commentary allows "
        "paragraphs, emphasis, lists and https:, http: or mailto: links)"
    ]
    assert cleaned.entries[0].text == "Text x"
    assert cleaned.entries[0].line == 5


def test_paths_are_confined(tmp_path: Path) -> None:
    (tmp_path / "inside").mkdir()
    assert confined("inside", tmp_path, "x") == (tmp_path / "inside").resolve()
    with pytest.raises(PathError, match=r"x: \.\./etc lies outside"):
        confined("../etc", tmp_path, "x")
    (tmp_path / "link").symlink_to("/etc")
    with pytest.raises(PathError, match="lies outside"):
        confined("link/passwd", tmp_path, "x")
