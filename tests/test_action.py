"""The GitHub Action (action.yml): its steps, run in a temporary git repository.

A runner is simulated as GitHub runs a composite action: each ``run`` step is a bash
script (``bash --noprofile --norc -eo pipefail``) in the workspace, with the variables
GitHub sets (``GITHUB_EVENT_NAME``, ``GITHUB_BASE_REF``, ``GITHUB_STEP_SUMMARY``,
``GITHUB_PATH`` …), its ``${{ … }}`` expressions filled in, its ``if:`` decided, and
``GITHUB_PATH`` prepended to the next steps' ``PATH``. The action installs mktplan from
a copy of this repository for real (a wheel is built and installed into a new virtual
environment); only its dependencies come from the test environment instead of the
package index, through ``PYTHONPATH``, since tests do not download.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import FIXTURES, ROOT, repository_copy

BASE = (FIXTURES / "_base.yaml").read_text(encoding="utf-8")
#: a warning: 15% of the budget in no line
UNALLOCATED = BASE.replace('amount: "75万"', 'amount: "60万"')
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
_EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")

pytestmark = pytest.mark.skipif(shutil.which("git") is None or shutil.which("bash") is None,
                                reason="needs git and bash")


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com",
                           "-c", "init.defaultBranch=main", *args], cwd=cwd,
                          capture_output=True, text=True, check=True)
    return done.stdout


@dataclass
class Runner:
    """A simulated GitHub runner: the contexts, the files it hands the steps, their PATH."""

    workspace: Path
    temp: Path
    inputs: dict[str, str]
    github: dict[str, str]
    path: list[str] = field(default_factory=list)
    outcomes: dict[str, subprocess.CompletedProcess[str] | None] = field(default_factory=dict)

    def value(self, expression: str) -> Any:
        """An expression of the kinds action.yml uses: contexts, ==, &&, ||, !, status."""
        python = expression
        for name, replacement in (("&&", " and "), ("||", " or "), ("!cancelled()", "True"),
                                  ("always()", "True"), ("success()", "ok")):
            python = python.replace(name, replacement)
        python = re.sub(r"!(?!=)", " not ", python)
        python = re.sub(r"\b(inputs|github)\.([\w-]+)",
                        lambda m: repr(getattr(self, m[1])[m[2]]), python)
        return eval(python, {"ok": self.ok})  # our own action's expressions, no one else's

    @property
    def ok(self) -> bool:
        return all(done is None or done.returncode == 0 for done in self.outcomes.values())

    def fill(self, text: str) -> str:
        return _EXPRESSION.sub(lambda match: str(self.value(match[1])), text)

    def environment(self) -> dict[str, str]:
        env = {name: value for name, value in os.environ.items()
               if not name.startswith(("GITHUB_", "RUNNER_", "VIRTUAL_ENV"))}
        env.update({
            "CI": "true", "GITHUB_ACTIONS": "true",
            "GITHUB_EVENT_NAME": self.github["event_name"],
            "GITHUB_BASE_REF": self.github.get("base_ref", ""),
            "GITHUB_HEAD_REF": self.github.get("head_ref", ""),
            "GITHUB_WORKSPACE": str(self.workspace),
            "GITHUB_ACTION_PATH": self.github["action_path"],
            "GITHUB_STEP_SUMMARY": str(self.temp / "summary.md"),
            "GITHUB_PATH": str(self.temp / "path.txt"),
            "RUNNER_TEMP": str(self.temp),
            # the package index's part: mktplan's dependencies, from the test environment
            "PYTHONPATH": sysconfig.get_paths()["purelib"],
            "PIP_NO_INDEX": "1", "PIP_NO_BUILD_ISOLATION": "0",
            "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        })
        env["PATH"] = os.pathsep.join([*self.path, env["PATH"]])
        return env

    def run(self, step: dict[str, Any]) -> subprocess.CompletedProcess[str] | None:
        """Run one step as GitHub would; None when its ``if:`` leaves it out."""
        condition = step.get("if")
        if condition:  # written bare or as ${{ … }}
            wrapped = _EXPRESSION.fullmatch(condition.strip())
            condition = wrapped[1] if wrapped else condition
        wanted = self.value(condition) if condition else self.ok
        if not wanted:
            self.outcomes[step["name"]] = None
            return None
        env = self.environment()
        env.update({name: self.fill(str(value)) for name, value in step.get("env", {}).items()})
        script = self.temp / "step.sh"
        script.write_text(self.fill(step["run"]), encoding="utf-8")
        done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
                              cwd=self.workspace, env=env, capture_output=True, text=True,
                              check=False)
        added = self.temp / "path.txt"
        if added.exists():
            self.path = [*reversed(added.read_text("utf-8").split()), *self.path]
        self.outcomes[step["name"]] = done
        return done

    @property
    def summary(self) -> str:
        written = self.temp / "summary.md"
        return written.read_text("utf-8") if written.exists() else ""


def steps(*names: str) -> list[dict[str, Any]]:
    found = {step["name"]: step for step in ACTION["runs"]["steps"]}
    return [found[name] for name in names]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """The action's copy of this repository, and the PATH its install step leaves."""
    action = repository_copy(tmp_path_factory.mktemp("action"))
    temp = tmp_path_factory.mktemp("runner")
    runner = Runner(temp, temp, {"python": sys.executable},
                    {"event_name": "push", "action_path": str(action)})
    (done,) = [runner.run(step) for step in steps("Install mktplan")]
    assert done is not None and done.returncode == 0, done and done.stderr
    assert done.stdout.strip().endswith("mktplan 0.1.0")
    return action, runner.path


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """A clone of an 'origin' whose main has plans, on a pull request's branch."""
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "--bare", str(origin))
    work = tmp_path / "work"
    git(tmp_path, "init", str(work))
    for name, text in {"plans/acme.yaml": BASE,
                       "plans/old-name.yaml": BASE.replace("id: base", "id: other"),
                       ".github/workflows/ci.yml": "on: push\njobs: {}\n",
                       "notes.yaml": "not: a plan\n"}.items():
        (work / name).parent.mkdir(parents=True, exist_ok=True)
        (work / name).write_text(text, encoding="utf-8")
    git(work, "add", "-A")
    git(work, "commit", "-qm", "plans")
    git(work, "remote", "add", "origin", str(origin))
    git(work, "push", "-q", "origin", "main")
    git(work, "checkout", "-qb", "feature")
    (work / "plans" / "acme.yaml").write_text(UNALLOCATED, encoding="utf-8")
    (work / "plans" / "new.yaml").write_text(BASE.replace("id: base", "id: new"), "utf-8")
    git(work, "mv", "plans/old-name.yaml", "plans/renamed.yaml")
    (work / ".github" / "workflows" / "ci.yml").write_text("on: [push]\njobs: {}\n", "utf-8")
    git(work, "add", "-A")
    git(work, "commit", "-qm", "change the plans")
    git(work, "update-ref", "-d", "refs/remotes/origin/main")  # the step must fetch it
    return work


