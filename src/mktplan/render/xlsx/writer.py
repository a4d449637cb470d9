"""The one writer that puts a :class:`SheetContent` into the workbook, ready to print.

It measures the columns (the widest cell, CJK counted double, capped) and the rows
(wrapped text gets the height its lines need), writes each cell with its format and,
for a formula, the value it computes, so that a viewer that does not calculate
(a previewer, a phone, ``openpyxl`` with ``data_only=True``) shows the figures.

Every sheet prints: portrait when it fits, else landscape; scaled to the page's width
(to a few pages' width for a very wide sheet, never more than :data:`MAX_PAGES_WIDE`);
its heading rows and name columns repeated on every page; the print area is what it
holds, charts included; the header names the plan and the sheet, the footer says
"page x of y".
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from mktplan.render.xlsx.cells import (
    CellValue,
    Kind,
    Spec,
    display_width,
    needs_quote_prefix,
    safe_text,
    shown_width,
)
from mktplan.render.xlsx.charts import CHART_ROWS, add_chart
from mktplan.render.xlsx.sheet import SheetContent
from mktplan.render.xlsx.styles import Styles
from mktplan.text.formatter import Formatter

MIN_WIDTH = 6
MAX_WIDTH = 50
_PADDING = 2
PORTRAIT_WIDTH = 130
"""Column width units that fit an A4 portrait page at a readable scale (~75 %); wider is
landscape."""
PAGE_WIDTH = 320
"""Column width units one landscape page holds at the smallest scale worth reading (~50 %)."""
MAX_PAGES_WIDE = 3
LINE_HEIGHT = 15.0
"""Points per line of 11 pt text; Chinese faces set taller lines."""
CJK_LINE_HEIGHT = 17.0
_A4 = 9
_MAX_HEADER = 255  # Excel's limit on a header or footer, in UTF-16 units


@dataclass(frozen=True)
class PageText:
    """What every page's header and footer say: the plan's title, "page &P of &N"."""

    title: str
    page: str


def column_widths(content: SheetContent, fmt: Formatter) -> dict[int, float]:
    """Each column's width: its widest cell (CJK counted double) plus padding, capped."""
    widest: dict[int, int] = {}
    fixed = content.widths
    for row in content.rows:
        for column, spec in enumerate(row, 1):
            if spec is None or column in fixed or spec.kind in (Kind.TITLE, Kind.SUBTITLE,
                                                                Kind.SPILL):
                continue
            width = shown_width(spec, fmt)
            if width > widest.get(column, 0):
                widest[column] = width
    widths = {column: float(min(max(width + _PADDING, MIN_WIDTH), MAX_WIDTH))
              for column, width in widest.items()}
    widths.update(content.widths)
    return widths


def is_long(value: object) -> bool:
    """Text too wide for a capped column: it wraps."""
    return isinstance(value, str) and len(value) > MAX_WIDTH // 2 and (
        display_width(value) > MAX_WIDTH - _PADDING)


def write_sheet(workbook: Any, content: SheetContent, styles: Styles, page: PageText) -> None:
    """Add the sheet to the workbook: columns, rows, rules, charts and page setup."""
    ws = workbook.add_worksheet(content.title)
    widths = column_widths(content, styles.fmt)
    for column, width in sorted(widths.items()):
        ws.set_column(column - 1, column - 1, width)
    if content.freeze:
        ws.freeze_panes(content.freeze)
    if content.autofilter:
        ws.autofilter(content.autofilter)
    last_row, last_column = _write_rows(ws, content.rows, styles, widths)
    _rules(ws, content, styles)
    if content.page_breaks:
        ws.set_h_pagebreaks([row - 1 for row in content.page_breaks])
    for index, chart in enumerate(content.charts):
        first = last_row + 2 + index * (CHART_ROWS + 1)
        add_chart(workbook, ws, chart, first, styles)
        last_row = first + CHART_ROWS
    if content.hidden:
        ws.hide()
        return
    last_column = max(last_column, *widths, 1)
    _page_setup(ws, content, widths, (last_row, last_column), styles, page)


