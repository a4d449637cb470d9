"""The workbook as a reader, a previewer, a printer and a finance team see it.

Opened with openpyxl (formulas, and with ``data_only=True`` the values a previewer
shows), recalculated and printed through LibreOffice.
"""

from __future__ import annotations

import io
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string

from mktplan.render.context import PlanView, build_view
from mktplan.render.labels import load_catalog
from mktplan.render.xlsx import render
from mktplan.render.xlsx.styles import CJK_FONT, LATIN_FONT
from mktplan.render.xlsx.writer import header_text
from mktplan.rules.pipeline import check_file
from tests.conftest import EXAMPLES

EXAMPLE_NAMES = sorted(path.name for path in EXAMPLES.glob("*.yaml"))
RECALCULATE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode"
 oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""
"""A LibreOffice profile setting: recalculate every formula of a workbook when loading it."""


def view_of(name: str) -> PlanView:
    checked = check_file(EXAMPLES / name)
    assert checked.plan is not None and checked.errors == 0, checked.findings
    return build_view(checked.plan, load_catalog(checked.plan.meta.language))


@pytest.fixture(scope="module")
def views() -> dict[str, PlanView]:
    return {name: view_of(name) for name in EXAMPLE_NAMES}


@pytest.fixture(scope="module")
def books(views: dict[str, PlanView]) -> dict[str, bytes]:
    return {name: render(view, None) for name, view in views.items()}


def formula_cells(data: bytes) -> list[tuple[str, str, str]]:
    """Every formula cell: (sheet, address, formula)."""
    book = load_workbook(io.BytesIO(data))
    return [(ws.title, cell.coordinate, cell.value) for ws in book for row in ws.iter_rows()
            for cell in row if cell.data_type == "f"]


def width_of(ws: Any, letter: str) -> float:
    """A column's width as written (openpyxl files equal widths under the first column)."""
    index = column_index_from_string(letter)
    for dimension in ws.column_dimensions.values():
        if dimension.min is not None and dimension.min <= index <= dimension.max:
            return float(dimension.width)
    raise AssertionError(f"no width for column {letter} of {ws.title}")


def visible(book: Any) -> list[Any]:
    return [ws for ws in book if ws.sheet_state == "visible"]


def recalculated(soffice: str, data: dict[str, bytes], folder: Path) -> dict[str, Any]:
    """Each workbook opened in LibreOffice, recalculated in full and saved: read for values."""
    profile = folder / "profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(RECALCULATE, encoding="utf-8")
    sources = []
    for name, content in data.items():
        source = folder / f"{Path(name).stem}.xlsx"
        source.write_bytes(content)
        sources.append(source)
    out = folder / "recalculated"
    subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--calc", "--convert-to", "xlsx", "--outdir", str(out),
                    *map(str, sources)], check=True, timeout=300, capture_output=True)
    return {name: load_workbook(out / f"{Path(name).stem}.xlsx", data_only=True)
            for name in data}


# --- what a previewer shows ---------------------------------------------------------------
@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_every_formula_has_its_value_stored(books: dict[str, bytes], name: str) -> None:
    data = books[name]
    shown = load_workbook(io.BytesIO(data), data_only=True)
    cells = formula_cells(data)
    assert len(cells) > 100
    blank = [(sheet, where, formula) for sheet, where, formula in cells
             if shown[sheet][where].value in (None, "")]
    assert blank == []


def test_stored_values_are_what_libreoffice_calculates(books: dict[str, bytes], soffice: str,
                                                      tmp_path: Path) -> None:
    # that LibreOffice does recalculate: test_an_edited_unit_cost_moves_the_totals_...
    theirs = recalculated(soffice, books, tmp_path)
    for name, data in books.items():
        ours = load_workbook(io.BytesIO(data), data_only=True)
        wrong = []
        for sheet, where, formula in formula_cells(data):
            mine, calculated = ours[sheet][where].value, theirs[name][sheet][where].value
            if isinstance(mine, int | float) and isinstance(calculated, int | float):
                if calculated != pytest.approx(mine, rel=1e-9, abs=1e-6):
                    wrong.append((sheet, where, formula, mine, calculated))
            elif mine != calculated:
                wrong.append((sheet, where, formula, mine, calculated))
        assert wrong == [], name


