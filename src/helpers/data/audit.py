"""The audit log: every import, pull, revision and acknowledgement, kept with the data.

``data/log/imports.csv`` is a text file reviewed like the figures: one row per figure
added or revised (with its old and new value), or one row for an import that changed
nothing; when, who (the OS user, or ``--by``), the file and its SHA-256, and the reason
given for any warning acknowledged. Rows are only ever appended.
"""

from __future__ import annotations

import csv
import datetime
import getpass
import io
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from helpers.core.periods import PeriodError, parse_period

LOG_FILE = Path("log") / "imports.csv"
"""The log, relative to the data folder."""


@dataclass(frozen=True)
class LogEntry:
    """One row of the audit log."""

    logged_at: str
    by: str
    action: str
    source: str
    sha256: str
    area: str
    id: str
    code: str
    period: str
    change: str
    old: str
    new: str
    reason: str

    @classmethod
    def now(cls, by: str = "", **values: str) -> LogEntry:
        """An entry stamped with the current UTC time and the user (``by`` or the OS user)."""
        stamp = datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat()
        names = {f.name for f in fields(cls)} - {"logged_at", "by"}
        cells = {name: str(values.get(name, "")) for name in names}
        return cls(logged_at=stamp, by=by or _os_user(), **cells)


LOG_COLUMNS = tuple(f.name for f in fields(LogEntry))


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in a container
        return "unknown"


def log_path(data_dir: Path) -> Path:
    """Where the log lives for a data folder."""
    return data_dir / LOG_FILE


def append_log(data_dir: Path, entries: list[LogEntry]) -> Path:
    """Append entries (creating the file with its heading row)."""
    path = log_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=LOG_COLUMNS, lineterminator="\n")
    if not path.exists() or path.stat().st_size == 0:
        writer.writeheader()
    for entry in entries:
        writer.writerow(asdict(entry))
    with path.open("a", encoding="utf-8", newline="") as handle:
        handle.write(out.getvalue())
    return path


def read_log(data_dir: Path) -> list[LogEntry]:
    """Every entry of the log, oldest first (none when there is no log yet)."""
    path = log_path(data_dir)
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            LogEntry(**{c: row.get(c) or "" for c in LOG_COLUMNS}) for row in csv.DictReader(handle)
        ]


def _end_month(key: str) -> str | None:
    """The last month of a logged period key (terms on academic, others on financial years)."""
    basis = "academic" if any(t in key for t in ("Autumn", "Spring", "Summer")) else "financial"
    try:
        period = parse_period(key) if len(key) == 7 and key[5:] != _next_yy(key) else None
        period = period or parse_period(key, basis)  # type: ignore[arg-type]
    except PeriodError:
        return None
    return f"{period.end.year:04d}-{period.end.month:02d}"


def _next_yy(key: str) -> str:
    return f"{(int(key[:4]) + 1) % 100:02d}"


def entries_for_month(entries: list[LogEntry], month: str) -> list[LogEntry]:
    """Entries about figures reported in ``month``: its own period or a period ending in it.

    An import that changed nothing (no period) is kept when it was logged in or after
    ``month``.
    """
    out = []
    for entry in entries:
        if not entry.period:
            if entry.logged_at[:7] >= month:
                out.append(entry)
        elif entry.period == month or _end_month(entry.period) == month:
            out.append(entry)
    return out


def format_log(entries: list[LogEntry]) -> str:
    """The entries as text: one heading per import or pull, one line per figure."""
    if not entries:
        return "the log is empty"
    lines: list[str] = []
    heading = None
    for e in entries:
        this = (e.logged_at, e.by, e.action, e.source, e.sha256)
        if this != heading:
            heading = this
            lines.append(f"{e.logged_at}  {e.action} by {e.by}: {e.source}")
            lines.append(f"    sha256 {e.sha256}")
        what = " ".join(p for p in (e.area, e.code or "", e.id, e.period) if p)
        change = f"{e.old} -> {e.new}" if e.old else e.new
        lines.append(f"  {e.change:9} {what}: {change}".rstrip(": "))
        if e.reason:
            lines.append(f"            {e.reason}")
    return "\n".join(lines)
