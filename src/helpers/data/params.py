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

from helpers.core.paths import PathError, confined
from helpers.core.vocabulary import MONTH_PATTERN


class ParamsError(ValueError):
    """A month's parameters file is missing or wrong.

    ``file``, ``line`` and ``field`` locate the problem when it is in the file, and
    ``detail`` is the message without them.
    """

    def __init__(
        self,
        message: str,
        file: str | None = None,
        line: int | None = None,
        field: str | None = None,
        detail: str | None = None,
    ) -> None:
        super().__init__(message)
        self.file, self.line, self.field = file, line, field
        self.detail = detail or message


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
    not_available: dict[str, str] = field(default_factory=dict)
    """Figures owed this month that will not come: indicator or table id -> the reason."""

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


FIELDS = (
    "month",
    "title",
    "produced_by",
    "publication_date",
    "areas",
    "guidance_notes",
    "table_notes",
    "commentary",
    "contacts",
    "mailboxes",
    "no_figures_note",
    "not_available",
)
"""Every field a month's parameters file may have; any other is refused (a misspelling)."""
COMMENTARY_SECTIONS = ("send", "ics", "education")
"""The commentary files a month may have, keyed by commentary section."""


@dataclass(frozen=True)
class _Where:
    """The file being read, and the line of each field in it (``key`` or ``key.sub``)."""

    shown: str
    lines: dict[str, int]

    def fail(self, key: str, message: str) -> ParamsError:
        top = key.split(".", 1)[0]
        line = self.lines.get(key) or self.lines.get(top)
        at = f", line {line}" if line else ""
        return ParamsError(
            f"{self.shown}{at}: field '{key}' {message}", self.shown, line, key, message
        )


def _field_lines(text: str) -> dict[str, int]:
    """The line of every top-level key and of the keys one level below them."""
    try:
        node = yaml.compose(text)
    except yaml.YAMLError:
        return {}
    lines: dict[str, int] = {}
    if not isinstance(node, yaml.MappingNode):
        return lines
    for key, value in node.value:
        lines[str(key.value)] = key.start_mark.line + 1
        if isinstance(value, yaml.MappingNode):
            for sub, _ in value.value:
                lines[f"{key.value}.{sub.value}"] = sub.start_mark.line + 1
    return lines


def _require(data: dict[str, Any], key: str, kind: type, where: _Where) -> Any:
    if key not in data:
        raise where.fail(key, "is missing")
    value = data[key]
    if not isinstance(value, kind):
        raise where.fail(key, f"should be a {kind.__name__}, not {value!r}")
    return value


def _optional(data: dict[str, Any], key: str, kind: type, where: _Where) -> Any:
    value = data.get(key)
    if value is None:
        return kind()
    if not isinstance(value, kind):
        what = "mapping" if kind is dict else kind.__name__
        raise where.fail(key, f"should be a {what}, not {value!r}")
    return value


def _date(value: object, where: _Where) -> datetime.date:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise where.fail(
            "publication_date", f"should be a date such as 2025-12-22, not {value!r}"
        ) from None


def _commentary(data: dict[str, Any], root: Path, where: _Where) -> dict[str, Path]:
    """The commentary files, each confined to ``params/``."""
    folder = (root / "params").resolve()
    out = {}
    for section, relative in _optional(data, "commentary", dict, where).items():
        key = f"commentary.{section}"
        if section not in COMMENTARY_SECTIONS:
            raise where.fail(
                key, f"is not a commentary section: use {', '.join(COMMENTARY_SECTIONS)}"
            )
        if not isinstance(relative, str) or not relative.strip():
            raise where.fail(key, f"should be a file name under params/, not {relative!r}")
        try:
            path = confined(relative, folder, key)
        except PathError:
            raise where.fail(
                key, f"{relative} lies outside the params/ folder: it is not read"
            ) from None
        if not path.is_file():
            raise where.fail(key, f"no file {relative}")
        out[str(section)] = path
    return out


def _texts(data: dict[str, Any], key: str, where: _Where) -> list[str]:
    return [str(item) for item in _optional(data, key, list, where)]


def _table_notes(data: dict[str, Any], where: _Where) -> dict[str, list[str]]:
    out = {}
    for table, notes in _optional(data, "table_notes", dict, where).items():
        if not isinstance(notes, list):
            raise where.fail(f"table_notes.{table}", f"should be a list of notes, not {notes!r}")
        out[str(table)] = [str(n) for n in notes]
    return out


def _contacts(data: dict[str, Any], where: _Where) -> list[list[str]]:
    contacts = _optional(data, "contacts", list, where)
    for pair in contacts:
        if not isinstance(pair, list):
            raise where.fail(
                "contacts", f"should be a list of [name, telephone] pairs, not {pair!r}"
            )
    return [[str(c) for c in pair] for pair in contacts]


def _read(path: Path, where: _Where) -> dict[str, Any]:
    try:
        text = path.read_bytes().removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise ParamsError(f"{where.shown}, line {line}: not UTF-8 text; save it as UTF-8") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ParamsError(f"{where.shown}: malformed YAML: {exc}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ParamsError(f"{where.shown}, line 1: should be a mapping of fields (month: ...)")
    where.lines.update(_field_lines(text))
    unknown = [str(k) for k in data if k not in FIELDS]
    if unknown:
        raise where.fail(
            unknown[0], f"is not a parameter (misspelt?); the fields are {', '.join(FIELDS)}"
        )
    return data


def _not_available(data: dict[str, Any], where: _Where) -> dict[str, str]:
    value = data.get("not_available") or {}
    if not isinstance(value, dict):
        raise where.fail("not_available", "should map indicator or table ids to reasons")
    out = {}
    for key, reason in value.items():
        if not isinstance(reason, str) or not reason.strip():
            raise where.fail(f"not_available.{key}", "needs a reason")
        out[str(key)] = reason.strip()
    return out


def load_month_params(root: Path, month: str) -> MonthParams:
    """Read and check ``params/<month>.yml``.

    Raises
    ------
    ParamsError
        When the file is missing, a field is wrong or unknown, or a commentary file lies
        outside ``params/`` (naming the file, line and field).
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
    where = _Where(shown, {})
    data = _read(path, where)
    if str(data.get("month")) != month:
        raise where.fail("month", f"is {data.get('month')!r}, not '{month}'")
    return MonthParams(
        month=month,
        path=path,
        title=_require(data, "title", str, where),
        produced_by=_require(data, "produced_by", str, where),
        publication_date=_date(_require(data, "publication_date", object, where), where),
        areas=[str(a) for a in _require(data, "areas", list, where)],
        guidance_notes=_texts(data, "guidance_notes", where),
        table_notes=_table_notes(data, where),
        commentary=_commentary(data, root, where),
        contacts=_contacts(data, where),
        mailboxes=_texts(data, "mailboxes", where),
        no_figures_note=str(data.get("no_figures_note") or ""),
        not_available=_not_available(data, where),
    )