# --- page setup -----------------------------------------------------------------------------
@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_every_sheet_prints_to_the_page_width_with_titles(books: dict[str, bytes],
                                                          views: dict[str, PlanView],
                                                          name: str) -> None:
    view = views[name]
    book = load_workbook(io.BytesIO(books[name]))
    labels = view.catalog.labels
    for ws in visible(book):
        setup = ws.page_setup
        assert setup.orientation in ("portrait", "landscape"), ws.title
        assert setup.paperSize == 9, ws.title  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert (setup.fitToWidth or 1) == 1 and setup.fitToHeight == 0, ws.title
        assert ws.print_area is not None and ws.print_area.startswith(f"'{ws.title}'!$A$1:"), \
            ws.title
        header, footer = ws.oddHeader, ws.oddFooter
        assert view.title.title.replace("&", "&&") in header.left.text, ws.title
        assert header.right.text == "&A"
        assert "&P" in footer.center.text and "&N" in footer.center.text
        expected_page = labels["page_x_of_y"].replace("{page}", "&P").replace("{pages}", "&N")
        assert footer.center.text == expected_page
        font = CJK_FONT if view.language.startswith("zh") else LATIN_FONT
        assert header.left.font.startswith(font) and footer.center.font.startswith(font)
        if ws.title != book.sheetnames[0]:  # tables: the heading row on every page
            assert ws.print_title_rows == "$1:$1", ws.title
            assert ws.print_title_cols is not None and ws.print_title_cols.startswith("$A:"), \
                ws.title


def test_wide_sheets_print_landscape_and_the_summary_portrait(books: dict[str, bytes]) -> None:
    book = load_workbook(io.BytesIO(books["sme-growth.en.yaml"]))
    assert book["Summary"].page_setup.orientation == "portrait"
    for title in ("Goals", "Budget", "Phasing", "Schedule"):
        assert book[title].page_setup.orientation == "landscape", title
    assert book["Schedule"].print_title_cols == "$A:$B"  # the kind and the name of each bar


def test_examples_print_on_a_sensible_number_of_pages(books: dict[str, bytes], soffice: str,
                                                      tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    sources = []
    for name, data in books.items():
        sources.append(tmp_path / f"{Path(name).stem}.xlsx")
        sources[-1].write_bytes(data)
    subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"),
                    *map(str, sources)], check=True, timeout=300, capture_output=True)
    for source in sources:
        pdf = tmp_path / "pdf" / f"{source.stem}.pdf"
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                              check=True).stdout
        pages = int(next(line.split()[-1] for line in info.splitlines()
                         if line.startswith("Pages:")))
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout
        sheets = load_workbook(source).sheetnames
        # every visible sheet on at least one page, the hidden lists on none, and no plan
        # over 24 pages (the issue saw 51-58 for one plan)
        assert pages <= 24, (source.name, pages)
        firsts = [page.strip().splitlines()[0].split()[-1] for page in text.split("\f")
                  if page.strip()]
        assert set(firsts) == set(sheets[:-1]), source.name
        assert pages == len(firsts)


# --- fonts and row heights --------------------------------------------------------------
@pytest.mark.parametrize(("name", "font"), [("sme-growth.en.yaml", LATIN_FONT),
                                            ("douyin-account.zh-CN.yaml", CJK_FONT)])
def test_every_style_names_its_font(books: dict[str, bytes], name: str, font: str) -> None:
    book = load_workbook(io.BytesIO(books[name]))
    fonts = {(item.name, item.scheme) for item in book._fonts}
    assert fonts == {(font, None)}
    for ws in book:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    assert cell.font.name == font, (ws.title, cell.coordinate)
    for ws in book:
        for chart in ws._charts:
            assert chart.title.tx.rich.p[0].pPr.defRPr.latin.typeface == font


