"""The Word report as a reader meets it: tables that hold together, one money style, the cover.

Every example is built as ``mktplan build`` builds it, and its ``word/document.xml`` read:
every row is kept on one page, header rows repeat, amounts and dates never wrap, no
column is empty in every row, and every amount in a table is written in its language's
one style (the Markdown's tables too).
"""

from __future__ import annotations

import io
import re
import zipfile
from functools import cache
from pathlib import Path

import pytest
from lxml import etree

from mktplan.render.deliverables import BuildOptions, render_plan
from mktplan.render.docx.fitted import FitTable
from mktplan.render.docx.widths import (
    CELL_MARGIN_TWIPS,
    Measure,
    allocate,
    fits,
    text_units,
    unit_words,
)
from mktplan.text.formatter import Formatter

from .conftest import EXAMPLES

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
EXAMPLE_PLANS = sorted(EXAMPLES.glob("*.yaml"))
CHINESE_MONEY = re.compile(r"-?(?:\d{1,3}(?:,\d{3})*(?:\.\d{2})?|\d{1,3}(?:,\d{3})*(?:\.\d{1,2})?万"
                           r"|\d{1,3}(?:,\d{3})*(?:\.\d{1,4})?亿)(?:元|美元)")
"""The one money style of zh-CN: 5,000元, 3.20元, 48万元, 12.35万元, 1.5亿元."""
CHINESE_MONEY_LIKE = re.compile(r"-?[\d,.]+\s*[万亿]?\s*(?:元|美元)|(?:CNY|USD|RMB|¥|￥)\s*-?\d"
                                r"|\d\s*(?:CNY|USD|RMB)\b")
ENGLISH_MONEY = re.compile(r"-?(?:\$|€|£|HK\$|[A-Z]{3} )\d{1,3}(?:,\d{3})*(?:\.\d{2})?"
                           r"(?![\d.,]*[KMB])")
"""The one money style of en: $1,600,000, CNY 1,600,000, -$42.50."""
ENGLISH_MONEY_LIKE = re.compile(r"-?(?:[$€£¥]|\b(?:CNY|USD|EUR|GBP|HKD|JPY) ?)\s*-?\d[\d,.]*[KMB]?"
                                r"|\d[\d,.]*\s?(?:CNY|USD|EUR|元)\b")


@cache
def built(plan: Path) -> dict[str, bytes]:
    rendered = render_plan(plan, BuildOptions(output=Path("unused"), formats=("docx", "md")))
    assert rendered.problem is None and rendered.contents, rendered.problem
    return rendered.contents


def document(plan: Path) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(built(plan)[".docx"])) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def cell_text(cell: etree._Element) -> str:
    return "\n".join("".join(p.itertext()) for p in cell.iterfind("w:p", NS))


def fitted_tables(root: etree._Element) -> list[etree._Element]:
    """The plan's tables laid out from their content: all but the Gantt and the SWOT grid."""
    return [table for table in root.iter(f"{{{W}}}tbl")
            if table.xpath(f"w:tblPr/w:tblCellMar/w:left[@w:w='{CELL_MARGIN_TWIPS}']",
                           namespaces=NS)
            and table.find("w:tr/w:trPr/w:tblHeader", NS) is not None]


@pytest.mark.parametrize("plan", EXAMPLE_PLANS, ids=lambda path: path.stem)
def test_every_row_is_kept_on_one_page_and_header_rows_repeat(plan: Path) -> None:
    root = document(plan)
    tables = list(root.iter(f"{{{W}}}tbl"))
    assert len(tables) >= 10
    for table in tables:
        rows = table.findall("w:tr", NS)
        assert all(row.find("w:trPr/w:cantSplit", NS) is not None for row in rows)
        headed = table.find("w:tblPr/w:tblLook", NS)
        if headed is not None and headed.get(f"{{{W}}}firstRow") == "1":
            assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
            # the header row stays with the first row, so a heading never ends a page alone
            assert rows[0].find(".//w:pPr/w:keepNext", NS) is not None
            if len(rows) > 2:
                assert rows[1].find(".//w:pPr/w:keepNext", NS) is not None


