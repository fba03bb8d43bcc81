"""The publication site: an index of every published edition, and a page per month.

``DIR/index.html`` lists the published months, newest first, each area with its RAG
counts and links; ``DIR/<month>/index.html`` lists the month's areas and compares the
districts with Kent, indicator by indicator (latest value, RAG, direction of travel).
Both are built only from what was published (the editions' manifests and CSVs), so a
later change to targets or the registry never changes them. Pages are self-contained
(inline CSS allowed by a Content-Security-Policy hash, no script), use relative links only
(the folder works from a file share, wherever it is moved), and have landmarks, one
``h1``, captioned tables and header cells with ``scope``.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import html
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from helpers.core.paths import TEMPLATES
from helpers.core.vocabulary import RAGS, synthetic_banner
from helpers.rules.travel import ARROWS, Direction

INDEX = "index.html"
MANIFEST = "manifest.json"
"""The file describing one published edition, beside its outputs."""
SITE_TITLE = "CYPE Directorate Scorecard: published editions"
DOT_WORDS = {"improved": Direction.IMPROVED, "worsened": Direction.WORSENED, "same": Direction.SAME}
SYNTHETIC_NOTE = "The district figures are synthetic demonstration data: they are not real figures."

STYLE = (TEMPLATES / "site.css").read_text(encoding="utf-8")
"""The pages' CSS, inlined (and allowed by its hash in the Content-Security-Policy)."""


def read_manifest(folder: Path) -> dict[str, Any]:
    """The manifest of the edition in ``folder``."""
    return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))


def _csp() -> str:
    digest = base64.b64encode(hashlib.sha256(STYLE.encode()).digest()).decode()
    return f"default-src 'none'; style-src 'sha256-{digest}'; img-src data:"


def page(title: str, body: str, up: str | None = None, banner: str = "") -> str:
    """A whole page: landmarks, a skip link, one ``h1``, the CSS inline, no script."""
    crumb = f'<nav aria-label="Breadcrumb"><p><a href="{up}">All published months</a></p></nav>\n'
    top = f'<p class="synthetic-banner">{html.escape(banner)}</p>\n' if banner else ""
    return (
        '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_csp()}">\n'
        f"<title>{html.escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        '<a class="skip-link" href="#main">Skip to the content</a>\n'
        f"<header>\n{top}<h1>{html.escape(title)}</h1>\n</header>\n"
        + (crumb if up else "")
        + f'<main id="main">\n{body}</main>\n'
        "<footer><p>Published editions never change: a correction is a new edition, and "
        "the earlier one is kept beside it.</p></footer>\n</body>\n</html>\n"
    )


def _counts_cells(counts: dict[str, int]) -> str:
    return "".join(f'<td class="n rag-{r.lower()}">{counts[r]} {r}</td>' for r in RAGS)


def _area_rows(manifests: Iterable[dict[str, Any]], prefix: str) -> str:
    rows = []
    for m in manifests:
        link = f"{prefix}{m['area']}/scorecard"
        note = " (synthetic demonstration data)" if m["synthetic"] else ""
        revised = (
            f'<br><span class="revised">{html.escape(m["revised"])}</span>' if m["revised"] else ""
        )
        rows.append(
            f'<tr><th scope="row">{html.escape(m["area_name"])}{note}{revised}</th>'
            f'<td><a href="{link}.html">Web page</a></td><td><a href="{link}.pdf">PDF</a></td>'
            f'<td><a href="{link}.xlsx">Excel</a></td>{_counts_cells(m["rag_counts"])}</tr>'
        )
    return "\n".join(rows)


def _areas_table(caption: str, manifests: list[dict[str, Any]], prefix: str) -> str:
    head = "".join(f'<th scope="col">{h}</th>' for h in ("Area", "Web page", "PDF", "Excel", *RAGS))
    name = html.escape(caption)
    return (  # a scroll region of its own, so that the page reflows at 320 CSS px
        f'<div class="scroll" role="region" aria-label="{name}" tabindex="0">\n'
        f"<table>\n<caption>{name}</caption>\n<thead><tr>{head}</tr></thead>\n"
        f"<tbody>\n{_area_rows(manifests, prefix)}\n</tbody>\n</table>\n</div>\n"
    )


