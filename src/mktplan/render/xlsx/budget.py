"""The Budget sheet: lines with live cost formulas, subtotals, totals, returns, spend by month.

A consultant edits a unit cost or a quantity and sees the line, its category
subtotal, the allocated total, the unallocated rest and the ROI move: every derived
figure is a formula (``=F2*G2*I2``, ``SUMIF``, ``SUM``). Two native charts sit beside
the table: budget by category (a pie over the live subtotals) and spend by month.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from mktplan.render.context import BudgetRow, BudgetView, CategoryTotal, PlanView, ReturnsView
from mktplan.render.xlsx.cells import (
    Spec,
    header,
    label,
    money,
    month,
    number,
    percent,
    ratio,
    text,
)
from mktplan.render.xlsx.sheet import (
    ChartSpec,
    RowBuffer,
    SheetContent,
    Span,
    absolute,
    address,
    cell_ref,
)

ID, ITEM, CATEGORY, CHANNEL, PHASE, UNIT_COST, QUANTITY, PER, PERIODS, COST, SHARE, BASIS = (
    range(1, 13))
_CHART_COLUMN = "N"
_SUMIF_SPECIAL = ("*", "?", "~")


@dataclass(frozen=True)
class BudgetCells:
    """The rows of the Budget sheet's headline figures, all in its cost column, where present."""

    sheet: str
    total: int | None = None
    allocated: int | None = None
    reserve: int | None = None
    unallocated: int | None = None
    returns_total: int | None = None
    roi_ratio: int | None = None
    roi_net: int | None = None

    def ref(self, row: int | None) -> str | None:
        """An absolute reference to the figure in ``row``, usable from another sheet."""
        return None if row is None else cell_ref(self.sheet, COST, row)


@dataclass(frozen=True)
class _Layout:
    """Row numbers of the budget block, fixed before any row is written."""

    first_line: int
    last_line: int
    first_subtotal: int
    reserve: int
    allocated: int
    total: int
    unallocated: int

    @classmethod
    def plan(cls, lines: int, categories: int) -> _Layout:
        last_line = lines + 1  # row 1 holds the headings
        first_subtotal = last_line + 3  # a blank row and the block's heading first
        reserve = first_subtotal + categories
        return cls(2, last_line, first_subtotal, reserve, reserve + 1, reserve + 2, reserve + 3)


def budget_sheet(view: PlanView, title: str) -> tuple[SheetContent, BudgetCells]:
    """The Budget sheet and the cells the Summary sheet refers to."""
    rows = RowBuffer()
    content = SheetContent(title, rows.rows, freeze=None)
    cells = BudgetCells(title)
    if view.budget is not None:
        cells = _budget_block(view, view.budget, rows, content, title)
        _excluded(view, view.budget, rows)
    if view.returns is not None:
        cells = _returns_block(view, view.returns, rows, cells)
    if view.budget is not None and view.budget.rows:
        _monthly_block(view, view.budget, rows, content)
    return content, cells


def _budget_block(view: PlanView, budget: BudgetView, rows: RowBuffer,
                  content: SheetContent, title: str) -> BudgetCells:
    labels = view.catalog.labels
    lines = budget.rows
    layout = _Layout.plan(len(lines), len(budget.categories))
    total_ref = absolute(COST, layout.total) if budget.total else None
    rows.add(_line_headings(view))
    for row_number, line in enumerate(lines, layout.first_line):
        rows.add(_line_row(line, row_number, total_ref))
    rows.add()
    rows.add({ITEM: label(view.catalog.subsections.get("budget_by_category", ""))
              if budget.categories else None})
    for row_number, category in enumerate(budget.categories, layout.first_subtotal):
        rows.add(_subtotal_row(labels.get("subtotal", ""), category, row_number, layout,
                               total_ref))
    _totals(view, budget, rows, layout, total_ref)
    content.freeze = "A2"
    if lines:
        content.autofilter = f"A1:{address(SHARE, layout.last_line)}"
    if budget.categories:
        content.charts.append(ChartSpec(
            "pie", view.catalog.subsections.get("budget_by_category", ""),
            Span(CATEGORY, layout.first_subtotal, layout.reserve - 1),
            Span(COST, layout.first_subtotal, layout.reserve - 1), f"{_CHART_COLUMN}2"))
    known = budget.total is not None
    return BudgetCells(title, layout.total if known else None, layout.allocated, layout.reserve,
                       layout.unallocated if known else None)


