"""The console script: plain ``check`` lines skip Typer and mean what Typer would read.

:func:`plain_check_request` is a second reader of ``check`` command lines, so the
property test here holds it to Typer's reading for every line it accepts.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from mktplan import launch
from mktplan.cli import app
from mktplan.direct import CheckRequest, plain_check_request, plain_textconv_path

EXAMPLE = Path(__file__).parent.parent / "examples" / "sme-growth.en.yaml"
TOKENS = ("check", "a.yaml", "plans/", "b c.yml", "计划.yaml", "--strict", "--format", "-f",
          "json", "text", "sarif", "bogus", "--format=github", "--format=", "--format=x",
          "-fjson", "-h", "--help", "--", "-", "", "--bogus", "--strict=1", "--version",
          "*.yaml", "plan[1].yaml", "--skip-non-plans", "--skip-non-plans=1", "-v",
          "--verbose", "-vf", "-vv", "--no-verbose")


def typer_arguments(argv: list[str], runner: str) -> tuple[Any, ...] | None:
    """What Typer passes to ``runner`` (a dotted name) for ``argv``; None if it is not run."""
    calls: list[tuple[Any, ...]] = []

    def record(*arguments: Any) -> int:
        calls.append(arguments)
        return 0

    with mock.patch(runner, record):
        CliRunner().invoke(app, argv)
    return calls[0] if calls else None


def typer_reading(argv: list[str]) -> CheckRequest | None:
    """What Typer passes to the checker for ``argv`` (None when it does not run it)."""
    arguments = typer_arguments(argv, "mktplan.commands.check.run_check")
    if arguments is None:
        return None
    request: CheckRequest = arguments[0]
    return request._replace(paths=list(request.paths))


def typer_textconv_reading(argv: list[str]) -> Path | None:
    """The file Typer passes to ``textconv`` for ``argv`` (None when it does not run it)."""
    arguments = typer_arguments(argv, "mktplan.commands.textconv.run_textconv")
    return None if arguments is None else arguments[0]


@pytest.mark.parametrize(("argv", "expected"), [
    (["check", "a.yaml"], CheckRequest([Path("a.yaml")], "text", None)),
    (["check", "--strict", "-f", "json", "a", "b"],
     CheckRequest([Path("a"), Path("b")], "json", True)),
    (["check", "a", "--format=sarif", "b", "--strict"],
     CheckRequest([Path("a"), Path("b")], "sarif", True)),
    (["check", "--format", "github", "计划.yaml"],
     CheckRequest([Path("计划.yaml")], "github", None)),
    (["check", "--skip-non-plans", "a.yaml", "-v"],
     CheckRequest([Path("a.yaml")], "text", None, skip_non_plans=True, verbose=True)),
    (["check", "--verbose", "--strict", "a.yaml"],
     CheckRequest([Path("a.yaml")], "text", True, verbose=True)),
])
def test_plain_lines_are_read_like_typer_reads_them(argv: list[str],
                                                     expected: CheckRequest) -> None:
    assert plain_check_request(argv) == expected
    assert typer_reading(argv) == expected


@pytest.mark.parametrize("argv", [
    [], ["--help"], ["--version"], ["build", "a.yaml"], ["check"], ["check", "--strict"],
    ["check", "--help", "a"], ["check", "-h", "a"], ["check", "-", "a"], ["check", "--", "a"],
    ["check", ""], ["check", "--format", "bogus", "a"], ["check", "--format=", "a"],
    ["check", "-fjson", "a"], ["check", "a", "--format"], ["check", "--strict", "--strict", "a"],
    ["check", "-f", "json", "--format", "text", "a"], ["check", "--bogus", "a"],
    ["check", "plans/*.yaml"], ["check", "plan?.yaml"], ["check", "-v", "-v", "a"],
    ["check", "-v", "--verbose", "a"], ["check", "-vf", "json", "a"],
    ["check", "--skip-non-plans", "--skip-non-plans", "a"], ["check", "--skip-non-plans=1", "a"],
])
def test_everything_else_is_left_to_typer(argv: list[str]) -> None:
    assert plain_check_request(argv) is None


@pytest.mark.parametrize(("argv", "expected"), [
    (["textconv", "/tmp/x/plan.yaml"], Path("/tmp/x/plan.yaml")),
    (["textconv", "计划.yaml"], Path("计划.yaml")),
    (["textconv", "--help"], None), (["textconv", "a", "b"], None), (["textconv"], None),
    (["textconv", ""], None), (["textconv", "-"], None), (["textconv", "p*.yaml"], None),
    (["check", "a.yaml"], None),
])
def test_a_plain_textconv_line_is_read_like_typer_reads_it(argv: list[str],
                                                           expected: Path | None) -> None:
    assert plain_textconv_path(argv) == expected
    if expected is not None:
        assert typer_textconv_reading(argv) == expected


PLAIN_READERS: dict[str, tuple[Callable[[list[str]], object], Callable[[list[str]], object]]] = {
    "check": (plain_check_request, typer_reading),
    "textconv": (plain_textconv_path, typer_textconv_reading),
}


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(sorted(PLAIN_READERS)), st.lists(st.sampled_from(TOKENS), max_size=7))
def test_every_accepted_line_means_what_it_means_to_typer(command: str,
                                                         rest: list[str]) -> None:
    plain_reading, typer_reading_of = PLAIN_READERS[command]
    argv = [command, *rest]
    reading = plain_reading(argv)
    if reading is not None:
        assert typer_reading_of(argv) == reading


def test_a_plain_textconv_imports_no_typer() -> None:
    probe = ("import sys; from mktplan.launch import run; "
             f"code = run(['textconv', {str(EXAMPLE)!r}]); sys.stdout.flush(); "
             "print(code, 'typer' in sys.modules, file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=False)
    assert done.stderr == "0 False\n"
    assert "goals" in done.stdout


def console(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the console script's entry point in a fresh interpreter."""
    return subprocess.run([sys.executable, "-m", "mktplan", *args], capture_output=True,
                          text=True, check=False)


