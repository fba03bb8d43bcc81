"""Sign-off: what stops an approval, the record it writes, and what voids it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from support.scratch import make_project

from helpers.publish.approval import (
    ApprovalError,
    approval_path,
    approve,
    current_approval,
    edition_inputs,
    find_problems,
)

ACCEPT = "known inconsistencies of the published figures (docs/data-notes.md)"
NOW = dt.datetime(2025, 12, 19, 10, 30, tzinfo=dt.UTC)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")


def test_the_november_sample_is_approvable_once_its_warnings_are_acknowledged(
    project: Path,
) -> None:
    found = find_problems(project, "2025-11", "kent")
    # only the published figures' known inconsistencies stand in the way
    assert found.problems and all(p.startswith("warning not acknowledged") for p in found.problems)
    assert any("kent/figures.csv, line 256" in p for p in found.problems)
    found = find_problems(project, "2025-11", "kent", accept=ACCEPT)
    assert found.problems == []
    assert len(found.acknowledged) == 4


def test_districts_are_approvable_without_acknowledgement(project: Path) -> None:
    assert find_problems(project, "2025-11", "ashford").problems == []


def test_approval_records_who_when_and_the_input_hashes(project: Path) -> None:
    path = approve(project, "2025-11", "kent", "Jo Analyst", "checked", ACCEPT, now=NOW)
    assert path == approval_path(project, "2025-11", "kent")
    assert path.relative_to(project).as_posix() == "approvals/2025-11/kent.yml"
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert record["approved_by"] == "Jo Analyst"
    assert record["approved_at"] == "2025-12-19T10:30:00+00:00"
    assert record["note"] == "checked"
    assert record["acknowledged"]["reason"] == ACCEPT
    inputs = record["inputs"]
    assert inputs == edition_inputs(project, "2025-11", "kent")
    for name in (
        "data/sample/kent/figures.csv",
        "data/sample/targets.csv",
        "data/registry/indicators.csv",
        "params/2025-11.yml",
        "params/2025-11/commentary-ics.md",
        "_quarto.yml",
    ):
        assert len(inputs[name]) == 64, name
    # a district's figures are not an input of Kent's edition
    assert not any("ashford" in name for name in inputs)
    assert current_approval(project, "2025-11", "kent")["approved_by"] == "Jo Analyst"


def test_a_later_input_change_voids_the_approval(project: Path) -> None:
    approve(project, "2025-11", "kent", "Jo Analyst", accept=ACCEPT, now=NOW)
    targets = project / "data/sample/targets.csv"
    targets.write_text(targets.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    with pytest.raises(ApprovalError, match=r"is void: changed since: data/sample/targets\.csv"):
        current_approval(project, "2025-11", "kent")
    # another area's figures do not void it
    approve(project, "2025-11", "kent", "Jo Analyst", accept=ACCEPT, now=NOW)
    other = project / "data/synthetic/ashford/figures.csv"
    other.write_text(other.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    current_approval(project, "2025-11", "kent")


def test_not_approved_is_said_with_the_command_to_run(project: Path) -> None:
    with pytest.raises(ApprovalError, match=r"not approved: run `scorecard approve --month"):
        current_approval(project, "2025-11", "kent")


def test_refusal_lists_every_problem_and_writes_nothing(project: Path) -> None:
    params = project / "params/2025-11.yml"
    text = params.read_text(encoding="utf-8")
    start = text.index("not_available:")
    params.write_text(text[:start] + text[text.index("contacts:") :], encoding="utf-8")
    send = project / "params/2025-11/commentary-send.md"
    text = send.read_text(encoding="utf-8")
    send.write_text(text[: text.index("### ehcp-issued-within-20-weeks")], encoding="utf-8")
    with pytest.raises(ApprovalError) as info:
        approve(project, "2025-11", "ashford", "Jo Analyst")
    message = str(info.value)
    assert "owed: 22 figure(s) of table 'activity' (CYPE10, CYPE11" in message
    assert "mark each indicator (or the table) under 'not_available:'" in message
    assert (
        "commentary: APP17 ehcp-issued-within-20-weeks is RED: write commentary under "
        "'### ehcp-issued-within-20-weeks' in params/2025-11/commentary-send.md" in message
    )
    assert not approval_path(project, "2025-11", "ashford").exists()


def test_data_errors_stop_the_approval(project: Path) -> None:
    figures = project / "data/sample/kent/figures.csv"
    figures.write_text(
        figures.read_text(encoding="utf-8") + "no-such-indicator,kent,2025-11,1,,,,,,\n",
        encoding="utf-8",
    )
    found = find_problems(project, "2025-11", "kent", accept=ACCEPT)
    assert any("unknown indicator id 'no-such-indicator'" in p for p in found.problems)


def test_an_approver_is_named(project: Path) -> None:
    with pytest.raises(ApprovalError, match="--by needs"):
        approve(project, "2025-11", "ashford", "  ")


def test_the_commands_exit_codes_and_messages(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from helpers.commands.cli import main

    monkeypatch.setenv("SCORECARD_ROOT", str(project))
    assert main(["approve", "--month", "2025-11", "--area", "kent", "--by", "Jo"]) == 1
    assert "warning not acknowledged (--accept REASON)" in capsys.readouterr().err
    assert not approval_path(project, "2025-11", "kent").exists()
    args = ["approve", "--month", "2025-11", "--area", "ashford", "--by", "Jo", "--note", "ok"]
    assert main(args) == 0
    assert "approved: 2025-11 ashford by Jo (approvals/2025-11/ashford.yml)" in (
        capsys.readouterr().out
    )
    site = project / "site"
    assert main(["publish", "--month", "2025-11", "--area", "kent", "--to", str(site)]) == 1
    assert "2025-11 kent is not approved" in capsys.readouterr().err
    assert not site.exists()
    assert main(["verify", "--site", str(site)]) == 1
    assert "no published edition" in capsys.readouterr().out
