"""The Budget sheet: lines with live cost formulas, subtotals, totals, returns, a pie.

A consultant edits a unit cost or a quantity and sees the line, its category
subtotal, the allocated total, the unallocated rest and the ROI move: every derived
figure is a formula (``=F2*G2*I2``, ``SUMIF``, ``SUM``), and a line given by amount
has its amount in the Amount column and ``=E2`` as its cost, so the cost column holds
only formulas. Category, per, channel and phase offer the plan's own lists (kept on
the hidden Lists sheet). The line's id, the key a finance sheet comes back with, is
the last column, narrow and grey.

The pie's slices are the category subtotals, the reserve and what is unallocated:
together the total budget, so each slice's percentage is its share of the total
budget, the same share the Share column and the Word report show, and the chart's
title says so. Without a total, or over it, the slices are what is spent and the
title names no share.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from mktplan.render.context import BudgetRow, BudgetView, CategoryTotal, PlanView, ReturnsView
from mktplan.render.xlsx.cells import (
    Spec,
    header,
    ident,
    label,
    money,
    number,
    percent,
    ratio,
    spill,
    text,
)
from mktplan.render.xlsx.sheet import (
    ChartSpec,
    Print,
    RowBuffer,
    SheetContent,
    Span,
    Validation,
    absolute,
    address,
    cell_ref,
)

ITEM, CATEGORY, CHANNEL, PHASE, AMOUNT, UNIT_COST, QUANTITY, PER, PERIODS, COST, SHARE, ID = (
    range(1, 13))
BASIS = CATEGORY  # the returns block's basis: text running on to the amount
ID_WIDTH = 9.0
SMALL_SLICE = Decimal("0.04")
"""A pie slice smaller than this share of the pie is grouped with the other small ones."""
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
    allocated: int
    first_subtotal: int
    reserve: int
    unallocated: int | None
    total: int

    @classmethod
    def plan(cls, lines: int, categories: int, known_total: bool) -> _Layout:
        last_line = lines + 1  # row 1 holds the headings
        allocated = last_line + 3  # a blank row and the block's heading first
        reserve = allocated + 1 + categories
        unallocated = reserve + 1 if known_total else None
        return cls(2, last_line, allocated, allocated + 1, reserve, unallocated,
                   (unallocated or reserve) + 1)

    @property
    def pie_last(self) -> int:
        """The last row of the pie's slices: categories, reserve, and the unallocated rest."""
        return self.unallocated or self.reserve


def budget_sheet(view: PlanView, title: str,
                 lists: dict[str, str]) -> tuple[SheetContent, BudgetCells]:
    """The Budget sheet and the cells the Summary sheet refers to.

    ``lists`` gives each editable column's allowed values (``category``, ``per``,
    ``channel``, ``phase``) as a range formula.
    """
    rows = RowBuffer()
    content = SheetContent(title, rows.rows, freeze=None, printing=Print((1, 1), (1, 1)),
                           widths={ID: ID_WIDTH})
    cells = BudgetCells(title)
    if view.budget is not None:
        cells = _budget_block(view, view.budget, rows, content, title)
        _validations(view.budget, content, lists)
        _excluded(view, view.budget, rows)
    if view.returns is not None:
        cells = _returns_block(view, view.returns, rows, cells)
    if view.budget is not None and view.budget.categories:
        layout = _Layout.plan(len(view.budget.rows), len(view.budget.categories),
                              view.budget.total is not None)
        _pie_block(view, view.budget, layout, rows, content)
    return content, cells


def _budget_block(view: PlanView, budget: BudgetView, rows: RowBuffer,
                  content: SheetContent, title: str) -> BudgetCells:
    labels = view.catalog.labels
    lines = budget.rows
    known = budget.total is not None
    layout = _Layout.plan(len(lines), len(budget.categories), known)
    total_ref = absolute(COST, layout.total) if budget.total else None
    rows.add(_line_headings(view))
    for row_number, line in enumerate(lines, layout.first_line):
        rows.add(_line_row(line, row_number, total_ref))
    rows.add()
    heading = view.catalog.subsections.get("budget_by_category", "")
    rows.add({ITEM: label(heading) if budget.categories else None})
    line_costs = f"{address(COST, layout.first_line)}:{address(COST, layout.last_line)}"
    rows.add({ITEM: label(labels.get("lines_total", "")),
              COST: money(budget.allocated, f"=SUM({line_costs})" if lines else None),
              SHARE: _share(_fraction(budget.allocated, budget.total), layout.allocated,
                            total_ref)})
    for row_number, category in enumerate(budget.categories, layout.first_subtotal):
        rows.add(_subtotal_row(category, row_number, layout, total_ref))
    _totals(view, budget, rows, layout, total_ref)
    content.freeze = "B2"
    if lines:
        content.autofilter = f"A1:{address(ID, layout.last_line)}"
    return BudgetCells(title, layout.total if known else None, layout.allocated, layout.reserve,
                       layout.unallocated)


