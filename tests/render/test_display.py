"""Unit tests of helpers.render.display: the mimebundles notebooks publish."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd
import pytest
import typst
from support import TESTS

from helpers.render import chart_svg, display
from helpers.render.display import (
    MIME_HTML,
    MIME_MARKDOWN,
    MIME_PLAIN,
    SVG_CACHE_ENV,
    banner_bundle,
    chart_bundle,
    markdown_bundle,
    note_bundle,
    svg_cache_key,
    table_bundle,
    typst_escape,
    typst_raw_block,
    typst_string,
)

TABLE_HTML = (
    '<table><thead><tr><th scope="col">Code</th><th scope="col">RAG</th></tr></thead>'
    '<tbody><tr><th scope="row">APP17</th><td class="rag-red">RED</td></tr></tbody></table>'
)
TABLE_TYPST = "table(columns: 2, table.header([Code], [RAG]), [APP17], [RED])"


def chart() -> alt.Chart:
    frame = pd.DataFrame({"month": ["Sep-25", "Oct-25", "Nov-25"], "value": [44.3, 50.6, 49.0]})
    return (
        alt.Chart(frame)
        .mark_line(point=True)
        .encode(x=alt.X("month:N", sort=None), y="value:Q", tooltip=["month", "value"])
        .properties(width=240, height=120)
    )


def typst_text(markup: str) -> str:
    """The plain text Typst reads from ``[markup]``."""

    def walk(node: Any) -> str:
        if node.get("func") == "space":
            return " "
        if "text" in node and isinstance(node["text"], str):
            return node["text"]
        return "".join(walk(child) for child in node.get("children", []))

    return walk(json.loads(typst.eval(b"", f"[{markup}]", format="json")))


def raw_typst(markdown: str) -> str:
    """The Typst code inside the raw blocks of a text/markdown representation."""
    blocks = re.findall(r"(`{3,})\{=typst\}\n(.*?)\n\1", markdown, flags=re.DOTALL)
    assert blocks, "no ```{=typst} raw block"
    return "\n".join(code for _, code in blocks)


def compiles(code: str) -> bool:
    pdf = typst.compile(code.encode("utf-8"), format="pdf")
    return isinstance(pdf, bytes) and pdf.startswith(b"%PDF")


# ----------------------------------------------------------------------------- SVG cache


def test_svg_cache_hit_gives_the_same_bundle_as_a_miss_and_as_no_cache(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(SVG_CACHE_ENV, raising=False)
    chart_svg._convert_svg.cache_clear()
    uncached = chart_bundle(chart(), ALT, "app17-trend")
    monkeypatch.setenv(SVG_CACHE_ENV, str(tmp_path / "svg"))
    chart_svg._convert_svg.cache_clear()
    miss = chart_bundle(chart(), ALT, "app17-trend")
    stored = list((tmp_path / "svg").iterdir())
    assert [p.suffix for p in stored] == [".svg"]
    chart_svg._convert_svg.cache_clear()
    calls: list[str] = []
    monkeypatch.setattr(chart_svg, "_convert_svg", lambda *a: calls.append("render") or "")
    hit = chart_bundle(chart(), ALT, "app17-trend")
    assert calls == []  # the hit was read from the folder, not rendered
    assert hit == miss == uncached


def test_svg_cache_is_read_from_the_file_named_by_the_key(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(SVG_CACHE_ENV, str(tmp_path))
    spec = chart().to_dict(validate=False)
    version = chart_svg.vegalite_version(spec)
    key = svg_cache_key(json.dumps(spec, sort_keys=True), version)
    (tmp_path / f"{key}.svg").write_bytes(b'<svg id="x">\r\ncached</svg>')
    html = chart_bundle(chart(), ALT, "app17-trend")[MIME_HTML]
    assert '<svg id="app17-trend-x">\r\ncached</svg>' in html  # bytes kept exactly


def test_svg_cache_key_changes_with_the_spec_and_the_version() -> None:
    key = svg_cache_key('{"mark":"line"}', "6.1")
    assert key != svg_cache_key('{"mark":"bar"}', "6.1")
    assert key != svg_cache_key('{"mark":"line"}', "5.20")
    assert key == svg_cache_key('{"mark":"line"}', "6.1")


# ----------------------------------------------------------------------------- Typst text


@pytest.mark.parametrize(
    "text",
    [
        "APP17 #1 [R12M] *bold* _it_ `code` $5 <label> @ref ~ // not a comment",
        "= not a heading - not a list + nor this / \\ backslash 'single' \"double\"",
        "...** Data to be supplied; N/A** Data not available -- 10% -> 20%",
    ],
)
def test_typst_escape_reads_back_literally(text: str) -> None:
    assert typst_text(typst_escape(text)) == text


def test_typst_escape_flattens_line_breaks() -> None:
    assert typst_escape("one\ntwo\t three") == "one two three"


@pytest.mark.parametrize("text", ['say "hi"', "back\\slash", "new\nline\ttab", "#[]$"])
def test_typst_string_round_trips(text: str) -> None:
    assert json.loads(typst.eval(b"", typst_string(text), format="json")) == text


def test_typst_raw_block_fence_outlasts_backticks_inside() -> None:
    block = typst_raw_block("#raw(```x```)")
    assert block.startswith("````{=typst}\n") and block.endswith("\n````\n")


# ----------------------------------------------------------------------------- tables


def test_table_bundle_has_the_three_representations() -> None:
    bundle = table_bundle(TABLE_HTML, TABLE_TYPST, caption="SEND monthly indicators")
    assert set(bundle) == {MIME_HTML, MIME_MARKDOWN, MIME_PLAIN}
    html = bundle[MIME_HTML]
    assert html.startswith('<figure class="scorecard-table">')
    assert "<figcaption>SEND monthly indicators</figcaption>" in html
    assert TABLE_HTML in html
    assert 'role="region" aria-label="SEND monthly indicators" tabindex="0"' in html
    assert bundle[MIME_PLAIN] == "SEND monthly indicators\nCode\tRAG\nAPP17\tRED"


def test_table_bundle_typst_is_a_breakable_figure_that_compiles() -> None:
    code = raw_typst(table_bundle(TABLE_HTML, "#" + TABLE_TYPST, "Caption [1]")[MIME_MARKDOWN])
    assert "kind: table" in code and "breakable: true" in code and "numbering: none" in code
    assert "Caption \\[1\\]" in code
    assert compiles(code)


def test_table_bundle_without_caption() -> None:
    bundle = table_bundle(TABLE_HTML, TABLE_TYPST)
    assert "<figcaption>" not in bundle[MIME_HTML]
    assert "caption:" not in bundle[MIME_MARKDOWN]
    assert compiles(raw_typst(bundle[MIME_MARKDOWN]))


@pytest.mark.parametrize(("html", "typst_code"), [("<div>no</div>", TABLE_TYPST), (TABLE_HTML, "")])
def test_table_bundle_rejects_bad_input(html: str, typst_code: str) -> None:
    with pytest.raises(ValueError):
        table_bundle(html, typst_code)


# ----------------------------------------------------------------------------- charts


ALT = "Line chart: EHCPs issued within 20 weeks, 44.3% in September to 49.0% in November."


def test_chart_bundle_html_is_an_accessible_figure_with_spec_and_static_svg() -> None:
    bundle = chart_bundle(chart(), ALT, "app17-trend")
    html = bundle[MIME_HTML]
    assert html.startswith('<figure class="chart" id="app17-trend" data-chart-id="app17-trend"')
    # the caption is the text alternative, read once: the drawing is hidden from readers
    assert '<div class="chart-view" aria-hidden="true">' in html
    assert html.count(ALT) == 1 and f"<figcaption>{ALT}</figcaption>" in html
    assert '<div class="chart-static"><svg' in html
    spec_text = re.search(r'class="chart-spec">(.*?)</script>', html, re.DOTALL).group(1)
    spec = json.loads(spec_text)
    assert spec["mark"]["type"] == "line"
    assert spec["encoding"]["tooltip"]
    assert bundle[MIME_PLAIN] == f"Chart: {ALT}"


def test_chart_bundle_prefixes_svg_ids_so_two_charts_do_not_clash() -> None:
    clipped = chart().mark_bar(clip=True)
    first = chart_bundle(clipped, ALT, "first")[MIME_HTML]
    second = chart_bundle(clipped, ALT, "second")[MIME_HTML]
    ids = re.findall(r'(?<![-\w])id="([^"]+)"', first + second)
    assert len(ids) == len(set(ids))
    assert 'id="first-clip1"' in first and "url(#first-clip1)" in first


def test_chart_bundle_spec_cannot_close_its_script_element() -> None:
    frame = pd.DataFrame({"label": ["</script><b>x</b>"], "value": [1]})
    spec_chart = alt.Chart(frame).mark_bar().encode(x="label:N", y="value:Q")
    html = chart_bundle(spec_chart, "Bar chart of one value.", "tricky")[MIME_HTML]
    body = re.search(r'class="chart-spec">(.*)</script>', html, re.DOTALL).group(1)
    assert "</script" not in body
    assert json.loads(body)["datasets"]


def test_chart_bundle_typst_embeds_the_svg_and_compiles() -> None:
    code = raw_typst(chart_bundle(chart(), ALT, "app17-trend")[MIME_MARKDOWN])
    assert 'format: "svg"' in code and "alt: " in code
    assert compiles(code)


@pytest.mark.parametrize(
    ("alt_text", "chart_id"), [("", "ok"), ("A chart.", "1bad"), ("A chart.", "has space")]
)
def test_chart_bundle_rejects_missing_alt_text_and_bad_ids(alt_text: str, chart_id: str) -> None:
    with pytest.raises(ValueError):
        chart_bundle(chart(), alt_text, chart_id)


def test_chart_bundle_rejects_data_loaded_from_a_url() -> None:
    spec = {"data": {"url": "https://example.org/data.csv"}, "mark": "bar"}
    with pytest.raises(ValueError, match="inline"):
        chart_bundle(spec, "A chart.", "remote")


# ----------------------------------------------------------------------------- text


def test_markdown_bundle_is_markdown_for_both_outputs() -> None:
    bundle = markdown_bundle("  **Commentary** on SEND.\n")
    assert bundle == {MIME_MARKDOWN: "**Commentary** on SEND.\n", MIME_PLAIN: bundle[MIME_PLAIN]}


def test_note_bundle() -> None:
    bundle = note_bundle("Targets use *June 2024* figures.", kind="caveat")
    html = bundle[MIME_HTML]
    assert html.startswith('<div class="note note-caveat" role="note">')
    assert "<strong>Caveat:</strong> Targets use <em>June 2024</em> figures." in html
    markdown = bundle[MIME_MARKDOWN]
    assert "**Caveat:** Targets use *June 2024* figures." in markdown
    opening, closing = re.findall(r"```\{=typst\}\n(.*?)\n```", markdown, re.DOTALL)
    assert opening.startswith("#block(") and opening.endswith("[") and closing == "]"
    assert bundle[MIME_PLAIN] == "Caveat: Targets use *June 2024* figures."


@pytest.mark.parametrize("text", ["Note: Use June.", "**Note:** Use June.", "note:Use June."])
def test_note_bundle_does_not_repeat_a_label_the_caller_wrote(text: str) -> None:
    assert note_bundle(text)[MIME_PLAIN] == "Note: Use June."


@pytest.mark.parametrize(("text", "kind"), [("x", "shout"), ("  ", "note")])
def test_note_bundle_rejects_unknown_kind_and_empty_text(text: str, kind: str) -> None:
    with pytest.raises(ValueError):
        note_bundle(text, kind)


def test_banner_bundle() -> None:
    bundle = banner_bundle("SYNTHETIC DATA <not real>")
    assert bundle[MIME_HTML] == (
        '<div class="synthetic-banner" role="note">'
        "<p><strong>SYNTHETIC DATA &lt;not real&gt;</strong></p></div>"
    )
    code = raw_typst(bundle[MIME_MARKDOWN])
    assert "SYNTHETIC DATA \\<not real\\>" in code
    assert compiles(code)


# ----------------------------------------------------------------------------- show_*


def test_show_functions_publish_raw_bundles(monkeypatch: pytest.MonkeyPatch) -> None:
    import IPython.display

    published: list[tuple[dict[str, str], dict[str, Any]]] = []
    monkeypatch.setattr(
        IPython.display, "display", lambda obj, **kwargs: published.append((obj, kwargs))
    )
    display.show_table(TABLE_HTML, TABLE_TYPST, "Caption")
    display.show_markdown("Some *prose*.")
    display.show_note("A note.")
    display.show_banner("SYNTHETIC")
    display.show_chart(chart(), ALT, "c1")
    assert [kwargs for _, kwargs in published] == [{"raw": True}] * 5
    assert published[0][0] == table_bundle(TABLE_HTML, TABLE_TYPST, "Caption")
    assert published[4][0][MIME_PLAIN] == f"Chart: {ALT}"


def test_print_sized_charts_keep_their_text_legible_in_small_multiples() -> None:
    from helpers.render.print_layout import print_sized

    snapshot = TESTS / "__snapshots__/charts"
    spec = json.loads((snapshot / "chart-ics-monthly-cswt-caseload.json").read_text())
    printed = print_sized(spec, 3)
    assert spec["width"] == 520 and printed["width"] == 400
    labels = next(layer for layer in printed["layer"] if layer["name"] == "reference-labels")
    assert labels["encoding"]["x"] == {"value": 400}  # the labels follow the plot's edge
    assert labels["mark"]["fontSize"] == pytest.approx(10 * 1.9)
    assert printed["config"]["axis"]["labelFontSize"] == pytest.approx(10 * 1.9)
    lines = printed["title"]["text"]
    assert all(len(line) <= 42 for line in lines) and "…" not in " ".join(lines)
    assert " ".join(lines) == " ".join(spec["title"]["text"])
    assert print_sized(spec, 1)["width"] == 520
