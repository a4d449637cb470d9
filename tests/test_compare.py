"""``build --compare`` and ``meta.compare``: the chapter "Compared with last year" everywhere."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.document import Document

from .conftest import EXAMPLES, FIXTURES, ROOT, run_cli, write_file
from .regen_golden import COMPARE_GOLDEN, compare_cases, render_markdown

CASES = ROOT / "tests" / "compare_cases"
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def build(plan: Path, out: Path, *extra: str | Path) -> tuple[int, str, str]:
    return run_cli("build", plan, "-o", out, "-j", "1", *extra)


def docx_of(folder: Path, plan_id: str) -> Document:
    return docx.Document(str(folder / f"{plan_id}.docx"))


def table_after(document: Document, heading: str) -> list[list[str]]:
    """The rows of the first table after the heading ``heading`` in the compared chapter."""
    body = document.element.body
    chapter = found = False
    for element in body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        style = element.xpath("string(w:pPr/w:pStyle/@w:val)") if tag == "p" else ""
        text = "".join(element.itertext()).strip() if "Heading" in style else ""
        chapter = chapter or text.endswith("Compared with last year")
        if chapter and text.endswith(heading):
            found = True
        elif found and tag == "tbl":
            table = docx.table.Table(element, document)
            return [[cell.text for cell in row.cells] for row in table.rows]
    raise AssertionError(f"no table after the heading {heading!r}")


# -- Markdown: golden files --------------------------------------------------------------
@pytest.mark.parametrize(("example", "old"), compare_cases(), ids=lambda p: p.name)
def test_markdown_with_compare_matches_golden_file(example: Path, old: Path) -> None:
    golden = COMPARE_GOLDEN / f"{example.stem}.md"
    assert golden.is_file(), "run: python tests/regen_golden.py"
    assert render_markdown(example, old) == golden.read_bytes(), (
        f"{golden.name} is stale; run python tests/regen_golden.py and review the diff")


def test_every_compare_case_is_an_example() -> None:
    assert [example.name for example, _ in compare_cases()] == [
        "douyin-account.zh-CN.yaml", "sme-growth.en.yaml"]
    assert all(example.is_file() for example, _ in compare_cases())


def test_the_chinese_golden_file_speaks_chinese_and_counts_in_wan() -> None:
    text = (COMPARE_GOLDEN / "douyin-account.zh-CN.md").read_text(encoding="utf-8")
    chapter = text[text.index("## 13. 与上年对比"):]
    assert "| 预算总额 | 290万元 | 300万元 | +10万元（+3.4%） |" in chapter
    assert "| 达人合作 | 90,000元 | 15万元 | +60,000元（+66.7%） |" in chapter
    assert "| 上年 | 本年 | 变化 |" in chapter
    assert "| 预算明细 | sentiment 舆情监测服务 | 新增 |" in chapter


def test_goal_and_kpi_targets_carry_their_units_and_rates_change_in_points() -> None:
    for name, rows in (
        ("douyin-account.zh-CN.md", (
            "| G1：12 月底前抖音主账号粉丝从 38 万增长至 100 万 | 800,000人 | 1,000,000人 "
            "| +200,000人（+25%） |",
            "| G6：全年账号营收从 160 万元增长至 400 万元 | 400万元 | 400万元 |  |",
            "| completion\\_rate：短视频完播率 | 38% | 38% |  |",
            "| 净投资回报率 | 57.2% | 50.9% | -6.3 个百分点 |")),
        ("sme-growth.en.md", (
            "| G4: Bring blended customer acquisition cost down from CNY 68 to CNY 48 by "
            "December | CNY 48 | CNY 48 |  |",)),
    ):
        text = (COMPARE_GOLDEN / name).read_text(encoding="utf-8")
        for row in rows:
            assert row in text, row


def test_a_rate_target_that_moves_changes_in_points(tmp_path: Path, base_text: str) -> None:
    kpi = ('  - {id: cvr, name: 转化率, category: conversion, unit: "%", baseline: 2, '
           'target: TARGET, direction: at_least, frequency: monthly}\n')
    old = base_text.replace("language: en", "language: zh-CN").replace(
        "kpis:\n", "kpis:\n" + kpi.replace("TARGET", "3"))
    new = old.replace("target: 3, direction", "target: 5.5, direction")
    kpis = markdown_table(_compared_md(tmp_path, old, new), "KPI 目标值")
    assert ["cvr：转化率", "3%", "5.5%", "+2.5 个百分点（+83.3%）"] in kpis, kpis


# -- Word ---------------------------------------------------------------------------------
def test_docx_has_the_chapter_with_old_new_and_change(tmp_path: Path) -> None:
    code, out, err = build(EXAMPLES / "sme-growth.en.yaml", tmp_path, "-f", "docx",
                           "--compare", CASES / "sme-growth.en.yaml")
    assert code == 0, out + err
    document = docx_of(tmp_path, "lanes-coffee-2027")
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert any(text.endswith("Compared with last year") for text in headings)
    rows = table_after(document, "Budget")
    assert rows[0] == ["Figure", "Last year", "This year", "Change"]
    assert ["Budget total", "CNY 1,700,000", "CNY 1,800,000", "+CNY 100,000 (+5.9%)"] in rows
    listed = table_after(document, "Channels and activities added and removed")
    assert ["added", "Activities", "summer-cold-brew-pass", "Cold Brew Summer Pass"] in listed
    items = table_after(document, "Every change, item by item")
    assert ["Budget lines", "koc Xiaohongshu local KOC visits (60 creators)", "changed",
            "Quantity", "40", "60", "+20 (+50%)"] in items


def test_docx_has_a_native_chart_of_both_years_budget_by_category(tmp_path: Path) -> None:
    import zipfile

    code, out, err = build(EXAMPLES / "douyin-account.zh-CN.yaml", tmp_path, "-f", "docx",
                           "--compare", CASES / "douyin-account.zh-CN.yaml")
    assert code == 0, out + err
    with zipfile.ZipFile(tmp_path / "xingmang-douyin-2027.docx") as package:
        charts = [package.read(name).decode("utf-8") for name in package.namelist()
                  if name.startswith("word/charts/chart") and name.endswith(".xml")]
    compared = [xml for xml in charts if "上年" in xml and "本年" in xml and "达人合作" in xml]
    assert len(compared) == 1
    assert compared[0].count("<c:ser>") == 2 and "达人合作" in compared[0]
    assert "<c:legend>" in compared[0]


def test_without_compare_there_is_no_chapter(tmp_path: Path) -> None:
    code, _, _ = build(EXAMPLES / "sme-growth.en.yaml", tmp_path, "-f", "docx,md")
    assert code == 0
    assert "Compared with last year" not in (tmp_path / "lanes-coffee-2027.md").read_text()
    document = docx_of(tmp_path, "lanes-coffee-2027")
    assert not any("Compared with last year" in p.text for p in document.paragraphs)


# -- reproducible, and build --check ------------------------------------------------------
def test_a_compared_build_is_reproducible_and_checks_fresh(tmp_path: Path) -> None:
    plan, old = EXAMPLES / "douyin-account.zh-CN.yaml", CASES / "douyin-account.zh-CN.yaml"
    first, second = tmp_path / "a", tmp_path / "b"
    assert build(plan, first, "-f", "docx,md", "--compare", old)[0] == 0
    assert build(plan, second, "-f", "docx,md", "--compare", old)[0] == 0
    for name in ("xingmang-douyin-2027.docx", "xingmang-douyin-2027.md"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    code, out, _ = build(plan, first, "-f", "docx,md", "--compare", old, "--check")
    assert (code, out.splitlines()[-1]) == (0, "已检查 2 个文件，全部是最新的")
    code, out, _ = build(plan, first, "-f", "docx,md", "--check")
    assert code == 1 and "2 个文件中有 2 个缺失或已过期" in out


# -- meta.compare -------------------------------------------------------------------------
def _with_meta_compare(text: str, value: str) -> str:
    return text.replace("  launch: 2027-03-01\n", f"  launch: 2027-03-01\n  compare: {value}\n", 1)


def test_meta_compare_is_read_from_the_plans_folder(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    base = (FIXTURES / "_base.yaml").read_text(encoding="utf-8")
    write_file(tmp_path, "last/plan-2026.yaml", base.replace('total: "100万"', 'total: "90万"'))
    plan = write_file(tmp_path, "plans/plan-2027.yaml",
                      _with_meta_compare(base, "../last/plan-2026.yaml"))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # not the plan's folder
    code, out, err = build(plan, tmp_path / "out", "-f", "md")
    assert code == 0, out + err
    text = (tmp_path / "out" / "base.md").read_text(encoding="utf-8")
    assert "Base plan (../last/plan-2026.yaml)" in text
    assert "| Budget total | CNY 900,000 | CNY 1,000,000 | +CNY 100,000 (+11.1%) |" in text


def test_compare_on_the_command_line_wins_over_meta_compare(tmp_path: Path) -> None:
    base = (FIXTURES / "_base.yaml").read_text(encoding="utf-8")
    write_file(tmp_path, "a.yaml", base.replace('total: "100万"', 'total: "90万"'))
    write_file(tmp_path, "b.yaml", base.replace('total: "100万"', 'total: "80万"'))
    plan = write_file(tmp_path, "plan.yaml", _with_meta_compare(base, "a.yaml"))
    code, _, _ = build(plan, tmp_path / "out", "-f", "md", "--compare", tmp_path / "b.yaml")
    assert code == 0
    text = (tmp_path / "out" / "base.md").read_text(encoding="utf-8")
    assert "Base plan (b.yaml)" in text and "| CNY 800,000 | CNY 1,000,000 |" in text


# -- REV:path -----------------------------------------------------------------------------
def git(repo: Path, *args: str) -> str:
    command = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com",
               "-c", "commit.gpgsign=false", *args]
    return subprocess.run(command, cwd=repo, capture_output=True, text=True, check=True).stdout


@needs_git
def test_compare_with_a_file_at_a_git_revision(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    base = (FIXTURES / "_base.yaml").read_text(encoding="utf-8")
    git(tmp_path, "init", "-q")
    write_file(tmp_path, "plans/acme.yaml", base.replace('total: "100万"', 'total: "90万"'))
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "last year's plan")
    write_file(tmp_path, "plans/acme.yaml", base)
    monkeypatch.chdir(tmp_path)
    code, out, err = build(Path("plans/acme.yaml"), Path("out"), "-f", "md",
                           "--compare", "HEAD:plans/acme.yaml")
    assert code == 0, out + err
    text = (tmp_path / "out" / "base.md").read_text(encoding="utf-8")
    assert "Base plan (HEAD:plans/acme.yaml)" in text
    assert "| Budget total | CNY 900,000 | CNY 1,000,000 | +CNY 100,000 (+11.1%) |" in text


def test_plans_a_year_apart_get_a_notice_in_the_plans_language(tmp_path: Path) -> None:
    case = ROOT / "tests" / "diff_cases" / "plan-years"
    code, out, err = build(case / "new.yaml", tmp_path, "-f", "md", "--compare",
                           case / "old.yaml")
    assert code == 0, out + err
    text = (tmp_path / "base.md").read_text(encoding="utf-8")
    assert "This plan beside Base plan (old.yaml): Jan 1, 2026 – Dec 31, 2026." in text
    assert "> The plans start 12 months apart: dates are compared by their place" in text


# -- from the first version of build --compare (Markdown only) --------------------------------
def _plans(tmp_path: Path, base_text: str, language: str) -> tuple[Path, Path]:
    text = base_text.replace("language: en", f"language: {language}")
    old = write_file(tmp_path, "plan-2026.yaml", text.replace('amount: "75万"', 'amount: "60万"'))
    new = write_file(tmp_path, "plan-2027.yaml", text)
    return old, new


def test_a_chinese_plan_gets_its_comparison_in_chinese(tmp_path: Path, base_text: str) -> None:
    old, new = _plans(tmp_path, base_text, "zh-CN")
    out = tmp_path / "out"
    code, _, err = run_cli("build", new, "--compare", old, "-f", "md", "-o", out)
    assert code == 0, err
    markdown = (out / "base.md").read_text(encoding="utf-8")
    section = markdown.split("与上年对比\n", 1)[1]
    assert "| 预算明细合计 | 80万元 | 95万元 | +15万元（+18.8%） |" in section
    assert "| 预算明细 | ads " in section
    code, out_text, _ = run_cli("build", new, "--compare", old, "-f", "md", "-o", out, "--check")
    assert code == 0 and "全部是最新的" in out_text
    code, _, _ = run_cli("build", new, "-f", "md", "-o", out, "--check")
    assert code == 1  # without the comparison the file is stale


def test_an_english_plan_gets_compared_with_last_year(tmp_path: Path, base_text: str) -> None:
    old, new = _plans(tmp_path, base_text, "en")
    code, _, err = run_cli("build", new, "--compare", old, "-f", "md", "-o", tmp_path / "out")
    assert code == 0, err
    markdown = (tmp_path / "out" / "base.md").read_text(encoding="utf-8")
    assert ". Compared with last year\n" in markdown
    assert "| Budget lines | CNY 800,000 | CNY 950,000 | +CNY 150,000 (+18.8%) |" in markdown


def test_a_missing_plan_to_compare_with_is_an_io_error(tmp_path: Path, base_text: str) -> None:
    _, new = _plans(tmp_path, base_text, "en")
    code, _, err = run_cli("build", new, "--compare", tmp_path / "nope.yaml", "-f", "md",
                           "-o", tmp_path / "out")
    assert code == 2 and "nope.yaml: no such file" in err
    assert not (tmp_path / "out" / "base.md").exists()


def test_compare_takes_one_plan(tmp_path: Path, base_text: str) -> None:
    old, new = _plans(tmp_path, base_text, "en")
    code, _, err = run_cli("build", new, old, "--compare", old, "-o", tmp_path / "out")
    assert code == 2 and "--compare compares one plan with another" in err


def test_meta_compare_beside_the_plan(tmp_path: Path, base_text: str) -> None:
    old, _ = _plans(tmp_path, base_text, "zh-CN")
    plans = tmp_path / "plans"
    plans.mkdir()
    old.rename(plans / "plan-2026.yaml")
    new = write_file(plans, "plan-2027.yaml", base_text.replace("language: en", (
        "language: zh-CN\n  compare: plan-2026.yaml")))
    code, _, err = run_cli("build", new, "-f", "md", "-o", tmp_path / "out")
    assert code == 0, err
    assert "与上年对比" in (tmp_path / "out" / "base.md").read_text(encoding="utf-8")


def test_a_missing_meta_compare_is_a_located_error(tmp_path: Path, base_text: str) -> None:
    plan = write_file(tmp_path, "plan.yaml", base_text.replace(
        "  language: en\n", "  language: en\n  compare: plan-2025.yaml\n"))
    code, out, _ = run_cli("check", plan)
    line = base_text.splitlines().index("  language: en") + 2
    assert code == 1
    assert f"plan.yaml:{line}:12: error [references-missing-file] meta.compare names " \
           "'plan-2025.yaml', but there is no such file" in out
    code, out, _ = run_cli("build", plan, "-o", tmp_path / "out")
    assert code == 1 and "references-missing-file" in out
    assert not (tmp_path / "out").exists()


# -- Excel --------------------------------------------------------------------------------
def test_xlsx_has_the_sheet_with_numbers_live_changes_and_a_chart(tmp_path: Path) -> None:
    import openpyxl

    code, out, err = build(EXAMPLES / "douyin-account.zh-CN.yaml", tmp_path, "-f", "xlsx",
                           "--compare", CASES / "douyin-account.zh-CN.yaml")
    assert code == 0, out + err
    book = openpyxl.load_workbook(tmp_path / "xingmang-douyin-2027.xlsx")
    assert book.sheetnames[-2:] == ["与上年对比", "列表"]
    sheet = book["与上年对比"]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "与上年对比"
    header = rows.index(["指标", "上年", "本年", "变化", "%", None, None])
    total = rows[header + 1]
    assert total[:4] == ["预算总额", 2900000, 3000000, f"=C{header + 2}-B{header + 2}"]
    kol = next(row for row in rows if row[0] == "达人合作")
    assert kol[1:3] == [90000, 150000]
    assert any(row[0] == "新增与取消的渠道和活动" for row in rows)
    assert any(row[:3] == ["预算明细", "sentiment 舆情监测服务", "新增"] for row in rows)
    by_category, by_month = sheet._charts
    assert len(by_category.series) == len(by_month.series) == 2
    assert sheet.cell(header + 2, 2).number_format == sheet.cell(header + 2, 4).number_format


def test_xlsx_without_compare_has_no_such_sheet(tmp_path: Path) -> None:
    import openpyxl

    assert build(EXAMPLES / "douyin-account.zh-CN.yaml", tmp_path, "-f", "xlsx")[0] == 0
    book = openpyxl.load_workbook(tmp_path / "xingmang-douyin-2027.xlsx")
    assert "与上年对比" not in book.sheetnames


# -- PDF ----------------------------------------------------------------------------------
def test_the_pdf_carries_the_chapter(tmp_path: Path, soffice: str) -> None:
    code, out, err = build(EXAMPLES / "douyin-account.zh-CN.yaml", tmp_path, "-f", "pdf",
                           "--compare", CASES / "douyin-account.zh-CN.yaml")
    assert code == 0, out + err
    pdftotext = shutil.which("pdftotext")
    assert pdftotext is not None, "poppler-utils is part of the rendering tests"
    text = subprocess.run([pdftotext, str(tmp_path / "xingmang-douyin-2027.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    chapter = text[text.rindex("与上年对比"):]
    assert "预算总额" in chapter and "300 万元" in chapter and "逐项变化" in chapter


# -- budget by month ----------------------------------------------------------------------
def markdown_table(markdown: str, heading: str) -> list[list[str]]:
    """The rows (without the header) of the table under ``### heading``."""
    block = markdown.split(f"### {heading}\n\n", 1)[1].split("\n\n", 1)[0]
    return [[cell.strip() for cell in line.strip().strip("|").split("|")]
            for line in block.splitlines()[2:]]


