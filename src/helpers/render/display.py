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
"""

from __future__ import annotations

import functools
import html
import json
import re
import subprocess
from collections.abc import Mapping
from html.parser import HTMLParser
from typing import Any, Protocol

import pypandoc

__all__ = [
    "MIME_HTML",
    "MIME_MARKDOWN",
    "MIME_PLAIN",
    "NOTE_KINDS",
    "banner_bundle",
    "chart_bundle",
    "markdown_bundle",
    "note_bundle",
    "show_banner",
    "show_chart",
    "show_markdown",
    "show_note",
    "show_table",
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
_SVG_ID = re.compile(r'(?<![-\w])id="([^"]+)"')

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
        Plain-text caption shown above the table in both outputs.

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
    region = html.escape(label or "Table", quote=True)
    scroll = f'<div class="table-scroll" role="region" aria-label="{region}" tabindex="0">'
    if label:
        html_out = (
            f'<figure class="scorecard-table">\n<figcaption>{html.escape(label)}</figcaption>\n'
            f"{scroll}\n{table}\n</div>\n</figure>"
        )
    else:
        html_out = f'<div class="scorecard-table">\n{scroll}\n{table}\n</div>\n</div>'
    caption_arg = (
        f"  caption: figure.caption(position: top)[{typst_escape(label)}],\n" if label else ""
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


def chart_bundle(chart: _ChartLike | Mapping[str, Any], alt_text: str, chart_id: str) -> Bundle:
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
    version = _vegalite_version(spec)
    svg = _prefix_svg_ids(_render_svg(json.dumps(spec, sort_keys=True), version), chart_id)
    spec_json = json.dumps(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    spec_json = spec_json.replace("</", "<\\/").replace("<!--", "<\\!--")
    label = html.escape(description, quote=True)
    html_out = (
        f'<figure class="chart" id="{chart_id}" data-chart-id="{chart_id}" '
        f'data-vl-version="{version or ""}">\n'
        f'<div class="chart-view" role="img" aria-label="{label}">\n'
        f'<div class="chart-static">{svg}</div>\n</div>\n'
        f'<script type="application/json" class="chart-spec">{spec_json}</script>\n'
        f"<figcaption>{html.escape(description)}</figcaption>\n</figure>"
    )
    typst_code = (
        "#figure(\n"
        f'  image(bytes({typst_string(svg)}), format: "svg", alt: {typst_string(description)}),\n'
        f"  caption: [{typst_escape(description)}],\n"
        "  kind: image,\n  numbering: none,\n)"
    )
    return {
        MIME_HTML: html_out,
        MIME_MARKDOWN: typst_raw_block(typst_code),
        MIME_PLAIN: f"Chart: {description}",
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
        ``text/html`` (an ``<aside>``), ``text/markdown`` (the Markdown between Typst raw
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
    html_out = (
        f'<aside class="note note-{kind}" aria-label="{label}">\n'
        f"{_markdown_to_html(markdown)}</aside>"
    )
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


def show_chart(chart: _ChartLike, alt_text: str, chart_id: str) -> None:
    """Display a chart (see :func:`chart_bundle`)."""
    _publish(chart_bundle(chart, alt_text, chart_id))


def show_markdown(text: str) -> None:
    """Display prose that goes to both outputs (see :func:`markdown_bundle`)."""
    _publish(markdown_bundle(text))


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


def _vegalite_version(spec: Mapping[str, Any]) -> str | None:
    """Return the ``major.minor`` Vega-Lite version of a spec if vl-convert has it."""
    import vl_convert  # slow: vl-convert's JavaScript engine, needed only for charts

    match = re.search(r"/v(\d+)\.(\d+)", str(spec.get("$schema", "")))
    if not match:
        return None
    version = f"{match.group(1)}.{match.group(2)}"
    return version if version in vl_convert.get_vegalite_versions() else None


@functools.lru_cache(maxsize=64)
def _render_svg(spec_json: str, version: str | None) -> str:
    import vl_convert  # slow: vl-convert's JavaScript engine, needed only for charts

    return vl_convert.vegalite_to_svg(json.loads(spec_json), vl_version=version)


def _prefix_svg_ids(svg: str, prefix: str) -> str:
    """Make the ids inside one chart's SVG unique on the page (Vega reuses ``clip1``...)."""
    ids = sorted(set(_SVG_ID.findall(svg)), key=len, reverse=True)
    for old in ids:
        new = f"{prefix}-{old}"
        svg = svg.replace(f'id="{old}"', f'id="{new}"')
        svg = svg.replace(f"url(#{old})", f"url(#{new})")
        svg = svg.replace(f'href="#{old}"', f'href="#{new}"')
    return svg


@functools.lru_cache(maxsize=256)
def _markdown_to_html(markdown: str) -> str:
    """Convert a little pandoc Markdown to HTML with the pandoc the assembler uses."""
    result = subprocess.run(
        [pypandoc.get_pandoc_path(), "--from=markdown", "--to=html5", "--wrap=none"],
        input=markdown,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


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


def _table_text(table: str) -> str:
    parser = _TableText()
    parser.feed(table)
    return "\n".join("\t".join(row) for row in parser.rows)
