"""What a section notebook calls: load the month, then show tables, charts, notes, commentary.

A section notebook stays thin::

    section = open_section(month, area, source)
    section.table("ics-monthly")
    section.charts("ics-monthly")

Each call builds its content with the tested helpers (``tables``, ``charts``,
``commentary``) and displays it with ``display`` so that Jupyter, the HTML page and the
PDF all show it.
"""

from __future__ import annotations

import os
import pickle
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from helpers.data.params import MonthParams, load_month_params
from helpers.data.store import Source, load_data_sources, load_indicators, open_source
from helpers.engine.commentary import arrange, entry_markdown, parse_commentary
from helpers.engine.scorecard import Scorecard, build_scorecard
from helpers.render import display
from helpers.render.tables import (
    data_sources_table,
    definitions_table,
    fill_data_source_templates,
    scorecard_table,
    summary_table,
)

SYNTHETIC_BANNER = (
    "Synthetic demonstration data: the figures for {area} are generated, not published "
    "figures. They show how the scorecard works for a district and must not be used for "
    "decisions."
)
NO_BREAKDOWN = "No district breakdown: this indicator is reported for Kent only."

CHART_STYLES = ("trend", "mdc")
"""How ``Section.charts`` draws: the trend charts, or Making Data Count SPC charts."""
CHART_STYLE_ENV = "SCORECARD_CHART_STYLE"
"""The environment variable choosing the chart style when ``open_section`` is not told."""

SUMMARY_HEADING = "Summary: variation and assurance (Making Data Count)"
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
CHARTS_DRAWN = {
    "trend": " (the charts in each section show the plain trend with its target, not the "
    "XmR chart)",
    "mdc": ", and the charts in each section draw that XmR chart",
}
"""What the summary says about the section charts, by chart style."""
TRIAL_KENT = (
    "Kent's published series hold fewer than 12 points (7 monthly figures, 4 terms or "
    "years), so every Kent limit is a trial limit and should be read with caution."
)
TRIAL_OTHER = "{n} of the {total} indicator rows below have trial limits."
MDC_CHARTS_NOTE = (
    "Charts in the Making Data Count style: the grey line joins the figures, the black line "
    "is the mean and the dashed lines are the process limits; blue points are special cause "
    "improvement, orange special cause concern and purple unusually high or low values. "
    'Charts subtitled "Trial limits" have fewer than 12 points.'
)


def resolve_chart_style(style: str | None = None) -> str:
    """The chart style: ``style`` if given, else ``SCORECARD_CHART_STYLE``, else "trend".

    Raises
    ------
    ValueError
        For a style other than "trend" or "mdc".
    """
    chosen = style or os.environ.get(CHART_STYLE_ENV, "") or "trend"
    if chosen not in CHART_STYLES:
        raise ValueError(f"unknown chart style {chosen!r}; expected one of {CHART_STYLES}")
    return chosen


POLARITY_KEY = {
    "H": "The aim of this indicator is to achieve the highest number/percentage possible",
    "L": "The aim of this indicator is to achieve the lowest number/percentage possible",
    "T": "The aim of this indicator is to stay close to the target that has been set",
}
DATA_PERIOD_KEY = {
    "R12M": "Monthly Rolling 12 months",
    "MS": "Monthly Snapshot",
    "YTD": "Year To Date",
    "Q": "Quarterly",
    "T": "Termly",
    "A": "Annual",
}
RAG_KEY = {
    "RED": "Floor Standard\\* has not been achieved",
    "AMBER": "Floor Standard\\* achieved but Target has not been met",
    "GREEN": "Target has been achieved",
}
DOT_METHODS = {
    "previous": "compared with the previous comparable period (month, quarter, term or year)",
    "same_period_last_year": "compared with the same period of the previous year "
    "(seasonally impacted indicators)",
    "trend": "the trend across the charted period (least-squares slope)",
}
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


def _key(title: str, items: dict[str, str] | list[tuple[str, str]]) -> str:
    pairs = items.items() if isinstance(items, dict) else items
    lines = "\n".join(f"- **{k}** {v}" for k, v in pairs)
    return f"### {title}\n\n{lines}"


def _root() -> Path:
    from helpers.core.paths import project_root

    return project_root()


