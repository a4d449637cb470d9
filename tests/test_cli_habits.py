"""The habits people bring from other command-line tools: -V, help, completion, -, NO_COLOR."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.main import get_command

from mktplan import __version__
from mktplan.cli import app
from mktplan.commands.completion import completion_script

from .conftest import EXAMPLES, FIXTURES, run_cli, write_file

BASE = (FIXTURES / "_base.yaml").read_text(encoding="utf-8")
EXAMPLE = EXAMPLES / "sme-growth.en.yaml"
ANY_ESCAPE = re.compile(r"\x1b\[")
#: how Typer writes a parameter's Python type in help: <list[Path]>, <path>, <int range>
PYTHON_TYPE = re.compile(r"<(?:list\[|path>|str>|int>|int range>|float|bool>|[a-z]+\|)")
COMMANDS = list(get_command(app).commands)  # type: ignore[attr-defined]  # a group

pytestmark = pytest.mark.usefixtures("plain_terminal")


def console(*args: str | Path, stdin: str = "",
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The real console script (``python -m mktplan``) in a fresh interpreter."""
    return subprocess.run([sys.executable, "-m", "mktplan", *map(str, args)], input=stdin,
                          capture_output=True, text=True, check=False, env=env)


# -- version and help ------------------------------------------------------------------


@pytest.mark.parametrize("flag", ["-V", "--version"])
def test_the_version(flag: str) -> None:
    assert run_cli(flag)[:2] == (0, f"mktplan {__version__}\n")


def test_commands_are_listed_in_the_order_people_use_them() -> None:
    out = run_cli("--help")[1]
    listed = re.findall(r"^  ([a-z]+) ", out.split("Commands:")[1], re.MULTILINE)
    assert listed[:7] == ["init", "check", "build", "diff", "review", "rules", "schema"]
    assert "textconv" not in listed
    assert "textconv" in COMMANDS  # hidden, not gone: git calls it


@pytest.mark.parametrize("command", COMMANDS)
def test_help_shows_plain_metavars(command: str) -> None:
    code, out, _ = run_cli(command, "--help")
    assert code == 0
    assert not PYTHON_TYPE.search(out), out
    assert "{" not in out.split("\n\n")[0], out  # the usage line: PATH..., not {PATH}...


def test_arguments_read_as_people_write_them() -> None:
    assert run_cli("check", "--help")[1].startswith("Usage: mktplan check [OPTIONS] PATH...\n")
    assert "  PATH...  Plan files" in run_cli("build", "--help")[1]
    assert "Usage: mktplan rules [OPTIONS] [RULE-ID|FAMILY]\n" in run_cli("rules", "--help")[1]
    assert "-o, --output DIR|FILE" in run_cli("build", "--help")[1]


# -- shell completion ------------------------------------------------------------------


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_prints_the_script(shell: str) -> None:
    code, out, _ = run_cli("completion", shell)
    assert code == 0
    assert out == completion_script(shell) + "\n"
    assert "_MKTPLAN_COMPLETE=complete_" + shell in out
    assert "mktplan" in out


def test_an_unknown_shell_is_a_usage_error() -> None:
    code, _, err = run_cli("completion", "tcsh")
    assert code == 2
    assert "bash" in err


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_bash_completes_commands_and_options_through_the_script() -> None:
    script = console("completion", "bash").stdout
    wrapper = Path(sys.executable).parent / "mktplan"
    program = str(wrapper) if wrapper.exists() else "mktplan"

    def complete(*words: str) -> list[str]:
        probe = (f"{script}\nmktplan() {{ {program} \"$@\"; }}\n"
                 f"COMP_WORDS=({' '.join(words)}); COMP_CWORD={len(words) - 1}\n"
                 "_mktplan_completion mktplan; printf '%s\\n' \"${COMPREPLY[@]}\"")
        done = subprocess.run(["bash", "-c", probe], capture_output=True, text=True,
                              check=False)
        return done.stdout.split()

    assert complete("mktplan", "bu") == ["build"]
    assert "--strict" in complete("mktplan", "check", "--st")
    assert "--skip-non-plans" in complete("mktplan", "check", "--s")


def test_zsh_and_fish_get_their_answers_too() -> None:
    zsh = console(env=_completing("complete_zsh", "mktplan ini"))
    assert "init" in zsh.stdout
    fish = console(env={**_completing("complete_fish", "mktplan sch"),
                        "_TYPER_COMPLETE_FISH_ACTION": "get-args"})
    assert "schema" in fish.stdout


def _completing(instruction: str, line: str) -> dict[str, str]:
    import os

    return {**os.environ, "_MKTPLAN_COMPLETE": instruction, "_TYPER_COMPLETE_ARGS": line}


# -- standard input --------------------------------------------------------------------


def test_check_reads_a_plan_from_standard_input() -> None:
    clean = console("check", "-", stdin=BASE)
    assert (clean.returncode, clean.stdout) == (0, "The plan is clean\n")
    broken = console("check", "-", "--format", "json", stdin=BASE.replace("kpi: uv", "kpi: uvv"))
    assert broken.returncode == 1
    assert '"path": "<stdin>"' in broken.stdout
    assert '"rule": "references-unknown-id"' in broken.stdout


