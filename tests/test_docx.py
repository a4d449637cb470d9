"""The Word deliverable, read back with python-docx as a reader would see it."""

from __future__ import annotations

import dataclasses
import io
import itertools
import re
import shutil
import subprocess
import time
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.document import Document
from docx.oxml.ns import qn
from docx.table import Table

from mktplan.errors import UsageError
from mktplan.render.context import PlanView, build_view
from mktplan.render.docx import render
from mktplan.render.docx.tables import ROWS_MARK
from mktplan.render.labels import load_catalog
from mktplan.render.ooxml import normalize_zip
from mktplan.render.resources import default_templates_dir

from .conftest import EXAMPLES, FIXTURES, check_text

THEME_ATTRIBUTES = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def view_of(text: str, templates: Path | None = None) -> PlanView:
    checked = check_text(text)
    assert checked.plan is not None, checked.findings
    return build_view(checked.plan, load_catalog(checked.plan.meta.language, templates))


def base_view() -> PlanView:
    return view_of((FIXTURES / "_base.yaml").read_text(encoding="utf-8"))


def example_view(name: str) -> PlanView:
    return view_of((EXAMPLES / name).read_text(encoding="utf-8"))


def open_docx(data: bytes) -> Document:
    return docx.Document(io.BytesIO(data))


def part_xml(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name).decode("utf-8")


def headings(document: Document, level: int) -> list[str]:
    return [p.text for p in document.paragraphs
            if p.style is not None and p.style.name == f"Heading {level}"]


def table_with_header(document: Document, *first_headers: str) -> Table:
    for table in document.tables:
        cells = table.rows[0].cells
        if [cell.text for cell in cells[:len(first_headers)]] == list(first_headers):
            return table
    raise AssertionError(f"no table starts with {first_headers!r}")


def row_texts(table: Table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


@pytest.fixture(scope="module")
def english() -> bytes:
    return render(example_view("sme-growth.en.yaml"), None)


@pytest.fixture(scope="module")
def chinese() -> bytes:
    return render(example_view("douyin-account.zh-CN.yaml"), None)


# --------------------------------------------------------------------------- structure


def test_sections_in_plan_order_with_catalog_headings(english: bytes) -> None:
    view = example_view("sme-growth.en.yaml")
    document = open_docx(english)
    assert headings(document, 1) == [view.catalog.labels["executive_summary"],
                                     *(view.catalog.sections[key] for key in view.sections)]
    assert "Budget and Returns" in headings(document, 1)
    assert {"Budget lines", "Returns", "Return on investment", "Schedule"} <= set(
        headings(document, 2))
    assert headings(document, 3)  # persona names


def test_chinese_headings_and_full_width_colon(chinese: bytes) -> None:
    document = open_docx(chinese)
    assert "预算与回报" in headings(document, 1)
    assert "进度甘特图" in headings(document, 2)
    texts = [p.text for p in document.paragraphs]
    assert any(text.startswith("规模：") for text in texts)


def test_title_page_from_the_template(english: bytes) -> None:
    document = open_docx(english)
    styled = [(p.style.name if p.style else "", p.text) for p in document.paragraphs if p.text]
    assert styled[0] == ("Title", "Lanes Coffee 2027 Growth Plan")
    assert styled[1][0] == "Subtitle"
    assert ("Normal", "Plan period: Jan 1, 2027 – Dec 31, 2027") in styled
    assert ("Normal", "Version: 2.1") in styled
    assert any(text.startswith("Confidential: ") for _, text in styled)
    properties = document.core_properties
    assert properties.language == "en-US" and properties.created == properties.modified
    assert properties.created.date() == date(2027, 1, 1)  # no meta.issued: the first day
    assert "<Application>mktplan</Application>" in part_xml(english, "docProps/app.xml")
    assert ("TOC Heading", "Contents") in styled
    assert document.core_properties.title == "Lanes Coffee 2027 Growth Plan"


def test_every_table_fills_the_page_width(english: bytes) -> None:
    document = open_docx(english)
    section = document.sections[-1]
    text_width = (section.page_width - section.left_margin - section.right_margin) // 635
    for table in document.tables:
        grid = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.iterchildren(qn("w:gridCol"))]
        assert sum(grid) == text_width
        assert table.style is not None and table.style.name == "mktplan Table"


