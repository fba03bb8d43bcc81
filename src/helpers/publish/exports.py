"""The analysts' copies: ``scorecard.csv`` (one row per indicator row) and ``scorecard.xlsx``.

Numbers are unformatted. Each trend value sits in a column headed by its period label
(``May-25``, ``Q2 25-26``, ``Autumn 25-26``, ``2024-25``). Both files are
deterministic: the same scorecard gives the same bytes.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from pathlib import Path

import pandas as pd
from openpyxl import Workbook

from helpers.core.numbers import or_none
from helpers.core.vocabulary import (
    DATA_STATUS_PUBLISHED,
    DATA_STATUS_SYNTHETIC,
    FIGURE_MARK_WORDS,
    synthetic_banner,
)
from helpers.engine.rows import IDENTITY_FIELDS, PREVIOUS_YEAR_FIELDS
from helpers.engine.scorecard import Scorecard

CSV_COLUMNS = (
    *IDENTITY_FIELDS,
    *("period", "value", "status", "numerator", "denominator"),
    *("target", "floor", "target_low", "target_high", "rag", "dot"),
    *PREVIOUS_YEAR_FIELDS,
    *("next_year_target", "comparator", "national"),
)
"""The columns of ``scorecard.csv`` (fields of :class:`helpers.engine.rows.Row`)."""
_FIXED_TIME = (2000, 1, 1, 0, 0, 0)
MARKED = "marked_figures"
"""The column naming each row's provisional and unpublished figures, symbol and words."""


def _trend_labels(card: Scorecard) -> list[str]:
    labels: list[str] = []
    for row in card.tables.to_dict("records"):
        labels.extend(label for label in row["labels"] if label not in labels)
    return labels


def scorecard_frame(card: Scorecard) -> pd.DataFrame:
    """One row per indicator row: the rating columns, then a column per trend period."""
    base = card.rows.loc[:, list(CSV_COLUMNS)].copy()
    trend = card.trend.assign(key=card.trend["table"] + "|" + card.trend["id"])
    wide = trend.pivot_table(
        index="key", columns="label", values="value", aggfunc="first", sort=False
    )
    keys = card.rows["table"] + "|" + card.rows["id"]
    for label in _trend_labels(card):
        column = wide[label] if label in wide.columns else pd.Series(dtype=float)
        base[label] = keys.map(column).to_numpy()
    base.insert(list(base.columns).index("status") + 1, MARKED, _marked_figures(card, keys))
    base.insert(
        0, "data_status", DATA_STATUS_SYNTHETIC if card.synthetic else DATA_STATUS_PUBLISHED
    )
    return base


def _marked_figures(card: Scorecard, keys: pd.Series) -> list[str]:
    """Each row's figures printed with a caveat: "† unpublished: Q3 24-25, Q4 24-25"."""
    marked: dict[str, dict[str, list[str]]] = {}
    for record in card.trend.to_dict("records"):
        if record["status"] in FIGURE_MARK_WORDS:
            key = f"{record['table']}|{record['id']}"
            marked.setdefault(key, {}).setdefault(record["status"], []).append(record["label"])
    return [
        "; ".join(
            f"{FIGURE_MARK_WORDS[status]}: {', '.join(labels)}"
            for status, labels in marked.get(key, {}).items()
        )
        for key in keys
    ]


def write_csv(card: Scorecard, path: Path) -> Path:
    """Write ``scorecard.csv``."""
    scorecard_frame(card).to_csv(path, index=False, lineterminator="\n")
    return path


def _normalise_zip(data: bytes, stamp: datetime.datetime) -> bytes:
    """Rewrite an .xlsx with fixed timestamps so identical content gives identical bytes.

    openpyxl stamps the save time into ``docProps/core.xml``; it becomes ``stamp`` (the
    publication date), and every zip entry gets one fixed date.
    """
    when = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for item in sorted(src.infolist(), key=lambda i: i.filename):
            info = zipfile.ZipInfo(item.filename, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            content = src.read(item.filename)
            if item.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(<)", rb"\g<1>" + when + rb"\g<2>", content
                )
            dst.writestr(info, content)
    return out.getvalue()


def write_xlsx(card: Scorecard, path: Path, published: datetime.date) -> Path:
    """Write ``scorecard.xlsx``: one sheet per section, its tables one under another."""
    frame = scorecard_frame(card)
    book = Workbook()
    book.remove(book.active)
    stamp = datetime.datetime.combine(published, datetime.time())
    book.properties.created = stamp
    book.properties.modified = stamp
    book.properties.creator = "scorecard"
    for section, name in zip(card.sections["section"], card.sections["sheet"], strict=True):
        tables = card.tables[card.tables["section"] == section]
        if not len(tables):
            continue
        sheet = book.create_sheet(name)
        if card.synthetic:
            sheet.append([synthetic_banner("spreadsheet", card.area_name)])
            sheet.append([])
        for table in tables.to_dict("records"):
            rows = frame[frame["table"] == table["table"]]
            columns = [c for c in (*CSV_COLUMNS, MARKED, *table["labels"]) if c in rows.columns]
            sheet.append([table["title"]])
            sheet.append(columns)
            for record in rows[columns].itertuples(index=False):
                sheet.append([or_none(v) for v in record])
            sheet.append([])
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(_normalise_zip(buffer.getvalue(), stamp))
    return path
