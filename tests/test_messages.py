"""The message catalogues: the same keys in every language, each used, each choosable.

Every finding with a catalogue message is written in both languages; the language is
chosen by ``--lang``, ``MKTPLAN_LANG``, the plan, the project and the locale, in that order.
"""

from __future__ import annotations

import json
import re
import string
from decimal import Decimal
from pathlib import Path

import pytest

from mktplan.findings import Amount, msg
from mktplan.load.source import parse_yaml
from mktplan.rules.pipeline import check_file, in_language
from mktplan.rules.registry import RULES_BY_ID
from mktplan.text import messages
from mktplan.text.messages import CHINESE, ENGLISH, LANGUAGES, catalogue, choose, render

from .conftest import FIXTURES, run_cli, write_file

SOURCE = Path(messages.__file__).resolve().parent.parent
#: a key as code names it: msg("…"), say("…"), Message("…"), possibly an f-string
_KEY_USE = re.compile(
    r"""(?:\bmsg|\bsay|\bMessage)\(\s*(f?)(["'])([a-z][a-zA-Z0-9.{}()\[\]_ -]*)\2""")
#: any string literal that may be a key, e.g. one of two keys chosen before ``msg(key)``
_LITERAL = re.compile(r"""(["'])([a-z][a-z0-9-]*(?:\.[a-z0-9-]+)+)\1""")
FAMILIES = sorted({path.parent.name for path in FIXTURES.rglob("*.yaml")
                   if path.parent != FIXTURES})
CJK = re.compile("[\u4e00-\u9fff]")
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|“[^”]*”")
_ENGLISH_WORDS = re.compile(r"\b[A-Za-z]+(?:[ ,]+[A-Za-z]+){3,}\b")


def english_left(message: str) -> str | None:
    """Four or more English words in a row outside quotes (plan text is quoted), or None."""
    found = _ENGLISH_WORDS.search(_QUOTED.sub("", message))
    return found[0] if found else None
CHINESE_PUNCTUATION = re.compile("[，；：（）？]")


def used_keys() -> tuple[set[str], list[re.Pattern[str]]]:
    """The keys the code names outright, and patterns for those it names in f-strings."""
    literal: set[str] = set()
    patterns: list[re.Pattern[str]] = []
    for path in SOURCE.rglob("*.py"):
        code = path.read_text(encoding="utf-8")
        literal.update(match[2] for match in _LITERAL.finditer(code))
        for match in _KEY_USE.finditer(code):
            key = match[3]
            if match[1]:
                parts = re.split(r"\{[^}]*\}", key)
                patterns.append(re.compile("[a-z0-9.-]+".join(map(re.escape, parts))))
            else:
                literal.add(key)
    patterns.append(re.compile(r"rules\.[a-z-]+"))  # commands/rules.py: one per rule
    return literal, patterns


def called_keys() -> set[str]:
    """The keys named outright in msg/say/Message calls (each must be in the catalogues)."""
    return {match[3] for path in SOURCE.rglob("*.py")
            for match in _KEY_USE.finditer(path.read_text(encoding="utf-8")) if not match[1]}


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogues_are_strict_yaml(language: str) -> None:
    """No duplicate keys (a plain YAML loader would keep the last silently), no tags."""
    path = SOURCE / "text" / f"messages.{language}.yaml"
    assert parse_yaml(path.read_text(encoding="utf-8"), str(path)).findings == []


def test_every_key_is_in_both_catalogues() -> None:
    english, chinese = catalogue(ENGLISH), catalogue(CHINESE)
    assert sorted(set(english) - set(chinese)) == []
    assert sorted(set(chinese) - set(english)) == []


@pytest.mark.parametrize("key", sorted(catalogue(ENGLISH)))
def test_both_languages_take_the_same_arguments(key: str) -> None:
    assert fields(catalogue(CHINESE)[key]) == fields(catalogue(ENGLISH)[key])
    assert "|" not in catalogue(CHINESE)[key]  # Chinese has no plural forms


def test_every_key_used_is_in_the_catalogues_and_every_key_is_used() -> None:
    named = called_keys()
    literal, patterns = used_keys()
    keys = set(catalogue(ENGLISH))
    assert sorted(named - keys) == []
    assert [p.pattern for p in patterns if not any(p.fullmatch(key) for key in keys)] == []
    unused = [key for key in keys
              if key not in literal and not any(p.fullmatch(key) for p in patterns)]
    assert unused == []