def money_of(text: str) -> float:
    return float(text.strip("*").removeprefix("CNY ").replace(",", ""))


def _with_kit(text: str) -> str:
    """The base plan with a one-off line in no month (unscheduled) and less for ads."""
    return text.replace("    - {id: ads,", '    - {id: kit, item: Press kit, category: content, '
                        'amount: "2万"}\n    - {id: ads,').replace('"75万"', '"73万"')


def _last_year(text: str, start: str, end: str) -> str:
    """The base plan for the period ``start``–``end`` with 60万 for ads over M3–M6."""
    year = start[:4]
    return (text.replace("{start: 2027-01-01, end: 2027-12-31}", f"{{start: {start}, end: {end}}}")
            .replace("launch: 2027-03-01", f"launch: {year}-03-01")
            .replace("end: 2027-01-31", f"end: {year}-01-31").replace("end: M12}", "end: M6}")
            .replace('"75万"', '"60万"').replace('total: "100万"', 'total: "75万"'))


def _compared_md(tmp_path: Path, old_text: str, new_text: str) -> str:
    old = write_file(tmp_path, "old.yaml", old_text)
    new = write_file(tmp_path, "new.yaml", new_text)
    code, out, err = build(new, tmp_path / "out", "-f", "md", "--compare", old)
    assert code == 0, out + err
    return (tmp_path / "out" / "base.md").read_text(encoding="utf-8")


