"""What is wrong with the data: one problem, the error that carries them, capped lines.

Light on purpose (no pandas): the command line catches :class:`DataError` and prints
:func:`capped` lines for every command, including those that read no data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

Level = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong (error) or worth a reader's attention (warning) in the data."""

    level: Level
    file: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        """Render as ``file, line N, field 'x': message``."""
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.field:
            where += f", field '{self.field}'"
        return f"{self.level.upper()}: {where}: {self.message}"


class DataError(Exception):
    """Raised when the data files have errors; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = [p for p in problems if p.level == "error"]
        super().__init__("\n".join(str(p) for p in self.problems))

    def verdict(self) -> str:
        """What the command did about it, in a few words for its last line."""
        return f"stopped, {len(self.problems)} error(s) in the data"


MAX_OF_A_KIND = 50
"""How many problems of one kind (level, file and field) are printed before a count."""


def capped(problems: Iterable[Any], limit: int = MAX_OF_A_KIND) -> list[str]:
    """The problems as lines, at most ``limit`` of each kind, then how many more there are.

    A kind is the level, file and field: a 200,000-row file with the same mistake in
    every row prints 50 lines and "and 199950 more of the same kind". A problem is a
    :class:`Problem` or anything with ``level`` and ``field`` and a ``file`` (directly or
    as ``where.file``, as the problems of a return have).
    """
    shown: dict[tuple, int] = {}
    lines: list[str] = []
    for problem in problems:
        file = getattr(problem, "file", None) or getattr(problem.where, "file", "")
        kind = (problem.level, str(file), problem.field)
        shown[kind] = shown.get(kind, 0) + 1
        if shown[kind] <= limit:
            lines.append(str(problem))
    for (level, file, fld), count in shown.items():
        if count > limit:
            where = file + (f", field '{fld}'" if fld else "")
            lines.append(f"{level.upper()}: {where}: and {count - limit} more of the same kind")
    return lines