def test_no_row_markers_left(english: bytes) -> None:
    assert ROWS_MARK not in part_xml(english, "word/document.xml")


# ------------------------------------------------------------------------------ tables


def test_budget_table_has_subtotals_and_the_total_in_its_total_row() -> None:
    data = render(base_view(), None)
    rows = row_texts(table_with_header(open_docx(data), "Item"))
    assert rows[1][0] == "Personnel"  # category row, spanning the table
    assert rows[2][:4] == ["Operations lead salary", "", "CNY 200,000 × 1 × 1 (per year)",
                           "CNY 200,000"]
    assert rows[3][0] == "Subtotal: Personnel" and rows[3][3] == "CNY 200,000"
    assert ["Allocated to lines", "", "", "CNY 950,000", "95%"] in rows
    assert ["Reserve", "", "", "CNY 50,000", "5%"] in rows
    assert rows[-1] == ["Total", "", "", "CNY 1,000,000", "100%"]


def test_goals_table_shows_baseline_target_and_deadline() -> None:
    rows = row_texts(table_with_header(open_docx(render(base_view(), None)), "ID"))
    assert rows[0] == ["ID", "Goal", "KPI", "Baseline", "Target", "Deadline", "Owner"]
    assert rows[1] == ["G1", "Grow monthly visits to 30,000 by the end of June",
                       "Monthly unique visitors", "20,000 visits", "30,000 visits\n+50%",
                       "Jun 30, 2027", "Operations lead"]


def test_tasks_are_grouped_under_their_phase() -> None:
    table = table_with_header(open_docx(render(base_view(), None)), "Task")
    # python-docx repeats a cell that spans the table once per column
    rows = [sorted(set(texts)) if len(set(texts)) == 1 else texts for texts in row_texts(table)]
    # no task has a deliverable: the column is left out
    assert rows[0] == ["Task", "Owner", "Start", "End", "Depends on"]
    assert rows[1:] == [
        ["Preparation (Jan 1, 2027 – Feb 28, 2027)"],
        ["Persona research", "Operations lead", "Jan 1, 2027", "Jan 31, 2027", ""],
        ["Run (Mar 1, 2027 – Dec 31, 2027)"],
        ["Launch ads", "Operations lead", "Mar 1, 2027", "Mar 30, 2027", "Persona research"],
    ]


def test_returns_and_roi_both_ways() -> None:
    document = open_docx(render(base_view(), None))
    rows = row_texts(table_with_header(document, "Stream"))
    assert rows[-1][:2] == ["Total returns", "CNY 3,000,000"]
    texts = [p.text for p in document.paragraphs]
    assert "Return ÷ cost: 3.16 : 1" in texts
    assert "(Return − cost) ÷ cost: 215.8%" in texts


def _cell_fill(cell: Any) -> str | None:
    shading = cell._tc.find(f"{qn('w:tcPr')}/{qn('w:shd')}")
    return None if shading is None else str(shading.get(qn("w:fill")))


def test_gantt_has_a_column_per_month_and_shades_active_months() -> None:
    view = base_view()
    assert view.schedule is not None
    table = table_with_header(open_docx(render(view, None)), "Name", "Jan")
    header = [cell.text for cell in table.rows[0].cells]
    assert header == ["Name", *(view.fmt.short_month(m) for m in view.schedule.months)]
    assert len(header) == 1 + 12
    body_rows = table.rows[1:]
    assert [row.cells[0].text for row in body_rows] == [r.name for r in view.schedule.rows]
    for row, expected in zip(body_rows, view.schedule.rows, strict=True):
        shaded = [_cell_fill(cell) is not None for cell in row.cells[1:]]
        assert shaded == list(expected.active), expected.name
    phase_run = body_rows[0].cells[0].paragraphs[0].runs[0]
    assert phase_run.bold and not body_rows[1].cells[0].paragraphs[0].runs[0].bold
    milestone = body_rows[-1]
    assert [cell.text for cell in milestone.cells[1:]].index("◆") == 3  # April


