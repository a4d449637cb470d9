"""Documentation that must agree with the code: the rules reference, the README's commands."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from mktplan.report.rules import write_markdown
from mktplan.rules.registry import RULES_BY_ID

from .conftest import ROOT, run_cli


def test_rules_reference_is_fresh() -> None:
    stream = io.StringIO()
    write_markdown(list(RULES_BY_ID.values()), stream)
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == stream.getvalue(), (
        "docs/rules.md is stale: run 'mktplan rules --format md > docs/rules.md'"
    )


def test_every_rule_is_documented_with_examples() -> None:
    for rule in RULES_BY_ID.values():
        assert rule.summary, rule.id
        if rule.check is not None:
            assert "Fails" in rule.doc and "Passes" in rule.doc, rule.id


def _quick_start_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert block is not None, "the Quick start section has no sh block"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_ci_runs_the_readme_quick_start_commands_verbatim() -> None:
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    commands = _quick_start_commands()
    assert len(commands) == 2, commands  # setup plus the main job; the tests
    for command in commands:
        assert command in ci_lines, f"README command not in .ci/run: {command}"


def test_the_quick_start_installs_from_the_lock() -> None:
    setup = _quick_start_commands()[0]
    assert "--require-hashes -r requirements/dev.lock" in setup
    lock = (ROOT / "requirements" / "dev.lock").read_text(encoding="utf-8")
    pins = re.findall(r"^([a-z0-9-]+)==\S+", lock, re.MULTILINE)
    for needed in ("pyyaml", "pydantic", "typer", "jinja2", "python-docx", "xlsxwriter",
                   "openpyxl",
                   "setuptools", "wheel", "pytest"):
        assert needed in pins, needed
    assert lock.count("--hash=sha256:") >= len(pins)


def _review_section() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split("### `mktplan review`", 1)[1].split("\n### ", 1)[0]


def test_the_readme_review_commands_run_as_shown(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    section = _review_section()
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert block is not None
    commands = [line.split("#", 1)[0].split() for line in block.group(1).splitlines()]
    plan = "examples/douyin-account.zh-CN.yaml"
    runnable = [words for words in commands if words[2:3] == [plan]]
    assert len(runnable) == 3, commands
    monkeypatch.chdir(ROOT)
    outputs = []
    for words in runnable:
        words = [str(tmp_path) + "/" if word == "build/" else word for word in words]
        code, out, err = run_cli(*words[1:])
        assert code == 1, (words, err)  # the example overspends on purpose
        outputs.append(out)
    assert (tmp_path / "xingmang-douyin-2027-review.xlsx").exists()
    assert outputs[1].startswith("# 星芒少女团抖音账号 2027 年度运营计划月度复盘")
    shown = re.search(r"```text\n\$ (.*?)\n(.*?)```", section, re.DOTALL)
    assert shown is not None
    assert shown.group(1).split()[1:] == runnable[0][1:]
    for line in shown.group(2).splitlines():
        if line != "…":
            assert line in outputs[0].splitlines(), line
