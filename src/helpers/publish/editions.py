"""Publication: approved editions written once into a site folder, with frozen inputs.

``scorecard publish --month M --area A --to DIR`` renders the approved edition without the
draft mark (reusing the run's executed notebooks when their keys match) and writes, all
at once, ``DIR/M/A/`` with ``scorecard.html``, ``.pdf``, ``.csv``, ``.xlsx`` and
``manifest.json``: the SHA-256 of each file and of each input, the approver, the time,
the tool version and code fingerprint. The inputs themselves are kept, by their SHA-256,
in ``DIR/_inputs/`` (shared by every edition that used the same bytes), so an edition can
be re-rendered from exactly what it showed (``scorecard verify``) whatever happens to the
project's targets or registry later.

An edition is never overwritten. A correction needs ``--supersede --reason TEXT``: the
earlier edition moves to ``DIR/M/A/v1/`` (``v2/``, ...), and the new one says "Revised
on <date>: <reason>" on its cover.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from helpers.data.params import load_month_params
from helpers.publish.approval import current_approval, read_areas
from helpers.publish.cache import code_fingerprint, file_hashes
from helpers.publish.fanout import RAGS, rag_counts
from helpers.publish.run import OUTPUT_NAMES, Edition, run_report, swap_in
from helpers.publish.site import MANIFEST, read_manifest, write_site

INPUTS = "_inputs"


class PublishError(RuntimeError):
    """An edition cannot be published; the site is left as it was."""


def sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot_files(root: Path, month: str) -> list[Path]:
    """The inputs kept with an edition: data, the month's params and commentary, config.

    Every file of ``data/`` (the store a render reads is built from all of it), the
    month's parameters and commentary files, and ``_quarto.yml``.
    """
    params = load_month_params(root, month)
    data = [p for p in (root / "data").rglob("*") if p.is_file()]
    return sorted({*data, params.path, *params.commentary.values(), root / "_quarto.yml"})


def store_inputs(root: Path, files: list[Path], site: Path) -> dict[str, str]:
    """Copy each input into ``site/_inputs/<sha256>`` (once); return path -> SHA-256."""
    hashes = file_hashes(files, root)
    store = site / INPUTS
    store.mkdir(parents=True, exist_ok=True)
    for name, digest in hashes.items():
        target = store / digest
        if not target.exists():
            partial = store / f".{digest}.{os.getpid()}"
            shutil.copyfile(root / name, partial)
            partial.replace(target)
    return hashes


def revision_line(on: dt.date, reason: str) -> str:
    """What a superseding edition says on its cover."""
    return f"Revised on {on.day} {on:%B %Y}: {reason}"


@dataclass(frozen=True)
class Published:
    """An edition just published, and the summary to paste into an email."""

    folder: Path
    manifest: dict[str, Any]
    summary: str


def _check_target(final: Path, supersede: bool, reason: str) -> int:
    """The number of the new edition; refuse an overwrite or a supersede without cause."""
    exists = (final / MANIFEST).exists()
    if exists and not supersede:
        shown = "/".join(final.parts[-2:])
        raise PublishError(
            f"{shown} is already published (edition {read_manifest(final)['edition']}); "
            "nothing changed. To correct it: --supersede --reason TEXT"
        )
    if supersede and not exists:
        raise PublishError("--supersede: there is no published edition to supersede")
    if supersede and not reason.strip():
        raise PublishError("--supersede needs --reason TEXT (it is printed on the new edition)")
    return read_manifest(final)["edition"] + 1 if exists else 1


def _keep_earlier(final: Path, staging: Path) -> None:
    """Copy the earlier editions into the staging folder: the current one as ``v<n>/``."""
    earlier = read_manifest(final)["edition"]
    for old in final.glob("v*"):
        if old.is_dir():
            shutil.copytree(old, staging / old.name)
    kept = staging / f"v{earlier}"
    kept.mkdir()
    for name in (*OUTPUT_NAMES, MANIFEST):
        shutil.copy2(final / name, kept / name)


def publish(
    root: Path,
    month: str,
    area: str,
    site: Path,
    supersede: bool = False,
    reason: str = "",
    now: dt.datetime | None = None,
) -> Published:
    """Publish the approved edition of ``month`` for ``area`` into ``site``.

    Raises
    ------
    helpers.publish.approval.ApprovalError
        When the edition is not approved, or an input changed since its approval.
    PublishError
        When it is already published (without ``supersede``); nothing is changed.
    """
    approval = current_approval(root, month, area)
    site = site.resolve()
    final = site / month / area
    number = _check_target(final, supersede, reason)
    now = now or dt.datetime.now(dt.UTC)
    revised = revision_line(now.date(), reason.strip()) if supersede else ""
    final.parent.mkdir(parents=True, exist_ok=True)
    staging = final.with_name(f".{area}.staging-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        with tempfile.TemporaryDirectory(prefix="scorecard-publish-", dir=final.parent) as tmp:
            render = Path(tmp) / "render"
            run_report(
                root, month, area, edition=Edition(draft=False, revised=revised), folder=render
            )
            staging.mkdir()
            for name in OUTPUT_NAMES:
                shutil.copy2(render / name, staging / name)
        if supersede:
            _keep_earlier(final, staging)
        manifest = _manifest(root, month, area, staging, approval, number, now, revised, reason)
        manifest["inputs"] = store_inputs(root, snapshot_files(root, month), site)
        (staging / MANIFEST).write_text(
            json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8"
        )
        swap_in(staging, final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise

    write_site(site)
    return Published(final, manifest, summary(site, manifest))


def _manifest(
    root: Path,
    month: str,
    area: str,
    staging: Path,
    approval: dict[str, Any],
    number: int,
    now: dt.datetime,
    revised: str,
    reason: str,
) -> dict[str, Any]:
    params = load_month_params(root, month)
    known = read_areas(root)[area]
    return {
        "month": month,
        "month_label": params.month_label,
        "area": area,
        "area_name": known.name,
        "title": params.title,
        "synthetic": known.dataset != "sample",
        "edition": number,
        "published_at": now.isoformat(timespec="seconds"),
        "approved_by": approval["approved_by"],
        "approved_at": str(approval["approved_at"]),
        "approval_note": approval.get("note", ""),
        "approved_inputs": approval["inputs"],
        "revised": revised,
        "revision_reason": reason.strip(),
        "tool_version": metadata.version("scorecard"),
        "code": code_fingerprint(),
        "rag_counts": rag_counts(staging / "scorecard.csv"),
        "section_headings": _section_headings(root),
        "files": {name: sha256(staging / name) for name in OUTPUT_NAMES},
    }


def _section_headings(root: Path) -> dict[str, str]:
    """Section id to its printed heading (``data/registry/sections.csv``), for the site."""
    with (root / "data/registry/sections.csv").open(encoding="utf-8-sig") as handle:
        return {r["section"]: r["heading"] for r in csv.DictReader(handle)}


def _rows(csv_path: Path) -> dict[str, dict[str, str]]:
    with csv_path.open(encoding="utf-8") as handle:
        return {r["id"]: r for r in csv.DictReader(handle) if r["rag"] in RAGS}


def _previous_month(month: str) -> str:
    year, number = (int(p) for p in month.split("-"))
    return f"{year - 1}-12" if number == 1 else f"{year}-{number - 1:02d}"


def _changes(site: Path, manifest: dict[str, Any], limit: int = 8) -> list[str]:
    """RAG changes since the previous month's edition in the site, else the worsened rows."""
    here = _rows(site / manifest["month"] / manifest["area"] / "scorecard.csv")
    before_csv = site / _previous_month(manifest["month"]) / manifest["area"] / "scorecard.csv"
    lines: list[str] = []
    if before_csv.exists():
        before = _rows(before_csv)
        for ident, row in here.items():
            was = before.get(ident, {}).get("rag")
            if was and was != row["rag"]:
                lines.append(f"- {row['code'] or ident} {row['title']}: {was} to {row['rag']}")
        return lines[:limit] or ["- no RAG rating changed since the previous month"]
    lines.append("- (no previous month is published here) worsened since the previous period:")
    for row in here.values():
        if row["dot"] == "worsened" and row["rag"] in ("RED", "AMBER"):
            lines.append(f"  {row['code'] or row['id']} {row['title']}: {row['rag']}")
    return lines[: limit + 1]


