"""A corpus of bad inputs, one small fixture each: refused with file, line and field.

Each case copies a small scratch project (the registry, Kent's published data, the
month parameters and commentary; no districts, so `scorecard validate` takes a moment),
breaks one thing, runs a command in-process and checks the exit status, that the message
names the file, line and field, and that nothing ends in a traceback. BOM and CRLF line
ends (what Excel writes) are accepted instead. The runs that must leave an earlier report
byte-identical are in ``tests/publish/test_safety_runs.py``.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from support.bad_inputs import (
    AREAS,
    BENCHMARKS,
    FIGURES,
    ICS,
    INDICATORS,
    PARAMS,
    ROWS,
    SEND,
    TARGET_TAIL,
    TARGETS,
    VERSIONS,
    append,
    area_folder,
    both,
    figure,
    link,
    make_mini_project,
    outside,
    replace,
    run_cli,
    second_line_with,
    write_bytes,
)


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_mini_project(tmp_path_factory.mktemp("mini") / "project")


@pytest.fixture
def scratch(mini: Path, tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(mini, project, symlinks=True)
    return project


@dataclass(frozen=True)
class Case:
    """One bad input: the edit, the command, the exit status and what the message names."""

    name: str
    edit: Callable[[Path], int]
    expect: tuple[str, ...]
    code: int = 1
    argv: tuple[str, ...] = ("validate",)


def case(name: str, edit: Callable[[Path], int], *expect: str, code: int = 1, argv=("validate",)):
    return pytest.param(Case(name, edit, expect, code, argv), id=name)


# --------------------------------------------------------------------------- the corpus

# fmt: off
NUMBERS = [
    case("percent-above-100", append(FIGURES, figure("149")), f"{FIGURES}, line {{line}}, field 'value'", "between 0 and 100"),
    case("percent-below-0", append(FIGURES, figure("-0.5")), f"{FIGURES}, line {{line}}, field 'value'", "between 0 and 100"),
    case("negative-count", append(FIGURES, figure("-3", ident="ehcp-issued-within-20-weeks-count")), f"{FIGURES}, line {{line}}, field 'value'", "a count cannot be negative"),
    case("negative-average", append(FIGURES, figure("-9.5", ident="cic-team-caseload")), f"{FIGURES}, line {{line}}, field 'value'", "an average cannot be negative"),
    case("negative-rate", append(FIGURES, "csws-referral-rate,kent,2025-04,-12.0,,,,,,"), f"{FIGURES}, line {{line}}, field 'value'", "a rate cannot be negative"),
    case("negative-numerator", append(FIGURES, figure("50.0", "-1", "2")), f"{FIGURES}, line {{line}}, field 'numerator'", "cannot be negative"),
    case("negative-denominator", append(FIGURES, figure("50.0", "1", "-2")), f"{FIGURES}, line {{line}}, field 'denominator'", "cannot be negative"),
    case("zero-denominator", append(FIGURES, figure("0.0", "0", "0")), f"{FIGURES}, line {{line}}, field 'denominator'", "denominator of 0"),
    case("numerator-above-denominator", append(FIGURES, figure("50.0", "5", "2")), f"{FIGURES}, line {{line}}, field 'numerator'", "exceeds denominator"),
    case("value-not-a-number", append(FIGURES, figure("12a")), f"{FIGURES}, line {{line}}, field 'value'", "is not a number"),
    case("value-na-without-status", append(FIGURES, figure("N/A")), f"{FIGURES}, line {{line}}, field 'value'", "is not a number"),
    case("target-percent-above-100", append(TARGETS, "ehcp-issued-within-20-weeks,2030-31,120,55" + TARGET_TAIL), f"{TARGETS}, line {{line}}, field 'target'", "between 0 and 100"),
    case("floor-negative-count", append(TARGETS, "ehcp-issued-within-20-weeks-count,2030-31,10,-5" + TARGET_TAIL), f"{TARGETS}, line {{line}}, field 'floor'", "a count cannot be negative"),
    case("benchmark-percent-above-100", append(BENCHMARKS, "ehcp-issued-within-20-weeks,national,101,,send-monthly"), f"{BENCHMARKS}, line {{line}}, field 'value'", "between 0 and 100"),
    case("inverted-target-range", append(TARGETS, "cp-plan-second-time,2030-31,,,22.5,17.5,10.0,30.0,,,no,,,"), f"{TARGETS}, line {{line}}, field 'target_low'", "target range low above high"),
    case("floor-range-inside-target", append(TARGETS, "cp-plan-second-time,2030-31,,,17.5,22.5,18.0,30.0,,,no,,,"), f"{TARGETS}, line {{line}}, field 'floor_low'", "does not contain"),
    case("floor-above-target", append(TARGETS, "ehcp-issued-within-20-weeks,2030-31,50,60" + TARGET_TAIL), f"{TARGETS}, line {{line}}, field 'floor'", "floor above target"),
    case("t-polarity-with-floor", append(TARGETS, "cp-plan-second-time,2030-31,,20,17.5,22.5,10.0,30.0,,,no,,,"), f"{TARGETS}, line {{line}}, field 'floor'", "floor range"),
    case("target-year-not-a-year", append(TARGETS, "ehcp-issued-within-20-weeks,2030-32,65,55" + TARGET_TAIL), f"{TARGETS}, line {{line}}, field 'year'", "reporting year"),
]

REGISTRY = [
    case("version-ends-before-it-starts", append(VERSIONS, "ehcp-issued-within-20-weeks,2026-01,2025-12,APPX,A title,,"), f"{VERSIONS}, line {{line}}, field 'valid_to'", "before it starts"),
    case("versions-overlap", append(VERSIONS, "ehcp-issued-within-20-weeks,2025-08,,APPX,A title,,"), f"{VERSIONS}, line {{line}}, field 'valid_from'", "inside the version on line"),
    case("row-ends-before-it-starts", append(ROWS, "send-monthly,99,ehcp-issued-within-20-weeks,2026-01,2025-12,"), f"{ROWS}, line {{line}}, field 'valid_to'", "before it starts"),
    case("version-month-invalid", append(VERSIONS, "ehcp-issued-within-20-weeks,2026-13,,APPX,A title,,"), f"{VERSIONS}, line {{line}}, field 'valid_from'", "a month such as"),
    case("area-folder-not-in-areas", area_folder("kentish", "kentish"), "data/sample/kentish/figures.csv, line 2, field 'area'", "not an area in data/registry/areas.csv"),
    case("area-in-wrong-folder", area_folder("medway", "kent"), "data/sample/medway/figures.csv, line 2, field 'area'", "in the folder of area 'medway'"),
    case("dataset-folder-missing", append(AREAS, "dover,Dover,district,nowhere"), f"{AREAS}, line {{line}}, field 'dataset'", "no data set folder"),
    case("dataset-not-a-slug", append(AREAS, "dover,Dover,district,../../etc"), f"{AREAS}, line {{line}}, field 'dataset'", "a data set folder name"),
    case("dataset-linked-outside", both(link("data/linked", outside), append(AREAS, "dover,Dover,district,linked")), f"{AREAS}, line {{line}}, field 'dataset'", "lies outside data/"),
    case("area-folder-linked-outside", link("data/sample/dover", outside), "data/sample/dover, field 'area'", "lies outside its data set"),
    case("unknown-indicator-id", append(FIGURES, figure("50.0", ident="no-such-indicator")), f"{FIGURES}, line {{line}}, field 'id'", "unknown indicator id"),
    case("duplicate-figure", append(FIGURES, "ehcp-issued-within-20-weeks,kent,2025-05,60.2,,,,,,"), f"{FIGURES}, line {{line}}, field 'period'", "duplicate figure"),
    case("period-does-not-exist", append(FIGURES, "ehcp-issued-within-20-weeks,kent,2025-13,50.0,,,,,,"), f"{FIGURES}, line {{line}}, field 'period'", "period"),
    case("unknown-polarity", replace(INDICATORS, ",send,send-monthly,H,", ",send,send-monthly,X,"), f"{INDICATORS}, line {{line}}, field 'polarity'", "is not one of"),
    case("unknown-table", append(FIGURES, "ehcp-issued-within-20-weeks,kent,2025-04,50.0,,,,,no-such-table,"), f"{FIGURES}, line {{line}}, field 'table'", "unknown table"),
]


def _bom(data: bytes) -> bytes:
    return b"\xef\xbb\xbf" + data


def _unclosed(data: bytes) -> bytes:
    return data.replace(b"2025-06,53.9,,,", b'2025-06,"53.9,,,', 1)


FORMATS = [
    case("non-utf8-figures", second_line_with(FIGURES, b"\xa3"), f"{FIGURES}, line {{line}}, field 'note'", "not UTF-8"),
    case("non-utf8-registry", write_bytes(INDICATORS, lambda d: d.replace(b"Synergy", b"Syn\xe9rgy", 1), 2), f"{INDICATORS}, line {{line}}, field 'source_system'", "not UTF-8"),
    case("unclosed-quote", write_bytes(FIGURES, _unclosed, 3), f"{FIGURES}, line {{line}}, field 'value'", "bad quoting"),
    case("stray-quote", write_bytes(FIGURES, lambda d: d.replace(b",60.2,", b',"60.2"x,', 1), 2), f"{FIGURES}, line {{line}}, field 'value'", "bad quoting"),
    case("too-few-cells", replace(FIGURES, "2025-05,60.2,,,,,,", "2025-05,60.2,,,"), f"{FIGURES}, line {{line}}, field 'released'", "7 cells where the header has 10"),
    case("too-many-cells", replace(FIGURES, "2025-05,60.2,,,,,,", "2025-05,60.2,,,,,,,,"), f"{FIGURES}, line {{line}}", "12 cells where the header has 10"),
    case("empty-file", write_bytes(TARGETS, lambda d: b"", 1), f"{TARGETS}, line 1", "empty"),
    case("header-misspelt", replace(TARGETS, "id,year,target,floor,", "id,year,target,flor,", 1), f"{TARGETS}, line 1, field 'floor'", "the header lacks floor"),
    case("header-twice", replace(BENCHMARKS, "id,column,value,status,table", "id,column,value,status,table,value", 1), f"{BENCHMARKS}, line 1, field 'value'", "names it twice"),
    case("bom-and-unknown-id", both(write_bytes(FIGURES, _bom, 0), append(FIGURES, figure("50", ident="nope"))), f"{FIGURES}, line {{line}}, field 'id'", "unknown indicator id"),
]

PARAMS_CASES = [
    case("misspelt-params-key", replace(PARAMS, "commentary:\n", "comentary:\n"), f"{PARAMS}, line {{line}}, field 'comentary'", "is not a parameter"),
    case("unknown-commentary-section", replace(PARAMS, "  send: 2025-11/", "  sned: 2025-11/"), f"{PARAMS}, line {{line}}, field 'commentary.sned'", "not a commentary section"),
    case("commentary-path-traversal", replace(PARAMS, "  send: 2025-11/commentary-send.md", "  send: ../../../../etc/passwd"), f"{PARAMS}, line {{line}}, field 'commentary.send'", "outside the params/ folder"),
    case("commentary-absolute-path", replace(PARAMS, "  send: 2025-11/commentary-send.md", "  send: /etc/passwd"), f"{PARAMS}, line {{line}}, field 'commentary.send'", "outside the params/ folder"),
    case("commentary-link-outside", both(link("params/2025-11/secret.md", lambda p: outside(p) / "secret.md"), replace(PARAMS, "  send: 2025-11/commentary-send.md", "  send: 2025-11/secret.md")), f"{PARAMS}, line {{line}}, field 'commentary.send'", "outside the params/ folder"),
    case("commentary-file-missing", replace(PARAMS, "  ics: 2025-11/commentary-ics.md", "  ics: 2025-11/nope.md"), f"{PARAMS}, line {{line}}, field 'commentary.ics'", "no file"),
    case("commentary-not-a-mapping", replace(PARAMS, "commentary:\n  send: 2025-11/commentary-send.md\n  ics: 2025-11/commentary-ics.md\n  education: 2025-11/commentary-education.md", "commentary: [2025-11/commentary-send.md]"), f"{PARAMS}, line {{line}}, field 'commentary'", "should be a mapping"),
    case("month-mismatch", replace(PARAMS, 'month: "2025-11"', 'month: "2025-10"'), f"{PARAMS}, line {{line}}, field 'month'", "not '2025-11'"),
    case("bad-publication-date", replace(PARAMS, 'publication_date: "2025-12-22"', 'publication_date: "22/12/2025"'), f"{PARAMS}, line {{line}}, field 'publication_date'", "a date such as"),
    case("areas-not-a-list", replace(PARAMS, "areas: [kent, ", "areas: kent #"), f"{PARAMS}, line {{line}}, field 'areas'", "should be a list"),
    case("table-notes-not-a-list", replace(PARAMS, "  activity:\n    - Free", "  activity: Free\n  x:\n    - Free"), f"{PARAMS}, line {{line}}, field 'table_notes.activity'", "should be a list"),
    case("params-not-a-mapping", write_bytes(PARAMS, lambda d: b"- just\n- a list\n", 1), f"{PARAMS}, line 1", "should be a mapping"),
    case("params-malformed-yaml", replace(PARAMS, "title: Children", "title: [Children"), PARAMS, "malformed YAML"),
    case("params-not-utf8", write_bytes(PARAMS, lambda d: d.replace(b"Children, Young", b"Children\x96 Young", 1), 5), f"{PARAMS}, line {{line}}", "not UTF-8"),
]

def test_notes_in_params_are_sanitised_too(scratch: Path) -> None:
    from helpers.data.params import load_month_params
    from helpers.render.sanitise import clean_params

    line = replace(PARAMS, "    - Free School Meal averages", '    - <script>alert(1)</script> Free School Meal averages')(scratch)
    code, output = run_cli(scratch, "validate")
    assert code == 0, output
    assert f"WARNING: {PARAMS}, line {line}, field 'table_notes.activity': removed raw HTML '<script>" in output
    notes = clean_params(load_month_params(scratch, "2025-11"))[0].table_notes["activity"]
    assert notes[0].startswith("Free School Meal averages are as at January 2025")


COMMENTARY_ERRORS = [
    case("commentary-unknown-id", replace(SEND, "While 20 week", "### no-such-indicator\n\nWhile 20 week"), f"{SEND}, line {{line}}, field 'heading'", "unknown indicator id"),
    case("commentary-deep-heading", replace(SEND, "While 20 week", "#### deep\n\nWhile 20 week"), f"{SEND}, line {{line}}, field 'heading'", "use '## group'"),
    case("commentary-twice", replace(ICS, "### returner-interviews\n", "### cic-kcc-foster-care\n"), f"{ICS}, line {{line}}, field 'heading'", "already has commentary"),
    case("commentary-not-utf8", write_bytes(SEND, lambda d: d.replace(b"While 20", b"While \x9320", 1), 8), f"{SEND}, line {{line}}, field 'heading'", "not UTF-8"),
]

ROBUSTNESS = [
    case("source-folder-missing", lambda p: 0, "--source: no file or folder nowhere/data", code=2, argv=("ratings", "--month", "2025-11", "--source", "csv:///nowhere/data")),
    case("source-outside-project", lambda p: 0, "--source: ../../etc lies outside", code=2, argv=("ratings", "--month", "2025-11", "--source", "../../etc")),
    case("unknown-area", lambda p: 0, "unknown area 'medway'", code=2, argv=("ratings", "--month", "2025-11", "--area", "medway", "--source", "data")),
    case("month-without-params", lambda p: 0, "params/2031-01.yml is missing", code=2, argv=("run", "--month", "2031-01")),
    case("bad-month", lambda p: 0, "'2025-13' is not a month", code=2, argv=("run", "--month", "2025-13")),
    case("store-is-a-folder", lambda p: (p / "build/scorecard.duckdb").mkdir(parents=True) or 0, "build/scorecard.duckdb", code=2, argv=("store",)),
    case("reports-not-writable", lambda p: (p / "reports").write_text("a file, not a folder") or 0, "scorecard run:", "reports", code=2, argv=("run", "--month", "2025-11")),
]
# fmt: on

CORPUS = NUMBERS + REGISTRY + FORMATS + PARAMS_CASES + COMMENTARY_ERRORS + ROBUSTNESS


def test_corpus_is_large_enough() -> None:
    assert len(CORPUS) + len(INJECTIONS) >= 60


@pytest.mark.parametrize("bad", CORPUS)
def test_bad_input_is_refused_naming_file_line_and_field(scratch: Path, bad: Case) -> None:
    line = bad.edit(scratch)
    code, output = run_cli(scratch, *bad.argv)
    assert code == bad.code, output
    assert "Traceback" not in output
    for words in bad.expect:
        assert words.format(line=line) in output, output
    if bad.argv[0] == "validate":
        assert "ERROR:" in output


# --------------------------------------------------------------------------- commentary


def _entry(text: str) -> Callable[[Path], int]:
    """Replace the text of the SEND commentary's note with ``text`` (line 6)."""
    return replace(SEND, "While 20 week", text + "\n\nWhile 20 week")