def test_gantt_of_three_years_writes_month_names_vertically(chinese: bytes) -> None:
    text = (FIXTURES / "_base.yaml").read_text(encoding="utf-8").replace(
        "end: 2027-12-31}", "end: 2029-12-31}")
    table = table_with_header(open_docx(render(view_of(text), None)), "Name", "Jan 2027")
    assert len(table.columns) == 1 + 36
    assert table.rows[0].cells[36].text == "Dec 2029"
    direction = table.rows[0].cells[1]._tc.find(f"{qn('w:tcPr')}/{qn('w:textDirection')}")
    assert direction is not None and direction.get(qn("w:val")) == "btLr"


def test_risks_are_rated_and_shaded_by_level(chinese: bytes) -> None:
    view = example_view("douyin-account.zh-CN.yaml")
    table = table_with_header(open_docx(chinese), "描述")
    fills = {"high": "F8CBAD", "medium": "FFE699", "low": "C6E0B4"}
    for row, risk in zip(table.rows[1:], view.risks, strict=True):
        assert row.cells[4].text == f"{risk.rating}（{risk.score}）"
        assert _cell_fill(row.cells[4]) == fills[risk.level]


def test_swot_is_a_two_by_two_grid(english: bytes) -> None:
    view = example_view("sme-growth.en.yaml")
    assert view.swot is not None
    grids = [t for t in open_docx(english).tables
             if t.rows[0].cells[0].paragraphs[0].text == "Strengths"]
    assert len(grids) == 1 and len(grids[0].rows) == 2 and len(grids[0].columns) == 2
    cell = grids[0].rows[1].cells[1]
    assert [p.text for p in cell.paragraphs] == ["Threats", *view.swot.threats]


# ------------------------------------------------------------------------ Chinese fonts


def test_chinese_document_names_east_asian_fonts_and_language(chinese: bytes) -> None:
    document = open_docx(chinese)
    styles = document.styles.element
    for rfonts in styles.iter(qn("w:rFonts")):
        assert rfonts.get(qn("w:eastAsia")), rfonts.getparent().getparent()
        assert not {qn(a) for a in THEME_ATTRIBUTES} & set(rfonts.attrib)
    defaults = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    assert defaults.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "Microsoft YaHei"
    assert defaults.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"
    settings = part_xml(chinese, "word/settings.xml")
    assert 'w:eastAsia="zh-CN"' in settings and "ja-JP" not in settings


def _template_copy(folder: Path) -> Path:
    target = folder / "docx" / "report.docx"
    target.parent.mkdir(parents=True)
    shutil.copy(default_templates_dir() / "docx" / "report.docx", target)
    return target


def test_theme_fonts_of_a_restyled_template_become_explicit(tmp_path: Path) -> None:
    target = _template_copy(tmp_path)
    template = docx.Document(str(target))
    heading = template.styles["Heading 2"].element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
    for attribute in list(heading.attrib):
        del heading.attrib[attribute]
    heading.set(qn("w:asciiTheme"), "majorHAnsi")
    heading.set(qn("w:eastAsiaTheme"), "majorEastAsia")
    template.save(str(target))

    output = open_docx(render(base_view(), tmp_path))
    fonts = output.styles["Heading 2"].element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
    assert not {qn(a) for a in THEME_ATTRIBUTES} & set(fonts.attrib)
    # the theme's heading fonts: Latin, and its Simplified Chinese face (not the Japanese one)
    assert fonts.get(qn("w:ascii")) == "Calibri"
    assert fonts.get(qn("w:eastAsia")) == "宋体"


# ------------------------------------------------------------------------ hostile text


