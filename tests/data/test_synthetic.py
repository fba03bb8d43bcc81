"""Synthetic district data: deterministic, adds up to Kent, plausible, valid, committed as made.

Each test generates into a scratch copy of ``data/registry`` and ``data/sample``, never
into the project's own ``data/``; the last test checks that the committed
``data/synthetic/`` is exactly what the generator writes with the default seed.
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from support import ROOT

from helpers.core.periods import month, parse_period, shift
from helpers.data.datafiles import DataFiles
from helpers.data.load import read_data
from helpers.data.store import CsvSource
from helpers.data.synthetic import (
    DATASET,
    DISTRICTS,
    HISTORY_LENGTH,
    NOTE,
    SEED,
    generate,
    step_changes,
)
from helpers.engine.scorecard import build_scorecard
from helpers.rules.measures import agrees_with_printed
from helpers.rules.spc import xmr


def _inputs(folder: Path) -> Path:
    """A scratch ``data/`` with the registry and the published sample only."""
    data = folder / "data"
    for name in ("registry", "sample"):
        shutil.copytree(ROOT / "data" / name, data / name)
    return data


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = _inputs(tmp_path_factory.mktemp("synthetic"))
    generate(data)
    return data


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def districts(data: Path) -> pd.DataFrame:
    return pd.concat(
        [_read(data / DATASET / d.area / "figures.csv") for d in DISTRICTS], ignore_index=True
    )


@pytest.fixture(scope="module")
def files(data: Path) -> DataFiles:
    return read_data(data)


@pytest.fixture(scope="module")
def kent() -> pd.DataFrame:
    figures = _read(ROOT / "data/sample/kent/figures.csv")
    return figures[figures["table"] == ""]


@pytest.fixture(scope="module")
def indicators() -> pd.DataFrame:
    return _read(ROOT / "data/registry/indicators.csv").set_index("id")


def _number(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _total(frame: pd.DataFrame, column: str) -> Decimal:
    return sum((_number(t) for t in frame[column]), Decimal(0))


# --------------------------------------------------------------------------- the districts


def test_weights_are_fixed_and_sum_to_one() -> None:
    assert sum(d.per_mille for d in DISTRICTS) == 1000
    assert len({d.area for d in DISTRICTS}) == 12
    by_area = {d.area: d.per_mille for d in DISTRICTS}
    assert by_area["maidstone"] > by_area["dartford"]
    assert by_area["swale"] > by_area["gravesham"]


def test_districts_are_in_the_registry_as_synthetic() -> None:
    areas = _read(ROOT / "data/registry/areas.csv")
    assert areas.iloc[0].tolist() == ["kent", "Kent", "county", "sample"]
    rows = {(r.area, r.name, r.kind, r.dataset) for r in areas.itertuples()}
    for d in DISTRICTS:
        assert (d.area, d.name, "district", DATASET) in rows


def test_refuses_a_registry_without_the_districts(tmp_path: Path) -> None:
    data = _inputs(tmp_path)
    areas = data / "registry/areas.csv"
    areas.write_text("area,name,kind,dataset\nkent,Kent,county,sample\n", encoding="utf-8")
    with pytest.raises(ValueError, match="lacks the synthetic districts"):
        generate(data)


# --------------------------------------------------------------------------- determinism


def test_files_written(data: Path) -> None:
    written = generate(data)
    names = {str(p.relative_to(data / DATASET)) for p in written}
    expected = {f"{d.area}/figures.csv" for d in DISTRICTS}
    expected |= {"targets.csv", "benchmarks.csv", "data_sources.csv", "README.md"}
    assert names == expected
    assert written == sorted(written)


def test_same_seed_gives_identical_bytes_and_another_seed_differs(
    data: Path, tmp_path: Path
) -> None:
    again = _inputs(tmp_path / "again")
    generate(again)
    assert _files(again / DATASET) == _files(data / DATASET)
    other = _inputs(tmp_path / "other")
    generate(other, seed=SEED + 1)
    first, second = _files(data / DATASET), _files(other / DATASET)
    assert first.keys() == second.keys()
    assert all(first[f"{d.area}/figures.csv"] != second[f"{d.area}/figures.csv"] for d in DISTRICTS)
    assert first["benchmarks.csv"] == second["benchmarks.csv"]


def test_committed_data_is_what_the_generator_writes(data: Path) -> None:
    committed = ROOT / "data" / DATASET
    assert committed.is_dir(), "run helpers.data.synthetic.generate(Path('data')) and commit"
    assert _files(committed) == _files(data / DATASET)


# --------------------------------------------------------------------------- adding up to Kent


def _kent_pair(row: pd.Series, meta: pd.Series) -> tuple[Decimal, Decimal]:
    """Kent's numerator and denominator the way round that reproduces its value."""
    num, den = _number(row["numerator"]), _number(row["denominator"])
    if agrees_with_printed(
        float(row["value"]), float(num), float(den), meta["measure"], int(meta["decimals"])
    ):
        return num, den
    return den, num


