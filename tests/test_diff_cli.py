"""``mktplan diff`` and ``mktplan textconv`` end to end: exit codes, formats, git revisions."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from mktplan.diff.textconv import textconv
from mktplan.files.git import parse_revision_path
from mktplan.load import parse_yaml

from .conftest import FIXTURES, run_cli, write_file

BASE = (FIXTURES / "_base.yaml").read_text(encoding="utf-8")
EDITED = BASE.replace('amount: "75万"', 'amount: "70万"').replace(
    "statement: Grow monthly visits to 30,000 by the end of June",
    "statement: Grow monthly visits to 30,000 by the end of July")
COLOUR_CODE = re.compile(r"\x1b\[[0-9;]*(?:3[0-8]|9[0-7])[0-9;]*m")
ANY_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


pytestmark = pytest.mark.usefixtures("plain_terminal")
write = write_file
run = run_cli


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    return write(tmp_path, "old.yaml", BASE), write(tmp_path, "new.yaml", EDITED)


# -- exit codes and formats -----------------------------------------------------------
def test_differences_exit_0_and_1_under_exit_code(pair: tuple[Path, Path]) -> None:
    old, new = pair
    assert run("diff", old, new)[0] == 0
    assert run("diff", old, new, "--exit-code")[0] == 1
    assert run("diff", old, old, "--exit-code")[0] == 0


def test_the_text_report_lists_the_summary_then_the_changes(pair: tuple[Path, Path]) -> None:
    code, out, err = run("diff", *pair)
    assert (code, err) == (0, "")
    assert out.index("Summary") < out.index("Budget lines: 1 changed")
    assert "amount: CNY 750,000 → CNY 700,000  (-CNY 50,000 (-6.7%))" in out
    assert "by the end of [-June-]{+July+}" in out


def test_a_language_asked_for_wins_over_the_plans_own(pair: tuple[Path, Path]) -> None:
    for asked in (["--lang", "zh-CN"], []):
        env = {} if asked else {"MKTPLAN_LANG": "zh-CN"}
        code, out, _ = run("diff", *pair, *asked, env=env)
        assert code == 0 and out.startswith("计划对比 ")
        assert "汇总" in out and "Summary" not in out
        assert "75万元 → 70万元" in out  # money as the Chinese deliverables write it
    markdown = run("diff", *pair, "--format", "md", "--lang", "zh-CN")[1]
    assert markdown.startswith("### 计划对比：")
    assert "| 75万元 | 70万元 | -50,000元（-6.7%） |" in markdown  # full-width, unspaced


def test_colour_follows_the_terminal_and_no_color(pair: tuple[Path, Path]) -> None:
    _, coloured, _ = run("diff", *pair, env={"FORCE_COLOR": "1"})
    assert COLOUR_CODE.search(coloured)
    assert "[-June-]" not in coloured
    _, plain, _ = run("diff", *pair, env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert not COLOUR_CODE.search(plain)
    assert "[-June-]{+July+}" in ANY_ESCAPE.sub("", plain)  # bold and strike may remain


@pytest.mark.parametrize("output_format", ["md", "json"])
def test_machine_and_markdown_formats(pair: tuple[Path, Path], output_format: str) -> None:
    code, out, _ = run("diff", *pair, "--format", output_format)
    assert code == 0
    if output_format == "json":
        data = json.loads(out)
        assert data["summary"]["budget"]["by_category"]["media"]["delta"] == "-50000"
        assert [change["id"] for change in data["changes"]] == ["G1", "ads"]
    else:
        assert out.startswith("### Plan diff")
        assert "<details>" in out


def test_the_format_choices_are_the_reporters_and_need_none_imported() -> None:
    script = ("import sys; from mktplan.commands import diff; "
              "from mktplan.diff.reporters import REPORTERS; print(','.join(REPORTERS)); "
              "print(sorted(m for m in sys.modules if m.startswith('mktplan.diff.report_')))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True)
    assert done.stdout.splitlines() == ["text,md,json", "[]"]
    code, out, _ = run("diff", "--help")
    assert code == 0 and "[text|md|json]" in out


def test_an_unknown_format_is_a_usage_error(pair: tuple[Path, Path]) -> None:
    code, _, err = run("diff", *pair, "--format", "html")
    assert code == 2
    assert "unknown format 'html'" in err


def test_a_missing_file_exits_2(tmp_path: Path) -> None:
    code, out, err = run("diff", write(tmp_path, "old.yaml", BASE), tmp_path / "nope.yaml")
    assert (code, out) == (2, "")
    assert "nope.yaml: no such file" in err


def test_a_side_that_does_not_load_exits_2_with_its_problems(tmp_path: Path) -> None:
    broken = write(tmp_path, "broken.yaml", "mktplan: 1\nmeta: [unclosed\n")
    code, out, err = run("diff", write(tmp_path, "old.yaml", BASE), broken)
    assert (code, out) == (2, "")
    assert "broken.yaml does not load as a plan" in err
    assert "schema-yaml-syntax" in err


def test_a_side_with_rule_errors_is_still_diffed(tmp_path: Path) -> None:
    over = write(tmp_path, "over.yaml", BASE.replace('amount: "75万"', 'amount: "99万"'))
    code, out, _ = run("diff", write(tmp_path, "old.yaml", BASE), over, "--exit-code")
    assert code == 1
    assert "note: the new plan" in out and "has 1 error" in out


def test_the_diff_commands_import_nothing_heavy_for_help() -> None:
    script = ("import sys, mktplan.commands.diff, mktplan.commands.textconv; "
              "print(sorted(m for m in ('pydantic', 'rich', 'yaml') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"


# -- git revisions --------------------------------------------------------------------
def git(repo: Path, *args: str) -> str:
    command = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com",
               "-c", "commit.gpgsign=false", *args]
    return subprocess.run(command, cwd=repo, capture_output=True, text=True, check=True).stdout


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository with plans/acme.yaml committed, then edited in the work tree."""
    git(tmp_path, "init", "-q")
    write(tmp_path, "plans/acme.yaml", BASE)
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "first plan")
    write(tmp_path, "plans/acme.yaml", EDITED)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@needs_git