@dataclass(frozen=True)
class _Slice:
    label: str
    rows: tuple[int, ...]
    amount: Decimal


def _pie_block(view: PlanView, budget: BudgetView, layout: _Layout, rows: RowBuffer,
               content: SheetContent) -> None:
    """The pie and its data: categories, reserve and the unallocated rest, small ones grouped.

    Each slice is a formula over the subtotals above, and so is its share of the total
    budget beside it; the chart's percentages are the same shares when the slices make
    up the total budget, which its title then says.
    """
    labels = view.catalog.labels
    slices = [_Slice(category.label, (row,), category.amount)
              for row, category in enumerate(budget.categories, layout.first_subtotal)]
    slices.append(_Slice(labels.get("reserve", ""), (layout.reserve,), budget.reserve))
    whole = budget.unallocated is not None and budget.unallocated >= 0
    if whole and layout.unallocated is not None and budget.unallocated is not None:
        slices.append(_Slice(labels.get("unallocated", ""), (layout.unallocated,),
                             budget.unallocated))
    slices = [piece for piece in slices if piece.amount > 0]
    if not slices:
        return
    heading = view.catalog.subsections.get("budget_by_category", "")
    if whole:
        share = labels.get("share_of_total", "")
        heading = f"{heading}（{share}）" if view.fmt.chinese else f"{heading} ({share})"
    rows.skip()
    content.page_breaks.append(rows.next)  # the pie and its data on a page of their own
    rows.add({ITEM: label(heading)})
    total_ref = absolute(COST, layout.total) if budget.total else None
    first = rows.next
    for piece in _alternated(_grouped(slices, view)):
        row = rows.next
        rows.add({ITEM: text(piece.label),
                  COST: money(piece.amount,
                              "=" + "+".join(address(COST, part) for part in piece.rows)),
                  SHARE: _share(_fraction(piece.amount, budget.total), row, total_ref)})
    content.charts.append(ChartSpec("pie", heading, Span.down(ITEM, first, rows.next - 1),
                                    Span.down(COST, first, rows.next - 1)))


def _alternated(slices: list[_Slice]) -> list[_Slice]:
    """Largest, smallest, second largest, second smallest …: small slices lie apart."""
    ordered = sorted(slices, key=lambda piece: -piece.amount)
    result: list[_Slice] = []
    while ordered:
        result.append(ordered.pop(0))
        if ordered:
            result.append(ordered.pop())
    return result


def _grouped(slices: list[_Slice], view: PlanView) -> list[_Slice]:
    """The slices, those under :data:`SMALL_SLICE` of the pie joined in one (if two or more)."""
    whole = sum((piece.amount for piece in slices), Decimal(0))
    small = [piece for piece in slices if piece.amount < whole * SMALL_SLICE]
    if len(small) < 2:
        return slices
    template = view.catalog.labels.get("pie_small", "{share}")
    joined = _Slice(template.replace("{share}", view.fmt.percent(SMALL_SLICE)),
                    tuple(row for piece in small for row in piece.rows),
                    sum((piece.amount for piece in small), Decimal(0)))
    return [piece for piece in slices if piece not in small] + [joined]


def _line_headings(view: PlanView) -> dict[int, Spec | None]:
    labels = view.catalog.labels
    keys = {ITEM: "item", CATEGORY: "category", CHANNEL: "channel", PHASE: "phase",
            AMOUNT: "amount", UNIT_COST: "unit_cost", QUANTITY: "quantity", PER: "per",
            PERIODS: "periods", COST: "cost", SHARE: "share", ID: "id"}
    return {column: header(labels.get(key, key)) for column, key in keys.items()}


