"""mktplan review: the command, its outputs, its rules, the figures and the workbook."""

from __future__ import annotations

import calendar
import json
import re
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mktplan.model.phasing import phase_budget
from mktplan.review.actuals import Known, read_actuals
from mktplan.review.analysis import planned_to_date, review
from mktplan.rules.pipeline import check_file
from mktplan.text.figures import round_to

from .conftest import EXAMPLES, ROOT, run_cli
from .regen_review_golden import CASES, golden_path, render

DOUYIN = EXAMPLES / "douyin-account.zh-CN.yaml"
DOUYIN_ACTUALS = EXAMPLES / "douyin-account.zh-CN-actuals.csv"
PLAN = check_file(DOUYIN).plan
assert PLAN is not None
PHASING = phase_budget(PLAN)


def _known(as_of: date | None = None) -> Known:
    assert PLAN is not None and PLAN.budget is not None
    return Known([line.id for line in PLAN.budget.lines], [kpi.id for kpi in PLAN.kpis],
                 frozenset(), [item.id for item in PLAN.returns], date(2027, 1, 1),
                 date(2027, 12, 31), as_of)


def _on_plan(through: date) -> str:
    """Spend exactly as phased, each month's amount on its last day, through a month."""
    rows = ["date,line,amount"]
    for line in PHASING.lines:
        for month, amount in line.months.items():
            last = month.replace(day=calendar.monthrange(month.year, month.month)[1])
            if last <= through and amount:
                rows.append(f"{last.isoformat()},{line.line_id},{amount}")
    return "\n".join(rows) + "\n"