def summary(site: Path, manifest: dict[str, Any]) -> str:
    """A short plain-text summary of an edition, to paste into an email."""
    link = f"{manifest['month']}/{manifest['area']}/scorecard.html"
    counts = manifest["rag_counts"]
    lines = [
        f"{manifest['title']}: {manifest['area_name']}, {manifest['month_label']}"
        + (f" (edition {manifest['edition']})" if manifest["edition"] > 1 else ""),
        f"Link (relative to the publication folder): {link}  PDF: {link[:-4]}pdf",
        "RAG: " + ", ".join(f"{counts[r]} {r}" for r in RAGS),
    ]
    if manifest["revised"]:
        lines.append(manifest["revised"])
    if manifest["synthetic"]:
        lines.append("Synthetic demonstration data: these are not real figures.")
    lines.append("Main changes since last month:")
    lines += _changes(site, manifest)
    lines.append(f"Approved by {manifest['approved_by']} on {manifest['approved_at'][:10]}.")
    return "\n".join(lines)


def all_manifests(site: Path) -> list[Path]:
    """Every edition folder in the site, the earlier (``v<n>/``) ones included."""
    found = [p.parent for p in site.glob(f"*/*/{MANIFEST}")]
    found += [p.parent for p in site.glob(f"*/*/v*/{MANIFEST}")]
    return sorted(found)
