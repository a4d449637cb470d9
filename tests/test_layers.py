"""The layer contract: imports flow one way, and every module of mktplan is in a layer.

The contract itself is ``[tool.importlinter]`` in pyproject.toml, checked by
import-linter (as sqlfluff does): load → model → rules → outputs (report, render, diff,
review) → commands → cli.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

from .conftest import ROOT

PACKAGE = ROOT / "src" / "mktplan"
#: modules outside the layers: the package's own entry points, which nothing imports
UNLAYERED = {"mktplan.__init__", "mktplan.__main__"}


def _layers() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (contract,) = config["tool"]["importlinter"]["contracts"]
    return [name.strip() for layer in contract["layers"]
            for name in layer.replace("|", ":").split(":")]


def test_imports_keep_to_the_layers() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(lint), "--config", "pyproject.toml", "--no-cache"], cwd=ROOT,
                          capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


def test_every_top_level_module_is_in_a_layer() -> None:
    top = {f"mktplan.{path.stem}" for path in PACKAGE.glob("*.py")}
    top |= {f"mktplan.{path.parent.name}" for path in PACKAGE.glob("*/__init__.py")}
    assert sorted(top - UNLAYERED - set(_layers())) == []
