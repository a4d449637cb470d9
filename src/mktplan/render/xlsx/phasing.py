"""The Phasing sheet: every budget line's spend month by month, a finance team's view.

A month × line matrix: one row per budget line (in the Budget sheet's order), one
column per month. The month cells are **inputs**: the phasing mktplan computed
(:mod:`mktplan.model.phasing`), in whole minor units, which a finance team may move
between months. Everything else is a formula over them:

- a line's cost is the Budget sheet's cost cell (``='Budget'!$J$5``), so an edited
  unit cost shows here at once;
- "Unscheduled / not phased" is the cost less the line's months: the whole cost of an
  unscheduled line, zero for a phased one, and, after an edit of the unit cost, the
  difference still to be placed in months (highlighted, as is anything not zero);
- the month totals, the category × month table and spend by phase are sums over the
  matrix, and the column chart shows the month totals.

Why the months are inputs and not formulas of the cost: a phasing says *when* money is
spent, which a new price does not tell. Spreading the new cost by the old proportions
would silently move money into months nobody agreed to; the sheet instead keeps the
agreed months and shows the gap until someone phases it. So a changed unit cost moves
the line's cost, its category subtotal, the allocated total and the gap column at once,
and the month totals when its months are edited.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from itertools import chain

from mktplan.model.phasing import LinePhasing
from mktplan.render.context import BudgetRow, BudgetView, PlanView
from mktplan.render.xlsx.budget import COST as BUDGET_COST
from mktplan.render.xlsx.budget import sum_matching
from mktplan.render.xlsx.cells import (
    Row,
    Spec,
    cents,
    header,
    ident,
    label,
    money,
    month_header,
    spill,
    text,
)
from mktplan.render.xlsx.sheet import (
    ChartSpec,
    Conditional,
    Print,
    RowBuffer,
    Rows,
    SheetContent,
    Span,
    absolute,
    address,
    cell_ref,
)

ITEM, CATEGORY, PHASE, COST = range(1, 5)
FIRST_MONTH = COST + 1
ID_WIDTH = 9.0
MONTH_WIDTH = 11.0
GAP_FILL = "#FCE4D6"
_ZERO = Decimal(0)


class _Columns:
    """The sheet's columns for ``months`` month columns, and how its amounts show."""

    def __init__(self, months: int, exact: bool) -> None:
        self.last_month = FIRST_MONTH + months - 1
        self.gap = self.last_month + 1
        self.id = self.gap + 1
        self.exact = exact
        """Whether amounts show to the cent: when any month of any line has cents."""

    def money(self, value: Decimal | None, formula: str | None = None) -> Spec | None:
        """An amount of this sheet."""
        return cents(value, formula) if self.exact else money(value, formula)

    def money_columns(self) -> range:
        """Cost, every month, and the gap: the columns that are summed."""
        return range(COST, self.gap + 1)


def phasing_sheet(view: PlanView, title: str, budget_sheet: str) -> SheetContent | None:
    """The Phasing sheet, or nothing when the budget has no lines."""
    budget = view.budget
    if budget is None or not budget.rows:
        return None
    phasing = budget.phasing
    months = phasing.months
    exact = any(amount != amount.to_integral_value()
                for line in phasing.lines for amount in line.months.values())
    columns = _Columns(len(months), exact)
    lines = {line.line_id: line for line in phasing.lines}
    last_line = len(budget.rows) + 1
    total_row = last_line + 1

    def matrix() -> Iterator[Row]:
        """The headings and the lines, made as they are written: they can be a million cells."""
        yield _row(_headings(view, months, columns))
        for row, line in enumerate(budget.rows, 2):
            yield _row(_line_row(line, lines[line.id], row, months, columns, budget_sheet))
        yield _row(_total_row(view, 2, last_line, columns, phasing.month_totals(), budget,
                              phasing.unscheduled_total))

    rows = RowBuffer(total_row + 1)
    content = SheetContent(title, Rows(lambda: chain(matrix(), rows.rows)),
                           freeze=address(FIRST_MONTH, 2),
                           printing=Print((1, 1), (ITEM, ITEM)), widths=_widths(columns))
    gaps = f"{address(columns.gap, 2)}:{address(columns.gap, total_row)}"
    content.conditional.append(Conditional(gaps, f"ROUND({address(columns.gap, 2)},2)<>0",
                                           GAP_FILL))
    content.autofilter = f"A1:{address(columns.id, last_line)}"
    rows.add({ITEM: spill(view.catalog.labels.get("phasing_note", ""))})
    _by_category(view, budget, rows, columns, last_line)
    _by_phase(view, budget, rows, columns, last_line)
    content.page_breaks.append(rows.next)  # the chart on a page of its own
    content.charts.append(ChartSpec(
        "bar", view.catalog.subsections.get("budget_by_month", ""),
        Span.across(1, FIRST_MONTH, columns.last_month),
        Span.across(total_row, FIRST_MONTH, columns.last_month)))
    return content


def _row(cells: dict[int, Spec | None]) -> Row:
    return [cells.get(column) for column in range(1, max(cells) + 1)]


def _widths(columns: _Columns) -> dict[int, float]:
    widths = {column: MONTH_WIDTH for column in range(FIRST_MONTH, columns.last_month + 1)}
    widths[columns.id] = ID_WIDTH
    return widths


