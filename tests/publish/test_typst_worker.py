"""Typst compiles in a child process: the same PDF, and no cache left in the run's process."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.publish.typst_worker import TypstCompileError, compile_pdf

WHEN = dt.datetime(2025, 12, 22, tzinfo=dt.UTC)


def test_a_child_process_compiles_the_same_bytes_as_typst_itself(tmp_path: Path) -> None:
    source = tmp_path / "doc.typ"
    source.write_text("= Heading\n\nSome text.\n", encoding="utf-8")
    compile_pdf(source, tmp_path / "child.pdf", tmp_path, [], WHEN)
    import typst

    typst.compile(
        str(source), output=str(tmp_path / "here.pdf"), root=str(tmp_path), timestamp=WHEN
    )
    assert (tmp_path / "child.pdf").read_bytes() == (tmp_path / "here.pdf").read_bytes()


def test_the_run_process_never_imports_typst(tmp_path: Path) -> None:
    source = tmp_path / "doc.typ"
    source.write_text("Hello\n", encoding="utf-8")
    code = (
        "import sys, datetime as dt; from pathlib import Path; "
        "from helpers.publish.typst_worker import compile_pdf; "
        f"compile_pdf(Path({str(source)!r}), Path({str(tmp_path / 'out.pdf')!r}), "
        f"Path({str(tmp_path)!r}), [], dt.datetime(2025, 1, 1, tzinfo=dt.UTC)); "
        "print('typst' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
    assert (tmp_path / "out.pdf").read_bytes().startswith(b"%PDF")


def test_a_typst_error_carries_typsts_message(tmp_path: Path) -> None:
    source = tmp_path / "bad.typ"
    source.write_text("#let x = (\n", encoding="utf-8")
    with pytest.raises(TypstCompileError, match="unclosed"):
        compile_pdf(source, tmp_path / "bad.pdf", tmp_path, [], WHEN)
    assert not (tmp_path / "bad.pdf").exists()