@pytest.mark.parametrize(("plan", "actuals", "as_of"), CASES, ids=[c[0] for c in CASES])
def test_golden_markdown(plan: str, actuals: str, as_of: date | None,
                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    assert render(plan, actuals, as_of) == golden_path(plan).read_text(encoding="utf-8"), (
        "the review changed: run python tests/regen_review_golden.py and read the diff")


def test_the_example_fails_on_its_overspent_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    code, out, _ = run_cli("review", DOUYIN.relative_to(ROOT), DOUYIN_ACTUALS.relative_to(ROOT))
    assert code == 1  # in the plan's language, Chinese
    assert ("examples/douyin-account.zh-CN.yaml:266:7: 错误 [review-pacing] 'dou-boost' 截至 "
            "2027年5月31日 已花费 94,000元，比计划的 70,000元 超出 34.3%"
            "（允许的偏差为 25%）") in out
    assert "复盘截至 2027年5月31日（计划期已过 41.4%）\n  截至目前已花费 108.73万元" in out
    code, out, _ = run_cli("review", "--lang", "en", DOUYIN.relative_to(ROOT),
                           DOUYIN_ACTUALS.relative_to(ROOT))
    assert code == 1
    assert ("examples/douyin-account.zh-CN.yaml:266:7: error [review-pacing] 'dou-boost' is "
            "34.3% over plan to date (CNY 94,000 spent, CNY 70,000 planned by 2027-05-31; "
            "the limit is 25%)") in out
    assert "review as of 2027-05-31 (41.4% of the period)\n  spent CNY 1,087,333.35" in out


def test_a_review_on_plan_is_clean(tmp_path: Path) -> None:
    actuals = tmp_path / "a.csv"
    actuals.write_text(_on_plan(date(2027, 5, 31)), encoding="utf-8")
    code, out, err = run_cli("review", "--lang", "en", DOUYIN, actuals)
    assert (code, err) == (0, ""), out
    spent = re.search(r"spent (CNY [\d,.]+) of (CNY [\d,.]+) planned to date \(\+0%\)", out)
    assert spent is not None, out
    assert spent.group(1) == spent.group(2) != "CNY 0"


def test_rules_are_configured_in_the_plan(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    text = DOUYIN.read_text(encoding="utf-8").replace(
        "smart-achievable: {max_growth: 3}",
        "smart-achievable: {max_growth: 3}\n  review-pacing: {warning: 30, error: 70}\n"
        "  review-kpi-off-track: off")
    plan.write_text(text, encoding="utf-8")
    code, out, _ = run_cli("review", plan, DOUYIN_ACTUALS, "-f", "json")
    found = [f["rule"] + ":" + f["severity"] for record in json.loads(out)["files"]
             for f in record["findings"]]
    assert "review-kpi-off-track:warning" not in found
    # dou-boost +34 %, kol-collab −60 %, original-songs −33 %
    assert found.count("review-pacing:warning") == 3
    assert "review-pacing:error" in found  # data-tools: nothing of its plan spent
    assert code == 1


def test_json_github_and_sarif(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    args = ("review", "examples/douyin-account.zh-CN.yaml",
            "examples/douyin-account.zh-CN-actuals.csv")
    _, out, _ = run_cli(*args, "-f", "json")
    data = json.loads(out)
    line = next(row for row in data["review"]["lines"] if row["key"] == "dou-boost")
    assert (line["planned_to_date"], line["actual_to_date"], line["variance"]) == (
        "70000", "94000", "24000")
    assert data["review"]["as_of"] == "2027-05-31"
    pacing = next(finding for finding in data["files"][0]["findings"]
                  if finding["rule"] == "review-pacing")
    assert pacing["message"].startswith("'dou-boost' 截至 2027年5月31日 已花费 94,000元")
    _, out, _ = run_cli(*args, "-f", "github")
    assert ("::error file=examples/douyin-account.zh-CN.yaml,line=266,col=7,"
            "title=review-pacing::'dou-boost' 截至 2027年5月31日") in out
    _, out, _ = run_cli(*args, "-f", "github", "--lang", "en")
    assert ("::error file=examples/douyin-account.zh-CN.yaml,line=266,col=7,"
            "title=review-pacing::'dou-boost' is 34.3%25 over plan") in out
    _, out, _ = run_cli(*args, "-f", "sarif")
    run = json.loads(out)["runs"][0]
    assert "review-pacing" in [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert {result["ruleId"] for result in run["results"]} >= {"review-pacing"}


def test_actuals_findings_are_located_in_the_actuals(tmp_path: Path) -> None:
    actuals = tmp_path / "a.csv"
    actuals.write_text("date,line,amount\n2027-03-01,dou-bost,100\n", encoding="utf-8")
    code, out, _ = run_cli("review", DOUYIN, actuals, "--as-of", "2027-03-31")
    assert f"{actuals}:2:12: 错误 [review-actuals-unknown-id] 'dou-bost'" in out
    assert "'dou-bost' 不是计划中预算项的编号（是不是 'dou-boost'？）；该行未计入" in out
    assert "  2 | 2027-03-01,dou-bost,100" in out
    assert code == 1


def test_usage_and_io_problems_exit_2(tmp_path: Path) -> None:
    assert run_cli("review", DOUYIN)[0] == 2
    code, out, _ = run_cli("review", DOUYIN, tmp_path / "missing.csv")
    assert code == 2
    assert "review-actuals-unreadable" in out
    assert run_cli("review", DOUYIN, DOUYIN_ACTUALS, "--as-of", "2027-02-30")[0] == 2
    assert run_cli("review", tmp_path / "no-plan.yaml", DOUYIN_ACTUALS)[0] == 2


def test_a_plan_that_does_not_load_exits_1(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text("mktplan: 1\nmeta: {}\n", encoding="utf-8")
    code, out, _ = run_cli("review", plan, DOUYIN_ACTUALS)
    assert code == 1
    assert "schema-missing-key" in out


# --- properties -------------------------------------------------------------------------
DAYS = st.dates(min_value=date(2027, 1, 1), max_value=date(2027, 12, 31))
LINES = [line.line_id for line in PHASING.lines]
ROWS = st.lists(st.tuples(DAYS, st.sampled_from(LINES), st.integers(0, 10**7)), max_size=40)


@settings(max_examples=40, deadline=None)
@given(rows=ROWS, as_of=DAYS)
def test_variance_is_actual_minus_planned_to_date(tmp_path_factory: pytest.TempPathFactory,
                                                  rows: list[tuple[date, str, int]],
                                                  as_of: date) -> None:
    path = tmp_path_factory.mktemp("p") / "a.csv"
    path.write_text("date,line,amount,note\n" + "".join(
        f"{day.isoformat()},{line},{cents / 100},{index}\n"
        for index, (day, line, cents) in enumerate(rows)), encoding="utf-8")
    actuals = read_actuals([(path, "a.csv")], _known(as_of))
    assert PLAN is not None
    result = review(PLAN, actuals, as_of, Decimal("0.1"))
    for line, phased in zip(result.lines, PHASING.lines, strict=True):
        spent = sum((Decimal(cents) / 100 for day, key, cents in rows
                     if key == line.key and day <= as_of), Decimal(0))
        planned = Decimal(0)
        for month, amount in phased.months.items():
            if (month.year, month.month) < (as_of.year, as_of.month):
                planned += amount
            elif (month.year, month.month) == (as_of.year, as_of.month):
                days = calendar.monthrange(as_of.year, as_of.month)[1]
                planned += amount if line.once else round_to(amount * as_of.day / days, 2)
        assert line.actual == spent
        assert line.planned == planned
        assert line.variance == spent - planned


@settings(max_examples=12, deadline=None)
@given(month=st.integers(1, 12))
def test_a_line_spent_on_plan_forecasts_its_cost(tmp_path_factory: pytest.TempPathFactory,
                                                 month: int) -> None:
    through = date(2027, month, calendar.monthrange(2027, month)[1])
    path = tmp_path_factory.mktemp("p") / "a.csv"
    path.write_text(_on_plan(through), encoding="utf-8")
    actuals = read_actuals([(path, "a.csv")], _known())
    assert PLAN is not None
    result = review(PLAN, actuals, through, Decimal("0.1"))
    for line in result.lines:
        if line.scheduled and line.planned:
            assert line.variance == 0, line.key
            assert abs(line.forecast - line.cost) < Decimal("0.000001"), line.key


def test_planned_to_date_prorates_the_month_of_the_review() -> None:
    months = [(date(2027, 1, 1), Decimal(31)), (date(2027, 2, 1), Decimal(28))]
    assert planned_to_date(months, date(2027, 2, 14), once=False) == Decimal(45)
    assert planned_to_date(months, date(2027, 2, 14), once=True) == Decimal(59)


# --- deliverables -----------------------------------------------------------------------
def test_build_md_and_xlsx_with_live_formulas(tmp_path: Path, soffice: str) -> None:
    from openpyxl import load_workbook

    code, _, err = run_cli("review", DOUYIN, DOUYIN_ACTUALS, "--build", "md,xlsx", "-o",
                           tmp_path, "-f", "json")
    assert code == 1  # the findings; the files are written all the same
    book_path = tmp_path / "xingmang-douyin-2027-review.xlsx"
    assert (tmp_path / "xingmang-douyin-2027-review.md").read_text(
        encoding="utf-8").startswith("# 星芒少女团抖音账号 2027 年度运营计划月度复盘")
    sheet = load_workbook(book_path).worksheets[0]
    assert sheet["G5"].value.startswith("=SUMIFS('实际数据'!$D:$D,'实际数据'!$B:$B,\"spend\"")
    assert sheet["K12"].value == "=IF(F12>0,G12*E12/F12,G12+E12)"
    assert [type(chart).__name__ for chart in sheet._charts] == ["BarChart", "LineChart"]
    subprocess.run([soffice, "--headless", "--convert-to", "xlsx", "--outdir",
                    str(tmp_path / "lo"), str(book_path)], check=True, capture_output=True,
                   timeout=180)
    values = load_workbook(tmp_path / "lo" / book_path.name, data_only=True).worksheets[0]
    assert PLAN is not None
    actuals = read_actuals([(DOUYIN_ACTUALS, "a.csv")], _known())
    result = review(PLAN, actuals, date(2027, 5, 31), Decimal("0.1"))
    by_line = {row[0]: row for row in values.iter_rows(min_row=5, max_row=4 + len(result.lines),
                                                       values_only=True)}
    for line in result.lines:
        row = by_line[line.key]
        assert row[6] == pytest.approx(float(line.actual)), line.key
        assert row[7] == pytest.approx(float(line.variance)), line.key
        assert row[9] == pytest.approx(float(line.remaining)), line.key
        assert row[10] == pytest.approx(float(line.forecast)), line.key
    del err


def test_plan_text_is_never_a_formula(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    actuals = tmp_path / "a.csv"
    actuals.write_text('date,line,amount,note\n2027-03-01,styling,1,"=HYPERLINK(""x"")"\n',
                       encoding="utf-8")
    run_cli("review", DOUYIN, actuals, "--build", "xlsx", "-o", tmp_path)
    sheet = load_workbook(tmp_path / "xingmang-douyin-2027-review.xlsx").worksheets[1]
    assert sheet["E2"].value == '=HYPERLINK("x")'
    assert sheet["E2"].data_type == "s"
    assert sheet["E2"].quotePrefix


def test_template_round_trip(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    template = tmp_path / "actuals.xlsx"
    code, _, err = run_cli("review", DOUYIN, "--template", template)
    assert code == 0, err
    book = load_workbook(template)
    assert book.sheetnames == ["spend", "kpi", "return", "ids"]
    spend = book["spend"]
    assert [spend.cell(row, 2).value for row in range(2, 5)] == [
        "salary-members", "salary-ops", "salary-director"]
    assert {str(v.sqref) for v in spend.data_validations.dataValidation} >= {
        "A2:A2001", "B2:B2001", "C2:C2001"}
    code, out, _ = run_cli("review", DOUYIN, template)
    assert code == 1
    assert "review-actuals-empty" in out
    spend["A2"], spend["C2"] = date(2027, 1, 31), 40000
    book["kpi"]["A2"], book["kpi"]["C2"] = date(2027, 1, 31), 400000
    book.save(template)
    code, out, _ = run_cli("review", DOUYIN, template, "-f", "json")
    data = json.loads(out)["review"]
    assert data["as_of"] == "2027-01-31"
    assert data["lines"][0]["actual_to_date"] == "40000"
    assert data["kpis"][0]["latest"] == "400000"


def test_as_of_rows_after_it_are_warned(tmp_path: Path) -> None:
    code, out, _ = run_cli("review", DOUYIN, DOUYIN_ACTUALS, "--as-of", "2027-04-30",
                           "-f", "json")
    data = json.loads(out)
    rules = [f["rule"] for record in data["files"] for f in record["findings"]]
    assert "review-actuals-after-as-of" in rules
    assert data["review"]["as_of"] == "2027-04-30"
    del code, tmp_path




def test_word_and_pdf_report(tmp_path: Path, soffice: str) -> None:
    from docx import Document

    code, _, err = run_cli("review", DOUYIN, DOUYIN_ACTUALS, "--build", "docx,pdf", "-o",
                           tmp_path, "-f", "json")
    assert code == 1, err
    document = Document(str(tmp_path / "xingmang-douyin-2027-review.docx"))
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert texts[0] == "星芒少女团抖音账号 2027 年度运营计划月度复盘"
    assert "截至 2027年5月31日：计划周期已过 41.4%。" in texts
    assert {"预算执行", "按类别", "按渠道", "按月份", "按预算项", "KPI 与目标",
            "回报与投资回报率", "发现的问题"} <= set(texts)
    lines = document.tables[4]
    boost = next(row for row in lines.rows if row.cells[0].text == "dou-boost")
    assert [cell.text for cell in boost.cells[3:7]] == [
        "70,000元", "94,000元", "24,000元", "+34.3%"]
    styles = document.styles.element.xml
    assert 'w:eastAsia="宋体"' in styles  # the default theme's Simplified Chinese face
    assert "eastAsiaTheme" not in styles
    assert (tmp_path / "xingmang-douyin-2027-review.pdf").read_bytes().startswith(b"%PDF")
    del soffice


def test_a_comment_silences_a_review_finding_and_check_does_not_call_it_unused(
        tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    text = DOUYIN.read_text(encoding="utf-8").replace(
        "    - {id: dou-boost,", "    # mktplan: disable=review-pacing -- the 618 push\n"
        "    - {id: dou-boost,")
    plan.write_text(text, encoding="utf-8")
    code, out, _ = run_cli("check", plan)
    assert (code, "suppression-unused" in out) == (0, False), out
    _, out, _ = run_cli("review", plan, DOUYIN_ACTUALS, "-f", "json")
    found = [(f["rule"], f["message"].split("'")[1]) for record in json.loads(out)["files"]
             for f in record["findings"]]
    assert ("review-pacing", "dou-boost") not in found
    assert ("review-forecast-over-cost", "dou-boost") in found
    assert ("review-pacing", "kol-collab") in found


@settings(max_examples=20, deadline=None)
@given(as_of=DAYS)
def test_the_months_add_up_to_the_lines(as_of: date) -> None:
    assert PLAN is not None
    actuals = read_actuals([(DOUYIN_ACTUALS, "a.csv")], _known(as_of))
    result = review(PLAN, actuals, as_of, Decimal("0.1"))
    assert sum((month.planned for month in result.months), Decimal(0)) == sum(
        (line.planned for line in result.lines), Decimal(0))
    assert sum((month.actual for month in result.months), Decimal(0)) == result.total.actual
