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
    compared = [xml for xml in charts if "上年" in xml and "本年" in xml]
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
    (chart,) = sheet._charts
    assert len(chart.series) == 2
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