def test_markup_and_control_characters_are_text_not_a_crash() -> None:
    view = base_view()
    assert view.budget is not None
    title = dataclasses.replace(view.title, title="A&B <Brand>\x01 plan",
                                author="</w:t><w:r><w:t>injected")
    category = view.budget.categories[0]
    row = dataclasses.replace(category.rows[0], item="Tab\there\x0b, bell\x07 & <b>bold</b>")
    budget = dataclasses.replace(view.budget, categories=(
        dataclasses.replace(category, rows=(row,)), *view.budget.categories[1:]))
    goal = dataclasses.replace(view.goals[0], statement="first line\r\nsecond {{ x }}")
    view = dataclasses.replace(view, title=title, budget=budget, goals=(goal, *view.goals[1:]))

    document = open_docx(render(view, None))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "A&B <Brand> plan"
    assert "Author: </w:t><w:r><w:t>injected" in texts
    assert document.core_properties.title == "A&B <Brand> plan"
    items = [r[0] for r in row_texts(table_with_header(document, "Item"))]
    assert "Tab\there, bell & <b>bold</b>" in items
    goal = table_with_header(document, "ID").rows[1].cells[1].paragraphs[0]
    assert goal.text == "first line\nsecond {{ x }}"  # a line break, and no Jinja


# -------------------------------------------------------------------------- templates


def test_a_templates_folder_overrides_the_word_template(tmp_path: Path) -> None:
    target = _template_copy(tmp_path)
    template = docx.Document(str(target))
    template.styles["Normal"].font.name = "Georgia"
    template.save(str(target))

    output = open_docx(render(base_view(), tmp_path))
    normal = output.styles["Normal"].element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
    assert normal.get(qn("w:ascii")) == "Georgia"
    assert "Georgia" not in part_xml(render(base_view(), None), "word/styles.xml")


def _write_template_with_text(folder: Path, text: str) -> None:
    target = _template_copy(folder)
    template = docx.Document(str(target))
    template.add_paragraph(text)
    template.save(str(target))


def test_a_template_with_an_unknown_variable_is_a_usage_error(tmp_path: Path) -> None:
    _write_template_with_text(tmp_path, "{{ client_logo }}")
    with pytest.raises(UsageError, match="client_logo"):
        render(base_view(), tmp_path)


def test_a_syntax_error_quotes_the_paragraph_not_a_line_of_xml(tmp_path: Path) -> None:
    _write_template_with_text(tmp_path, "Prepared for {{ organization | upper }")
    with pytest.raises(UsageError, match=re.escape(
            "could not be filled: word/document.xml, in the paragraph "
            "'Prepared for {{ organization | upper }': syntax error: ")):
        render(base_view(), tmp_path)


def test_a_template_cannot_reach_python_internals(tmp_path: Path) -> None:
    _write_template_with_text(tmp_path, "{{ body.__init__.__globals__ }}")
    with pytest.raises(UsageError, match=re.escape(
            "could not be filled: word/document.xml, in the paragraph "
            "'{{ body.__init__.__globals__ }}': not allowed")):
        render(base_view(), tmp_path)


def test_a_template_that_is_not_a_word_file_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "docx").mkdir()
    (tmp_path / "docx" / "report.docx").write_text("not a zip", encoding="utf-8")
    with pytest.raises(UsageError, match="not a Word"):
        render(base_view(), tmp_path)


def _add_entry(template: Path, name: str, megabytes: int) -> None:
    """Add an entry of zeros, written a mebibyte at a time: a zip bomb compresses 1000:1."""
    with zipfile.ZipFile(template, "a", zipfile.ZIP_DEFLATED) as archive, \
            archive.open(name, "w", force_zip64=True) as entry:
        for _ in range(megabytes):
            entry.write(bytes(1024 * 1024))


def test_a_zip_bomb_template_is_refused_before_it_is_inflated(tmp_path: Path) -> None:
    target = _template_copy(tmp_path)
    _add_entry(target, "word/media/image1.png", 200)
    assert target.stat().st_size < 1024 * 1024
    started = time.process_time()
    with pytest.raises(UsageError, match=r"unpacks to 210,\d{3},\d{3} bytes, more than "
                                         r"134,217,728 \(a zip bomb\?\)"):
        render(base_view(), tmp_path)
    assert time.process_time() - started < 1


