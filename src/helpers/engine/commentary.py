"""Commentary: the analysts' Markdown per month, grouped by the computed RAG rating.

A commentary file (``params/<month>/commentary-<section>.md``) has an optional section
note (text before the first heading), optional ``## group`` headings and one
``### indicator-id`` entry per indicator. The report shows the entries grouped RED,
AMBER, GREEN by the rating the engine computes, as the published scorecard does. Every
rated indicator without commentary gets a sentence drafted from its figures, visibly
marked as a draft, and shown only in draft editions.

An entry whose text is ``No commentary: <reason>`` records the analyst's decision not to
comment on that indicator this month. A ``### *`` heading, optionally scoped to areas
(``### * @district``, ``### * @ashford @dover``: an area id or an area kind from
``data/registry/areas.csv``), records that decision for every other indicator of the
section in those areas. Decisions are shown only in drafts; ``scorecard approve`` needs
commentary or a decision for every RED and AMBER row.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from helpers.core.formatting import format_number
from helpers.core.vocabulary import RAGS

DRAFT_LABEL = "Draft from the figures, not yet reviewed by the service:"
DECISION_LABEL = "No commentary, by decision:"
DRAFT_ONLY = '::: {.content-visible when-meta="draft"}'
"""Opens a Markdown div shown only in draft editions (Quarto's conditional content)."""
_NO_COMMENTARY = re.compile(r"no commentary:\s*(.*)", re.I | re.S)
_SCOPE = re.compile(r"@([a-z0-9]+(?:-[a-z0-9]+)*)")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class CommentaryError(ValueError):
    """A commentary file is malformed; ``line`` is the line of the fault."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class Entry:
    """One indicator's commentary (``line``: the line of its heading)."""

    indicator: str
    text: str
    group: str = ""
    rag: str | None = None
    draft: bool = False
    line: int = 0
    no_commentary: bool = False


@dataclass(frozen=True)
class Decision:
    """A ``### *`` decision: no commentary on the section's other indicators in ``scope``."""

    reason: str
    scope: tuple[str, ...] = ()

    def applies_to(self, area: str, kind: str) -> bool:
        """True when the decision covers ``area`` (of kind ``kind``); no scope covers all."""
        return not self.scope or area in self.scope or kind in self.scope


@dataclass
class Commentary:
    """A parsed commentary file; ``groups`` holds the line of each ``## group`` heading."""

    note: str = ""
    entries: list[Entry] = field(default_factory=list)
    groups: dict[str, int] = field(default_factory=dict)
    decisions: list[Decision] = field(default_factory=list)


def code_index(rows: list[dict[str, Any]]) -> dict[str, set[str]]:
    """Printed code (upper case, spaces dropped) to the ids printing it, from scorecard rows."""
    out: dict[str, set[str]] = {}
    for row in rows:
        if row.get("code"):
            out.setdefault(_code_key(row["code"]), set()).add(row["id"])
    return out


def _code_key(text: str) -> str:
    return re.sub(r"\s+", "", text).upper()


def parse_commentary(
    path: Path, known_ids: set[str] | None = None, codes: dict[str, set[str]] | None = None
) -> Commentary:
    """Read a commentary file.

    Parameters
    ----------
    path
        The Markdown file.
    known_ids
        The indicator ids the headings may name (None: any id).
    codes
        Printed codes the headings may name instead (``### XY43``), as from
        :func:`code_index`; a code printed for two indicators must be written as the id.

    Raises
    ------
    CommentaryError
        For a heading that is not ``##`` (group), ``###`` (an indicator id or printed
        code) or ``### *`` (a decision), an unknown or ambiguous indicator, one indicator
        commented twice, or a "No commentary:" without a reason (naming file and line).
    """
    lines = _COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), read_commentary_text(path))
    result, group, current, body = Commentary(), "", None, []
    seen: set[str] = set()
    start = 0
    for number, line in enumerate(lines.split("\n"), start=1):
        heading = _HEADING.match(line)
        if not heading:
            body.append(line)
            continue
        _flush(result, group, current, body, (path.name, start))
        level, text = len(heading.group(1)), heading.group(2)
        current, body = _open(path, number, level, text, (known_ids, codes), seen)
        start = number
        if level == 2:
            group = text
            result.groups.setdefault(text, number)
    _flush(result, group, current, body, (path.name, start))
    return result


