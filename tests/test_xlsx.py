"""The Excel renderer: open the workbook with openpyxl and check what a reader would see."""

from __future__ import annotations

import dataclasses
import io
import re
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.chart import BarChart

from mktplan.render.context import PlanView, build_view
from mktplan.render.labels import load_catalog
from mktplan.render.ooxml import FIXED_ZIP_DATE_TIME
from mktplan.render.xlsx import SHEETS, render
from mktplan.render.xlsx.cells import MAX_CELL_TEXT, display_width, safe_text
from mktplan.render.xlsx.sheet import sheet_titles
from mktplan.render.xlsx.writer import MAX_WIDTH
from mktplan.rules.pipeline import CheckedPlan, check_file
from tests.conftest import EXAMPLES, FIXTURES, check_text

ZH_EXAMPLE = EXAMPLES / "douyin-account.zh-CN.yaml"
EN_EXAMPLE = EXAMPLES / "sme-growth.en.yaml"
INJECTIONS = {
    "hyperlink": '=HYPERLINK("http://evil.example/x","Click")',
    "dde": "=cmd|' /C calc'!A0",
    "plus": "+1",
    "at": "@SUM(A1:A9)",
    "minus": "-2+3",
}


def view_of(checked: CheckedPlan) -> PlanView:
    assert checked.errors == 0, checked.findings
    assert checked.plan is not None
    return build_view(checked.plan, load_catalog(checked.plan.meta.language))


def open_workbook(data: bytes) -> Any:
    return load_workbook(io.BytesIO(data))


def find_row(ws: Any, column: str, value: str) -> int:
    """The first row whose cell in ``column`` holds ``value``."""
    for cell in ws[column]:
        if cell.value == value:
            return int(cell.row)
    raise AssertionError(f"{value!r} not found in column {column} of {ws.title}")


def cell_number(ws: Any, address: str) -> Decimal:
    """A line's cost: the product its ``=F2*G2*I2`` formula gives, or the amount ``=E2`` is."""
    value = ws[address].value
    assert isinstance(value, str) and value.startswith("="), (address, value)
    product = Decimal(1)
    for factor in value.removeprefix("=").split("*"):
        product *= Decimal(str(ws[factor].value))
    return product


@pytest.fixture(scope="module")
def base_view() -> PlanView:
    return view_of(check_file(FIXTURES / "_base.yaml"))


@pytest.fixture(scope="module")
def base_book(base_view: PlanView) -> Any:
    return open_workbook(render(base_view, None))


@pytest.fixture(scope="module")
def zh_view() -> PlanView:
    return view_of(check_file(ZH_EXAMPLE))


@pytest.fixture(scope="module")
def zh_data(zh_view: PlanView) -> bytes:
    return render(zh_view, None)


def test_english_sheets_are_named_from_the_catalog_and_empty_ones_left_out(
        base_book: Any) -> None:
    # the base plan has no content calendar and no risks
    assert base_book.sheetnames == ["Summary", "Goals", "Budget", "Phasing", "Schedule", "KPIs",
                                    "Team", "Lists"]
    assert [ws.sheet_state for ws in base_book] == ["visible"] * 7 + ["hidden"]


def test_chinese_plan_has_chinese_sheet_names(zh_data: bytes) -> None:
    labels = load_catalog("zh-CN").labels
    expected = [labels[f"sheet_{key}"] for key in SHEETS]
    assert open_workbook(zh_data).sheetnames == [*expected[:3], labels["sheet_phasing"],
                                                 *expected[3:], labels["sheet_lists"]]
    assert expected[:3] == ["概览", "目标", "预算"]


def test_plan_without_sections_gets_only_a_summary() -> None:
    checked = check_text(
        "mktplan: 1\nmeta: {id: bare, title: Bare, period: {start: 2027-01-01, end: 2027-06-30}}\n"
        "rules: {completeness-missing-section: off}\n")
    book = open_workbook(render(view_of(checked), None))
    assert book.sheetnames == ["Summary"]
    assert book["Summary"]["A1"].value == "Bare"