@pytest.mark.parametrize("plan", EXAMPLE_PLANS, ids=lambda path: path.stem)
def test_amounts_ids_and_dates_never_wrap_and_no_column_is_empty(plan: Path) -> None:
    fmt = Formatter("zh-CN" if "zh-CN" in plan.name else "en")
    money = CHINESE_MONEY if fmt.chinese else ENGLISH_MONEY
    tables = fitted_tables(document(plan))
    assert len(tables) >= 8
    unwrapped = 0
    for table in tables:
        header, *rows = table.findall("w:tr", NS)
        columns = len(header.findall("w:tc", NS))
        grid = [int(col.get(f"{{{W}}}w")) for col in table.iterfind("w:tblGrid/w:gridCol", NS)]
        assert len(grid) == columns and sum(grid) == int(table.find("w:tblPr/w:tblW", NS)
                                                          .get(f"{{{W}}}w"))
        filled = [False] * columns
        for row in rows:
            cells = row.findall("w:tc", NS)
            if len(cells) != columns:  # a row across the table: a group or a goal's details
                continue
            for index, cell in enumerate(cells):
                text = cell_text(cell)
                filled[index] = filled[index] or bool(text)
                if text and money.fullmatch(text):
                    assert cell.find("w:tcPr/w:noWrap", NS) is not None, text
                    unwrapped += 1
        assert all(filled), [cell_text(c) for c in header.findall("w:tc", NS)]
    assert unwrapped >= 5


def summary_money_lines(plan: Path) -> list[str]:
    """The summary page's goal lines and its budget and returns lines.

    These are the figures mktplan writes in prose rather than in a table.
    """
    paragraphs = ["".join(p.itertext()) for p in document(plan).iterfind("w:body/w:p", NS)]
    start = paragraphs.index("方案摘要" if "zh-CN" in plan.name else "Summary")
    page = paragraphs[start:start + 40]
    lines = [text for text in page if " → " in text or text.startswith(("总预算", "回报合计",
                                                                          "Total", "Returns"))]
    assert len(lines) >= 3, page
    return lines


@pytest.mark.parametrize("plan", EXAMPLE_PLANS, ids=lambda path: path.stem)
def test_every_amount_in_the_word_and_markdown_tables_has_the_one_money_style(plan: Path) -> None:
    chinese = "zh-CN" in plan.name
    money, like = (CHINESE_MONEY, CHINESE_MONEY_LIKE) if chinese else \
        (ENGLISH_MONEY, ENGLISH_MONEY_LIKE)
    written = re.sub(r"\s", "", plan.read_text(encoding="utf-8"))
    # not the rows across a table: a phase's name, a goal's objective and rationale
    cells = [cell_text(cell) for cell in document(plan).iter(f"{{{W}}}tc")
             if cell.find("w:tcPr/w:gridSpan", NS) is None]
    cells += summary_money_lines(plan)
    markdown = built(plan)[".md"].decode()
    cells += [cell.strip().replace("**", "") for line in markdown.splitlines()
              if line.startswith("|") for cell in line.strip("|").split(" | ")]
    checked = 0
    for text in cells:
        if all(re.sub(r"\s", "", piece) in written for piece in re.split(r"\n|; |、", text)):
            continue  # the plan's own words (a statement that says "CNY 3.2M"), or a list of them
        for found in like.finditer(text):
            assert money.fullmatch(found.group().strip()), (found.group(), text)
            checked += 1
    assert checked >= 20
    if chinese:  # no currency code and no ¥ in any run that mktplan wrote
        runs = ["".join(t.itertext()) for t in document(plan).iter(f"{{{W}}}t")]
        assert not [run for run in runs if re.search(r"\b(CNY|USD|RMB)\b|¥", run)
                    and re.sub(r"\s", "", run) not in written]


