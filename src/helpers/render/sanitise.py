"""Commentary sanitiser: the small Markdown subset analysts write, made safe for every page.

Commentary is data, not HTML. An analyst may write paragraphs, *emphasis*, **strong
emphasis**, bulleted and numbered lists, and links to ``https:``, ``http:`` or ``mailto:``
addresses. Everything else is taken out before it can reach a page, and each removal is
reported so that the analyst knows:

- raw HTML (``<script>``, ``<img onerror=…>``, ``<iframe>``, ...) and raw blocks for other
  formats (```` ```{=typst} ````) are removed with their content;
- attributes (``[text]{onmouseover=…}``, ``::: {.x}``, ``{#id}``) are removed, their text kept;
- links to any other scheme (``javascript:``, ``data:``, relative paths) lose the link and
  keep their text; images are removed;
- headings, quotations, code and other formatting become plain paragraphs or text.

Three steps, each a pandoc conversion of every text at once (one ``pandoc lua`` process):

1. :func:`clean_markdown` parses each text with pandoc's Markdown reader and keeps only the
   subset above, as pandoc Markdown (``CleanText.markdown``), listing what it removed;
2. :func:`publishable` renders that Markdown to HTML and passes the HTML through ``nh3``
   (the Ammonia allowlist sanitiser) with the same allowlist: only ``p``, ``em``,
   ``strong``, ``ul``, ``ol``, ``li``, ``br`` and ``a`` with an ``href`` of those schemes;
3. the PDF gets the same text: the sanitised HTML is read back into pandoc Markdown.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nh3

from helpers.core.pandoc import PandocError, run_pandoc
from helpers.core.paths import TEMPLATES
from helpers.data.params import MonthParams
from helpers.data.problems import Problem
from helpers.engine.commentary import (
    DRAFT_ONLY,
    Commentary,
    CommentaryError,
    parse_commentary,
    read_commentary_text,
)

ALLOWED_TAGS = frozenset({"p", "em", "strong", "ul", "ol", "li", "br", "a"})
"""The HTML elements commentary may become."""
ALLOWED_ATTRIBUTES = {"a": frozenset({"href", "title"}), "ol": frozenset({"start", "type"})}
"""The attributes each element may keep (no event handlers, no styles, no ids)."""
URL_SCHEMES = frozenset({"https", "http", "mailto"})
"""The link schemes commentary may use."""

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_NO_ATTR: list[Any] = ["", [], []]
_AUTOLINK_CLASSES = ({"uri"}, {"email"}, set())
_BATCH = TEMPLATES / "pandoc-batch.lua"
_MARKDOWN_OUT = "markdown-raw_html-raw_attribute-native_divs-native_spans-bracketed_spans"
Node = dict[str, Any]


@dataclass(frozen=True)
class Removal:
    """Something taken out of a text: what it was, and a piece of it to find its line."""

    what: str
    needle: str


@dataclass(frozen=True)
class CleanText:
    """A text reduced to the commentary subset, as pandoc Markdown, and what was removed."""

    markdown: str
    removals: tuple[Removal, ...]


@dataclass(frozen=True)
class Publishable:
    """Sanitised HTML for the page and the same text as Markdown for the PDF."""

    html: str
    markdown: str


# --------------------------------------------------------------------------- pandoc


def convert_all(texts: Sequence[str], source: str, target: str) -> list[str]:
    """Convert every text from ``source`` to ``target`` format in one pandoc process."""
    if not texts:
        return []
    request = json.dumps({"from": source, "to": target, "texts": list(texts)})
    try:
        return json.loads(run_pandoc(["lua", str(_BATCH)], stdin=request))
    except PandocError as error:
        raise RuntimeError(f"pandoc failed on commentary: {error}") from None


# --------------------------------------------------------------------------- step 1


def clean_markdown(texts: Sequence[str]) -> list[CleanText]:
    """Reduce each Markdown text to the commentary subset (see the module docstring).

    Parameters
    ----------
    texts
        Pandoc Markdown written by people.

    Returns
    -------
    list of CleanText
        One per text, in order: the kept text as pandoc Markdown (which pandoc reads back
        to the same document) and everything removed.
    """
    documents = [json.loads(ast) for ast in convert_all(texts, "markdown", "json")]
    cleaned, removals = [], []
    for document in documents:
        removed: list[Removal] = []
        document["blocks"] = _blocks(document["blocks"], removed)
        cleaned.append(json.dumps(document))
        removals.append(tuple(removed))
    markdown = convert_all(cleaned, "json", _MARKDOWN_OUT)
    return [CleanText(m.strip(), r) for m, r in zip(markdown, removals, strict=True)]


def _blocks(blocks: list[Node], removed: list[Removal]) -> list[Node]:
    out: list[Node] = []
    for block in blocks:
        out.extend(_BLOCKS.get(block["t"], _dropped_block)(block.get("c"), removed, block["t"]))
    return out


def _para(content: Any, removed: list[Removal], kind: str) -> list[Node]:
    return [{"t": kind, "c": _inlines(content, removed)}]


def _bullets(content: Any, removed: list[Removal], kind: str) -> list[Node]:
    return [{"t": kind, "c": [_blocks(item, removed) for item in content]}]


def _numbered(content: Any, removed: list[Removal], kind: str) -> list[Node]:
    return [{"t": kind, "c": [content[0], [_blocks(item, removed) for item in content[1]]]}]


def _raw_block(content: Any, removed: list[Removal], kind: str) -> list[Node]:
    removed.append(_raw_removal(content))
    return []


def _div(content: Any, removed: list[Removal], kind: str) -> list[Node]:
    removed.append(_attr_removal(content[0], "<div"))
    return _blocks(content[1], removed)


def _heading(content: Any, removed: list[Removal], kind: str) -> list[Node]:
    removed.append(Removal("a heading (shown as a paragraph)", plain_text(content[2])))
    return [{"t": "Para", "c": _inlines(content[2], removed)}]


def _quote(content: Any, removed: list[Removal], kind: str) -> list[Node]:
    first = content[0].get("c") if content else None
    needle = plain_text(first) if isinstance(first, list) else ""
    removed.append(Removal("a block quote (shown as paragraphs)", needle))
    return _blocks(content, removed)


def _line_block(content: Any, removed: list[Removal], kind: str) -> list[Node]:
    return [{"t": "Para", "c": _inlines(line, removed)} for line in content]


def _code_block(content: Any, removed: list[Removal], kind: str) -> list[Node]:
    text = content[1]
    removed.append(Removal("a code block (shown as text)", text.split("\n", 1)[0]))
    return [{"t": "Para", "c": [{"t": "Str", "c": text}]}]


def _figure(content: Any, removed: list[Removal], kind: str) -> list[Node]:
    source = _first_image(content)
    removed.append(Removal(f"an image ('{source[:40]}')", source))
    return []


def _first_image(part: Any) -> str:
    """The source of the first image inside a node's content (empty if none)."""
    if isinstance(part, dict):
        if part.get("t") == "Image":
            return part["c"][2][0]
        return _first_image(part.get("c"))
    if isinstance(part, list):
        for item in part:
            found = _first_image(item)
            if found:
                return found
    return ""