def read_commentary_text(path: Path) -> str:
    """A commentary file's text: UTF-8 (a byte-order mark and CRLF line ends are accepted).

    Raises
    ------
    CommentaryError
        When the file cannot be read or is not UTF-8, naming the file and line.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CommentaryError(f"{path.name}: cannot be read: {exc.strerror}") from None
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CommentaryError(
            f"{path.name}, line {line}: not UTF-8 text (byte 0x{data[exc.start]:02x}); "
            "save the file as UTF-8",
            line,
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _indicator(where: str, number: int, text: str, known: set[str] | None, codes: dict) -> str:
    if _ID.fullmatch(text) and (known is None or text in known):
        return text
    ids = codes.get(_code_key(text), set())
    if len(ids) == 1:
        return next(iter(ids))
    if len(ids) > 1:
        raise CommentaryError(
            f"{where}: code {text} names {', '.join(sorted(ids))}; write the id instead", number
        )
    if _ID.fullmatch(text):
        raise CommentaryError(f"{where}: unknown indicator id '{text}'", number)
    raise CommentaryError(
        f"{where}: use '## group' or '### indicator-id' (or '### CODE') headings, not ### {text}",
        number,
    )


def _open(
    path: Path,
    number: int,
    level: int,
    text: str,
    names: tuple[set[str] | None, dict[str, set[str]] | None],
    seen: set[str],
) -> tuple[str | None, list[str]]:
    where = f"{path.name}, line {number}"
    if level == 2:
        return None, []
    if level != 3:
        raise CommentaryError(
            f"{where}: use '## group' or '### indicator-id' headings, not {'#' * level} {text}",
            number,
        )
    if text.split()[:1] == ["*"]:
        if not all(_SCOPE.fullmatch(word) for word in text.split()[1:]):
            raise CommentaryError(f"{where}: write '### *' or '### * @area-or-kind ...'", number)
        return text, []
    indicator = _indicator(where, number, text, names[0], names[1] or {})
    if indicator in seen:
        raise CommentaryError(f"{where}: '{text}' already has commentary in this file", number)
    seen.add(indicator)
    return indicator, []


def _flush(
    result: Commentary, group: str, current: str | None, body: list[str], at: tuple[str, int]
) -> None:
    text = "\n".join(body).strip()
    if current is None:
        if text and not result.entries and not result.decisions:
            result.note = (result.note + "\n\n" + text).strip()
        return
    name, line = at
    decision = _NO_COMMENTARY.fullmatch(text)
    if decision and not decision.group(1).strip():
        raise CommentaryError(
            f"{name}, line {line}: 'No commentary:' needs a reason after it", line
        )
    if current.startswith("*"):
        if not decision:
            raise CommentaryError(
                f"{name}, line {line}: under '### *' write 'No commentary: <reason>'", line
            )
        scope = tuple(m.group(1) for m in _SCOPE.finditer(current))
        result.decisions.append(Decision(decision.group(1).strip(), scope))
        return
    if decision:
        reason = decision.group(1).strip()
        result.entries.append(Entry(current, reason, group, line=line, no_commentary=True))
        return
    result.entries.append(Entry(current, text, group, line=line))


_STATED_RAG = re.compile(r"\b(RED|AMBER|GREEN)\b|\brated\s+(red|amber|green)\b", re.I)


def stated_rag(text: str) -> str | None:
    """The RAG rating an entry's text states ("RED", "rated amber"), if it states one.

    Upper-case RED, AMBER or GREEN, or "rated red/amber/green" in any case; the words
    in ordinary use ("green spaces") do not count.
    """
    for match in _STATED_RAG.finditer(text):
        word = match.group(1) or match.group(2)
        if match.group(1) and word != word.upper():
            continue
        return word.upper()
    return None


def short_title(title: str, limit: int = 80) -> str:
    """A title short enough to name an entry: no trailing bracket, cut at a word."""
    text = re.sub(r"\s*\([^()]*\)\s*$", "", title).strip()
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:-") + "…"


def _unit(row: dict[str, Any]) -> str:
    unit = row["unit"]
    if unit == "percent":
        return "%"
    if unit in ("score",):
        return ""
    return f" {unit}"


def _amount(value: float, row: dict[str, Any], decimals: int | None = None) -> str:
    dp = row["decimals"] if decimals is None else decimals
    return f"{format_number(value, int(dp))}{_unit(row)}"


def _subject(title: str) -> str:
    if re.match(r"(Percentage|Average|Number|Rate|Total)\b", title):
        return "the " + title[0].lower() + title[1:]
    return f"“{title}”"


def _threshold(row: dict[str, Any], name: str) -> str:
    dp = row.get("target_dp") if name == "target" else None
    return _amount(row[name], row, None if dp is None else int(dp))


def _comparison(row: dict[str, Any]) -> str:
    rag, pol = row["rag"], row["polarity"]
    if pol == "T":
        rng = f"{_amount(row['target_low'], row)}–{_amount(row['target_high'], row)}"
        inside = "inside" if rag == "GREEN" else "outside"
        return f"is {inside} the target range of {rng}"
    side = "above" if pol == "H" else "below"
    miss = "below" if pol == "H" else "above"
    target = _threshold(row, "target")
    if rag == "GREEN":
        return (
            f"meets the target of {target}"
            if row["value"] == row["target"]
            else (f"is {side} the target of {target}")
        )
    floor = _threshold(row, "floor")
    if rag == "AMBER":
        return f"is {miss} the target of {target} but meets the floor standard of {floor}"
    return f"is {miss} the floor standard of {floor} and the target of {target}"


def draft_sentence(row: dict[str, Any]) -> str:
    """A sentence describing a rated row from its figures alone.

    The sentence names the value, the target and floor standard it is compared with,
    and the direction of travel (see ``tests/engine/test_commentary.py`` for examples).
    """
    sentence = f"At {_amount(row['value'], row)} {_subject(row['title'])} {_comparison(row)}"
    if row.get("dot") in ("improved", "worsened") and row.get("previous_value") is not None:
        sentence += f"; it has {row['dot']} from {_amount(row['previous_value'], row)}"
    elif row.get("dot") == "same":
        sentence += "; it is the same as the previous period"
    return sentence + "."


@dataclass
class SectionCommentary:
    """A commentary section ready to show: its note and entries grouped by rating."""

    section: str
    note: str
    groups: list[tuple[str, list[Entry]]]


def _rated_rows(rows: list[dict[str, Any]], wanted: Sequence[str]) -> list[dict[str, Any]]:
    out, seen = [], set()
    for row in rows:
        if row["section"] in wanted and row["rag"] and row["id"] not in seen:
            seen.add(row["id"])
            out.append(row)
    return out


def arrange(
    section: str,
    commentary: Commentary,
    rows: list[dict[str, Any]],
    commented_elsewhere: set[str],
    sections: Sequence[str] = (),
) -> SectionCommentary:
    """Attach ratings, add drafts for rated rows without commentary, group by RAG.

    Parameters
    ----------
    section
        The commentary section (``send``, ``ics``, ``education``).
    commentary
        The parsed file (empty when the month has none for the section).
    rows
        Every row of the month's scorecard (``Scorecard.records()``).
    commented_elsewhere
        Indicators commented in another section's file (not drafted here).
    sections
        The scorecard sections whose rows the commentary section speaks for
        (``data/registry/sections.csv``, :meth:`Scorecard.commentary_sections`); by
        default the section of the same id.
    """
    by_id = {r["id"]: r for r in reversed(rows)}
    entries = [
        Entry(
            e.indicator,
            e.text,
            e.group,
            by_id.get(e.indicator, {}).get("rag"),
            line=e.line,
            no_commentary=e.no_commentary,
        )
        for e in commentary.entries
    ]
    have = {e.indicator for e in entries} | commented_elsewhere
    for row in _rated_rows(rows, tuple(sections) or (section,)):
        if row["id"] not in have:
            entries.append(Entry(row["id"], draft_sentence(row), "", row["rag"], draft=True))
    groups: list[tuple[str, list[Entry]]] = []
    for name in dict.fromkeys(e.group for e in entries):
        members = [e for e in entries if e.group == name]
        members.sort(key=lambda e: RAGS.index(e.rag) if e.rag in RAGS else 3)
        groups.append((name, members))
    return SectionCommentary(section, commentary.note, groups)


def entry_markdown(entry: Entry, title: str, code: str = "") -> str:
    """One entry: the rating in bold, the indicator it is about, then the text.

    The indicator is named by its printed code and short title (``XY19 Percentage of CIC
    Foster Care in KCC Foster Care/Rel & Friends placements``), so that an entry read on
    its own says what it is about. A drafted sentence or a no-commentary decision is
    marked as such and wrapped in a div shown only in draft editions (:data:`DRAFT_ONLY`).
    """
    label = f"**{entry.rag}:** " if entry.rag else ""
    name = " ".join(p for p in (code, short_title(title) if title else "") if p)
    if name:
        label += f"*{name}*: "
    if not (entry.draft or entry.no_commentary):
        return f"{label}{entry.text}"
    marker = DECISION_LABEL if entry.no_commentary else DRAFT_LABEL
    return f"{DRAFT_ONLY}\n{label}*{marker}* {entry.text}\n:::"


def draft_only(entry: Entry) -> bool:
    """True when an entry is shown only in drafts (a drafted sentence or a decision)."""
    return entry.draft or entry.no_commentary


def uncommented(
    rows: list[dict[str, Any]],
    files: dict[str, Commentary],
    area: str,
    kind: str,
) -> list[dict[str, Any]]:
    """RED and AMBER rows with neither commentary nor a no-commentary decision.

    Parameters
    ----------
    rows
        Every row of the scorecard (``Scorecard.records()``), each indicator counted once.
    files
        The month's parsed commentary files, by section.
    area, kind
        The area and its kind (``county``, ``district``), for scoped ``### *`` decisions.
    """
    covered = {e.indicator for c in files.values() for e in c.entries}
    for section, commentary in files.items():
        if any(d.applies_to(area, kind) for d in commentary.decisions):
            covered |= {r["id"] for r in _rated_rows(rows, section)}
    out, seen = [], set()
    for row in rows:
        if row["rag"] in ("RED", "AMBER") and row["id"] not in covered | seen:
            seen.add(row["id"])
            out.append(row)
    return out
