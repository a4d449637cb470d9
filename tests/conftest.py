"""Shared pytest fixtures and helpers."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from mktplan.cli import app
from mktplan.load import parse_yaml
from mktplan.rules.pipeline import CheckedPlan, check_document

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# mutation testing (README, "Mutation testing") runs the tests slowly, through mutmut's
# trampolines on a shared machine: no deadline there (pytest --hypothesis-profile=mutation)
settings.register_profile("mutation", deadline=None)
EXAMPLES = ROOT / "examples"


def check_text(text: str, file: str = "plan.yaml") -> CheckedPlan:
    """Check YAML text as if it were a file."""
    return check_document(parse_yaml(text, file))


@pytest.fixture(autouse=True, scope="session")
def _english_messages() -> None:
    """Messages in English whatever the developer's locale; tests of the choice set their own."""
    for variable in ("MKTPLAN_LANG", "LC_ALL", "LC_MESSAGES"):
        os.environ.pop(variable, None)
    os.environ["LANG"] = "C.UTF-8"


@pytest.fixture(autouse=True)
def _no_toc_layout(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Builds in this process number no contents pages unless the test is about them.

    A Word build lays the document out in LibreOffice for those pages, seconds a build;
    the tests marked ``toc_pages`` (and every build in a subprocess) keep the default.
    """
    if request.node.get_closest_marker("toc_pages") is None:
        from mktplan.render import deliverables

        monkeypatch.setattr(deliverables, "DEFAULT_TOC_PAGES", False)


@pytest.fixture(autouse=True, scope="session")
def _template_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Compiled templates go to a temporary folder, not the user's cache."""
    os.environ["MKTPLAN_CACHE_DIR"] = str(tmp_path_factory.mktemp("jinja-cache"))


@pytest.fixture
def base_text() -> str:
    """The clean base plan's text."""
    return (FIXTURES / "_base.yaml").read_text(encoding="utf-8")


def write_file(folder: Path, name: str, text: str) -> Path:
    """Write ``text`` to ``folder/name`` (making folders) and return the path."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def run_cli(*args: str | Path, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """Run the CLI in-process: exit code, stdout, stderr; any crash fails the test."""
    result = CliRunner().invoke(app, [str(arg) for arg in args], env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        result.exception)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def plain_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Outputs must not depend on the colour settings of the machine running the tests."""
    for name in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        monkeypatch.delenv(name, raising=False)


LIBREOFFICE_PACKAGES = (
    "libreoffice-writer-nogui libreoffice-calc-nogui fonts-noto-cjk poppler-utils")


@pytest.fixture(scope="session")
def soffice() -> str:
    """LibreOffice's command: part of the rendering tests, so its absence fails them."""
    path = shutil.which("soffice")
    assert path is not None, (
        f"LibreOffice is part of mktplan's rendering tests: apt-get install {LIBREOFFICE_PACKAGES}"
        " (.ci/run does)")
    return path


def repository_copy(target: Path) -> Path:
    """What git has (tracked files and new ones not ignored), copied into ``target``.

    For builds and installs from "a checkout" that write beside the sources.
    """
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others",
                             "--exclude-standard"], cwd=ROOT, capture_output=True, check=True)
    for name in listed.stdout.decode("utf-8").split("\0"):
        source = ROOT / name
        if name and source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target