def _dropped_block(content: Any, removed: list[Removal], kind: str) -> list[Node]:
    names = {"Table": "a table", "HorizontalRule": "a horizontal rule"}
    removed.append(Removal(f"{names.get(kind, kind)} (not allowed in commentary)", ""))
    return []


_BLOCKS: dict[str, Callable[[Any, list[Removal], str], list[Node]]] = {
    "Para": _para,
    "Plain": _para,
    "BulletList": _bullets,
    "OrderedList": _numbered,
    "RawBlock": _raw_block,
    "Div": _div,
    "Header": _heading,
    "BlockQuote": _quote,
    "LineBlock": _line_block,
    "CodeBlock": _code_block,
    "Figure": _figure,
}


def _inlines(nodes: list[Node], removed: list[Removal]) -> list[Node]:
    out: list[Node] = []
    for node in nodes:
        out.extend(_INLINES.get(node["t"], _unwrapped)(node, removed))
    return out


def _kept(node: Node, removed: list[Removal]) -> list[Node]:
    return [node]


def _emphasis(node: Node, removed: list[Removal]) -> list[Node]:
    return [{"t": node["t"], "c": _inlines(node["c"], removed)}]


def _quoted(node: Node, removed: list[Removal]) -> list[Node]:
    return [{"t": "Quoted", "c": [node["c"][0], _inlines(node["c"][1], removed)]}]