def _ordered(manifests: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Kent first, then the districts by name."""
    return sorted(manifests, key=lambda m: (m["area"] != "kent", m["area_name"]))


def _by_month(site: Path) -> dict[str, list[dict[str, Any]]]:
    months: dict[str, list[dict[str, Any]]] = {}
    for path in sorted(site.glob(f"*/*/{MANIFEST}")):
        manifest = read_manifest(path.parent)
        months.setdefault(manifest["month"], []).append(manifest)
    return dict(sorted(months.items(), reverse=True))


def index_page(site: Path) -> str:
    """``DIR/index.html``: every published month, newest first, with its areas."""
    months = _by_month(site)
    parts = []
    for month, manifests in months.items():
        label = html.escape(manifests[0]["month_label"])
        parts.append(
            f'<section aria-labelledby="m-{month}">\n<h2 id="m-{month}">{label}</h2>\n'
            f'<p><a href="{month}/{INDEX}">{label}: all areas and the district comparison</a></p>\n'
            + _areas_table(
                f"{manifests[0]['month_label']}: RAG counts by area",
                _ordered(manifests),
                f"{month}/",
            )
            + "</section>\n"
        )
    body = "".join(parts) or "<p>Nothing has been published yet.</p>\n"
    synthetic = any(m["synthetic"] for ms in months.values() for m in ms)
    return page(SITE_TITLE, body, banner=SYNTHETIC_NOTE if synthetic else "")


def _read_rows(path: Path) -> dict[str, dict[str, str]]:
    """The first row of each indicator in a published CSV (its main table)."""
    with path.open(encoding="utf-8") as handle:
        out: dict[str, dict[str, str]] = {}
        for row in csv.DictReader(handle):
            out.setdefault(row["id"], row)
        return out


def _cell(row: dict[str, str] | None) -> str:
    if row is None or not row["value"]:
        return '<td>–<span class="visually-hidden"> no figure</span></td>'
    value = html.escape(row["value"])
    rag = (
        f' <span class="rag rag-{row["rag"].lower()}">{row["rag"]}</span>'
        if row["rag"] in RAGS
        else ""
    )
    direction = DOT_WORDS.get(row["dot"])
    dot = f" {ARROWS[direction]} {row['dot']}" if direction else ""
    return f'<td class="n">{value}{rag}{html.escape(dot)}</td>'


def comparison(site: Path, month: str, manifests: list[dict[str, Any]]) -> str:
    """The district comparison: for each indicator with district figures, every area."""
    ordered = _ordered(manifests)
    rows = {m["area"]: _read_rows(site / month / m["area"] / "scorecard.csv") for m in ordered}
    districts = [m["area"] for m in ordered if m["area"] != "kent"]
    if not districts:
        return "<p>No district edition is published for this month.</p>\n"
    first = rows[ordered[0]["area"]]
    ids = [i for i in first if any(rows[d].get(i, {}).get("value") for d in districts)]
    headings = {k: v for m in ordered for k, v in m.get("section_headings", {}).items()}
    sections: dict[str, list[str]] = {}
    for ident in ids:
        sections.setdefault(first[ident]["section"], []).append(ident)
    head = '<th scope="col">Indicator</th>' + "".join(
        f'<th scope="col">{html.escape(m["area_name"])}</th>' for m in ordered
    )
    parts = [
        "<p>Latest value, RAG rating and direction of travel of each indicator that has "
        "district figures, for every published area.</p>\n"
    ]
    for key, members in sections.items():
        caption = html.escape(f"District comparison: {headings.get(key, key)}")
        body = []
        for ident in members:
            name = first[ident]["code"] or ""
            title = html.escape(f"{name} {first[ident]['title']}".strip())
            cells = "".join(_cell(rows[m["area"]].get(ident)) for m in ordered)
            body.append(f'<tr><th scope="row">{title}</th>{cells}</tr>')
        parts.append(
            f'<div class="scroll" role="region" aria-label="{caption}" tabindex="0">\n<table>\n'
            f"<caption>{caption}</caption>\n"
            f"<thead><tr>{head}</tr></thead>\n<tbody>\n"
            + "\n".join(body)
            + "\n</tbody>\n</table>\n</div>\n"
        )
    return "".join(parts)


def month_page(site: Path, month: str, manifests: list[dict[str, Any]]) -> str:
    """``DIR/<month>/index.html``: the month's areas and the district comparison."""
    label = manifests[0]["month_label"]
    body = (
        '<section aria-labelledby="areas">\n<h2 id="areas">Areas</h2>\n'
        + _areas_table(f"{label}: RAG counts by area", _ordered(manifests), "")
        + '</section>\n<section aria-labelledby="compare">\n'
        '<h2 id="compare">District comparison</h2>\n'
        + comparison(site, month, manifests)
        + "</section>\n"
    )
    synthetic = any(m["synthetic"] for m in manifests)
    return page(
        f"CYPE Directorate Scorecard, {label}",
        body,
        up=f"../{INDEX}",
        banner=f"{synthetic_banner('cover')}. {SYNTHETIC_NOTE}" if synthetic else "",
    )


def _write(path: Path, text: str) -> None:
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


def write_site(site: Path) -> list[Path]:
    """(Re)write the index and every month page from the published editions."""
    written = []
    for month, manifests in _by_month(site).items():
        path = site / month / INDEX
        _write(path, month_page(site, month, manifests))
        written.append(path)
    _write(site / INDEX, index_page(site))
    return [site / INDEX, *written]
