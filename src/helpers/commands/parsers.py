"""The ``scorecard`` command line's parser: every command, its options and their help.

Kept apart from the commands, and light (argparse only), so that parsing the command
line imports nothing else: each command's module is imported once it is chosen.
"""

from __future__ import annotations

import argparse


def _notebook_parser(sub: argparse._SubParsersAction) -> None:
    cmd = sub.add_parser(
        "notebook",
        help="run a notebook of notebooks/ headless with Papermill and write the executed copy",
    )
    cmd.add_argument("name", help="the notebook, e.g. explore or 03-ics-kpis")
    cmd.add_argument(
        "-p",
        "--parameter",
        nargs=2,
        action="append",
        metavar=("KEY", "VALUE"),
        help="set a parameter of the notebook's parameters cell (repeatable)",
    )
    cmd.add_argument(
        "--out", help="where to write the executed copy (default: build/notebooks/NAME.ipynb)"
    )


def _import_options(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("--area", default="kent", help="area of rows without an area (default: kent)")
    cmd.add_argument("--revise", action="store_true", help="allow replacing figures already held")
    cmd.add_argument("--accept", metavar="REASON", help="acknowledge warnings, with the reason")
    cmd.add_argument("--by", metavar="NAME", help="who is importing (default: the OS user)")
    cmd.add_argument("--dry-run", action="store_true", help="check only; write nothing")


def _monthly_parsers(sub: argparse._SubParsersAction) -> None:
    """The monthly cycle's commands (:mod:`helpers.commands.monthly`)."""
    cmd = sub.add_parser("import", help="check a return (.csv or .xlsx) and write its figures")
    cmd.add_argument("file", help="the return: .csv or .xlsx")
    _import_options(cmd)
    cmd = sub.add_parser("pull", help="run the warehouse queries (queries/*.sql) and import")
    cmd.add_argument("--month", required=True, help="report month, e.g. 2025-11")
    cmd.add_argument("--warehouse", required=True, help="SQLAlchemy URL, or 'sample'")
    cmd.add_argument("--source", help="only the queries of this source system")
    _import_options(cmd)
    cmd = sub.add_parser("log", help="print the audit log of imports and pulls")
    cmd.add_argument("--month", help="only figures reported in this month")
    cmd = sub.add_parser("status", help="figures due for a month: received and still owed")
    cmd.add_argument("--month", required=True, help="report month, e.g. 2025-12")
    cmd.add_argument("--area", default="kent", help="area id (default: kent)")
    cmd.add_argument("--csv", action="store_true", help="write CSV to standard output")
    cmd = sub.add_parser("diff", help="what changed from one month's scorecard to another's")
    cmd.add_argument("--month", required=True, help="report month, e.g. 2025-12")
    cmd.add_argument("--against", help="month to compare with (default: the month before)")
    cmd.add_argument("--area", default="kent", help="area id (default: kent)")
    cmd.add_argument("--out", help="CSV to write (default: build/diff/AREA-MONTH-against-M2.csv)")
    cmd = sub.add_parser("template", help="an Excel returns template of the figures owed")
    cmd.add_argument("--month", required=True, help="report month, e.g. 2025-12")
    cmd.add_argument("--area", default="kent", help="area id (default: kent)")
    cmd.add_argument("--source", help="only this source system")
    cmd.add_argument("--out", required=True, help="the .xlsx file to write")


def _edition_parsers(sub: argparse._SubParsersAction) -> None:
    """``approve``, ``publish`` and ``verify`` (:mod:`helpers.commands.editions`)."""
    approve = sub.add_parser("approve", help="check an edition and record its sign-off")
    publish = sub.add_parser("publish", help="publish an approved edition into a folder, once")
    for cmd in (approve, publish):
        cmd.add_argument("--month", required=True, help="report month, e.g. 2025-11")
        cmd.add_argument("--area", default="kent", help="area id (default: kent), or 'all'")
    approve.add_argument("--by", required=True, help="the approver's name")
    approve.add_argument("--note", help="a note kept with the approval")
    approve.add_argument(
        "--accept", metavar="REASON", help="acknowledge the data warnings on the area's figures"
    )
    publish.add_argument(
        "--to", required=True, help="the publication folder, e.g. /share/scorecard"
    )
    publish.add_argument(
        "--supersede", action="store_true", help="replace a published edition, keeping it as v<n>/"
    )
    publish.add_argument("--reason", help="why the edition is superseded (printed on it)")
    verify = sub.add_parser("verify", help="check and re-render every published edition")
    verify.add_argument("--site", required=True, help="the publication folder")
    verify.add_argument("--fresh", action="store_true", help="execute every notebook again")
    verify.add_argument(
        "--files-only", action="store_true", help="check the files against the manifests only"
    )


def parser() -> argparse.ArgumentParser:
    """The ``scorecard`` command line: every command, its options and their help."""
    parser = argparse.ArgumentParser(
        prog="scorecard", description="The CYPE Directorate Scorecard, reproducibly."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("store", help="build build/scorecard.duckdb from the text files in data/")
    check = sub.add_parser(
        "validate", help="check the data files, commentary, the store and ratings"
    )
    check.add_argument(
        "--all", action="store_true", help="list the published editions' known inconsistencies"
    )
    synthetic = sub.add_parser(
        "synthetic", help="regenerate data/synthetic/ (the districts' demonstration data)"
    )
    synthetic.add_argument(
        "--seed", type=int, help="random seed (default: the seed of the committed data)"
    )
    new = sub.add_parser("new-month", help="start params/MONTH.yml from the previous month")
    new.add_argument("month", help="the new report month, e.g. 2025-12")
    for name, text in (
        ("ratings", "print each row's RAG and direction of travel"),
        ("run", "render a draft of the scorecard into reports/MONTH/AREA/"),
    ):
        cmd = sub.add_parser(name, help=text)
        cmd.add_argument("--month", required=True, help="report month, e.g. 2025-11")
        cmd.add_argument(
            "--area",
            default="kent",
            help="area id (default: kent); with run, 'all' renders every area",
        )
        cmd.add_argument("--source", help="data source URL (default: the store, built if needed)")
        if name == "ratings":
            cmd.add_argument("--csv", action="store_true", help="write CSV to standard output")
        else:
            cmd.add_argument(
                "--force",
                action="store_true",
                help="re-execute every notebook even when nothing changed",
            )
            cmd.add_argument(
                "--engine",
                choices=("native", "quarto"),
                default="native",
                help="render with pandoc and Typst (native, the default) or `quarto render`",
            )
    _notebook_parser(sub)
    _monthly_parsers(sub)
    _edition_parsers(sub)
    return parser