def test_wrapped_text_gets_the_height_of_its_lines(books: dict[str, bytes]) -> None:
    goals = load_workbook(io.BytesIO(books["douyin-account.zh-CN.yaml"]))["目标"]
    wrapped = [cell for row in goals.iter_rows(min_row=2) for cell in row
               if cell.alignment.wrap_text]
    assert wrapped
    for cell in wrapped:
        height = goals.row_dimensions[cell.row].height
        assert height is not None and height >= 2 * 15, cell.coordinate
    plain = [row for row in range(2, goals.max_row + 1)
             if not any(cell.alignment.wrap_text for cell in goals[row])]
    assert all(goals.row_dimensions[row].height is None for row in plain)


# --- the budget for a finance team --------------------------------------------------------
def test_ids_are_the_last_column_narrow_and_grey(books: dict[str, bytes]) -> None:
    book = load_workbook(io.BytesIO(books["sme-growth.en.yaml"]))
    for title, column in (("Budget", "L"), ("Goals", "L"), ("KPIs", "J"), ("Risks", "H"),
                          ("Team", "I"), ("Schedule", "H")):
        ws = book[title]
        assert ws[f"{column}1"].value == "ID", title
        assert width_of(ws, column) < 11, title
        assert ws[f"{column}2"].font.color.rgb == "FF808080", title
        assert ws["A2"].value != ws[f"{column}2"].value


def test_editable_columns_offer_the_plans_own_lists(books: dict[str, bytes],
                                                    views: dict[str, PlanView]) -> None:
    view = views["sme-growth.en.yaml"]
    book = load_workbook(io.BytesIO(books["sme-growth.en.yaml"]))
    lists = book["Lists"]
    assert lists.sheet_state == "hidden"
    columns = {lists.cell(1, column).value: [cell.value for cell in lists[lists.cell(1, column)
                                             .column_letter][1:] if cell.value is not None]
               for column in range(1, lists.max_column + 1)}
    catalog = view.catalog
    assert columns["Category"] == list(catalog.enums["budget_category"].values())
    assert columns["Per"] == list(catalog.enums["per"].values())
    assert columns["Channel"] == [channel.name for channel in view.channels]
    assert view.schedule is not None
    assert columns["Phase"] == [phase.name for phase in view.schedule.phases]
    assert view.budget is not None
    last = len(view.budget.rows) + 1
    rules = {str(rule.sqref): rule for rule in book["Budget"].data_validations.dataValidation}
    for column, heading in (("B", "Category"), ("C", "Channel"), ("D", "Phase"), ("H", "Per")):
        rule = rules[f"{column}2:{column}{last}"]
        assert rule.type == "list" and rule.allow_blank
        letter = next(lists.cell(1, index).column_letter for index in range(1, 5)
                      if lists.cell(1, index).value == heading)
        assert rule.formula1 == f"'Lists'!${letter}$2:${letter}${len(columns[heading]) + 1}"
    budget = book["Budget"]
    for row in range(2, last + 1):  # every line's values are among the allowed ones
        assert budget[f"B{row}"].value in columns["Category"]
        assert budget[f"C{row}"].value in (None, *columns["Channel"])


def phasing_of(view: PlanView) -> tuple[Any, Any, int]:
    """The Phasing sheet (formulas), its values, and its total row."""
    data = render(view, None)
    title = view.catalog.labels["sheet_phasing"]
    ws = load_workbook(io.BytesIO(data))[title]
    shown = load_workbook(io.BytesIO(data), data_only=True)[title]
    total = next(cell.row for cell in ws["A"] if cell.value == view.catalog.labels["month_total"])
    return ws, shown, total


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_phasing_matrix_is_the_phasing_with_sums_over_it(views: dict[str, PlanView],
                                                         name: str) -> None:
    view = views[name]
    assert view.budget is not None
    phasing = view.budget.phasing
    ws, shown, total = phasing_of(view)
    months = len(phasing.months)
    last_month, gap = 4 + months, 5 + months
    by_id = {line.line_id: line for line in phasing.lines}
    for row, line in enumerate(view.budget.rows, 2):
        phased = by_id[line.id]
        assert ws.cell(row, gap + 1).value == line.id
        assert ws.cell(row, 4).value == f"='{view.catalog.labels['sheet_budget']}'!$J${row}"
        for column, month in enumerate(phasing.months, 5):
            value = ws.cell(row, column).value
            expected = phased.months.get(month, Decimal(0))
            assert Decimal(str(value or 0)) == expected, (line.id, month)
            assert not isinstance(value, str)  # inputs, never formulas
        letter = ws.cell(1, last_month).column_letter
        assert ws.cell(row, gap).value == f"=D{row}-SUM(E{row}:{letter}{row})"
        assert Decimal(str(shown.cell(row, gap).value)) == phased.unscheduled
    for column, month in enumerate(phasing.months, 5):
        letter = ws.cell(1, column).column_letter
        assert ws.cell(total, column).value == f"=SUM({letter}2:{letter}{total - 1})"
        assert Decimal(str(shown.cell(total, column).value)).quantize(Decimal("0.01")) == \
            phasing.month_totals()[month]
    assert Decimal(str(shown.cell(total, gap).value)) == phasing.unscheduled_total
    assert Decimal(str(shown.cell(total, 4).value)) == view.budget.allocated


