"""The review as a Word document: the 月度复盘报告 (or "Review of …") in the plan's language.

The same sections as the Markdown review (:mod:`mktplan.review.report_md`): the as-of
date and time elapsed, the budget against plan to date, by category, channel, month and
line, the KPIs and goals against their paths, returns and ROI, and the findings. Built
with python-docx on its default template; Chinese gets explicit East Asian fonts and
``zh-CN`` language tags (:func:`~mktplan.render.docx.fonts.fix_east_asian_fonts`); plan
text is cleaned of characters XML cannot hold. The file's dates are fixed, so the same
review gives the same bytes. Charts are not drawn yet.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from mktplan.findings import Finding
from mktplan.review.analysis import Figures, Review
from mktplan.review.words import labels
from mktplan.text.formatter import Formatter

_FIXED = datetime(2000, 1, 1, tzinfo=UTC)
_ILLEGAL = {code: None for code in (*range(0, 9), 11, 12, *range(14, 32))}


def clean(text: str) -> str:
    """Text that Word's XML can hold (control characters dropped)."""
    return text.translate(_ILLEGAL)


def render(result: Review, title: str, language: str, files: Sequence[str], counted: int,
           findings: Sequence[Finding]) -> bytes:
    """The document's bytes."""
    from mktplan.render.docx.fonts import fix_east_asian_fonts

    words = labels(language)
    fmt = Formatter(language, result.currency)
    document = Document()
    _landscape(document)
    document.add_heading(clean(words["title"].format(title=title)), 0)
    document.add_paragraph(words["as_of"].format(date=fmt.date(result.as_of),
                                                 elapsed=fmt.percent(result.elapsed)))
    document.add_paragraph(clean(words["files"].format(files=", ".join(files) or words["none"],
                                                       rows=fmt.number(counted))))
    document.add_heading(words["budget"], 1)
    _table(document, ["", *_money_head(words)], _budget_rows(result, words, fmt))
    for key, first, rows in (("by_category", "category", result.categories),
                             ("by_channel", "channel", result.channels),
                             ("by_month", "month", result.months)):
        document.add_heading(words[key], 2)
        _table(document, [words[first], *_money_head(words)],
               [[_name(row, first, words, fmt), *_money_cells(row, fmt)] for row in rows])
    document.add_heading(words["by_line"], 2)
    _table(document, [words["line"], words["item"], *_money_head(words)],
           [[line.key, line.label, *_money_cells(line, fmt)] for line in result.lines],
           text_columns=2)
    document.add_heading(words["kpis"], 1)
    _tracks(document, result, words, fmt)
    if result.streams:
        document.add_heading(words["returns"], 1)
        _table(document, [words["stream"], words["amount"], words["planned"], words["actual"]],
               [[s.label, fmt.money(s.amount), fmt.money(s.planned), fmt.money(s.actual)]
                for s in result.streams])
        if result.roi is not None:
            document.add_paragraph(f"{words['roi']}: {fmt.ratio(result.roi)}")
    document.add_heading(words["findings"], 1)
    for finding in findings:
        document.add_paragraph(
            clean(f"{words[finding.severity.value]} [{finding.rule}] {finding.file}:{finding.line}:"
                  f"{finding.column}: {finding.message}"), style="List Bullet")
    if not findings:
        document.add_paragraph(words["no_findings"])
    properties = document.core_properties
    properties.title = clean(title)[:255]
    properties.created = properties.modified = _FIXED
    properties.last_modified_by = properties.author = "mktplan"
    properties.revision = 1
    fix_east_asian_fonts(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


#: A4 across, with 2 cm margins: what the tables may fill
_PAGE, _MARGIN = (Cm(29.7), Cm(21.0)), Cm(2)
_TEXT_WIDTH = _PAGE[0] - 2 * _MARGIN


def _landscape(document: object) -> None:
    """A4 landscape: the budget tables have nine columns."""
    section = document.sections[0]  # type: ignore[attr-defined]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = _PAGE
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, _MARGIN)


def _money_head(words: Mapping[str, str]) -> list[str]:
    return [words[key] for key in ("cost", "planned", "actual", "variance", "variance_pct",
                                   "remaining", "forecast")]


def _money_cells(row: Figures, fmt: Formatter) -> list[str]:
    return [fmt.money(row.cost), fmt.money(row.planned), fmt.money(row.actual),
            fmt.money(row.variance), fmt.signed_percent(row.variance_share),
            fmt.money(row.remaining), fmt.money(row.forecast)]


def _budget_rows(result: Review, words: Mapping[str, str], fmt: Formatter) -> list[list[str]]:
    lines = Figures("lines", "", sum((line.cost for line in result.lines), Decimal(0)),
                    result.total.planned, result.total.actual, result.total.forecast)
    rows = [[words["lines_total"], *_money_cells(lines, fmt)],
            [words["reserve"], fmt.money(result.reserve), "", "", "", "", "", ""]]
    if result.budget_total is not None:
        rows.append([words["budget_total"], *_money_cells(result.total, fmt)])
    return rows


def _name(row: Figures, kind: str, words: Mapping[str, str], fmt: Formatter) -> str:
    if kind == "month":
        year, month = (int(part) for part in row.key.split("-"))
        return fmt.month(date(year, month, 1))
    return row.label or words["none"]


def _tracks(document: object, result: Review, words: Mapping[str, str],
            fmt: Formatter) -> None:
    head = [words[key] for key in ("goal", "baseline", "target", "deadline", "latest",
                                   "path", "progress", "projected", "status")]
    rows = []
    for track in result.tracks:
        latest = track.latest
        rows.append([f"{track.key} {track.name}", fmt.number(track.baseline),
                     fmt.number(track.target), fmt.short_date(track.deadline),
                     fmt.number(latest.value) if latest else "", fmt.number(track.expected),
                     fmt.percent(track.progress), fmt.number(track.projected),
                     words[track.status]])
    if rows:
        _table(document, head, rows)
    else:
        document.add_paragraph(words["none"])  # type: ignore[attr-defined]


def _table(document: object, head: Sequence[str], rows: Sequence[Sequence[str]],
           text_columns: int = 1) -> None:
    table = document.add_table(rows=1, cols=len(head))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    for cell, name in zip(table.rows[0].cells, head, strict=True):
        cell.text = clean(name)
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = table.add_row().cells
        for index, (cell, value) in enumerate(zip(cells, row, strict=True)):
            cell.text = clean(value)
            paragraph = cell.paragraphs[0]
            if index >= text_columns:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    text_width = Cm(5) if len(head) > text_columns + 1 else Cm(8)
    number_width = int((_TEXT_WIDTH - text_width * text_columns) / max(1, len(head) - text_columns))
    table.autofit = False
    for row in table.rows:
        for index, cell in enumerate(row.cells):
            cell.width = text_width if index < text_columns else number_width
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(8)
