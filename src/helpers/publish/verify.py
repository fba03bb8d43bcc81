"""``scorecard verify --site DIR``: prove that the published editions are what was published.

For every edition in the site, the earlier (``v<n>/``) ones included:

1. each file listed in its manifest must have the SHA-256 the manifest records, and no
   unlisted file may sit beside them (tampering or damage);
2. each input it was rendered from must still be in ``DIR/_inputs/`` with its SHA-256;
3. it is re-rendered from those inputs with the current code (a scratch project of the
   kept inputs and the current notebooks), and each output must be byte-identical to
   the published one: a code change that would alter a published edition is caught
   before it is released.

Executed notebooks are reused from the project's cache only when their cache key (the
notebook, the inputs and the code) matches, exactly as a run reuses them; ``fresh=True``
executes everything.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from helpers.publish.cache import CACHE_DIR
from helpers.publish.editions import INPUTS, all_manifests, sha256
from helpers.publish.run import OUTPUT_NAMES, Edition, run_report
from helpers.publish.site import MANIFEST, read_manifest


def check_files(site: Path, folder: Path, manifest: dict[str, Any]) -> list[str]:
    """Files of one edition that differ from its manifest, or are missing or unlisted."""
    shown = folder.relative_to(site).as_posix()
    problems = []
    for name, digest in manifest["files"].items():
        path = folder / name
        if not path.is_file():
            problems.append(f"{shown}/{name}: missing")
        elif sha256(path) != digest:
            problems.append(f"{shown}/{name}: differs from its manifest (altered or damaged)")
    listed = {*manifest["files"], MANIFEST}
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.name not in listed:
            problems.append(f"{shown}/{path.name}: not part of the published edition")
    return problems


def check_inputs(site: Path, manifest: dict[str, Any]) -> list[str]:
    """Kept inputs of one edition that are missing or altered."""
    problems = []
    for name, digest in manifest["inputs"].items():
        blob = site / INPUTS / digest
        if not blob.is_file():
            problems.append(f"{INPUTS}/{digest} ({name}): missing")
        elif hashlib.sha256(blob.read_bytes()).hexdigest() != digest:
            problems.append(f"{INPUTS}/{digest} ({name}): altered")
    return problems


def scratch_project(root: Path, site: Path, manifest: dict[str, Any], target: Path) -> Path:
    """A project of the edition's kept inputs and the current notebooks (the code)."""
    for name, digest in manifest["inputs"].items():
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(site / INPUTS / digest, path)
    shutil.copytree(root / "notebooks", target / "notebooks")
    return target


def rerender(
    root: Path,
    site: Path,
    folder: Path,
    manifest: dict[str, Any],
    fresh: bool = False,
) -> list[str]:
    """Re-render one edition from its inputs; name each output that differs."""
    shown = folder.relative_to(site).as_posix()
    with tempfile.TemporaryDirectory(prefix="scorecard-verify-") as tmp:
        project = scratch_project(root, site, manifest, Path(tmp) / "project")
        if not fresh and (root / CACHE_DIR / "notebooks").is_dir():
            (project / CACHE_DIR).mkdir(parents=True)
            os.symlink(
                (root / CACHE_DIR / "notebooks").resolve(), project / CACHE_DIR / "notebooks"
            )
        out = Path(tmp) / "out"
        edition = Edition(draft=False, revised=manifest.get("revised", ""))
        env = os.environ.pop("SCORECARD_ROOT", None)  # the notebooks must find the scratch project
        try:
            run_report(project, manifest["month"], manifest["area"], edition=edition, folder=out)
        finally:
            if env is not None:
                os.environ["SCORECARD_ROOT"] = env
        return [
            f"{shown}/{name}: re-rendered from its inputs with the current code, it differs"
            for name in OUTPUT_NAMES
            if (out / name).read_bytes() != (folder / name).read_bytes()
        ]


def verify_site(
    root: Path,
    site: Path,
    fresh: bool = False,
    rerender_editions: bool = True,
    progress: Callable[[str], None] | None = None,
) -> list[str]:
    """Check every edition of ``site``; return the problems found (none: all verified).

    Parameters
    ----------
    root
        The project whose code (``helpers`` and the notebooks) re-renders the editions.
    site
        The publication folder.
    fresh
        Execute every notebook instead of reusing the cache.
    rerender_editions
        Also re-render each edition (False: only the file checks, in a second).
    progress
        Called with each edition's folder before it is checked.
    """
    site = site.resolve()
    folders = all_manifests(site)
    if not folders:
        return [f"{site}: no published edition (no */*/{MANIFEST})"]
    problems: list[str] = []
    for folder in folders:
        if progress:
            progress(folder.relative_to(site).as_posix())
        manifest = read_manifest(folder)
        found = check_files(site, folder, manifest) + check_inputs(site, manifest)
        if not found and rerender_editions:
            found = rerender(root, site, folder, manifest, fresh)
        problems += found
    return problems
