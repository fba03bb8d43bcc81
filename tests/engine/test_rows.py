"""The row contract: the engine hands the renderers the fields of ``Row``, and no others."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from helpers.data.params import load_month_params
from helpers.engine.commentary import Commentary, arrange
from helpers.engine.rows import ROW_FIELDS, Row
from helpers.engine.scorecard import Scorecard
from helpers.notebook.guidance import guidance_markdown
from helpers.render.charts import section_charts
from helpers.render.mdc_views import section_spc_charts
from helpers.render.tables import scorecard_table, summary_table


class _Recording(dict):
    """A row that notes every field read that ``Row`` does not declare."""

    undeclared: set[str]

    def __getitem__(self, key: str) -> Any:
        if key not in ROW_FIELDS:
            self.undeclared.add(key)
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        if key not in ROW_FIELDS:
            self.undeclared.add(key)
        return super().get(key, default)

    def __contains__(self, key: object) -> bool:
        if key not in ROW_FIELDS:
            self.undeclared.add(str(key))
        return super().__contains__(key)


def test_the_engine_builds_exactly_the_declared_fields(november: Scorecard) -> None:
    assert tuple(november.rows.columns) == ROW_FIELDS
    assert all(tuple(row) == ROW_FIELDS for row in november.records())
    assert set(Row.__annotations__) == set(ROW_FIELDS)


def test_one_accessor_for_a_row(november: Scorecard) -> None:
    row = november.row("ics-monthly", "cic-kcc-foster-care")
    assert row["code"] == "SCS19"
    assert all(value == value for value in row.values())  # no NaN: missing is None
    with pytest.raises(KeyError, match="no row 'nope' in table 'ics-monthly'"):
        november.row("ics-monthly", "nope")


def test_recording_row_notices_an_undeclared_field() -> None:
    row = _Recording({"id": "x"})
    row.undeclared = set()
    assert row["id"] == "x" and row.get("colour") is None
    assert row.undeclared == {"colour"}


@pytest.mark.slow
def test_renderers_read_only_declared_fields(
    november: Scorecard, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    undeclared: set[str] = set()

    def recording(rows: list[Row]) -> list[Row]:
        out = []
        for row in rows:
            wrapped = _Recording(row)
            wrapped.undeclared = undeclared
            out.append(wrapped)
        return out  # type: ignore[return-value]

    records, row = Scorecard.records, Scorecard.row
    monkeypatch.setattr(Scorecard, "records", lambda self, t=None: recording(records(self, t)))
    monkeypatch.setattr(Scorecard, "row", lambda self, t, i: recording([row(self, t, i)])[0])
    for table_id in november.tables["table"]:
        table = scorecard_table(november, table_id)
        assert table.to_html() and table.to_typst()
        assert section_charts(november, table_id) is not None
        assert section_spc_charts(november, table_id) is not None
    assert summary_table(november).to_html()
    params = load_month_params(root, "2025-11")
    assert "### Notes" in guidance_markdown(params, november.records())
    for group in ("send", "ics", "education"):
        sections = november.commentary_sections(group)
        assert arrange(group, Commentary(), november.records(), set(), sections).groups
    assert undeclared == set()