def test_month_rows_of_the_compare_fixtures_sit_between_channels_and_goals() -> None:
    example, old = next(case for case in compare_cases() if case[0].name.startswith("douyin"))
    chapter = render_markdown(example, old).decode("utf-8").split("与上年对比\n", 1)[1]
    assert chapter.index("### 各渠道预算") < chapter.index("### 各月预算") < chapter.index(
        "### 目标值")
    rows = markdown_table(chapter, "各月预算")
    assert [row[0] for row in rows] == [*(f"2027年{m}月" for m in range(1, 13)), "**合计**"]
    assert rows[2] == ["2027年3月", "20.67万元", "23.42万元", "+27,500元（+13.3%）"]
    assert rows[0][3] == ""  # the same in both years
    lines = next(row for row in markdown_table(chapter, "预算") if row[0] == "预算明细合计")
    assert rows[-1] == [f"**{cell}**" for cell in ["合计", *lines[1:]]]


def test_plans_starting_in_other_months_are_paired_by_plan_month(tmp_path: Path,
                                                                   base_text: str) -> None:
    markdown = _compared_md(tmp_path, _last_year(base_text, "2026-04-01", "2027-03-31"),
                            base_text)
    rows = markdown_table(markdown, "Budget by month")
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    assert [row[0] for row in rows] == [
        *(f"M{n} ({month} 2027)" for n, month in enumerate(months, 1)), "**Total**"]
    # last year's M3 is June 2026: its 60万 for ads over M3-M6, this year's 75万 over M3-M12
    assert rows[2] == ["M3 (Mar 2027)", "CNY 166,666.67", "CNY 91,666.67",
                       "-CNY 75,000 (-45%)"]
    assert all(row[3] == "" for row in rows[:2])


