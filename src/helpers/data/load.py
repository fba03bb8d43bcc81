"""Read every text file of the project and check it: the data layer's entry point."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from helpers.data.bounds import dataset_folder_problem
from helpers.data.checks import check_data
from helpers.data.datafiles import DATASET_FILES, REGISTRY_FILES, DataFiles, Report, read_file


def dataset_dirs(data_dir: Path, areas: pd.DataFrame) -> list[str]:
    """Names of the data set folders that the areas file refers to, in order."""
    names = list(dict.fromkeys(areas["dataset"].tolist())) if len(areas) else []
    return names or ["sample"]


def _unusable(data_dir: Path, dataset: str, areas: pd.DataFrame, report: Report) -> bool:
    """Report a data set folder that is missing or outside ``data_dir``; True if so."""
    problem = dataset_folder_problem(data_dir, dataset)
    if problem is None:
        return False
    rows = areas[areas["dataset"] == dataset] if len(areas) else areas
    file = rows["_file"].iloc[0] if len(rows) else f"{data_dir.name}/registry/areas.csv"
    line = int(rows["_line"].iloc[0]) if len(rows) else None
    report.add("error", file, line, "dataset", problem)
    return True


def read_data(data_dir: Path, root: Path | None = None) -> DataFiles:
    """Read and check every data file under ``data_dir``.

    Parameters
    ----------
    data_dir
        The folder holding ``registry/`` and the data set folders.
    root
        The project root used to name files in messages (default: data_dir's parent).

    Returns
    -------
    DataFiles
        Frames of every file kind (figures and data set files concatenated across data
        sets, with a ``dataset`` column) and the problems found.
    """
    root = root or data_dir.parent
    report = Report()
    frames = {
        name: read_file(data_dir / "registry" / f"{name}.csv", name, root, report)
        for name in REGISTRY_FILES
    }
    for name in (*DATASET_FILES, "figures"):
        frames[name] = pd.DataFrame()
    parts: dict[str, list[pd.DataFrame]] = {n: [] for n in (*DATASET_FILES, "figures")}
    for dataset in dataset_dirs(data_dir, frames["areas"]):
        folder = data_dir / dataset
        if _unusable(data_dir, dataset, frames["areas"], report):
            continue
        for name in DATASET_FILES:
            part = read_file(folder / f"{name}.csv", name, root, report)
            parts[name].append(part.assign(dataset=dataset))
        for area_dir in sorted(p for p in folder.iterdir() if p.is_dir()):
            if not area_dir.resolve().is_relative_to(folder.resolve()):
                shown = f"{data_dir.name}/{dataset}/{area_dir.name}"
                report.add("error", shown, None, "area", "the folder lies outside its data set")
                continue
            part = read_file(area_dir / "figures.csv", "figures", root, report)
            parts["figures"].append(part.assign(dataset=dataset, _area_dir=area_dir.name))
    for name, items in parts.items():
        frames[name] = pd.concat(items, ignore_index=True) if items else pd.DataFrame()
    files = DataFiles(root, frames, report)
    check_data(files)
    return files