def test_standard_input_beside_files(tmp_path: Path) -> None:
    plan = write_file(tmp_path, "plan.yaml", BASE)
    done = console("check", plan, "-", stdin=BASE.replace("kpi: uv", "kpi: uvv"))
    assert done.returncode == 1
    assert done.stdout.startswith("<stdin>:")
    assert done.stdout.rstrip().endswith("1 error in 1 of 2 files")


def test_standard_input_over_the_size_limit_is_refused() -> None:
    import os

    done = console("check", "-", stdin=BASE, env={**os.environ, "MKTPLAN_MAX_BYTES": "100"})
    assert done.returncode == 1
    assert "<stdin>:1:1: error [schema-file-too-large]" in done.stdout


def test_build_reads_a_plan_from_standard_input(tmp_path: Path) -> None:
    done = console("build", "-", "-o", tmp_path / "plan.md", stdin=EXAMPLE.read_text("utf-8"))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "plan.md").read_text("utf-8").startswith("# ")


def test_diff_reads_one_side_from_standard_input(tmp_path: Path) -> None:
    old = write_file(tmp_path, "old.yaml", BASE)
    done = console("diff", old, "-", "--format", "md", "--exit-code",
                   stdin=BASE.replace('amount: "75万"', 'amount: "70万"'))
    assert done.returncode == 1, done.stderr
    assert "700,000" in done.stdout


# -- formats and outputs ---------------------------------------------------------------


def test_markdown_is_md_everywhere(tmp_path: Path) -> None:
    plan = write_file(tmp_path, "plan.yaml", BASE)
    code, _, err = run_cli("build", plan, "-f", "markdown", "-o", tmp_path / "out")
    assert code == 0, err
    assert [path.suffix for path in (tmp_path / "out").iterdir()] == [".md"]
    assert run_cli("diff", plan, plan, "-f", "markdown")[1] == run_cli("diff", plan, plan,
                                                                       "-f", "md")[1]
    assert run_cli("rules", "-f", "markdown")[1] == run_cli("rules", "-f", "md")[1]


def test_an_output_file_builds_that_one_file(tmp_path: Path) -> None:
    plan = write_file(tmp_path, "plan.yaml", BASE)
    code, out, err = run_cli("build", plan, "-o", tmp_path / "report.docx")
    assert code == 0, err
    assert [path.name for path in tmp_path.iterdir() if path.name != "plan.yaml"] == [
        "report.docx"]
    assert f"written {tmp_path / 'report.docx'}" in out
    code, out, _ = run_cli("build", plan, "-o", tmp_path / "report.docx", "--check")
    assert code == 0
    assert "1 file checked, all up to date" in out


def test_an_output_file_with_other_formats_or_plans_is_a_usage_error(tmp_path: Path) -> None:
    plan = write_file(tmp_path, "plan.yaml", BASE)
    other = write_file(tmp_path, "other.yaml", BASE.replace("id: base", "id: other"))
    code, _, err = run_cli("build", plan, "-o", tmp_path / "report.docx", "-f", "docx,md")
    assert code == 2
    assert "names one .docx file" in err
    code, _, err = run_cli("build", plan, other, "-o", tmp_path / "report.md")
    assert code == 2
    assert "2 files are to be built" in err
    assert not (tmp_path / "report.md").exists()


def test_a_folder_named_like_a_file_stays_a_folder(tmp_path: Path) -> None:
    plan = write_file(tmp_path, "plan.yaml", BASE)
    (tmp_path / "out.md").mkdir()
    code, _, err = run_cli("build", plan, "-o", tmp_path / "out.md", "-f", "md")
    assert code == 0, err
    assert [path.suffix for path in (tmp_path / "out.md").iterdir()] == [".md"]


# -- NO_COLOR --------------------------------------------------------------------------


def test_no_color_removes_every_escape_code_from_a_forced_terminal(tmp_path: Path) -> None:
    plan = write_file(tmp_path, "plan.yaml", BASE.replace("kpi: uv", "kpi: uvv"))
    changed = write_file(tmp_path, "new.yaml", BASE.replace("by the end of June",
                                                            "by the end of July"))
    old = write_file(tmp_path, "old.yaml", BASE)
    for args in (("check", plan), ("diff", old, changed), ("rules",), ("rules", "smart")):
        forced = run_cli(*args, env={"FORCE_COLOR": "1"})[1]
        assert ANY_ESCAPE.search(forced), args  # bold, dim or colour on a forced terminal
        plain = run_cli(*args, env={"FORCE_COLOR": "1", "NO_COLOR": "1"})[1]
        assert not ANY_ESCAPE.search(plain), (args, plain)
    assert "[-June-]{+July+}" in run_cli("diff", old, changed,
                                         env={"FORCE_COLOR": "1", "NO_COLOR": "1"})[1]


def test_an_empty_no_color_is_not_set() -> None:
    plan_line = run_cli("rules", env={"FORCE_COLOR": "1", "NO_COLOR": ""})[1]
    assert ANY_ESCAPE.search(plan_line)
