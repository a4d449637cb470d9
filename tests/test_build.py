"""``mktplan build``: outputs, reproducibility, atomic writes, ``--check``, folders, exit codes."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mktplan.cli import app
from mktplan.commands.build import human_size, run_build
from mktplan.errors import UsageError
from mktplan.files.writing import TEMP_PREFIX
from mktplan.model.types import MAX_FILE_ID_LENGTH
from mktplan.registry import registry
from mktplan.render import deliverables
from mktplan.render.deliverables import BuildOptions, FileState, parse_formats, render_plan
from mktplan.render.formats import FORMATS, OutputFormat

from .conftest import FIXTURES

BASE = (FIXTURES / "_base.yaml").read_text(encoding="utf-8")
BROKEN = BASE.replace("kpi: uv", "kpi: uvv")  # references-unknown-id: an error
# every format but the PDF, which LibreOffice makes (not byte for byte reproducible):
# tests/test_pdf.py builds it
AVAILABLE = tuple(name for name, entry in FORMATS.items() if not entry.converted)


def render(view: object, templates: object) -> bytes:
    """A renderer that fails, as a bad user template or a bug would (see ``FAILING``)."""
    raise RuntimeError("renderer failed half-way")


FAILING = OutputFormat("boom", f"{__name__}:render", ".boom")


def write_plan(folder: Path, name: str = "plan.yaml", text: str = BASE) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def run(*args: str | Path, jobs: int | None = 1, formats: str = "md",
        templates: Path | None = None, check: bool = False,
        strict: bool = False, output: Path | None = None) -> tuple[int, str, str]:
    """Run the command's core with captured streams."""
    out, err = io.StringIO(), io.StringIO()
    assert output is not None
    code = run_build([Path(a) for a in args], output, formats, jobs, templates, check, strict,
                     out, err)
    return code, out.getvalue(), err.getvalue()


def leftovers(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"{TEMP_PREFIX}*")) if folder.is_dir() else []


# -- building -----------------------------------------------------------------------------


def test_build_writes_the_markdown_named_by_the_plan_id(tmp_path: Path) -> None:
    plan, out = write_plan(tmp_path), tmp_path / "out"
    code, stdout, stderr = run(plan, output=out)
    assert (code, stderr) == (0, "")
    written = out / "base.md"
    assert written.read_bytes().startswith(b"# Base plan\n")
    assert f"written {written} (" in stdout
    assert "1 file written, 0 unchanged" in stdout


def test_the_longest_plan_id_names_files_any_file_system_can_hold(tmp_path: Path) -> None:
    longest_extension = max(len(output.extension) for output in FORMATS.values())
    # 143: eCryptfs (encrypted home folders), the tightest name limit in common use
    assert MAX_FILE_ID_LENGTH + longest_extension <= 143
    plan_id = "a" * MAX_FILE_ID_LENGTH
    plan = write_plan(tmp_path, text=BASE.replace("  id: base\n", f"  id: {plan_id}\n"))
    code, _, stderr = run(plan, output=tmp_path / "out", formats=",".join(AVAILABLE))
    assert (code, stderr) == (0, "")
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == sorted(
        f"{plan_id}{FORMATS[name].extension}" for name in AVAILABLE)


def test_a_second_build_leaves_identical_files_alone(tmp_path: Path) -> None:
    plan, out = write_plan(tmp_path), tmp_path / "out"
    run(plan, output=out)
    before = (out / "base.md").stat().st_mtime_ns
    code, stdout, _ = run(plan, output=out)
    assert code == 0 and "unchanged" in stdout
    assert (out / "base.md").stat().st_mtime_ns == before


def test_builds_are_reproducible_byte_for_byte(tmp_path: Path) -> None:
    plan = write_plan(tmp_path)
    formats = ",".join(AVAILABLE)
    assert run(plan, output=tmp_path / "a", formats=formats)[0] == 0
    assert run(plan, output=tmp_path / "b", formats=formats)[0] == 0
    first = {p.name: p.read_bytes() for p in (tmp_path / "a").iterdir()}
    second = {p.name: p.read_bytes() for p in (tmp_path / "b").iterdir()}
    assert len(first) == len(AVAILABLE) and first == second