def test_numerators_and_denominators_add_up_to_kent(
    districts: pd.DataFrame, kent: pd.DataFrame, indicators: pd.DataFrame
) -> None:
    printed = kent[(kent["numerator"] != "") & (kent["denominator"] != "")]
    checked = 0
    for row in printed.itertuples():
        meta = indicators.loc[row.id]
        if meta["district_breakdown"] != "yes":
            continue
        rows = districts[(districts["id"] == row.id) & (districts["period"] == row.period)]
        assert len(rows) == 12, (row.id, row.period)
        num, den = _kent_pair(pd.Series(row._asdict()), meta)
        assert (_total(rows, "numerator"), _total(rows, "denominator")) == (num, den), row.id
        checked += 1
    assert checked >= 25


def test_fte_denominators_keep_their_printed_decimals(districts: pd.DataFrame) -> None:
    rows = districts[(districts["id"] == "cic-team-caseload") & (districts["period"] == "2025-11")]
    assert all(len(t.split(".")[1]) == 1 for t in rows["denominator"])
    assert _total(rows, "denominator") == Decimal("108.5")


def test_counts_add_up_to_kent(
    districts: pd.DataFrame, kent: pd.DataFrame, indicators: pd.DataFrame
) -> None:
    counts = [
        i
        for i in indicators.index
        if indicators.loc[i, "measure"] == "count"
        and indicators.loc[i, "district_breakdown"] == "yes"
    ]
    checked = 0
    for row in kent[kent["id"].isin(counts) & (kent["value"] != "")].itertuples():
        rows = districts[(districts["id"] == row.id) & (districts["period"] == row.period)]
        assert all(t.isdigit() for t in rows["value"])
        assert _total(rows, "value") == _number(row.value), (row.id, row.period)
        checked += 1
    assert checked >= 20


def test_linked_counts_are_the_percentage_numerators_and_denominators(
    districts: pd.DataFrame,
) -> None:
    keys = ["area", "period"]
    share = districts[districts["id"] == "ehcp-issued-within-20-weeks"].set_index(keys)
    within = districts[districts["id"] == "ehcp-issued-within-20-weeks-count"].set_index(keys)
    issued = districts[districts["id"] == "ehcp-issued-count"].set_index(keys)
    assert len(within) == len(issued) == 12 * 43
    assert (within["value"] == share.loc[within.index, "numerator"]).all()
    assert (issued["value"] == share.loc[issued.index, "denominator"]).all()


# --------------------------------------------------------------------------- plausible values


def test_values_agree_with_their_own_numerator_and_denominator(
    districts: pd.DataFrame, indicators: pd.DataFrame
) -> None:
    rows = districts[(districts["numerator"] != "") & (districts["value"] != "")]
    assert len(rows) > 1000
    for row in rows.itertuples():
        meta = indicators.loc[row.id]
        assert agrees_with_printed(
            float(row.value),
            float(row.numerator),
            float(row.denominator),
            meta["measure"],
            int(meta["decimals"]),
        ), row


def test_values_are_plausible(
    districts: pd.DataFrame, kent: pd.DataFrame, indicators: pd.DataFrame
) -> None:
    kent_values = {(r.id, r.period): float(r.value) for r in kent.itertuples() if r.value}
    for row in districts[districts["value"] != ""].itertuples():
        meta = indicators.loc[row.id]
        value = float(row.value)
        assert value >= 0, row
        if meta["measure"] == "percent" or meta["unit"] in ("percent", "percentage points"):
            assert value <= 100, row
        if meta["measure"] == "percent":
            assert float(row.numerator or 0) <= float(row.denominator or 1), row
        if meta["measure"] == "none" and (row.id, row.period) in kent_values:
            reference = kent_values[(row.id, row.period)]
            rounding = 0.5 * 10 ** -int(meta["decimals"])
            assert abs(value - reference) <= 0.10 * reference + rounding + 1e-9, row


def test_districts_differ_from_each_other(districts: pd.DataFrame) -> None:
    latest = districts[
        (districts["id"] == "csws-re-referrals") & (districts["period"] == "2025-11")
    ]
    assert latest["value"].nunique() > 4


def test_no_district_rows_without_a_breakdown(
    districts: pd.DataFrame, kent: pd.DataFrame, indicators: pd.DataFrame
) -> None:
    breakdown = set(indicators.index[indicators["district_breakdown"] == "yes"])
    assert set(districts["id"]) <= breakdown
    assert set(districts["id"]) == breakdown & set(kent["id"])
    assert "care-leavers-eet" not in set(districts["id"])


