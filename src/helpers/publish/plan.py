"""What a run would do, worked out without running anything: its plan.

The plan holds each section notebook's cache key (``helpers.publish.cache``) and what the
published folder already holds (``run.json``, the manifest). When they agree, the run
has nothing to do. This module imports no pandas, Papermill or Altair, so that
``scorecard run`` finds an up-to-date report in a fraction of a second.
"""

from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from helpers.core.config import load_report_config, resolve_chart_style
from helpers.data.params import MonthParams
from helpers.publish.cache import area_data_fingerprint, notebook_key

OUTPUT_NAMES = ("scorecard.html", "scorecard.pdf", "scorecard.csv", "scorecard.xlsx")
ENGINES = ("native", "quarto")
"""How the HTML page and the PDF are rendered: pandoc and Typst driven by
``helpers.publish.assemble`` (the default), or ``quarto render`` (``helpers.publish.quarto``)."""
MANIFEST = "run.json"
STORE_URL = "duckdb:///build/scorecard.duckdb"  # relative to the project (notebooks' cwd)


@dataclass(frozen=True)
class Edition:
    """What kind of edition a run renders: a draft (the default), or for publication."""

    draft: bool = True
    revised: str = ""  # e.g. "Revised on 5 January 2026: <reason>"


def notebook_dir(root: Path) -> Path:
    """Where the section notebook templates live."""
    return root / "notebooks"


def section_notebooks(root: Path) -> list[Path]:
    """The section notebooks in published order (the chapters of ``_quarto.yml``)."""
    config = load_report_config(root / "_quarto.yml")
    names = [Path(c).name for c in config.chapters if c.endswith(".ipynb")]
    return [notebook_dir(root) / name for name in names]


def _area_dataset(root: Path, area: str) -> str:
    """The area's data set, read from the registry file: the up-to-date check opens no store."""
    with (root / "data" / "registry" / "areas.csv").open(
        encoding="utf-8-sig", newline=""
    ) as handle:
        for row in csv.DictReader(handle):
            if row["area"] == area:
                return row["dataset"]
    raise KeyError(f"unknown area '{area}': it is not in data/registry/areas.csv")


@dataclass
class Plan:
    """The keys of one run, and what the published folder already holds."""

    keys: dict[str, str]
    final: Path
    config: str = ""  # the report configuration (_quarto.yml): styles, formats, order
    engine: str = "native"  # which engine rendered the page and the PDF
    edition: Edition = Edition()

    def manifest(self) -> dict[str, object]:
        """What ``run.json`` holds once the run has published its folder."""
        return {
            "notebooks": self.keys,
            "config": self.config,
            "engine": self.engine,
            "draft": self.edition.draft,
            "revised": self.edition.revised,
        }

    def up_to_date(self) -> bool:
        """Whether the published folder holds every output, made from these very keys."""
        path = self.final / MANIFEST
        if not path.exists() or not all((self.final / n).exists() for n in OUTPUT_NAMES):
            return False
        return json.loads(path.read_text(encoding="utf-8")) == self.manifest()

    def digest(self) -> str:
        """One SHA-256 of the manifest and the folder: equal digests, equal inputs."""
        text = json.dumps([str(self.final), self.manifest()], sort_keys=True)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def make_plan(
    root: Path,
    month: str,
    area: str,
    params: MonthParams,
    source: str = STORE_URL,
    edition: Edition = Edition(),
    engine: str = "native",
) -> Plan:
    """The plan of rendering ``month`` for ``area`` into ``reports/<month>/<area>/``."""
    data_key = area_data_fingerprint(root / "data", _area_dataset(root, area), area)
    if source != STORE_URL:
        data_key += "|" + source  # another source: its contents are not hashed here
    key_params = {"month": month, "area": area}
    style = resolve_chart_style()  # SCORECARD_CHART_STYLE changes what the charts show
    if style != "trend":
        key_params["chart_style"] = style
    keys = {
        nb.name: notebook_key(nb, key_params, data_key, params.path, params.commentary.values())
        for nb in section_notebooks(root)
    }
    config = hashlib.sha256((root / "_quarto.yml").read_bytes()).hexdigest()
    return Plan(keys, root / "reports" / month / area, config, engine, edition)
