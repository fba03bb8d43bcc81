"""Commentary: parsed from Markdown, grouped by computed RAG, drafted where missing."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import ROOT

from helpers.engine.commentary import (
    DECISION_LABEL,
    DRAFT_LABEL,
    DRAFT_ONLY,
    Commentary,
    CommentaryError,
    Entry,
    arrange,
    draft_sentence,
    entry_markdown,
    parse_commentary,
    uncommented,
)
from helpers.engine.scorecard import Scorecard

ROW = {
    "title": "Percentage of CIC Foster Care placements",
    "unit": "percent",
    "decimals": 1,
    "value": 68.3,
    "rag": "RED",
    "polarity": "H",
    "target": 85.0,
    "target_dp": 1,
    "floor": 75.0,
    "dot": "worsened",
    "previous_value": 69.0,
}


def test_draft_sentence_from_the_figures() -> None:
    assert draft_sentence(ROW) == (
        "At 68.3% the percentage of CIC Foster Care placements is below the floor standard "
        "of 75.0% and the target of 85.0%; it has worsened from 69.0%."
    )


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        (
            {"rag": "AMBER", "floor": 65.0},
            "is below the target of 85.0% but meets the floor standard of 65.0%",
        ),
        ({"rag": "GREEN", "value": 86.0}, "is above the target of 85.0%"),
        ({"rag": "GREEN", "value": 85.0}, "meets the target of 85.0%"),
        (
            {"rag": "GREEN", "polarity": "L", "value": 14.7, "target": 15.0},
            "is below the target of 15.0%",
        ),
        (
            {
                "rag": "AMBER",
                "polarity": "T",
                "target_low": 17.5,
                "target_high": 22.5,
                "value": 26.9,
            },
            "is outside the target range of 17.5%–22.5%",
        ),
        ({"dot": "same"}, "the same as the previous period"),
    ],
)
def test_draft_sentence_cases(changes: dict, words: str) -> None:
    assert words in draft_sentence({**ROW, **changes})


def test_parse_commentary_file(root: Path) -> None:
    parsed = parse_commentary(root / "params/2025-11/commentary-ics.md")
    assert parsed.note == ""
    assert len(parsed.entries) == 16
    first = parsed.entries[0]
    assert (first.indicator, first.group) == ("cic-kcc-foster-care", "Children's Social Care")
    assert first.text.startswith("At 68.3% the percentage of children in care")
    assert parsed.entries[-1].group == "Intensive Early Help"
    education = parse_commentary(root / "params/2025-11/commentary-education.md")
    assert education.note.startswith("*The majority of education indicators are annual.")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("### no-such-id\n\nText.\n", "unknown indicator id 'no-such-id'"),
        ("# Title\n", "use '## group' or '### indicator-id' headings"),
        ("### eyfs-gld\n\nA.\n\n### eyfs-gld\n\nB.\n", "already has commentary"),
        ("### eyfs-gld\n\nNo commentary:\n", "'No commentary:' needs a reason"),
        ("### *\n\nSome text.\n", "under '### *' write 'No commentary: <reason>'"),
        ("### * district\n\nNo commentary: x.\n", "write '### *' or '### * @area-or-kind"),
    ],
)
def test_malformed_commentary_names_file_and_line(tmp_path: Path, text: str, words: str) -> None:
    path = tmp_path / "commentary-x.md"
    path.write_text(text)
    with pytest.raises(CommentaryError, match=r"commentary-x\.md, line"):
        parse_commentary(path, known_ids={"eyfs-gld"})
    with pytest.raises(CommentaryError) as info:
        parse_commentary(path, known_ids={"eyfs-gld"})
    assert words in str(info.value)


def test_grouped_by_computed_rating_with_drafts(november: Scorecard, root: Path) -> None:
    parsed = parse_commentary(root / "params/2025-11/commentary-ics.md")
    arranged = arrange("ics", parsed, november.records(), set())
    groups = dict(arranged.groups)
    social_care = [(e.indicator, e.rag) for e in groups["Children's Social Care"]]
    assert social_care[0] == ("cic-kcc-foster-care", "RED")
    ratings = [rag for _, rag in social_care]
    assert ratings == sorted(ratings, key=["RED", "AMBER", "GREEN"].index)
    # the published text calls the EH caseload AMBER; the computed rating is GREEN
    early_help = {e.indicator: e.rag for e in groups["Intensive Early Help"]}
    assert early_help["eh-unit-caseload-families"] == "GREEN"
    # the quarterly re-offending row has no ICS commentary: it is drafted...
    drafts = [e for e in arranged.groups[-1][1] if e.draft]
    assert [e.indicator for e in drafts] == ["proven-reoffending"]
    # ...unless another section's file comments on it
    arranged = arrange("ics", parsed, november.records(), {"proven-reoffending"})
    assert not any(e.draft for _, entries in arranged.groups for e in entries)


def test_draft_is_visibly_marked(november: Scorecard) -> None:
    arranged = arrange("send", Commentary(), november.records(), set())
    entries = [e for _, group in arranged.groups for e in group]
    assert {e.indicator for e in entries} == {
        "ehcp-issued-within-20-weeks",
        "ep-assessments-within-6-weeks",
        "send-independent-placements",
    }
    text = entry_markdown(entries[0], "")
    # shown only in drafts: a Quarto conditional-content div the assembler keeps or drops
    assert text.startswith(DRAFT_ONLY + "\n**RED:** *" + DRAFT_LABEL + "* At 49.0% the percentage")
    assert text.endswith("\n:::")


def test_reviewed_commentary_is_not_draft_only() -> None:
    text = entry_markdown(Entry("eyfs-gld", "Reviewed words.", rag="AMBER"), "")
    assert text == "**AMBER:** Reviewed words."


def test_no_commentary_decisions(tmp_path: Path) -> None:
    path = tmp_path / "commentary-education.md"
    path.write_text(
        "Note.\n\n### eyfs-gld\n\nNo commentary: no new data since October.\n\n"
        "### * @district @kent-north\n\nno commentary: districts are synthetic.\n"
    )
    parsed = parse_commentary(path, known_ids={"eyfs-gld"})
    assert parsed.note == "Note."
    (entry,) = parsed.entries
    assert (entry.no_commentary, entry.text) == (True, "no new data since October.")
    (decision,) = parsed.decisions
    assert decision.scope == ("district", "kent-north")
    assert decision.applies_to("ashford", "district")
    assert decision.applies_to("kent-north", "county")
    assert not decision.applies_to("kent", "county")
    shown = entry_markdown(Entry("eyfs-gld", entry.text, rag="AMBER", no_commentary=True), "")
    assert shown == f"{DRAFT_ONLY}\n**AMBER:** *{DECISION_LABEL}* no new data since October.\n:::"


def test_uncommented_red_and_amber_rows(november: Scorecard, tmp_path: Path) -> None:
    rows = november.records()
    red_amber = {r["id"] for r in rows if r["rag"] in ("RED", "AMBER")}
    assert "send-independent-placements" in red_amber
    missing = {r["id"] for r in uncommented(rows, {}, "kent", "county")}
    assert missing == red_amber
    path = tmp_path / "commentary-send.md"
    path.write_text(
        "### send-independent-placements\n\nNo commentary: covered elsewhere.\n\n"
        "### ehcp-issued-within-20-weeks\n\nWords.\n\n### * @district\n\nNo commentary: x.\n"
    )
    files = {"send": parse_commentary(path)}
    missing = {r["id"] for r in uncommented(rows, files, "kent", "county")}
    assert missing == red_amber - {"send-independent-placements", "ehcp-issued-within-20-weeks"}
    # the scoped decision covers every other rated SEND row, for districts only
    district = {r["id"] for r in uncommented(rows, files, "ashford", "district")}
    assert "ep-assessments-within-6-weeks" in missing
    assert "ep-assessments-within-6-weeks" not in district
    assert district < missing
    assert not any(r["section"] == "send" for r in rows if r["id"] in district)


def test_the_november_sample_has_commentary_or_a_decision_for_every_red_and_amber_row(
    november: Scorecard, root: Path
) -> None:
    files = {
        name: parse_commentary(root / f"params/2025-11/commentary-{name}.md")
        for name in ("send", "ics", "education")
    }
    assert uncommented(november.records(), files, "kent", "county") == []


def test_headings_may_be_printed_codes(november: Scorecard, tmp_path: Path) -> None:
    from helpers.engine.commentary import code_index

    path = tmp_path / "commentary-ics.md"
    path.write_text("## Group\n\n### SCS43\n\nCaseloads.\n\n### cic-kcc-foster-care\n\nFoster.\n")
    rows = november.records()
    parsed = parse_commentary(path, {r["id"] for r in rows}, code_index(rows))
    assert [(e.indicator, e.line) for e in parsed.entries] == [
        ("cswt-caseload", 3),
        ("cic-kcc-foster-care", 7),
    ]
    path.write_text("### SCS01\n\nAmbiguous.\n")
    with pytest.raises(CommentaryError, match="csws-re-referrals, social-work-open-cases") as info:
        parse_commentary(path, {r["id"] for r in rows}, code_index(rows))
    assert info.value.line == 1


def test_entries_name_their_indicator() -> None:
    from helpers.engine.commentary import Entry, short_title

    title = "Percentage of CIC Foster Care in KCC Foster Care/Rel & Friends placements (exc UASC)"
    assert short_title(title) == (
        "Percentage of CIC Foster Care in KCC Foster Care/Rel & Friends placements"
    )
    text = entry_markdown(Entry("cic-kcc-foster-care", "At 68.3%…", rag="RED"), title, "SCS19")
    assert text.startswith(
        "**RED:** *SCS19 Percentage of CIC Foster Care in KCC Foster Care/Rel & Friends"
    )


def test_stated_rag() -> None:
    from helpers.engine.commentary import stated_rag

    assert stated_rag("Performance is GREEN this month") == "GREEN"
    assert stated_rag("this is rated amber") == "AMBER"
    assert stated_rag("more green spaces and a red letter day") is None


def test_validate_reads_commentary(project: Path) -> None:
    import shutil

    from helpers.commands.validate import validate

    shutil.copytree(ROOT / "params", project / "params")
    path = project / "params/2025-11/commentary-ics.md"
    path.write_text(
        path.read_text().replace("### returner-interviews\n", "### SCS08\n\nThis is GREEN again.\n")
    )
    report = validate(project)
    assert report.errors == []
    warnings = [str(w) for w in report.warnings if "commentary-ics" in w.file]
    assert len(warnings) == 1
    assert "states GREEN but the figures give AMBER" in warnings[0]
    path.write_text(path.read_text() + "\n### SCS99\n\nNo such code.\n")
    errors = [str(e) for e in validate(project).errors]
    assert any("commentary-ics.md" in e and "SCS99" in e for e in errors), errors