@pytest.mark.parametrize(("language", "currency", "value", "expected"), [
    ("zh-CN", "CNY", "5000", "5,000元"), ("zh-CN", "CNY", "3.2", "3.20元"),
    ("zh-CN", "CNY", "99999", "99,999元"), ("zh-CN", "CNY", "100000", "10万元"),
    ("zh-CN", "CNY", "123456", "12.35万元"), ("zh-CN", "CNY", "-480000", "-48万元"),
    ("zh-CN", "CNY", "20000000", "2,000万元"), ("zh-CN", "CNY", "150000000", "1.5亿元"),
    ("zh-CN", "CNY", "123456789", "1.2346亿元"), ("zh-CN", "USD", "1600000", "160万美元"),
    ("zh-CN", "USD", "42", "42美元"), ("en", "USD", "1600000", "$1,600,000"),
    ("en", "USD", "-42.5", "-$42.50"), ("en", "CNY", "288000", "CNY 288,000"),
    ("en", "JPY", "300000", "JPY 300,000"), ("en", "EUR", "5000", "€5,000"),
    ("en", "CNY", "150000000", "CNY 150,000,000"),
])
def test_one_money_style_per_language(language: str, currency: str, value: str,
                                      expected: str) -> None:
    from decimal import Decimal

    fmt = Formatter(language, currency)
    assert fmt.money(Decimal(value)) == expected
    assert (CHINESE_MONEY if fmt.chinese else ENGLISH_MONEY).fullmatch(expected)


def test_goal_and_kpi_values_carry_their_unit() -> None:
    from decimal import Decimal

    chinese, english = Formatter("zh-CN", "CNY"), Formatter("en", "USD")
    assert chinese.quantity(Decimal(1600000), "元") == "160万元"
    assert chinese.quantity(Decimal(380000), "人") == "380,000人"
    assert chinese.quantity(Decimal(28), "%") == "28%"
    assert english.quantity(Decimal(42), "USD") == "$42"
    assert english.quantity(Decimal(20000), "visits") == "20,000 visits"
    # tables that add up show every digit, in the same style: no ¥ or code in Chinese
    assert chinese.money_exact(Decimal("650384.21")) == "650,384.21元"
    assert english.money_exact(Decimal("-42.5")) == "-$42.50"


def test_the_618_campaign_has_its_phases_cover_and_properties() -> None:
    plan = EXAMPLES / "campaign-618.zh-CN.yaml"
    data = built(plan)[".docx"]
    root = document(plan)
    texts = ["".join(p.itertext()) for p in root.iter(f"{{{W}}}p")]
    for phase in ("预热期（T-30）", "蓄水期（T-10）", "爆发期（T 日）", "收尾返场期"):
        assert any(text.startswith(phase) for text in texts), phase
    for line in ("客户：轻氧（杭州）健康科技有限公司", "编制单位：杭州星芒数字营销咨询有限公司",
                 "版本：1.2", "编制日期：2027年5月6日", "计划周期：2027年5月19日至2027年7月18日"):
        assert line in texts
    notice = "保密文件：本方案仅供轻氧（杭州）健康科技有限公司内部使用"
    assert any(text.startswith(notice) for text in texts)
    assert "2027-0" not in "".join(texts)  # one date style: no ISO dates in a Chinese report
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        core = archive.read("docProps/core.xml").decode()
        app = archive.read("docProps/app.xml").decode()
        document_xml = archive.read("word/document.xml").decode()
    assert any(name.startswith("word/media/") and name.endswith(".png") for name in names)
    assert document_xml.index("<w:drawing>") < document_xml.index("轻氧健身 App 2027")
    assert "2027-05-06T00:00:00Z" in core and "<dc:language>zh-CN</dc:language>" in core
    assert "<Application>mktplan</Application>" in app and "Microsoft" not in app
    assert built(plan)[".docx"] == data  # byte-identical builds