def test_a_revision_path_is_read_from_git(repo: Path) -> None:
    code, out, err = run("diff", "HEAD:plans/acme.yaml", "plans/acme.yaml", "-f", "json",
                         "--exit-code")
    assert (code, err) == (1, "")
    data = json.loads(out)
    assert data["old"]["file"] == "HEAD:plans/acme.yaml"
    assert [change["id"] for change in data["changes"]] == ["G1", "ads"]


@needs_git
def test_a_revision_path_can_be_relative_to_the_current_folder(
        repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo / "plans")
    assert run("diff", "HEAD:./acme.yaml", "acme.yaml", "--exit-code")[0] == 1


@needs_git
def test_both_sides_can_be_revisions(repo: Path) -> None:
    git(repo, "commit", "-q", "-am", "edit")
    assert run("diff", "HEAD~1:plans/acme.yaml", "HEAD:plans/acme.yaml", "--exit-code")[0] == 1
    assert run("diff", "HEAD:plans/acme.yaml", "plans/acme.yaml", "--exit-code")[0] == 0


@needs_git
@pytest.mark.parametrize(("side", "message"), [
    ("nosuchbranch:plans/acme.yaml", "nosuchbranch:plans/acme.yaml: "),
    ("HEAD:plans/missing.yaml", "does not exist in 'HEAD'"),
    ("--output=x:plans/acme.yaml", "is not a git revision"),
])
def test_a_bad_revision_exits_2(repo: Path, side: str, message: str) -> None:
    code, out, err = run("diff", "--", side, "plans/acme.yaml")
    assert (code, out) == (2, "")
    assert message in err
    assert "Traceback" not in err


def commit_big_blob(repo: Path, size: int) -> None:
    """Commit ``plans/big.yaml``, a blob of ``size`` bytes (from a sparse file: fast)."""
    big = repo / "big.tmp"
    with big.open("wb") as handle:
        handle.truncate(size)
    blob = git(repo, "hash-object", "-w", str(big)).strip()
    big.unlink()
    git(repo, "update-index", "--add", "--cacheinfo", f"100644,{blob},plans/big.yaml")
    git(repo, "commit", "-q", "-m", "a big blob")


