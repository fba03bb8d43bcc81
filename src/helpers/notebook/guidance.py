"""The prose the section notebooks print: guidance notes, keys and explanations.

Text only, and the functions that put the guidance notes together from it; the
:class:`~helpers.notebook.section.Section` API shows them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from helpers.core.vocabulary import (
    DATA_PERIOD_MEANINGS,
    MARKER_MEANINGS,
    MARKER_STATUSES,
    MARKERS,
    POLARITY_MEANINGS,
)
from helpers.data.params import MonthParams
from helpers.render.display import typst_raw_block
from helpers.rules.travel import ARROWS, Direction

NO_BREAKDOWN = "No district breakdown: this indicator is reported for Kent only."
NO_SUMMARY = "No indicator has enough figures for a Making Data Count summary."
SUMMARY_EXPLAINED = (
    "Each indicator's history is analysed as a statistical process control (XmR) chart, as "
    "in the NHS Making Data Count approach{charts}. **Variation** says whether the latest point "
    "shows special cause variation (an improving or concerning change, or an unusually "
    "high or low value where neither direction is better) or no significant change. "
    "**Assurance** says whether the process limits lie wholly on the passing side of the "
    "target (consistently passing), wholly on the failing side (consistently failing) or "
    "either side (hit and miss); it is blank where there is no target or the aim is to "
    "stay close to a target. Each icon is printed with its label, so it reads without "
    "colour. Limits drawn from fewer than 12 points are trial limits: "
    "{trial}"
)
TRIAL_KENT = (
    "Kent's published series hold fewer than 12 points (7 monthly figures, 4 terms or "
    "years), so every Kent limit is a trial limit and should be read with caution."
)
CHARTS_DRAWN = {
    "trend": " (the charts in each section show the plain trend with its target, not the "
    "XmR chart)",
    "mdc": ", and the charts in each section draw that XmR chart",
}
"""What the summary says about the section charts, by chart style."""
TRIAL_OTHER = "{n} of the {total} indicator rows below have trial limits."
MDC_CHARTS_NOTE = (
    "Charts in the Making Data Count style: the grey line joins the figures, the black line "
    "is the mean and the dashed lines are the process limits; blue points are special cause "
    "improvement, orange special cause concern and purple unusually high or low values. "
    'Charts subtitled "Trial limits" have fewer than 12 points.'
)
RAG_KEY = {
    "RED": "Floor Standard\\* has not been achieved",
    "AMBER": "Floor Standard\\* achieved but Target has not been met",
    "GREEN": "Target has been achieved",
}
FLOOR_STANDARDS = (
    "\\* Floor Standards are set in Directorate Business Plans and if not achieved "
    "must result in management action"
)
DOT_KEY = {
    Direction.IMPROVED: "Performance has improved",
    Direction.WORSENED: "Performance has worsened",
    Direction.SAME: "Performance has remained the same",
}
DOT_METHODS = {
    "previous": "compared with the previous comparable period (month, quarter, term or year)",
    "same_period_last_year": "compared with the same period of the previous year "
    "(seasonally impacted indicators)",
    "trend": "the trend across the charted period (least-squares slope)",
}
ITALICS = "Data in italics indicates previous reporting year"
SCORECARDS = {
    "CYPE": "Children, Young People and Education Directorate Scorecard",
    "EY": "Early Years Scorecard",
    "NEET": "NEET Monthly Scorecard",
    "SEND": "Special Educational Needs & Disabilities Scorecard",
    "ICS": "Intensive EH and CSWS Monthly Performance Report",
}
ABBREVIATIONS = {
    "CIC": "Children in Care",
    "CSWT": "Children's Social Work Teams",
    "CYP": "Children and Young People",
    "DWP": "Department for Work and Pensions",
    "EY": "Early Years",
    "EYFE": "Early Years Free Entitlement",
    "EYFS": "Early Years Foundation Stage",
    "FF2": "Free For Two",
    "FSM": "Free School Meals",
    "NEET": "Not in Education, Employment or Training",
    "SCS": "Specialist Children's Services",
    "SEN": "Special Educational Needs",
}


def key(title: str, items: Mapping[str, str] | Iterable[tuple[str, str]]) -> str:
    """A key as Markdown: a heading and one bullet per entry (pairs may repeat a symbol)."""
    pairs = items.items() if isinstance(items, Mapping) else items
    lines = "\n".join(f"- **{k}** {v}" for k, v in pairs)
    return f"### {title}\n\n{lines}"


def dot_methods(records: Iterable[Mapping[str, Any]]) -> str:
    """How each arrow is worked out, naming the indicators of each method."""
    used: dict[str, list[str]] = {}
    for row in records:
        if row["dot_method"] in DOT_METHODS and row["polarity"]:
            used.setdefault(row["dot_method"], [])
            name = row["code"] or row["title"]
            if name not in used[row["dot_method"]]:
                used[row["dot_method"]].append(name)
    lines = []
    for method, names in used.items():
        which = (
            "all other indicators"
            if method == "previous" and len(used) > 1
            else (", ".join(names) if method != "previous" else "every indicator")
        )
        lines.append(f"- Arrows are {DOT_METHODS[method]} for {which}.")
    return "How each arrow is worked out:\n\n" + "\n".join(lines)


def contacts(params: MonthParams) -> str:
    """The Management Information contact details of the month."""
    people = "\n".join(f"- {name}, {phone}" for name, phone in params.contacts)
    boxes = "\n".join(f"- <{m}>" for m in params.mailboxes)
    return f"### Management Information contact details\n\n{people}\n\n{boxes}"


def guidance_markdown(params: MonthParams, records: list[Mapping[str, Any]]) -> str:
    """The guidance notes: the month's notes and every key the tables use, as Markdown.

    Parameters
    ----------
    params : MonthParams
        The month's parameters (guidance notes, contacts).
    records : list of mapping
        The scorecard's rows (for the arrows' methods).
    """
    return "\n\n".join(
        [
            "### Notes",
            *params.guidance_notes,
            # the PDF sets the keys in two columns (the page drops the Typst)
            typst_raw_block("#columns(2, gutter: 8mm)["),
            key("Polarity", POLARITY_MEANINGS),
            key("Data period", DATA_PERIOD_MEANINGS),
            key("RAG ratings", RAG_KEY),
            FLOOR_STANDARDS,
            key("Direction of travel (DOT)", {ARROWS[d]: text for d, text in DOT_KEY.items()}),
            dot_methods(records),
            # "..." stands for two statuses: the key lists both meanings
            key("Incomplete data", [(MARKERS[k], MARKER_MEANINGS[k]) for k in MARKER_STATUSES]),
            ITALICS,
            key("Children, Young People and Education scorecards", SCORECARDS),
            key("Key to abbreviations", ABBREVIATIONS),
            contacts(params),
            typst_raw_block("]"),
        ]
    )
