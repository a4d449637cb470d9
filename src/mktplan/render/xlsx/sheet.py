"""A worksheet described as data, and the one writer that streams it into a workbook.

Each sheet module builds a :class:`SheetContent` (rows of cell specs, frozen panes,
autofilter, conditional formats, charts); :func:`write_sheet` measures the column
widths, then streams the rows into a write-only worksheet, which keeps memory flat
on huge plans. Styles are made once per workbook by :class:`Styles`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.chart import BarChart, PieChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.formatting.rule import Rule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname

from mktplan.render.xlsx.cells import (
    Kind,
    Row,
    Spec,
    display_width,
    needs_quote_prefix,
    safe_text,
    shown_width,
)
from mktplan.text.formatter import Formatter

MIN_WIDTH = 6
MAX_WIDTH = 60
_PADDING = 2
_HEADER_FILL = "DCE6F1"
_FORBIDDEN_IN_TITLE = str.maketrans({character: " " for character in "[]:*?/\\"})
_MAX_TITLE = 31


@dataclass(frozen=True)
class Span:
    """One column's cells from ``first`` to ``last`` row (1-based)."""

    column: int
    first: int
    last: int


@dataclass(frozen=True)
class ChartSpec:
    """A native chart over cells of its own sheet."""

    kind: Literal["pie", "bar"]
    title: str
    categories: Span
    values: Span
    anchor: str


class Rows:
    """Rows made on demand, each time they are iterated (to measure, then to write).

    A big table (50,000 calendar slots) then never sits in memory as cell specs.
    """

    def __init__(self, make: Callable[[], Iterable[Row]]) -> None:
        self._make = make

    def __iter__(self) -> Iterator[Row]:
        return iter(self._make())


@dataclass
class SheetContent:
    """Everything one worksheet shows; ``rows`` is a list or :class:`Rows`."""

    title: str
    rows: list[Row] | Rows
    freeze: str | None = "A2"
    autofilter: str | None = None
    conditional: list[tuple[str, Rule]] = field(default_factory=list)
    charts: list[ChartSpec] = field(default_factory=list)


class RowBuffer:
    """Rows being laid out; a row is added as ``{column: spec}`` and its number returned."""

    def __init__(self) -> None:
        self.rows: list[Row] = []

    @property
    def next(self) -> int:
        """The number the next added row will get."""
        return len(self.rows) + 1

    def add(self, cells: dict[int, Spec | None] | None = None) -> int:
        """Append a row (blank without cells); return its 1-based number."""
        row: Row = []
        if cells:
            row = [cells.get(column) for column in range(1, max(cells) + 1)]
        self.rows.append(row)
        return len(self.rows)

    def skip(self) -> None:
        """Leave a blank row unless the sheet is still empty."""
        if self.rows:
            self.add()


def cell_ref(sheet: str, column: int, row: int) -> str:
    """An absolute reference to a cell of another sheet: ``'Budget'!$J$12``."""
    return f"{quote_sheetname(sheet)}!{absolute(column, row)}"


def address(column: int, row: int) -> str:
    """A relative A1 address."""
    return f"{get_column_letter(column)}{row}"


def absolute(column: int, row: int) -> str:
    """An absolute A1 address: ``$J$12``."""
    return f"${get_column_letter(column)}${row}"


def excel_string(value: str) -> str:
    """A string literal for a formula."""
    return '"' + value.replace('"', '""') + '"'


def sheet_titles(wanted: dict[str, str]) -> dict[str, str]:
    """Legal, distinct worksheet names for the wanted ones (key → title)."""
    titles: dict[str, str] = {}
    taken: set[str] = set()
    for key, name in wanted.items():
        base = safe_text(name).translate(_FORBIDDEN_IN_TITLE).strip().strip("'")[:_MAX_TITLE]
        candidate, number = base or key, 2
        while candidate.casefold() in taken:
            suffix = f" ({number})"
            candidate = (base or key)[: _MAX_TITLE - len(suffix)] + suffix
            number += 1
        taken.add(candidate.casefold())
        titles[key] = candidate
    return titles