def _link(node: Node, removed: list[Removal]) -> list[Node]:
    attr, content, (url, title) = node["c"]
    ident, classes, pairs = attr
    if ident or pairs or set(classes) not in _AUTOLINK_CLASSES:
        removed.append(Removal(f"attributes {_attr_text(attr)} of a link", _attr_needle(attr)))
    scheme = _SCHEME.match(url)
    if scheme is None or scheme.group(1).lower() not in URL_SCHEMES:
        shown = url if len(url) <= 40 else url[:39] + "…"
        removed.append(
            Removal(f"the link to '{shown}' (only https:, http: and mailto: links)", url)
        )
        return _inlines(content, removed)
    return [{"t": "Link", "c": [_NO_ATTR, _inlines(content, removed), [url, title]]}]


def _raw_inline(node: Node, removed: list[Removal]) -> list[Node]:
    removed.append(_raw_removal(node["c"]))
    return []


def _span(node: Node, removed: list[Removal]) -> list[Node]:
    removed.append(_attr_removal(node["c"][0], "<span"))
    return _inlines(node["c"][1], removed)


def _image(node: Node, removed: list[Removal]) -> list[Node]:
    source = node["c"][2][0]
    removed.append(Removal(f"an image ('{source[:40]}')", source))
    return []


def _as_text(node: Node, removed: list[Removal]) -> list[Node]:
    text = node["c"][-1] if node["t"] == "Code" else node["c"][1]
    removed.append(Removal(f"{node['t'].lower()} formatting (shown as text)", text))
    return [{"t": "Str", "c": text}]


def _note(node: Node, removed: list[Removal]) -> list[Node]:
    removed.append(Removal("a footnote", ""))
    return []


def _unwrapped(node: Node, removed: list[Removal]) -> list[Node]:
    """Strikeout, superscript, small caps, citations, ...: their text, without the formatting."""
    content = node["c"][1] if node["t"] == "Cite" else node["c"]
    removed.append(Removal(f"{node['t']} formatting", plain_text(content)))
    return _inlines(content, removed)


_INLINES: dict[str, Callable[[Node, list[Removal]], list[Node]]] = {
    "Str": _kept,
    "Space": _kept,
    "SoftBreak": _kept,
    "LineBreak": _kept,
    "Emph": _emphasis,
    "Strong": _emphasis,
    "Quoted": _quoted,
    "Link": _link,
    "RawInline": _raw_inline,
    "Span": _span,
    "Image": _image,
    "Code": _as_text,
    "Math": _as_text,
    "Note": _note,
}


def _raw_removal(content: list[str]) -> Removal:
    form, text = content
    first = text.strip().split("\n", 1)[0]
    shown = first if len(first) <= 40 else first[:39] + "…"
    kind = "HTML" if form == "html" else form
    return Removal(f"raw {kind} '{shown}'", first)


def _attr_removal(attr: list[Any], tag: str) -> Removal:
    """Attributes of a span or div, or the bare HTML element (``<div>``) it was read from."""
    if attr == _NO_ATTR:
        return Removal(f"raw HTML '{tag}>' (its text kept)", tag)
    return Removal(f"attributes {_attr_text(attr)}", _attr_needle(attr))


def _attr_text(attr: list[Any]) -> str:
    ident, classes, pairs = attr
    parts = [f"#{ident}"] if ident else []
    parts += [f".{c}" for c in classes] + [f"{k}={v}" for k, v in pairs]
    return "{" + " ".join(parts) + "}"


