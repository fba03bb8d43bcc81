"""environment.yml (for conda users) agrees with pyproject.toml (the tested install)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml


def test_environment_matches_pyproject(root: Path) -> None:
    project = tomllib.loads((root / "pyproject.toml").read_text())["project"]
    env = yaml.safe_load((root / "environment.yml").read_text())
    deps = env["dependencies"]
    conda = [d for d in deps if isinstance(d, str)]
    pip = next(d["pip"] for d in deps if isinstance(d, dict))
    python = next(d for d in conda if d.startswith("python"))
    minimum = re.search(r">=\s*(\d+\.\d+)", project["requires-python"]).group(1)
    assert python.split("=")[-1] >= minimum
    assert any(re.fullmatch(r"-e \.\[dev\]|\.\[dev\]", p) for p in pip), pip
    assert any(d.startswith("quarto") for d in conda)
    names = {re.split(r"[<>=\[ ]", d)[0].lower() for d in project["dependencies"]}
    for dep in conda:
        name = re.split(r"[<>= ]", dep)[0].lower()
        assert name in names | {"python", "pip", "quarto", "jupyterlab"}, dep
