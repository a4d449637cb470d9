"""The shipped pre-commit hook, run by the real ``pre-commit`` in a fresh git repository.

The hook is taken from ``.pre-commit-hooks.yaml`` as shipped, with one change: it runs
as a ``local`` hook with ``language: system``, the console script of this environment
on PATH, instead of ``language: python``, for which pre-commit would install mktplan
into an environment of its own (from the network).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import FIXTURES, ROOT, write_file

BASE = (FIXTURES / "_base.yaml").read_text(encoding="utf-8")
WORKFLOW = """\
name: CI
on: [push]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: make test
"""

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git")


def shipped_hook() -> dict[str, Any]:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook: dict[str, Any] = next(hook for hook in hooks if hook["id"] == "mktplan-check")
    return hook


@pytest.fixture
def repo(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A git repository with the hook installed, and the environment to commit in."""
    folder = tmp_path / "repo"
    folder.mkdir()
    env = {**os.environ,
           "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]]),
           "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
           "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.com",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.com",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
           "NO_COLOR": "1"}
    env.pop("MKTPLAN_MAX_BYTES", None)
    hook = {**shipped_hook(), "language": "system"}
    config = {"repos": [{"repo": "local", "hooks": [hook]}]}
    write_file(folder, ".pre-commit-config.yaml", yaml.safe_dump(config, sort_keys=False))
    write_file(folder, ".github/workflows/ci.yml", WORKFLOW)
    write_file(folder, "plans/acme.yaml", BASE)
    write_file(folder, "docs/mkdocs.yml", "site_name: Plans\nnav: [index.md]\n")
    run(folder, env, "git", "init", "-q")
    run(folder, env, "git", "config", "commit.gpgsign", "false")
    run(folder, env, sys.executable, "-m", "pre_commit", "install")
    return folder, env


def run(folder: Path, env: dict[str, str], *command: str,
        check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True,
                          check=False, timeout=300)
    if check:
        assert done.returncode == 0, done.stdout + done.stderr
    return done


def commits(folder: Path, env: dict[str, str]) -> int:
    done = run(folder, env, "git", "rev-list", "--count", "--all")
    return int(done.stdout.strip() or 0)


def test_the_shipped_hook_passes_over_other_yaml_and_blocks_a_bad_plan(
        repo: tuple[Path, dict[str, str]]) -> None:
    folder, env = repo
    run(folder, env, "git", "add", ".")
    first = run(folder, env, "git", "commit", "-q", "-m", "plans and tooling", check=False)
    assert first.returncode == 0, first.stdout + first.stderr  # the workflow is not a plan
    assert commits(folder, env) == 1

    write_file(folder, "plans/acme.yaml", BASE.replace("kpi: uv", "kpi: uvv"))
    write_file(folder, ".github/workflows/ci.yml", WORKFLOW + "  lint: {runs-on: x}\n")
    run(folder, env, "git", "add", ".")
    blocked = run(folder, env, "git", "commit", "-q", "-m", "a broken plan", check=False)
    output = blocked.stdout + blocked.stderr
    assert blocked.returncode != 0
    assert commits(folder, env) == 1
    assert "plans/acme.yaml:" in output and "error [references-unknown-id] 'uvv'" in output
    assert "ci.yml" not in output
    assert "1 error in 1 file; 1 YAML file without a top-level 'mktplan:' key was passed over" \
        in output


def test_one_summary_tells_what_the_run_checked(repo: tuple[Path, dict[str, str]]) -> None:
    folder, env = repo
    run(folder, env, "git", "add", ".")
    done = run(folder, env, sys.executable, "-m", "pre_commit", "run", "--all-files",
               "--verbose", "--hook-stage", "pre-commit")
    lines = [line for line in done.stdout.splitlines()
             if "clean" in line or "passed over" in line or "error" in line]
    assert lines == ["The plan is clean; 3 YAML files without a top-level 'mktplan:' key "
                     "were passed over"]
