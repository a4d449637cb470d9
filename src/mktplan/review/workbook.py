"""The review as an Excel workbook: variance tables as live formulas over the raw actuals.

Sheets: the review (as-of date, budget by line with totals, by category, by month, KPIs
and goals; a line chart of the cumulative plan and actual by month, a column chart of
each category's plan to date and actual), the actuals, one row per counted fact (date,
kind, id, value, note, source), and the findings. Each line's actual to date is
``SUMIFS`` over the actuals up to the as-of date cell, so editing a fact or the as-of
date moves every figure; variance, variance %, remaining and forecast are formulas over
the row; categories are ``SUMIF`` over the lines; a month's actual is ``SUMIFS``
between its first and last day. Planned to date comes from the plan's phasing, as a
number. Written with openpyxl, in its own module (the plan workbook's writer may move
to another library).

Plan text is written as text, never as a formula: cells that start with ``= + - @``
get ``quotePrefix`` and a string type.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from mktplan.findings import Finding
from mktplan.model.plan import Plan
from mktplan.review.actuals import Actuals
from mktplan.review.analysis import Review
from mktplan.review.words import labels
from mktplan.text.formatter import Formatter

_FORMULA_LEADS = ("=", "+", "-", "@")
_HEAD_ROW = 4
#: the review sheet's columns for the budget lines
LINE_COLUMNS = ("line", "item", "category", "channel", "cost", "planned", "actual",
                "variance", "variance_pct", "remaining", "forecast")
AS_OF_CELL = "$B$2"


def workbook(plan: Plan, actuals: Actuals, result: Review, findings: Sequence[Finding]) -> bytes:
    """The workbook's bytes."""
    from openpyxl import Workbook

    words = labels(plan.meta.language)
    fmt = Formatter(plan.meta.language, plan.meta.currency)
    book = Workbook()
    sheet = book.active
    sheet.title = words["review_sheet"]
    facts = book.create_sheet(words["actuals_sheet"])
    _facts_sheet(facts, actuals, words)
    _review_sheet(sheet, plan, result, words, fmt, f"'{facts.title}'")
    _findings_sheet(book.create_sheet(words["findings"]), findings, words)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def text(cell: Any, value: str) -> None:
    """Plan text into a cell: always a string, and marked when it looks like a formula."""
    cell.value = value
    cell.data_type = "s"
    if value.startswith(_FORMULA_LEADS):
        cell.quotePrefix = True


def _header(sheet: Any, row: int, names: Sequence[str]) -> None:
    from openpyxl.styles import Font

    for column, name in enumerate(names, start=1):
        cell = sheet.cell(row, column)
        text(cell, name)
        cell.font = Font(bold=True)


def _facts_sheet(sheet: Any, actuals: Actuals, words: Mapping[str, str]) -> None:
    _header(sheet, 1, [words[key] for key in ("date", "kind", "id", "value", "note",
                                               "source")])
    for row, fact in enumerate(actuals.facts or [], start=2):
        sheet.cell(row, 1, fact.day).number_format = "yyyy-mm-dd"
        text(sheet.cell(row, 2), fact.kind)
        text(sheet.cell(row, 3), fact.id)
        sheet.cell(row, 4, fact.value)
        text(sheet.cell(row, 5), fact.note)
        text(sheet.cell(row, 6), f"{fact.file}:{fact.line}")
    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["C"].width = 20
    sheet.column_dimensions["F"].width = 30
    sheet.freeze_panes = "A2"


