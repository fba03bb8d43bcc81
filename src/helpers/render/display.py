"""Show tables, charts and text from a section notebook, for Jupyter, the HTML page and the PDF.

Every ``show_*`` function publishes one Jupyter *mimebundle* (a dict of MIME type to text)
built by a pure ``*_bundle`` function of the same name, so tests can check the bundles
without IPython. The convention, chosen after reading how each consumer picks a
representation:

``text/html``
    What Jupyter shows, and what the HTML page uses. Jupyter front ends rank HTML above
    Markdown; Quarto ranks ``text/html`` first for HTML output
    (``displayDataMimeType`` in quarto-cli ``src/core/jupyter/display-data.ts``).
``text/markdown``
    What the PDF uses. Quarto ranks ``text/markdown`` first for every non-HTML format
    (Typst included) and pastes it into the document's Markdown, so the ```` ```{=typst} ````
    raw blocks inside it reach pandoc's Typst writer verbatim; pandoc's HTML writer drops
    raw Typst blocks. Pandoc's own ``--ipynb-output=best`` ranks a Markdown output below
    ``text/plain`` for Typst (``filterIpynbOutput`` in ``Text.Pandoc.Transforms``), so the
    assembler reads notebooks with ``--ipynb-output=all`` and its Lua filter
    ``templates/select-outputs.lua`` applies Quarto's ranking instead.
``text/plain``
    A readable fallback for plain-text consumers (terminals, ``nbval`` comparisons).

Prose that must reach both outputs (:func:`show_markdown`) carries only ``text/markdown``
and ``text/plain``: both HTML and Typst are made from the same Markdown.

Charts carry a static SVG (rendered once with ``vl_convert``) both as inline SVG in the
HTML figure and as an image inside the Typst raw block; the HTML figure also embeds the
Vega-Lite spec as ``<script type="application/json" class="chart-spec">`` for the page's
single inlined Vega bundle to draw interactively.

The SVGs are rendered, and cached across runs, by :mod:`helpers.render.chart_svg`.
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Mapping, Sequence
from html.parser import HTMLParser
from typing import Any, Protocol

from helpers.core.config import SVG_CACHE_ENV
from helpers.core.pandoc import run_pandoc
from helpers.render.chart_svg import prefix_svg_ids, render_svg, svg_cache_key, vegalite_version
from helpers.render.print_layout import print_sized

__all__ = [
    "MIME_HTML",
    "MIME_MARKDOWN",
    "MIME_PLAIN",
    "NOTE_KINDS",
    "SVG_CACHE_ENV",
    "banner_bundle",
    "chart_bundle",
    "chart_grid_bundle",
    "markdown_bundle",
    "note_bundle",
    "prose_bundle",
    "show_banner",
    "show_chart",
    "show_chart_grid",
    "show_markdown",
    "show_note",
    "show_prose",
    "show_table",
    "svg_cache_key",
    "table_bundle",
    "typst_escape",
    "typst_raw_block",
    "typst_string",
]

MIME_HTML = "text/html"
MIME_MARKDOWN = "text/markdown"
MIME_PLAIN = "text/plain"

Bundle = dict[str, str]

#: The kinds of note :func:`show_note` knows, with the bold label each starts with.
NOTE_KINDS: Mapping[str, str] = {
    "note": "Note",
    "caveat": "Caveat",
    "warning": "Warning",
    "commentary": "Commentary",
}

# Characters that start markup in Typst's markup mode; each is escaped with a backslash.
_TYPST_MARKUP_SPECIALS = frozenset("\\#*_`$<>@[]~/=+-'\"")
_CHART_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")

_NOTE_STYLE = {
    "note": 'fill: rgb("#f3f2f1"), stroke: (left: 3pt + rgb("#1d70b8"))',
    "caveat": 'fill: rgb("#f3f2f1"), stroke: (left: 3pt + rgb("#505a5f"))',
    "warning": 'fill: rgb("#fff7e6"), stroke: (left: 3pt + rgb("#b35900"))',
    "commentary": 'fill: rgb("#f3f2f1"), stroke: (left: 3pt + rgb("#00703c"))',
}


class _ChartLike(Protocol):
    """Anything with Altair's ``to_dict`` (an ``altair.Chart`` and its compound charts)."""

    def to_dict(self, validate: bool = True) -> dict[str, Any]:
        """Return the Vega-Lite specification as a dict."""
        ...