# fmt: off
INJECTIONS = [
    pytest.param('<script>alert("x")</script>', "raw HTML '<script>", id="script-element"),
    pytest.param('Text <SCRIPT>alert("x")</SCRIPT> more', "raw HTML '<SCRIPT>", id="script-upper"),
    pytest.param('<img src=x onerror="alert(1)">', "raw HTML '<img", id="img-onerror"),
    pytest.param('<iframe src="https://example.org"></iframe>', "raw HTML '<iframe", id="iframe"),
    pytest.param("[click](javascript:alert(1))", "the link to 'javascript:alert(1)'", id="javascript-link"),
    pytest.param("[click](JaVaScRiPt:alert(1))", "the link to 'JaVaScRiPt", id="javascript-mixed-case"),
    pytest.param("[click](vbscript:msgbox(1))", "the link to 'vbscript", id="vbscript-link"),
    pytest.param("[click](data:text/html;base64,PHNjcmlwdD4=)", "the link to 'data:", id="data-link"),
    pytest.param('[hover]{onmouseover="alert(1)"}', "attributes {onmouseover=alert(1)}", id="attribute-span"),
    pytest.param('[a link](https://example.org){onclick="alert(1)"}', "attributes {onclick=alert(1)} of a link", id="link-attributes"),
    pytest.param('::: {onclick="alert(1)"}\ntext\n:::', "attributes {onclick=alert(1)}", id="fenced-div"),
    pytest.param('<a href="javascript:alert(1)">x</a>', "raw HTML '<a href=", id="raw-anchor"),
    pytest.param('<svg onload="alert(1)"></svg>', "raw HTML '<svg", id="svg-onload"),
    pytest.param('<object data="x.swf"></object>', "raw HTML '<object", id="object"),
    pytest.param("<style>body{display:none}</style>", "raw HTML '<style>", id="style-element"),
    pytest.param("```{=html}\n<script>alert(1)</script>\n```", "raw HTML '<script>", 1, id="raw-html-block"),
    pytest.param('```{=typst}\n#read("/etc/passwd")\n```', "raw typst", 1, id="raw-typst-block"),
    pytest.param("`<script>`{=html}", "raw HTML '<script>'", id="raw-html-inline"),
    pytest.param("![x](https://example.org/x.png)", "an image", id="image"),
    pytest.param("[x](page.html)", "the link to 'page.html'", id="relative-link"),
]
# fmt: on