@needs_git
def test_a_blob_over_the_limit_is_refused_by_its_size_before_it_is_read(
        repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    commit_big_blob(repo, 8 * 1024 * 1024)
    monkeypatch.setenv("MKTPLAN_MAX_BYTES", "1000")
    started: list[list[str]] = []
    real_popen = subprocess.Popen

    def popen(command: list[str], *args: Any, **kwargs: Any) -> Any:
        started.append(command)
        return real_popen(command, *args, **kwargs)

    monkeypatch.setattr("mktplan.files.git.subprocess.Popen", popen)
    code, out, err = run("diff", "HEAD:plans/big.yaml", "plans/acme.yaml")
    assert (code, out) == (2, "")
    assert ("HEAD:plans/big.yaml:1:1: error [schema-file-too-large] the file is 8,388,608 "
            "bytes, over the 1,000-byte limit (raise it with MKTPLAN_MAX_BYTES)") in err
    assert started == [["git", "cat-file", "-s", "HEAD:plans/big.yaml"]]  # not the blob


@needs_git
def test_a_revision_that_grows_past_its_size_is_read_no_further(
        repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import mktplan.files.git

    commit_big_blob(repo, 1024 * 1024)
    real_run_git, real_read = mktplan.files.git._run_git, mktplan.files.git.read_at_most
    asked: list[int] = []

    def run_git(arguments: list[str], *rest: Any) -> bytes:  # as if it moved meanwhile
        return b"10\n" if arguments[:2] == ["cat-file", "-s"] else real_run_git(arguments, *rest)

    def read_at_most(stream: Any, count: int) -> bytes:
        asked.append(count)
        return real_read(stream, count)

    monkeypatch.setattr(mktplan.files.git, "_run_git", run_git)
    monkeypatch.setattr(mktplan.files.git, "read_at_most", read_at_most)
    code, _, err = run("diff", "HEAD:plans/big.yaml", "plans/acme.yaml")
    assert code == 2
    assert "HEAD:plans/big.yaml: the revision changed while it was read; try again" in err
    assert asked == [11]


@needs_git
def test_a_configured_textconv_does_not_change_what_diff_reads(repo: Path) -> None:
    write(repo, ".gitattributes", "*.yaml diff=mktplan\n")
    git(repo, "config", "diff.mktplan.textconv", "tr a-z A-Z <")
    assert run("diff", "HEAD:plans/acme.yaml", "plans/acme.yaml", "--exit-code")[0] == 1


@needs_git
def test_git_diff_shows_plan_level_changes_through_textconv(repo: Path) -> None:
    write(repo, ".gitattributes", "*.yaml diff=mktplan\n")
    command = f"{shlex.quote(sys.executable)} -m mktplan textconv"
    git(repo, "config", "diff.mktplan.textconv", command)
    out = git(repo, "diff", "--no-color")
    assert "-budget.lines[ads].amount: CNY 750,000" in out
    assert "+budget.lines[ads].amount: CNY 700,000" in out
    assert "+summary.budget.by_category.media: CNY 700,000" in out
    assert "+goals[G1].statement: Grow monthly visits to 30,000 by the end of July" in out


# -- textconv -------------------------------------------------------------------------
def _keys_reversed(data: Any) -> Any:
    if isinstance(data, dict):
        return {key: _keys_reversed(value) for key, value in reversed(data.items())}
    if isinstance(data, list):
        return [_keys_reversed(value) for value in data]
    return data


def test_textconv_is_stable_across_key_order_and_yaml_style() -> None:
    data = parse_yaml(BASE).data
    rewritten = yaml.safe_dump(_keys_reversed(data), sort_keys=False, allow_unicode=True,
                               default_flow_style=False)
    assert rewritten != BASE
    assert textconv(rewritten.encode(), "plan.yaml", 10**6) == textconv(
        BASE.encode(), "plan.yaml", 10**6)


def test_textconv_writes_what_values_mean() -> None:
    text = textconv(BASE.encode(), "plan.yaml", 10**6)
    assert "budget.lines[ads].amount: CNY 750,000\n" in text
    assert "budget.lines[salary].cost: CNY 200,000\n" in text
    assert "execution.tasks[T2].end: 2027-03-30\n" in text  # T + 30 days
    assert "goals[G1].deadline: 2027-06-30\n" in text  # M6 as a deadline
    assert "goals[G1].id" not in text


def test_textconv_shows_a_broken_file_as_written(tmp_path: Path) -> None:
    broken = "mktplan: 1\nmeta: {id: x\n"
    code, out, _ = run("textconv", write(tmp_path, "plan.yaml", broken))
    assert code == 0
    assert out.startswith("# mktplan textconv: ")
    assert out.endswith(broken)


def test_textconv_shows_a_plan_with_schema_errors_as_written() -> None:
    text = textconv(BASE.replace("amount: \"75万\"", "amount: lots").encode(), "p.yaml", 10**6)
    assert text.startswith("# mktplan textconv: p.yaml is shown as written")
    assert "amount: lots" in text


def test_textconv_of_a_missing_file_exits_2(tmp_path: Path) -> None:
    code, out, err = run("textconv", tmp_path / "nope.yaml")
    assert (code, out) == (2, "")
    assert err == f"mktplan: {tmp_path / 'nope.yaml'}: no such file\n"


def test_without_git_a_revision_is_a_clear_usage_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    code, out, err = run("diff", "HEAD:plan.yaml", write(tmp_path, "plan.yaml", BASE))
    assert (code, out) == (2, "")
    assert "needs git, which is not installed" in err


@pytest.mark.parametrize(("text", "expected"), [
    ("main:plans/acme.yaml", ("main", "plans/acme.yaml")),
    ("HEAD~1:./acme.yaml", ("HEAD~1", "./acme.yaml")),
    (":acme.yaml", ("", "acme.yaml")),
    ("C:\\plans\\acme.yaml", None),
    ("C:/plans/acme.yaml", None),
    ("acme.yaml", None),
    ("main:", None),
])
def test_revision_paths_are_told_from_file_names(text: str, expected: Any) -> None:
    parsed = parse_revision_path(text)
    assert (None if parsed is None else (parsed.revision, parsed.path)) == expected


def test_plan_text_cannot_drive_the_terminal(tmp_path: Path) -> None:
    sneaky = BASE.replace("item: Douyin ads", 'item: "Douyin\\u202e ads"')  # right-to-left
    _, out, _ = run("diff", write(tmp_path, "old.yaml", BASE),
                    write(tmp_path, "new.yaml", sneaky))
    assert "\u202e" not in out
    assert "Douyin\\u202e ads" in out