# --------------------------------------------------------------------------- Typst text


def typst_escape(text: str) -> str:
    r"""Escape plain text for Typst *markup* (inside ``[...]`` content blocks).

    Parameters
    ----------
    text : str
        Plain text, for example a table cell or a caption.

    Returns
    -------
    str
        The text with every markup character (``# * _ ` $ < > @ [ ] ~ / = + - ' " \``)
        backslash-escaped, ``...`` kept as three dots and line breaks turned into spaces,
        so it reads literally.

    Examples
    --------
    >>> typst_escape("XY17 #1 [R12M]")
    'XY17 \\#1 \\[R12M\\]'
    """
    flat = " ".join(str(text).split())
    escaped = "".join("\\" + char if char in _TYPST_MARKUP_SPECIALS else char for char in flat)
    return escaped.replace("...", "\\.\\.\\.")  # not Typst's ellipsis shorthand


def typst_string(text: str) -> str:
    r"""Quote text as a Typst string literal (for code mode, e.g. ``text("...")``).

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    str
        A double-quoted Typst string literal with ``\``, ``"`` and control characters escaped.

    Examples
    --------
    >>> typst_string('He said "hi"')
    '"He said \\"hi\\""'
    """
    escaped = (
        str(text)
        .replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    return f'"{escaped}"'


def typst_raw_block(code: str) -> str:
    """Wrap Typst code in a pandoc raw attribute block (```` ```{=typst} ````).

    Parameters
    ----------
    code : str
        Typst markup or code (starting with ``#`` where code mode is meant).

    Returns
    -------
    str
        A fenced raw block whose fence is longer than any run of backticks in ``code``.
    """
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{{=typst}}\n{code.strip()}\n{fence}\n"


# --------------------------------------------------------------------------- bundles


def table_bundle(html_table: str, typst: str, caption: str = "") -> Bundle:
    """Build the mimebundle of a scorecard table.

    Parameters
    ----------
    html_table : str
        A complete ``<table>`` element (with ``<th scope>`` headers and RAG classes).
    typst : str
        A Typst table expression such as ``table(columns: 3, ...)``; a leading ``#`` is
        accepted.
    caption : str, optional
        Plain-text caption shown above the table in both outputs; without it the PDF's
        figure caption is the table's ``<caption>``.

    Returns
    -------
    dict of str to str
        ``text/html``, ``text/markdown`` (a Typst raw block) and ``text/plain``.

    Raises
    ------
    ValueError
        If ``html_table`` is not a ``<table>`` element or ``typst`` is empty.
    """
    table = html_table.strip()
    if not table.lower().startswith("<table") or not table.lower().endswith("</table>"):
        raise ValueError("html must be one complete <table> element")
    expression = typst.strip().removeprefix("#").strip()
    if not expression:
        raise ValueError("typst must be a Typst table expression")
    label = caption.strip()
    # the scroll region is named after the table (its caption), so every region of the
    # page has its own name; the assembler tells apart two tables with the same title
    region = html.escape(label or _caption_text(table) or "Table", quote=True)
    scroll = f'<div class="table-scroll" role="region" aria-label="{region}" tabindex="0">'
    if label:
        html_out = (
            f'<figure class="scorecard-table">\n<figcaption>{html.escape(label)}</figcaption>\n'
            f"{scroll}\n{table}\n</div>\n</figure>"
        )
    else:
        html_out = f'<div class="scorecard-table">\n{scroll}\n{table}\n</div>\n</div>'
    # the PDF's caption is the table's title: tagged a Caption, not a header cell read
    # with every value
    pdf_label = label or _caption_text(table)
    caption_arg = (
        f"  caption: figure.caption(position: top)[{typst_escape(pdf_label)}],\n"
        if pdf_label
        else ""
    )
    typst_code = (
        "#[\n#show figure: set block(breakable: true)\n"
        f"#figure(\n  {expression},\n  kind: table,\n{caption_arg}  numbering: none,\n)\n]"
    )
    plain = _table_text(table)
    return {
        MIME_HTML: html_out,
        MIME_MARKDOWN: typst_raw_block(typst_code),
        MIME_PLAIN: f"{label}\n{plain}" if label else plain,
    }


def chart_bundle(
    chart: _ChartLike | Mapping[str, Any],
    alt_text: str,
    chart_id: str,
    data_table: str = "",
    in_pdf: bool = True,
) -> Bundle:
    """Build the mimebundle of a chart: interactive placeholder, static SVG and Typst image.

    Parameters
    ----------
    chart : altair.Chart or dict
        The chart, or its Vega-Lite specification. Its data must be inline (Altair's
        default), so the page loads nothing.
    alt_text : str
        What the chart shows, in words; used as caption and as the accessible name.
    chart_id : str
        A page-unique identifier (letters, digits, ``-`` and ``_``, starting with a letter).
    data_table : str, optional
        HTML of the chart's figures (a ``<details>`` holding a table), shown under the
        caption in the page, so every value is reachable by keyboard and screen reader.
    in_pdf : bool, default True
        False when the PDF draws the chart among small multiples
        (:func:`chart_grid_bundle`): its Typst is then only a comment.

    Returns
    -------
    dict of str to str
        ``text/html`` (a ``<figure>``), ``text/markdown`` (a Typst raw block embedding the
        same SVG) and ``text/plain``.

    Raises
    ------
    ValueError
        If ``alt_text`` is empty, ``chart_id`` is not a valid identifier, or the spec loads
        data from a URL.
    """
    spec, version, svg, description = _chart_parts(chart, alt_text, chart_id)
    spec_json = json.dumps(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    spec_json = spec_json.replace("</", "<\\/").replace("<!--", "<\\!--")
    # The caption is the chart's text alternative, read once: the drawing itself is hidden
    # from assistive technology, and its figures are in the table under it.
    figures = f"\n{data_table.strip()}" if data_table.strip() else ""
    html_out = (
        f'<figure class="chart" id="{chart_id}" data-chart-id="{chart_id}" '
        f'data-vl-version="{version or ""}">\n'
        f'<div class="chart-view" aria-hidden="true">\n'
        f'<div class="chart-static">{svg}</div>\n</div>\n'
        f'<script type="application/json" class="chart-spec">{spec_json}</script>\n'
        f"<figcaption>{html.escape(description)}</figcaption>{figures}\n</figure>"
    )
    if in_pdf:
        alt = typst_string(description)
        typst_code = (
            "#figure(\n"
            f'  image(bytes({typst_string(svg)}), format: "svg", alt: {alt}),\n'
            f"  caption: [{typst_escape(description)}],\n"
            "  kind: image,\n  numbering: none,\n)"
        )
    else:  # drawn by chart_grid_bundle with its neighbours; a comment keeps the slot
        typst_code = f"// chart {chart_id}: in the small multiples that follow"
    return {
        MIME_HTML: html_out,
        MIME_MARKDOWN: typst_raw_block(typst_code),
        MIME_PLAIN: f"Chart: {description}",
    }


def _chart_parts(
    chart: _ChartLike | Mapping[str, Any], alt_text: str, chart_id: str
) -> tuple[dict[str, Any], str | None, str, str]:
    """Check a chart and render its static SVG: (spec, Vega-Lite version, SVG, alt text)."""
    description = " ".join(alt_text.split())
    if not description:
        raise ValueError("alt_text must say what the chart shows")
    if not _CHART_ID.match(chart_id):
        raise ValueError(f"chart_id {chart_id!r} must be letters, digits, - or _")
    # the chart tests validate every spec against the schema; here validation would only
    # repeat that work for each chart of each run
    spec = dict(chart) if isinstance(chart, Mapping) else chart.to_dict(validate=False)
    if '"url"' in json.dumps(spec.get("data", {})):
        raise ValueError(f"chart {chart_id}: data must be inline, not loaded from a URL")
    version = vegalite_version(spec)
    svg = prefix_svg_ids(render_svg(json.dumps(spec, sort_keys=True), version), chart_id)
    return spec, version, svg, description


def chart_grid_bundle(
    charts: Sequence[tuple[_ChartLike | Mapping[str, Any], str, str]], columns: int = 3
) -> Bundle:
    """Build the PDF's small multiples: charts side by side, ``columns`` to a row.

    Parameters
    ----------
    charts : sequence of (chart, alt text, chart id)
        As given to :func:`chart_bundle` (which then gets ``in_pdf=False``).
    columns : int, default 3
        Charts to a row. Each chart is laid out for print
        (:func:`helpers.render.print_layout.print_sized`) so that its text prints at about
        6 pt; three to a row fill a landscape A4 page.

    Returns
    -------
    dict of str to str
        ``text/markdown`` (a Typst raw block: a grid of figures, each image with its alt
        text) and ``text/plain``; no ``text/html``, so the page keeps one interactive
        chart per indicator and leaves this out.
    """
    cells = []
    for chart, alt_text, chart_id in charts:
        spec = dict(chart) if isinstance(chart, Mapping) else chart.to_dict(validate=False)
        _, _, svg, description = _chart_parts(print_sized(spec, columns), alt_text, chart_id)
        image = (
            f'image(bytes({typst_string(svg)}), format: "svg", width: 100%, '
            f"alt: {typst_string(description)})"
        )
        cells.append(f"  figure({image}, kind: image, numbering: none),")
    typst_code = "\n".join(
        [
            f"#grid(columns: {columns} * (1fr,), column-gutter: 6mm, row-gutter: 2mm,",
            *cells,
            ")",
        ]
    )
    return {
        MIME_MARKDOWN: typst_raw_block(typst_code),
        MIME_PLAIN: "\n".join(f"Chart: {' '.join(alt.split())}" for _, alt, _ in charts),
    }


def markdown_bundle(text: str) -> Bundle:
    """Build the mimebundle of prose (commentary, guidance) for both outputs.

    Parameters
    ----------
    text : str
        Pandoc Markdown.

    Returns
    -------
    dict of str to str
        ``text/markdown`` and ``text/plain``; both the HTML and the PDF are made from the
        Markdown.
    """
    body = text.strip() + "\n"
    return {MIME_MARKDOWN: body, MIME_PLAIN: body}


def prose_bundle(html_text: str, markdown: str) -> Bundle:
    """Build the mimebundle of sanitised prose (commentary): its HTML and the same Markdown.

    Parameters
    ----------
    html_text : str
        HTML already passed through :func:`helpers.render.sanitise.sanitise_html`.
    markdown : str
        The same text as pandoc Markdown, for the PDF.

    Returns
    -------
    dict of str to str
        ``text/html`` (used by the HTML page), ``text/markdown`` (the PDF) and
        ``text/plain``.
    """
    return {MIME_HTML: html_text, MIME_MARKDOWN: markdown, MIME_PLAIN: markdown}


def note_bundle(text: str, kind: str = "note") -> Bundle:
    """Build the mimebundle of a boxed note, such as a caveat under a table.

    Parameters
    ----------
    text : str
        Pandoc Markdown (usually one paragraph) without the label.
    kind : str, optional
        One of :data:`NOTE_KINDS`; it sets the bold label and the box's colour.

    Returns
    -------
    dict of str to str
        ``text/html`` (a ``<div role="note">``), ``text/markdown`` (the Markdown between Typst raw
        blocks that open and close a box) and ``text/plain``.

    Raises
    ------
    ValueError
        If ``kind`` is unknown or ``text`` is empty.
    """
    if kind not in NOTE_KINDS:
        raise ValueError(f"kind must be one of {sorted(NOTE_KINDS)}, not {kind!r}")
    body = text.strip()
    if not body:
        raise ValueError("a note needs text")
    label = NOTE_KINDS[kind]
    # the label is ours: drop one the caller wrote ("Note:", "**Note:**")
    body = re.sub(rf"^(\*\*|__)?{label}:(\*\*|__)?\s*", "", body, flags=re.IGNORECASE) or body
    markdown = f"**{label}:** {body}"
    html_out = f'<div class="note note-{kind}" role="note">\n{_markdown_to_html(markdown)}</div>'
    opening = typst_raw_block(
        f"#block(width: 100%, inset: 6pt, {_NOTE_STYLE[kind]}, breakable: true)["
    )
    return {
        MIME_HTML: html_out,
        MIME_MARKDOWN: f"{opening}\n{markdown}\n\n{typst_raw_block(']')}",
        MIME_PLAIN: f"{label}: {body}",
    }


def banner_bundle(text: str) -> Bundle:
    """Build the mimebundle of the synthetic-data banner.

    Parameters
    ----------
    text : str
        Plain text, e.g. "SYNTHETIC DATA - not for publication".

    Returns
    -------
    dict of str to str
        ``text/html`` (``<div class="synthetic-banner">``), ``text/markdown`` (a full-width
        red Typst box) and ``text/plain``.
    """
    body = " ".join(text.split())
    if not body:
        raise ValueError("a banner needs text")
    html_out = (
        f'<div class="synthetic-banner" role="note">'
        f"<p><strong>{html.escape(body)}</strong></p></div>"
    )
    typst_code = (
        '#block(width: 100%, inset: 10pt, fill: rgb("#b10e1e"), radius: 2pt)['
        '#set text(fill: white, weight: "bold", size: 1.2em); '
        f"#align(center)[{typst_escape(body)}]]"
    )
    return {
        MIME_HTML: html_out,
        MIME_MARKDOWN: typst_raw_block(typst_code),
        MIME_PLAIN: f"*** {body} ***",
    }


# --------------------------------------------------------------------------- show_*


def show_table(html: str, typst: str, caption: str = "") -> None:
    """Display a scorecard table (see :func:`table_bundle`)."""
    _publish(table_bundle(html, typst, caption))


def show_chart(
    chart: _ChartLike, alt_text: str, chart_id: str, data_table: str = "", in_pdf: bool = True
) -> None:
    """Display a chart (see :func:`chart_bundle`)."""
    _publish(chart_bundle(chart, alt_text, chart_id, data_table, in_pdf))


def show_chart_grid(charts: Sequence[tuple[_ChartLike, str, str]], columns: int = 3) -> None:
    """Display the PDF's small multiples of charts (see :func:`chart_grid_bundle`)."""
    _publish(chart_grid_bundle(charts, columns))


def show_markdown(text: str) -> None:
    """Display prose that goes to both outputs (see :func:`markdown_bundle`)."""
    _publish(markdown_bundle(text))


def show_prose(html_text: str, markdown: str) -> None:
    """Display sanitised prose (see :func:`prose_bundle`)."""
    _publish(prose_bundle(html_text, markdown))


def show_note(text: str, kind: str = "note") -> None:
    """Display a boxed note (see :func:`note_bundle`)."""
    _publish(note_bundle(text, kind))


def show_banner(text: str) -> None:
    """Display the synthetic-data banner (see :func:`banner_bundle`)."""
    _publish(banner_bundle(text))


def _publish(bundle: Bundle) -> None:
    from IPython.display import display  # slow: IPython, needed only inside a kernel

    display(bundle, raw=True)


# --------------------------------------------------------------------------- internals


@functools.lru_cache(maxsize=256)
def _markdown_to_html(markdown: str) -> str:
    """Convert a little pandoc Markdown to HTML with the pandoc the assembler uses."""
    return run_pandoc(["--from=markdown", "--to=html5", "--wrap=none"], stdin=markdown)


class _TableText(HTMLParser):
    """Collect the text of an HTML table, one tab-separated line per row."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            if not self.rows:
                self.rows.append([])
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _caption_text(table: str) -> str:
    """The plain text of a table's ``<caption>``, or "" if it has none."""
    found = re.search(r"<caption[^>]*>(.*?)</caption>", table, flags=re.IGNORECASE | re.DOTALL)
    if not found:
        return ""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).split())


def _table_text(table: str) -> str:
    parser = _TableText()
    parser.feed(table)
    return "\n".join("\t".join(row) for row in parser.rows)