_FORBIDDEN_HTML = re.compile(
    r"<(script|iframe|frame|img|svg|object|embed|style|link|meta|base|form)\b"
    r"|<[^>]*\son\w+\s*="
    r"|<a\b(?![^>]*href=\"(https?|mailto):)",
    re.IGNORECASE,
)


@pytest.mark.parametrize(
    ("text", "what", "offset"),
    [p if len(p.values) == 3 else pytest.param(*p.values, 0, id=p.id) for p in INJECTIONS],
)
def test_commentary_injection_is_removed_and_reported(
    scratch: Path, text: str, what: str, offset: int
) -> None:
    from helpers.data.params import load_month_params
    from helpers.engine.commentary import parse_commentary
    from helpers.render.sanitise import clean_commentary, publishable

    line = _entry(text)(scratch) + offset
    code, output = run_cli(scratch, "validate")
    assert code == 0, output
    assert "Traceback" not in output
    warning = f"WARNING: {SEND}, line {line}, field 'note': removed {what}"
    assert warning in output, output
    path = load_month_params(scratch, "2025-11").commentary["send"]
    cleaned, _ = clean_commentary(parse_commentary(path), path)
    page = publishable(cleaned.note)
    assert not _FORBIDDEN_HTML.search(page.html), page.html
    for forbidden in ("javascript:", "vbscript:", "data:", "{=", "<"):
        assert forbidden not in page.markdown.lower(), page.markdown
    assert "While 20 week" in page.html and "While 20 week" in page.markdown