def _write_rows(ws: Any, rows: Iterable[list[Spec | None]], styles: Styles,
                widths: dict[int, float]) -> tuple[int, int]:
    """Write every row; the last row and column (1-based) holding anything."""
    last_row = last_column = 0
    for index, row in enumerate(rows):
        lines = 1
        for column, spec in enumerate(row, 1):
            if spec is None:
                continue
            wrap = spec.kind in (Kind.TEXT, Kind.HEADER) and is_long(spec.value)
            if wrap or spec.kind is Kind.HEADER:
                lines = max(lines, _lines(spec.value, widths.get(column, MIN_WIDTH)))
            _write_cell(ws, index, column - 1, spec, styles, wrap)
            last_column = max(last_column, column)
        if row:
            last_row = index + 1
        if lines > 1:
            ws.set_row(index, lines * _line_height(row))
    return last_row, last_column


def _lines(value: CellValue, width: float) -> int:
    """How many lines the text takes in a column of ``width`` when wrapped."""
    if not isinstance(value, str):
        return 1
    room = max(width - 1, 1)
    return sum(max(1, math.ceil(display_width(line) / room)) for line in value.split("\n"))


def _line_height(row: list[Spec | None]) -> float:
    cjk = any(spec is not None and isinstance(spec.value, str) and not spec.value.isascii()
              for spec in row)
    return CJK_LINE_HEIGHT if cjk else LINE_HEIGHT


def _write_cell(ws: Any, row: int, column: int, spec: Spec, styles: Styles, wrap: bool) -> None:
    value = spec.value
    if spec.formula is not None:
        ws.write_formula(row, column, spec.formula, styles.cell(spec, wrap, False),
                         cached(value))
    elif isinstance(value, str):
        text = safe_text(value)
        ws.write_string(row, column, text, styles.cell(spec, wrap, needs_quote_prefix(text)))
    elif isinstance(value, date):
        ws.write_datetime(row, column, value, styles.cell(spec, wrap, False))
    elif value is not None:
        ws.write_number(row, column, float(value), styles.cell(spec, wrap, False))


def cached(value: CellValue) -> float | str:
    """The result stored with a formula: what it computes (empty text when it shows nothing)."""
    if value is None:
        return ""
    if isinstance(value, Decimal | int):
        return float(value)
    if isinstance(value, date):
        return float((value - date(1899, 12, 30)).days)
    return value


def _rules(ws: Any, content: SheetContent, styles: Styles) -> None:
    for rule in content.conditional:
        ws.conditional_format(rule.cells, {
            "type": "formula", "criteria": f"={rule.formula}",
            "format": styles.fill(rule.fill), "stop_if_true": rule.stop})
    for validation in content.validations:
        ws.data_validation(validation.first - 1, validation.column - 1, validation.last - 1,
                           validation.column - 1,
                           {"validate": "list", "source": validation.source,
                            "ignore_blank": True})


def _page_setup(ws: Any, content: SheetContent, widths: dict[int, float],
                last: tuple[int, int], styles: Styles, page: PageText) -> None:
    last_row, last_column = last
    width = sum(widths.get(column, 8.43) for column in range(1, last_column + 1))
    ws.set_paper(_A4)
    if width > PORTRAIT_WIDTH:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.fit_to_pages(min(MAX_PAGES_WIDE, max(1, math.ceil(width / PAGE_WIDTH))), 0)
    ws.print_area(0, 0, max(last_row, 1) - 1, last_column - 1)
    printing = content.printing
    if printing.title_rows is not None and last_row >= printing.title_rows[1]:
        ws.repeat_rows(printing.title_rows[0] - 1, printing.title_rows[1] - 1)
    if printing.title_columns is not None:
        ws.repeat_columns(printing.title_columns[0] - 1, printing.title_columns[1] - 1)
    ws.set_margins(left=0.5, right=0.5, top=0.75, bottom=0.75)
    ws.set_header(header_text(page.title, styles.font), {"margin": 0.3})
    ws.set_footer(f'&C&"{styles.font},Regular"&9{page.page}', {"margin": 0.3})


def header_text(title: str, font: str) -> str:
    """The page header: the plan's title on the left, the sheet's name on the right."""
    left, right = f'&L&"{font},Bold"&9', f'&R&"{font},Regular"&9&A'
    room = _MAX_HEADER - len(left) - len(right)
    text = title.replace("&", "&&")
    if _utf16(text) > room:
        kept, used = [], 1  # the ellipsis
        for character in title:
            escaped = "&&" if character == "&" else character
            used += _utf16(escaped)
            if used > room:
                break
            kept.append(escaped)
        text = "".join(kept) + "…"
    return f"{left}{text}{right}"


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2