@pytest.mark.parametrize(("section", "labels", "sheets"), [
    ("budget: {total: '10万'}", ["Total", "Allocated to lines", "Reserve", "Unallocated"],
     ["Summary", "Budget"]),
    ("budget: {reserve: '1万', lines: [{id: a, item: A, category: media, amount: '5万'}]}",
     ["Allocated to lines", "Reserve"], ["Summary", "Budget", "Phasing", "Lists"]),
    ("returns: [{id: r, stream: S, amount: '5万'}]", ["Total returns"], ["Summary", "Budget"]),
])
def test_partial_budgets_render_what_they_have(section: str, labels: list[str],
                                               sheets: list[str]) -> None:
    checked = check_text(
        "mktplan: 1\nmeta: {id: p, title: P, period: {start: 2027-01-01, end: 2027-06-30}}\n"
        f"{section}\n")
    book = open_workbook(render(view_of(checked), None))
    assert book.sheetnames == sheets
    summary = book["Summary"]
    shown = [row[0] for row in summary.iter_rows(min_row=4, max_col=1, values_only=True)
             if row[0] is not None]
    assert shown == labels
    for label in labels:
        assert summary.cell(find_row(summary, "A", label), 2).value.startswith("='Budget'!$J$")


def test_budget_lines_cost_formula_or_amount(base_book: Any, base_view: PlanView) -> None:
    ws = base_book["Budget"]
    salary, ads = find_row(ws, "L", "salary"), find_row(ws, "L", "ads")
    assert ws[f"J{salary}"].value == f"=F{salary}*G{salary}*I{salary}"
    assert (ws[f"F{salary}"].value, ws[f"G{salary}"].value, ws[f"I{salary}"].value) == (
        200000, 1, 1)
    # a line given by amount has it in the Amount column; its cost is a formula too
    assert ws[f"E{ads}"].value == 750000 and ws[f"E{ads}"].data_type == "n"
    assert ws[f"J{ads}"].value == f"=E{ads}"
    assert ws[f"E{salary}"].value is None
    costs = {row.id: row.cost for row in base_view.budget.rows} if base_view.budget else {}
    assert cell_number(ws, f"J{salary}") == costs["salary"]
    assert cell_number(ws, f"J{ads}") == costs["ads"]


def test_every_cost_and_share_of_a_line_is_a_formula(zh_data: bytes, zh_view: PlanView) -> None:
    ws = open_workbook(zh_data)[load_catalog("zh-CN").labels["sheet_budget"]]
    assert zh_view.budget is not None
    last_line = len(zh_view.budget.rows) + 1
    for row in range(2, last_line + 1):
        assert ws[f"J{row}"].data_type == "f", row
        assert ws[f"K{row}"].value == f"=J{row}/$J${find_row(ws, 'A', '总预算')}"


def test_budget_totals_are_live_formulas(base_book: Any) -> None:
    ws = base_book["Budget"]
    last_line = find_row(ws, "L", "ads")
    reserve = find_row(ws, "A", "Reserve")
    allocated = find_row(ws, "A", "Allocated to lines")
    total = find_row(ws, "A", "Total")
    unallocated = find_row(ws, "A", "Unallocated")
    assert ws[f"J{allocated}"].value == f"=SUM(J2:J{last_line})"
    assert ws[f"J{total}"].value == 1000000
    assert ws[f"J{reserve}"].value == f"=J{total}*K{reserve}"
    assert ws[f"K{reserve}"].value == pytest.approx(0.05)
    assert ws[f"J{unallocated}"].value == f"=J{total}-J{allocated}-J{reserve}"
    assert ws["K2"].value == f"=J2/$J${total}"