def _headings(view: PlanView, months: tuple[date, ...],
              columns: _Columns) -> dict[int, Spec | None]:
    labels = view.catalog.labels
    cells: dict[int, Spec | None] = {
        ITEM: header(labels.get("item", "")), CATEGORY: header(labels.get("category", "")),
        PHASE: header(labels.get("phase", "")), COST: header(labels.get("cost", "")),
        columns.gap: header(labels.get("not_phased", "")), columns.id: header(labels.get("id", "")),
    }
    cells.update({column: month_header(first_day)
                  for column, first_day in enumerate(months, FIRST_MONTH)})
    return cells


def _line_row(line: BudgetRow, phased: LinePhasing, row: int, months: tuple[date, ...],
              columns: _Columns, budget_sheet: str) -> dict[int, Spec | None]:
    cells: dict[int, Spec | None] = {
        ITEM: text(line.item), CATEGORY: text(line.category_label), PHASE: text(line.phase),
        COST: columns.money(line.cost, "=" + cell_ref(budget_sheet, BUDGET_COST, row)),
        columns.id: ident(line.id),
    }
    for column, first_day in enumerate(months, FIRST_MONTH):
        amount = phased.months.get(first_day)
        if amount:
            cells[column] = columns.money(amount)
    month_cells = f"{address(FIRST_MONTH, row)}:{address(columns.last_month, row)}"
    cells[columns.gap] = columns.money(phased.cost - sum(phased.months.values(), _ZERO),
                               f"={address(COST, row)}-SUM({month_cells})")
    return cells


def _total_row(view: PlanView, first: int, last: int, columns: _Columns,
               month_totals: dict[date, Decimal], budget: BudgetView,
               unscheduled: Decimal) -> dict[int, Spec | None]:
    values = dict(zip(range(FIRST_MONTH, columns.last_month + 1), month_totals.values(),
                      strict=True))
    values[COST], values[columns.gap] = budget.allocated, unscheduled
    cells: dict[int, Spec | None] = {ITEM: label(view.catalog.labels.get("month_total", ""))}
    for column in columns.money_columns():
        cells[column] = columns.money(values[column],
                              f"=SUM({address(column, first)}:{address(column, last)})")
    return cells


def _by_category(view: PlanView, budget: BudgetView, rows: RowBuffer, columns: _Columns,
                 last_line: int) -> None:
    """Category × month: each cell sums the matrix's lines of that category."""
    labels = view.catalog.labels
    phasing = budget.phasing
    by_category = phasing.by_category()
    unscheduled = phasing.unscheduled_by_category()
    rows.skip()
    rows.add({ITEM: label(view.catalog.subsections.get("budget_month_category", ""))})
    headings = _headings(view, phasing.months, columns)
    rows.add({column: headings[column] for column in (COST, *columns.money_columns())}
             | {ITEM: header(labels.get("category", ""))})
    first = rows.next
    totals = dict.fromkeys(columns.money_columns(), _ZERO)
    for category in budget.categories:
        row = rows.next
        amounts = {FIRST_MONTH + index: amount
                   for index, amount in enumerate(by_category.get(category.key, {}).values())}
        amounts[COST] = category.amount
        amounts[columns.gap] = unscheduled.get(category.key, _ZERO)
        cells: dict[int, Spec | None] = {ITEM: label(category.label)}
        for column in columns.money_columns():
            amount = amounts.get(column, _ZERO)
            totals[column] += amount
            cells[column] = columns.money(amount, sum_matching(
                _column(CATEGORY, 2, last_line), address(ITEM, row),
                _column(column, 2, last_line), category.label))
        rows.add(cells)
    last = rows.next - 1
    sums: dict[int, Spec | None] = {ITEM: label(labels.get("total", ""))}
    for column in columns.money_columns():
        sums[column] = columns.money(totals[column],
                             f"=SUM({address(column, first)}:{address(column, last)})")
    rows.add(sums)


def _by_phase(view: PlanView, budget: BudgetView, rows: RowBuffer, columns: _Columns,
              last_line: int) -> None:
    """Cost by phase (of the lines tied to one), and the lines tied to none."""
    phases = list(dict.fromkeys(line.phase for line in budget.rows if line.phase))
    if not phases:
        return
    labels = view.catalog.labels
    rows.skip()
    rows.add({ITEM: label(view.catalog.subsections.get("budget_by_phase", ""))})
    rows.add({ITEM: header(labels.get("phase", "")), COST: header(labels.get("cost", ""))})
    first = rows.next
    costs = _column(COST, 2, last_line)
    for name in phases:
        amount = sum((line.cost for line in budget.rows if line.phase == name), _ZERO)
        row = rows.next
        rows.add({ITEM: text(name), COST: columns.money(amount, sum_matching(
            _column(PHASE, 2, last_line), address(ITEM, row), costs, name))})
    without = sum((line.cost for line in budget.rows if not line.phase), _ZERO)
    named = f"{address(COST, first)}:{address(COST, rows.next - 1)}"
    rows.add({ITEM: text(labels.get("no_phase", "")),
              COST: columns.money(without, f"=SUM({costs})-SUM({named})")})
    rows.add({ITEM: label(labels.get("total", "")), COST: columns.money(
        budget.allocated, f"=SUM({address(COST, first)}:{address(COST, rows.next - 1)})")})


def _column(column: int, first: int, last: int) -> str:
    return f"{absolute(column, first)}:{absolute(column, last)}"
