"""The Word report as a client receives it: summary, native charts, table of contents.

Read from the document's XML for every example plan and a Chinese 618 campaign.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import docx
import pytest

from mktplan.render.docx import render
from mktplan.render.docx.charts import GANTT_NOTED_TWIPS, gantt_series, time_axis
from mktplan.render.docx.gantt import time_columns
from mktplan.render.docx.pages import with_page_numbers
from mktplan.text.formatter import Formatter

from .conftest import EXAMPLES, ROOT
from .regen_golden import GANTT_PLANS, gantt_golden_path, gantt_text
from .test_docx import view_of

PLANS_DIR = ROOT / "tests" / "plans"
"""Clean plans beyond the examples (fixtures each plant a mistake)."""
PLANS = [*sorted(EXAMPLES.glob("*.yaml")), PLANS_DIR / "campaign-618.zh-CN.yaml"]
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
CHART_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"
PACKAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/package"


@pytest.fixture(scope="module", params=PLANS, ids=lambda path: path.name)
def built(request: pytest.FixtureRequest) -> tuple[Path, bytes]:
    path: Path = request.param
    return path, render(view_of(path.read_text(encoding="utf-8")), None)


def _entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_four_native_charts_each_with_its_workbook(built: tuple[Path, bytes]) -> None:
    entries = _entries(built[1])
    charts = sorted(name for name in entries if re.fullmatch(r"word/charts/chart\d+\.xml", name))
    assert len(charts) >= 4
    document_rels = entries["word/_rels/document.xml.rels"].decode()
    document = entries["word/document.xml"].decode()
    for chart in charts:
        name = chart.rsplit("/", 1)[1]
        assert f'Target="charts/{name}"' in document_rels
        rels = entries[f"word/charts/_rels/{name}.rels"].decode()
        workbook = re.search(rf'Type="{PACKAGE_REL}" Target="\.\./(embeddings/[^"]+\.xlsx)"',
                             rels) or re.search(
            rf'Target="\.\./(embeddings/[^"]+\.xlsx)" Type="{PACKAGE_REL}"', rels)
        assert workbook is not None, rels
        with zipfile.ZipFile(io.BytesIO(entries[f"word/{workbook.group(1)}"])) as sheet:
            assert "xl/worksheets/sheet1.xml" in sheet.namelist()
        assert b'<c:externalData r:id="rId1">' in entries[chart]
    shown = re.findall(r'<c:chart [^>]*r:id="(rId\d+)"', document)
    assert len(shown) == len(charts)
    assert document_rels.count(CHART_REL) == len(charts)


def test_chart_titles_and_fonts_in_the_plans_language(built: tuple[Path, bytes]) -> None:
    path, data = built
    entries = _entries(data)
    titles = []
    for name, content in entries.items():
        if name.startswith("word/charts/chart"):
            titles.append("".join(re.findall(r"<a:t>([^<]*)</a:t>",
                                             content.decode().split("</c:title>")[0])))
            assert re.search(rb'<a:ea typeface="[^"]+"/>', content)
    if "zh-CN" in path.name:
        assert {"进度甘特图", "预算分类汇总", "月度支出", "KPI 基线与目标"} <= set(titles)
    else:
        assert {"Schedule", "Budget by category", "Spend by month"} <= set(titles)


def test_chart_labels_write_money_in_the_documents_one_style(built: tuple[Path, bytes]) -> None:
    path, data = built
    texts = [text for name, content in _entries(data).items()
             if re.fullmatch(r"word/charts/chart\d+\.xml", name)
             for text in re.findall(r"<a:t>([^<]*)</a:t>", content.decode())]
    assert any(re.search(r"\d", text) for text in texts)
    code_after_figure = re.compile(r"\d\s*(USD|CNY|EUR|GBP|JPY)\b")
    assert [text for text in texts if code_after_figure.search(text)] == []
    if "zh-CN" in path.name:
        assert [text for text in texts if re.search(r"\b(USD|CNY)\b|[¥$]", text)] == []
        # a share under a bar's amount in Chinese brackets: （48.7%）, not (48.7%)
        assert [text for text in texts if "(" in text] == []
        assert any(re.search(r"（\d+(\.\d)?%）", text) for text in texts)


def test_no_list_ends_with_its_last_item_alone_on_a_page(built: tuple[Path, bytes]) -> None:
    document = docx.Document(io.BytesIO(built[1]))
    body = [p for p in document.paragraphs]
    bullets = [i for i, p in enumerate(body)
               if p.style is not None and p.style.name.startswith("List")]
    ends = [i for i in bullets if i + 1 not in bullets and i - 1 in bullets]
    assert len(ends) >= 3
    for end in ends:  # the item before a list's last keeps with it
        assert body[end - 1].paragraph_format.keep_with_next, body[end].text


def test_summary_heading_comes_before_section_one(built: tuple[Path, bytes]) -> None:
    path, data = built
    document = docx.Document(io.BytesIO(data))
    first = [p.text for p in document.paragraphs
             if p.style is not None and p.style.name == "Heading 1"][:2]
    summary = "方案摘要" if "zh-CN" in path.name else "Summary"
    assert first[0] == summary
    entries = [p.text for p in document.paragraphs
               if p.style is not None and p.style.name == "toc 1"]
    assert entries[0] == summary and entries[1].startswith("1 ")


def test_summary_sums_the_plan_up(built: tuple[Path, bytes]) -> None:
    path, data = built
    view = view_of(path.read_text(encoding="utf-8"))
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    starts = [i for i, p in enumerate(document.paragraphs)
              if p.style is not None and p.style.name == "Heading 1"]
    start, end = starts[:2]
    page = "\n".join(texts[start:end])
    for goal in view.goals[:8]:
        assert goal.id in page
    assert view.budget is not None and view.fmt.money(view.budget.total) in page
    assert view.schedule is not None
    assert all(phase.name in page for phase in view.schedule.phases)


def test_no_update_prompt(built: tuple[Path, bytes]) -> None:
    entries = _entries(built[1])
    assert b"updateFields" not in entries["word/settings.xml"]
    assert b"w:dirty" not in entries["word/document.xml"]


def test_page_numbers_go_after_each_entry_as_pageref_fields(built: tuple[Path, bytes]) -> None:
    data = built[1]
    document = _entries(data)["word/document.xml"].decode()
    entries = len(re.findall(r'<w:hyperlink w:anchor="_Toc', document))
    pages = [str(3 + number // 5) for number in range(entries)]
    numbered = _entries(with_page_numbers(data, pages))["word/document.xml"].decode()
    assert re.findall(r"PAGEREF (_Toc\d+) \\h", numbered) == re.findall(
        r'<w:hyperlink w:anchor="(_Toc\d+)"', document)
    assert with_page_numbers(data, pages[:-1]) == data  # a count that differs: none at all


def test_time_axis_of_a_60_day_campaign_counts_from_the_launch_day() -> None:
    launch = dt.date(2027, 6, 18)
    axis = time_axis(launch - dt.timedelta(days=30), launch + dt.timedelta(days=29), launch,
                     chinese=True)
    assert (axis.minimum, axis.maximum, axis.step) == (-30, 30, 5)
    assert axis.number_format == '"T+"0;"T-"0;"T"'


def test_time_axis_without_a_launch_day_follows_the_span() -> None:
    start = dt.date(2027, 1, 1)
    assert time_axis(start, dt.date(2027, 1, 31), None, chinese=False).step == 7
    year = time_axis(start, dt.date(2027, 12, 31), None, chinese=False)
    # ticks M1 … M12 at the months' starts; the tick where M12 ends has no label ("M13")
    assert (year.minimum, year.maximum, year.step) == (1, 13, 1)
    assert year.number_format == '[>=13]"";"M"0'
    # the format goes into an XML attribute: no "<" (which made the chart part unreadable)
    assert "<" not in year.number_format
    assert year.at(dt.date(2027, 2, 15)) == 2 + 14 / 28  # half-way into M2


def test_gantt_series_draw_spans_on_both_sides_of_the_launch_day() -> None:
    # [-30, -10), [-5, 3), [2, 8): before, across and after T
    before, after = gantt_series([(-30, -10), (-5, 3), (2, 8)])
    assert before == ([-10.0, 0.0, 0.0], [-20.0, -5.0, 0.0])
    assert after == ([0.0, 0.0, 2.0], [0.0, 3.0, 6.0])
    assert gantt_series([(46000, 46010)]) == [([46000.0], [10.0])]


@pytest.mark.parametrize("plan", GANTT_PLANS, ids=lambda path: path.name)
def test_gantt_granularity_of_a_60_day_campaign_is_golden(plan: Path) -> None:
    # weekly columns counted from the launch day; python tests/regen_golden.py rewrites it
    assert gantt_text(plan).decode() == gantt_golden_path(plan).read_text(encoding="utf-8")


@pytest.mark.parametrize(("days", "launch", "first_labels"), [
    (30, None, ["6/1", "6/2", "6/3"]),
    (30, 17, ["T-17", "T-16", "T-15"]),
    (92, None, ["6/1", "6/8", "6/15"]),
    (365, None, ["Jun", "Jul", "Aug"]),
])
def test_gantt_columns_are_days_weeks_or_months(days: int, launch: int | None,
                                                first_labels: list[str]) -> None:
    start = dt.date(2027, 6, 1)
    end = start + dt.timedelta(days=days - 1)
    launch_day = None if launch is None else start + dt.timedelta(days=launch)
    months = [dt.date(2027 + (5 + n) // 12, (5 + n) % 12 + 1, 1) for n in range(12)]
    columns = time_columns(start, end, launch_day, Formatter("en"), months)
    assert [column.label for column in columns[:3]] == first_labels
    assert columns[0].first == start


def test_a_wide_gantt_goes_on_a_landscape_page() -> None:
    text = (PLANS_DIR / "campaign-618.zh-CN.yaml").read_text(encoding="utf-8")
    short = text.replace("{start: 2027-05-19, end: 2027-07-17}", "{start: 2027-06-01, end: "
                         "2027-06-30}")  # 30 days: a column per day
    for longer, shorter in (("T+29", "T+12"), ("T-30", "T-17"), ("T-21", "T-15"),
                            ("T-20", "T-14")):
        short = short.replace(longer, shorter)
    document = _entries(render(view_of(short), None))["word/document.xml"].decode()
    sections = re.findall(r"<w:sectPr.*?</w:sectPr>", document)
    assert len(sections) == 3 and 'w:orient="landscape"' in sections[1]
    assert 'w:w="16838" w:h="11906"' in sections[1]
    gantt = document.index("<w:t>进度甘特图</w:t>")  # the heading, not its TOC entry
    assert document.rindex("<w:sectPr", 0, gantt) < gantt < document.index(sections[1])
    wide = _entries(render(view_of(text), None))["word/document.xml"].decode()
    assert "landscape" not in wide  # nine weekly columns fit a portrait page


# --- a schedule longer than the Gantt chart -------------------------------------------------
def _with_extra_tasks(path: Path, extra: int) -> str:
    """The plan with ``extra`` more tasks, copies of its first one under new ids."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    first = next(number for number, line in enumerate(lines) if line.startswith("  tasks:")) + 1
    copies = [re.sub(r"\{id: [^,]+, name: [^,]+,", f"{{id: EXTRA{i}, name: Extra task {i},",
                     lines[first]) for i in range(extra)]
    assert all("EXTRA" in copy for copy in copies)
    return "".join(lines[:first + 1] + copies + lines[first + 1:])