def test_rule_summaries_are_the_docstrings_and_every_rule_has_one() -> None:
    english = catalogue(ENGLISH)
    assert {key.removeprefix("rules.") for key in english if key.startswith("rules.")} == set(
        RULES_BY_ID)
    for rule_id, rule in RULES_BY_ID.items():
        assert english[f"rules.{rule_id}"] == rule.summary
        assert CJK.search(catalogue(CHINESE)[f"rules.{rule_id}"])


def test_money_is_the_deliverables_money_in_chinese() -> None:
    message = msg("budget.over-total.lines", lines=Amount(Decimal("950000"), "CNY"))
    assert render(message, ENGLISH) == "the budget lines (CNY 950,000)"
    assert render(message, CHINESE) == "预算项（95万元）"
    big = msg("budget.over-total.lines", lines=Amount(Decimal("150000000"), "CNY"))
    assert render(big, CHINESE) == "预算项（1.5亿元）"


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_each_fixture_family_checks_in_both_languages(family: str, language: str) -> None:
    for path in sorted((FIXTURES / family).glob("*.yaml")):
        english = check_file(path)
        shown = in_language(english, language)
        assert shown.language == language
        assert [(f.rule, f.line, f.column) for f in shown.findings] == [
            (f.rule, f.line, f.column) for f in english.findings]
        for before, after in zip(english.findings, shown.findings, strict=True):
            if language == ENGLISH:
                assert after.message == before.message
            else:  # every finding translated: Chinese text, and no English sentence left
                assert before.detail is not None, before.message
                assert CJK.search(after.message), after.message
                assert after.message != before.message
                assert english_left(after.message) is None, after.message


def test_the_slip_fixtures_are_chinese_under_zh() -> None:
    for name in ("fullwidth-colon", "fullwidth-comma", "indentation-tab", "chinese-quotes",
                 "colon-in-list"):
        code, out, _ = run_cli("check", "--lang", "zh-CN", "--format", "json",
                               FIXTURES / "schema" / f"schema-{name}.yaml")
        finding = json.loads(out)["files"][0]["findings"][0]
        assert code == 1 and CJK.search(finding["message"])
        assert set(finding) == {"rule", "severity", "line", "column", "message", "path"}


def test_choice_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MKTPLAN_LANG", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert choose() == ENGLISH
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert choose() == CHINESE
    assert choose(project="en") == ENGLISH  # the project before the locale
    assert choose(plan="zh-CN", project="en") == CHINESE  # the plan before the project
    monkeypatch.setenv("MKTPLAN_LANG", "en")
    assert choose(plan="zh-CN") == ENGLISH  # the variable before the plan
    assert choose("zh", plan="en") == CHINESE  # --lang before everything


def test_a_chinese_plan_is_checked_in_chinese_unless_asked(tmp_path: Path,
                                                           base_text: str) -> None:
    plan = write_file(tmp_path, "plan.yaml", base_text.replace(
        "language: en", "language: zh-CN").replace('total: "100万"', 'total: "98万"'))
    code, out, _ = run_cli("check", plan)
    assert code == 1
    assert "预算项（95万元）加上预留金（49,000元）合计 99.9万元" in out
    assert "1 个文件中共有 1 个错误" in out
    _, out, _ = run_cli("check", plan, env={"MKTPLAN_LANG": "en"})
    assert "the budget lines (CNY 950,000) plus the reserve (CNY 49,000)" in out
    _, out, _ = run_cli("check", "--lang", "en", "--format", "sarif", plan)
    assert "CNY 950,000" in out
    _, out, _ = run_cli("check", "--format", "github", plan)
    assert "95万元" in out


def test_the_project_language_applies_to_plans_without_one(tmp_path: Path,
                                                           base_text: str) -> None:
    write_file(tmp_path, ".mktplan.yaml", "language: zh-CN\n")
    clean = write_file(tmp_path, "plan.yaml", base_text.replace("  language: en\n", ""))
    assert run_cli("check", clean)[1] == "计划没有问题\n"
    english = write_file(tmp_path, "en.yaml", base_text)
    assert run_cli("check", english)[1] == "The plan is clean\n"


def test_build_lines_follow_the_language(tmp_path: Path, base_text: str) -> None:
    plan = write_file(tmp_path, "plan.yaml", base_text)
    code, out, _ = run_cli("build", "--lang", "zh-CN", "-f", "md", "-o", tmp_path / "out", plan)
    assert code == 0
    assert "已写入" in out and "写入 1 个文件，0 个未改变" in out
    _, out, _ = run_cli("build", "--lang", "zh-CN", "--check", "-f", "md", "-o",
                        tmp_path / "out", plan)
    assert "已检查 1 个文件，全部是最新的" in out


