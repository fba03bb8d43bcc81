"""scorecard diff: new figures, revisions, RAG and arrow changes, targets, lost figures."""

from __future__ import annotations

from pathlib import Path

from support import FIXTURES

from helpers.data.audit import read_log
from helpers.data.importer import Options, import_return
from helpers.data.returns import read_return
from helpers.data.store import CsvSource
from helpers.engine.diff import compare, diff_frame
from helpers.engine.scorecard import build_scorecard

DECEMBER = FIXTURES / "returns" / "2025-12-kent.csv"


def test_december_against_november(project: Path, tmp_path: Path) -> None:
    import_return(project, read_return(DECEMBER), Options())
    revision = tmp_path / "revision.csv"
    revision.write_text(
        "code,indicator,period,value,numerator,denominator,status,note\n"
        'SCS19,,Nov-25,68.4,695,"1,016",,\n',
        encoding="utf-8",
    )
    import_return(project, read_return(revision), Options(revise=True))
    source = CsvSource(project / "data")
    november = build_scorecard(source, "2025-11", "kent")
    december = build_scorecard(source, "2025-12", "kent")
    frame = diff_frame(compare(november, december, read_log(project / "data")))
    kinds = frame.groupby("change")["id"].apply(set).to_dict()
    assert {"csws-re-referrals", "proven-reoffending"} <= kinds["new figure"]
    assert "cp-plan-second-time" in kinds["lost latest figure"]
    assert kinds["revised"] == {"cic-kcc-foster-care"}
    revised = frame[frame["change"] == "revised"].iloc[0]
    assert (revised["before"], revised["after"]) == ("68.3 (694 / 1,016)", "68.4 (695 / 1,016)")
    assert "cic-kcc-foster-care" not in kinds.get("rag", set())  # RED in both months
    assert "cp-plan-second-time" not in kinds.get("rag", set())  # lost, listed as such
    assert "cic-placement-stability" in kinds["direction of travel"]  # same -> improved
    lost = frame[(frame["change"] == "lost latest figure") & (frame["id"] == "cp-plan-second-time")]
    assert lost.iloc[0]["after"] == "to_be_supplied"


def test_diff_command_writes_csv(project: Path, monkeypatch, capsys) -> None:
    from helpers.commands.cli import main

    monkeypatch.setenv("SCORECARD_ROOT", str(project))
    import_return(project, read_return(DECEMBER), Options())
    assert main(["diff", "--month", "2025-12"]) == 0
    out = capsys.readouterr().out
    assert "new figure" in out and "SCS19" in out
    written = project / "build" / "diff" / "kent-2025-12-against-2025-11.csv"
    assert written.read_text().startswith("change,table,id,code,title")
