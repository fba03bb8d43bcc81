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

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from helpers.core.config import handed_card, resolve_chart_style
from helpers.core.paths import project_root
from helpers.core.vocabulary import synthetic_banner
from helpers.data.params import MonthParams, load_month_params
from helpers.data.store import (
    Source,
    ensure_store,
    load_data_sources,
    load_indicators,
    open_source,
)
from helpers.engine.commentary import (
    DRAFT_ONLY,
    Commentary,
    arrange,
    code_index,
    draft_only,
    entry_markdown,
    parse_commentary,
)
from helpers.engine.handoff import load_card
from helpers.engine.mdc import summary_frame
from helpers.engine.scorecard import Scorecard, build_scorecard
from helpers.notebook import guidance
from helpers.render import display
from helpers.render.chart_figures import spc_figures_html, trend_figures_html
from helpers.render.charts import chart_id, section_charts
from helpers.render.mdc_views import section_spc_charts
from helpers.render.sanitise import clean_commentary, clean_params, publishable
from helpers.render.tables import (
    data_sources_table,
    definitions_table,
    fill_data_source_templates,
    scorecard_table,
    summary_table,
)


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
            display.show_banner(synthetic_banner("page", self.area_name))

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
                display.show_note(f"{guidance.NO_BREAKDOWN} ({codes})")

    def charts(self, table_id: str) -> None:
        """Show a chart for every row of a table that has a trend.

        The trend charts, or with ``chart_style == "mdc"`` a Making Data Count SPC chart
        of each row's whole history (:func:`helpers.render.mdc_views.section_spc_charts`).
        """
        if not self.has_table(table_id):
            return
        figures = trend_figures_html
        if self.chart_style == "mdc":
            charts = section_spc_charts(self.card, table_id)
            figures = spc_figures_html
            if charts:
                display.show_note(guidance.MDC_CHARTS_NOTE)
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
        frame = summary_frame(self.card)
        if not len(frame):
            display.show_note(guidance.NO_SUMMARY)
            return
        if self.card.area == "kent":
            trial = guidance.TRIAL_KENT
        else:
            trial = guidance.TRIAL_OTHER.format(
                n=int(frame["trial_limits"].sum()), total=len(frame)
            )
        display.show_markdown(
            guidance.SUMMARY_EXPLAINED.format(
                trial=trial, charts=guidance.CHARTS_DRAWN[self.chart_style]
            )
        )
        table = summary_table(self.card)
        display.show_table(table.to_html(), table.to_typst())

    def commentary(self, section: str, title: str) -> None:
        """Show a commentary section grouped RED, AMBER, GREEN, with drafts where missing."""
        known = set(self.card.rows["id"])
        codes = code_index(self.card.records())
        parsed = {k: parse_commentary(p, known, codes) for k, p in self.params.commentary.items()}
        others = {e.indicator for k, c in parsed.items() if k != section for e in c.entries}
        mine = parsed.get(section)
        if mine is not None:  # the runner reports what is removed; the page just shows the rest
            mine, _ = clean_commentary(mine, self.params.commentary[section])
        sections = self.card.commentary_sections(section)
        arranged = arrange(section, mine or Commentary(), self.card.records(), others, sections)
        display.show_markdown(f"### {title}")
        parts = []
        if arranged.note:
            parts.append(arranged.note)
        names = {r["id"]: (r["title"], r["code"] or "") for r in self.card.records()}
        for group, entries in arranged.groups:
            if group and all(draft_only(e) for e in entries):
                parts.append(f"{DRAFT_ONLY}\n**{group}**\n:::")
            elif group:
                parts.append(f"**{group}**")
            parts.extend(entry_markdown(e, *names.get(e.indicator, ("", ""))) for e in entries)
        if parts:
            safe = publishable("\n\n".join(parts))
            display.show_prose(safe.html, safe.markdown)

    def guidance(self) -> None:
        """Show the guidance notes: the month's notes and every key the tables use."""
        if self.params.no_figures_note:
            display.show_banner(self.params.no_figures_note)
        display.show_markdown(guidance.guidance_markdown(self.params, self.card.records()))

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
        table = definitions_table(self.definitions(), group_names=self.card.section_headings())
        display.show_table(table.to_html(), table.to_typst())

    def data_sources(self) -> pd.DataFrame:
        """The Data Sources table of the month, templates filled, codes and titles joined."""
        frame = load_data_sources(self.source, self.card.dataset, self.card.month)
        frame = frame.assign(templated=frame["latest_data"].str.contains("{month}", regex=False))
        names = load_indicators(self.source, self.card.month)[["id", "code", "title"]]
        frame = frame.merge(names, on="id", how="inner")
        frame = fill_data_source_templates(frame, self.card.month, self.params.publication_month)
        return describe_missing(frame, self.card)

    def definitions(self) -> pd.DataFrame:
        """Code, title and definition of every indicator in the month's scorecard, in order."""
        order = self.card.rows.drop_duplicates("id")[["id", "section"]]
        names = load_indicators(self.source, self.card.month)
        return order.merge(names[["id", "code", "title", "definition"]], on="id", how="left")


def describe_missing(frame: pd.DataFrame, card: Scorecard) -> pd.DataFrame:
    """Say so in the Data Sources table where a row's figure for the month has not come in.

    A templated row ("Snapshot data as at end of Dec 2025") of an indicator whose series
    has earlier figures but none for the report's period would otherwise claim data that
    is not there; it reads "Data to be supplied (latest held: Nov-25)" instead.
    """
    missing = {}
    for row in card.records():
        if row["value"] is None and row["status"] == "to_be_supplied":
            held = card.history[
                (card.history["table"] == row["table"]) & (card.history["id"] == row["id"])
            ]
            if len(held):
                missing[row["id"]] = held["label"].iloc[-1]
    if not missing or not len(frame):
        return frame
    out = frame.copy()
    for index, row in out.iterrows():
        if row["id"] in missing and row.get("templated", True):
            out.at[index, "latest_data"] = (
                f"Data to be supplied (latest held: {missing[row['id']]})"
            )
    return out


def resolve_source(source: str, root: Path) -> str:
    """Make a relative path in a source URL relative to the project, not the working folder.

    ``duckdb:///build/scorecard.duckdb`` then means the project's store whether a notebook
    runs from ``notebooks/``, from a report folder or under nbval.
    """
    scheme, sep, rest = source.partition(":///")
    if sep and not rest.startswith("/"):
        return f"{scheme}:///{(root / rest).resolve()}"
    return source


def open_section(
    month: str,
    area: str,
    source: str = "",
    root: str | Path = "",
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
    chart_style
        "trend" (the trend charts) or "mdc" (Making Data Count SPC charts); by default
        the ``SCORECARD_CHART_STYLE`` environment variable, else "trend".

    Under ``scorecard run`` the scorecard the run built is handed over
    (:func:`helpers.core.config.handed_card`, :mod:`helpers.engine.handoff`), so that
    nine notebooks do not build it nine times; otherwise it is built here.
    """
    base = Path(root) if root else project_root()
    params, _ = clean_params(load_month_params(base, month))  # the runner reports removals
    src = open_source(resolve_source(source, base)) if source else open_source(ensure_store(base))
    style = resolve_chart_style(chart_style)
    if handed := handed_card(month, area):
        card = load_card(base / handed, month, area)
        return Section(card, params, src, base, style)
    allow_empty = bool(params.no_figures_note)
    card = build_scorecard(src, month, area, params.publication_month, allow_no_data=allow_empty)
    return Section(card, params, src, base, style)