@dataclass
class Section:
    """One month's scorecard for one area, with the month's parameters."""

    card: Scorecard
    params: MonthParams
    source: Source
    root: Path
    chart_style: str = "trend"

    @property
    def area_name(self) -> str:
        """The area as printed ("Kent", "Folkestone & Hythe")."""
        return self.card.area_name

    def banner(self) -> None:
        """Show the synthetic-data banner when the figures are synthetic (else nothing)."""
        if self.card.synthetic:
            display.show_banner(SYNTHETIC_BANNER.format(area=self.area_name))

    def heading(self, text: str) -> None:
        """A sub-heading naming the area, e.g. "Directorate Scorecard - Kent KPIs"."""
        display.show_markdown(f"**{text.format(area=self.area_name)}**")

    def table(self, table_id: str) -> None:
        """Show one published table, laid out as published."""
        if not self.has_table(table_id):
            display.show_note(f"This table is not part of the {self.params.month_label} scorecard.")
            return
        # the table carries its own title (its caption in the page and in the PDF)
        table = scorecard_table(self.card, table_id)
        display.show_table(table.to_html(), table.to_typst())

    def has_table(self, table_id: str) -> bool:
        """Whether the month's scorecard has this table (layouts change over the years)."""
        return table_id in set(self.card.tables["table"])

    def table_notes(self, table_id: str) -> None:
        """Show the month's notes printed under a table."""
        if not self.has_table(table_id):
            return
        for note in self.params.table_notes.get(table_id, []):
            display.show_note(note)
        if self.card.area != "kent":
            missing = [r for r in self.card.records(table_id) if not r["district_breakdown"]]
            if missing:
                codes = ", ".join(r["code"] or r["title"] for r in missing)
                display.show_note(f"{NO_BREAKDOWN} ({codes})")

    def charts(self, table_id: str) -> None:
        """Show a chart for every row of a table that has a trend.

        The trend charts, or with ``chart_style == "mdc"`` a Making Data Count SPC chart
        of each row's whole history (:func:`helpers.render.mdc_views.section_spc_charts`).
        """
        from helpers.render.chart_figures import spc_figures_html, trend_figures_html
        from helpers.render.charts import chart_id, section_charts

        if not self.has_table(table_id):
            return
        figures = trend_figures_html
        if self.chart_style == "mdc":
            from helpers.render.mdc_views import section_spc_charts

            charts = section_spc_charts(self.card, table_id)
            figures = spc_figures_html
            if charts:
                display.show_note(MDC_CHARTS_NOTE)
        else:
            charts = section_charts(self.card, table_id)
        rows = [r["id"] for r in self.card.records(table_id)]
        ids = {chart_id(table_id, row): row for row in rows}
        for one_id, chart, alt_text in charts:
            table = figures(self.card, table_id, ids[one_id])
            display.show_chart(chart, alt_text, one_id, table, in_pdf=False)
        if charts:  # the PDF: small multiples, three to a row, instead of one chart a block
            display.show_chart_grid([(c, alt, i) for i, c, alt in charts])

    def summary(self) -> None:
        """Show the Making Data Count summary: each row's variation and assurance."""
        from helpers.engine.mdc import summary_frame

        frame = summary_frame(self.card)
        if not len(frame):
            display.show_note("No indicator has enough figures for a Making Data Count summary.")
            return
        if self.card.area == "kent":
            trial = TRIAL_KENT
        else:
            trial = TRIAL_OTHER.format(n=int(frame["trial_limits"].sum()), total=len(frame))
        charts = CHARTS_DRAWN[self.chart_style]
        display.show_markdown(SUMMARY_EXPLAINED.format(trial=trial, charts=charts))
        table = summary_table(self.card)
        display.show_table(table.to_html(), table.to_typst())

    def commentary(self, section: str, title: str) -> None:
        """Show a commentary section grouped RED, AMBER, GREEN, with drafts where missing."""
        known = set(self.card.rows["id"])
        parsed = {k: parse_commentary(p, known) for k, p in self.params.commentary.items()}
        others = {e.indicator for k, c in parsed.items() if k != section for e in c.entries}
        mine = parsed.get(section)
        from helpers.engine.commentary import Commentary

        arranged = arrange(section, mine or Commentary(), self.card.records(), others)
        parts = [f"### {title}"]
        if arranged.note:
            parts.append(arranged.note)
        titles = {r["id"]: r["title"] for r in self.card.records()}
        for group, entries in arranged.groups:
            if group:
                parts.append(f"**{group}**")
            parts.extend(entry_markdown(e, titles.get(e.indicator, "")) for e in entries)
        display.show_markdown("\n\n".join(parts))

    def guidance(self) -> None:
        """Show the guidance notes: the month's notes and every key the tables use."""
        from helpers.core.formatting import MARKER_MEANINGS, MARKERS
        from helpers.rules.travel import ARROWS, Direction

        if self.params.no_figures_note:
            display.show_banner(self.params.no_figures_note)
        parts = [
            "### Notes",
            *self.params.guidance_notes,
            # the PDF sets the keys in two columns (the page drops the Typst)
            display.typst_raw_block("#columns(2, gutter: 8mm)["),
            _key("Polarity", POLARITY_KEY),
            _key("Data period", DATA_PERIOD_KEY),
            _key("RAG ratings", RAG_KEY),
            "\\* Floor Standards are set in Directorate Business Plans and if not achieved "
            "must result in management action",
        ]
        arrows = {
            ARROWS[Direction.IMPROVED]: "Performance has improved",
            ARROWS[Direction.WORSENED]: "Performance has worsened",
            ARROWS[Direction.SAME]: "Performance has remained the same",
        }
        parts.append(_key("Direction of travel (DOT)", arrows))
        parts.append(self._dot_methods())
        # "..." stands for two statuses: the key lists both meanings
        markers = [
            (MARKERS[k], MARKER_MEANINGS[k])
            for k in ("not_available", "to_be_supplied", "new_indicator")
        ]
        parts += [
            _key("Incomplete data", markers),
            "Data in italics indicates previous reporting year",
            _key("Children, Young People and Education scorecards", SCORECARDS),
            _key("Key to abbreviations", ABBREVIATIONS),
            self._contacts(),
            display.typst_raw_block("]"),
        ]
        display.show_markdown("\n\n".join(parts))

    def _dot_methods(self) -> str:
        rows = self.card.records()
        used: dict[str, list[str]] = {}
        for row in rows:
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

    def _contacts(self) -> str:
        people = "\n".join(f"- {name}, {phone}" for name, phone in self.params.contacts)
        boxes = "\n".join(f"- <{m}>" for m in self.params.mailboxes)
        return f"### Management Information contact details\n\n{people}\n\n{boxes}"

    def data_sources_table(self) -> None:
        """Show the Data Sources table."""
        frame = self.data_sources()
        if len(frame) and frame["report_month"].iloc[0] != self.card.month:
            edition = frame["report_month"].iloc[0]
            frame = frame[frame["templated"]].reset_index(drop=True)
            display.show_note(
                f"No Data Sources table is held for {self.params.month_label}. These rows are "
                f"the {edition} edition's rows that follow the report month (rolling 12 months, "
                "snapshots, the month's referrals); rows describing fixed releases, such as "
                "annual results, are left out."
            )
        table = data_sources_table(frame)
        display.show_table(table.to_html(), table.to_typst())

    def definitions_table(self) -> None:
        """Show the Indicator Definitions table."""
        table = definitions_table(self.definitions())
        display.show_table(table.to_html(), table.to_typst())

    def data_sources(self) -> pd.DataFrame:
        """The Data Sources table of the month, templates filled, codes and titles joined."""
        frame = load_data_sources(self.source, self.card.dataset, self.card.month)
        frame = frame.assign(templated=frame["latest_data"].str.contains("{month}", regex=False))
        names = load_indicators(self.source, self.card.month)[["id", "code", "title"]]
        frame = frame.merge(names, on="id", how="inner")
        return fill_data_source_templates(frame, self.card.month, self.params.publication_month)

    def definitions(self) -> pd.DataFrame:
        """Code, title and definition of every indicator in the month's scorecard, in order."""
        order = self.card.rows.drop_duplicates("id")[["id", "section"]]
        names = load_indicators(self.source, self.card.month)
        return order.merge(names[["id", "code", "title", "definition"]], on="id", how="left")