def test_category_subtotals_sum_their_lines(base_book: Any, base_view: PlanView) -> None:
    ws = base_book["Budget"]
    assert base_view.budget is not None
    last_line = len(base_view.budget.rows) + 1
    for category in base_view.budget.categories:
        row = next(cell.row for cell in ws["A"][last_line:] if cell.value == category.label)
        assert ws[f"A{row}"].font.bold
        assert ws[f"J{row}"].value == (
            f"=SUMIF($B$2:$B${last_line},A{row},$J$2:$J${last_line})")
        summed = sum(cell_number(ws, f"J{line}") for line in range(2, last_line + 1)
                     if ws[f"B{line}"].value == category.label)
        assert summed == category.amount


def test_category_label_with_wildcards_is_summed_exactly(base_view: PlanView) -> None:
    catalog = base_view.catalog
    enums = {**catalog.enums, "budget_category": {**catalog.enums["budget_category"],
                                                   "media": "Media*"}}
    odd = dataclasses.replace(catalog, enums=enums)
    checked = check_file(FIXTURES / "_base.yaml")
    assert checked.plan is not None
    ws = open_workbook(render(build_view(checked.plan, odd), None))["Budget"]
    row = next(cell.row for cell in ws["A"][4:] if cell.value == "Media*")
    assert ws[f"J{row}"].value == f"=SUMPRODUCT(--($B$2:$B$3=A{row}),$J$2:$J$3)"


def test_summary_refers_to_the_budget_sheet(base_book: Any) -> None:
    summary, budget = base_book["Summary"], base_book["Budget"]
    assert summary["A1"].value == "Base plan"
    total = find_row(budget, "A", "Total")
    assert summary.cell(find_row(summary, "A", "Total"), 2).value == f"='Budget'!$J${total}"
    ratio = summary.cell(find_row(summary, "A", "Return ÷ cost"), 2)
    assert ratio.value.startswith("='Budget'!$J$")
    assert ratio.number_format == '0.00" : 1"'
    ratio_row = int(ratio.value.rsplit("$", 1)[1])
    allocated = find_row(budget, "A", "Allocated to lines")
    returns = find_row(budget, "A", "Total returns")
    assert budget[f"J{ratio_row}"].value == f'=IF(J{allocated}=0,"",J{returns}/J{allocated})'
    goals = summary.cell(find_row(summary, "A", "Goals"), 2)
    assert goals.value == "=COUNTA('Goals'!$A:$A)-1"


def test_money_percent_and_dates_are_numbers_with_formats(
        base_book: Any, base_view: PlanView) -> None:
    money_format = base_view.fmt.excel_money_format()
    budget = base_book["Budget"]
    ads = find_row(budget, "L", "ads")
    assert budget[f"J{ads}"].number_format == money_format
    assert budget[f"K{ads}"].number_format == "0.0%"
    goals = base_book["Goals"]
    assert (goals["D2"].value, goals["E2"].value) == (20000, 30000)
    assert goals["D2"].data_type == goals["E2"].data_type == "n"
    assert goals["F2"].value == '=IF(D2=0,"",(E2-D2)/D2)'
    assert goals["F2"].number_format == "0.0%"
    assert goals["H2"].is_date and goals["H2"].value.date().isoformat() == "2027-06-30"
    team = base_book["Team"]
    assert team["G2"].value == "=C2*D2*F2" and team["G2"].number_format == money_format
    assert (team["C2"].value, team["D2"].value, team["F2"].value) == (1, 200000, 1)