def test_a_plain_check_imports_no_typer_asyncio_or_difflib() -> None:
    # asyncio: typing_extensions < 4.16 imported it for pydantic-core's @deprecated
    # functions; difflib: only a "did you mean" needs it
    probe = ("import sys; from mktplan.launch import run; "
             f"code = run(['check', {str(EXAMPLE)!r}]); "
             "print(code, *(m for m in ('typer', 'asyncio', 'difflib') if m in sys.modules), "
             "file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=False)
    assert (done.returncode, done.stdout, done.stderr) == (0, "The plan is clean\n", "0\n")


def test_help_imports_no_parser_models_templates_or_renderers() -> None:
    # the console script's first import (the collector policy) sits in the load package
    probe = ("import sys; from mktplan.load.collector import freeze_what_loading_makes; "
             "from mktplan.launch import run; freeze_what_loading_makes(); run(['--help']); "
             "heavy = ('yaml', 'pydantic', 'jinja2', 'docx', 'xlsxwriter', 'pptx'); "
             "print(*(m for m in heavy if m in sys.modules), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=False)
    assert "Usage" in done.stdout
    assert done.stderr == "\n"


def test_other_lines_still_reach_typer() -> None:
    helped = console("check", "--help")
    assert helped.returncode == 0
    assert "--strict" in helped.stdout
    wrong = console("check", "--format", "bogus", str(EXAMPLE))
    assert wrong.returncode == 2
    assert "unknown format 'bogus'" in wrong.stderr


def test_a_closed_pipe_ends_quietly_with_exit_1() -> None:
    reader, writer = os.pipe()
    os.close(reader)  # like `mktplan check … | head` after head has exited
    try:
        done = subprocess.run([sys.executable, "-m", "mktplan", "check", "--format", "json",
                               str(EXAMPLE)], stdout=writer, stderr=subprocess.PIPE,
                              text=True, check=False)
    finally:
        os.close(writer)
    assert done.returncode == 1
    assert done.stderr == ""


def test_a_bug_ends_with_a_message_and_exit_2(monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("MKTPLAN_DEBUG", raising=False)
    with mock.patch("mktplan.direct.run_check", side_effect=ValueError("boom")):
        assert launch.run(["check", str(EXAMPLE)]) == 2
    assert capsys.readouterr().err.startswith("mktplan: internal error (ValueError: boom)")


def test_debug_mode_shows_the_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MKTPLAN_DEBUG", "1")
    with mock.patch("mktplan.direct.run_check", side_effect=ValueError("boom")), \
            pytest.raises(ValueError, match="boom"):
        launch.run(["check", str(EXAMPLE)])


def test_ctrl_c_exits_130_like_typer() -> None:
    with mock.patch("mktplan.direct.run_check", side_effect=KeyboardInterrupt):
        assert launch.run(["check", str(EXAMPLE)]) == 130


def test_typer_commands_give_their_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert launch.run(["rules", "--format", "json"]) == 0
    assert launch.run(["check", "--format", "bogus", str(EXAMPLE)]) == 2
    assert launch.run(["no-such-command"]) == 2
    assert "No such command" in capsys.readouterr().err


@pytest.mark.parametrize(("code", "expected", "printed"), [
    (None, 0, ""), (0, 0, ""), (3, 3, ""), ("stopped", 1, "stopped\n"),
])
def test_exit_codes_follow_sys_exit(code: object, expected: int, printed: str,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    with mock.patch("mktplan.launch._run", side_effect=SystemExit(code)):
        assert launch.run(["rules"]) == expected
    assert capsys.readouterr().err == printed


def test_the_console_script_flushes_before_it_ends(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(EXAMPLE.read_text(encoding="utf-8").replace("kpi: ", "kpi: x", 1),
                    encoding="utf-8")
    done = console("check", "--format", "json", str(plan))
    assert done.returncode == 1
    assert done.stdout.rstrip().endswith("}")  # the whole report, though nothing tore down


def test_a_one_plan_build_loads_neither_pillow_nor_rich(tmp_path: Path) -> None:
    # Pillow: python-pptx imports it for pictures and text fitting, which charts never
    # run (mktplan.render.docx.deferred); rich: only a progress bar over several plans
    probe = ("import sys; from mktplan.launch import run; "
             f"code = run(['build', {str(EXAMPLE)!r}, '-o', {str(tmp_path)!r}, "
             "'-f', 'docx,xlsx,md', '-j', '1', '--no-toc-pages']); "
             "from PIL import Image; lazy = type(Image).__name__; "
             "print(code, lazy, *(m for m in ('PIL._imaging', 'PIL._imagingft', 'rich') "
             "if m in sys.modules), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=False)
    assert done.stderr == "0 _LazyModule\n"
    assert any(tmp_path.glob("*.docx"))


def test_pillow_deferred_is_pillow_when_used() -> None:
    probe = ("import mktplan.render.docx, pptx.parts.image as part; "
             "print(part.PIL_Image.new('RGB', (3, 2)).size)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=False)
    assert done.stdout == "(3, 2)\n", done.stderr