def test_statuses_and_releases_mirror_kent(districts: pd.DataFrame, kent: pd.DataFrame) -> None:
    marked = kent[(kent["status"] != "") | (kent["released"] != "")]
    for row in marked.itertuples():
        rows = districts[(districts["id"] == row.id) & (districts["period"] == row.period)]
        if len(rows):
            assert set(rows["status"]) == {row.status}, row
            assert set(rows["released"]) == {row.released}, row
    provisional = districts[(districts["id"] == "neet-16-17") & (districts["period"] == "2025-09")]
    assert set(provisional["status"]) == {"provisional"}
    assert all(n.startswith(NOTE) for n in districts["note"])


def test_targets_are_kents_with_a_note(data: Path) -> None:
    ours = _read(data / DATASET / "targets.csv")
    theirs = _read(ROOT / "data/sample/targets.csv")
    columns = [c for c in theirs.columns if c != "note"]
    pd.testing.assert_frame_equal(ours[columns], theirs[columns])
    assert all("held to Kent's target" in n for n in ours["note"])
    assert (data / DATASET / "benchmarks.csv").read_bytes() == (
        ROOT / "data/sample/benchmarks.csv"
    ).read_bytes()


def test_readme_says_synthetic_and_the_seed(data: Path) -> None:
    text = (data / DATASET / "README.md").read_text(encoding="utf-8")
    assert "SYNTHETIC DEMONSTRATION DATA" in text
    assert str(SEED) in text
    for step in step_changes(data):
        assert step.id in text


# --------------------------------------------------------------------------- history and SPC


def _months(frame: pd.DataFrame) -> list[str]:
    return sorted(
        p
        for p in frame["period"]
        if len(p) == 7 and int(p[5:]) <= 12 and (int(p[2:4]) + 1) % 100 != int(p[5:])
    )


def test_monthly_history_before_kents_first_month(
    districts: pd.DataFrame, kent: pd.DataFrame, indicators: pd.DataFrame
) -> None:
    monthly = [i for i in sorted(set(districts["id"])) if indicators.loc[i, "frequency"] == "month"]
    assert len(monthly) >= 20
    first_kent = month("2025-05")
    wanted = [shift(first_kent, -k).key for k in range(HISTORY_LENGTH["month"], 0, -1)]
    assert wanted[0] == "2022-05"
    for indicator in monthly:
        for area, rows in districts[districts["id"] == indicator].groupby("area"):
            months = _months(rows)
            assert months[: len(wanted)] == wanted, (indicator, area)
            assert months[-1] == "2025-11" and len(months) == 43


def test_termly_and_annual_keep_kents_periods(
    districts: pd.DataFrame, kent: pd.DataFrame, indicators: pd.DataFrame
) -> None:
    for indicator in sorted(set(districts["id"])):
        if indicators.loc[indicator, "frequency"] in ("term", "year"):
            ours = districts[(districts["id"] == indicator) & (districts["area"] == "dover")]
            assert sorted(ours["period"]) == sorted(kent.loc[kent["id"] == indicator, "period"])


def test_step_changes_are_special_causes(districts: pd.DataFrame, data: Path) -> None:
    steps = step_changes(data)
    assert 2 <= len(steps) <= 3
    for step in steps:
        assert month("2022-05") < month(step.month) < month("2025-05")
        found = 0
        for _, rows in districts[districts["id"] == step.id].groupby("area"):
            series = rows[rows["period"].isin(_months(rows))].sort_values("period")
            chart = xmr([float(v) for v in series["value"]]).table
            before = (series["period"] < step.month).to_numpy()
            found += bool(chart.loc[before, "special_cause_flag"].any())
        assert found >= 10, step


def test_step_changes_follow_the_seed(data: Path) -> None:
    assert step_changes(data) == step_changes(data, SEED)
    assert all(parse_period(s.month).kind == "month" for s in step_changes(data, SEED + 1))


# --------------------------------------------------------------------------- downstream


def test_read_data_finds_no_errors_and_no_synthetic_warnings(files: DataFiles) -> None:
    assert files.report.errors == []
    assert [str(p) for p in files.report.warnings if DATASET in p.file] == []
    assert set(files["figures"]["dataset"]) == {"sample", DATASET}


def test_district_scorecard_builds(data: Path, files: DataFiles) -> None:
    source = CsvSource(data, files)
    card = build_scorecard(source, "2025-11", "folkestone-and-hythe")
    assert card.synthetic is True
    assert card.area_name == "Folkestone & Hythe"
    assert card.dataset == DATASET
    rated = card.rows[card.rows["rag"].notna()]
    assert len(rated) >= 20
    kent = build_scorecard(source, "2025-11", "kent")
    assert kent.synthetic is False