def _review_sheet(sheet: Any, plan: Plan, result: Review, words: Mapping[str, str],
                  fmt: Formatter, facts: str) -> None:
    from openpyxl.styles import Font

    money = fmt.excel_money_format()
    text(sheet.cell(1, 1), words["title"].format(title=plan.meta.title))
    sheet.cell(1, 1).font = Font(bold=True, size=14)
    text(sheet.cell(2, 1), words["as_of_label"])
    sheet.cell(2, 2, result.as_of).number_format = "yyyy-mm-dd"
    _header(sheet, _HEAD_ROW, [words[key] for key in LINE_COLUMNS])
    first = _HEAD_ROW + 1
    for offset, line in enumerate(result.lines):
        row = first + offset
        for column, value in enumerate((line.key, line.label, line.category, line.channel),
                                       start=1):
            text(sheet.cell(row, column), value)
        sheet.cell(row, 5, line.cost)
        sheet.cell(row, 6, line.planned)
        sheet.cell(row, 7, _actual(facts, "spend", f"$A{row}"))
        _derived(sheet, row, once=line.once)
        for column in (5, 6, 7, 8, 10, 11):
            sheet.cell(row, column).number_format = money
        sheet.cell(row, 9).number_format = "0.0%"
    last = first + len(result.lines) - 1
    total = last + 1
    text(sheet.cell(total, 1), words["total"])
    sheet.cell(total, 1).font = Font(bold=True)
    for letter in "EFGHJK":
        sheet[f"{letter}{total}"] = f"=SUM({letter}{first}:{letter}{last})" if result.lines \
            else 0
        sheet[f"{letter}{total}"].number_format = money
    sheet[f"I{total}"] = f'=IF(F{total}=0,"",H{total}/F{total})'
    sheet[f"I{total}"].number_format = "0.0%"
    row = _categories(sheet, total + 2, result, words, money, first, last)
    row = _months(sheet, row + 1, result, words, money, facts)
    _tracks(sheet, row + 1, result, words, fmt)
    for letter, width in zip("ABCDEFGHIJK", (18, 28, 12, 14, 14, 14, 14, 14, 10, 14, 14),
                             strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = f"A{first}"


def _actual(facts: str, kind: str, key: str) -> str:
    return (f"=SUMIFS({facts}!$D:$D,{facts}!$B:$B,\"{kind}\",{facts}!$C:$C,{key},"
            f"{facts}!$A:$A,\"<=\"&{AS_OF_CELL})")


def _derived(sheet: Any, row: int, once: bool) -> None:
    """Variance, variance %, remaining and forecast of one row, as formulas."""
    sheet[f"H{row}"] = f"=G{row}-F{row}"
    sheet[f"I{row}"] = f'=IF(F{row}=0,"",H{row}/F{row})'
    sheet[f"J{row}"] = f"=E{row}-G{row}"
    if once:
        sheet[f"K{row}"] = f"=MAX(G{row},E{row})"
    else:
        sheet[f"K{row}"] = f"=IF(F{row}>0,G{row}*E{row}/F{row},G{row}+E{row})"


def _categories(sheet: Any, start: int, result: Review, words: Mapping[str, str],
                money: str, first: int, last: int) -> int:
    _header(sheet, start, [words["category"], "", "", "", words["cost"], words["planned"],
                           words["actual"], words["variance"], words["variance_pct"],
                           words["remaining"], words["forecast"]])
    row = start
    for row, category in enumerate(result.categories, start=start + 1):
        text(sheet.cell(row, 1), category.key)
        for column in "EFGK":
            sheet[f"{column}{row}"] = (f"=SUMIF($C${first}:$C${last},$A{row},"
                                       f"{column}${first}:{column}${last})")
        sheet[f"H{row}"] = f"=G{row}-F{row}"
        sheet[f"I{row}"] = f'=IF(F{row}=0,"",H{row}/F{row})'
        sheet[f"J{row}"] = f"=E{row}-G{row}"
        for column in "EFGHJK":
            sheet[f"{column}{row}"].number_format = money
        sheet[f"I{row}"].number_format = "0.0%"
    if result.categories:
        _categories_chart(sheet, start, row, words)
    return row + 1


def _months(sheet: Any, start: int, result: Review, words: Mapping[str, str], money: str,
            facts: str) -> int:
    _header(sheet, start, [words["month"], "", "", "", words["cost"], words["planned"],
                           words["actual"], words["variance"], words["variance_pct"],
                           words["cum_planned"], words["cum_actual"]])
    row = start
    for row, month in enumerate(result.months, start=start + 1):
        year, number = (int(part) for part in month.key.split("-"))
        sheet.cell(row, 1, date(year, number, 1)).number_format = "yyyy-mm"
        sheet.cell(row, 5, month.cost)
        sheet.cell(row, 6, month.planned)
        sheet[f"G{row}"] = (f"=SUMIFS({facts}!$D:$D,{facts}!$B:$B,\"spend\","
                            f"{facts}!$A:$A,\">=\"&A{row},{facts}!$A:$A,\"<=\"&"
                            f"MIN(EOMONTH(A{row},0),{AS_OF_CELL}))")
        sheet[f"H{row}"] = f"=G{row}-F{row}"
        sheet[f"I{row}"] = f'=IF(F{row}=0,"",H{row}/F{row})'
        sheet[f"J{row}"] = f"=SUM(E${start + 1}:E{row})"
        sheet[f"K{row}"] = f"=IF(A{row}>{AS_OF_CELL},NA(),SUM(G${start + 1}:G{row}))"
        for column in "EFGHJK":
            sheet[f"{column}{row}"].number_format = money
        sheet[f"I{row}"].number_format = "0.0%"
    if result.months:
        _cumulative_chart(sheet, start, row, words)
    return row + 1


def _cumulative_chart(sheet: Any, head: int, last: int, words: Mapping[str, str]) -> None:
    """A line chart of the months' cumulative plan and actual, beside the tables."""
    from openpyxl.chart import LineChart, Reference

    chart = LineChart()
    chart.title = words["chart_cumulative"]
    chart.height, chart.width = 8, 16
    chart.add_data(Reference(sheet, min_col=10, max_col=11, min_row=head, max_row=last),
                   titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=head + 1, max_row=last))
    chart.x_axis.number_format = "yyyy-mm"
    sheet.add_chart(chart, "M4")