def _line_headings(view: PlanView) -> dict[int, Spec | None]:
    labels = view.catalog.labels
    keys = {ID: "id", ITEM: "item", CATEGORY: "category", CHANNEL: "channel", PHASE: "phase",
            UNIT_COST: "unit_cost", QUANTITY: "quantity", PER: "per", PERIODS: "periods",
            COST: "cost", SHARE: "share"}
    return {column: header(labels.get(key, key)) for column, key in keys.items()}


def _line_row(line: BudgetRow, row: int, total_ref: str | None) -> dict[int, Spec | None]:
    cells: dict[int, Spec | None] = {
        ID: text(line.id), ITEM: text(line.item), CATEGORY: text(line.category_label),
        CHANNEL: text(line.channel), PHASE: text(line.phase),
    }
    formula = None
    if line.unit_cost is not None:
        cells.update({UNIT_COST: money(line.unit_cost), QUANTITY: number(line.quantity),
                      PER: text(line.per), PERIODS: number(line.periods)})
        if line.amount is None:
            formula = (f"={address(UNIT_COST, row)}*{address(QUANTITY, row)}"
                       f"*{address(PERIODS, row)}")
    cells[COST] = money(line.cost, formula)
    cells[SHARE] = _share(line.share, row, total_ref)
    return cells


def _share(value: Decimal | None, row: int, total_ref: str | None) -> Spec | None:
    """A row's share of the total budget, live; nothing when the budget has no total."""
    if total_ref is None:
        return None
    return percent(value, f"={address(COST, row)}/{total_ref}")


def _subtotal_row(subtotal: str, category: CategoryTotal, row: int, layout: _Layout,
                  total_ref: str | None) -> dict[int, Spec | None]:
    categories = f"{absolute(CATEGORY, layout.first_line)}:{absolute(CATEGORY, layout.last_line)}"
    costs = f"{absolute(COST, layout.first_line)}:{absolute(COST, layout.last_line)}"
    criterion = address(CATEGORY, row)
    if _literal_criterion_unsafe(category.label):
        formula = f"=SUMPRODUCT(--({categories}={criterion}),{costs})"
    else:
        formula = f"=SUMIF({categories},{criterion},{costs})"
    return {ITEM: label(subtotal), CATEGORY: text(category.label),
            COST: money(category.amount, formula),
            SHARE: _share(category.share, row, total_ref)}


def _literal_criterion_unsafe(value: str) -> bool:
    """SUMIF reads ``*?~`` as wildcards and a leading ``<>=`` as a comparison."""
    return any(mark in value for mark in _SUMIF_SPECIAL) or value.startswith(("<", ">", "="))


def _totals(view: PlanView, budget: BudgetView, rows: RowBuffer, layout: _Layout,
            total_ref: str | None) -> None:
    """Reserve, allocated (a SUM of the lines), total, and unallocated (total − both)."""
    labels = view.catalog.labels
    total_cell, reserve_cell = address(COST, layout.total), address(COST, layout.reserve)
    allocated_cell = address(COST, layout.allocated)
    if budget.reserve_share is not None and budget.total is not None:
        reserve = money(budget.reserve, f"={total_cell}*{address(SHARE, layout.reserve)}")
        reserve_share = percent(budget.reserve_share)  # the input the reserve follows
    else:
        reserve = money(budget.reserve)
        reserve_share = _share(_fraction(budget.reserve, budget.total), layout.reserve,
                               total_ref)
    rows.add({ITEM: label(labels.get("reserve", "")), COST: reserve, SHARE: reserve_share})
    lines = f"{address(COST, layout.first_line)}:{address(COST, layout.last_line)}"
    rows.add({ITEM: label(labels.get("lines_total", "")),
              COST: money(budget.allocated, f"=SUM({lines})" if budget.rows else None),
              SHARE: _share(_fraction(budget.allocated, budget.total), layout.allocated,
                            total_ref)})
    rows.add({ITEM: label(labels.get("total", "")), COST: money(budget.total)})
    if budget.total is not None:
        rows.add({ITEM: label(labels.get("unallocated", "")),
                  COST: money(budget.unallocated,
                              f"={total_cell}-{allocated_cell}-{reserve_cell}"),
                  SHARE: _share(_fraction(budget.unallocated, budget.total),
                                layout.unallocated, total_ref)})


