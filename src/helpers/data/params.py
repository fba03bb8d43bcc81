"""Month parameters: ``params/<month>.yml`` and the commentary files beside it.

A month's file holds what changes from one edition to the next and is not data: the
publication date, the areas published, the guidance and table notes, the commentary
files and the contacts. ``load_month_params`` checks it and names the file and field of
anything wrong.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from helpers.core.vocabulary import MONTH_PATTERN


class ParamsError(ValueError):
    """A month's parameters file is missing or wrong."""


@dataclass(frozen=True)
class MonthParams:
    """The parameters of one month's scorecard."""

    month: str
    path: Path
    title: str
    produced_by: str
    publication_date: datetime.date
    areas: list[str]
    guidance_notes: list[str] = field(default_factory=list)
    table_notes: dict[str, list[str]] = field(default_factory=dict)
    commentary: dict[str, Path] = field(default_factory=dict)
    contacts: list[list[str]] = field(default_factory=list)
    mailboxes: list[str] = field(default_factory=list)
    no_figures_note: str = ""

    @property
    def publication_month(self) -> str:
        """``YYYY-MM`` of the publication date."""
        return self.publication_date.strftime("%Y-%m")

    @property
    def month_label(self) -> str:
        """The month as printed on the cover, e.g. "November 2025"."""
        year, number = (int(p) for p in self.month.split("-"))
        return datetime.date(year, number, 1).strftime("%B %Y")


def params_path(root: Path, month: str) -> Path:
    """Where a month's parameters file lives."""
    return root / "params" / f"{month}.yml"


def _require(data: dict[str, Any], key: str, kind: type, shown: str) -> Any:
    if key not in data:
        raise ParamsError(f"{shown}: field '{key}' is missing")
    value = data[key]
    if not isinstance(value, kind):
        raise ParamsError(f"{shown}: field '{key}' should be a {kind.__name__}, not {value!r}")
    return value


def _date(value: object, shown: str) -> datetime.date:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise ParamsError(
            f"{shown}: field 'publication_date' should be a date such as 2025-12-22, not {value!r}"
        ) from None


def _commentary(data: dict[str, Any], root: Path, shown: str) -> dict[str, Path]:
    out = {}
    for section, relative in (data.get("commentary") or {}).items():
        path = root / "params" / str(relative)
        if not path.exists():
            raise ParamsError(f"{shown}: field 'commentary.{section}': no file {relative}")
        out[str(section)] = path
    return out


def load_month_params(root: Path, month: str) -> MonthParams:
    """Read and check ``params/<month>.yml``.

    Raises
    ------
    ParamsError
        When the file is missing or a field is wrong (naming the file and field).
    """
    if not MONTH_PATTERN.fullmatch(month):
        raise ParamsError(f"'{month}' is not a month such as 2025-11")
    path = params_path(root, month)
    shown = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
    if not path.exists():
        raise ParamsError(
            f"no parameters for {month}: {shown} is missing "
            f"(start it with `scorecard new-month {month}`)"
        )
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ParamsError(f"{shown}: malformed YAML: {exc}") from None
    if str(data.get("month")) != month:
        raise ParamsError(f"{shown}: field 'month' is {data.get('month')!r}, not '{month}'")
    return MonthParams(
        month=month,
        path=path,
        title=_require(data, "title", str, shown),
        produced_by=_require(data, "produced_by", str, shown),
        publication_date=_date(_require(data, "publication_date", object, shown), shown),
        areas=[str(a) for a in _require(data, "areas", list, shown)],
        guidance_notes=[str(n) for n in data.get("guidance_notes") or []],
        table_notes={
            str(k): [str(n) for n in v] for k, v in (data.get("table_notes") or {}).items()
        },
        commentary=_commentary(data, root, shown),
        contacts=[[str(c) for c in pair] for pair in data.get("contacts") or []],
        mailboxes=[str(m) for m in data.get("mailboxes") or []],
        no_figures_note=str(data.get("no_figures_note") or ""),
    )