def pull_request(repository: Path, installed: tuple[Path, list[str]],
                 **inputs: str) -> Runner:
    action, path = installed
    temp = repository.parent / "runner"
    temp.mkdir()
    defaults = {name: spec.get("default", "") for name, spec in ACTION["inputs"].items()}
    runner = Runner(repository, temp, {**defaults, **inputs},
                    {"event_name": "pull_request", "base_ref": "main", "head_ref": "feature",
                     "action_path": str(action)}, list(path))
    for step in steps("Check plans", "Summarise changed plans"):
        runner.run(step)
    return runner


def test_the_action_is_a_composite_that_installs_from_its_own_checkout() -> None:
    assert ACTION["runs"]["using"] == "composite"
    assert [step["name"] for step in ACTION["runs"]["steps"]] == [
        "Install mktplan", "Check plans", "Summarise changed plans"]
    install = steps("Install mktplan")[0]
    assert install["env"]["MKTPLAN_SOURCE"] == "${{ github.action_path }}"
    for step in ACTION["runs"]["steps"]:  # inputs reach scripts as variables, never as code
        assert "${{" not in step["run"], step["name"]


def test_a_pull_request_gets_annotations_and_a_summary_of_each_changed_plan(
        repository: Path, installed: tuple[Path, list[str]]) -> None:
    runner = pull_request(repository, installed)
    check = runner.outcomes["Check plans"]
    assert check is not None and check.returncode == 0, check.stderr
    assert re.search(r"^::warning file=plans/acme\.yaml,line=\d+,col=\d+,"
                     r"title=budget-unallocated::", check.stdout, re.MULTILINE), check.stdout
    summary = runner.summary
    assert summary.startswith("## mktplan: what changed in the plans\n")
    assert ("### Plan diff: refs/remotes/origin/main:plans/acme.yaml → plans/acme.yaml"
            in summary)
    assert "| Unallocated | CNY 0 | CNY 150,000 |" in summary
    assert "### New plan: `plans/new.yaml`" in summary
    assert "refs/remotes/origin/main:plans/old-name.yaml → plans/renamed.yaml" in summary
    assert "ci.yml" not in summary and "notes.yaml" not in summary


