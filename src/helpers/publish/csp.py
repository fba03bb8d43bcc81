"""The HTML page's Content-Security-Policy: its own inline code by hash, and no network.

The published page is one self-contained file. Its policy (a ``<meta http-equiv>`` element
before any style or script) lets the browser run only the inline scripts and styles the
assembler itself put there, each allowed by its SHA-256 hash, and load nothing at all:
no network, no frames, no plugins, no forms. Images may only be ``data:`` URIs, as the
assembler embeds them. So even if an injection slipped past the commentary sanitiser
(:mod:`helpers.render.sanitise`), a ``<script>`` element, an event handler or a
``javascript:`` URL in the page would not run.

Vega normally compiles chart expressions with ``new Function``, which such a policy
forbids; the chart script asks vega-embed for its expression interpreter (``ast: true``),
so the policy needs no ``'unsafe-eval'``.
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections.abc import Sequence

__all__ = ["content_security_policy", "policy_meta", "source_hash"]


def source_hash(text: str) -> str:
    """The CSP hash source of an inline element's text, e.g. ``'sha256-...'``."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy(scripts: Sequence[str], styles: Sequence[str]) -> str:
    """The policy allowing exactly these inline scripts and styles (their texts) and nothing else.

    Parameters
    ----------
    scripts, styles
        The text content of each inline ``<script>`` and ``<style>`` element the page
        may run; scripts of a data type (``application/json``) are not run and need none.

    Returns
    -------
    str
        The policy, e.g. ``default-src 'none'; script-src 'sha256-…'; ...``.
    """
    script_src = " ".join(dict.fromkeys(source_hash(s) for s in scripts)) or "'none'"
    style_src = " ".join(dict.fromkeys(source_hash(s) for s in styles)) or "'none'"
    return "; ".join(
        [
            "default-src 'none'",
            f"script-src {script_src}",
            f"style-src {style_src}",
            "img-src data:",
            "font-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )


def policy_meta(scripts: Sequence[str], styles: Sequence[str]) -> str:
    """The ``<meta http-equiv="Content-Security-Policy">`` element of that policy."""
    policy = html.escape(content_security_policy(scripts, styles), quote=False).replace(
        '"', "&quot;"
    )
    return f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
