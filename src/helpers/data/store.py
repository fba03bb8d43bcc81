"""The store: an embedded DuckDB database built from the text files, and how to read it.

``build_store`` checks every text file and writes ``build/scorecard.duckdb`` (to a
temporary file first, so a failed build never leaves a half-written store).

Everything downstream reads through a *source* named by a URL, so a council can point
the notebooks at its own warehouse without touching them:

- ``duckdb:///build/scorecard.duckdb`` (or any path ending ``.duckdb``): the store;
- ``csv:///data`` (or a folder path): the text files themselves, checked on the way in;
- ``sqlite:///path/to/file.db``: any database with the same tables (the pattern for a
  warehouse: implement ``Source.read`` for its driver and register its scheme).

The ``load_*`` functions return tidy pandas frames for a month and an area.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pandas as pd

from helpers.core.paths import store_path
from helpers.data.datafiles import DATASET_FILES, REGISTRY_FILES, DataFiles
from helpers.data.load import read_data
from helpers.data.problems import DataError

TABLES = (*REGISTRY_FILES, *DATASET_FILES, "figures")


class SourceError(ValueError):
    """A source cannot hand over a table (not a database, or not the scorecard's)."""


class Source(Protocol):
    """Anything that can hand over the scorecard's tables as frames."""

    def read(self, table: str) -> pd.DataFrame:
        """Return the whole of one table (``"figures"``, ``"targets"``, ...)."""
        ...


# --------------------------------------------------------------------------- building


def _for_store(frame: pd.DataFrame) -> pd.DataFrame:
    """Keep provenance (file and line) under plain names; drop working columns."""
    out = frame.drop(columns=[c for c in ("_area_dir",) if c in frame])
    return out.rename(columns={"_file": "source_file", "_line": "source_line"})


def data_fingerprint(data_dir: Path) -> str:
    """A hash of every text file under ``data_dir`` (names and bytes)."""
    digest = hashlib.sha256()
    for path in sorted(data_dir.rglob("*.csv")):
        digest.update(str(path.relative_to(data_dir)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def build_store(data_dir: Path, db_path: Path) -> DataFiles:
    """Check the text files and write them into a DuckDB database.

    Parameters
    ----------
    data_dir
        The folder holding ``registry/`` and the data set folders.
    db_path
        Where the database goes. It is replaced only when the build succeeds.

    Returns
    -------
    DataFiles
        The frames and the problems found (warnings only: errors raise).

    Raises
    ------
    DataError
        When any file has an error; the existing store is left untouched.
    """
    import duckdb  # slow: duckdb takes a while to import, and CSV sources never need it

    files = read_data(data_dir)
    if files.report.errors:
        raise DataError(files.report.problems)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = db_path.with_name(db_path.name + ".tmp")
    tmp.unlink(missing_ok=True)
    con = duckdb.connect(str(tmp))
    try:
        for name in TABLES:
            con.register("incoming", _for_store(files[name]))
            con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM incoming')
            con.unregister("incoming")
        meta = pd.DataFrame({"key": ["data_fingerprint"], "value": [data_fingerprint(data_dir)]})
        con.register("incoming", meta)
        con.execute("CREATE TABLE meta AS SELECT * FROM incoming")
    finally:
        con.close()
    Path(f"{db_path}.wal").unlink(missing_ok=True)  # a foreign store's log must not replay
    os.replace(tmp, db_path)
    return files


# --------------------------------------------------------------------------- sources


@dataclass
class DuckDBSource:
    """Read tables from a DuckDB database file (read-only)."""

    path: Path

    def read(self, table: str) -> pd.DataFrame:
        """Return one table as a frame."""
        import duckdb  # slow: duckdb takes a while to import, and CSV sources never need it

        if not self.path.exists():
            raise FileNotFoundError(f"no store at {self.path}: run `scorecard store` first")
        try:
            with duckdb.connect(str(self.path), read_only=True) as con:
                return _tidy(con.execute(f'SELECT * FROM "{table}"').df())
        except duckdb.Error as exc:
            raise SourceError(f"{self.path}: cannot read table {table}: {exc}") from None


@dataclass
class SqliteSource:
    """Read tables from a SQLite database with the store's tables."""

    path: Path

    def read(self, table: str) -> pd.DataFrame:
        """Return one table as a frame."""
        try:
            with sqlite3.connect(self.path) as con:
                return _tidy(pd.read_sql_query(f'SELECT * FROM "{table}"', con))
        except (sqlite3.Error, pd.errors.DatabaseError) as exc:
            raise SourceError(f"{self.path}: cannot read table {table}: {exc}") from None


@dataclass
class CsvSource:
    """Read the text files directly (checked on the way in, as the store build does)."""

    data_dir: Path
    _files: DataFiles | None = None

    def read(self, table: str) -> pd.DataFrame:
        """Return one file kind as a frame; raise DataError if the files have errors."""
        if self._files is None:
            files = read_data(self.data_dir)
            if files.report.errors:
                raise DataError(files.report.problems)
            self._files = files
        return _tidy(_for_store(self._files[table]))


def ensure_store(root: Path) -> Path:
    """Build the store when it is missing or older than the text files; return its path."""
    path = store_path(root)
    if path.exists() and built_fingerprint(path) == data_fingerprint(root / "data"):
        return path
    build_store(root / "data", path)
    return path


def built_fingerprint(path: Path) -> str | None:
    """The fingerprint of the text files a store was built from; None if it cannot tell.

    A store that is corrupt, is not a DuckDB file or lacks the scorecard's tables is
    derived data: None makes it rebuilt from the text files.
    """
    import duckdb

    try:
        meta = DuckDBSource(path).read("meta")
        with duckdb.connect(str(path), read_only=True) as con:
            present = {
                row[0] for row in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()
            }
    except (duckdb.Error, OSError, KeyError, ValueError):
        return None
    if not set(TABLES) <= present:
        return None
    return dict(zip(meta["key"], meta["value"], strict=True)).get("data_fingerprint")


def _tidy(frame: pd.DataFrame) -> pd.DataFrame:
    """Missing values as None in text columns and NaN in numbers, whatever the backend."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or str(out[column].dtype).startswith("str"):
            out[column] = out[column].astype(object).fillna("")
    return out


SCHEMES: dict[str, Callable[[Path], Source]] = {
    "duckdb": DuckDBSource,
    "sqlite": SqliteSource,
    "csv": CsvSource,
}


def open_source(url: str | Path) -> Source:
    """Open the source named by ``url`` (see the module docstring for the forms).

    Raises
    ------
    ValueError
        For a scheme no source is registered for.
    """
    text = str(url)
    if ":" in text and not Path(text).exists() and text.split(":", 1)[0] in SCHEMES:
        scheme, rest = text.split(":", 1)
        path = Path(rest[3:] if rest.startswith("///") else rest.lstrip("/"))
        return SCHEMES[scheme](path)
    if "://" in text:
        raise ValueError(f"no source for '{text}': known schemes are {', '.join(SCHEMES)}")
    path = Path(text)
    return CsvSource(path) if path.is_dir() else DuckDBSource(path)


# --------------------------------------------------------------------------- loading


def valid_for(frame: pd.DataFrame, month: str) -> pd.DataFrame:
    """Rows whose ``valid_from``..``valid_to`` (inclusive months) contain ``month``."""
    if not len(frame):
        return frame
    start_ok = frame["valid_from"] <= month
    end_ok = (frame["valid_to"] == "") | (frame["valid_to"] >= month)
    return frame[start_ok & end_ok]


def load_indicators(source: Source, month: str) -> pd.DataFrame:
    """Indicators with the code, title and definition that apply in ``month``.

    An indicator with no version valid in ``month`` is left out (it did not exist, or
    had retired).
    """
    versions = valid_for(source.read("versions"), month)
    versions = versions.sort_values("valid_from").drop_duplicates("id", keep="last")
    cols = ["id", "code", "title", "definition", "valid_from", "valid_to"]
    return source.read("indicators").merge(versions[cols], on="id", how="inner")


def load_layout(source: Source, month: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The tables and their rows (in published order) of the scorecard for ``month``."""
    tables = valid_for(source.read("tables"), month).sort_values("position")
    rows = valid_for(source.read("rows"), month)
    rows = rows[rows["table"].isin(tables["table"])]
    order = dict(zip(tables["table"], tables["position"], strict=True))
    rows = rows.assign(_order=rows["table"].map(order)).sort_values(["_order", "position"])
    return tables.reset_index(drop=True), rows.drop(columns="_order").reset_index(drop=True)


def load_sections(source: Source) -> pd.DataFrame:
    """The scorecard's sections in published order (``data/registry/sections.csv``).

    Columns ``section``, ``position``, ``heading`` (as printed over the section's
    indicators), ``sheet`` (its spreadsheet tab) and ``commentary`` (the commentary
    section that speaks for its rows; empty for none).
    """
    return source.read("sections").sort_values("position").reset_index(drop=True)


def load_areas(source: Source) -> pd.DataFrame:
    """Every area the data covers, with its data set."""
    return source.read("areas")


def area_dataset(source: Source, area: str) -> str:
    """The data set folder holding ``area``'s figures.

    Raises
    ------
    KeyError
        For an unknown area, naming the known ones.
    """
    areas = load_areas(source)
    match = areas[areas["area"] == area]
    if not len(match):
        raise KeyError(f"unknown area '{area}': known areas are {', '.join(areas['area'])}")
    return str(match.iloc[0]["dataset"])


def load_figures(source: Source, area: str) -> pd.DataFrame:
    """All figures of one area (every period and status)."""
    figures = source.read("figures")
    return figures[figures["area"] == area].reset_index(drop=True)


def _of_dataset(source: Source, table: str, dataset: str) -> pd.DataFrame:
    frame = source.read(table)
    return frame[frame["dataset"] == dataset].reset_index(drop=True)


def load_targets(source: Source, dataset: str) -> pd.DataFrame:
    """Targets, floor standards and ranges per indicator and reporting year."""
    return _of_dataset(source, "targets", dataset)


def load_benchmarks(source: Source, dataset: str) -> pd.DataFrame:
    """Comparator (statistical neighbours or South East) and national benchmarks."""
    return _of_dataset(source, "benchmarks", dataset)


def load_data_sources(source: Source, dataset: str, month: str) -> pd.DataFrame:
    """The Data Sources table of the edition nearest ``month``.

    That is the latest edition at or before the month, else the earliest after it; the
    ``report_month`` column says which edition the rows come from.
    """
    frame = _of_dataset(source, "data_sources", dataset)
    editions = sorted(set(frame["report_month"]))
    if not editions:
        return frame
    before = [m for m in editions if m <= month]
    edition = before[-1] if before else editions[0]
    chosen = frame[frame["report_month"] == edition]
    return chosen.sort_values(["group", "position"], key=_group_order(chosen)).reset_index(
        drop=True
    )


def _group_order(frame: pd.DataFrame) -> Callable[[pd.Series], pd.Series]:
    groups = list(dict.fromkeys(frame["group"]))

    def key(column: pd.Series) -> pd.Series:
        return column.map(groups.index) if column.name == "group" else column

    return key
