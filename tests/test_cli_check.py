"""The ``check`` command end to end: exit codes, formats, folders, strict mode, bad input."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from mktplan.errors import InputError
from mktplan.load import LoadedDocument

from .conftest import FIXTURES, run_cli, write_file

BASE = (FIXTURES / "_base.yaml").read_text(encoding="utf-8")
UNKNOWN_KPI = BASE.replace("kpi: uv", "kpi: uvv")
#: an error downgraded to a warning by the plan's own rules: section
WARNING_ONLY = (BASE.replace("channel: douyin,", "channel: douyn,")
                + "rules: {references-unknown-id: warning}\n")
#: SGR parameters that set a foreground colour (30-38, 90-97)
COLOUR_CODE = re.compile(r"\x1b\[[0-9;]*(?:3[0-8]|9[0-7])[0-9;]*m")


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


pytestmark = pytest.mark.usefixtures("plain_terminal")
write = write_file
run = run_cli


# -- exit codes ---------------------------------------------------------------------


def test_clean_plan_exits_0(tmp_path: Path) -> None:
    code, out, err = run("check", write(tmp_path, "plan.yaml", BASE))
    assert (code, err) == (0, "")
    assert out.strip() == "The plan is clean"


def test_error_exits_1_and_points_at_the_value(tmp_path: Path) -> None:
    plan = write(tmp_path, "plan.yaml", UNKNOWN_KPI)
    code, out, err = run("check", plan)
    line = line_of(UNKNOWN_KPI, "kpi: uvv")
    assert (code, err) == (1, "")
    header, source, caret = out.splitlines()[:3]
    assert header.startswith(f"{plan}:{line}:10: error [references-unknown-id] 'uvv'")
    assert source.endswith("|     kpi: uvv")
    assert caret.index("^") == source.index("uvv")
    assert out.splitlines()[-1] == "1 error in 1 file"


def test_warnings_pass_unless_strict(tmp_path: Path) -> None:
    plan = write(tmp_path, "plan.yaml", WARNING_ONLY)
    code, out, _ = run("check", plan)
    assert code == 0
    assert "warning [references-unknown-id]" in out
    assert out.splitlines()[-1] == "1 warning in 1 file"
    strict_code, strict_out, _ = run("check", plan, "--strict")
    assert strict_code == 1
    assert strict_out == out


def test_strict_clean_plan_still_exits_0(tmp_path: Path) -> None:
    assert run("check", "--strict", write(tmp_path, "plan.yaml", BASE))[0] == 0


def test_missing_file_is_reported_and_exits_2(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    code, out, err = run("check", missing)
    assert (code, err) == (2, "")
    assert out == (f"{missing}:1:1: error [schema-file-unreadable] no such file\n\n"
                   "The file could not be read\n")


def test_missing_file_among_others_is_reported_and_the_others_checked(tmp_path: Path) -> None:
    plan = write(tmp_path, "plan.yaml", UNKNOWN_KPI)
    code, out, err = run("check", plan, tmp_path / "nope.yaml")
    assert (code, err) == (2, "")
    assert f"{plan}:{line_of(UNKNOWN_KPI, 'kpi: uvv')}:10: error [references-unknown-id]" in out
    assert f"{tmp_path / 'nope.yaml'}:1:1: error [schema-file-unreadable] no such file" in out
    assert out.splitlines()[-1] == "1 of 2 files could not be read; 1 error in the other file"


def test_empty_folder_exits_2(tmp_path: Path) -> None:
    write(tmp_path, "notes.txt", "not a plan")
    code, out, err = run("check", tmp_path)
    assert (code, out) == (2, "")
    assert "holds no *.yaml or *.yml files" in err


def test_unreadable_file_exits_2_and_others_are_still_reported(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import mktplan.rules.pipeline

    good = write(tmp_path, "a.yaml", UNKNOWN_KPI)
    locked = write(tmp_path, "b.yaml", BASE)
    real_read_plan_file = mktplan.rules.pipeline.read_plan_file

    def read_plan_file(path: Path, display: str | None = None) -> LoadedDocument:
        if path == locked:
            raise InputError(str(display), "cannot read (Permission denied)")
        return real_read_plan_file(path, display)

    monkeypatch.setattr(mktplan.rules.pipeline, "read_plan_file", read_plan_file)
    code, out, err = run("check", "--format", "json", tmp_path)
    assert code == 2
    files = json.loads(out)["files"]
    assert [entry["path"] for entry in files] == [str(good), str(locked)]
    assert [f["rule"] for f in files[0]["findings"]] == ["references-unknown-id"]
    assert files[1]["findings"] == [{"rule": "schema-file-unreadable", "severity": "error",
                                     "line": 1, "column": 1, "path": "",
                                     "message": "cannot read (Permission denied)"}]
    assert err == f"mktplan: {locked}: cannot read (Permission denied)\n"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="file permissions do not stop root from reading")
def test_file_without_read_permission_exits_2(tmp_path: Path) -> None:
    plan = write(tmp_path, "plan.yaml", BASE)
    plan.chmod(0)
    try:
        code, out, err = run("check", plan)
    finally:
        plan.chmod(0o644)
    assert (code, out) == (2, "")
    assert err.startswith(f"mktplan: {plan}: cannot read")


def test_good_and_missing_files_give_one_json_document_and_exit_2(tmp_path: Path) -> None:
    good = write(tmp_path, "good.yaml", BASE)
    missing = tmp_path / "missing.yaml"
    code, out, err = run("check", good, missing, "--format", "json")
    assert code == 2
    assert json.loads(out) == {
        "files": [
            {"path": str(good), "findings": []},
            {"path": str(missing), "findings": [{
                "rule": "schema-file-unreadable", "severity": "error", "line": 1,
                "column": 1, "message": "no such file", "path": ""}]},
        ],
        "passed_over": [],
        "summary": {"errors": 1, "warnings": 0, "unreadable": 1},
    }
    assert err == f"mktplan: {missing}: no such file\n"  # for the person reading the log


def test_a_missing_file_is_an_annotation_and_a_sarif_result(tmp_path: Path) -> None:
    good = write(tmp_path, "good.yaml", BASE)
    missing = tmp_path / "missing.yaml"
    code, out, _ = run("check", good, missing, "--format", "github")
    assert code == 2
    assert out == (f"::error file={missing.as_posix().replace(':', '%3A')},line=1,col=1,"
                   "title=schema-file-unreadable::no such file\n")
    code, out, _ = run("check", good, missing, "--format", "sarif")
    assert code == 2
    run_log = json.loads(out)["runs"][0]
    assert run_log["invocations"] == [{"executionSuccessful": False}]
    [result] = run_log["results"]
    assert (result["ruleId"], result["level"], result["message"]["text"]) == (
        "schema-file-unreadable", "error", "no such file")
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith(
        "missing.yaml")


def test_a_sarif_run_that_read_everything_succeeded(tmp_path: Path) -> None:
    code, out, _ = run("check", write(tmp_path, "plan.yaml", UNKNOWN_KPI), "-f", "sarif")
    assert code == 1
    assert json.loads(out)["runs"][0]["invocations"] == [{"executionSuccessful": True}]


def test_gbk_file_is_a_finding_not_a_crash(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_bytes(BASE.replace("Base plan", "基础方案").encode("gbk"))
    code, out, err = run("check", "--format", "json", plan)
    assert (code, err) == (1, "")
    findings = json.loads(out)["files"][0]["findings"]
    assert [(f["rule"], f["line"]) for f in findings] == [
        ("schema-encoding", line_of(BASE, "Base plan"))]


def test_unknown_format_exits_2_naming_the_choices(tmp_path: Path) -> None:
    code, out, err = run("check", "--format", "xml", write(tmp_path, "plan.yaml", BASE))
    assert (code, out) == (2, "")
    assert "unknown format 'xml'; choose one of: text, json, github, sarif" in err


def test_no_paths_is_a_usage_error() -> None:
    code, out, _ = run("check")
    assert (code, out) == (2, "")


# -- folders and several paths ------------------------------------------------------


def test_folder_means_every_yaml_file_in_it_sorted(tmp_path: Path) -> None:
    write(tmp_path, "b.yaml", BASE)
    write(tmp_path, "a/z.yml", UNKNOWN_KPI)
    write(tmp_path, "a/notes.txt", "not a plan")
    write(tmp_path, ".github/workflows/ci.yml", "on: push\n")
    write(tmp_path, ".hidden.yaml", "not: a plan\n")
    code, out, _ = run("check", "--format", "json", tmp_path)
    assert code == 1
    assert [entry["path"] for entry in json.loads(out)["files"]] == [
        str(tmp_path / "a" / "z.yml"), str(tmp_path / "b.yaml")]


WORKFLOW = "name: CI\non: [push]\njobs:\n  test: {runs-on: ubuntu-latest}\n"


def test_a_named_yaml_file_that_is_not_a_plan_is_one_clear_error(tmp_path: Path) -> None:
    workflow = write(tmp_path, "ci.yml", WORKFLOW)
    code, out, err = run("check", workflow)
    assert (code, err) == (1, "")
    assert out.splitlines()[0] == (
        f"{workflow}:1:1: error [schema-version] this file is not a plan: it has no "
        "top-level 'mktplan:' key; a plan starts with 'mktplan: 1'")
    assert out.splitlines()[-1] == "1 error in 1 file"


def test_a_folder_passes_over_yaml_files_that_are_not_plans(tmp_path: Path) -> None:
    plan = write(tmp_path, "plans/acme.yaml", UNKNOWN_KPI)
    write(tmp_path, "plans/ci.yml", WORKFLOW)
    write(tmp_path, "plans/list.yaml", "- a\n- b\n")
    write(tmp_path, "plans/empty.yaml", "# nothing yet\n")
    code, out, err = run("check", "--format", "json", tmp_path / "plans")
    assert (code, err) == (1, "")
    data = json.loads(out)
    assert [entry["path"] for entry in data["files"]] == [str(plan)]
    assert data["passed_over"] == [str(tmp_path / "plans" / name)
                                   for name in ("ci.yml", "empty.yaml", "list.yaml")]


def test_a_broken_plan_in_a_folder_is_still_a_plan(tmp_path: Path) -> None:
    broken = write(tmp_path, "plans/broken.yaml", BASE.replace("meta:", "meta: [", 1))
    gbk = tmp_path / "plans" / "gbk.yaml"
    gbk.write_bytes(BASE.replace("Base plan", "基础方案").encode("gbk"))
    write(tmp_path, "plans/broken-tooling.yml", "on: [push\n")
    code, out, _ = run("check", "--format", "json", tmp_path / "plans")
    assert code == 1
    data = json.loads(out)
    assert [(entry["path"], entry["findings"][0]["rule"]) for entry in data["files"]] == [
        (str(broken), "schema-yaml-syntax"), (str(gbk), "schema-encoding")]
    assert data["passed_over"] == [str(tmp_path / "plans" / "broken-tooling.yml")]


def test_skip_non_plans_passes_over_named_files_and_verbose_says_so(tmp_path: Path) -> None:
    plan = write(tmp_path, "plan.yaml", BASE)
    workflow = write(tmp_path, ".github/workflows/ci.yml", WORKFLOW)
    config = write(tmp_path, ".pre-commit-config.yaml", "repos: []\n")
    code, out, err = run("check", "--skip-non-plans", workflow, plan, config)
    assert (code, err) == (0, "")
    assert out == ("The plan is clean; 2 YAML files without a top-level 'mktplan:' key were "
                   "passed over\n")
    code, _, err = run("check", "--skip-non-plans", "-v", workflow, plan, config)
    assert code == 0
    assert err.splitlines() == [
        f"mktplan: note: passed over {name}: it has no top-level 'mktplan:' key, so it is "
        "not a plan" for name in (workflow, config)]


def test_skip_non_plans_with_nothing_but_other_yaml_is_clean(tmp_path: Path) -> None:
    code, out, _ = run("check", "--skip-non-plans", write(tmp_path, "ci.yml", WORKFLOW))
    assert code == 0
    assert out == ("No plans to check; 1 YAML file without a top-level 'mktplan:' key was "
                   "passed over\n")


def test_a_folder_without_any_plan_is_a_usage_error(tmp_path: Path) -> None:
    write(tmp_path, "ci.yml", WORKFLOW)
    write(tmp_path, "mkdocs.yml", "site_name: x\n")
    code, out, err = run("check", tmp_path)
    assert (code, out) == (2, "")
    assert err == ("mktplan: no plans to check: none of the 2 YAML files found has a "
                   "top-level 'mktplan:' key\n")


def test_the_console_script_reads_the_hook_line_like_typer(tmp_path: Path) -> None:
    plan = write(tmp_path, "plan.yaml", UNKNOWN_KPI)
    workflow = write(tmp_path, "ci.yml", WORKFLOW)
    line = ["check", "--skip-non-plans", "-v", "-f", "json", str(workflow), str(plan)]
    fast = subprocess.run([sys.executable, "-m", "mktplan", *line], capture_output=True,
                          text=True, check=False)
    assert (fast.returncode, fast.stdout, fast.stderr) == run(*line)


def test_several_paths_are_checked_once_each_in_order(tmp_path: Path) -> None:
    first = write(tmp_path, "first.yaml", BASE)
    second = write(tmp_path, "second.yaml", WARNING_ONLY)
    code, out, _ = run("check", "-f", "json", second, first, second)
    assert code == 0
    assert [entry["path"] for entry in json.loads(out)["files"]] == [str(second), str(first)]


def test_text_summary_counts_files(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", UNKNOWN_KPI)
    write(tmp_path, "b.yaml", WARNING_ONLY)
    write(tmp_path, "c.yaml", BASE)
    assert run("check", tmp_path)[1].splitlines()[-1] == "1 error, 1 warning in 2 of 3 files"
    (tmp_path / "a.yaml").write_text(BASE, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(BASE, encoding="utf-8")
    assert run("check", tmp_path)[1].splitlines()[-1] == "All 3 plans are clean"


# -- formats -----------------------------------------------------------------------


def test_json_matches_the_contract(tmp_path: Path) -> None:
    plan = write(tmp_path, "plan.yaml", UNKNOWN_KPI)
    code, out, _ = run("check", "--format", "json", plan)
    assert code == 1
    assert json.loads(out) == {
        "files": [{"path": str(plan), "findings": [{
            "rule": "references-unknown-id",
            "severity": "error",
            "line": line_of(UNKNOWN_KPI, "kpi: uvv"),
            "column": 10,
            "message": "'uvv' is not the id of any KPI; did you mean 'uv'?",
            "path": "goals[0].kpi",
        }]}],
        "passed_over": [],
        "summary": {"errors": 1, "warnings": 0, "unreadable": 0},
    }


def test_github_annotations(tmp_path: Path) -> None:
    error = write(tmp_path, "a.yaml", UNKNOWN_KPI)
    warning = write(tmp_path, "b.yaml", WARNING_ONLY)
    code, out, _ = run("check", "--format", "github", tmp_path)
    assert code == 1
    assert out.splitlines() == [
        f"::error file={error},line={line_of(UNKNOWN_KPI, 'kpi: uvv')},col=10,"
        "title=references-unknown-id::'uvv' is not the id of any KPI; did you mean 'uv'?",
        f"::warning file={warning},line={line_of(WARNING_ONLY, 'douyn')},"
        f"col={WARNING_ONLY.splitlines()[line_of(WARNING_ONLY, 'douyn') - 1].index('douyn') + 1},"
        "title=references-unknown-id::'douyn' is not the id of any channel; "
        "did you mean 'douyin'?",
    ]


def test_sarif_locates_results(tmp_path: Path) -> None:
    plan = write(tmp_path, "plan.yaml", UNKNOWN_KPI)
    code, out, _ = run("check", "--format", "sarif", plan)
    assert code == 1
    log = json.loads(out)
    assert log["version"] == "2.1.0"
    [result] = log["runs"][0]["results"]
    assert result["ruleId"] == "references-unknown-id"
    assert result["level"] == "error"
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == plan.as_uri()
    assert location["region"] == {"startLine": line_of(UNKNOWN_KPI, "kpi: uvv"),
                                  "startColumn": 10}


# -- colour --------------------------------------------------------------------------


def test_no_colour_when_not_a_terminal(tmp_path: Path) -> None:
    out = run("check", write(tmp_path, "plan.yaml", UNKNOWN_KPI))[1]
    assert "\x1b[" not in out


def test_colour_when_forced_and_none_under_no_color(tmp_path: Path) -> None:
    plan = write(tmp_path, "plan.yaml", UNKNOWN_KPI)
    forced = run("check", plan, env={"FORCE_COLOR": "1"})[1]
    assert COLOUR_CODE.search(forced)
    plain = run("check", plan, env={"FORCE_COLOR": "1", "NO_COLOR": "1"})[1]
    assert not COLOUR_CODE.search(plain)
    assert "[references-unknown-id]" in plain


# -- the real entry point ------------------------------------------------------------


def test_console_script_exit_codes_and_streams(tmp_path: Path) -> None:
    plan = write(tmp_path, "plan.yaml", UNKNOWN_KPI)
    command = [sys.executable, "-m", "mktplan", "check"]
    failed = subprocess.run([*command, str(plan)], capture_output=True, text=True,
                            check=False)
    assert (failed.returncode, failed.stderr) == (1, "")
    assert "[references-unknown-id]" in failed.stdout
    missing = subprocess.run([*command, "--format", "json", str(tmp_path / "nope")],
                             capture_output=True, text=True, check=False)
    assert missing.returncode == 2
    assert json.loads(missing.stdout)["summary"]["unreadable"] == 1
    assert missing.stderr == f"mktplan: {tmp_path / 'nope'}: no such file\n"


def test_importing_the_cli_loads_no_heavy_library() -> None:
    heavy = ("rich", "pydantic", "yaml", "jinja2", "docx", "docxtpl", "openpyxl",
             "xlsxwriter")
    probe = ("import sys, mktplan.cli; "
             f"print(','.join(m for m in {heavy!r} if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True).stdout.strip()
    assert loaded == "", f"mktplan --help would import {loaded}; import it inside the command"


def test_unlistable_subfolder_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "a.yaml", BASE)
    real_walk = os.walk

    def walk(top: Path, onerror: Any = None) -> Any:
        yield from real_walk(top)
        onerror(PermissionError(13, "Permission denied", str(tmp_path / "locked")))

    monkeypatch.setattr("mktplan.files.paths.os.walk", walk)
    code, out, err = run("check", tmp_path)
    assert (code, out) == (2, "")
    assert err == f"mktplan: {tmp_path / 'locked'}: cannot list the folder (Permission denied)\n"