def _attr_needle(attr: list[Any]) -> str:
    ident, classes, pairs = attr
    if pairs:
        return pairs[0][0]
    return f".{classes[0]}" if classes else f"#{ident}"


def plain_text(nodes: list[Node]) -> str:
    """The text of inline nodes, without formatting."""
    out = []
    for node in nodes:
        kind, content = node["t"], node.get("c")
        if kind == "Str":
            out.append(content)
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            out.append(" ")
        elif kind in ("Code", "Math", "RawInline"):
            out.append(content[-1])
        elif isinstance(content, list):
            out.extend(plain_text(p) for p in content if _is_inlines(p))
    return "".join(out)


def _is_inlines(part: Any) -> bool:
    return isinstance(part, list) and bool(part) and isinstance(part[0], dict)


# --------------------------------------------------------------------------- steps 2, 3


def sanitise_html(html: str) -> str:
    """Pass HTML through nh3 with the commentary allowlist (elements, attributes, schemes)."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style"},
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )


def publishable(markdown: str) -> Publishable:
    """Render commentary Markdown for both outputs from one sanitised HTML text.

    Parameters
    ----------
    markdown
        Pandoc Markdown: our own labels around texts already passed through
        :func:`clean_markdown`, and our own divs shown only in drafts
        (:data:`helpers.engine.commentary.DRAFT_ONLY`), which the allowlist would remove:
        the text inside each is sanitised on its own and the div put back around it.

    Returns
    -------
    Publishable
        ``html``: pandoc's HTML passed through :func:`sanitise_html`; ``markdown``: that
        same sanitised HTML read back as pandoc Markdown, for the PDF.
    """
    pieces = _draft_pieces(markdown)
    htmls = [sanitise_html(h) for h in convert_all([t for t, _ in pieces], "markdown", "html5")]
    backs = convert_all(htmls, "html", _MARKDOWN_OUT)
    html_out, markdown_out = [], []
    for (_, draft), html, back in zip(pieces, htmls, backs, strict=True):
        if draft:
            html = f'<div class="content-visible" data-when-meta="draft">\n{html}\n</div>'
            back = f"{DRAFT_ONLY}\n{back.strip()}\n:::"
        html_out.append(html.strip())
        markdown_out.append(back.strip())
    return Publishable("\n".join(html_out) + "\n", "\n\n".join(markdown_out) + "\n")


_DRAFT_DIV = re.compile(r"^" + re.escape(DRAFT_ONLY) + r"\n(.*?)\n:::$", re.S | re.M)


def _draft_pieces(markdown: str) -> list[tuple[str, bool]]:
    """Split Markdown into texts outside and inside our draft-only divs, in order."""
    pieces: list[tuple[str, bool]] = []
    start = 0
    for match in _DRAFT_DIV.finditer(markdown):
        if markdown[start : match.start()].strip():
            pieces.append((markdown[start : match.start()], False))
        pieces.append((match.group(1), True))
        start = match.end()
    if markdown[start:].strip() or not pieces:
        pieces.append((markdown[start:], False))
    return pieces


def locate(needle: str, lines: Sequence[str], start: int, end: int | None = None) -> int:
    """The line number (1-based) of the first line from ``start`` holding ``needle``.

    Falls back to ``start`` when the needle is empty or not found (pandoc may have
    re-spelt it).
    """
    stop = len(lines) if end is None else min(end, len(lines))
    if needle:
        for number in range(max(start, 1), stop + 1):
            if needle in lines[number - 1]:
                return number
    return start


# --------------------------------------------------------------------------- commentary


def clean_commentary(
    commentary: Commentary, path: Path, shown: str | None = None
) -> tuple[Commentary, list[Problem]]:
    """Reduce a parsed commentary file's note, group names and entries to the subset.

    Parameters
    ----------
    commentary
        From :func:`helpers.engine.commentary.parse_commentary`.
    path
        The file it was read from (to find the line of each removal).
    shown
        The file's name in messages (default: ``path`` as given).

    Returns
    -------
    tuple of (Commentary, list of Problem)
        The commentary with only the subset left, and one warning per removal naming the
        file, the line and what was removed.
    """
    lines = read_commentary_text(path).split("\n")
    starts = sorted({1, *commentary.groups.values(), *(e.line for e in commentary.entries)})
    chunks = [("note", 1, commentary.note)]
    chunks += [("group", line, name) for name, line in commentary.groups.items()]
    chunks += [(e.indicator, e.line, e.text) for e in commentary.entries]
    cleaned = clean_markdown([text for _, _, text in chunks])
    problems = []
    for (name, start, _), text in zip(chunks, cleaned, strict=True):
        following = [s for s in starts if s > start]
        end = following[0] - 1 if following and name != "note" else None
        problems.extend(
            Problem(
                "warning",
                shown or str(path),
                locate(removal.needle, lines, start, end),
                name,
                f"removed {removal.what} (commentary allows paragraphs, emphasis, lists "
                "and https:, http: or mailto: links)",
            )
            for removal in text.removals
        )
    groups = dict(zip(commentary.groups, cleaned[1 : 1 + len(commentary.groups)], strict=True))
    entries = [
        dataclasses.replace(entry, text=text.markdown, group=groups[entry.group].markdown)
        if entry.group
        else dataclasses.replace(entry, text=text.markdown)
        for entry, text in zip(
            commentary.entries, cleaned[1 + len(commentary.groups) :], strict=True
        )
    ]
    renamed = {groups[g].markdown: line for g, line in commentary.groups.items()}
    return Commentary(cleaned[0].markdown, entries, renamed), problems


def commentary_problems(
    files: dict[str, Path], known_ids: set[str] | None, root: Path
) -> list[Problem]:
    """What the sanitiser removes from a month's commentary files, as warnings.

    Parameters
    ----------
    files
        The month's commentary files by section (``MonthParams.commentary``).
    known_ids
        Indicator ids the entries may use (None: any).
    root
        The project folder, to name the files as a person sees them.

    Raises
    ------
    helpers.engine.commentary.CommentaryError
        When a file is malformed (a wrong heading, an unknown or repeated indicator id).
    """
    problems: list[Problem] = []
    for path in files.values():
        shown = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
        try:
            parsed = parse_commentary(path, known_ids)
        except CommentaryError as exc:
            raise CommentaryError(str(exc).replace(path.name, shown, 1)) from None
        _, found = clean_commentary(parsed, path, shown)
        problems.extend(found)
    return problems


def clean_params(params: MonthParams) -> tuple[MonthParams, list[Problem]]:
    """Reduce a month's guidance notes and table notes to the subset.

    They are Markdown typed by people too. Returns the parameters with the notes cleaned
    and one warning per removal naming the params file, the line and the field. (The
    no-figures note is shown as plain, escaped text.)
    """
    fields = [("guidance_notes", note) for note in params.guidance_notes]
    for table, notes in params.table_notes.items():
        fields += [(f"table_notes.{table}", note) for note in notes]
    cleaned = clean_markdown([text for _, text in fields])
    lines = params.path.read_text(encoding="utf-8-sig").splitlines()
    shown = f"params/{params.path.name}"
    problems = [
        Problem(
            "warning",
            shown,
            locate(removal.needle, lines, 1),
            name,
            f"removed {removal.what} (notes allow paragraphs, emphasis, lists and https:, "
            "http: or mailto: links)",
        )
        for (name, _), text in zip(fields, cleaned, strict=True)
        for removal in text.removals
    ]
    texts = iter(c.markdown for c in cleaned)
    guidance = [next(texts) for _ in params.guidance_notes]
    tables = {table: [next(texts) for _ in notes] for table, notes in params.table_notes.items()}
    safe = dataclasses.replace(params, guidance_notes=guidance, table_notes=tables)
    return safe, problems
