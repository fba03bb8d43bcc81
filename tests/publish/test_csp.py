"""The page's Content-Security-Policy: exactly its own inline code by hash, no network."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from helpers.core.config import load_report_config
from helpers.publish.csp import content_security_policy, policy_meta, source_hash
from helpers.publish.html_page import SCRIPTS_PLACEHOLDER, STYLES_PLACEHOLDER, finish_page


def test_source_hash_is_the_base64_sha256_of_the_text() -> None:
    digest = base64.b64encode(hashlib.sha256(b"alert(1)").digest()).decode()
    assert source_hash("alert(1)") == f"'sha256-{digest}'"


def test_policy_allows_nothing_but_the_listed_code() -> None:
    policy = content_security_policy(["a()", "b()"], ["p{}"])
    directives = dict(d.split(" ", 1) for d in policy.split("; "))
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == f"{source_hash('a()')} {source_hash('b()')}"
    assert directives["style-src"] == source_hash("p{}")
    assert directives["img-src"] == "data:"
    assert "unsafe" not in policy
    empty = content_security_policy([], [])
    assert "script-src 'none'" in empty and "style-src 'none'" in empty


def test_meta_element_is_attribute_safe() -> None:
    meta = policy_meta(["x"], [])
    assert meta.startswith('<meta http-equiv="Content-Security-Policy" content="default-src')
    assert meta.count('"') == 4


def test_finished_page_lists_exactly_its_styles_and_scripts(root: Path) -> None:
    config = load_report_config(root / "_quarto.yml")
    page = (
        f"<html><head>{STYLES_PLACEHOLDER}</head><body>"
        '<figure class="chart" data-chart-id="x" data-vl-version="5.20"></figure>'
        f"{SCRIPTS_PLACEHOLDER}</body></html>"
    )
    finished = finish_page(page, config)
    head = finished[: finished.index("</head>")]
    assert head.index("Content-Security-Policy") < head.index("<style>")
    policy = re.search(r'content="([^"]*)"', head).group(1)
    styles = re.findall(r"<style>(.*?)</style>", finished, re.S)
    scripts = re.findall(r'<script type="module"[^>]*>(.*?)</script>', finished, re.S)
    assert len(styles) == 2 and len(scripts) == 2
    for text in [*styles, *scripts]:
        assert source_hash(text) in policy
    assert "ast: true" in scripts[1]