def test_a_shorter_plan_last_year_leaves_its_missing_months_empty(tmp_path: Path,
                                                                 base_text: str) -> None:
    markdown = _compared_md(tmp_path, _last_year(base_text, "2026-01-01", "2026-06-30"),
                            _with_kit(base_text))
    rows = markdown_table(markdown, "Budget by month")
    assert len(rows) == 12 + 2
    assert rows[5] == ["M6 (Jun 2027)", "CNY 166,666.67", "CNY 89,666.67",
                       "-CNY 77,000 (-46.2%)"]
    for row in rows[6:12]:  # M7-M12: no money last year, not 0
        assert row[1] == row[3] == "" and row[2].startswith("CNY 89,666.6"), row
    assert rows[12] == ["**Unscheduled**", "**CNY 0**", "**CNY 20,000**", "**+CNY 20,000**"]
    budget = markdown_table(markdown, "Budget")
    lines = next(row for row in budget if row[0] == "Budget lines")
    assert rows[13] == ["**Total**", *(f"**{cell}**" for cell in lines[1:])]
    assert sum(money_of(row[2]) for row in rows[:13]) == pytest.approx(money_of(rows[13][2]))
    assert sum(money_of(row[1]) for row in rows[:6]) == pytest.approx(money_of(rows[13][1]))