def test_an_unknown_language_is_a_usage_error(tmp_path: Path, base_text: str) -> None:
    plan = write_file(tmp_path, "plan.yaml", base_text)
    code, _, err = run_cli("check", "--lang", "fr", plan)
    assert code == 2 and "unknown language 'fr'" in err


def test_rules_summaries_in_chinese() -> None:
    code, out, _ = run_cli("rules", "--lang", "zh-CN", "--format", "json")
    data = json.loads(out)
    assert code == 0
    summaries = {rule["id"]: rule["summary"] for rule in data["rules"]}
    assert summaries["budget-over-total"] == "预算项加上预留金超过了总预算。"


def test_gitlab_fingerprints_are_the_same_in_every_language(tmp_path: Path,
                                                          base_text: str) -> None:
    plan = write_file(tmp_path, "plan.yaml", base_text.replace('total: "100万"', 'total: "98万"'))
    reports = [json.loads(run_cli("check", "--lang", language, "--format", "gitlab", plan)[1])
               for language in LANGUAGES]
    assert reports[0][0]["fingerprint"] == reports[1][0]["fingerprint"]
    assert reports[0][0]["description"] != reports[1][0]["description"]


def test_a_diff_of_two_chinese_plans_is_in_chinese(tmp_path: Path) -> None:
    case = Path(__file__).parent / "diff_cases" / "cjk"
    code, out, _ = run_cli("diff", case / "old.yaml", case / "new.yaml")
    assert code == 0
    assert "计划对比" in out and "总预算" in out and "289.5万元" in out
    assert "2027年11月30日" in out and "-31 天" in out
    english = write_file(tmp_path, "en.yaml", (case / "new.yaml").read_text(
        encoding="utf-8").replace("language: zh-CN", "language: en"))
    _, out, _ = run_cli("diff", case / "old.yaml", english)
    assert "Plan diff" in out and "Budget total" in out and "CNY 2,895,000" in out


#: one plan mistake per value syntax (and pydantic's own wording): (old, new) in the base
#: plan, and a piece of the Chinese message
VALUE_SLIPS = {
    "money": ('total: "100万"', 'total: "100w"', "不是有效的金额"),
    "money-places": ('total: "100万"', 'total: "100.123456789"', "位小数"),
    "money-type": ('total: "100万"', "total: [1]", "这里应是金额，而不是列表"),
    "share": ('reserve: "5%"', 'reserve: "150%"', "必须在 0% 到 100% 之间"),
    "change": ("target: 30000\n    unit", 'target_change: "+50"\n    unit', "不是相对变化"),
    "calendar-date": ("end: 2027-12-31", "end: 2027-02-30", "2027年2月只有 28 天"),
    "month-number": ("end: 2027-12-31", "end: 2027-13-01", "没有 13 月"),
    "year": ("end: 2027-12-31", "end: 2427-12-31", "请使用 1900 到 2199 年之间的年份"),
    "plan-month": ("deadline: M6", "deadline: M40", "必须在 M1 到 M36 之间"),
    "date": ("deadline: M6", "deadline: soon", "不是日期"),
    "absolute-date": ("end: 2027-12-31", "end: M12", "必须是确定的 ISO 日期"),
    "anchor": ("  launch: 2027-03-01\n", "", "但没有设置 meta.launch"),
    "id": ("id: G1", "id: G 1", "不是有效的 id"),
    "device": ("id: base", "id: con", "在 Windows 上是设备名"),
    "time-zone": ("currency: CNY", "currency: CNY\n  timezone: Asia/Shanghia",
                  "不是 IANA 时区（是不是 'Asia/Shanghai'？）"),
    "conflict": ("target: 30000\n    unit", 'target: 30000\n    target_change: "+50%"\n    unit',
                 "只能写一个"),
    "version": ("mktplan: 1", "mktplan: 2", "不支持的格式版本 '2'"),
    "bound": ("duration_days: 30", "duration_days: 0", "duration_days：应大于或等于 1，实际是 0"),
    "choice": ("frequency: monthly", "frequency: hourly", "'daily'、'weekly'"),
}