def _line_row(line: BudgetRow, row: int, total_ref: str | None) -> dict[int, Spec | None]:
    cells: dict[int, Spec | None] = {
        ITEM: text(line.item), CATEGORY: text(line.category_label),
        CHANNEL: text(line.channel), PHASE: text(line.phase), ID: ident(line.id),
    }
    if line.unit_cost is not None and line.amount is None:
        cells.update({UNIT_COST: money(line.unit_cost), QUANTITY: number(line.quantity),
                      PER: text(line.per), PERIODS: number(line.periods)})
        formula = (f"={address(UNIT_COST, row)}*{address(QUANTITY, row)}"
                   f"*{address(PERIODS, row)}")
    else:
        cells[AMOUNT] = money(line.amount)
        formula = f"={address(AMOUNT, row)}"
    cells[COST] = money(line.cost, formula)
    cells[SHARE] = _share(line.share, row, total_ref)
    return cells


def _share(value: Decimal | None, row: int, total_ref: str | None) -> Spec | None:
    """A row's share of the total budget, live; nothing when the budget has no total."""
    if total_ref is None:
        return None
    return percent(value, f"={address(COST, row)}/{total_ref}")


def _subtotal_row(category: CategoryTotal, row: int, layout: _Layout,
                  total_ref: str | None) -> dict[int, Spec | None]:
    categories = f"{absolute(CATEGORY, layout.first_line)}:{absolute(CATEGORY, layout.last_line)}"
    costs = f"{absolute(COST, layout.first_line)}:{absolute(COST, layout.last_line)}"
    formula = sum_matching(categories, address(ITEM, row), costs, category.label)
    return {ITEM: label(category.label), COST: money(category.amount, formula),
            SHARE: _share(category.share, row, total_ref)}


def sum_matching(criteria: str, criterion: str, values: str, expected: str) -> str:
    """A formula summing ``values`` where ``criteria`` equals the ``criterion`` cell.

    ``expected`` is the criterion's text: SUMIF reads wildcards and comparisons in it, so
    a text with them is matched exactly with SUMPRODUCT instead.
    """
    if _literal_criterion_unsafe(expected):
        return f"=SUMPRODUCT(--({criteria}={criterion}),{values})"
    return f"=SUMIF({criteria},{criterion},{values})"


def _literal_criterion_unsafe(value: str) -> bool:
    """SUMIF reads ``*?~`` as wildcards and a leading ``<>=`` as a comparison."""
    return any(mark in value for mark in _SUMIF_SPECIAL) or value.startswith(("<", ">", "="))


def _totals(view: PlanView, budget: BudgetView, rows: RowBuffer, layout: _Layout,
            total_ref: str | None) -> None:
    """Reserve, unallocated (total − lines − reserve) and the total, an input."""
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
    if layout.unallocated is not None:
        rows.add({ITEM: label(labels.get("unallocated", "")),
                  COST: money(budget.unallocated,
                              f"={total_cell}-{allocated_cell}-{reserve_cell}"),
                  SHARE: _share(_fraction(budget.unallocated, budget.total),
                                layout.unallocated, total_ref)})
    rows.add({ITEM: label(labels.get("total", "")), COST: money(budget.total),
              SHARE: percent(Decimal(1), f"={total_cell}/{total_ref}") if total_ref else None})


def _fraction(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    return part / whole if part is not None and whole else None


def _validations(budget: BudgetView, content: SheetContent, lists: dict[str, str]) -> None:
    """Drop-downs of the plan's own lists on the lines' editable columns."""
    last = len(budget.rows) + 1
    if last < 2:
        return
    for key, column in (("category", CATEGORY), ("channel", CHANNEL), ("phase", PHASE),
                        ("per", PER)):
        if key in lists:
            content.validations.append(Validation(column, 2, last, lists[key]))


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
    rows.add({ITEM: header(labels.get("stream", "")), BASIS: header(labels.get("basis", "")),
              COST: header(labels.get("amount", "")), ID: header(labels.get("id", ""))})
    first = rows.next
    for item in returns.rows:
        rows.add({ITEM: text(item.stream), BASIS: spill(item.basis), COST: money(item.amount),
                  ID: ident(item.id)})
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