class Styles:
    """The workbook's cell styles, made once and shared by every sheet."""

    def __init__(self, fmt: Formatter) -> None:
        self.fmt = fmt
        self.money_format = fmt.excel_money_format()
        self.month_format = 'yyyy"年"m"月"' if fmt.chinese else "mmm yyyy"
        self.bold = Font(bold=True)
        self.title_font = Font(bold=True, size=16)
        self.subtitle_font = Font(italic=True, size=12)
        self.header_fill = PatternFill("solid", fgColor=_HEADER_FILL)
        self.header_border = Border(bottom=Side(style="thin"))
        self.header_alignment = Alignment(vertical="center", wrap_text=True)
        self.wrap = Alignment(vertical="top", wrap_text=True)
        self.number_formats = {
            Kind.MONEY: self.money_format,
            Kind.PERCENT: "0.0%",
            Kind.RATIO: '0.00" : 1"',
            Kind.DATE: "yyyy-mm-dd",
            Kind.MONTH: self.month_format,
            Kind.MONTH_HEADER: 'yy"年"m"月"' if fmt.chinese else "mmm yy",
        }

    def cell(self, ws: Any, spec: Spec) -> Any:
        """What to append for the spec: a styled write-only cell, or a plain safe string."""
        value = spec.value
        if isinstance(value, str) and spec.formula is None:
            value = safe_text(value)
            if spec.kind is Kind.TEXT and not _is_long(value) and _stays_text(value):
                return value  # openpyxl stores it as a plain string: no cell object needed
        cell = WriteOnlyCell(ws)
        if spec.formula is not None:
            cell.value = spec.formula
        elif isinstance(value, str):
            cell.value = value
            cell.data_type = "s"  # never a formula or an error value, whatever the text
            if needs_quote_prefix(value):
                cell.quotePrefix = True
        else:
            cell.value = value
        self._style(cell, spec)
        return cell

    def _style(self, cell: Any, spec: Spec) -> None:
        kind = spec.kind
        if kind in (Kind.HEADER, Kind.MONTH_HEADER):
            cell.font, cell.fill = self.bold, self.header_fill
            cell.border, cell.alignment = self.header_border, self.header_alignment
        elif kind is Kind.LABEL:
            cell.font = self.bold
        elif kind is Kind.TITLE:
            cell.font = self.title_font
        elif kind is Kind.SUBTITLE:
            cell.font = self.subtitle_font
        elif kind is Kind.TEXT and _is_long(spec.value):
            cell.alignment = self.wrap
        number_format = self._number_format(spec)
        if number_format is not None:
            cell.number_format = number_format

    def _number_format(self, spec: Spec) -> str | None:
        if spec.kind is Kind.NUMBER:
            value = spec.value
            whole = isinstance(value, int) or (
                isinstance(value, Decimal) and value == value.to_integral_value())
            return "#,##0" if whole else "#,##0.##"
        return self.number_formats.get(spec.kind)


def _stays_text(value: str) -> bool:
    """Whether openpyxl keeps the string as plain text and Excel would never re-read it."""
    return not needs_quote_prefix(value) and value not in ERROR_CODES


def _is_long(value: object) -> bool:
    return isinstance(value, str) and len(value) > MAX_WIDTH // 2 and (
        display_width(value) > MAX_WIDTH - _PADDING)


def column_widths(content: SheetContent, fmt: Formatter) -> dict[int, float]:
    """Each column's width: its widest cell (CJK counted double) plus padding, capped."""
    widest: dict[int, int] = {}
    for row in content.rows:
        for column, spec in enumerate(row, 1):
            if spec is None or spec.kind in (Kind.TITLE, Kind.SUBTITLE):
                continue
            width = shown_width(spec, fmt)
            if width > widest.get(column, 0):
                widest[column] = width
    return {column: float(min(max(width + _PADDING, MIN_WIDTH), MAX_WIDTH))
            for column, width in widest.items()}


def write_sheet(workbook: Any, content: SheetContent, styles: Styles) -> None:
    """Add the sheet to a write-only workbook and stream its rows."""
    ws = workbook.create_sheet(content.title)
    # a write-only sheet writes widths and panes before its first row: set them first
    for column, width in sorted(column_widths(content, styles.fmt).items()):
        ws.column_dimensions[get_column_letter(column)].width = width
    if content.freeze:
        ws.freeze_panes = content.freeze
    if content.autofilter:
        ws.auto_filter.ref = content.autofilter
    for cell_range, rule in content.conditional:
        ws.conditional_formatting.add(cell_range, rule)
    for chart in content.charts:
        ws.add_chart(_chart(ws, chart, styles), chart.anchor)
    for row in content.rows:
        ws.append([None if spec is None else styles.cell(ws, spec) for spec in row])


def _chart(ws: Any, spec: ChartSpec, styles: Styles) -> Any:
    chart: Any
    if spec.kind == "pie":
        chart = PieChart()
        # only the percentage on the slices: the legend names the categories
        chart.dataLabels = DataLabelList(showPercent=True, showVal=False, showCatName=False,
                                         showSerName=False, showLegendKey=False)
    else:
        chart = BarChart()
        chart.type = "col"
        chart.legend = None
        chart.y_axis.number_format = styles.money_format
        chart.x_axis.delete = False  # openpyxl 3.1 leaves axes unset, and Excel then hides them
        chart.y_axis.delete = False
    chart.title = spec.title
    values, categories = spec.values, spec.categories
    chart.add_data(Reference(ws, min_col=values.column, min_row=values.first,
                             max_row=values.last))
    chart.set_categories(Reference(ws, min_col=categories.column, min_row=categories.first,
                                   max_row=categories.last))
    chart.width, chart.height = 16, 8
    return chart