def test_plan_text_that_looks_like_a_formula_stays_text(base_text: str) -> None:
    text = (base_text
            .replace("item: Douyin ads", f"item: '{INJECTIONS['hyperlink']}'")
            .replace("item: Operations lead salary", f'item: "{INJECTIONS["dde"]}"')
            .replace("name: Monthly unique visitors", f"name: '{INJECTIONS['plus']}'")
            .replace("statement: Grow monthly visits to 30,000 by the end of June",
                     f"statement: '{INJECTIONS['at']}'")
            .replace("name: Persona research", f"name: '{INJECTIONS['minus']}'")
            .replace("stream: Online sales", "stream: '#N/A'"))
    data = render(view_of(check_text(text)), None)
    book = open_workbook(data)
    seen = {}
    for ws in book:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value in INJECTIONS.values() or cell.value == "#N/A":
                    seen[cell.value] = cell
    assert set(seen) == {*INJECTIONS.values(), "#N/A"}
    for value, cell in seen.items():
        assert cell.data_type == "s", value
        assert cell.quotePrefix == (value != "#N/A"), value
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [archive.read(name).decode() for name in archive.namelist()
                  if name.startswith("xl/worksheets/")]
    formulas = [formula for sheet in sheets for formula in re.findall("<f>(.*?)</f>", sheet)]
    assert formulas  # the budget's own formulas are there...
    assert not any("HYPERLINK" in formula or "cmd|" in formula for formula in formulas)


def test_illegal_characters_removed_and_long_text_cut_with_an_ellipsis(
        base_view: PlanView) -> None:
    long_text = "x" * (MAX_CELL_TEXT + 500)
    goal = dataclasses.replace(base_view.goals[0], statement="a\x00b\x1bc\ufffed",
                               rationale=long_text)
    view = dataclasses.replace(base_view, goals=[goal])
    goals = open_workbook(render(view, None))["Goals"]
    assert goals["A2"].value == "abcd"
    assert len(goals["K2"].value) == MAX_CELL_TEXT
    assert goals["K2"].value.endswith("…")


def test_truncation_counts_utf16_units() -> None:
    emoji = "😀" * MAX_CELL_TEXT  # each is two UTF-16 code units
    cut = safe_text(emoji)
    assert cut.endswith("…")
    assert len(cut.encode("utf-16-le")) // 2 <= MAX_CELL_TEXT
    assert safe_text("short") == "short"


def test_budget_pie_shows_shares_of_the_total_budget(base_book: Any,
                                                     base_view: PlanView) -> None:
    ws = base_book["Budget"]
    charts = ws._charts
    assert [type(chart).__name__ for chart in charts] == ["PieChart"]
    pie = charts[0]
    values = pie.series[0].val.numRef.f
    first, last = (int(part.rsplit("$", 1)[1]) for part in values.split(":"))
    assert values == f"Budget!$J${first}:$J${last}"
    heading = ws[f"A{first - 1}"].value
    assert heading == "Budget by category (share of total budget)"
    title = "".join(run.t for par in pie.title.tx.rich.p for run in (par.r or []))
    assert title == heading
    assert base_view.budget is not None and base_view.budget.total is not None
    total = find_row(ws, "A", "Total")
    # the slices are formulas over the subtotals and the reserve (nothing is unallocated):
    # together the total, so the pie's percentages are the shares of the total budget
    assert base_view.budget.unallocated == 0
    slices = {ws[f"A{row}"].value: ws[f"J{row}"].value for row in range(first, last + 1)}
    assert set(slices) == {"Media", "Personnel", "Reserve"}
    for name, formula in slices.items():
        assert formula == f"=J{find_row(ws, 'A', name)}", name
    for row in range(first, last + 1):
        assert ws[f"K{row}"].value == f"=J{row}/$J${total}"
    shown = load_workbook(io.BytesIO(render(base_view, None)), data_only=True)["Budget"]
    assert sum(shown[f"J{row}"].value for row in range(first, last + 1)) == pytest.approx(
        float(base_view.budget.total))
    labels = pie.series[0].dLbls
    assert labels.showCatName and labels.showPercent and not labels.showLegendKey