def test_no_unscheduled_row_when_neither_plan_has_unscheduled_spend(tmp_path: Path,
                                                                    base_text: str) -> None:
    markdown = _compared_md(tmp_path, base_text.replace('"75万"', '"60万"'), base_text)
    rows = markdown_table(markdown, "Budget by month")
    assert [row[0] for row in rows[-2:]] == ["Dec 2027", "**Total**"]
    assert "Unscheduled" not in markdown.split("### Budget by month", 1)[1].split("###")[0]


def test_docx_has_the_month_table_with_its_total_and_a_chart(tmp_path: Path) -> None:
    import zipfile

    code, out, err = build(EXAMPLES / "sme-growth.en.yaml", tmp_path, "-f", "docx,md",
                           "--compare", CASES / "sme-growth.en.yaml")
    assert code == 0, out + err
    markdown = (tmp_path / "lanes-coffee-2027.md").read_text(encoding="utf-8")
    expected = markdown_table(markdown.split(". Compared with last year\n", 1)[1],
                              "Budget by month")
    own = markdown_table(markdown, "Spend by month")  # the plan's own table, to the cent
    assert [(row[0], money_of(row[2])) for row in expected[:-1]] == [
        (row[0], money_of(row[1])) for row in own[:-1]]
    rows = table_after(docx_of(tmp_path, "lanes-coffee-2027"), "Budget by month")
    assert rows[0] == ["Month", "Last year", "This year", "Change"]
    assert rows[1:] == [[cell.strip("*") for cell in row] for row in expected]
    budget = table_after(docx_of(tmp_path, "lanes-coffee-2027"), "Budget")
    assert rows[-1] == ["Total", *next(row for row in budget if row[0] == "Budget lines")[1:]]
    with zipfile.ZipFile(tmp_path / "lanes-coffee-2027.docx") as package:
        charts = [package.read(name).decode("utf-8") for name in package.namelist()
                  if name.startswith("word/charts/chart") and name.endswith(".xml")]
    (by_month,) = [xml for xml in charts if "Budget by month" in xml and "Last year" in xml]
    assert by_month.count("<c:ser>") == 2 and "<c:barDir val=\"col\"/>" in by_month
    assert ">Mar<" in by_month and ">Dec<" in by_month


