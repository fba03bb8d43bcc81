"""The scorecard's domain words, each defined once: every layer imports them from here.

There should be no other helpers import in this module.
"""

from __future__ import annotations

import re

# --- Months -------------------------------------------------------------------------------

MONTH_PATTERN = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
"""A report month key, ``YYYY-MM`` (use ``fullmatch``)."""

# --- Figure and target statuses -------------------------------------------------------------

CAVEAT_STATUSES = ("provisional", "unpublished")
"""Statuses of a figure printed with a footnote mark (the figure itself is printed)."""
MARKER_STATUSES = ("not_available", "to_be_supplied", "new_indicator")
"""Statuses of a missing figure, printed as a marker instead of the figure."""
FIGURE_STATUSES = (*CAVEAT_STATUSES, *MARKER_STATUSES)
"""Every status a figure may have in ``figures.csv`` (empty: a plain figure)."""
TARGET_STATUSES = ("tbc", "small_cohort")
"""Statuses of a target printed as a marker instead of the target."""
PRINTED_MARKERS = (*MARKER_STATUSES, "small_cohort")
"""Statuses a table cell prints as a marker (figures, benchmarks)."""

MARKERS: dict[str, str] = {
    "not_available": "N/A",
    "to_be_supplied": "...",
    "new_indicator": "...",
    "small_cohort": "N/A small cohort",
    "tbc": "TBC",
}
"""The marker printed for each status."""

MARKER_MEANINGS: dict[str, str] = {
    "not_available": "Data not available",
    "to_be_supplied": "Data to be supplied",
    "new_indicator": "New indicator - historical data not available",
    "small_cohort": "Cohort too small to publish",
    "tbc": "To be confirmed",
}
"""What each marker means (the guidance notes, ``<abbr>`` titles)."""

# --- Ratings and thresholds -------------------------------------------------------------------

RAGS = ("RED", "AMBER", "GREEN")
"""The RAG ratings as printed, worst first."""

THRESHOLD_NAMES = ("target", "floor", "target_low", "target_high", "floor_low", "floor_high")
"""The thresholds of an indicator for a year (``targets.csv``; :class:`rules.rating.Thresholds`)."""

# --- Making Data Count (SPC) ---------------------------------------------------------

VARIATION_LABELS = {
    "common_cause": "No significant change",
    "improvement_high": "Improving (high)",
    "improvement_low": "Improving (low)",
    "concern_high": "Concerning (high)",
    "concern_low": "Concerning (low)",
    "neutral_high": "Unusually high",
    "neutral_low": "Unusually low",
}
"""Short plain-English label of each variation icon (visible on the icon)."""

VARIATION_SHORT = {
    "common_cause": "No change",
    "improvement_high": "Improving (high)",
    "improvement_low": "Improving (low)",
    "concern_high": "Concern (high)",
    "concern_low": "Concern (low)",
    "neutral_high": "Unusually high",
    "neutral_low": "Unusually low",
}
"""Shorter labels for narrow table cells (the PDF), still readable without the icon. No
arrows: beside the DOT column's arrows (better or worse) an arrow for high or low values
would read as the opposite judgement."""

VARIATION_DESCRIPTIONS = {
    "common_cause": "Common cause variation: no significant change",
    "improvement_high": "Special cause variation: improvement, because values are high",
    "improvement_low": "Special cause variation: improvement, because values are low",
    "concern_high": "Special cause variation: concern, because values are high",
    "concern_low": "Special cause variation: concern, because values are low",
    "neutral_high": "Special cause variation: unusually high values (neither good nor bad)",
    "neutral_low": "Special cause variation: unusually low values (neither good nor bad)",
}
"""Full description of each variation icon (its title and accessible name)."""

ASSURANCE_LABELS: dict[str | None, str] = {
    "consistent_pass": "Consistently passing",
    "consistent_fail": "Consistently failing",
    "inconsistent": "Hit and miss",
    None: "No target",
}
"""Short plain-English label of each assurance icon; None means no target."""

