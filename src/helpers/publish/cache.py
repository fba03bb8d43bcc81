"""What a run can reuse: cache keys from the inputs that really matter.

An executed notebook is reused only when everything it could show is unchanged:

- the notebook template (its bytes);
- the parameters (month and area);
- the data it reads: the registry, its area's data set files and its area's figures
  (so a district's figures never re-run Kent);
- the month's parameters file, and the commentary files for the notebooks that show
  commentary (notebook metadata ``scorecard.shows: [commentary]``);
- the code: every file of the ``helpers`` package and its templates, and the versions of
  the packages that draw tables and charts.

A key is a SHA-256 of all of these, so a stale report can never be served: change any
input and the key changes. Executed notebooks are sanitised (timestamps and absolute
paths removed) so that the same inputs give the same bytes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from helpers.core.paths import PACKAGE

PACKAGES = ("altair", "vl-convert-python", "pandas", "papermill", "typst", "pypandoc-binary")
CACHE_DIR = Path("build") / "cache"


def _hash_files(paths: Iterable[Path], base: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(str(path.relative_to(base)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The helpers package (code and templates) and the versions of key packages."""
    package = PACKAGE
    files = [p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    versions = []
    for name in PACKAGES:
        try:
            versions.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}==absent")
    return hashlib.sha256((_hash_files(files, package) + "\n".join(versions)).encode()).hexdigest()


def area_data_files(data_dir: Path, dataset: str, area: str) -> list[Path]:
    """The data files one area's scorecard shows: the registry, its data set, its figures."""
    files = [*sorted((data_dir / "registry").glob("*.csv"))]
    files += sorted((data_dir / dataset).glob("*.csv"))
    figures = data_dir / dataset / area / "figures.csv"
    if figures.exists():
        files.append(figures)
    return files


def area_data_fingerprint(data_dir: Path, dataset: str, area: str) -> str:
    """The registry, one data set's shared files, and one area's figures."""
    return _hash_files(area_data_files(data_dir, dataset, area), data_dir)


def file_hashes(paths: Iterable[Path], base: Path) -> dict[str, str]:
    """SHA-256 of each file, by its path relative to ``base`` (POSIX), sorted."""
    return {
        path.relative_to(base).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(paths)
    }


def notebook_shows(notebook: Path) -> set[str]:
    """What a notebook declares it shows beyond the data (``{"commentary"}``)."""
    book = json.loads(notebook.read_text(encoding="utf-8"))
    return set(book.get("metadata", {}).get("scorecard", {}).get("shows", []))


def notebook_key(
    notebook: Path,
    parameters: dict[str, str],
    data_key: str,
    params_file: Path,
    commentary: Iterable[Path],
) -> str:
    """The cache key of one executed notebook."""
    parts = [
        "notebook",
        hashlib.sha256(notebook.read_bytes()).hexdigest(),
        "parameters",
        json.dumps(parameters, sort_keys=True),
        "data",
        data_key,
        "params",
        hashlib.sha256(params_file.read_bytes()).hexdigest(),
        "code",
        code_fingerprint(),
    ]
    if "commentary" in notebook_shows(notebook):
        for path in sorted(commentary):
            parts += ["commentary", path.name, hashlib.sha256(path.read_bytes()).hexdigest()]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def sanitise_notebook(path: Path, replacements: dict[str, str] | None = None) -> None:
    """Remove what differs between identical runs: timings, absolute paths, run ids.

    ``replacements`` maps text (such as the project folder) to what stands for it.
    """
    book: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    book.get("metadata", {}).pop("papermill", None)
    for cell in book.get("cells", []):
        meta = cell.get("metadata", {})
        meta.pop("papermill", None)
        meta.pop("execution", None)
    text = json.dumps(book, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    for old, new in (replacements or {}).items():
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
