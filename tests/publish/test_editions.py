"""Editions end to end: a draft run, sign-off, publication, supersession and verification.

One scratch project renders November 2025 Kent once as a draft and publishes it once into
one site (module fixtures); the tests that change things work on copies of the site, and
the last one changes a target in the project and re-renders the working report.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from support.browser import CHROMIUM, CHROMIUM_ARGS, chromium_available, open_page
from support.scratch import make_project

from helpers.commands.cli import main
from helpers.core.vocabulary import DRAFT_MARK
from helpers.engine.commentary import DECISION_LABEL, DRAFT_LABEL
from helpers.publish.approval import ApprovalError, approve
from helpers.publish.editions import Published, PublishError, publish
from helpers.publish.run import OUTPUT_NAMES, run_report
from helpers.publish.site import INDEX, MANIFEST, read_manifest
from helpers.publish.verify import verify_site

pytestmark = pytest.mark.slow
ACCEPT = "known inconsistencies of the published figures (docs/data-notes.md)"
NOW = dt.datetime(2025, 12, 19, 9, 0, tzinfo=dt.UTC)


@dataclass
class State:
    project: Path
    site: Path
    draft: Path
    refused: str
    first: Published


@pytest.fixture(scope="module")
def state(tmp_path_factory: pytest.TempPathFactory) -> State:
    base = tmp_path_factory.mktemp("editions")
    project = make_project(base / "project")
    site = base / "site"
    draft = run_report(project, "2025-11", "kent").folder
    with pytest.raises(ApprovalError) as refused:
        publish(project, "2025-11", "kent", site, now=NOW)
    approve(project, "2025-11", "kent", "Jo Analyst", "all checked", ACCEPT, now=NOW)
    first = publish(project, "2025-11", "kent", site, now=NOW)
    return State(project, site, draft, str(refused.value), first)


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [page for page in text.split("\f") if page.strip()]


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_a_run_is_a_draft_marked_on_the_page_and_on_every_pdf_page(state: State) -> None:
    html = (state.draft / "scorecard.html").read_text(encoding="utf-8")
    body = html[html.index("<body>") :]
    assert body.index(DRAFT_MARK) < body.index("<h1")  # at the top, in the page header
    assert DRAFT_LABEL in html  # drafted sentences, visibly marked
    assert DECISION_LABEL in html  # and the no-commentary decisions, for the reviewer
    pages = _pages(state.draft / "scorecard.pdf")
    assert len(pages) > 20
    assert all(DRAFT_MARK in page for page in pages)


def test_publish_refuses_until_approved(state: State) -> None:
    assert "is not approved: run `scorecard approve --month 2025-11 --area kent" in state.refused


def test_the_published_edition_has_no_draft_mark_and_no_drafted_sentences(state: State) -> None:
    folder = state.site / "2025-11" / "kent"
    assert sorted(p.name for p in folder.iterdir()) == sorted([*OUTPUT_NAMES, MANIFEST])
    html = (folder / "scorecard.html").read_text(encoding="utf-8")
    for words in (DRAFT_MARK, DRAFT_LABEL, DECISION_LABEL, 'class="draft-only"'):
        assert words not in html, words
    assert "At 68.3% the percentage of children in care" in html  # reviewed commentary stays
    pages = _pages(folder / "scorecard.pdf")
    assert not any("DRAFT" in page or DRAFT_LABEL in page for page in pages)
    # the draft and the edition show the same tables: the same CSV
    assert (folder / "scorecard.csv").read_bytes() == (state.draft / "scorecard.csv").read_bytes()


def test_the_manifest_records_hashes_approver_time_and_version(state: State) -> None:
    manifest = state.first.manifest
    assert manifest == read_manifest(state.site / "2025-11" / "kent")
    assert (manifest["approved_by"], manifest["approval_note"]) == ("Jo Analyst", "all checked")
    assert manifest["published_at"] == "2025-12-19T09:00:00+00:00"
    assert manifest["edition"] == 1 and manifest["revised"] == ""
    assert manifest["tool_version"] and len(manifest["code"]) == 64
    assert set(manifest["files"]) == set(OUTPUT_NAMES)
    inputs = manifest["inputs"]
    for name in ("data/sample/targets.csv", "params/2025-11.yml", "_quarto.yml"):
        assert (state.site / "_inputs" / inputs[name]).read_bytes() == (
            state.project / name
        ).read_bytes()


def test_publish_prints_a_summary_for_an_email(state: State) -> None:
    summary = state.first.summary
    counts = state.first.manifest["rag_counts"]
    assert summary.splitlines()[0].endswith("Directorate Scorecard: Kent, November 2025")
    assert "2025-11/kent/scorecard.html" in summary
    assert f"RAG: {counts['RED']} RED, {counts['AMBER']} AMBER, {counts['GREEN']} GREEN" in summary
    assert "Main changes since last month:" in summary
    assert "Approved by Jo Analyst" in summary


def test_publishing_again_changes_nothing_and_exits_non_zero(
    state: State, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _tree(state.site)
    with pytest.raises(PublishError, match="already published"):
        publish(state.project, "2025-11", "kent", state.site)
    monkeypatch.setenv("SCORECARD_ROOT", str(state.project))
    status = main(["publish", "--month", "2025-11", "--area", "kent", "--to", str(state.site)])
    assert status == 1
    assert "--supersede --reason TEXT" in capsys.readouterr().err
    assert _tree(state.site) == before


def test_supersede_keeps_the_earlier_edition_and_says_why(state: State, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(state.site, site)
    with pytest.raises(PublishError, match="needs --reason"):
        publish(state.project, "2025-11", "kent", site, supersede=True)
    later = dt.datetime(2026, 1, 5, 12, 0, tzinfo=dt.UTC)
    done = publish(state.project, "2025-11", "kent", site, True, "corrected a note", now=later)
    folder = site / "2025-11" / "kent"
    assert done.manifest["edition"] == 2
    assert _tree(folder / "v1") == _tree(state.site / "2025-11" / "kent")
    line = "Revised on 5 January 2026: corrected a note"
    assert done.manifest["revised"] == line
    assert line in (folder / "scorecard.html").read_text(encoding="utf-8")
    assert line in _pages(folder / "scorecard.pdf")[0]
    assert line in (site / INDEX).read_text(encoding="utf-8")
    assert verify_site(state.project, site) == []  # both editions re-render byte for byte


def test_altering_one_byte_makes_verify_fail_naming_the_file(state: State, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(state.site, site)
    pdf = site / "2025-11" / "kent" / "scorecard.pdf"
    data = bytearray(pdf.read_bytes())
    data[len(data) // 2] ^= 0x01
    pdf.write_bytes(bytes(data))
    problems = verify_site(state.project, site)
    assert problems == [
        "2025-11/kent/scorecard.pdf: differs from its manifest (altered or damaged)"
    ]


@pytest.mark.browser
@pytest.mark.skipif(not chromium_available(), reason="needs Debian chromium and Playwright")
def test_site_pages_open_offline_and_links_work_when_moved(state: State, tmp_path: Path) -> None:
    moved = tmp_path / "elsewhere" / "scorecards"
    shutil.copytree(state.site, moved)
    for page in (moved / INDEX, moved / "2025-11" / INDEX):
        report = open_page(page)
        assert report.blocked_requests == []
        assert report.console_errors == []
    from playwright.sync_api import sync_playwright  # imported here: optional (browser tests)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto((moved / INDEX).as_uri())
        page.click("text=November 2025: all areas and the district comparison")
        assert page.url == (moved / "2025-11" / INDEX).as_uri()
        page.click("a:has-text('Web page')")
        assert page.url == (moved / "2025-11" / "kent" / "scorecard.html").as_uri()
        browser.close()


def test_verify_names_an_output_the_current_code_would_render_differently(
    state: State, monkeypatch: pytest.MonkeyPatch
) -> None:
    from helpers.publish import run

    write_csv = run.write_csv

    def changed_code(card: object, path: Path) -> Path:
        write_csv(card, path)
        with path.open("a", encoding="utf-8") as handle:
            handle.write("a row a code change added\n")
        return path

    monkeypatch.setattr(run, "write_csv", changed_code)
    assert verify_site(state.project, state.site) == [
        "2025-11/kent/scorecard.csv: re-rendered from its inputs with the current code, it differs"
    ]


def test_a_later_target_change_changes_the_working_report_not_the_published(
    state: State,
) -> None:
    targets = state.project / "data/sample/targets.csv"
    text = targets.read_text(encoding="utf-8")
    assert text.count("\ncswt-caseload,2025-26,18.0,") == 1
    targets.write_text(
        text.replace("\ncswt-caseload,2025-26,18.0,", "\ncswt-caseload,2025-26,22.0,")
    )
    run_report(state.project, "2025-11", "kent")

    def rag(path: Path) -> str:
        with path.open(encoding="utf-8") as handle:
            return next(r["rag"] for r in csv.DictReader(handle) if r["id"] == "cswt-caseload")

    assert rag(state.draft / "scorecard.csv") == "GREEN"
    published = state.site / "2025-11" / "kent"
    assert rag(published / "scorecard.csv") == "AMBER"
    assert verify_site(state.project, state.site) == []
