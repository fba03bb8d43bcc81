"""``scorecard new-month``: start a month's parameters from the month before.

The new file keeps the previous month's notes, areas and contacts (an analyst edits
what changed), moves the month and the publication date on, and starts empty
commentary files beside it, so until commentary is written every rated indicator shows
a sentence drafted from its figures, marked as a draft. An existing month is never
overwritten.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from helpers.core.vocabulary import MONTH_PATTERN
from helpers.data.params import ParamsError, load_month_params, params_path

_TOP_KEY = re.compile(r"^([a-z_]+):")
COMMENTARY_HEADER = """<!-- Commentary for the {section} section, {label}.
     One "### XY19" (printed code) or "### indicator-id" heading per indicator,
     optional "## group" headings, and text before the first heading as the section note.
     Do not write RED/AMBER/GREEN here: the report groups entries by the computed rating. -->
"""


def previous_month_with_params(root: Path, month: str) -> str:
    """The latest month before ``month`` that has a parameters file."""
    months = sorted(
        p.stem for p in (root / "params").glob("*.yml") if MONTH_PATTERN.fullmatch(p.stem)
    )
    earlier = [m for m in months if m < month]
    if not earlier:
        raise ParamsError(f"no parameters file before {month} to start from")
    return earlier[-1]


def _replace_block(text: str, key: str, new: str) -> str:
    """Replace a top-level YAML key and its indented block with ``new`` (or drop it)."""
    out, skipping = [], False
    for line in text.splitlines(keepends=True):
        top = _TOP_KEY.match(line)
        if top:
            skipping = top.group(1) == key
            if skipping and new:
                out.append(new + "\n")
            if skipping:
                continue
        if not skipping:
            out.append(line)
    return "".join(out)


def new_month(root: Path, month: str) -> list[Path]:
    """Write ``params/<month>.yml`` (and empty commentary files) from the previous month.

    Raises
    ------
    ParamsError
        For a malformed month, an existing file, or no earlier month to start from.
    """
    if not MONTH_PATTERN.fullmatch(month):
        raise ParamsError(f"'{month}' is not a month such as 2025-12")
    target = params_path(root, month)
    if target.exists():
        raise ParamsError(f"{target.relative_to(root)} already exists; it is never overwritten")
    previous = load_month_params(root, previous_month_with_params(root, month))
    year, number = (int(p) for p in month.split("-"))
    label = datetime.date(year, number, 1).strftime("%B %Y")
    day = previous.publication_date.day
    pub_year, pub_month = (year + number // 12, number % 12 + 1)
    published = datetime.date(pub_year, pub_month, min(day, 28))
    text = previous.path.read_text(encoding="utf-8")
    text = re.sub(r"^month: .*$", f'month: "{month}"', text, count=1, flags=re.M)
    text = re.sub(
        r"^publication_date: .*$",
        f'publication_date: "{published.isoformat()}"',
        text,
        count=1,
        flags=re.M,
    )
    text = _replace_block(text, "no_figures_note", "")
    written = []
    folder = root / "params" / month
    lines = []
    for section in previous.commentary:
        path = folder / f"commentary-{section}.md"
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(COMMENTARY_HEADER.format(section=section, label=label), encoding="utf-8")
        written.append(path)
        lines.append(f"  {section}: {month}/commentary-{section}.md")
    block = "commentary:\n" + "\n".join(lines) if lines else "commentary: {}"
    text = _replace_block(text, "commentary", block)
    header = (
        f"# Parameters of the {label} scorecard, started from {previous.month} by "
        "`scorecard new-month`: check the publication date, notes and areas.\n"
    )
    body = text.splitlines(keepends=True)
    while body and body[0].startswith("#"):
        body.pop(0)  # the previous month's header comment
    text = header + "".join(body)
    target.write_text(text, encoding="utf-8")
    load_month_params(root, month)  # what was written must read back
    return [target, *written]