ASSURANCE_SHORT: dict[str | None, str] = {
    "consistent_pass": "Passing",
    "consistent_fail": "Failing",
    "inconsistent": "Hit & miss",
    None: "No target",
}
"""Shorter labels for narrow table cells (the PDF)."""

ASSURANCE_DESCRIPTIONS: dict[str | None, str] = {
    "consistent_pass": "Assurance: the process limits are all on the passing side of the target",
    "consistent_fail": "Assurance: the process limits are all on the failing side of the target",
    "inconsistent": "Assurance: hit and miss, the target lies between the process limits",
    None: "Assurance: not assessed, there is no target (or no preferred direction)",
}
"""Full description of each assurance icon (its title and accessible name)."""

POINT_TYPE_LABELS = {
    "common_cause": "Common cause",
    "special_cause_improvement": "Special cause: improvement",
    "special_cause_concern": "Special cause: concern",
    "special_cause_neutral_high": "Special cause: high",
    "special_cause_neutral_low": "Special cause: low",
}
"""Plain-English label of each point type of :func:`helpers.rules.spc.xmr`."""

FIGURE_MARK_WORDS = {"provisional": "* provisional", "unpublished": "† unpublished"}
"""How a figure printed with a caveat is marked wherever it appears (tables, summary,
charts' figures, CSV, XLSX): a symbol and words, never colour alone."""

# --- Keys printed in the tables and the guidance notes --------------------------------

POLARITY_MEANINGS = {
    "H": "The aim of this indicator is to achieve the highest number/percentage possible",
    "L": "The aim of this indicator is to achieve the lowest number/percentage possible",
    "T": "The aim of this indicator is to stay close to the target that has been set",
}
"""The scorecard's key to polarity (guidance notes), read out for the letter."""

DATA_PERIOD_MEANINGS = {
    "R12M": "Monthly Rolling 12 months",
    "MS": "Monthly Snapshot",
    "YTD": "Year To Date",
    "Q": "Quarterly",
    "T": "Termly",
    "A": "Annual",
}
"""The scorecard's key to data periods (guidance notes; T added for termly indicators)."""

POLARITIES = tuple(POLARITY_MEANINGS)
"""The polarities an indicator may have."""
DATA_PERIODS = tuple(DATA_PERIOD_MEANINGS)
"""The data periods an indicator may have."""

# --- Synthetic demonstration data -------------------------------------------------------

DATA_STATUS_PUBLISHED = "published"
"""The ``data_status`` of published figures (the CSV and spreadsheet exports)."""
DATA_STATUS_SYNTHETIC = "synthetic demonstration data"
"""The ``data_status`` of synthetic figures."""

SYNTHETIC_BANNER = {
    "page": (
        "Synthetic demonstration data: the figures for {area} are generated, not published "
        "figures. They show how the scorecard works for a district and must not be used for "
        "decisions."
    ),
    "cover": "SYNTHETIC DATA: these are not real figures and must not be published",
    "spreadsheet": (
        "SYNTHETIC DEMONSTRATION DATA: the figures for {area} are generated, not published; "
        "do not use them for decisions."
    ),
}
"""The synthetic-data warning, by where it is printed: above each section of the report
(``page``), on the cover and the header of every PDF page (``cover``), and at the top of
the spreadsheet (``spreadsheet``). Format with ``area``. The wording of each is what the
published outputs print, kept so that they do not change."""


DRAFT_MARK = "DRAFT – not for publication"
"""The mark of a draft edition: at the top of its HTML page and on every page of its PDF."""


def synthetic_banner(where: str, area: str = "") -> str:
    """The synthetic-data warning printed at ``where`` (a key of :data:`SYNTHETIC_BANNER`)."""
    return SYNTHETIC_BANNER[where].format(area=area)