def test_chinese_headings_do_not_repeat_their_parent_and_the_subtitle_is_upright() -> None:
    plan = EXAMPLES / "douyin-account.zh-CN.yaml"
    root = document(plan)
    headings = ["".join(p.itertext()) for p in root.iterfind(".//w:body/w:p", NS)
                if any(str(style).startswith("Heading")
                       for style in p.xpath("w:pPr/w:pStyle/@w:val", namespaces=NS))]
    assert headings.count("用户画像") == 1
    with zipfile.ZipFile(io.BytesIO(built(plan)[".docx"])) as archive:
        styles = etree.fromstring(archive.read("word/styles.xml"))
    subtitle = styles.find("w:style[@w:styleId='Subtitle']", NS)
    assert subtitle is not None and subtitle.find("w:rPr/w:i", NS) is None


def test_folded_chinese_lines_join_without_spaces() -> None:
    markdown = built(EXAMPLES / "douyin-account.zh-CN.yaml")[".md"].decode()
    assert "38 万，月均播放量" in markdown and "， " not in markdown


# --- widths and landscape pages ----------------------------------------------------------
def test_cjk_characters_count_double_and_figures_break_only_before_words() -> None:
    assert text_units("编号") == 20 and text_units("ab") == 12
    assert unit_words("CNY 12,000 per month") == ["CNY 12,000", "per", "month"]
    measure = Measure()
    measure.take("2027年12月31日", breaks="nowhere")
    assert measure.need == measure.want == text_units("2027年12月31日")


def test_columns_share_the_width_by_what_they_hold() -> None:
    short, long = Measure(), Measure()
    short.take("G1", breaks="nowhere")
    long.take("Grow monthly unique visitors across mini-program and website", breaks="anywhere")
    widths = allocate([short, long], 9000, 20)
    assert sum(widths) == 9000 and widths[1] > 5 * widths[0]
    assert fits([short], 1000, 20) and not fits([long] * 30, 9000, 20)


def _wide_table(body_width: int, landscape_width: int) -> tuple[FitTable, bool]:
    parent = etree.Element(f"{{{W}}}body", nsmap={"w": W})
    table = FitTable(parent, [_column(f"Column {n}") for n in range(7)], style_id=None, number=0)
    table.add([f"an-unbreakable-identifier-{n}" for n in range(7)])
    return table, table.finish(body_width, landscape_width)


def _column(header: str) -> object:
    from mktplan.render.docx.tables import Column

    return Column(header, nowrap=True)


def test_a_table_too_wide_for_a_portrait_page_goes_on_a_landscape_one() -> None:
    table, landscape = _wide_table(9026, 99999)
    assert landscape and sum(table.widths) == 99999
    table, landscape = _wide_table(9026, 9026)  # no landscape page to go to
    assert not landscape and sum(table.widths) == 9026


def test_landscape_sections_in_the_document() -> None:
    from mktplan.render.docx.body import Body, StyleIds

    section = etree.fromstring(
        f'<w:sectPr xmlns:w="{W}"><w:pgSz w:w="11906" w:h="16838"/>'
        '<w:pgMar w:left="1440" w:right="1440"/><w:titlePg/><w:docGrid/></w:sectPr>')
    styles = StyleIds(("Heading1", "Heading2", "Heading3"), None, None, (None, None, None), False)
    root = etree.Element(f"{{{W}}}body", nsmap={"w": W})
    body = Body(styles, 9026, root, section=section)
    body.text("before")
    body.heading("Wide", 2)
    table = body.table([_column(f"Column {n}") for n in range(6)])  # type: ignore[list-item]
    table.add([f"identifier-{1000 + n}" for n in range(6)])
    with body.landscape() as width:
        assert width == 16838 - 2 * 1440
        body.text("a Gantt would go here")
    body.finish()
    breaks = [p for p in root.iter(f"{{{W}}}p") if p.find("w:pPr/w:sectPr", NS) is not None]
    assert len(breaks) == 2  # portrait ends before the heading; one landscape run for both
    portrait, turned = (p.find("w:pPr/w:sectPr", NS) for p in breaks)
    assert portrait.find("w:titlePg", NS) is not None and section.find("w:titlePg", NS) is None
    assert turned.find("w:pgSz", NS).get(f"{{{W}}}orient") == "landscape"
    assert breaks[0].getnext() is not None and "Wide" in "".join(breaks[0].getnext().itertext())