def test_xlsx_month_rows_have_live_changes_and_a_summed_total(tmp_path: Path,
                                                              base_text: str) -> None:
    import openpyxl

    old = write_file(tmp_path, "old.yaml", _last_year(base_text, "2026-01-01", "2026-06-30"))
    new = write_file(tmp_path, "new.yaml", _with_kit(base_text))
    assert build(new, tmp_path / "out", "-f", "xlsx", "--compare", old)[0] == 0
    sheet = openpyxl.load_workbook(tmp_path / "out" / "base.xlsx")["Compared with last year"]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    header = rows.index(["Month", "Last year", "This year", "Change", "%", None, None])
    first = header + 2  # the sheet's row number of M1
    m6 = rows[header + 6]
    assert m6[:5] == ["M6 (Jun 2027)", 166666.67, 89666.67,
                      f"=C{first + 5}-B{first + 5}",
                      f'=IF(B{first + 5}=0,"",(C{first + 5}-B{first + 5})/ABS(B{first + 5}))']
    m7 = rows[header + 7]
    assert m7[0] == "M7 (Jul 2027)" and m7[1] is None and m7[3] is None
    unscheduled, total = rows[header + 13], rows[header + 14]
    assert unscheduled[:3] == ["Unscheduled", 0, 20000]
    last = first + 12
    assert total[:4] == ["Total", f"=SUM(B{first}:B{last})", f"=SUM(C{first}:C{last})",
                         f"=C{last + 1}-B{last + 1}"]
    cached = openpyxl.load_workbook(tmp_path / "out" / "base.xlsx", data_only=True)
    values = list(cached["Compared with last year"].iter_rows(values_only=True))[header + 14]
    assert values[1:4] == (700000, 950000, 250000)
    assert len(sheet._charts) == 2


