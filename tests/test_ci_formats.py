"""The CI formats (GitLab Code Quality, JUnit XML) and file names relative to the working dir."""

from __future__ import annotations

import io
import json
import os
from collections import Counter
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest

from mktplan.errors import InputError
from mktplan.files.paths import display_path
from mktplan.report import REPORTERS
from mktplan.rules.pipeline import CheckedPlan, unreadable_result

from .conftest import FIXTURES, check_text, run_cli, write_file

SCHEMAS = Path(__file__).parent / "schemas"
BASE = (FIXTURES / "_base.yaml").read_text(encoding="utf-8")
#: one error (a team member twice), three warnings (an unknown KPI; the same message twice,
#: at two places)
FAILING = (BASE.replace("kpi: uv", "kpi: uvv")
           .replace("team:\n", "team:\n  - {id: ops, role: Twin}\n")
           .replace("    - {id: ads, item: Douyin ads,",
                    "    - {id: ads, item: 抖音 ads,")
           + "risks:\n  - {id: R1, category: market, description: x, likelihood: low,"
             " impact: low, mitigation: y, owner: nobody}\n"
           + "  - {id: R2, category: market, description: x, likelihood: low,"
             " impact: low, mitigation: y, owner: nobody}\n"
           + "rules: {references-unknown-id: warning}\n")


def render(name: str, results: list[CheckedPlan]) -> str:
    stream = io.StringIO()
    REPORTERS[name].load()(results, stream)
    return stream.getvalue()


def results() -> list[CheckedPlan]:
    return [check_text(FAILING, "plans/failing.yaml"), check_text(BASE, "plans/clean.yaml"),
            unreadable_result(InputError("plans/gone.yaml", "no such file"))]


# -- GitLab Code Quality ---------------------------------------------------------------


def code_climate_errors(document: Any) -> list[str]:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((SCHEMAS / "codeclimate-issues.schema.json").read_text("utf-8"))
    checker = jsonschema.Draft202012Validator(schema)
    return [f"{list(error.absolute_path)}: {error.message}"
            for error in checker.iter_errors(document)]


def test_the_code_climate_schema_refuses_what_gitlab_would() -> None:
    good = json.loads(render("gitlab", results()))
    assert code_climate_errors(good) == []
    for spoil in ({"severity": "error"}, {"fingerprint": ""},
                  {"location": {"path": "/abs/plan.yaml", "lines": {"begin": 1, "end": 1}}},
                  {"location": {"path": "plan.yaml", "lines": {"begin": 0, "end": 0}}},
                  {"categories": ["Bugs"]}):
        assert code_climate_errors([{**good[0], **spoil}]), spoil
    assert code_climate_errors([{key: value for key, value in good[0].items()
                                 if key != "check_name"}])


def test_gitlab_lists_every_finding_with_its_line_and_severity() -> None:
    issues = json.loads(render("gitlab", results()))
    expected = [(finding.rule, "major" if finding.is_error else "minor", checked.file,
                 finding.line) for checked in results() for finding in checked.findings]
    assert [(issue["check_name"], issue["severity"], issue["location"]["path"],
             issue["location"]["lines"]["begin"]) for issue in issues] == expected
    assert {issue["check_name"] for issue in issues} >= {"references-unknown-id",
                                                         "schema-file-unreadable"}
    assert all(issue["description"] for issue in issues)


def test_gitlab_fingerprints_are_unique_and_survive_moved_lines() -> None:
    before = json.loads(render("gitlab", results()))
    fingerprints = [issue["fingerprint"] for issue in before]
    assert len(set(fingerprints)) == len(fingerprints)  # GitLab keeps one issue per print
    messages = Counter(issue["description"] for issue in before)
    assert max(messages.values()) >= 2  # the repeated warning is told apart
    moved = "# a new comment line above everything\n" + FAILING
    after = json.loads(render("gitlab", [check_text(moved, "plans/failing.yaml")]))
    assert [issue["fingerprint"] for issue in after] == fingerprints[:len(after)]
    assert [issue["location"]["lines"]["begin"] for issue in after] == [
        issue["location"]["lines"]["begin"] + 1 for issue in before[:len(after)]]


def test_gitlab_writes_an_empty_array_for_clean_plans() -> None:
    assert json.loads(render("gitlab", [check_text(BASE, "plan.yaml")])) == []


def test_gitlab_paths_use_slashes() -> None:
    issues = json.loads(render("gitlab", [check_text(FAILING, "plans\\failing.yaml")]))
    assert {issue["location"]["path"] for issue in issues} in ({"plans/failing.yaml"},
                                                               {"plans\\failing.yaml"})
    if os.sep == "\\":
        assert issues[0]["location"]["path"] == "plans/failing.yaml"


# -- JUnit XML -------------------------------------------------------------------------


def junit_schema() -> Any:
    etree = pytest.importorskip("lxml.etree")
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "junit.xsd")))