def test_warnings_show_but_build_unless_strict(tmp_path: Path) -> None:
    plan = write_plan(tmp_path, text=BASE.replace("    rationale: Paid short video doubled"
                                                  " traffic in last year's pilot\n", ""))
    code, stdout, _ = run(plan, output=tmp_path / "out")
    assert code == 0 and "smart-rationale-missing" in stdout
    assert (tmp_path / "out" / "base.md").is_file()
    code, stdout, _ = run(plan, output=tmp_path / "strict", strict=True)
    assert code == 1 and "not built" in stdout
    assert not (tmp_path / "strict").exists()


def test_a_failed_check_writes_nothing_and_reports_like_check(tmp_path: Path) -> None:
    plan, out = write_plan(tmp_path, text=BROKEN), tmp_path / "out"
    code, stdout, stderr = run(plan, output=out)
    assert (code, stderr) == (1, "")
    assert f"{plan}:14:10: error [references-unknown-id]" in stdout
    assert not out.exists()


def test_a_good_file_survives_a_rebuild_whose_check_fails(tmp_path: Path) -> None:
    plan, out = write_plan(tmp_path), tmp_path / "out"
    run(plan, output=out)
    good = (out / "base.md").read_bytes()
    write_plan(tmp_path, text=BROKEN.replace("title: Base plan", "title: Changed"))
    assert run(plan, output=out)[0] == 1
    assert (out / "base.md").read_bytes() == good


# -- atomicity ----------------------------------------------------------------------------


@pytest.mark.parametrize("jobs", [1, 2], ids=["in this process", "in a format worker"])
def test_a_renderer_raising_mid_build_writes_no_file_at_all(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int) -> None:
    # a forked format worker inherits the patched registry
    monkeypatch.setattr(deliverables, "FORMATS", registry([*FORMATS.values(), FAILING]))
    plan, out = write_plan(tmp_path), tmp_path / "out"
    # md renders, then boom fails (with jobs=2, in the worker while md renders here)
    code, _, stderr = run(plan, output=out, formats="md,boom", jobs=jobs)
    assert code == 2
    assert "cannot build the .boom file (RuntimeError: renderer failed half-way)" in stderr
    assert not out.exists()


def built_then_changed(tmp_path: Path) -> tuple[Path, Path, bytes]:
    """A plan built once into ``out``, then edited: (plan, out, the first build's base.md)."""
    plan, out = write_plan(tmp_path), tmp_path / "out"
    run(plan, output=out)
    good = (out / "base.md").read_bytes()
    write_plan(tmp_path, text=BASE.replace("title: Base plan", "title: Changed"))
    return plan, out, good


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temp_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan, out, good = built_then_changed(tmp_path)

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    code, _, stderr = run(plan, output=out)
    assert code == 2
    assert f"mktplan: {out / 'base.md'}: cannot write the file (No space left on device)" in stderr
    assert (out / "base.md").read_bytes() == good
    assert leftovers(out) == []