def _fraction(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    return part / whole if part is not None and whole else None


def _excluded(view: PlanView, budget: BudgetView, rows: RowBuffer) -> None:
    if not budget.excluded:
        return
    rows.skip()
    rows.add({ITEM: label(view.catalog.subsections.get("excluded", ""))})
    for item in budget.excluded:
        rows.add({ITEM: text(item)})


def _returns_block(view: PlanView, returns: ReturnsView, rows: RowBuffer,
                   cells: BudgetCells) -> BudgetCells:
    labels = view.catalog.labels
    rows.skip()
    rows.add({ITEM: label(view.catalog.subsections.get("returns", ""))})
    rows.add({ID: header(labels.get("id", "")), ITEM: header(labels.get("stream", "")),
              COST: header(labels.get("amount", "")), BASIS: header(labels.get("basis", ""))})
    first = rows.next
    for item in returns.rows:
        rows.add({ID: text(item.id), ITEM: text(item.stream), COST: money(item.amount),
                  BASIS: text(item.basis)})
    total_formula = f"=SUM({address(COST, first)}:{address(COST, rows.next - 1)})"
    total = rows.add({ITEM: label(labels.get("returns_total", "")),
                      COST: money(returns.total, total_formula if returns.rows else None)})
    if cells.allocated is None:
        return BudgetCells(cells.sheet, returns_total=total)
    back, spent = address(COST, total), address(COST, cells.allocated)
    ratio_row = rows.add({ITEM: label(labels.get("roi_ratio", "")),
                          COST: ratio(returns.ratio, f'=IF({spent}=0,"",{back}/{spent})')})
    net_row = rows.add({ITEM: label(labels.get("roi_net", "")),
                        COST: percent(returns.net, f'=IF({spent}=0,"",({back}-{spent})/{spent})')})
    return BudgetCells(cells.sheet, cells.total, cells.allocated, cells.reserve,
                       cells.unallocated, total, ratio_row, net_row)


def _monthly_block(view: PlanView, budget: BudgetView, rows: RowBuffer,
                   content: SheetContent) -> None:
    labels, heading = view.catalog.labels, view.catalog.subsections.get("budget_by_month", "")
    rows.skip()
    rows.add({ITEM: label(heading)})
    rows.add({ITEM: header(labels.get("month", "")), COST: header(labels.get("amount", ""))})
    first = rows.next
    for spend in budget.by_month:
        if spend.month is not None:
            rows.add({ITEM: month(spend.month), COST: money(spend.amount)})
    last = rows.next - 1
    if budget.unscheduled_items:  # one-off lines in no month: outside the chart
        rows.add({ITEM: label(labels.get("unscheduled", "")), COST: money(budget.unscheduled)})
    if rows.next > first:
        formula = f"=SUM({address(COST, first)}:{address(COST, rows.next - 1)})"
        rows.add({ITEM: label(labels.get("month_total", "")),
                  COST: money(budget.month_total + budget.unscheduled, formula)})
    if last >= first:
        content.charts.append(ChartSpec("bar", heading, Span(ITEM, first, last),
                                        Span(COST, first, last), f"{_CHART_COLUMN}20"))