def test_allowed_subset_is_kept(scratch: Path) -> None:
    from helpers.render.sanitise import clean_markdown, publishable

    text = "Some *emphasis*, **strong**, a [link](https://example.org) and [mail](mailto:a@b.c).\n\n- one\n- two\n\n1. first\n2. second"
    (cleaned,) = clean_markdown([text])
    assert cleaned.removals == ()
    page = publishable(cleaned.markdown)
    for element in (
        "<em>",
        "<strong>",
        '<a href="https://example.org">',
        '<a href="mailto:a@b.c">',
        "<ul>",
        "<ol",
    ):
        assert element in page.html


# --------------------------------------------------------------------------- accepted


def _excel(data: bytes) -> bytes:
    """What Excel's "CSV UTF-8" writes: a byte-order mark and CRLF line ends."""
    return b"\xef\xbb\xbf" + data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def test_bom_and_crlf_in_every_csv_give_the_same_ratings(scratch: Path) -> None:
    before_code, before = run_cli(scratch, "ratings", "--month", "2025-11", "--csv")
    assert before_code == 0, before
    for path in (scratch / "data").rglob("*.csv"):
        path.write_bytes(_excel(path.read_bytes()))
    code, output = run_cli(scratch, "validate")
    assert code == 0, output
    after_code, after = run_cli(scratch, "ratings", "--month", "2025-11", "--csv")
    assert after_code == 0, after
    assert after == before
    rows = list(csv.DictReader(io.StringIO(after)))
    assert {r["rag"] for r in rows} >= {"RED", "AMBER", "GREEN"}