def test_an_entry_that_inflates_too_much_is_refused(tmp_path: Path) -> None:
    target = _template_copy(tmp_path)
    _add_entry(target, "word/media/image1.png", 2)
    with pytest.raises(UsageError, match=r"an entry word/media/image1\.png that inflates "
                                         r"1,0\d\d times \(a zip bomb\?\)"):
        render(base_view(), tmp_path)


def test_an_entity_bomb_in_the_template_is_refused(tmp_path: Path) -> None:
    target = _template_copy(tmp_path)
    with zipfile.ZipFile(target) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    entities = '<!ENTITY l0 "lollollollol">' + "".join(
        f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))  # 10**9 lols
    declaration, rest = parts["word/document.xml"].decode().split("?>", 1)
    rest = rest.replace("<w:body>", "<w:body><w:p><w:r><w:t>&l9;</w:t></w:r></w:p>", 1)
    parts["word/document.xml"] = (
        f"{declaration}?><!DOCTYPE w:document [{entities}]>{rest}").encode()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    with pytest.raises(UsageError, match=r"holds XML that cannot be read \(.*amplification"):
        render(base_view(), tmp_path)


def test_too_many_entries_or_a_huge_part_are_refused(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from mktplan.render.docx import archive

    _template_copy(tmp_path)
    monkeypatch.setattr(archive, "MAX_ENTRIES", 10)
    with pytest.raises(UsageError, match="has 19 entries, more than 10"):
        render(base_view(), tmp_path)
    monkeypatch.setattr(archive, "MAX_ENTRIES", 1000)
    monkeypatch.setattr(archive, "MAX_PART_BYTES", 100_000)
    with pytest.raises(UsageError, match=r"a part word/styles\.xml of 345,870 bytes"):
        render(base_view(), tmp_path)


def test_a_template_without_the_body_paragraph_is_a_usage_error(tmp_path: Path) -> None:
    target = _template_copy(tmp_path)
    template = docx.Document(str(target))
    for paragraph in template.paragraphs:
        if "body" in paragraph.text:
            paragraph.text = "no plan here"
    template.save(str(target))
    with pytest.raises(UsageError, match=r"\{\{p body \}\}"):
        render(base_view(), tmp_path)


# ------------------------------------------------------------------ contents, omissions


def test_reproducible_bytes(english: bytes) -> None:
    assert render(example_view("sme-growth.en.yaml"), None) == english
    assert normalize_zip(english) == english  # canonical: rows were streamed in its form


def test_a_plan_with_only_meta_still_makes_a_document() -> None:
    text = (FIXTURES / "_base.yaml").read_text(encoding="utf-8").split("goals:")[0]
    document = open_docx(render(view_of(text), None))
    assert not headings(document, 1) and not document.tables
    assert document.paragraphs[0].text == "Base plan"


def test_left_out_sections_leave_no_empty_headings() -> None:
    text = (FIXTURES / "_base.yaml").read_text(encoding="utf-8")
    text += "swot: {strengths: []}\nevaluation: {}\nbackground: {resources: [Own roastery]}\n"
    document = open_docx(render(view_of(text), None))
    assert headings(document, 1) == ["Summary", "Background", "Goals", "Strategy",
                                     "Execution Plan", "Team", "Budget and Returns", "KPIs"]
    assert headings(document, 2)[0] == "Existing resources"
    body = document.element.body
    blocks = list(body.iterchildren(qn("w:p"), qn("w:tbl")))
    for block, following in itertools.pairwise(blocks):
        style = block.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        if style is not None and style.get(qn("w:val")) == "Heading1":
            next_style = following.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            assert next_style is None or next_style.get(qn("w:val")) != "Heading1"


def test_table_of_contents_field_lists_the_headings(english: bytes) -> None:
    xml = part_xml(english, "word/document.xml")
    assert re.search(r'<w:instrText xml:space="preserve"> TOC \\o "1-3" \\h \\z \\u ', xml)
    # Word asks "update fields?" on every opening with either of these
    assert "updateFields" not in part_xml(english, "word/settings.xml")
    assert "w:dirty" not in xml
    anchors = re.findall(r'<w:hyperlink w:anchor="(_Toc\d+)"', xml)
    bookmarks = re.findall(r'<w:bookmarkStart w:id="\d+" w:name="(_Toc\d+)"/>', xml)
    assert anchors == bookmarks and len(anchors) == len(headings(open_docx(english), 1)) + len(
        headings(open_docx(english), 2)) + len(headings(open_docx(english), 3))
    document = open_docx(english)
    entries = [p.text for p in document.paragraphs if p.style and p.style.name == "toc 1"]
    assert entries[:3] == ["Summary", "1 Background", "2 Competitors"]


# ------------------------------------------------------------------------- scale, viewer


def _plan_with_tasks(tasks: int) -> str:
    text = (FIXTURES / "_base.yaml").read_text(encoding="utf-8")
    extra = "".join(
        f"    - {{id: X{n}, name: Extra task {n}, phase: run, owner: ops, start: M{3 + n % 9},"
        f" duration_days: {1 + n % 40}}}\n" for n in range(tasks))
    return text.replace("  milestones:\n", extra + "  milestones:\n")


def _seconds_to_render(view: PlanView) -> float:
    best = float("inf")
    for _ in range(2):
        started = time.perf_counter()
        render(view, None)
        best = min(best, time.perf_counter() - started)
    return best


def test_render_time_grows_linearly_with_the_plan() -> None:
    small, large = view_of(_plan_with_tasks(400)), view_of(_plan_with_tasks(1_600))
    ratio = _seconds_to_render(large) / _seconds_to_render(small)
    assert ratio < 8, f"4x the tasks took {ratio:.1f}x the time: something is quadratic"


def test_libreoffice_opens_and_converts_it(tmp_path: Path, chinese: bytes, soffice: str) -> None:
    source = tmp_path / "plan.docx"
    source.write_bytes(chinese)
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=180)
    pdf = (tmp_path / "plan.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


def test_budget_phasing_tables_have_unscheduled_and_total_rows() -> None:
    text = (FIXTURES / "_base.yaml").read_text(encoding="utf-8")
    view = view_of(text.replace("channel: douyin, phase: run}", "channel: douyin}"))
    document = open_docx(render(view, None))
    months = row_texts(table_with_header(document, "Month", "Amount"))
    assert months[1] == ["Jan 2027", "CNY 16,666.67"] and len(months) == 1 + 12 + 2
    assert months[-2:] == [["Unscheduled", "CNY 750,000.00"], ["Total", "CNY 950,000.00"]]
    assert "Unscheduled: Douyin ads" in [p.text for p in document.paragraphs]
    matrix = row_texts(table_with_header(document, "Month", "Personnel"))
    assert matrix[0] == ["Month", "Personnel", "Media", "Total"]
    assert matrix[1] == ["Jan 2027", "16,666.67", "–", "16,666.67"]
    assert matrix[-2:] == [["Unscheduled", "–", "750,000.00", "750,000.00"],
                           ["Total", "200,000.00", "750,000.00", "950,000.00"]]


def test_chinese_phasing_labels_and_a_matrix_split_over_two_tables() -> None:
    document = open_docx(render(example_view("douyin-account.zh-CN.yaml"), None))
    assert "分月分类支出" in headings(document, 2) and "分阶段支出" in headings(document, 2)
    first = row_texts(table_with_header(document, "月份", "人员"))
    second = row_texts(table_with_header(document, "月份", "活动"))
    assert len(first[0]) + len(second[0]) == 2 + 7 + 1  # two month columns, 7 categories, total
    assert second[0][-1] == "合计" and second[-1][-1] == "2,850,000.00"
    assert first[-1][0] == "合计" and first[1][0] == "2027年1月"