@pytest.mark.parametrize("slip", sorted(VALUE_SLIPS))
def test_value_errors_are_written_in_chinese(tmp_path: Path, base_text: str,
                                             slip: str) -> None:
    old, new, chinese = VALUE_SLIPS[slip]
    assert old in base_text
    plan = write_file(tmp_path, "plan.yaml", base_text.replace(old, new, 1))
    code, out, _ = run_cli("check", "--lang", "zh-CN", "--format", "json", plan)
    findings = json.loads(out)["files"][0]["findings"]
    assert code == 1, findings
    shown = [finding["message"] for finding in findings]
    assert any(chinese in message for message in shown), shown
    assert [message for message in shown if english_left(message)] == []
    _, out, _ = run_cli("check", "--lang", "en", "--format", "json", plan)
    assert all(not CJK.search(finding["message"]) or "万" in finding["message"]
               for finding in json.loads(out)["files"][0]["findings"])


def test_a_choice_list_ends_with_the_languages_or(tmp_path: Path, base_text: str) -> None:
    plan = write_file(tmp_path, "plan.yaml",
                      base_text.replace("frequency: monthly", "frequency: hourly"))
    _, out, _ = run_cli("check", "--lang", "en", plan)
    assert "choose one of: 'daily', 'weekly', 'monthly' or 'quarterly'" in out
    _, out, _ = run_cli("check", "--lang", "zh-CN", plan)
    assert "'daily'、'weekly'、'monthly'或'quarterly'" in out


def test_the_expansion_limit_is_written_in_chinese() -> None:
    path = FIXTURES / "schema" / "schema-expansion-too-large.yaml"
    message = in_language(check_file(path), CHINESE).findings[0].message
    assert "超过了 1,000,000 项的上限" in message and "MKTPLAN_MAX_EXPANDED" in message
    assert english_left(message) is None