def test_an_interrupt_while_writing_leaves_the_old_file_whole(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan, out, good = built_then_changed(tmp_path)

    def interrupted(source: str, target: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    code, _, stderr = run(plan, output=out)
    assert code == 130 and "interrupted" in stderr
    assert (out / "base.md").read_bytes() == good
    assert leftovers(out) == []


def test_temp_files_of_an_earlier_crash_are_removed_once_old(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    stale = out / f"{TEMP_PREFIX}crash.tmp"  # an older mktplan's name: no owner to ask
    stale.write_bytes(b"half a file")
    assert run(write_plan(tmp_path), output=out)[0] == 0
    assert stale.exists()  # it may be another build's, still being written
    os.utime(stale, (0, 0))
    assert run(write_plan(tmp_path), output=out)[0] == 0
    assert not stale.exists()


def test_an_unwritable_output_folder_exits_2_with_a_message(tmp_path: Path) -> None:
    plan = write_plan(tmp_path)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the output folder should be")
    code, stdout, stderr = run(plan, output=blocker / "out")
    assert code == 2
    assert stderr.startswith(f"mktplan: {blocker / 'out' / 'base.md'}: cannot write the file")
    assert "Traceback" not in stdout + stderr


# -- --check ------------------------------------------------------------------------------


def test_check_fails_when_files_are_missing_or_stale_and_passes_when_fresh(
        tmp_path: Path) -> None:
    plan, out = write_plan(tmp_path), tmp_path / "out"
    code, stdout, _ = run(plan, output=out, check=True)
    assert code == 1 and "missing" in stdout and "1 of 1 file missing or stale" in stdout
    assert not out.exists()  # --check writes nothing
    run(plan, output=out)
    code, stdout, _ = run(plan, output=out, check=True)
    assert code == 0 and "1 file checked, all up to date" in stdout
    (out / "base.md").write_bytes(b"# edited by hand\n")
    code, stdout, _ = run(plan, output=out, check=True)
    assert code == 1 and f"stale {out / 'base.md'} (" in stdout
    assert (out / "base.md").read_bytes() == b"# edited by hand\n"


# -- many plans ---------------------------------------------------------------------------


def test_a_folder_builds_in_parallel_processes(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    for name in ("a", "b", "c"):
        write_plan(plans, f"{name}.yaml", BASE.replace("id: base", f"id: plan-{name}"))
    out = tmp_path / "out"
    code, stdout, stderr = run(plans, output=out, jobs=2)
    assert (code, stderr) == (0, "")
    assert sorted(p.name for p in out.iterdir()) == ["plan-a.md", "plan-b.md", "plan-c.md"]
    serial = tmp_path / "serial"
    assert run(plans, output=serial, jobs=1)[0] == 0
    assert all((serial / p.name).read_bytes() == p.read_bytes() for p in out.iterdir())
    assert stdout.index("plan-a.md") < stdout.index("plan-b.md") < stdout.index("plan-c.md")


@pytest.mark.skipif(len(AVAILABLE) < 2, reason="needs two renderers")
def test_one_plans_formats_render_side_by_side_into_the_same_bytes(tmp_path: Path) -> None:
    plan = write_plan(tmp_path)
    formats = ",".join(AVAILABLE)
    options = BuildOptions(tmp_path / "out", AVAILABLE)
    side_by_side = render_plan(plan, options, jobs=len(AVAILABLE))
    one_by_one = render_plan(plan, options, jobs=1)
    assert side_by_side.problem is None
    assert list(side_by_side.contents) == [FORMATS[name].extension for name in AVAILABLE]
    assert side_by_side.contents == one_by_one.contents
    code, stdout, stderr = run(plan, output=tmp_path / "cli", formats=formats, jobs=2)
    assert (code, stderr) == (0, "")
    assert f"{len(AVAILABLE)} files written" in stdout


def test_one_broken_plan_in_a_folder_fails_the_build_but_not_the_others(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    write_plan(plans, "good.yaml", BASE.replace("id: base", "id: good"))
    write_plan(plans, "bad.yaml", BROKEN.replace("id: base", "id: bad"))
    out = tmp_path / "out"
    code, stdout, _ = run(plans, output=out, jobs=2)
    assert code == 1
    assert [p.name for p in out.iterdir()] == ["good.md"]
    assert f"{plans / 'bad.yaml'}: not built" in stdout


def test_two_plans_with_the_same_id_do_not_overwrite_each_other(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    write_plan(plans, "a.yaml")
    write_plan(plans, "b.yaml", BASE.replace("title: Base plan", "title: Other plan"))
    out = tmp_path / "out"
    code, _, stderr = run(plans, output=out)
    assert code == 2
    assert f"{plans / 'b.yaml'}: its meta.id 'base' is also the id of {plans / 'a.yaml'}" in stderr
    assert f"{plans / 'a.yaml'}: its meta.id 'base' is also the id of {plans / 'b.yaml'}" in stderr
    assert not (out / "base.md").exists()  # neither: the error comes before any file


# -- options and the command line ---------------------------------------------------------


def test_parse_formats() -> None:
    assert parse_formats("md") == ("md",)
    assert parse_formats(" DOCX, md,docx ") == ("docx", "md")
    with pytest.raises(UsageError, match="unknown output format 'odt'; choose from: docx"):
        parse_formats("md,odt")
    with pytest.raises(UsageError):
        parse_formats(" , ")


def test_render_plan_reports_an_unreadable_file_as_a_problem(tmp_path: Path) -> None:
    rendered = render_plan(tmp_path / "missing.yaml", BuildOptions(tmp_path, ("md",)))
    assert rendered.checked is None and rendered.contents == {}
    assert rendered.problem == f"{tmp_path / 'missing.yaml'}: no such file"


def test_a_broken_user_template_is_a_clear_problem_not_a_traceback(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    (templates / "markdown").mkdir(parents=True)
    (templates / "markdown" / "goals.md.j2").write_text(
        "{{ cycler.__init__.__globals__ }}", encoding="utf-8")
    code, _, stderr = run(write_plan(tmp_path), output=tmp_path / "out", templates=templates)
    assert code == 2 and "cannot build the .md file: the Markdown template failed: " in stderr
    assert f"{templates / 'markdown' / 'goals.md.j2'}:1:1: not allowed: type.__init__" in stderr
    assert not (tmp_path / "out").exists()


def test_a_terminal_shows_progress_while_several_plans_build(tmp_path: Path) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    plans = tmp_path / "plans"
    for name in ("a", "b"):
        write_plan(plans, f"{name}.yaml", BASE.replace("id: base", f"id: plan-{name}"))
    progress = Terminal()
    code = run_build([plans], tmp_path / "out", "md", 1, None, False, False, io.StringIO(),
                     progress)
    assert code == 0
    assert "Building" in progress.getvalue()


def test_human_size() -> None:
    assert [human_size(n) for n in (0, 1023, 1024, 1536, 5 * 1024 * 1024)] == [
        "0 B", "1023 B", "1.0 KiB", "1.5 KiB", "5.0 MiB"]


def test_exit_code_prefers_problems_over_findings(tmp_path: Path) -> None:
    options = BuildOptions(tmp_path, ("md",))
    failing = deliverables.render_plan(write_plan(tmp_path, text=BROKEN), options)
    assert failing.checked is not None
    findings_only = deliverables.PlanBuild(tmp_path, failing.checked, [])
    problem = deliverables.PlanBuild(tmp_path, None, [], "disk full")
    assert deliverables.exit_code([findings_only], options) == 1
    assert deliverables.exit_code([findings_only, problem], options) == 2
    fresh = deliverables.PlanBuild(tmp_path, None,
                                   [deliverables.OutputFile(tmp_path, 1, FileState.FRESH)])
    assert deliverables.exit_code([fresh], BuildOptions(tmp_path, ("md",), check_only=True)) == 0


@pytest.mark.parametrize(("args", "code", "message"), [
    (["build", "missing.yaml"], 2, "mktplan: missing.yaml: no such file\n"),
    (["build", "plan.yaml", "--format", "odt"], 2, "unknown output format 'odt'"),
    (["build", "plan.yaml", "--templates", "nowhere"], 2, "the templates folder does not exist"),
    (["build", "plan.yaml", "-j", "0"], 2, "Invalid value for '--jobs'"),
    (["build", "plan.yaml", "-f", "md", "-o", "out"], 0, ""),
])
def test_command_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str],
                      code: int, message: str) -> None:
    monkeypatch.chdir(tmp_path)
    write_plan(tmp_path)
    result = CliRunner().invoke(app, args)
    assert result.exit_code == code, result.output
    assert message in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_folder_build_passes_over_yaml_files_that_are_not_plans(tmp_path: Path,
                                                                  jobs: int) -> None:
    plans = tmp_path / "plans"
    write_plan(plans, "acme.yaml")
    write_plan(plans, "ci.yml", "name: CI\non: [push]\n")
    out = tmp_path / "out"
    code, stdout, stderr = run(plans, jobs=jobs, output=out)
    assert (code, stderr) == (0, "")
    assert [path.name for path in out.iterdir()] == ["base.md"]
    assert stdout.splitlines()[-1] == (
        "1 YAML file without a top-level 'mktplan:' key was passed over")


def test_a_named_yaml_file_that_is_not_a_plan_is_not_built(tmp_path: Path) -> None:
    workflow = write_plan(tmp_path, "ci.yml", "name: CI\non: [push]\n")
    code, stdout, _ = run(workflow, output=tmp_path / "out")
    assert code == 1
    assert "error [schema-version] this file is not a plan" in stdout
    assert not (tmp_path / "out").exists()


def test_a_folder_with_no_plan_to_build_is_a_usage_error(tmp_path: Path) -> None:
    write_plan(tmp_path / "plans", "ci.yml", "name: CI\non: [push]\n")
    code, stdout, stderr = run(tmp_path / "plans", output=tmp_path / "out")
    assert (code, stdout) == (2, "")
    assert stderr == ("mktplan: no plans to build: the one YAML file found has no "
                      "top-level 'mktplan:' key\n")


def test_a_missing_plan_among_others_is_a_problem_and_the_others_are_built(
        tmp_path: Path) -> None:
    plan = write_plan(tmp_path)
    out = tmp_path / "out"
    code, _, stderr = run(plan, tmp_path / "missing.yaml", output=out)
    assert code == 2
    assert stderr == f"mktplan: {tmp_path / 'missing.yaml'}: no such file\n"
    assert (out / "base.md").is_file()