def resolve_source(source: str, root: Path) -> str:
    """Make a relative path in a source URL relative to the project, not the working folder.

    ``duckdb:///build/scorecard.duckdb`` then means the project's store whether a notebook
    runs from ``notebooks/``, from a report folder or under nbval.
    """
    scheme, sep, rest = source.partition(":///")
    if sep and not rest.startswith("/"):
        return f"{scheme}:///{(root / rest).resolve()}"
    return source


def save_card(card: Scorecard, path: Path) -> Path:
    """Write a built scorecard for the notebooks of one run (see ``open_section``)."""
    path.write_bytes(pickle.dumps(card, protocol=pickle.HIGHEST_PROTOCOL))
    return path


def _cached_card(path: str, month: str, area: str) -> Scorecard:
    card = pickle.loads(Path(path).read_bytes())  # written by this run, never by a user
    if not isinstance(card, Scorecard) or (card.month, card.area) != (month, area):
        raise ValueError(f"{path} holds another scorecard than {month} {area}")
    return card


def open_section(
    month: str,
    area: str,
    source: str = "",
    root: str | Path = "",
    card_cache: str = "",
    chart_style: str | None = None,
) -> Section:
    """Load what a section notebook needs.

    Parameters
    ----------
    month, area
        The report month (``YYYY-MM``) and area id.
    source
        A data source URL (see ``helpers.data.store.open_source``); empty means the project's
        store, rebuilt first if the text files changed.
    root
        The project folder; empty means found from the working folder.
    card_cache
        A scorecard already built by ``scorecard run`` for this month and area (so that
        nine notebooks do not build it nine times); empty means build it here.
    chart_style
        "trend" (the trend charts) or "mdc" (Making Data Count SPC charts); by default
        the ``SCORECARD_CHART_STYLE`` environment variable, else "trend".
    """
    from helpers.data.store import ensure_store

    base = Path(root) if root else _root()
    params = load_month_params(base, month)
    src = open_source(resolve_source(source, base)) if source else open_source(ensure_store(base))
    style = resolve_chart_style(chart_style)
    if card_cache:
        card = _cached_card(str(base / card_cache), month, area)
        return Section(card, params, src, base, style)
    allow_empty = bool(params.no_figures_note)
    card = build_scorecard(src, month, area, params.publication_month, allow_no_data=allow_empty)
    return Section(card, params, src, base, style)