def test_bom_and_crlf_in_params_and_commentary_are_accepted(scratch: Path) -> None:
    for path in [scratch / PARAMS, *(scratch / "params/2025-11").glob("*.md")]:
        path.write_bytes(_excel(path.read_bytes()))
    code, output = run_cli(scratch, "validate")
    assert code == 0, output
    assert "WARNING: params" not in output


# --------------------------------------------------------------------------- robustness


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda p: p.write_bytes(os.urandom(4096)), id="corrupt"),
        pytest.param(lambda p: p.write_bytes(b"DUCK" * 100), id="truncated"),
        pytest.param("foreign", id="foreign"),
    ],
)
def test_corrupt_or_foreign_store_is_rebuilt(scratch: Path, spoil) -> None:
    import duckdb

    store = scratch / "build/scorecard.duckdb"
    store.parent.mkdir(parents=True)
    if spoil == "foreign":
        with duckdb.connect(str(store)) as con:
            con.execute("CREATE TABLE something_else AS SELECT 1 AS x")
    else:
        spoil(store)
    code, output = run_cli(scratch, "ratings", "--month", "2025-11", "--csv")
    assert code == 0, output
    assert "cic-kcc-foster-care" in output
    with duckdb.connect(str(store), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM figures").fetchone()[0] > 300


def test_errors_are_capped_per_kind(scratch: Path) -> None:
    path = scratch / FIGURES
    rows = [
        f"ehcp-issued-within-20-weeks,kent,2019-{m:02d},x{n},,,,,,"
        for n in range(100)
        for m in range(1, 13)
    ]
    path.write_text(path.read_text(encoding="utf-8") + "\n".join(rows) + "\n", encoding="utf-8")
    code, output = run_cli(scratch, "validate")
    assert code == 1
    value_lines = [
        line
        for line in output.splitlines()
        if line.startswith(f"ERROR: {FIGURES}, line") and "field 'value'" in line
    ]
    assert len(value_lines) == 50
    more = re.search(rf"ERROR: {FIGURES}, field 'value': and (\d+) more of the same kind", output)
    assert more and int(more.group(1)) >= 1150, output[-500:]
    assert len(output.splitlines()) < 200