def test_junit_is_valid_against_the_common_structure() -> None:
    etree = pytest.importorskip("lxml.etree")
    document = render("junit", results())
    assert document.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    schema = junit_schema()
    parsed = etree.fromstring(document.encode("utf-8"))
    assert schema.validate(parsed), schema.error_log
    spoiled = etree.fromstring(document.encode("utf-8"))
    del spoiled[0].attrib["tests"]
    assert not schema.validate(spoiled)  # the schema can fail


def test_junit_counts_and_cases() -> None:
    root = ElementTree.fromstring(render("junit", results()))
    suites = {suite.get("name"): suite for suite in root.iter("testsuite")}
    assert list(suites) == ["plans/failing.yaml", "plans/clean.yaml", "plans/gone.yaml"]
    failing = results()[0]
    cases = suites["plans/failing.yaml"].findall("testcase")
    assert len(cases) == len(failing.findings) == int(suites["plans/failing.yaml"].get(
        "failures", ""))
    assert [case.find("failure").get("type") for case in cases] == [  # type: ignore[union-attr]
        finding.rule for finding in failing.findings]
    assert len({case.get("name") for case in cases}) == len(cases)
    clean = suites["plans/clean.yaml"].findall("testcase")
    assert [(case.get("name"), list(case)) for case in clean] == [("the plan is clean", [])]
    gone = suites["plans/gone.yaml"]
    assert (gone.get("errors"), gone.get("failures")) == ("1", "0")
    assert gone.find("testcase/error").get("type") == "schema-file-unreadable"  # type: ignore[union-attr]
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == (
        str(len(failing.findings) + 2), str(len(failing.findings)), "1")


def test_junit_keeps_non_ascii_text_through_any_stream() -> None:
    source = FAILING.replace("kpi: uvv", "kpi: 访客")
    document = render("junit", [check_text(source, "计划.yaml")])
    assert document.isascii()
    root = ElementTree.fromstring(document)
    assert root.find("testsuite").get("name") == "计划.yaml"  # type: ignore[union-attr]
    assert any("访客" in (failure.get("message") or "") for failure in root.iter("failure"))


def test_junit_of_nothing_is_an_empty_report() -> None:
    root = ElementTree.fromstring(render("junit", []))
    assert (root.tag, root.get("tests"), list(root)) == ("testsuites", "0", [])


def test_the_cli_writes_both_formats(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = write_file(tmp_path, "plan.yaml", FAILING)
    monkeypatch.chdir(tmp_path)  # GitLab reads paths relative to the repository
    code, out, _ = run_cli("check", plan, "--format", "gitlab")
    assert code == 1
    assert code_climate_errors(json.loads(out)) == []
    code, out, _ = run_cli("check", plan, "--format", "junit")
    assert code == 1
    assert ElementTree.fromstring(out).tag == "testsuites"


# -- paths relative to the working directory -------------------------------------------


@pytest.mark.parametrize(("given", "shown"), [
    ("plans/a.yaml", "plans/a.yaml"),
    ("./plans/a.yaml", "plans/a.yaml"),
    ("plans/../plans/a.yaml", "plans/a.yaml"),
    ("{cwd}/plans/a.yaml", "plans/a.yaml"),
    ("../elsewhere/a.yaml", "../elsewhere/a.yaml"),
    ("/srv/plans/a.yaml", "/srv/plans/a.yaml"),
    ("{cwd}x/a.yaml", "{cwd}x/a.yaml"),  # a sibling folder whose name starts alike
    ("-", "<stdin>"),
])
def test_display_path(tmp_path: Path, given: str, shown: str) -> None:
    cwd = tmp_path / "repo"
    path = Path(given.format(cwd=cwd))
    assert display_path(path, cwd) == shown.format(cwd=cwd).replace("/", os.sep)


@pytest.mark.parametrize("output_format", list(REPORTERS))
def test_every_format_names_files_relative_to_the_working_directory(
        tmp_path: Path, output_format: str, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = write_file(tmp_path, "plans/plan.yaml", FAILING)
    monkeypatch.chdir(tmp_path)
    absolute = run_cli("check", plan.resolve(), "--format", output_format)[1]
    dotted = run_cli("check", "./plans/../plans/plan.yaml", "--format", output_format)[1]
    relative = run_cli("check", "plans/plan.yaml", "--format", output_format)[1]
    assert absolute == dotted == relative
    assert str(tmp_path) not in relative
    assert "plans/plan.yaml" in relative.replace(os.sep, "/").replace("%2F", "/")


def test_build_names_the_plan_relative_to_the_working_directory(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = write_file(tmp_path, "plans/plan.yaml", BASE.replace("kpi: uv", "kpi: uvv"))
    monkeypatch.chdir(tmp_path)
    out = run_cli("build", plan.resolve(), "-o", tmp_path / "out")[1]
    assert out.startswith(f"plans{os.sep}plan.yaml:")
