"""Packaging: every package listed, templates in the wheel, examples in the sdist, no warnings."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path

import pytest

from mktplan.render.resources import default_templates_dir, shipped_templates

from .conftest import ROOT, repository_copy


def test_every_package_under_src_is_listed() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {
        ".".join(init.parent.relative_to(ROOT / "src").parts)
        for init in (ROOT / "src").rglob("__init__.py")
    }
    template_folders = {f"mktplan.templates.{folder.name}"
                        for folder in default_templates_dir().iterdir() if folder.is_dir()
                        and folder.name != "__pycache__"}
    assert found | {"mktplan.templates"} | template_folders == listed


def test_default_templates_are_found() -> None:
    folder = default_templates_dir()
    assert (folder / "docx" / "report.docx").is_file()
    assert (folder / "i18n" / "zh-CN.yaml").is_file()
    assert (folder / "markdown").is_dir()


# -- building the wheel and the sdist from a copy of the repository ---------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The sdist and wheel of a copy of the repository, and what building them printed."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs the git checkout")
    source = repository_copy(tmp_path_factory.mktemp("checkout"))
    dist = tmp_path_factory.mktemp("dist")
    script = ("import setuptools.build_meta as backend, sys; "
              f"backend.build_sdist({str(dist)!r}); backend.build_wheel({str(dist)!r})")
    env = {key: value for key, value in os.environ.items()
           if key != "PYTHONDONTWRITEBYTECODE"}  # its own 'byte-compiling is disabled' notes
    done = subprocess.run([sys.executable, "-W", "always", "-c", script], cwd=source, env=env,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return dist, done.stdout + done.stderr


def test_the_wheel_and_sdist_build_without_warnings(built: tuple[Path, str]) -> None:
    _, printed = built
    # distutils' "warning: …" notes, and Python warnings ("…: SetuptoolsWarning: …")
    warnings = [line for line in printed.splitlines()
                if re.search(r"^\s*warning:|\w*Warning:", line, re.IGNORECASE)]
    assert warnings == []


def test_the_sdist_holds_the_examples_and_what_the_tests_need(built: tuple[Path, str]) -> None:
    dist, _ = built
    (sdist,) = dist.glob("*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    examples = {path.relative_to(ROOT).as_posix() for path in (ROOT / "examples").rglob("*")
                if path.is_file()}  # the plans and the pictures they name (brand/…)
    assert examples and examples <= names
    assert {"tests/fixtures/_base.yaml", "templates/docx/report.docx", "MANIFEST.in",
            "requirements/dev.lock", "schemas/mktplan.schema.json", "LICENSE"} <= names
    assert not any("__pycache__" in name for name in names)


def test_the_wheel_ships_the_templates_and_no_examples(built: tuple[Path, str]) -> None:
    dist, _ = built
    (wheel,) = dist.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    shipped = {f"mktplan/templates/{name}" for name in shipped_templates()}
    assert shipped <= names
    assert "mktplan/templates/skeletons/sme.zh-CN.yaml" in names
    assert not any(name.startswith(("examples/", "tests/")) for name in names)