def _gantt_chart(entries: dict[str, bytes], title: str) -> str:
    charts = [content.decode() for name, content in entries.items()
              if re.fullmatch(r"word/charts/chart\d+\.xml", name)]
    return next(chart for chart in charts if f"<a:t>{title}</a:t>" in chart.split("</c:title>")[0])


def _body_text(data: bytes) -> str:
    return "\n".join(paragraph.text for paragraph in docx.Document(io.BytesIO(data)).paragraphs)


@pytest.mark.parametrize(("name", "note"), [
    ("campaign-launch.en.yaml", "The chart shows 40 of the schedule's {rows} rows, phases and "
                                "milestones first; the table “Schedule” above lists all {rows}."),
    ("campaign-618.zh-CN.yaml", "图表显示排期 {rows} 项中的 40 项（优先显示阶段和里程碑）；"
                                "全部 {rows} 项见上文“进度甘特图”表。"),
])
def test_a_long_schedule_keeps_phases_and_milestones_and_says_what_the_chart_leaves_out(
        name: str, note: str) -> None:
    view = view_of(_with_extra_tasks(EXAMPLES / name, 40))
    assert view.schedule is not None
    rows = view.schedule.rows
    assert len(rows) > 50
    data = render(view, None)
    chart = _gantt_chart(_entries(data), view.catalog.subsections["gantt"])
    categories = chart.split("<c:cat>")[1].split("</c:cat>")[0]
    assert '<c:ptCount val="40"/>' in categories
    shown = re.findall(r"<c:v>([^<]*)</c:v>", categories)
    kept = [row for row in rows if row.kind != "task"]
    tasks = [row for row in rows if row.kind == "task"][:40 - len(kept)]
    assert len(shown) == 40 and 0 < len(kept) < 40
    # every phase and milestone, then the first tasks, in the schedule's order (a long
    # name cut short with "…")
    expected = [row.name for row in rows if row in kept or row in tasks]
    assert len(expected) == 40
    assert all(name.startswith(text.strip(" ◆").removesuffix("…"))
               for text, name in zip(shown, expected, strict=True)), (shown, expected)
    assert note.format(rows=len(rows)) in _body_text(data)
    # the chart leaves room for its note on the same page (the chart keeps with it)
    document = _entries(data)["word/document.xml"].decode()
    title = view.catalog.subsections["gantt"]
    drawing = re.search(r'<wp:extent cx="\d+" cy="(\d+)"/>(?:(?!<wp:extent).)*?descr="'
                        + re.escape(title) + '"', document)
    assert drawing is not None
    assert int(drawing.group(1)) <= GANTT_NOTED_TWIPS * 635


def test_a_schedule_that_fits_the_chart_has_no_note() -> None:
    view = view_of((EXAMPLES / "campaign-launch.en.yaml").read_text(encoding="utf-8"))
    assert view.schedule is not None and len(view.schedule.rows) <= 40
    chart = _gantt_chart(_entries(render(view, None)), "Schedule")
    assert f'<c:ptCount val="{len(view.schedule.rows)}"/>' in chart
    assert "The chart shows" not in _body_text(render(view, None))