def test_schedule_bars_are_conditional_formats_driven_by_dates(base_book: Any) -> None:
    ws = base_book["Schedule"]
    assert ws.freeze_panes == "C2"
    assert ws["I1"].is_date and ws["I1"].value.date().isoformat() == "2027-01-01"
    assert ws["T1"].value.date().isoformat() == "2027-12-01"
    ranges = {str(cf.sqref): cf.rules for cf in ws.conditional_formatting}
    assert list(ranges) == [f"I2:T{ws.max_row}"]
    formulas = [rule.formula[0] for rule in ranges[f"I2:T{ws.max_row}"]]
    assert len(formulas) == 3
    assert all("I$1<=$F2" in formula and "$E2<DATE(YEAR(I$1),MONTH(I$1)+1,1)" in formula
               for formula in formulas)
    assert '$A2="Phase"' in formulas[0] and '$A2="Milestone"' in formulas[1]
    assert all(rule.dxf.fill is not None for rule in ranges[f"I2:T{ws.max_row}"])


def test_tables_have_frozen_headers_and_autofilter(base_book: Any) -> None:
    goals = base_book["Goals"]
    assert goals.freeze_panes == "B2"
    assert goals.auto_filter.ref == "A1:L2"
    assert goals["A1"].font.bold
    budget = base_book["Budget"]
    assert budget.freeze_panes == "B2"
    assert budget.auto_filter.ref == "A1:L3"
    assert base_book["Schedule"].auto_filter.ref.startswith("A1:T")


def test_column_widths_count_cjk_double_and_are_capped(zh_data: bytes) -> None:
    assert display_width("中文ab") == 6
    assert display_width("ab\n中文中文") == 8
    book = open_workbook(zh_data)
    budget = book["预算"]
    longest_item = max(display_width(str(cell.value)) for cell in budget["A"][1:17])
    assert budget.column_dimensions["A"].width >= longest_item
    widths = [dimension.width for ws in book for dimension in ws.column_dimensions.values()]
    assert max(widths) == pytest.approx(MAX_WIDTH, abs=1)  # the writer adds its padding


def test_same_plan_gives_identical_bytes(zh_view: PlanView, zh_data: bytes) -> None:
    assert render(zh_view, None) == zh_data
    with zipfile.ZipFile(io.BytesIO(zh_data)) as archive:
        assert {info.date_time for info in archive.infolist()} == {FIXED_ZIP_DATE_TIME}
        core = archive.read("docProps/core.xml").decode()
    assert core.count("2000-01-01T00:00:00Z") == 2


def test_english_example_renders() -> None:
    view = view_of(check_file(EN_EXAMPLE))
    book = open_workbook(render(view, None))
    labels = load_catalog("en").labels
    titles = [labels[f"sheet_{key}"] for key in SHEETS]
    assert book.sheetnames == [*titles[:3], "Phasing", *titles[3:], "Lists"]
    assert book["Calendar"].max_row == len(view.calendar) + 1


def test_truncated_calendar_says_so(zh_view: PlanView) -> None:
    view = dataclasses.replace(zh_view, calendar=zh_view.calendar[:3], calendar_truncated=True)
    labels = load_catalog("zh-CN").labels
    ws = open_workbook(render(view, None))[labels["sheet_calendar"]]
    assert ws.max_row == 5
    assert ws["A5"].value == labels["calendar_truncated"]
    assert ws["B1"].value == labels["pillar"]


def test_renderer_loads_neither_openpyxl_nor_numpy() -> None:
    script = ("import sys, mktplan.render.xlsx; "
              "assert 'xlsxwriter' in sys.modules, 'the writer'; "
              "assert 'openpyxl' not in sys.modules and 'numpy' not in sys.modules")
    subprocess.run([sys.executable, "-c", script], check=True, timeout=60)


def test_sheet_titles_are_legal_and_distinct() -> None:
    titles = sheet_titles({"a": "Budget: 2027/Q1 [draft]?*", "b": "Budget", "c": "budget",
                           "d": "x" * 40, "e": "'quoted'", "f": ""})
    assert titles["a"] == "Budget  2027 Q1  draft"
    assert titles["b"] == "Budget" and titles["c"] == "budget (2)"
    assert len(titles["d"]) == 31
    assert titles["e"] == "quoted" and titles["f"] == "f"
    assert len({title.casefold() for title in titles.values()}) == len(titles)