def _categories_chart(sheet: Any, head: int, last: int, words: Mapping[str, str]) -> None:
    """A column chart of each category's plan to date against its actual."""
    from openpyxl.chart import BarChart, Reference

    chart = BarChart()
    chart.type = "col"
    chart.title = words["chart_categories"]
    chart.height, chart.width = 8, 16
    chart.add_data(Reference(sheet, min_col=6, max_col=7, min_row=head, max_row=last),
                   titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=head + 1, max_row=last))
    sheet.add_chart(chart, "M22")


def _tracks(sheet: Any, start: int, result: Review, words: Mapping[str, str],
            fmt: Formatter) -> None:
    _header(sheet, start, [words[key] for key in ("goal", "item", "baseline", "target",
                                                   "deadline", "latest", "date", "path",
                                                   "progress", "projected", "status")])
    for row, track in enumerate(result.tracks, start=start + 1):
        text(sheet.cell(row, 1), track.key)
        text(sheet.cell(row, 2), track.name)
        sheet.cell(row, 3, track.baseline)
        sheet.cell(row, 4, track.target)
        sheet.cell(row, 5, track.deadline).number_format = "yyyy-mm-dd"
        if track.latest is not None:
            sheet.cell(row, 6, track.latest.value)
            sheet.cell(row, 7, track.latest.day).number_format = "yyyy-mm-dd"
            sheet.cell(row, 8, _round(track.expected))
            sheet[f"I{row}"] = f'=IF(D{row}=C{row},"",(F{row}-C{row})/(D{row}-C{row}))'
            sheet[f"I{row}"].number_format = "0.0%"
            sheet.cell(row, 10, _round(track.projected))
        text(sheet.cell(row, 11), words[track.status])
    del fmt


def _round(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.01"))


def _findings_sheet(sheet: Any, findings: Sequence[Finding], words: Mapping[str, str]) -> None:
    _header(sheet, 1, [words["severity"], words["rule"], words["source"], words["message"]])
    for row, finding in enumerate(findings, start=2):
        text(sheet.cell(row, 1), words[finding.severity.value])
        text(sheet.cell(row, 2), finding.rule)
        text(sheet.cell(row, 3), f"{finding.file}:{finding.line}:{finding.column}")
        text(sheet.cell(row, 4), finding.message)
    for column, width in zip("ABCD", (10, 28, 40, 100), strict=True):
        sheet.column_dimensions[column].width = width
