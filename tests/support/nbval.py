"""Re-execute executed notebooks under nbval (fresh kernels) and compare their outputs."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from support import TESTS

SANITIZE = TESTS / "nbval_sanitize.cfg"
"""What nbval masks before comparing (timings, memory addresses, absolute paths)."""


def run_nbval(notebooks: Sequence[Path], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run pytest with nbval over ``notebooks`` (one folder, its root) in ``cwd``."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--nbval",
            "--nbval-kernel-name",
            "python3",
            "--nbval-sanitize-with",
            str(SANITIZE),
            "--rootdir",
            str(notebooks[0].parent),
            *[str(nb) for nb in notebooks],
        ],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
    )