def convert_with_libreoffice(soffice: str, source: Path, profile: Path) -> Path:
    """Open ``source`` in LibreOffice Calc, recalculate, save as xlsx; the saved file."""
    out = source.parent / "converted"
    subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--calc", "--convert-to", "xlsx", "--outdir", str(out), str(source)],
                   check=True, timeout=180, capture_output=True)
    return out / source.name


def test_libreoffice_opens_and_recalculates(tmp_path: Path, zh_view: PlanView,
                                            zh_data: bytes, soffice: str) -> None:
    control = tmp_path / "control" / "control.csv"
    control.parent.mkdir()
    control.write_text("1,2\n", encoding="utf-8")
    converted_control = convert_with_libreoffice(soffice, control, tmp_path / "profile")
    assert converted_control.with_suffix(".xlsx").exists(), (
        "LibreOffice has no Calc component: apt-get install libreoffice-calc-nogui")
    source = tmp_path / "plan.xlsx"
    source.write_bytes(zh_data)
    converted = convert_with_libreoffice(soffice, source, tmp_path / "profile")
    assert converted.exists(), "LibreOffice could not open the workbook"
    book = load_workbook(converted, data_only=True)
    labels = load_catalog("zh-CN").labels
    budget, summary = book[labels["sheet_budget"]], book[labels["sheet_summary"]]
    assert zh_view.budget is not None and zh_view.returns is not None
    expected = {
        "lines_total": zh_view.budget.allocated,
        "reserve": zh_view.budget.reserve,
        "unallocated": zh_view.budget.unallocated,
        "returns_total": zh_view.returns.total,
        "roi_ratio": zh_view.returns.ratio,
        "roi_net": zh_view.returns.net,
    }
    for key, value in expected.items():
        computed = summary.cell(find_row(summary, "A", labels[key]), 2).value
        assert computed == pytest.approx(float(value or 0)), key
    last_line = len(zh_view.budget.rows) + 1
    for category in zh_view.budget.categories:
        row = next(cell.row for cell in budget["A"][last_line:] if cell.value == category.label)
        assert budget[f"J{row}"].value == pytest.approx(float(category.amount))
    goals = summary.cell(find_row(summary, "A", load_catalog("zh-CN").sections["goals"]), 2)
    assert goals.value == len(zh_view.goals)


def test_phasing_shows_an_unscheduled_line_outside_the_months_and_the_chart() -> None:
    text = (FIXTURES / "_base.yaml").read_text(encoding="utf-8")
    data = render(view_of(check_text(
        text.replace("channel: douyin, phase: run}", "channel: douyin}"))), None)
    ws = open_workbook(data)["Phasing"]
    shown = load_workbook(io.BytesIO(data), data_only=True)["Phasing"]
    assert ws["E1"].value.date().isoformat() == "2027-01-01"
    assert ws["P1"].value.date().isoformat() == "2027-12-01"
    assert ws["Q1"].value == "Unscheduled / not phased"
    salary, ads = find_row(ws, "R", "salary"), find_row(ws, "R", "ads")
    assert Decimal(str(ws[f"E{salary}"].value)) == Decimal("16666.67")
    assert ws[f"E{salary}"].number_format.endswith("#,##0.00")  # to the cent: months add up
    assert all(ws.cell(ads, column).value is None for column in range(5, 17))
    assert ws[f"Q{ads}"].value == f"=D{ads}-SUM(E{ads}:P{ads})"
    assert float(shown[f"Q{ads}"].value) == 750000 and float(shown[f"Q{salary}"].value) == 0
    total = find_row(ws, "A", "Total")
    assert total == ads + 1 == salary + 2
    assert ws[f"Q{total}"].value == f"=SUM(Q2:Q{ads})"
    assert float(shown[f"Q{total}"].value) == 750000
    assert float(shown[f"D{total}"].value) == 950000
    bar = next(chart for chart in ws._charts if isinstance(chart, BarChart))
    assert bar.series[0].val.numRef.f == f"Phasing!$E${total}:$P${total}"  # months only
