"""Commentary: the analysts' Markdown per month, grouped by the computed RAG rating.

A commentary file (``params/<month>/commentary-<section>.md``) has an optional section
note (text before the first heading), optional ``## group`` headings and one
``### indicator-id`` entry per indicator. The report shows the entries grouped RED,
AMBER, GREEN by the rating the engine computes, as the published scorecard does. Every
rated indicator without commentary gets a sentence drafted from its figures, visibly
marked as a draft.
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


@dataclass
class Commentary:
    """A parsed commentary file."""

    note: str = ""
    entries: list[Entry] = field(default_factory=list)


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
        Printed codes the headings may name instead (``### SCS43``), as from
        :func:`code_index`; a code printed for two indicators must be written as the id.

    Raises
    ------
    CommentaryError
        For a heading that is not ``##`` (group) or ``###`` (an indicator id or printed
        code), an unknown or ambiguous indicator, or one indicator commented twice
        (naming file and line).
    """
    lines = _COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), path.read_text("utf-8"))
    result, group, current, body = Commentary(), "", None, []
    seen: set[str] = set()
    start = 0
    for number, line in enumerate(lines.split("\n"), start=1):
        heading = _HEADING.match(line)
        if not heading:
            body.append(line)
            continue
        _flush(result, group, current, body, start)
        level, text = len(heading.group(1)), heading.group(2)
        current, body = _open(path, number, level, text, (known_ids, codes), seen)
        start = number
        if level == 2:
            group = text
    _flush(result, group, current, body, start)
    return result


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
    indicator = _indicator(where, number, text, names[0], names[1] or {})
    if indicator in seen:
        raise CommentaryError(f"{where}: '{text}' already has commentary in this file", number)
    seen.add(indicator)
    return indicator, []


def _flush(result: Commentary, group: str, current: str | None, body: list[str], line: int) -> None:
    text = "\n".join(body).strip()
    if current is None:
        if text and not result.entries:
            result.note = (result.note + "\n\n" + text).strip()
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
        Entry(e.indicator, e.text, e.group, by_id.get(e.indicator, {}).get("rag"))
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

    The indicator is named by its printed code and short title (``SCS19 Percentage of CIC
    Foster Care in KCC Foster Care/Rel & Friends placements``), so that an entry read on
    its own says what it is about.
    """
    label = f"**{entry.rag}:** " if entry.rag else ""
    name = " ".join(p for p in (code, short_title(title) if title else "") if p)
    if name:
        label += f"*{name}*: "
    if entry.draft:
        return f"{label}*{DRAFT_LABEL}* {entry.text}"
    return f"{label}{entry.text}"