def test_libreoffice_recalculates_the_month_rows_to_their_cached_values(
        tmp_path: Path, base_text: str, soffice: str) -> None:
    import openpyxl

    from .test_xlsx import convert_with_libreoffice

    old = write_file(tmp_path, "old.yaml", _last_year(base_text, "2026-04-01", "2027-03-31"))
    new = write_file(tmp_path, "new.yaml", _with_kit(base_text))
    assert build(new, tmp_path / "out", "-f", "xlsx", "--compare", old)[0] == 0
    source = tmp_path / "out" / "base.xlsx"
    title = "Compared with last year"
    cached = [list(row) for row in
              openpyxl.load_workbook(source, data_only=True)[title].iter_rows(values_only=True)]
    converted = convert_with_libreoffice(soffice, source, tmp_path / "profile")
    computed = [list(row) for row in
                openpyxl.load_workbook(converted, data_only=True)[title].iter_rows(
                    values_only=True)]
    header = cached.index(["Month", "Last year", "This year", "Change", "%", None, None])
    block = range(header + 1, header + 15)  # M1-M12, unscheduled, total
    assert [cached[index][0] for index in block][-2:] == ["Unscheduled", "Total"]
    for index in block:
        for column in range(1, 5):
            want, got = cached[index][column], computed[index][column]
            # a change in percent of last year's 0 is "": cached as no value
            assert got in ("", None) if want is None else got == pytest.approx(want), (
                index, column, want, got)
    assert computed[header + 14][1:4] == [pytest.approx(800000), pytest.approx(950000),
                                          pytest.approx(150000)]
