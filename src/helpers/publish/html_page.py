"""The HTML page: pandoc writes it from the joined AST, then styles and scripts are inlined.

The page is always self-contained (Quarto's ``embed-resources: true``): the CSS, the Vega
bundle (``vl_convert.javascript_bundle``) and ``templates/render-charts.js`` are inlined,
the last two once and only if the page has a chart. Pandoc's ``--embed-resources`` is not
used: it re-parses the whole page and took most of the assembly time.
"""

from __future__ import annotations

import functools
import json
import os
import re
from importlib import metadata
from pathlib import Path
from typing import Any

from helpers.core.config import ReportConfig, user_cache_dir
from helpers.core.paths import TEMPLATES
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
    """Inline the CSS, and the Vega bundle and chart script once if the page has a chart."""
    for placeholder in (STYLES_PLACEHOLDER, SCRIPTS_PLACEHOLDER):
        if placeholder not in page:
            raise AssemblyError(f"HTML page: the template lost its {placeholder} placeholder")
    styles = []
    for css in config.html.css:
        try:
            text = css.read_text(encoding="utf-8")
        except OSError as error:
            raise AssemblyError(f"{config.source.name}: css {css}: {error}") from error
        safe = re.sub(r"</(style)", r"<\\/\1", text, flags=re.IGNORECASE)
        styles.append(f"<style>\n{safe}</style>")
    versions = sorted(set(re.findall(r'<figure class="chart"[^>]*data-vl-version="([^"]*)"', page)))
    scripts = charts_script(max(versions, key=_version_key) or None) if versions else ""
    page = page.replace(STYLES_PLACEHOLDER, "\n".join(styles), 1)
    return page.replace(SCRIPTS_PLACEHOLDER, scripts, 1)


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split(".") if part.isdigit())


@functools.cache
def charts_script(vl_version: str | None = None) -> str:
    """Return the ``<script>`` elements that draw charts: the Vega bundle and our renderer.

    Parameters
    ----------
    vl_version : str, optional
        Vega-Lite ``major.minor`` to bundle (the charts' version); latest if None.

    Returns
    -------
    str
        Two ``<script type="module">`` elements with everything inline.
    """
    bundle = _vega_bundle(vl_version)
    renderer = (TEMPLATES / "render-charts.js").read_text(encoding="utf-8")
    return (
        f'<script type="module" id="vega-bundle">{_script_safe(bundle)}</script>\n'
        f'<script type="module" id="render-charts">\n{_script_safe(renderer)}</script>'
    )


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
