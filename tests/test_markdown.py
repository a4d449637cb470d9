"""The Markdown deliverable: golden files, escaping of hostile text, left-out sections, Chinese."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from mktplan.render.context import build_view
from mktplan.render.labels import load_catalog
from mktplan.render.markdown import cell, heading, inline, mermaid, render, text

from .conftest import check_text
from .regen_golden import examples, golden_path, render_markdown

HOSTILE = "A | B\n<script>alert(1)</script> & C"
#: a GitHub-flavoured parser: tables on, raw HTML recognised (so injection shows as tokens)
GFM = MarkdownIt("commonmark").enable("table")


def markdown_of(plan_text: str, templates: Path | None = None) -> str:
    result = check_text(plan_text)
    assert result.errors == 0, result.findings
    assert result.plan is not None
    view = build_view(result.plan, load_catalog(result.plan.meta.language, templates))
    return render(view, templates).decode("utf-8")


def tokens(markdown: str) -> list[Token]:
    return GFM.parse(markdown)


def html_tokens(markdown: str) -> list[Token]:
    found = [t for t in tokens(markdown) if t.type in ("html_block", "html_inline")]
    for token in tokens(markdown):
        found += [c for c in token.children or [] if c.type == "html_inline"]
    return found


def tables(markdown: str) -> list[tuple[str, list[list[str]]]]:
    """Every table with the text of the heading above it; rows (header first) of cell texts."""
    found: list[tuple[str, list[list[str]]]] = []
    last_heading, in_heading, in_row = "", False, False
    for token in tokens(markdown):
        if token.type in ("heading_open", "heading_close"):
            in_heading = token.type == "heading_open"
        elif token.type == "table_open":
            found.append((last_heading, []))
        elif token.type in ("tr_open", "tr_close"):
            in_row = token.type == "tr_open"
            if in_row:
                found[-1][1].append([])
        elif token.type == "inline" and in_row:
            found[-1][1][-1].append(token.content)
        elif token.type == "inline" and in_heading:
            last_heading = token.content
    return found


def table_after(markdown: str, heading_text: str, index: int = 0) -> list[list[str]]:
    """The rows of the ``index``-th table under a heading."""
    return [rows for title, rows in tables(markdown) if title == heading_text][index]


# -- golden files -------------------------------------------------------------------------


@pytest.mark.parametrize("example", examples(), ids=lambda p: p.name)
def test_markdown_matches_golden_file(example: Path) -> None:
    golden = golden_path(example)
    assert golden.is_file(), "run: python tests/regen_golden.py"
    assert render_markdown(example) == golden.read_bytes(), (
        f"{golden.name} is stale; run python tests/regen_golden.py and review the diff")


def test_every_example_has_a_golden_file_and_no_other() -> None:
    expected = {golden_path(example).name for example in examples()}
    present = {path.name for path in golden_path(examples()[0]).parent.glob("*.md")}
    assert present == expected


# -- escaping -----------------------------------------------------------------------------


def test_hostile_channel_name_keeps_tables_whole_and_injects_no_html(base_text: str) -> None:
    quoted = HOSTILE.replace("\n", "\\n")
    plan = base_text.replace("name: Douyin,", f'name: "{quoted}",')
    markdown = markdown_of(plan)
    assert html_tokens(markdown) == []
    assert "<script>" not in markdown
    channels = table_after(markdown, "Channels")
    assert channels == [["Name", "Type", "Role", "Platforms"],
                        ["A | B &lt;script&gt;alert(1)&lt;/script&gt; &amp; C", "Paid", "", ""]]
    supports = table_after(markdown, "1. Goals", 1)  # the goal's supports name the channel
    assert [len(row) for row in supports] == [4, 4]
    assert supports[1][2] == channels[1][0]


def test_hostile_text_in_paragraphs_and_bullets_stays_text(base_text: str) -> None:
    plan = base_text + (
        "background:\n"
        '  summary: "<img src=x onerror=alert(1)>\\n# Not a heading"\n'
        '  pain_points: ["# not a heading", "1. not a list", "- not a list", "```"]\n'
        "evaluation:\n"
        '  cadence: "<b>weekly</b>"\n'
    )
    markdown = markdown_of(plan)
    assert html_tokens(markdown) == []
    headings = [t.tag for t in tokens(markdown) if t.type == "heading_open"]
    assert headings.count("h1") == 1
    assert not any(t.type in ("fence", "ordered_list_open") for t in tokens(markdown)
                   if t.info != "mermaid")
    assert "- \\# not a heading" in markdown
    assert "- 1\\. not a list" in markdown


def test_hostile_names_in_the_gantt_cannot_break_its_syntax(base_text: str) -> None:
    plan = base_text.replace("name: Persona research", 'name: "section: research; #1 %% x"')
    plan = plan.replace("name: Launch ads", "name: title Launch ads")
    markdown = markdown_of(plan)
    gantt = markdown.split("```mermaid\n", 1)[1].split("```", 1)[0]
    for line in gantt.splitlines()[3:]:
        name, _, data = line.strip().partition(" :")
        assert ":" not in name and ";" not in name and "#" not in name and "%" not in name
        if data:
            assert re.fullmatch(r"(?:active, |milestone, )?\d{4}-\d\d-\d\d, \d+d", data), line
    assert "section： research；" in gantt
    assert "\u200btitle Launch ads :" in gantt


LINKS = (r"[x](javascript:alert(1)) ![](http://remote.example/pixel.png) <http://evil.example>"
         r" <img src=x> **bold** _em_ ~~s~~ `code`")


def _inline_tokens(markdown: str) -> list[Token]:
    return [child for token in tokens(markdown) for child in token.children or []]


def test_plan_text_cannot_become_a_link_an_image_or_markup(base_text: str) -> None:
    def with_text(text: str) -> str:
        quoted = text.replace("\\", "\\\\").replace('"', '\\"')
        return markdown_of(base_text.replace("name: Douyin,", f'name: "{quoted}",') + (
            f'background:\n  summary: "{quoted}"\n  pain_points: ["{quoted}"]\n'))

    hostile, plain = with_text(LINKS), with_text("plain words")
    kinds = Counter(token.type for token in _inline_tokens(hostile))
    assert not set(kinds) & {"link_open", "image", "html_inline", "em_open", "code_inline"}
    assert kinds - Counter({"text": kinds["text"]}) == Counter(  # the page's own markup only
        token.type for token in _inline_tokens(plain) if token.type != "text")
    assert html_tokens(hostile) == []
    shown = "".join(t.content for t in _inline_tokens(hostile) if t.type == "text")
    assert "[x](javascript:alert(1)) ![](http://remote.example/pixel.png) " in shown


def test_escaping_filters() -> None:
    assert cell("a|b\r\nc") == "a\\|b c"
    assert cell(None) == ""
    assert inline("## x") == "\\## x"
    assert inline("#hashtag#") == "#hashtag#"  # not a heading: no escape needed
    assert inline("12) x") == "12\\) x"
    assert inline("1.5 million") == "1.5 million"
    assert heading("Plan ##") == "Plan \\##"
    assert text("one\nline\n\n\n- two") == "one line\n\n\\- two"
    assert cell(cell("<a>")) == "&lt;a&gt;"  # escaped once, not twice
    assert mermaid("") == "-"
    assert cell("[a](b) ![c](d) *e* _f_ `g` ~h~ \\") == \
        "\\[a\\](b) !\\[c\\](d) \\*e\\* \\_f\\_ \\`g\\` \\~h\\~ \\\\"


# -- structure ----------------------------------------------------------------------------


def test_left_out_sections_leave_no_empty_headings(base_text: str) -> None:
    plan = "\n".join(line for line in base_text.splitlines()
                     if not line.startswith(("returns:", "  - {id: sales")))
    markdown = markdown_of(plan)
    lines = [line for line in markdown.splitlines() if line.strip()]
    for index, line in enumerate(lines):
        level = len(line) - len(line.lstrip("#"))
        if line.startswith("#") and " " in line[:level + 1]:
            following = lines[index + 1] if index + 1 < len(lines) else ""
            next_level = len(following) - len(following.lstrip("#"))
            assert following and not (following.startswith("#") and next_level <= level), line
    sections = [line for line in lines if line.startswith("## ")]
    assert sections == ["## 1. Goals", "## 2. Strategy", "## 3. Execution Plan", "## 4. Team",
                        "## 5. Budget and Returns", "## 6. KPIs"]
    assert "Returns" not in "\n".join(line for line in lines if line.startswith("### "))


def test_a_plan_with_only_meta_is_a_title_block() -> None:
    markdown = markdown_of(
        "mktplan: 1\nmeta: {id: m, title: Only meta, period: {start: 2027-01-01, "
        "end: 2027-12-31}}\n")
    assert markdown == "# Only meta\n\n- **Plan period**: Jan 1, 2027 – Dec 31, 2027\n"


def test_budget_is_grouped_by_category_with_subtotals_then_reserve_unallocated_total(
        base_text: str) -> None:
    rows = table_after(markdown_of(base_text), "Budget lines")
    firsts = [row[0] for row in rows[1:]]
    assert firsts == ["Operations lead salary", "**Subtotal: Personnel**", "Douyin ads",
                      "**Subtotal: Media**", "**Reserve**", "**Unallocated**", "**Total**"]
    assert rows[-1][5] == "**CNY 1,000,000**"


def test_roi_is_shown_both_ways(base_text: str) -> None:
    rows = table_after(markdown_of(base_text), "Return on investment")
    assert rows[1] == ["CNY 3,000,000", "CNY 950,000", "3.16 : 1", "215.8%"]


def test_content_calendar_is_a_month_by_pillar_summary(base_text: str) -> None:
    plan = base_text.replace(
        "    - {id: douyin, name: Douyin, type: paid}\n",
        "    - {id: douyin, name: Douyin, type: paid}\n"
        "  content:\n"
        "    pillars: [{id: tips, name: Tips}, {id: live, name: Live}]\n"
        "    calendar:\n"
        "      - {pillar: tips, channel: douyin, count: 2, per: week}\n"
        "      - {pillar: live, channel: douyin, count: 1, per: month, from: M11}\n")
    markdown = markdown_of(plan)
    assert len(table_after(markdown, "Content calendar")) == 3  # the two cadence rules
    summary = table_after(markdown, "Content calendar", 1)
    assert summary[0] == ["Month", "Tips", "Live", "Total"]
    assert len(summary) == 1 + 12 + 1
    assert summary[11] == ["Nov 2027", "9", "1", "**10**"]
    assert summary[-1] == ["**Total**", "**105**", "**2**", "**107**"]


def test_chinese_plan_has_chinese_headings_money_and_dates() -> None:
    markdown = golden_path(Path("douyin-account.zh-CN.yaml")).read_text(encoding="utf-8")
    sections = [line for line in markdown.splitlines() if line.startswith("## ")]
    assert sections[0] == "## 1. 策划背景"
    assert all(re.search(r"[\u4e00-\u9fff]", line) for line in sections)
    assert "- **计划周期**：2027年1月1日至2027年12月31日" in markdown
    assert "- **总预算**：300万元" in markdown
    assert "| **合计** |" in markdown


# -- templates ----------------------------------------------------------------------------


def test_a_templates_folder_overrides_partials_and_labels(base_text: str,
                                                          tmp_path: Path) -> None:
    (tmp_path / "markdown").mkdir()
    (tmp_path / "markdown" / "goals.md.j2").write_text(
        "{% for g in view.goals %}- {{ g.statement|inline }}\n{% endfor %}", encoding="utf-8")
    (tmp_path / "i18n").mkdir()
    (tmp_path / "i18n" / "en.yaml").write_text("sections: {goals: Objectives}\n",
                                               encoding="utf-8")
    markdown = markdown_of(base_text, tmp_path)
    assert "## 1. Objectives\n\n- Grow monthly visits to 30,000 by the end of June\n" in markdown
    assert "## 2. Strategy" in markdown


def test_a_budget_without_total_ends_with_the_sum_of_lines_and_reserve(base_text: str) -> None:
    plan = base_text.replace('  total: "100万"\n  reserve: "5%"\n', '  reserve: "5万"\n')
    plan += "rules: {budget-no-total: off}\n"
    rows = table_after(markdown_of(plan), "Budget lines")
    assert [row[0] for row in rows[-2:]] == ["**Reserve**", "**Total**"]
    assert rows[-1][5] == "**CNY 1,000,000**" and rows[-2][6] == ""
    assert not any(row[0] == "**Unallocated**" for row in rows)


def test_an_oversized_calendar_is_counted_with_a_note(base_text: str) -> None:
    plan = base_text.replace(
        "    - {id: douyin, name: Douyin, type: paid}\n",
        "    - {id: douyin, name: Douyin, type: paid}\n"
        "  content:\n"
        "    pillars: [{id: tips, name: Tips}]\n"
        "    calendar: [{pillar: tips, channel: douyin, count: 100, per: day},\n"
        "               {pillar: tips, channel: douyin, count: 100, per: day}]\n")
    markdown = markdown_of(plan)
    summary = table_after(markdown, "Content calendar", 1)
    assert summary[-1] == ["**Total**", "**50,000**", "**50,000**"]
    assert "*The calendar makes more slots than can be listed;" in markdown


def test_a_language_tag_in_any_case_gives_the_same_deliverable(base_text: str) -> None:
    chinese = markdown_of(base_text.replace("language: en", "language: zh-CN"))
    assert markdown_of(base_text.replace("language: en", "language: ZH-cn")) == chinese
    assert chinese != markdown_of(base_text)


def test_spend_by_month_has_the_unscheduled_and_total_rows(base_text: str) -> None:
    text = base_text.replace("channel: douyin, phase: run}", "channel: douyin}")
    markdown = markdown_of(text)
    rows = table_after(markdown, "Spend by month")
    assert rows[1] == ["Jan 2027", "CNY 16,666.67"] and rows[2] == ["Feb 2027", "CNY 16,666.66"]
    assert rows[-2:] == [["**Unscheduled**", "**CNY 750,000.00**"],
                         ["**Total**", "**CNY 950,000.00**"]]
    assert "- **Unscheduled**: Douyin ads" in markdown


def test_month_by_category_adds_up_both_ways(base_text: str) -> None:
    rows = table_after(markdown_of(base_text), "Spend by month and category")
    assert rows[0] == ["Month", "Personnel", "Media", "Total"]
    assert rows[1] == ["Jan 2027", "16,666.67", "–", "16,666.67"]
    assert rows[3] == ["Mar 2027", "16,666.67", "75,000.00", "91,666.67"]  # ads over M3–M12
    assert rows[-1] == ["**Total**", "**200,000.00**", "**750,000.00**", "**950,000.00**"]
    by_phase = table_after(markdown_of(base_text), "Spend by phase")
    assert by_phase[1:] == [
        ["Run", "Mar 1, 2027", "Dec 31, 2027", "CNY 750,000.00", "78.9%"],
        ["No phase", "", "", "CNY 200,000.00", "21.1%"],
        ["**Total**", "", "", "**CNY 950,000.00**", "**100%**"],
    ]