def test_strict_fails_the_check_and_still_writes_the_summary(
        repository: Path, installed: tuple[Path, list[str]]) -> None:
    runner = pull_request(repository, installed, strict="true")
    check = runner.outcomes["Check plans"]
    assert check is not None and check.returncode == 1
    summary_step = runner.outcomes["Summarise changed plans"]
    assert summary_step is not None and summary_step.returncode == 0
    assert "plans/acme.yaml" in runner.summary


def test_a_broken_plan_is_annotated_and_the_summary_says_it_could_not_compare(
        repository: Path, installed: tuple[Path, list[str]]) -> None:
    (repository / "plans" / "acme.yaml").write_text(BASE.replace("meta:\n", "meta: [\n"),
                                                   encoding="utf-8")
    runner = pull_request(repository, installed, paths="plans")
    check = runner.outcomes["Check plans"]
    assert check is not None and check.returncode == 1
    assert "::error file=plans/acme.yaml" in check.stdout
    assert "mktplan could not compare `plans/acme.yaml` with `plans/acme.yaml`" in runner.summary
    assert "### New plan: `plans/new.yaml`" in runner.summary


def test_only_the_paths_given_are_checked_and_summarised(
        repository: Path, installed: tuple[Path, list[str]]) -> None:
    runner = pull_request(repository, installed, paths="plans/new.yaml")
    check = runner.outcomes["Check plans"]
    assert check is not None and (check.returncode, check.stdout) == (0, "")
    assert runner.summary == "## mktplan: what changed in the plans\n\n### New plan: " \
                             "`plans/new.yaml`\n\n"


def test_a_push_writes_no_summary(repository: Path, installed: tuple[Path, list[str]]) -> None:
    action, path = installed
    temp = repository.parent / "runner"
    temp.mkdir()
    runner = Runner(repository, temp, {"paths": ".", "strict": "false", "summary": "true"},
                    {"event_name": "push", "action_path": str(action)}, list(path))
    for step in steps("Check plans", "Summarise changed plans"):
        runner.run(step)
    assert runner.outcomes["Summarise changed plans"] is None
    assert runner.summary == ""


def test_a_base_that_cannot_be_fetched_is_a_warning(
        repository: Path, installed: tuple[Path, list[str]]) -> None:
    git(repository, "remote", "set-url", "origin", str(repository.parent / "gone.git"))
    runner = pull_request(repository, installed)
    done = runner.outcomes["Summarise changed plans"]
    assert done is not None and done.returncode == 0
    assert "::warning title=mktplan::cannot fetch main" in done.stdout
