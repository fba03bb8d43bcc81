"""Static SVGs of Vega-Lite charts, rendered with vl-convert and cached across runs.

Rendering an SVG takes about 60 ms. When the environment variable ``SCORECARD_SVG_CACHE``
names a folder (``scorecard run`` sets it to ``build/cache/svg`` for its kernels), each
SVG is kept there under the SHA-256 of the spec, the Vega-Lite version and the
vl-convert version: specs are deterministic, so a hit is exactly what a new rendering
would give, and a re-run after a code or commentary change renders only changed charts.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

from helpers.core.config import SVG_CACHE_ENV

_SVG_ID = re.compile(r'(?<![-\w])id="([^"]+)"')


def vegalite_version(spec: Mapping[str, Any]) -> str | None:
    """Return the ``major.minor`` Vega-Lite version of a spec if vl-convert has it."""
    import vl_convert  # slow: vl-convert's JavaScript engine, needed only for charts

    match = re.search(r"/v(\d+)\.(\d+)", str(spec.get("$schema", "")))
    if not match:
        return None
    version = f"{match.group(1)}.{match.group(2)}"
    return version if version in vl_convert.get_vegalite_versions() else None


def svg_cache_key(spec_json: str, version: str | None) -> str:
    """The SHA-256 naming one rendered SVG: the spec, its Vega-Lite and vl-convert versions."""
    parts = ("vl-convert-python", _vl_convert_version(), "vega-lite", version or "", spec_json)
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


@functools.lru_cache(maxsize=1)
def _vl_convert_version() -> str:
    return metadata.version("vl-convert-python")


def render_svg(spec_json: str, version: str | None) -> str:
    """Render a spec to SVG, through the folder of ``SCORECARD_SVG_CACHE`` when it is set."""
    folder = os.environ.get(SVG_CACHE_ENV, "")
    if not folder:
        return _convert_svg(spec_json, version)
    path = Path(folder) / f"{svg_cache_key(spec_json, version)}.svg"
    try:
        return path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        pass
    svg = _convert_svg(spec_json, version)
    path.parent.mkdir(parents=True, exist_ok=True)
    # written whole then renamed: kernels running side by side never read half a file
    with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as handle:
        handle.write(svg.encode("utf-8"))
    os.replace(handle.name, path)
    return svg


@functools.lru_cache(maxsize=64)
def _convert_svg(spec_json: str, version: str | None) -> str:
    import vl_convert  # slow: vl-convert's JavaScript engine, needed only for charts

    return vl_convert.vegalite_to_svg(json.loads(spec_json), vl_version=version)


def prefix_svg_ids(svg: str, prefix: str) -> str:
    """Make the ids inside one chart's SVG unique on the page (Vega reuses ``clip1``...)."""
    ids = sorted(set(_SVG_ID.findall(svg)), key=len, reverse=True)
    for old in ids:
        new = f"{prefix}-{old}"
        svg = svg.replace(f'id="{old}"', f'id="{new}"')
        svg = svg.replace(f"url(#{old})", f"url(#{new})")
        svg = svg.replace(f'href="#{old}"', f'href="#{new}"')
    return svg
