"""The check pipeline around the rules (:mod:`mktplan.rules.pipeline`).

``meta.compare``, the language of the findings, unreadable and non-plan files, and the
project's defaults the plan is checked under.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mktplan.errors import InputError
from mktplan.findings import msg
from mktplan.rules.config import read_settings
from mktplan.rules.pipeline import (
    CheckedPlan,
    check_file,
    check_found_file,
    compare_target,
    in_language,
    unreadable_result,
)
from mktplan.rules.registry import RULES_BY_ID

from .conftest import EXAMPLES, write_file

LAUNCH = "  launch: 2027-03-01\n"
COMPARED = "  compare: old/2026.yaml\n"


def _rules(checked: CheckedPlan) -> list[str]:
    return [finding.rule for finding in checked.findings]


def test_a_missing_plan_to_compare_with_is_located_on_meta_compare(tmp_path: Path,
                                                                  base_text: str) -> None:
    plan = write_file(tmp_path, "plan.yaml", base_text.replace(LAUNCH, LAUNCH + COMPARED))
    [finding] = check_file(plan, "shown.yaml").findings
    assert (finding.rule, finding.path, finding.line, finding.column, finding.file) == (
        "references-missing-file", ("meta", "compare"), 10, 12, "shown.yaml")
    assert finding.message == (
        f"meta.compare names 'old/2026.yaml', but there is no such file in {tmp_path / 'old'};"
        " give the path of last year's plan from this plan's folder")
    assert finding.detail == msg("references.missing-file", file="old/2026.yaml",
                                 folder=str(tmp_path / "old"))


def test_a_plan_to_compare_with_must_load_as_a_plan(tmp_path: Path, base_text: str) -> None:
    plan = write_file(tmp_path, "plan.yaml", base_text.replace(LAUNCH, LAUNCH + COMPARED))
    write_file(tmp_path, "old/2026.yaml", "a: 1\n")
    [finding] = check_file(plan).findings
    assert (finding.rule, finding.line, finding.file, finding.message) == (
        "references-missing-file", 10, str(plan),
        "meta.compare names 'old/2026.yaml', which does not load as a plan (run 'mktplan "
        "check' on it); name last year's plan")
    write_file(tmp_path, "old/2026.yaml", base_text)
    assert check_file(plan).findings == []


def test_a_plan_at_a_git_revision_is_not_looked_for_as_a_file(tmp_path: Path,
                                                              base_text: str) -> None:
    plan = write_file(tmp_path, "plan.yaml",
                      base_text.replace(LAUNCH, LAUNCH + "  compare: HEAD:old/2026.yaml\n"))
    checked = check_file(plan)
    assert checked.findings == []  # only build reads (and refuses) a revision
    assert checked.plan is not None
    assert compare_target(checked.plan, plan) == "HEAD:old/2026.yaml"


def test_the_plan_to_compare_with_is_found_beside_the_plan_or_the_current_folder(
        tmp_path: Path, base_text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = write_file(tmp_path / "plans", "plan.yaml",
                      base_text.replace(LAUNCH, LAUNCH + COMPARED))
    checked = check_file(plan)
    assert checked.plan is not None
    assert compare_target(checked.plan, plan) == str(tmp_path / "plans" / "old" / "2026.yaml")
    monkeypatch.chdir(tmp_path)  # a plan read from standard input
    assert compare_target(checked.plan, Path("-")) == str(tmp_path / "old" / "2026.yaml")
    assert compare_target(checked.plan.model_copy(update={"meta": checked.plan.meta.model_copy(
        update={"compare": None})}), plan) is None


def test_the_projects_defaults_are_what_the_plan_is_checked_under(tmp_path: Path,
                                                                  base_text: str) -> None:
    plan = write_file(tmp_path, "plan.yaml", base_text.replace("2027-03-01", "2028-03-01"))
    assert "timeline-outside-period" in _rules(check_file(plan))
    quiet, _ = read_settings({"timeline-outside-period": "off"}, RULES_BY_ID)
    assert "timeline-outside-period" not in _rules(check_file(plan, defaults=quiet))
    found = check_found_file(plan, "shown.yaml", defaults=quiet)
    assert found is not None and found.file == "shown.yaml"
    assert "timeline-outside-period" not in _rules(found)


def test_found_files_that_are_unreadable_or_not_plans(tmp_path: Path, base_text: str) -> None:
    other = write_file(tmp_path, "other.yaml", "a: 1\n")
    assert check_found_file(other, pass_over_non_plans=True) is None
    named = check_found_file(other)
    assert named is not None
    [finding] = named.findings
    assert (finding.rule, finding.line, finding.column) == ("schema-version", 1, 1)
    assert finding.detail is not None and finding.detail.key == "pipeline.not-a-plan"
    missing = check_found_file(tmp_path / "gone.yaml", "gone.yaml")
    assert missing is not None and missing.unreadable
    assert [(f.rule, f.file) for f in missing.findings] == [("schema-file-unreadable",
                                                            "gone.yaml")]
    compared = write_file(tmp_path, "plan.yaml", base_text.replace(LAUNCH, LAUNCH + COMPARED))
    found = check_found_file(compared)
    assert found is not None and _rules(found) == ["references-missing-file"]


def test_an_unreadable_file_is_one_finding_with_its_reason() -> None:
    detail = msg("files.missing")
    checked = unreadable_result(InputError("x.yaml", "no such file", detail))
    [finding] = checked.findings
    assert (finding.rule, finding.message, finding.line, finding.column, finding.file,
            finding.detail) == ("schema-file-unreadable", "no such file", 1, 1, "x.yaml", detail)
    assert checked.unreadable and checked.plan is None
    assert checked.document.findings == [finding]
    assert checked.document.source_map.locate(("meta",)) == (1, 1)
    [plain] = unreadable_result(InputError("x.yaml", "gone", "not a message")).findings
    assert plain.detail is None


def test_chinese_findings_space_an_id_from_the_words_after_it(tmp_path: Path,
                                                             base_text: str) -> None:
    early = base_text.replace("start: M1, end: 2027-01-31", "start: 2026-12-01, end: 2027-01-31")
    english = check_file(write_file(tmp_path, "en.yaml", early))
    messages = [f.message for f in in_language(english, "zh-CN").findings
                if f.rule == "timeline-outside-period"]
    assert messages and messages[0].startswith("任务 'T1' 于 2026年12月1日 开始，早于计划期开始")


def test_findings_are_written_in_the_chosen_language(tmp_path: Path, base_text: str) -> None:
    late = base_text.replace("launch: 2027-03-01", "launch: 2028-03-01")
    english = check_file(write_file(tmp_path, "en.yaml", late))
    chinese = in_language(english, "zh-CN")
    assert chinese.language == "zh-CN"
    assert chinese.findings[0].message.startswith("上线日（meta.launch）在 2028年3月1日")
    assert in_language(english).language == "en"
    assert in_language(english, None, "zh-CN").language == "en"  # the plan says en
    unset = check_file(write_file(tmp_path, "unset.yaml", late.replace("  language: en\n", "")))
    assert in_language(unset, None, "zh-CN").language == "zh-CN"  # then the project
    said = check_file(write_file(tmp_path, "zh.yaml",
                                 late.replace("language: en", "language: zh-CN")))
    assert in_language(said, None, "en").language == "zh-CN"
    odd = check_file(write_file(tmp_path, "odd.yaml", late.replace("language: en",
                                                                   "language: 5")))
    assert in_language(odd, None, "zh-CN").language == "zh-CN"  # not a language: passed over


def test_a_logo_is_looked_for_beside_the_plan_not_in_the_current_folder(
        tmp_path: Path, base_text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    picture = (EXAMPLES / "brand" / "qingyang-logo.png").read_bytes()
    plan = write_file(tmp_path / "plans", "plan.yaml",
                      base_text.replace(LAUNCH, LAUNCH + "  logo: brand/logo.png\n"))
    (tmp_path / "brand").mkdir()
    (tmp_path / "brand" / "logo.png").write_bytes(picture)
    monkeypatch.chdir(tmp_path)  # where a logo is, but not the plan's folder
    assert _rules(check_file(plan.relative_to(tmp_path))) == ["references-logo"]
    (tmp_path / "brand").rename(tmp_path / "plans" / "brand")
    assert check_file(plan.relative_to(tmp_path)).findings == []
