"""The HTML page: pandoc writes it from the joined AST, then styles and scripts are inlined.

The page is always self-contained (Quarto's ``embed-resources: true``): the CSS, the Vega
bundle (``vl_convert.javascript_bundle``) and ``templates/render-charts.js`` are inlined,
the last two once and only if the page has a chart. Pandoc's ``--embed-resources`` is not
used: it re-parses the whole page and took most of the assembly time.
"""

from __future__ import annotations

import functools
import html
import json
import os
import re
from importlib import metadata
from pathlib import Path
from typing import Any

from helpers.core.config import ReportConfig, user_cache_dir
from helpers.core.paths import TEMPLATES
from helpers.publish.csp import policy_meta
from helpers.publish.pandoc import AssemblyError, naming_the_notebook, pandoc

HTML_NAME = "scorecard.html"
SCRIPTS_PLACEHOLDER = "<!-- scorecard:scripts -->"
STYLES_PLACEHOLDER = "<!-- scorecard:styles -->"


def render_page(document: dict[str, Any], work: Path, config: ReportConfig) -> str:
    """Write the page with pandoc (``templates/scorecard.html``), before inlining."""
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
    return naming_the_notebook(
        document, lambda doc: pandoc(args, work, json.dumps(doc), "HTML page")
    )


def finish_page(page: str, config: ReportConfig) -> str:
    """Inline the CSS, and the Vega bundle and chart script once if the page has a chart.

    The page's Content-Security-Policy (:mod:`helpers.publish.csp`) goes first in the
    styles' place: it allows exactly these styles and scripts, by hash, and no network.
    """
    for placeholder in (STYLES_PLACEHOLDER, SCRIPTS_PLACEHOLDER):
        if placeholder not in page:
            raise AssemblyError(f"HTML page: the template lost its {placeholder} placeholder")
    styles = []
    for css in config.html.css:
        try:
            text = css.read_text(encoding="utf-8")
        except OSError as error:
            raise AssemblyError(f"{config.source.name}: css {css}: {error}") from error
        styles.append("\n" + _style_safe(text))
    versions = sorted(set(re.findall(r'<figure class="chart"[^>]*data-vl-version="([^"]*)"', page)))
    scripts: tuple[str, ...] = ()
    if versions:
        scripts = chart_script_texts(max(versions, key=_version_key) or None)
        styles.insert(0, charts_style_text())  # first, as the libraries injected it: ours win
    head = [policy_meta(scripts, styles), *(f"<style>{text}</style>" for text in styles)]
    page = page.replace(STYLES_PLACEHOLDER, "\n".join(head), 1)
    return _unique_region_names(page.replace(SCRIPTS_PLACEHOLDER, _script_elements(scripts), 1))


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
def chart_script_texts(vl_version: str | None = None) -> tuple[str, str]:
    """The texts of the two scripts that draw charts: the Vega bundle and our renderer.

    Parameters
    ----------
    vl_version : str, optional
        Vega-Lite ``major.minor`` to bundle (the charts' version); latest if None.
    """
    bundle = _vega_bundle(vl_version)
    renderer = (TEMPLATES / "render-charts.js").read_text(encoding="utf-8")
    return _script_safe(bundle), "\n" + _script_safe(renderer)


def _script_elements(texts: tuple[str, ...]) -> str:
    names = ("vega-bundle", "render-charts")
    return "\n".join(
        f'<script type="module" id="{name}">{text}</script>'
        for name, text in zip(names, texts, strict=False)
    )


def charts_style_text() -> str:
    """The text of the charts' stylesheet, ``templates/charts.css``.

    It holds vega-embed's and vega-tooltip's default styles, which they would otherwise
    inject as styles the page's policy does not list.
    """
    return "\n" + _style_safe((TEMPLATES / "charts.css").read_text(encoding="utf-8"))


def charts_script(vl_version: str | None = None) -> str:
    """Return the elements that draw charts: the charts' style, the Vega bundle, our renderer.

    Parameters
    ----------
    vl_version : str, optional
        Vega-Lite ``major.minor`` to bundle (the charts' version); latest if None.

    Returns
    -------
    str
        A ``<style>`` and two ``<script type="module">`` elements with everything inline.
    """
    texts = chart_script_texts(vl_version)
    return f"<style>{charts_style_text()}</style>\n" + _script_elements(texts)


def _style_safe(text: str) -> str:
    return re.sub(r"</(style)", r"<\\/\1", text, flags=re.IGNORECASE)


def _vega_bundle(vl_version: str | None) -> str:
    """Bundle vega, vega-lite and vega-embed, cached on disk (the first bundle takes ~2 s).

    The cache (:func:`helpers.core.config.user_cache_dir`) is keyed by the vl-convert
    version, so it holds exactly what ``vl_convert.javascript_bundle`` returns; an
    unusable cache is skipped.
    """
    name = f"vega-bundle-{metadata.version('vl-convert-python')}-{vl_version or 'latest'}.js"
    cached = user_cache_dir() / name
    try:
        text = cached.read_text(encoding="utf-8")
        if "window.vegaEmbed=" in text:
            return text
    except OSError:
        pass
    import vl_convert  # slow: loads the Deno runtime, needed only when the cache misses

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


def _script_safe(code: str) -> str:
    return re.sub(r"</(script)", r"<\\/\1", code, flags=re.IGNORECASE)
