"""The reporters (text, JSON, GitHub, SARIF) and how ``mktplan rules`` shows the rules."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from mktplan.cli import app
from mktplan.findings import Finding, Severity
from mktplan.report import REPORTERS, Totals, github, sarif, text
from mktplan.report import rules as rule_docs
from mktplan.rules.base import Rule, RuleOptions
from mktplan.rules.pipeline import CheckedPlan
from mktplan.rules.registry import RULES_BY_ID
from mktplan.text import escaping

from .conftest import check_text

BASE_FILE = Path(__file__).parent / "fixtures" / "_base.yaml"
BASE = BASE_FILE.read_text(encoding="utf-8")

# The parts of the SARIF 2.1.0 schema that viewers rely on, written out (no network).
SARIF_SUBSET: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["version", "runs"],
    "properties": {
        "$schema": {"type": "string", "format": "uri"},
        "version": {"const": "2.1.0"},
        "runs": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/run"}},
    },
    "$defs": {
        "message": {"type": "object", "required": ["text"],
                    "properties": {"text": {"type": "string", "minLength": 1}}},
        "level": {"enum": ["none", "note", "warning", "error"]},
        "run": {
            "type": "object",
            "required": ["tool", "results"],
            "properties": {
                "tool": {"type": "object", "required": ["driver"],
                         "properties": {"driver": {"$ref": "#/$defs/driver"}}},
                "columnKind": {"enum": ["utf16CodeUnits", "unicodeCodePoints"]},
                "results": {"type": "array", "items": {"$ref": "#/$defs/result"}},
            },
        },
        "driver": {
            "type": "object",
            "required": ["name", "rules"],
            "properties": {
                "name": {"type": "string"},
                "version": {"type": "string"},
                "informationUri": {"type": "string", "pattern": "^https://"},
                "rules": {"type": "array", "items": {"$ref": "#/$defs/rule"}},
            },
        },
        "rule": {
            "type": "object",
            "required": ["id", "shortDescription", "fullDescription", "defaultConfiguration"],
            "properties": {
                "id": {"type": "string"},
                "shortDescription": {"$ref": "#/$defs/message"},
                "fullDescription": {"$ref": "#/$defs/message"},
                "defaultConfiguration": {
                    "type": "object", "required": ["level"],
                    "properties": {"level": {"$ref": "#/$defs/level"}},
                },
            },
        },
        "result": {
            "type": "object",
            "required": ["ruleId", "level", "message", "locations"],
            "properties": {
                "ruleId": {"type": "string"},
                "ruleIndex": {"type": "integer", "minimum": 0},
                "level": {"$ref": "#/$defs/level"},
                "message": {"$ref": "#/$defs/message"},
                "locations": {"type": "array", "minItems": 1, "items": {
                    "type": "object", "required": ["physicalLocation"],
                    "properties": {"physicalLocation": {
                        "type": "object", "required": ["artifactLocation", "region"],
                        "properties": {
                            "artifactLocation": {
                                "type": "object", "required": ["uri"],
                                "properties": {"uri": {"type": "string",
                                                       "format": "uri-reference"}},
                            },
                            "region": {
                                "type": "object", "required": ["startLine", "startColumn"],
                                "properties": {
                                    "startLine": {"type": "integer", "minimum": 1},
                                    "startColumn": {"type": "integer", "minimum": 1},
                                },
                            },
                        },
                    }},
                }},
            },
        },
    },
}


def checked(source: str, file: str = "plan.yaml") -> CheckedPlan:
    return check_text(source, file)


def failing() -> CheckedPlan:
    """A plan with one error (a duplicate id) and two warnings (unknown ids, downgraded)."""
    source = (BASE.replace("kpi: uv", "kpi: uvv").replace("channel: douyin,", "channel: doy,")
              .replace("returns:\n", 'returns:\n  - {id: sales, stream: Shop, amount: "1万"}\n')
              + "rules: {references-unknown-id: warning}\n")
    return checked(source, "plans/failing.yaml")


def render(name: str, results: list[CheckedPlan]) -> str:
    stream = io.StringIO()
    REPORTERS[name].load()(results, stream)
    return stream.getvalue()


# -- the registry ------------------------------------------------------------------


def test_registry_names_the_six_formats() -> None:
    assert list(REPORTERS) == ["text", "json", "github", "sarif", "gitlab", "junit"]


@pytest.mark.parametrize("name", list(REPORTERS))
def test_reporters_write_only_to_the_stream_given(
        name: str, capsys: pytest.CaptureFixture[str]) -> None:
    written = render(name, [failing(), checked(BASE)])
    assert written
    assert capsys.readouterr() == ("", "")


def test_totals() -> None:
    totals = Totals.of([failing(), checked(BASE)])
    assert totals == Totals(files=2, files_with_findings=1, errors=1, warnings=2)


# -- text ---------------------------------------------------------------------------


def test_source_lines_split_like_the_yaml_parser() -> None:
    assert text.source_lines("a: 1\r\nb: 2\rc: 3\nd: 4") == ["a: 1", "b: 2", "c: 3", "d: 4"]
    assert text.source_lines("") == []


def test_caret_counts_display_cells_of_wide_characters() -> None:
    line = "  statement: 中文目标 ctr"
    shown, caret = text.snippet(line, line.index("ctr") + 1)
    assert shown == line
    assert caret == line.index("ctr") + 4  # four CJK characters, two cells each


def test_long_lines_are_shown_as_a_window_around_the_column() -> None:
    line = "x" * 5000 + "TARGET" + "y" * 5000
    shown, caret = text.snippet(line, 5001)
    assert len(shown) <= text.MAX_SHOWN + 2
    assert shown.startswith("…") and shown.endswith("…")
    assert shown[caret:].startswith("TARGET")


def test_column_past_the_end_puts_the_caret_after_the_line() -> None:
    assert text.snippet("key:", 99) == ("key:", 4)


def test_control_and_bidi_characters_are_escaped() -> None:
    assert escaping.printable("a\x1b[31mb\u202ec\td") == "a\\x1b[31mb\\u202ec d"


def test_text_report_escapes_plan_text_in_messages() -> None:
    finding = Finding("schema-unknown-key", Severity.ERROR, "unknown key 'x\x1b]0;pwned\x07'",
                      ("meta",), 2, 1, "plan.yaml")
    result = CheckedPlan(check_text(BASE).document, None, [finding])
    out = render("text", [result])
    assert "\x1b" not in out and "\x07" not in out
    assert "unknown key 'x\\x1b]0;pwned\\x07'" in out


def test_text_report_without_source_text_shows_no_excerpt() -> None:
    finding = Finding("schema-encoding", Severity.ERROR, "not UTF-8", (), 3, 5, "gbk.yaml")
    result = CheckedPlan(check_text(BASE, "gbk.yaml").document, None, [finding])
    result.document.text = ""
    assert render("text", [result]).splitlines() == [
        "gbk.yaml:3:5: error [schema-encoding] not UTF-8", "", "1 error in 1 file"]


def test_text_report_lines_do_not_wrap_on_a_narrow_console() -> None:
    long_message = "word " * 60
    finding = Finding("schema-wrong-type", Severity.ERROR, long_message, (), 2, 1, "p.yaml")
    out = render("text", [CheckedPlan(check_text(BASE, "p.yaml").document, None, [finding])])
    assert out.splitlines()[0] == f"p.yaml:2:1: error [schema-wrong-type] {long_message}"


@pytest.mark.parametrize(("totals", "line"), [
    (Totals(1, 0, 0, 0), "The plan is clean"),
    (Totals(3, 0, 0, 0), "All 3 plans are clean"),
    (Totals(1, 1, 1, 0), "1 error in 1 file"),
    (Totals(3, 3, 2, 1), "2 errors, 1 warning in 3 files"),
    (Totals(3, 1, 0, 2), "2 warnings in 1 of 3 files"),
    # files, with findings, errors, warnings, unreadable, passed over
    (Totals(1, 1, 1, 0, 1), "The file could not be read"),
    (Totals(2, 2, 2, 0, 2), "None of the 2 files could be read"),
    (Totals(2, 1, 1, 0, 1), "1 of 2 files could not be read; the other plan is clean"),
    (Totals(4, 1, 1, 0, 1), "1 of 4 files could not be read; the other 3 plans are clean"),
    (Totals(2, 2, 2, 0, 1), "1 of 2 files could not be read; 1 error in the other file"),
    (Totals(3, 3, 2, 1, 1),
     "1 of 3 files could not be read; 1 error, 1 warning in the other 2 files"),
    (Totals(4, 2, 3, 0, 1), "1 of 4 files could not be read; 2 errors in 1 of the other 3 files"),
    (Totals(2, 0, 0, 0, 0, 1),
     "All 2 plans are clean; 1 YAML file without a top-level 'mktplan:' key was passed over"),
    (Totals(0, 0, 0, 0, 0, 2),
     "No plans to check; 2 YAML files without a top-level 'mktplan:' key were passed over"),
    (Totals(2, 2, 2, 0, 1, 3),
     "1 of 2 files could not be read; 1 error in the other file; 3 YAML files without a "
     "top-level 'mktplan:' key were passed over"),
])
def test_summary_line(totals: Totals, line: str) -> None:
    assert text.summary_line(totals) == line


@pytest.mark.parametrize("totals", [
    Totals(files, with_findings, errors, warnings, unreadable, passed)
    for files in range(4) for unreadable in range(files + 1)
    for with_findings in range(unreadable, files + 1)
    for errors in range(unreadable, 4) for warnings in range(3) for passed in range(2)
    if (with_findings - unreadable > 0) == (errors - unreadable + warnings > 0)
])
def test_no_summary_of_a_run_with_an_unreadable_file_reads_as_clean(totals: Totals) -> None:
    line = text.summary_line(totals)
    if totals.unreadable:
        assert "could not be read" in line or "could be read" in line
        assert not line.startswith(("The plan is clean", "All "))
    else:
        assert "read" not in line


# -- JSON -----------------------------------------------------------------------------


def test_json_lists_clean_files_too_and_counts_findings() -> None:
    data = json.loads(render("json", [failing(), checked(BASE, "clean.yaml")]))
    assert set(data) == {"files", "passed_over", "summary"}
    assert [entry["path"] for entry in data["files"]] == ["plans/failing.yaml", "clean.yaml"]
    assert data["files"][1]["findings"] == []
    assert data["passed_over"] == []
    assert data["summary"] == {"errors": 1, "warnings": 2, "unreadable": 0}
    for finding in data["files"][0]["findings"]:
        assert set(finding) == {"rule", "severity", "line", "column", "message", "path"}
        assert finding["severity"] in ("error", "warning")
        assert finding["line"] >= 1 and finding["column"] >= 1


def test_json_survives_any_stream_encoding() -> None:
    out = render("json", [checked(BASE, "方案.yaml")])
    assert out.isascii()
    assert json.loads(out)["files"][0]["path"] == "方案.yaml"


# -- GitHub ----------------------------------------------------------------------------


def test_github_escapes_data_and_properties() -> None:
    finding = Finding("references-unknown-id", Severity.WARNING, "100% sure\r\nnext: line",
                      (), 7, 3, "")
    assert github.annotation(finding, "dir,1/a:b.yaml") == (
        "::warning file=dir%2C1/a%3Ab.yaml,line=7,col=3,title=references-unknown-id"
        "::100%25 sure%0D%0Anext: line")


def test_github_writes_one_line_per_finding() -> None:
    result = failing()
    lines = render("github", [result, checked(BASE)]).splitlines()
    assert [line.split(" ", 1)[0] for line in lines] == ["::warning", "::warning", "::error"]
    assert all(" file=plans/failing.yaml,line=" in line for line in lines)


# -- SARIF ----------------------------------------------------------------------------


def test_sarif_matches_the_schema_subset() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    log = json.loads(render("sarif", [failing(), checked(BASE)]))
    checker = jsonschema.Draft202012Validator(
        SARIF_SUBSET, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in checker.iter_errors(log)]
    assert errors == []


def test_sarif_describes_every_rule_of_the_registry() -> None:
    log = json.loads(render("sarif", []))
    assert log["$schema"].endswith("sarif-schema-2.1.0.json")
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["name"] == "mktplan"
    described = {rule["id"]: rule for rule in driver["rules"]}
    assert list(described) == list(RULES_BY_ID)
    for rule_id, rule in RULES_BY_ID.items():
        assert described[rule_id]["shortDescription"]["text"] == rule.summary
        assert described[rule_id]["fullDescription"]["text"] == rule.doc
        assert described[rule_id]["defaultConfiguration"]["level"] == rule.severity.value
    assert log["runs"][0]["results"] == []


def test_sarif_results_point_at_their_rule_and_place() -> None:
    result = failing()
    log = json.loads(render("sarif", [result]))
    run = log["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    rules = run["tool"]["driver"]["rules"]
    for entry, finding in zip(run["results"], result.findings, strict=True):
        assert rules[entry["ruleIndex"]]["id"] == entry["ruleId"] == finding.rule
        assert entry["level"] == finding.severity.value
        assert entry["message"]["text"] == finding.message
        location = entry["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == "plans/failing.yaml"
        assert location["region"] == {"startLine": finding.line, "startColumn": finding.column}


@pytest.mark.parametrize(("file", "uri"), [
    ("plan.yaml", "plan.yaml"),
    ("plans/my plan.yaml", "plans/my%20plan.yaml"),
    ("方案.yaml", "%E6%96%B9%E6%A1%88.yaml"),
    ("/srv/plans/a.yaml", "file:///srv/plans/a.yaml"),
])
def test_sarif_artifact_uris(file: str, uri: str) -> None:
    assert sarif.artifact_uri(file) == uri


# -- mktplan rules ------------------------------------------------------------------------


class GrowthOptions(RuleOptions):
    max_growth: Decimal = Decimal(3)
    """Largest target as a multiple of the baseline."""
    units: tuple[str, ...] = ()


def growth_rule() -> Rule:
    return Rule("smart-example", Severity.WARNING, "Growth is plausible.\n\nMore words.",
                GrowthOptions)


def test_option_docs_come_from_the_options_model() -> None:
    assert rule_docs.option_docs(GrowthOptions) == [
        rule_docs.OptionDoc("max_growth", Decimal(3),
                            "Largest target as a multiple of the baseline."),
        rule_docs.OptionDoc("units", (), ""),
    ]


def test_rule_page_shows_doc_options_and_how_to_set_them() -> None:
    stream = io.StringIO()
    rule_docs.write_rule(growth_rule(), stream)
    page = stream.getvalue()
    assert page.startswith("smart-example\nfamily: smart    default severity: warning\n")
    assert "Growth is plausible.\n\nMore words." in page
    assert "  max_growth (default: 3)\n      Largest target as a multiple of the baseline." in page
    assert "rules: {smart-example: {max_growth: 3, severity: warning}}" in page


def test_rule_data_is_json_ready() -> None:
    stream = io.StringIO()
    rule_docs.write_json(rule_docs.rule_data(growth_rule()), stream)
    data = json.loads(stream.getvalue())
    assert data["options"][0] == {"name": "max_growth", "default": "3",
                                  "description": "Largest target as a multiple of the baseline."}
    assert (data["id"], data["family"], data["severity"], data["configurable"]) == (
        "smart-example", "smart", "warning", True)


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_rules_table_lists_every_rule_unwrapped() -> None:
    code, out, _ = invoke("rules")
    assert code == 0
    rows = {line.split()[0]: line.split()[1:3] for line in out.splitlines()[1:] if line}
    for rule_id, rule in RULES_BY_ID.items():
        assert rows[rule_id] == [rule.family, rule.severity.value]


def test_rules_json_lists_every_rule() -> None:
    code, out, _ = invoke("rules", "--format", "json")
    assert code == 0
    listed = json.loads(out)["rules"]
    assert [entry["id"] for entry in listed] == list(RULES_BY_ID)
    assert all(entry["summary"] and entry["doc"] for entry in listed)


def test_rules_of_one_family() -> None:
    code, out, _ = invoke("rules", "references", "-f", "json")
    assert code == 0
    assert [entry["id"] for entry in json.loads(out)["rules"]] == [
        "references-duplicate-id", "references-unknown-id", "references-logo",
        "references-missing-file"]


def test_one_rule_in_full() -> None:
    code, out, _ = invoke("rules", "references-unknown-id")
    assert code == 0
    assert RULES_BY_ID["references-unknown-id"].doc in out
    assert "Options: none" in out
    schema_page = invoke("rules", "schema-alias")[1]
    assert "cannot be switched off" in schema_page


def test_unknown_rule_exits_2_with_a_suggestion() -> None:
    code, out, err = invoke("rules", "references-unknwn-id")
    assert (code, out) == (2, "")
    assert err == ("mktplan: unknown rule or family 'references-unknwn-id'; "
                   "did you mean 'references-unknown-id'?\n")