def test_a_missing_file_is_named_in_chinese(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    code, out, _ = run_cli("check", "--lang", "zh-CN", missing)
    assert code == 2 and "错误 [schema-file-unreadable] 没有这个文件" in out
    code, _, err = run_cli("build", "--lang", "zh-CN", "-o", tmp_path / "out", missing)
    assert code == 2 and err == "mktplan: nope.yaml: 没有这个文件\n".replace(
        "nope.yaml", str(missing))
    code, _, err = run_cli("build", "--lang", "en", "-o", tmp_path / "out", missing)
    assert code == 2 and err == f"mktplan: {missing}: no such file\n"


def test_diff_names_a_missing_side_in_chinese(tmp_path: Path, base_text: str) -> None:
    plan = write_file(tmp_path, "plan.yaml", base_text)
    missing = tmp_path / "nope.yaml"
    code, _, err = run_cli("diff", "--lang", "zh-CN", plan, missing)
    assert code == 2 and f"mktplan: {missing}: 没有这个文件" in err


def test_a_folder_without_plans_is_said_in_chinese(tmp_path: Path, base_text: str) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    for command in ("check", "build"):
        code, _, err = run_cli(command, "--lang", "zh-CN", empty)
        assert code == 2 and err == f"mktplan: {empty}：这个文件夹里没有 *.yaml 或 *.yml 文件\n"
    code, _, err = run_cli("check", "--lang", "en", empty)
    assert err == f"mktplan: {empty}: the folder holds no *.yaml or *.yml files\n"
    plan = write_file(tmp_path, "plan.yaml", base_text)
    code, _, err = run_cli("build", "--lang", "zh-CN", "--templates", tmp_path / "none", plan)
    assert code == 2 and err == f"mktplan: {tmp_path / 'none'}：模板文件夹不存在\n"


def test_label_override_warnings_are_said_in_chinese(tmp_path: Path, base_text: str) -> None:
    templates = tmp_path / "templates"
    write_file(templates, "i18n/en.yaml", "sectoins: {goals: X}\n")
    write_file(templates, "i18n/fr.yaml", "sections: {goals: Objectifs}\n")
    plan = write_file(tmp_path, "plan.yaml", base_text)
    _, _, err = run_cli("build", "--lang", "zh-CN", "-f", "md", "--templates", templates,
                        "-o", tmp_path / "out", plan)
    assert (f"mktplan: 警告：{templates / 'i18n' / 'en.yaml'}:1:1：未知的键 'sectoins'；"
            "标签目录只有 sections、subsections") in err
    assert "mktplan 没有 'fr' 的标签目录（只有 en、zh-CN），所以这个文件不会被使用" in err
    _, _, err = run_cli("build", "--lang", "en", "-f", "md", "--templates", templates,
                        "-o", tmp_path / "out", plan)
    assert "mktplan: warning: " in err and "unknown key 'sectoins'" in err


def test_the_progress_text_is_in_the_catalogues() -> None:
    assert render(msg("build.progress"), CHINESE) == "正在生成"
    assert render(msg("build.progress"), ENGLISH) == "Building"
# --- the review: its findings in both languages ---------------------------------------
ROOT = SOURCE.parent.parent
DOUYIN = ROOT / "examples" / "douyin-account.zh-CN.yaml"
SME = ROOT / "examples" / "sme-growth.en.yaml"
#: a file of actuals against the Chinese example with one of each mistake
MISTAKES = ("date,line,amount\n2027-03-01,dou-bost,100\n2027-02-30,dou-boost,100\n"
            "2026-12-31,dou-boost,100\n2027-03-01,dou-boost,12k\n2027-03-01,dou-boost,5\n"
            "2027-03-01,qianchuan,5\n2027-03-01,dou-boost,5\n2027-03-03,dou-boost\n"
            "2027-07-01,dou-boost,5\n")


def _review_findings(language: str, *args: str | Path) -> list[dict[str, object]]:
    _, out, _ = run_cli("review", "--lang", language, "-f", "json", *args)
    return [finding for record in json.loads(out)["files"] for finding in record["findings"]]


@pytest.mark.parametrize("case", [
    (DOUYIN, ROOT / "examples" / "douyin-account.zh-CN-actuals.csv"),
    (SME, ROOT / "tests" / "review_cases" / "sme-growth.en-actuals.csv", "--as-of",
     "2027-03-31"),
    (DOUYIN, "MISTAKES", "--as-of", "2027-06-30"),
], ids=["douyin", "sme-growth", "actuals-mistakes"])
def test_each_review_case_reviews_in_both_languages(tmp_path: Path,
                                                    case: tuple[str | Path, ...]) -> None:
    args = [write_file(tmp_path, "a.csv", MISTAKES) if arg == "MISTAKES" else arg
            for arg in case]
    english = [f for f in _review_findings("en", *args) if str(f["rule"]).startswith("review-")]
    chinese = [f for f in _review_findings("zh-CN", *args)
               if str(f["rule"]).startswith("review-")]
    assert len(english) >= 3
    assert [(f["rule"], f["line"], f["column"]) for f in chinese] == [
        (f["rule"], f["line"], f["column"]) for f in english]
    for before, after in zip(english, chinese, strict=True):
        assert not CHINESE_PUNCTUATION.search(str(before["message"])), before
        assert CJK.search(str(after["message"])) and after["message"] != before["message"]


def test_the_review_mistakes_in_chinese(tmp_path: Path) -> None:
    actuals = write_file(tmp_path, "a.csv", MISTAKES)
    found = {(f["rule"], f["line"]): f["message"]
             for f in _review_findings("zh-CN", DOUYIN, actuals, "--as-of", "2027-06-30")}
    assert found[("review-actuals-unknown-id", 2)] == (
        "'dou-bost' 不是计划中预算项的编号（是不是 'dou-boost'？）；该行未计入")
    assert found[("review-actuals-outside-period", 4)] == (
        "2026年12月31日 不在计划期内（2027年1月1日 至 2027年12月31日）；该行未计入")
    assert found[("review-actuals-row", 9)] == "该行有 2 个单元格，而表头有 3 个；该行未计入"
    assert found[("review-actuals-after-as-of", 10)] == (
        "2027年7月1日 晚于复盘日期 2027年6月30日；该行未计入")
    assert found[("review-actuals-date", 3)] == (
        "日期无法读取：'2027-02-30' 不是实际存在的日期；该行未计入")
    assert str(found[("review-actuals-amount", 5)]).startswith("金额无法读取：")
    percent = write_file(tmp_path, "k.csv", "date,kpi,value\n2027-03-01,monthly_views,5%\n")
    assert [f["message"] for f in _review_findings("zh-CN", DOUYIN, percent)
            if f["rule"] == "review-actuals-amount"] == [
        "数值无法读取：'5%' 是百分比，但该 KPI 不以 % 计量；请只写数字"]
    doubled = write_file(tmp_path, "b.csv", "date,line,amount\n2027-03-01,dou-boost,100\n"
                         "2027-03-01,qianchuan,5\n2027-03-01,dou-boost,100\n")
    assert [f["message"] for f in _review_findings("zh-CN", DOUYIN, doubled)
            if f["rule"] == "review-actuals-duplicate"] == [
        "该行与第 2 行完全相同；两行都已计入（如果是重复导出，请删除其中一行）"]


@pytest.mark.parametrize("text", [
    "date,lien,amount\n2027-03-01,ads,1\n", "date,amount\n2027-03-01,1\n",
    "date,line,line\n", "date,kind,amount\n", "date,line,kpi,amount\n", "date,line\n",
    "", "date,line,amount\n", "mktplan: 1\n",
], ids=["typo", "no-id", "twice", "kind", "two-ids", "no-amount", "empty", "header-only",
        "a-plan"])
def test_every_header_and_file_problem_is_chinese(tmp_path: Path, text: str) -> None:
    actuals = write_file(tmp_path, "a.csv", text)
    found = _review_findings("zh-CN", DOUYIN, actuals, "--as-of", "2027-06-30")
    mine = [f for f in found if str(f["rule"]).startswith("review-actuals-")]
    assert len(mine) == 1 and CJK.search(str(mine[0]["message"])), found


def test_a_chinese_review_builds_chinese_findings(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    run_cli("review", "--lang", "zh-CN", SME, ROOT / "tests" / "review_cases" /
            "sme-growth.en-actuals.csv", "--as-of", "2027-03-31", "--build", "md,xlsx", "-o",
            tmp_path)
    markdown = next(tmp_path.glob("*-review.md")).read_text(encoding="utf-8")
    over = "'sem-test' 截至 2027年3月31日 已花费 36,000元，比其成本 30,000元 多出 6,000元"
    assert over in markdown
    book = load_workbook(next(tmp_path.glob("*-review.xlsx")))
    messages = [row[3] for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
                if len(row) > 3 and row[1] == "review-over-cost"]
    assert messages == [over]


def test_the_review_language_is_chosen_as_checks() -> None:
    args = ("review", "-f", "json", DOUYIN, ROOT / "examples" / "douyin-account.zh-CN-actuals.csv")

    def pacing(*more: str, env: dict[str, str] | None = None) -> str:
        _, out, _ = run_cli(*args, *more, env=env)
        return next(str(f["message"]) for f in json.loads(out)["files"][0]["findings"]
                    if f["rule"] == "review-pacing")

    assert pacing().startswith("'dou-boost' 截至")  # the plan's meta.language
    assert pacing(env={"MKTPLAN_LANG": "en"}).startswith("'dou-boost' is 34.3% over plan")
    assert pacing("--lang", "zh", env={"MKTPLAN_LANG": "en"}).startswith("'dou-boost' 截至")
    code, _, err = run_cli(*args, "--lang", "fr")
    assert code == 2 and "unknown language 'fr'" in err


def test_init_speaks_the_new_plans_language(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MKTPLAN_LANG", raising=False)
    plan = tmp_path / "plan.yaml"
    code, out, _ = run_cli("init", "--lang", "zh-CN", plan)
    assert code == 0 and out == (f"已创建 {plan}（中小企业年度计划，zh-CN）。编辑后运行\n"
                                 f"  mktplan check {plan}\n  mktplan build {plan}\n")
    code, _, err = run_cli("init", "--lang", "zh-CN", plan)
    assert code == 2 and err == f"mktplan: {plan} 已经存在；请换一个名字，或用 --force 替换它\n"
    code, _, err = run_cli("init", "--lang", "zh-CN", tmp_path)
    assert code == 2 and err == f"mktplan: {tmp_path} 是文件夹；请给出要创建的计划文件的名字\n"
    _, _, err = run_cli("init", "--lang", "zh-CN", plan, env={"MKTPLAN_LANG": "en"})
    assert "already exists; choose another name" in err


def test_templates_export_speaks_the_locales_language(tmp_path: Path) -> None:
    folder = tmp_path / "tt"
    code, out, _ = run_cli("templates", "export", folder,
                           env={"MKTPLAN_LANG": "", "LANG": "zh_CN.UTF-8"})
    lines = out.splitlines()
    assert code == 0 and lines[0].startswith(f"已导出 {folder}")
    assert re.fullmatch(f"{re.escape(str(folder))} 中有 \\d+ 个模板；编辑它们（不改动的可以删除），"
                        f"然后用 --templates {re.escape(str(folder))} 生成", lines[-1])
    _, out, _ = run_cli("templates", "export", "--force", folder, env={"MKTPLAN_LANG": "en"})
    assert out.splitlines()[0].startswith(f"exported {folder}")