def test_category_by_month_table_sums_the_matrix(views: dict[str, PlanView]) -> None:
    view = views["douyin-account.zh-CN.yaml"]
    assert view.budget is not None
    ws, shown, total = phasing_of(view)
    heading = next(cell.row for cell in ws["A"]
                   if cell.value == view.catalog.subsections["budget_month_category"])
    by_category = view.budget.phasing.by_category()
    for offset, category in enumerate(view.budget.categories, heading + 2):
        assert ws[f"A{offset}"].value == category.label
        last = total - 1
        assert ws[f"E{offset}"].value == f"=SUMIF($B$2:$B${last},A{offset},$E$2:$E${last})"
        first_month = view.budget.phasing.months[0]
        assert Decimal(str(shown[f"E{offset}"].value)) == by_category[category.key][first_month]


def test_an_edited_unit_cost_moves_the_totals_and_shows_as_not_phased(
        views: dict[str, PlanView], soffice: str, tmp_path: Path) -> None:
    view = views["sme-growth.en.yaml"]
    assert view.budget is not None
    row = next(index for index, line in enumerate(view.budget.rows, 2)
               if line.unit_cost is not None and line.amount is None)
    line = view.budget.rows[row - 2]
    book = load_workbook(io.BytesIO(render(view, None)))
    budget = book["Budget"]
    budget[f"F{row}"] = float(line.unit_cost or 0) * 2  # a finance person doubles the price
    buffer = io.BytesIO()
    book.save(buffer)
    after = recalculated(soffice, {"edited": buffer.getvalue()}, tmp_path)["edited"]
    allocated = next(cell.row for cell in budget["A"] if cell.value == "Allocated to lines")
    assert after["Budget"][f"J{row}"].value == pytest.approx(float(line.cost) * 2)
    assert after["Budget"][f"J{allocated}"].value == pytest.approx(
        float(view.budget.allocated + line.cost))
    phasing = after["Phasing"]
    gap = 5 + len(view.budget.phasing.months)
    total = next(cell.row for cell in phasing["A"] if cell.value == "Total")
    assert phasing.cell(row, 4).value == pytest.approx(float(line.cost) * 2)
    assert phasing.cell(row, gap).value == pytest.approx(float(line.cost))  # still to phase
    assert phasing.cell(total, 4).value == pytest.approx(float(view.budget.allocated + line.cost))
    months = [phasing.cell(total, column).value for column in range(5, gap)]
    assert sum(months) == pytest.approx(float(sum(view.budget.phasing.month_totals().values())))


def test_page_header_keeps_an_ampersand_and_fits_excels_limit() -> None:
    assert header_text("R&D plan", "Calibri") == (
        '&L&"Calibri,Bold"&9R&&D plan&R&"Calibri,Regular"&9&A')
    long = header_text("增长" * 300, CJK_FONT)
    assert len(long.encode("utf-16-le")) // 2 <= 255
    assert long.endswith('…&R&"Microsoft YaHei,Regular"&9&A')
    ampersands = header_text("&" * 300, "Calibri")
    title = ampersands.split("&9", 1)[1].rsplit("&R", 1)[0]
    assert title.rstrip("…") and len(title.rstrip("…")) % 2 == 0  # whole '&&' pairs only
